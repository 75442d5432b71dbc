"""How targets are judged: the side of 左右, per-year targets, readings of every row."""

from __future__ import annotations

import numpy as np
import pytest

from zzsim.data import load_indicators, load_targets
from zzsim.errors import TargetError
from zzsim.targets import Target, around_side, evaluate, parse, plan_period

ROWS = load_targets()
TARGETS = {t.id: t for t in (Target.from_row(r) for _, r in ROWS.iterrows())}


def growth_paths(rates: list[float], start: int = 2015) -> tuple[np.ndarray, list[int]]:
    """One path per average growth rate (%), constant over 2016-2020, base 100 in 2015."""
    years = list(range(start, start + 6))
    steps = np.arange(6)
    return np.array([100 * (1 + g / 100) ** steps for g in rates]), years


def test_fyp13_gdp_9_percent_around_is_at_least_8_5_by_default() -> None:
    gdp = TARGETS["fyp13-001"]
    assert (gdp.better, gdp.operator) == ("higher", "around")
    paths, years = growth_paths([8.4, 8.5, 9.0, 9.68, 12.0])
    one_sided = evaluate(gdp, paths, years)
    np.testing.assert_array_equal(one_sided.attained, [False, True, True, True, True])
    band = evaluate(gdp, paths, years, around="band")
    np.testing.assert_array_equal(band.attained, [False, True, True, False, False])
    assert one_sided.reading == "2016-2020年年均增长 ≥ 8.5%（9%左右，单侧）"
    assert band.reading == "2016-2020年年均增长 8.5-9.5%（9%左右，区间）"
    assert gdp.reading == one_sided.reading


def test_bare_rates_are_one_sided_too() -> None:
    investment = TARGETS["fyp13-003"]  # 全社会固定资产投资年均增长16%
    paths, years = growth_paths([15.4, 15.5, 20.0])
    np.testing.assert_array_equal(evaluate(investment, paths, years).attained, [False, True, True])
    assert not evaluate(investment, paths, years, around="band").attained[2]


def test_lower_is_better_puts_the_good_side_below() -> None:
    cpi = TARGETS["annual2020-006"]  # 居民消费价格指数涨幅控制在3.5%左右
    assert cpi.better == "lower"
    levels = np.array([[0.0, 1.0], [0.0, 4.0], [0.0, 4.1]])
    out = evaluate(cpi, levels, [2019, 2020])
    np.testing.assert_array_equal(out.attained, [True, True, False])
    np.testing.assert_array_equal(
        evaluate(cpi, levels, [2019, 2020], around="band").attained, [False, True, False]
    )
    assert out.reading == "2020年 ≤ 4%（3.5%左右，单侧）"


def test_a_reduction_of_a_lower_is_better_level_is_met_by_a_larger_fall() -> None:
    energy = Target(
        "around",
        3.5,
        "%",
        "reduction",
        start_year=2016,
        end_year=2016,
        better="lower",
        text="万元GDP能耗下降3.5%左右",
    )
    assert around_side(energy) == "floor"
    levels = np.array([[1.0, 0.95], [1.0, 0.975], [1.0, 0.968]])  # falls of 5%, 2.5%, 3.2%
    out = evaluate(energy, levels, [2015, 2016])
    np.testing.assert_allclose(out.value, [5.0, 2.5, 3.2])
    np.testing.assert_array_equal(out.attained, [True, False, True])
    rising = Target(
        "around", 3.5, "%", "reduction", start_year=2016, end_year=2016, better="higher"
    )  # a fall of something better higher: smaller is better
    assert around_side(rising) == "ceiling"
    np.testing.assert_array_equal(
        evaluate(rising, levels, [2015, 2016]).attained, [False, True, True]
    )


