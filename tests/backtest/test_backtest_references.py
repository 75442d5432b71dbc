"""Naive references: rates known at the cutoff, persistence and the GBD-style average."""

import numpy as np
import pytest

from zzsim.backtest import annual_rates, persistence_outcome, reference_forecasts
from zzsim.targets import Target

G = {"indicator": "gdp"}


def test_rates_spread_windows_and_prefer_yoy(series_factory):
    rows = [
        {
            **G,
            "year": 2015,
            "start_year": 2011,
            "value": 10.0,
            "measure": "avg_growth",
            "vintage": 2016,
            "price_basis": "real",
        },
        {
            **G,
            "year": 2015,
            "start_year": 2014,
            "value": 9.0,
            "measure": "avg_growth",
            "vintage": 2016,
            "price_basis": "real",
        },
        {
            **G,
            "year": 2015,
            "value": 7.0,
            "measure": "yoy_growth",
            "vintage": 2016,
            "price_basis": "real",
        },
    ]
    rates = annual_rates(series_factory(rows), "gdp", 2015)
    assert rates["rate"].to_dict() == {2011: 10.0, 2012: 10.0, 2013: 10.0, 2014: 9.0, 2015: 7.0}
    assert rates["id"].to_dict()[2015] == "t-003"


def test_cumulative_growth_is_annualised_and_price_bases_not_mixed(series_factory):
    rows = [
        {
            **G,
            "year": 2015,
            "start_year": 2011,
            "value": 84.3,
            "measure": "cumulative_growth",
            "vintage": 2016,
            "price_basis": "nominal",
        },
        {
            **G,
            "year": 2014,
            "start_year": 2014,
            "value": 50.0,
            "unit": "倍",
            "measure": "cumulative_growth",
            "vintage": 2015,
            "price_basis": "nominal",
        },
    ]
    rates = annual_rates(series_factory(rows), "gdp", 2015)
    # 1.843^(1/5) - 1 = 12.99...%; the one-year window in 倍 (0.5 倍 = +50%) wins in 2014
    assert rates.loc[2013, "rate"] == pytest.approx(100 * (1.843**0.2 - 1))
    assert rates.loc[2014, "rate"] == pytest.approx(5000.0)  # 50 倍 = +5000%
    rows.append(
        {
            **G,
            "year": 2015,
            "value": 9.5,
            "measure": "yoy_growth",
            "vintage": 2016,
            "price_basis": "real",
        }
    )
    rates = annual_rates(series_factory(rows), "gdp", 2015)
    assert rates["rate"].to_dict() == {2015: 9.5}  # the latest rate is real: nominal ones dropped


def test_no_peeking_and_no_partial_years(series_factory):
    rows = [
        {**G, "year": 2015, "value": 9.5, "measure": "yoy_growth", "vintage": 2016},
        {
            **G,
            "year": 2016,
            "value": 8.0,
            "measure": "yoy_growth",
            "vintage": 2017,
        },  # after the cutoff
        {
            **G,
            "year": 2015,
            "value": 1.0,
            "measure": "yoy_growth",
            "vintage": 2018,
        },  # published too late
        {
            **G,
            "year": 2014,
            "value": 5.0,
            "measure": "yoy_growth",
            "vintage": 2014,
        },  # mid-year figure
    ]
    assert annual_rates(series_factory(rows), "gdp", 2015)["rate"].to_dict() == {2015: 9.5}
    assert annual_rates(series_factory(rows), "gdp", 2013).empty


def test_persistence_by_hand(series_factory):
    rows = [
        {**G, "year": y, "value": v, "measure": "yoy_growth", "vintage": y + 1}
        for y, v in [(2013, 10.0), (2014, 8.0), (2015, 6.0)]
    ]
    rows.append(
        {**G, "year": 2015, "value": 100.0, "unit": "亿元", "measure": "level", "vintage": 2016}
    )
    rows.append(
        {**G, "year": 2014, "value": 90.0, "unit": "亿元", "measure": "level", "vintage": 2015}
    )
    avg = Target(
        ">=", 7.0, "%", "avg_growth", id="avg", indicator="gdp", start_year=2016, end_year=2020
    )
    level = Target(
        ">=", 0.95, "万亿元", "level", id="lvl", indicator="gdp", start_year=2017, end_year=2017
    )
    wan = Target(
        ">=", 95e4, "万元", "level", id="wan", indicator="gdp", start_year=2017, end_year=2017
    )
    other = Target(
        ">=", 3.0, "%", "reduction", id="red", indicator="gdp", start_year=2016, end_year=2016
    )
    county = Target(
        ">=",
        3.0,
        "%",
        "yoy_growth",
        id="cty",
        indicator="gdp",
        region="醴陵市",
        start_year=2016,
        end_year=2016,
    )
    got = reference_forecasts([avg, level, wan, other, county], 2015, series=series_factory(rows))
    got = got.set_index("target_id")
    assert got.at["avg", "persistence_value"] == 6.0 and got.at["avg", "p_persistence"] == 0.0
    assert np.isnan(got.at["lvl", "persistence_value"])  # 万亿元 is not a unit of the base
    assert got.at["wan", "persistence_value"] == pytest.approx(100e4)  # the 2015 level, in 万元
    assert got.at["wan", "p_persistence"] == 1.0
    for key in ("red", "cty"):
        assert np.isnan(got.at[key, "p_persistence"])
    assert (got["p_planners"] == 1.0).all()
    assert persistence_outcome(avg, 2014, series=series_factory(rows)) == 8.0


def test_thirteenth_plan_references_from_the_2016_report():
    from zzsim.data import load_targets

    frame = load_targets("fyp13")
    got = reference_forecasts([Target.from_row(r) for _, r in frame.iterrows()], 2015).set_index(
        "target_id"
    )
    first = got.loc[["fyp13-001", "fyp13-002", "fyp13-003", "fyp13-004"]]
    # 2015 growth in the 2016 work report: GDP 9.5 (real), fiscal 10, FAI 18.7, retail 12.1
    assert first["persistence_value"].tolist() == [9.5, 10.0, 18.7, 12.1]
    assert first["p_persistence"].tolist() == [1.0, 1.0, 1.0, 1.0]  # 18.7 >= 15.5 (16%, one-sided)
    assert np.isnan(got.at["fyp13-005", "p_persistence"])  # no all-residents income series
