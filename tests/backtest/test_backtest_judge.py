"""The scalar judge reproduces zzsim.targets.evaluate on realised outcomes."""

import math

import numpy as np
import pytest

from zzsim.backtest import attains, outcome_path
from zzsim.errors import TargetError
from zzsim.targets import Target, evaluate


def _t(op, value, basis, start=2016, end=2020, unit="%", **kw):
    return Target(op, value, unit, basis, start_year=start, end_year=end, **kw)


@pytest.mark.parametrize(
    ("target", "value", "expected"),
    [
        (_t("around", 9.0, "avg_growth"), 7.1, False),  # 13th FYP GDP: 7.1 vs 9 +- 0.5
        (_t("around", 9.0, "avg_growth"), 8.5, True),  # on the edge of the half-width
        (_t("around", 9.0, "avg_growth"), 9.51, False),
        (_t(">=", 9.0, "avg_growth"), 1.35, False),
        (_t(">=", 9.0, "avg_growth"), 9.0, True),
        (_t(">", 700.0, "level", 2020, 2020, unit="家"), 700.0, False),  # 突破 is strict
        (_t(">", 700.0, "level", 2020, 2020, unit="家"), 701.0, True),
        (_t(">=", 80.0, "level", 2020, 2020), 86.6, True),
        (_t("<=", 5.5, "level", 2020, 2020), 5.6, False),
        (_t("range", 8.0, "yoy_growth", 2020, 2020, value_hi=9.0), 8.4, True),
        (_t("range", 8.0, "yoy_growth", 2020, 2020, value_hi=9.0), 9.2, False),
        (_t(">=", 3.5, "reduction", 2016, 2016), 3.6, True),
        (_t(">=", 3.5, "reduction", 2016, 2016), 3.4, False),
        (_t(">=", 2.0, "multiple", 2011, 2020, unit="倍"), 2.1, True),
        (_t(">=", 2.0, "change_pp", 2016, 2020, unit="个百分点"), 1.9, False),
        (_t(">=", 25.0, "cumulative", 2016, 2020, unit="万人"), 28.58, True),
        (_t("<", 25.0, "cumulative", 2016, 2020, unit="万人"), 28.58, False),
    ],
)
def test_attains_matches_hand_judgement(target, value, expected):
    assert attains(target, value) is expected


@pytest.mark.parametrize(
    ("basis", "start", "end", "value"),
    [
        ("level", 2020, 2020, 3105.8),
        ("yoy_growth", 2020, 2020, -2.5),
        ("avg_growth", 2016, 2020, 7.1),
        ("cumulative", 2016, 2020, 28.58),
        ("change_pp", 2016, 2020, -1.5),
        ("reduction", 2016, 2020, 16.0),
        ("multiple", 2011, 2020, 2.3),
    ],
)
def test_outcome_path_has_the_outcome(basis, start, end, value):
    target = _t(">=", 0.0, basis, start, end)
    levels, years = outcome_path(target, value)
    assert evaluate(target, levels, years).value[0] == pytest.approx(value, rel=1e-12, abs=1e-12)


def test_non_finite_value_is_refused():
    with pytest.raises(TargetError, match=r"fyp13-001.*not a finite number"):
        attains(_t(">=", 9.0, "avg_growth", id="fyp13-001"), math.nan)
    with pytest.raises(TargetError):
        attains(_t(">=", 9.0, "avg_growth"), np.inf)


def test_a_per_year_target_is_judged_on_the_year_recorded() -> None:
    """每年 ≥ 145万吨 over 2021-2025: a document records one year, the last."""
    t = Target(">=", 145.0, "万吨", "level", start_year=2021, end_year=2025, per_year=True)
    levels, years = outcome_path(t, 150.0)
    assert years == [2025] and levels.tolist() == [[150.0]]
    assert attains(t, 150.0) and not attains(t, 140.0)
    growth = Target(">=", 5.0, "%", "yoy_growth", start_year=2021, end_year=2025, per_year=True)
    assert outcome_path(growth, 6.0)[1] == [2024, 2025]
    assert attains(growth, 6.0) and not attains(growth, 4.0)


def test_backtest_of_a_plan_with_per_year_targets_runs() -> None:
    from zzsim.backtest import backtest

    frame = backtest("fyp14", 2020, draws=500, rng=1)
    assert "fyp14-040" in set(frame["target_id"])  # 确保每年粮食…总产 145 万吨以上
