"""Evaluation of targets on simulated paths, against hand-computed closed forms."""

from __future__ import annotations

import numpy as np
import pytest

from zzsim.data import load_targets
from zzsim.errors import TargetError
from zzsim.targets import (
    DEFAULT_AROUND_TOLERANCE,
    DEFAULT_RELATIVE_TOLERANCE,
    Target,
    around_halfwidth,
    evaluate,
)

YEARS = [2015, 2016, 2017, 2018, 2019, 2020]
# three paths: 10% a year; flat; +20% then flat
PATHS = np.array(
    [
        [100.0, 110.0, 121.0, 133.1, 146.41, 161.051],
        [100.0, 100.0, 100.0, 100.0, 100.0, 100.0],
        [100.0, 120.0, 120.0, 120.0, 120.0, 120.0],
    ]
)


def target(
    op: str, value: float, basis: str, start: int = 2016, end: int = 2020, **kw: object
) -> Target:
    unit = str(kw.pop("unit", "%"))
    return Target(op, value, unit, basis, start_year=start, end_year=end, **kw)  # type: ignore[arg-type]


def test_level_is_the_level_in_end_year() -> None:
    out = evaluate(target(">=", 120.0, "level", 2020, 2020, unit="亿元"), PATHS, YEARS)
    np.testing.assert_allclose(out.value, [161.051, 100.0, 120.0])
    np.testing.assert_array_equal(out.attained, [True, False, True])  # 120 is on the bound
    assert out.probability == pytest.approx(2 / 3)


def test_yoy_growth_compares_with_the_year_before() -> None:
    out = evaluate(target(">", 9.0, "yoy_growth", 2016, 2016), PATHS, YEARS)
    np.testing.assert_allclose(out.value, [10.0, 0.0, 20.0])
    np.testing.assert_array_equal(out.attained, [True, False, True])


def test_avg_growth_is_the_compound_average_over_the_window() -> None:
    out = evaluate(target("around", 9.0, "avg_growth"), PATHS, YEARS)
    expected = [10.0, 0.0, 100 * (1.2 ** (1 / 5) - 1)]  # 3.714%
    np.testing.assert_allclose(out.value, expected)
    assert out.halfwidth == 0.5
    np.testing.assert_array_equal(out.attained, [False, False, False])  # 10 is 1 point off
    wide = evaluate(target("around", 9.0, "avg_growth"), PATHS, YEARS, tolerance=1.0)
    np.testing.assert_array_equal(wide.attained, [True, False, False])  # |10 - 9| = 1 on the bound


def test_cumulative_sums_the_window_on_each_path() -> None:
    out = evaluate(target(">=", 600.0, "cumulative", unit="万人"), PATHS, YEARS)
    np.testing.assert_allclose(out.value, [110 + 121 + 133.1 + 146.41 + 161.051, 500.0, 600.0])
    np.testing.assert_array_equal(out.attained, [True, False, True])


def test_change_pp_reduction_and_multiple_use_the_base_year() -> None:
    pp = evaluate(target("<=", -5.0, "change_pp", unit="个百分点"), PATHS, YEARS)
    np.testing.assert_allclose(pp.value, [61.051, 0.0, 20.0])
    assert not pp.attained.any()
    falling = 100.0 - (PATHS - 100.0) / 10  # 100, 99, 97.9, ...
    cut = evaluate(target(">=", 3.5, "reduction"), falling, YEARS)
    np.testing.assert_allclose(cut.value, 100 * (1 - falling[:, -1] / 100))
    np.testing.assert_allclose(cut.value, [6.1051, 0.0, 2.0])
    np.testing.assert_array_equal(cut.attained, [True, False, False])
    double = evaluate(target(">=", 2.0, "multiple", unit="倍"), PATHS, YEARS)
    np.testing.assert_allclose(double.value, [1.61051, 1.0, 1.2])
    assert not double.attained.any()


def test_operators_and_bounds() -> None:
    values = np.array([[0.0, 9.0], [0.0, 9.5], [0.0, 10.0], [0.0, 8.0]])
    years = [2019, 2020]
    cases = {  # end-year values 9, 9.5, 10, 8 against 9.5
        ">=": [False, True, True, False],
        ">": [False, False, True, False],
        "<=": [True, True, False, True],
        "<": [True, False, False, True],
    }
    for op, expected in cases.items():
        out = evaluate(target(op, 9.5, "level", 2020, 2020, unit="万元"), values, years)
        np.testing.assert_array_equal(out.attained, expected, err_msg=op)
    ranged = Target("range", 9.0, "万元", "level", value_hi=9.5, start_year=2020, end_year=2020)
    in_range = evaluate(ranged, values, years).attained
    np.testing.assert_array_equal(in_range, [True, True, False, False])


def test_on_bound_is_met_despite_rounding() -> None:
    path = 100 * 1.09 ** np.arange(6)  # exactly 9% a year, up to floating point
    out = evaluate(target(">=", 9.0, "avg_growth"), path[None, :], YEARS)
    assert out.attained[0]
    assert not evaluate(target(">", 9.0, "avg_growth"), path[None, :], YEARS).attained[0]


