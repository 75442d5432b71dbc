"""The command line turns every failure into one line on stderr and an exit status.

0 success (and a reader that leaves early), 1 an error in data, scenario, model or output,
2 usage, 130 interrupted; a traceback only with --debug.
"""

from __future__ import annotations

import io
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from zzsim.cli import _build_parser, main
from zzsim.errors import ScenarioError
from zzsim.resources import data_dir

FAST_ATTAIN = ["attain", "baseline", "--plan", "fyp13", "--draws", "10"]


def _one_error_line(err: str, *fragments: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("zzsim: error: "), err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


def _zzsim(
    *args: str, **kwargs: object
) -> subprocess.CompletedProcess[str]:  # the command as a user runs it
    env = {**os.environ, "MPLBACKEND": "Agg"}
    return subprocess.run(
        [sys.executable, "-m", "zzsim.cli", *args],
        capture_output=kwargs.pop("capture_output", True),  # type: ignore[arg-type]
        text=True,
        env=env,
        timeout=300,
        **kwargs,  # type: ignore[arg-type]
    )


# --- --out -------------------------------------------------------------------------------


def test_out_paths_that_cannot_take_a_file_exit_1_before_any_work(
    unusable_output: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, message = unusable_output
    assert main([*FAST_ATTAIN, "--out", str(out)]) == 1
    captured = capsys.readouterr()
    _one_error_line(captured.err, str(out), message)
    assert captured.out == ""  # refused before the table was computed
    assert not (tmp_path / "missing").exists()  # no folder made silently


def test_out_into_the_figure_base_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = data_dir() / "table.csv"
    assert main([*FAST_ATTAIN, "--out", str(out)]) == 1
    _one_error_line(capsys.readouterr().err, "figure base")
    assert not out.exists()


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc")
def test_out_into_proc_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*FAST_ATTAIN, "--out", "/proc/zzsim.csv"]) == 1
    _one_error_line(capsys.readouterr().err, "/proc")


@pytest.fixture
def locked_folder() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="zzsim-ro-"))
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)
    folder.rmdir()


def test_out_into_a_read_only_folder_exits_1(locked_folder: Path, in_child) -> None:
    """Run unprivileged (as nobody when root, who may write anywhere), in a forked child."""
    out = locked_folder / "table.csv"
    _build_parser()  # import every command here: the child may not read the interpreter's files

    def run() -> str:
        sys.stderr = io.StringIO()
        status = main([*FAST_ATTAIN, "--out", str(out)])
        return f"{status}\n{sys.stderr.getvalue()}"

    kind, report = in_child(run)
    assert kind == "returned", report
    status, _, err = report.partition("\n")
    assert status == "1"
    _one_error_line(err, str(out), "Permission denied")


def test_out_on_a_full_disk_exits_1_and_keeps_the_old_file(tmp_path: Path) -> None:
    """The kernel refuses the write (RLIMIT_FSIZE: EFBIG), as a full disk would (ENOSPC)."""
    out = tmp_path / "table.md"
    out.write_text("previous table", encoding="utf-8")
    hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
    result = _zzsim(
        *FAST_ATTAIN,
        "--out",
        str(out),
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (200, hard)),
    )
    assert result.returncode == 1, result.stderr
    _one_error_line(result.stderr, str(out), "cannot write", "existing file is unchanged")
    assert out.read_text(encoding="utf-8") == "previous table"
    assert list(tmp_path.iterdir()) == [out]


# --- standard output ---------------------------------------------------------------------


def test_stdout_on_a_full_device_exits_1_in_one_line() -> None:
    with open("/dev/full", "w") as full:
        result = _zzsim("indicators", stdout=full, stderr=subprocess.PIPE, capture_output=False)
    assert result.returncode == 1
    line = _one_error_line(result.stderr)
    assert line == "zzsim: error: cannot write to standard output: No space left on device"


def test_a_reader_that_leaves_early_is_not_an_error() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "zzsim.cli", "indicators", "--format", "csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `| head` that has read what it wanted
    err = process.stderr.read()
    assert process.wait(timeout=120) == 0
    assert err == ""


# --- interruption, memory, bugs ----------------------------------------------------------


