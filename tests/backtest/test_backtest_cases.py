"""The backtests the documents allow, end to end, and the ``zzsim backtest`` command."""

import csv
import io

import numpy as np
import pandas as pd
import pytest

from zzsim.backtest import CASES, backtest, scores
from zzsim.cli import main

DRAWS = 2000


@pytest.fixture(scope="module")
def fyp13():
    return backtest("fyp13", CASES["fyp13"], draws=DRAWS, rng=7)


def test_thirteenth_plan_case(fyp13):
    frame = fyp13.set_index("target_id")
    assert len(frame) == 7 and (frame["cutoff"] == 2015).all()
    gdp = frame.loc["fyp13-001"]
    assert gdp["method"].startswith("simulated")
    assert 0.0 <= gdp["p_attain"] <= 1.0 and gdp["lo"] <= gdp["median"] <= gdp["hi"]
    assert gdp["realised"] == 7.1 and not gdp["attained"]
    assert 0.0 <= gdp["pit"] <= 1.0
    # growth known at 2015 was 9.5%: the 2016-2020 forecast regresses towards the anchor
    assert gdp["median"] < 9.5
    # one figure each of investment, retail sales and fiscal revenue at 2015: simulated
    # with the growth family's pooled prior, and scored against the recorded outcomes
    for target_id in ("fyp13-002", "fyp13-003", "fyp13-004"):
        assert frame.at[target_id, "method"].startswith("simulated")
        assert 0.0 <= frame.at[target_id, "p_attain"] <= 1.0
        assert frame.at[target_id, "attained"] is not pd.NA
    assert frame["attained"].isna().sum() == 3


def test_same_seed_same_frame(fyp13):
    again = backtest("fyp13", 2015, draws=DRAWS, rng=7)
    pd.testing.assert_frame_equal(fyp13, again)
    other = backtest("fyp13", 2015, draws=DRAWS, rng=8)
    assert other.at[0, "p_attain"] != fyp13.at[0, "p_attain"]


def test_scores_of_the_case(fyp13):
    table = scores(fyp13).set_index("model")
    assert (table["n"] == 4).all()  # zzsim forecasts the four targets with an outcome
    p = fyp13.set_index("target_id")["p_attain"].iloc[:4]
    assert table.at["zzsim", "brier"] == pytest.approx(np.mean(p**2))  # none was attained
    assert table.at["planners", "brier"] == 1.0
    own = scores(fyp13, common=False).set_index("model")
    assert own.at["planners", "n"] == 4 and own.at["planners", "brier"] == 1.0
    assert own.at["persistence", "brier"] == pytest.approx(1.0)  # 2015's rates meet all four


def test_cli_csv_scores_has_the_exact_columns(capsys):
    code = main(["backtest", "--plan", "fyp13", "--cutoff", "2015", "--draws", "500",
                 "--format", "csv", "--scores"])  # fmt: skip
    assert code == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["model", "brier", "log_score", "coverage80", "n"]
    assert [r[0] for r in rows[1:]] == ["zzsim", "planners", "persistence", "rate_of_change"]


def test_cli_csv_and_markdown_rows(capsys):
    assert main(["backtest", "--plan", "fyp13", "--cutoff", "2015", "--draws", "500",
                 "--format", "csv"]) == 0  # fmt: skip
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert {"target_id", "p_attain", "attained", "realised"} <= set(frame.columns)
    assert frame["attained"].tolist() == ["false"] * 4 + ["unknown"] * 3
    assert main(["backtest", "--plan", "fyp13", "--cutoff", "2015", "--draws", "500"]) == 0
    out = capsys.readouterr().out
    assert "| fyp13-001 | baseline |" in out and "| unknown |" in out
    assert "| model | brier | log_score | coverage80 | n |" in out
    assert out.index("fyp13-001") < out.index("| model |")


def test_cli_rejects_an_unknown_plan(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["backtest", "--plan", "fyp99", "--cutoff", "2015"])
    assert exc.value.code == 2


def test_cutoff_inside_the_plan_window_is_refused():
    from zzsim.backtest import backtest
    from zzsim.errors import ModelError

    with pytest.raises(ModelError, match="cutoff 2016 is not before the window"):
        backtest("fyp13", 2016, draws=10, rng=1)