def test_around_tolerance_precedence() -> None:
    values = np.array([[0.0, 95.0], [0.0, 94.0]])
    years = [2024, 2025]
    default = evaluate(target("around", 90.0, "level", 2025, 2025, unit="项"), values, years)
    assert default.halfwidth == pytest.approx(4.5)  # 5% of 90
    np.testing.assert_array_equal(default.attained, [False, True])
    row = target("around", 90.0, "level", 2025, 2025, unit="项", tolerance=5.0)
    assert evaluate(row, values, years).attained.all()
    assert not evaluate(row, values, years, tolerance=1.0).attained.any()


def test_default_tolerances() -> None:
    assert DEFAULT_AROUND_TOLERANCE["percent"] == 0.5
    assert DEFAULT_AROUND_TOLERANCE["percentage_point"] == 0.5
    assert DEFAULT_RELATIVE_TOLERANCE == 0.05
    assert around_halfwidth(3.5, "%") == 0.5
    assert around_halfwidth(2.0, "个百分点") == 0.5
    assert around_halfwidth(12.0, "万元") == pytest.approx(0.6)
    assert around_halfwidth(12.0, "万元", relative=0.1) == pytest.approx(1.2)
    assert around_halfwidth(9.0, "%", absolute={"percent": 1.0}) == 1.0
    assert around_halfwidth(1.0, "个") == pytest.approx(0.05)  # a small count: exactly 1


def test_base_argument_replaces_a_missing_base_year() -> None:
    later = PATHS[:, 1:]
    t = target(">=", 9.0, "avg_growth")
    with pytest.raises(TargetError, match=r"needs the level in 2015 .*pass base="):
        evaluate(t, later, YEARS[1:])
    scalar = evaluate(t, later, YEARS[1:], base=100.0)
    np.testing.assert_allclose(scalar.value, evaluate(t, PATHS, YEARS).value)
    per_path = evaluate(t, later, YEARS[1:], base=[100.0, 50.0, 120.0])
    np.testing.assert_allclose(per_path.value, [10.0, 100 * (2**0.2 - 1), 0.0])
    with pytest.raises(TargetError, match="base of shape"):
        evaluate(t, later, YEARS[1:], base=[1.0, 2.0])


def test_missing_years_and_shapes_are_located_errors() -> None:
    with pytest.raises(TargetError, match="needs the level in 2020"):
        evaluate(target(">=", 1.0, "level", 2020, 2020), PATHS[:, :-1], YEARS[:-1])
    with pytest.raises(TargetError, match=r"needs the level in 2017 \(in the window\)"):
        evaluate(
            target(">=", 1.0, "cumulative", unit="万人"),
            PATHS[:, [0, 1, 3, 4, 5]],
            [2015, 2016, 2018, 2019, 2020],
        )
    with pytest.raises(TargetError, match="do not match 5 years"):
        evaluate(target(">=", 1.0, "level", 2020, 2020), PATHS, YEARS[:-1])
    with pytest.raises(TargetError, match="repeated years"):
        repeated = [2015, 2016, 2016, 2018, 2019, 2020]
        evaluate(target(">=", 1.0, "level", 2020, 2020), PATHS, repeated)
    with pytest.raises(TargetError, match="no window"):
        evaluate(Target(">=", 1.0, "%", "level"), PATHS, YEARS)


def test_non_positive_base_gives_nan_and_not_attained() -> None:
    paths = np.array([[0.0, 5.0], [-1.0, 5.0], [1.0, 2.0]])
    out = evaluate(target("<=", 1000.0, "yoy_growth", 2021, 2021), paths, [2020, 2021])
    assert np.isnan(out.value[:2]).all()
    np.testing.assert_array_equal(out.attained, [False, False, True])


def test_a_period_target_is_judged_on_whole_paths() -> None:
    """Per-year quantiles would meet the target; no single path does."""
    paths = np.array([[100.0, 130.0, 100.0], [100.0, 100.0, 130.0]])
    t = target(">=", 250.0, "cumulative", 2021, 2022, unit="亿元")
    out = evaluate(t, paths, [2020, 2021, 2022])
    np.testing.assert_allclose(out.value, [230.0, 230.0])
    assert out.probability == 0.0
    assert np.max(paths[:, 1]) + np.max(paths[:, 2]) >= 250.0  # what per-year maxima would claim


def test_leading_shape_is_kept() -> None:
    stacked = np.stack([PATHS, PATHS * 2])
    out = evaluate(target(">=", 9.0, "avg_growth"), stacked, YEARS)
    assert out.value.shape == (2, 3) and out.attained.shape == (2, 3)
    np.testing.assert_allclose(out.value[0], out.value[1])


def test_a_data_row_evaluates() -> None:
    row = load_targets("fyp13").set_index("id").loc["fyp13-001"]  # GDP年均增长9%左右, 2016-2020
    t = Target.from_row(row)
    path = 100 * np.cumprod([1.0, 1.085, 1.09, 1.095, 1.09, 1.09])
    out = evaluate(t, path[None, :], YEARS)
    expected = 100 * ((1.085 * 1.09 * 1.095 * 1.09 * 1.09) ** 0.2 - 1)
    assert out.value[0] == pytest.approx(expected)
    assert out.attained[0]
