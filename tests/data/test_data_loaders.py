"""The loaders read the shipped figure base into typed, documented frames."""

from __future__ import annotations

import pandas as pd
import pytest

import zzsim.data as zd
from zzsim.data.schema import SERIES_COLUMNS, TARGET_COLUMNS, TASK_COLUMNS
from zzsim.errors import DataError


def test_series_columns_and_types() -> None:
    series = zd.load_series()
    assert list(series.columns) == [*SERIES_COLUMNS, "file", "line", "origin", "superseded_by"]
    assert set(series["origin"]) == {"built-in"} and set(series["superseded_by"]) == {""}
    assert series.index.is_unique
    assert series["value"].dtype == float
    assert str(series["year"].dtype) == "Int64"
    assert set(series["measure"]) <= {
        "level",
        "yoy_growth",
        "avg_growth",
        "share",
        "ratio",
        "count",
        "cumulative",
        "cumulative_growth",
        "change_pp",
        "avg_change_pp",
    }


def test_both_vintages_of_disputed_figures_are_kept() -> None:
    series = zd.load_series()
    gdp2015 = series[
        (series.indicator == "gdp") & (series.year == 2015) & (series.measure == "level")
    ]
    assert 2350.0 in set(gdp2015["value"])
    structure = series[(series.indicator == "share_primary") & (series.year == 2015)]
    by_vintage = dict(zip(structure["vintage"], structure["value"], strict=True))
    assert by_vintage == {2016: 7.5, 2021: 6.9}
    assert set(structure["status"]) == {"preliminary", "revised"}


def test_sector_structures_sum_to_100() -> None:
    series = zd.load_series()
    shares = series[series.indicator.str.startswith("share_")]
    sums = shares.groupby(["source", "year", "quote"])["value"].sum()
    assert len(sums) >= 4
    assert (sums.sub(100).abs() <= 0.2).all()


def test_targets_filter_by_plan() -> None:
    fyp14 = zd.load_targets("fyp14")
    assert list(fyp14.columns) == [*TARGET_COLUMNS, "file", "line"]
    assert set(fyp14["plan"]) == {"fyp14"}
    assert {"fyp14", "fyp13", "annual2016", "annual2020", "plan2008"} == set(
        zd.load_targets()["plan"]
    )


def test_unknown_plan_is_a_typed_error() -> None:
    with pytest.raises(DataError, match="unknown plan"):
        zd.load_targets("fyp99")


def test_tasks_resolve_every_agency() -> None:
    tasks = zd.load_tasks()
    assert list(tasks.columns)[:7] == list(TASK_COLUMNS[:7])
    registry = zd.AgencyRegistry(zd.load_agencies())
    for names, ids in zip(tasks["leads"], tasks["lead_ids"], strict=True):
        assert tuple(registry.resolve(n) for n in names) == ids
    t2016 = zd.load_tasks("table2016")
    assert sorted(t2016["progress_pct"].dropna()) == [17.2, 52.0]


def test_collectives_expand_to_members() -> None:
    registry = zd.AgencyRegistry(zd.load_agencies())
    counties = registry.resolve("各县市区")
    members = registry.expand([counties], 2016)
    assert len(members) == 9
    assert counties not in members
    # a collective the documents do not enumerate stays one unit
    generic = registry.resolve("市政府相关部门")
    assert registry.expand([generic], 2016) == (generic,)
    # expansion keeps order and drops duplicates
    fgw = registry.resolve("市发改委")
    assert registry.expand([fgw, counties, fgw], 2016)[0] == fgw
    assert len(registry.expand([fgw, counties, fgw], 2016)) == 10


def test_renamed_agencies_have_successors() -> None:
    agencies = zd.load_agencies()
    registry = zd.AgencyRegistry(agencies)
    old = registry.resolve("市人事局")
    assert agencies.at[old, "successor"] == registry.resolve("市人力资源社会保障局")


def test_indicator_registry() -> None:
    indicators = zd.load_indicators()
    assert indicators.loc["gdp", "unit"] == "亿元"
    assert indicators.loc["share_secondary", "family"] == "composition"
    assert set(zd.load_series()["indicator"]) <= set(indicators.index)


def test_summary_counts_match_loaders() -> None:
    summary = zd.summary()
    kinds = summary["kinds"]["rows"]
    assert kinds["series"] == len(zd.load_series())
    assert kinds["targets"] == summary["targets"]["targets"].sum()
    assert isinstance(summary["indicators"], pd.DataFrame)