def test_band_and_unknown_directions_stay_two_sided() -> None:
    hierarchy = TARGETS["fyp14-077"]  # 形成 ... 2 个二级城市
    assert hierarchy.better == "band" and around_side(hierarchy) == "band"
    levels = np.array([[2.0], [3.0], [1.0]])
    np.testing.assert_array_equal(
        evaluate(hierarchy, levels, [2025]).attained, [True, False, False]
    )
    share = Target(
        "around",
        50.0,
        "%",
        "level",
        start_year=2025,
        end_year=2025,
        indicator="share_tertiary",
        better=load_indicators().at["share_tertiary", "better"],
    )
    assert around_side(share) == "band"
    unknown = Target("around", 9.0, "%", "avg_growth", start_year=2016, end_year=2020)
    assert unknown.better is None and around_side(unknown) == "band"
    with pytest.raises(TargetError, match="around must be one of"):
        evaluate(unknown, *growth_paths([9.0]), around="two-sided")


def test_explicit_tolerance_moves_the_one_sided_bound() -> None:
    gdp = TARGETS["fyp13-001"]
    paths, years = growth_paths([8.1, 7.9])
    wide = evaluate(gdp, paths, years, tolerance=1.0)
    np.testing.assert_array_equal(wide.attained, [True, False])
    assert wide.halfwidth == 1.0
    assert "≥ 8%" in wide.reading


def test_range_is_always_two_sided() -> None:
    ranged = TARGETS["fyp14-029"]  # 建成 1-2 项
    levels = np.zeros((3, 5))
    levels[:, 0] = [1, 2, 3]
    out = evaluate(ranged, levels, range(2021, 2026))
    np.testing.assert_array_equal(out.attained, [True, True, False])
    assert ranged.reading == "2021-2025年累计 1-2项（区间）"


def test_per_year_targets_hold_in_every_year_of_the_plan() -> None:
    grain = TARGETS["fyp14-039"]  # 确保每年粮食播种面积 330 万亩
    assert grain.per_year and grain.window == (2021, 2025) and grain.commitment == "确保"
    assert grain.reading == "2021-2025年每年 ≥ 330万亩"
    years = list(range(2021, 2026))
    paths = np.array(
        [
            [335.0, 336.0, 331.0, 340.0, 345.0],  # every year at least 330
            [340.0, 340.0, 329.0, 340.0, 345.0],  # one dip in 2023: missed although 2025 is met
            [330.0, 330.0, 330.0, 330.0, 330.0],  # on the bound
        ]
    )
    out = evaluate(grain, paths, years)
    np.testing.assert_array_equal(out.attained, [True, False, True])
    np.testing.assert_allclose(out.value, [331.0, 329.0, 330.0])  # the worst year
    with pytest.raises(TargetError, match="needs the level in 2023"):
        evaluate(grain, paths[:, [0, 1, 3, 4]], [2021, 2022, 2024, 2025])
    blue_sky = TARGETS["fyp14-003"]  # 持续保持“蓝天三百天”
    assert blue_sky.per_year and blue_sky.window == (2021, 2025)


def test_per_year_growth_ceilings_and_bands_pick_the_worst_year() -> None:
    every = Target(">=", 8.0, "%", "yoy_growth", start_year=2021, end_year=2023, per_year=True)
    assert every.base_year == 2020
    levels = np.array([[100.0, 110.0, 121.0, 133.1], [100.0, 110.0, 115.0, 130.0]])
    out = evaluate(every, levels, [2020, 2021, 2022, 2023])
    np.testing.assert_allclose(out.value, [10.0, 100 * (115 / 110 - 1)])
    np.testing.assert_array_equal(out.attained, [True, False])
    ceiling = Target("<=", 5.5, "%", "level", start_year=2021, end_year=2023, per_year=True)
    rates = np.array([[5.0, 5.6, 5.0], [5.0, 5.2, 5.5]])
    capped = evaluate(ceiling, rates, [2021, 2022, 2023])
    np.testing.assert_allclose(capped.value, [5.6, 5.5])
    np.testing.assert_array_equal(capped.attained, [False, True])
    band = Target("around", 10.0, "%", "level", start_year=2021, end_year=2023, per_year=True)
    spread = np.array([[10.2, 9.4, 10.1], [10.4, np.nan, 10.0]])
    judged = evaluate(band, spread, [2021, 2022, 2023])
    np.testing.assert_allclose(judged.value, [9.4, np.nan])
    np.testing.assert_array_equal(judged.attained, [False, False])


