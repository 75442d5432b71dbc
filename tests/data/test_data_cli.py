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
