"""The matching rule between targets and realised figures (synthetic rows and the real base)."""

from dataclasses import replace

import pandas as pd
import pytest

from zzsim.backtest import realised_outcomes
from zzsim.data import load_targets
from zzsim.targets import Target

GDP_AVG = Target(
    "around", 9.0, "%", "avg_growth", id="g", indicator="gdp", start_year=2016, end_year=2020
)
JOBS = Target(
    ">=", 50000.0, "人", "level", id="j", indicator="new_urban_jobs", start_year=2020, end_year=2020
)


def _one(target, rows, factory, cutoff=2015, **kw):
    return realised_outcomes([target], cutoff, series=factory(rows), **kw).iloc[0]


def test_same_window_measure_and_later_vintage(series_factory):
    rows = [
        {
            "indicator": "gdp",
            "year": 2020,
            "start_year": 2016,
            "value": 7.1,
            "measure": "avg_growth",
            "vintage": 2021,
        },
        # wrong window, wrong measure, wrong indicator, wrong region: never chosen
        {
            "indicator": "gdp",
            "year": 2020,
            "start_year": 2017,
            "value": 1.0,
            "measure": "avg_growth",
            "vintage": 2021,
        },
        {"indicator": "gdp", "year": 2020, "value": 2.0, "measure": "yoy_growth", "vintage": 2021},
        {
            "indicator": "gdp_per_capita",
            "year": 2020,
            "start_year": 2016,
            "value": 3.0,
            "measure": "avg_growth",
            "vintage": 2021,
        },
        {
            "indicator": "gdp",
            "region": "醴陵市",
            "year": 2020,
            "start_year": 2016,
            "value": 4.0,
            "measure": "avg_growth",
            "vintage": 2021,
        },
    ]
    got = _one(GDP_AVG, rows, series_factory)
    assert got["realised"] == 7.1 and got["realised_id"] == "t-001"
    assert bool(got["attained"]) is False
    assert got["realised_reason"] == ""


def test_published_too_early_is_unknown(series_factory):
    # vintage must exceed both the cutoff and the end of the window
    rows = [
        {
            "indicator": "gdp",
            "year": 2020,
            "start_year": 2016,
            "value": 7.1,
            "measure": "avg_growth",
            "vintage": 2020,
        }
    ]
    got = _one(GDP_AVG, rows, series_factory)
    assert pd.isna(got["attained"]) and pd.isna(got["realised"]) and got["realised_id"] is None
    assert "published after 2020" in got["realised_reason"]
    # a cutoff later than the window pushes the vintage further
    rows[0]["vintage"] = 2021
    assert pd.isna(_one(GDP_AVG, rows, series_factory, cutoff=2021)["attained"])
    assert _one(GDP_AVG, rows, series_factory, cutoff=2020)["realised"] == 7.1


def test_bounds_are_not_outcomes(series_factory):
    rows = [
        {
            "indicator": "gdp",
            "year": 2020,
            "start_year": 2016,
            "value": 7.1,
            "measure": "avg_growth",
            "vintage": 2021,
            "note": "lower bound: 突破",
        }
    ]
    assert pd.isna(_one(GDP_AVG, rows, series_factory)["attained"])


def test_units_convert_and_level_family_measures_match(series_factory):
    rows = [
        {
            "indicator": "new_urban_jobs",
            "year": 2020,
            "value": 6.2,
            "unit": "万人",
            "measure": "count",
            "vintage": 2021,
        }
    ]
    got = _one(JOBS, rows, series_factory)
    assert got["realised"] == pytest.approx(62000.0) and bool(got["attained"]) is True
    # a cumulative over the plan period is not the level of 2020
    rows[0]["measure"] = "cumulative"
    rows[0]["start_year"] = 2016
    assert pd.isna(_one(JOBS, rows, series_factory)["attained"])
    # a unit that does not convert
    rows = [
        {
            "indicator": "new_urban_jobs",
            "year": 2020,
            "value": 6.2,
            "unit": "万户",
            "measure": "level",
            "vintage": 2021,
        }
    ]
    assert pd.isna(_one(JOBS, rows, series_factory)["attained"])


def test_latest_vintage_then_status_wins(series_factory):
    base = {"indicator": "gdp", "year": 2020, "start_year": 2016, "measure": "avg_growth"}
    rows = [
        {**base, "value": 7.0, "vintage": 2021, "status": "preliminary"},
        {**base, "value": 7.2, "vintage": 2021, "status": "actual"},
        {**base, "value": 6.9, "vintage": 2022, "status": "revised"},
    ]
    assert _one(GDP_AVG, rows, series_factory)["realised"] == 6.9
    assert _one(GDP_AVG, rows[:2], series_factory)["realised"] == 7.2


def test_regions_and_bases_without_a_measure(series_factory):
    rows = [
        {
            "indicator": "gdp",
            "region": "醴陵市",
            "year": 2020,
            "start_year": 2016,
            "value": 9.2,
            "measure": "avg_growth",
            "vintage": 2021,
        }
    ]
    got = _one(replace(GDP_AVG, region="醴陵市"), rows, series_factory)
    assert got["realised"] == 9.2 and bool(got["attained"]) is True
    reduction = Target(
        ">=",
        3.5,
        "%",
        "reduction",
        id="r",
        indicator="energy_intensity",
        start_year=2016,
        end_year=2016,
    )
    assert "no series measure" in _one(reduction, rows, series_factory)["realised_reason"]
    count = Target(">=", 200.0, "个", "level", id="c", start_year=2016, end_year=2016)
    assert "one-off count" in _one(count, rows, series_factory)["realised_reason"]


def _case(plan, cutoff):
    frame = load_targets(plan)
    targets = [Target.from_row(r) for _, r in frame.iterrows()]
    return realised_outcomes(targets, cutoff).set_index("target_id")


def test_thirteenth_plan_outcomes_from_the_14th_plan():
    got = _case("fyp13", 2015)
    known = got[got["attained"].notna()]
    assert known["realised"].to_dict() == {
        "fyp13-001": 7.1,
        "fyp13-002": 1.35,
        "fyp13-003": 11.1,
        "fyp13-004": 8.1,
    }
    assert known["realised_id"].tolist() == ["s004-0003", "s004-0008", "s004-0005", "s004-0006"]
    assert not known["attained"].any()
    assert set(known["realised_source"]) == {"004_d6a808445c4787d7.txt"}
    assert "年均增长7.1%" in known.at["fyp13-001", "realised_quote"]
    assert got["attained"].isna().sum() == 3  # income, poverty 2017, counties 2017


def test_annual_cases():
    # no document reports the 2016 annual outcomes
    assert _case("annual2016", 2015)["attained"].isna().all()
    got = _case("annual2020", 2019)
    known = got[got["attained"].notna()]
    assert known["realised"].to_dict() == {"annual2020-008": 700.0, "annual2020-031": 86.6}
    assert known["attained"].tolist() == [False, True]  # 达到700家 does not 突破700家
