"""``zzsim data check`` and ``zzsim data summary`` as a user runs them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from zzsim.cli import main


def test_check_passes_on_shipped_data(capsys: pytest.CaptureFixture[str], seeds: Path) -> None:
    assert main(["data", "check", "--sources", str(seeds)]) == 0
    assert "quotes verified against" in capsys.readouterr().out


def test_check_fails_with_located_messages(
    data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_copy / "series/001.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][rows[0].index("measure")] = "vibes"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    assert main(["data", "check", "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "001.csv, row 2, key 'measure': unknown measure 'vibes'" in err
    assert "1 problem(s) found" in err


def test_summary_prints_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "summary"]) == 0
    out = capsys.readouterr().out
    for heading in ("## kinds", "## targets", "## tasks", "## indicators"):
        assert heading in out
    assert "fyp14" in out and "table2016" in out


EXAMPLE = Path(__file__).resolve().parents[2] / "examples/figures_2021_2022_hypothetical.csv"


def test_check_accepts_the_example_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "check", "--figures", str(EXAMPLE)]) == 0
    assert f"{EXAMPLE}: OK" in capsys.readouterr().out


def test_check_lists_every_problem_of_every_figures_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = "indicator,year,value,unit,measure,source\n"
    first = tmp_path / "a.csv"
    first.write_text(header + "gdp,2021,3400,万人,level,yb\ngdp,2022,-1,亿元,level,yb\n")
    second = tmp_path / "b.csv"
    second.write_text(header + "gdp,2021,3400,亿元,level,\n")
    argv = ["data", "check", "--figures", str(first), "--figures", str(second)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert f"{first}, row 2, key 'unit'" in err
    assert f"{first}, row 3, key 'value'" in err
    assert f"{second}, row 2, key 'source'" in err
    assert "3 problem(s) found" in err


def test_summary_counts_rows_by_origin(capsys: pytest.CaptureFixture[str]) -> None:
    import zzsim.data as zd

    assert main(["data", "summary", "--figures", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    origins = out.split("## origins")[1].split("##")[0]
    user = next(line for line in origins.splitlines() if line.startswith("user"))
    assert user.split()[1] == str(len(zd.load_figures(EXAMPLE)))


@pytest.mark.parametrize("command", ["check", "summary"])
def test_data_option_pointing_at_a_file_is_one_line(
    command: str, shipped_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["data", command, "--data", str(shipped_data / "units.yaml")]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "is a file" in err
