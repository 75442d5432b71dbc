"""Bad command-line values are refused at parse time, before any simulation runs."""

from __future__ import annotations

import pytest

from zzsim.cli import main


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["attain", "baseline", "--plan", "fyp14", "--draws", "0"], "expected at least 1"),
        (["attain", "baseline", "--plan", "fyp14", "--draws", "many"], "expected a whole number"),
        (
            ["attain", "baseline", "--plan", "fyp14", "--out", "table.pdf"],
            "one of .csv, .md, .tex, .xlsx",
        ),
        (
            ["backtest", "--plan", "fyp13", "--cutoff", "2015", "--draws", "-3"],
            "expected at least 1",
        ),
        (["forecast", "gdp", "--years", "2025", "--draws", "0"], "expected at least 1"),
        (["tasks", "compare", "--table", "2016", "--replications", "-1"], "expected at least 1"),
    ],
)
def test_bad_values_are_usage_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert message in capsys.readouterr().err


def test_backtest_cutoff_after_the_window_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backtest", "--plan", "fyp13", "--cutoff", "2030", "--draws", "10"]) == 1
    assert "is not before the window" in capsys.readouterr().err
