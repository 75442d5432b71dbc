"""Scores against hand-computed values."""

import math

import numpy as np
import pandas as pd
import pytest

from zzsim.backtest import brier_score, interval_coverage, log_score, reliability, scores


def test_brier_by_hand():
    # (0.7-1)^2 + (0.2-0)^2 + (1-0)^2 + (0-0)^2 = 0.09 + 0.04 + 1 + 0 = 1.13 -> / 4
    assert brier_score([0.7, 0.2, 1.0, 0.0], [True, False, False, False]) == pytest.approx(0.2825)
    assert brier_score([0.5] * 3, [1, 0, 1]) == pytest.approx(0.25)
    assert math.isnan(brier_score([], []))


def test_log_score_by_hand_with_clipping():
    # -[ln 0.7 + ln 0.8 + ln 0.01 + ln 0.99] / 4: the certain miss is clipped to 0.01
    expected = -(math.log(0.7) + math.log(0.8) + math.log(0.01) + math.log(0.99)) / 4
    assert log_score([0.7, 0.2, 1.0, 0.0], [True, False, False, False]) == pytest.approx(expected)
    assert log_score([0.5, 0.5], [True, False]) == pytest.approx(math.log(2))
    assert log_score([1.0], [False], eps=0.1) == pytest.approx(-math.log(0.1))
    with pytest.raises(ValueError, match="eps"):
        log_score([0.5], [True], eps=0.0)


def test_inputs_are_checked():
    with pytest.raises(ValueError, match="probabilities"):
        brier_score([1.2], [True])
    with pytest.raises(ValueError, match="outcomes"):
        brier_score([0.2], [np.nan])
    with pytest.raises(ValueError, match="2 probabilities but 1"):
        log_score([0.2, 0.3], [True])


def test_coverage_by_hand():
    assert interval_coverage([0, 0, 5, 1], [1, 2, 6, 2], [1, 3, 5.5, 0.5]) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="same length"):
        interval_coverage([0], [1, 2], [0])


def _frame():
    """Four targets: three recorded, one where persistence has no forecast, one unknown."""
    return pd.DataFrame(
        {
            "plan": "p",
            "target_id": ["a", "b", "c", "d"],
            "scenario": "baseline",
            "p_attain": [0.8, 0.1, 0.4, 0.5],
            "lo": [1.0, 5.0, 0.0, 0.0],
            "hi": [3.0, 9.0, 1.0, 1.0],
            "realised": [2.0, 4.0, 0.5, np.nan],
            "attained": pd.array([True, False, False, pd.NA], dtype="boolean"),
            "p_planners": 1.0,
            "p_persistence": [1.0, 0.0, np.nan, 1.0],
            "p_rate_of_change": [1.0, 1.0, 0.0, 1.0],
            "rate_of_change_lo": [1.5, 4.0, 0.7, 0.0],  # b: a point forecast, exactly right
            "rate_of_change_hi": [2.5, 4.0, 0.9, 0.0],
        }
    )


def test_score_table_on_common_targets_by_hand():
    table = scores(_frame()).set_index("model")
    assert list(table.columns) == ["brier", "log_score", "coverage80", "n"]
    assert table["n"].tolist() == [2, 2, 2, 2]  # a and b: c has no persistence, d no outcome
    assert table.at["zzsim", "brier"] == pytest.approx((0.2**2 + 0.1**2) / 2)
    assert table.at["zzsim", "log_score"] == pytest.approx(-(math.log(0.8) + math.log(0.9)) / 2)
    assert table.at["zzsim", "coverage80"] == pytest.approx(0.5)  # a inside, b below
    assert table.at["planners", "brier"] == pytest.approx(0.5)
    assert table.at["planners", "log_score"] == pytest.approx(
        -(math.log(0.99) + math.log(0.01)) / 2
    )
    assert table.at["persistence", "brier"] == 0.0
    assert table.at["rate_of_change", "brier"] == pytest.approx(0.5)
    assert table["coverage80"].iloc[1:3].isna().all()  # planners and persistence: no interval
    assert table.at["rate_of_change", "coverage80"] == 1.0


def test_score_table_on_own_targets():
    table = scores(_frame(), common=False).set_index("model")
    assert table["n"].to_dict() == {
        "zzsim": 3,
        "planners": 3,
        "persistence": 2,
        "rate_of_change": 3,
    }
    assert table.at["zzsim", "brier"] == pytest.approx((0.04 + 0.01 + 0.16) / 3)
    assert table.at["zzsim", "coverage80"] == pytest.approx(2 / 3)
    assert table.at["planners", "brier"] == pytest.approx(2 / 3)
    assert table.at["rate_of_change", "coverage80"] == pytest.approx(2 / 3)


def test_scenarios_get_their_own_rows_and_empty_scores_are_nan():
    one = _frame()
    two = pd.concat([one, one.assign(scenario="downside", p_attain=0.5)], ignore_index=True)
    table = scores(two).set_index("model")
    assert list(table.index) == [
        "zzsim:baseline",
        "zzsim:downside",
        "planners",
        "persistence",
        "rate_of_change",
    ]
    assert table.at["zzsim:downside", "brier"] == pytest.approx(0.25)
    empty = scores(one.assign(attained=pd.array([pd.NA] * 4, dtype="boolean")))
    assert (empty["n"] == 0).all() and empty["brier"].isna().all()


def test_reliability_bins():
    table = reliability(_frame(), bins=2)
    zz = table[table["model"] == "zzsim"].reset_index(drop=True)
    # [0, 0.5): b (0.1, missed), c (0.4, missed); [0.5, 1]: a (0.8, attained)
    assert zz["n"].tolist() == [2, 1]
    assert zz["bin"].tolist() == ["[0, 0.5)", "[0.5, 1]"]
    assert zz["p_mean"].tolist() == pytest.approx([0.25, 0.8])
    assert zz["observed"].tolist() == [0.0, 1.0]
    planners = table[table["model"] == "planners"]
    assert planners["n"].tolist() == [3] and planners["observed"].iloc[0] == pytest.approx(1 / 3)