def test_per_year_only_for_statements_about_single_years() -> None:
    with pytest.raises(TargetError, match="per_year is for bases"):
        Target(">=", 9.0, "%", "avg_growth", start_year=2021, end_year=2025, per_year=True)
    assert parse("保持年均增长8%以上").per_year is False  # an average over the window


def test_every_target_has_a_reading_with_its_window() -> None:
    for target in TARGETS.values():
        start, end = target.window
        assert target.reading, target.id
        assert str(end) in target.reading, (target.id, target.reading)
        if target.basis in ("cumulative", "avg_growth") and start < end:
            assert f"{start}-{end}年" in target.reading, (target.id, target.reading)
        assert target.describe(around="band"), target.id


def test_direction_comes_from_the_registry_then_the_wording() -> None:
    indicators = load_indicators()
    for target in TARGETS.values():
        if target.indicator:
            assert target.better == indicators.at[target.indicator, "better"], target.id
    assert TARGETS["fyp14-093"].better == "higher"  # 达到 90 项左右, no indicator
    assert TARGETS["fyp14-104"].better == "band"  # 按照 ... 的旅游环线规划布局
    assert TARGETS["plan2008-001"].better == "higher"  # a floor without an indicator


def test_per_year_rows_are_the_ones_the_wording_names() -> None:
    per_year = sorted(t.id for t in TARGETS.values() if t.per_year)
    assert per_year == ["annual2020-040", "fyp14-003", "fyp14-039", "fyp14-040"]
    assert TARGETS["annual2020-040"].window == (2020, 2020)  # 稳定在: its one year


def test_commitments_from_text_and_quote() -> None:
    assert TARGETS["fyp14-001"].commitment == "力争"  # 力争 only in the quote
    assert TARGETS["annual2016-017"].commitment == "确保"  # 确保 governs the whole quote
    assert TARGETS["annual2020-043"].commitment == "力争"  # 争取 is read as 力争
    assert TARGETS["fyp14-082"].commitment is None
    assert {t.binding for t in TARGETS.values()} == {None}  # no document classifies a target


def test_from_row_honours_stated_columns_and_rows_without_text() -> None:
    bare = Target.from_row(
        {
            "operator": "around",
            "value": 9,
            "unit": "%",
            "basis": "avg_growth",
            "start_year": 2016,
            "end_year": 2020,
            "indicator": "cpi_growth",
        }
    )
    assert bare.better == "lower" and not bare.per_year and bare.commitment is None
    assert bare.reading == "2016-2020年年均增长 ≤ 9.5%（9%，单侧）"
    stated = Target.from_row(
        {
            "operator": ">=",
            "value": 5,
            "unit": "%",
            "basis": "level",
            "start_year": 2025,
            "end_year": 2025,
            "plan": "fyp14",
            "better": "band",
            "per_year": "true",
            "commitment": "确保",
        }
    )
    assert (stated.better, stated.per_year, stated.commitment) == ("band", True, "确保")
    assert stated.window == (2021, 2025)  # widened to the plan
    with pytest.raises(TargetError, match="per_year must be true or false"):
        Target.from_row(
            {"operator": ">=", "value": 5, "unit": "%", "basis": "level", "per_year": "sometimes"}
        )
    unreadable = Target.from_row(
        {
            "operator": ">=",
            "value": 5,
            "unit": "%",
            "basis": "level",
            "text": "no number here",
            "start_year": 2025,
            "end_year": 2025,
        }
    )
    assert unreadable.better == "higher"  # from the operator


def test_plan_periods() -> None:
    assert plan_period("fyp13") == (2016, 2020)
    assert plan_period("fyp15") == (2026, 2030)
    assert plan_period("annual2016") == (2016, 2016)
    assert plan_period("draft2026-2027") == (2026, 2027)
    assert plan_period("plan2008") is None and plan_period(None) is None
