"""Known parameters are recovered from simulated data."""

from __future__ import annotations

import numpy as np
import pytest

from zzsim.models import GrowthModel, GrowthSpec, WalkModel, WalkSpec
from zzsim.models.results import Member
from zzsim.models.walk import ilr, ilr_inverse

N = 80


def _growth_spec(**fields):
    base = dict(price_basis="nominal", trend="local_level", growth_obs_sd={"actual": 0.2},
                level_obs_sd={"actual": 0.3}, census=None)
    base.update(fields)
    return GrowthSpec("x", "亿元", {"x": Member("level", "x", "亿元")}, **base)


def test_growth_variances_recovered(make_series):
    rng = np.random.default_rng(5)
    s_trend, s_irr = 0.005, 0.015
    mu = np.log1p(0.08) + np.cumsum(rng.normal(0, s_trend, N))  # 0.5pp and 1.5pp
    x = mu + rng.normal(0, s_irr, N) + rng.normal(0, 0.002, N)
    rows = [("x", 1900 + t, 100 * np.expm1(x[t]), "%", "yoy_growth", "actual", 1901 + t, None,
             "nominal") for t in range(1, N)]
    params = GrowthModel(_growth_spec(), series=make_series(rows)).fit().params
    assert params["sigma_trend (pp)"] == pytest.approx(0.5, abs=0.25)
    assert params["sigma_irregular (pp)"] == pytest.approx(1.5, abs=0.25)


def test_census_revision_shift_recovered(make_series):
    """Levels printed on two bases for the same years: the shift is estimated, not growth."""
    rng = np.random.default_rng(5)
    x = np.log1p(0.07) + rng.normal(0, 0.01, 12)
    level = np.log(1000) + np.cumsum(x)
    rows = []
    for t, year in enumerate(range(2009, 2021)):
        if year <= 2016:  # published on the 2013 economic-census basis (vintage year + 1)
            rows.append(("x", year, np.exp(level[t] + 0.10), "亿元", "level", "actual", year + 1,
                         None, "nominal"))
        if year >= 2014:  # the 2018-census basis (revised back to 2014, vintage 2021)
            rows.append(("x", year, np.exp(level[t]), "亿元", "level", "actual", 2021, None,
                         "nominal"))
    res = GrowthModel(_growth_spec(census="economic"), series=make_series(rows)).fit()
    table = res.core.param_table()
    shift = table.loc["x revision at the 2018 census (log %)"]
    assert shift["mean"] == pytest.approx(-10.0, abs=3 * shift["sd"] + 0.1)
    assert shift["sd"] < 1.0


def test_bounded_drift_and_sigma_recovered(make_series):
    rng = np.random.default_rng(2)
    drift, sigma = 0.05, 0.02
    z = -1.5 + np.cumsum(drift + rng.normal(0, sigma, 60))
    values = 100 / (1 + np.exp(-z))
    rows = [("r", 1960 + t, v, "%", "ratio", "actual", 1961 + t, None, None)
            for t, v in enumerate(values)]
    spec = WalkSpec(("r",), {"r": Member("r", "r", "%")}, sigma=(0.002, 0.1),
                    obs_sd={"actual": 0.002})
    table = WalkModel(spec, series=make_series(rows)).fit().core.param_table()
    d = table.loc["drift z0 (per year)"]
    assert abs(d["mean"] - drift) < 2.5 * d["sd"]
    assert table.loc["sigma", "mean"] == pytest.approx(sigma, rel=0.35)


def test_composition_drift_recovered_and_closed(make_series):
    rng = np.random.default_rng(4)
    drift = np.array([-0.03, -0.04])
    z = ilr(np.array([20.0, 50.0, 30.0])) + np.cumsum(drift + rng.normal(0, 0.03, (50, 2)), axis=0)
    shares = ilr_inverse(z)
    names = ("a", "b", "c")
    rows = [(n, 1970 + t, shares[t, i], "%", "share", "actual", 1971 + t, None, None)
            for t in range(50) for i, n in enumerate(names)]
    spec = WalkSpec(names, {n: Member(n, n, "%") for n in names}, transform="ilr",
                    sigma=(0.005, 0.2), obs_sd={"actual": 0.002})
    res = WalkModel(spec, series=make_series(rows)).fit()
    table = res.core.param_table()
    for d in range(2):
        row = table.loc[f"drift z{d} (per year)"]
        assert abs(row["mean"] - drift[d]) < 2.5 * row["sd"]
    # the fitted last year reproduces the observed structure
    paths = res.core.paths([2019], 2000, rng=0)
    np.testing.assert_allclose([np.median(paths[n].level) for n in names], shares[-1], atol=0.1)
