"""The Target dataclass: validation, construction from data rows, window and base year."""

from __future__ import annotations

import math

import pytest

from zzsim.data import load_targets
from zzsim.errors import TargetError
from zzsim.targets import GROWTH_BASES, Target


def test_every_data_row_builds_a_target() -> None:
    rows = load_targets()
    targets = [Target.from_row(r) for _, r in rows.iterrows()]
    assert len(targets) == len(rows)
    by_id = {t.id: t for t in targets}
    gdp = by_id["fyp13-001"]
    assert (gdp.operator, gdp.value, gdp.unit, gdp.basis) == ("around", 9.0, "%", "avg_growth")
    assert (gdp.plan, gdp.indicator, gdp.region) == ("fyp13", "gdp", "株洲市")
    assert gdp.window == (2016, 2020)
    assert gdp.tolerance is None and gdp.value_hi is None and gdp.item is None
    ranged = by_id["fyp14-029"]
    assert (ranged.value, ranged.value_hi) == (1.0, 2.0)
    assert by_id["fyp14-074"].item == 2
    assert by_id["plan2008-001"].indicator is None  # a one-off count: no series


def test_from_row_accepts_a_plain_dict_and_reports_missing_fields() -> None:
    t = Target.from_row(
        {
            "operator": ">=",
            "value": "5",
            "unit": "万人",
            "basis": "level",
            "value_hi": math.nan,
            "indicator": "",
            "start_year": 2020,
            "end_year": 2020,
        }
    )
    assert (t.value, t.indicator, t.window) == (5.0, None, (2020, 2020))
    with pytest.raises(TargetError, match="missing basis"):
        Target.from_row({"id": "x-1", "operator": ">=", "value": 5, "unit": "个"})
    with pytest.raises(TargetError, match="'x-2': end_year must be a number"):
        Target.from_row(
            {
                "id": "x-2",
                "operator": ">=",
                "value": 5,
                "unit": "个",
                "basis": "level",
                "start_year": 2020,
                "end_year": "soon",
            }
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"operator": "=="}, "unknown operator"),
        ({"basis": "share"}, "unknown basis"),
        ({"value": math.inf}, "finite"),
        ({"operator": "range"}, "value_hi > value"),
        ({"operator": "range", "value_hi": 1.0}, "value_hi > value"),
        ({"value_hi": 9.0}, "only for operator 'range'"),
        ({"tolerance": 0.5}, "only for 'around'"),
        ({"operator": "around", "tolerance": -1.0}, "non-negative"),
        ({"start_year": 2020}, "both start_year and end_year"),
        ({"start_year": 2021, "end_year": 2020}, "after end_year"),
    ],
)
def test_inconsistent_targets_are_refused(kwargs: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {
        "operator": ">=",
        "value": 5.0,
        "unit": "%",
        "basis": "level",
        "id": "t-9",
    }
    fields.update(kwargs)
    with pytest.raises(TargetError, match=message) as info:
        Target(**fields)  # type: ignore[arg-type]
    assert "t-9" in str(info.value)


def test_base_year_by_basis() -> None:
    def base(basis: str) -> int | None:
        return Target(">=", 1.0, "%", basis, start_year=2021, end_year=2025).base_year

    assert base("level") is None and base("cumulative") is None
    assert base("yoy_growth") == 2024
    assert {base(b) for b in GROWTH_BASES - {"yoy_growth"}} == {2020}
    with pytest.raises(TargetError, match="no window"):
        _ = Target(">=", 1.0, "%", "level").base_year
