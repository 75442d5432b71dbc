"""The data and scenario files are found from an installed wheel, not only from a checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_ships_the_figure_base(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(wheels.glob("zzsim-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # install the wheel alone; borrow the dependencies (pandas, yaml, ...) of this environment
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    (site / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    script = (
        "import zzsim, zzsim.data as d;"
        "print(zzsim.__file__); print(zzsim.data_dir()); print(zzsim.scenarios_dir());"
        "print(len(d.load_series()), len(d.load_targets()), len(d.load_tasks()));"
        "print(len(d.load_figures(zzsim.examples_dir() / 'figures_2021_2022_hypothetical.csv')))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZZSIM_")}
    out = subprocess.run(
        [str(python), "-c", script],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    ).stdout.split("\n")
    package, data, scenarios, counts, example = out[:5]
    assert package.startswith(str(site))
    assert data == str(site / "zzsim" / "_resources" / "data")
    assert (
        Path(scenarios).is_dir() and Path(scenarios) == site / "zzsim" / "_resources" / "scenarios"
    )
    import zzsim.data as d

    assert counts == f"{len(d.load_series())} {len(d.load_targets())} {len(d.load_tasks())}"
    assert int(example) > 0  # the examples ship with the wheel
