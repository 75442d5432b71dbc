"""CRPS, the GBD baseline and the leave-future-out evaluation."""

from __future__ import annotations

import numpy as np
import pytest

from zzsim.models import RateOfChangeBaseline
from zzsim.models.evaluation import leave_future_out, summarise
from zzsim.models.scoring import covers, crps_normal, crps_sample


def test_sample_crps_matches_the_normal_closed_form():
    rng = np.random.default_rng(0)
    sample = rng.normal(2.0, 1.5, 200_000)
    for y in (-1.0, 2.0, 5.5):
        assert crps_sample(sample, y) == pytest.approx(crps_normal(2.0, 1.5, y), rel=0.01)


def test_point_forecast_crps_is_the_absolute_error():
    assert crps_sample(np.full(10, 3.0), 7.5) == pytest.approx(4.5)
    assert covers(np.arange(101.0), 50.0) and not covers(np.arange(101.0), 95.0)


def test_gbd_weights_favour_recent_years(make_series):
    rows = [("retail_sales", 2014, 10.0, "%", "yoy_growth", "actual", 2015, None, "nominal"),
            ("retail_sales", 2015, 20.0, "%", "yoy_growth", "actual", 2016, None, "nominal")]
    base = RateOfChangeBaseline("retail_sales", series=make_series(rows)).fit()
    # weights (1, 2**2) / 5 on log(1.1) and log(1.2)
    want = (np.log(1.1) + 4 * np.log(1.2)) / 5
    assert base.params["growth rate z0"] == pytest.approx(want)
    sd = np.sqrt((1 * (np.log(1.1) - want) ** 2 + 4 * (np.log(1.2) - want) ** 2) / 5)
    assert base.bse["growth rate z0"] == pytest.approx(sd)


def test_baseline_does_not_mistake_a_revision_for_change(city_series):
    base = RateOfChangeBaseline("share_secondary", series=city_series).fit()
    # rates come from 2010->2015 (old basis) and 2015->2020 (new basis), never across bases
    f = base.forecast([2021], draws=200)
    assert f.loc[2021, "median"] < 46.3


def test_leave_future_out_scores_model_and_baseline(city_series):
    table = leave_future_out((2015,), series=city_series, draws=2000)
    scored = table.dropna(subset=["model_crps", "baseline_crps"])
    assert {"gdp", "gdp_real_growth", "share_secondary"} <= set(scored["indicator"])
    row = table.set_index(["indicator", "row"]).loc[("gdp_real_growth", "s004-0003")]
    assert row["observed"] == 7.1 and row["measure"] == "avg_growth"
    # the baseline is a point forecast here (one 2015 rate): its CRPS is its absolute error
    assert row["baseline_crps"] == pytest.approx(abs(row["baseline_median"] - 7.1))
    assert (table["horizon"] == table["year"] - 2015).all() and (table["horizon"] >= 1).all()
    # one figure by 2016 is enough for a model (pooled prior); none is not, and it says so
    forest = table[table["indicator"] == "forest_cover"]
    assert forest["model_crps"].notna().all()
    tech = table[table["indicator"] == "tech_progress_contribution"]
    assert len(tech) and tech["model_crps"].isna().all()
    assert (tech["model_note"] == "tech_progress_contribution: no figure known by 2015").all()
    summary = summarise(table)
    assert summary.loc["all", "figures"] == len(scored)
    assert 0 < summary.loc["all", "crps_ratio"] < 10