def test_ctrl_c_exits_130_with_one_line() -> None:
    script = (
        "import sys, zzsim.cli\n"
        "print('ready', file=sys.stderr, flush=True)\n"
        "sys.exit(zzsim.cli.main(['attain', 'baseline', 'downside', '--plan', 'fyp14',"
        " '--draws', '1000000']))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert process.stderr is not None
    assert process.stderr.readline() == "ready\n"
    time.sleep(1.0)  # well inside main: building the parser, fitting or simulating
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert err == "zzsim: interrupted\n"
    assert out == ""


@pytest.mark.parametrize(
    ("exc", "status", "expected"),
    [
        (KeyboardInterrupt(), 130, "zzsim: interrupted"),
        (MemoryError(), 1, "zzsim: error: out of memory"),
        (
            ScenarioError("unknown key", file="s.yaml", key="levers.x"),
            1,
            "zzsim: error: s.yaml, key 'levers.x': unknown key",
        ),
        (
            FileNotFoundError(2, "No such file or directory", "/nowhere/x.csv"),
            1,
            "zzsim: error: /nowhere/x.csv: No such file or directory",
        ),
        (
            RuntimeError("boom\nsecond line"),
            1,
            "zzsim: internal error: RuntimeError: boom; second line (a bug in zzsim; rerun "
            "with --debug",
        ),
    ],
)
def test_exceptions_become_one_line_and_a_status(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    exc: BaseException,
    status: int,
    expected: str,
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise exc

    monkeypatch.setattr("zzsim.models.registry.list_models", fail)
    assert main(["indicators"]) == status
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith(expected)
    assert "Traceback" not in err


@pytest.mark.parametrize("position", ["before", "after"])
def test_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], position: str
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("zzsim.models.registry.list_models", fail)
    argv = ["--debug", "indicators"] if position == "before" else ["indicators", "--debug"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert 'raise RuntimeError("boom")' in err
    assert err.strip().splitlines()[-1].startswith("zzsim: internal error: RuntimeError: boom")


def test_usage_errors_still_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["attain", "baseline", "--plan", "fyp99"])
    assert info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


# --- input -------------------------------------------------------------------------------


@pytest.fixture
def loop(tmp_path: Path) -> Path:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    return tmp_path / "a.yaml"


@pytest.mark.parametrize(
    ("which", "message"),
    [
        ("folder", "is a folder"),
        ("loop", "symbolic links"),
        ("/dev/zero", "not a regular file"),
    ],
)
def test_scenario_paths_that_are_not_files_exit_1(
    tmp_path: Path, loop: Path, capsys: pytest.CaptureFixture[str], which: str, message: str
) -> None:
    path = {"folder": str(tmp_path), "loop": str(loop)}.get(which, which)
    assert main(["attain", path, "--plan", "fyp13", "--draws", "10"]) == 1
    _one_error_line(capsys.readouterr().err, path, message)


def test_the_same_scenario_twice_exits_1_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["attain", "baseline", "baseline", "--plan", "fyp13", "--draws", "10"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "given twice" in err


def test_data_pointing_at_a_file_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    afile = tmp_path / "figures.csv"
    afile.write_text("id\n", encoding="utf-8")
    assert main(["data", "summary", "--data", str(afile)]) == 1
    _one_error_line(capsys.readouterr().err, str(afile))


def test_backtest_cutoff_before_any_figure_is_an_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["backtest", "--plan", "fyp13", "--cutoff", "1990", "--draws", "10"]) == 1
    captured = capsys.readouterr()
    _one_error_line(captured.err, "at cutoff 1990", "no figure is known yet", "fyp13 at 2015")
    assert captured.out == ""


def test_backtest_that_forecasts_nothing_says_why(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Figures known at the cutoff, but too few for any model: the first reason is given."""
    from types import SimpleNamespace

    unmodelled = SimpleNamespace(
        simulated=False, target=SimpleNamespace(id="fyp13-001"), reason="too little data"
    )
    monkeypatch.setattr(
        "zzsim.attainment.run_attainment", lambda *a, **k: SimpleNamespace(planned=[unmodelled])
    )
    assert main(["backtest", "--plan", "fyp13", "--cutoff", "2015", "--draws", "10"]) == 1
    _one_error_line(
        capsys.readouterr().err, "none of the 1 targets of fyp13", "e.g. fyp13-001: too little data"
    )


def test_backtest_with_nothing_to_score_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["backtest", "--plan", "annual2016", "--cutoff", "2015", "--draws", "10", "--scores"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "| zzsim |  |  |  | 0 |" in out  # what the scores are (none recorded: 0 of 18)
    assert "Nothing is scored (n = 0)" in out
