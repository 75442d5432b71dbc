"""Partial pooling: the family-level distributions against independent computations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zzsim.models.config import Hyper
from zzsim.models.pooling import Summary, drift_predictive, volatility_prior
from zzsim.models.registry import spec_for


def test_drift_predictive_matches_numerical_integration():
    """est_i ~ N(d_i, s_i^2), d_i ~ N(mu, tau^2), mu ~ N(m0, s0^2), tau ~ half-normal."""
    hyper = Hyper(0.0, 1.0, 2.0, (0.5,))
    est, var = np.array([3.0, -1.0, 4.0]), np.array([1.0, 4.0, 2.0])
    mean, sd = drift_predictive(est, var, hyper)
    # brute force on a (mu, tau) grid; new d = mu + tau * z
    mu = np.linspace(-8, 8, 1601)[:, None]
    tau = np.linspace(0.0, 8.0, 801)[None, :]
    log_post = -0.5 * (mu / 1.0) ** 2 - 0.5 * (tau / 2.0) ** 2
    for e, v in zip(est, var, strict=True):
        log_post = log_post - 0.5 * np.log(v + tau**2) - 0.5 * (e - mu) ** 2 / (v + tau**2)
    w = np.exp(log_post - log_post.max())
    w /= w.sum()
    want_mean = float((w * mu).sum())
    want_var = float((w * (tau**2 + mu**2)).sum()) - want_mean**2
    assert mean == pytest.approx(want_mean, abs=0.02)
    assert sd == pytest.approx(np.sqrt(want_var), rel=0.02)


def test_no_evidence_gives_the_top_level():
    hyper = Hyper(0.5, 1.0, 2.0, (0.5,))
    mean, sd = drift_predictive(np.zeros(0), np.zeros(0), hyper)
    tau = np.linspace(0, 8, 41)
    w = np.exp(-0.5 * (tau / 2.0) ** 2)
    assert mean == pytest.approx(0.5)
    assert sd**2 == pytest.approx(1.0 + (w @ tau**2) / w.sum())


def test_volatility_prior_follows_the_other_indicators():
    axis = np.exp(np.linspace(np.log(0.01), np.log(1.0), 15))
    flat = np.exp(volatility_prior([], (axis,), (0.5, 1.0)))
    assert flat.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(flat, flat[::-1])  # no evidence: symmetric on the log grid
    assert flat.max() / flat.min() < 1.5
    # three indicators whose likelihood peaks at the 3rd grid point
    peaked = [-0.5 * ((np.log(axis) - np.log(axis[2])) / 0.2) ** 2 for _ in range(3)]
    pooled = np.exp(volatility_prior(peaked, (axis,), (0.25, 0.5, 1.0)))
    assert np.argmax(pooled) <= 3 and pooled[:5].sum() > 0.6


def test_an_indicators_prior_leaves_out_its_own_figures(city_series):
    """Changing retail sales' figures moves investment's prior, not retail sales' own."""
    changed = city_series.copy()
    retail = changed["indicator"] == "retail_sales"
    changed.loc[retail, "value"] = changed.loc[retail, "value"] + 10.0
    for ind, moves in (("retail_sales", False), ("fixed_asset_investment", True)):
        a = spec_for(ind, series=city_series)
        b = spec_for(ind, series=changed)
        assert (a.init_growth != b.init_growth) == moves, ind
        assert (a.grid_prior != b.grid_prior) == moves, ind


def test_the_pooled_prior_uses_only_figures_known_at_the_cutoff(city_series):
    later = city_series[city_series["vintage"] > 2016]
    shifted = pd.concat(
        [city_series[city_series["vintage"] <= 2016], later.assign(value=later["value"] * 1.5)]
    )
    for ind in ("fiscal_revenue_general", "urbanization_rate"):
        a = spec_for(ind, cutoff=2015, series=city_series)
        b = spec_for(ind, cutoff=2015, series=shifted)
        assert a == b, ind
        assert spec_for(ind, series=city_series) != spec_for(ind, series=shifted), ind


def test_summary_divides_the_prior_out():
    """Posterior N(m, v) under prior N(m0, v0): the likelihood is N(est, s^2) with
    1/s^2 = 1/v - 1/v0 and est/s^2 = m/v - m0/v0."""
    s = Summary.of("g", (np.array([2.0]), np.array([0.5])), (0.0, 1.0), np.zeros(3), (np.ones(3),))
    assert s.variance[0] == pytest.approx(1.0)
    assert s.estimate[0] == pytest.approx(4.0)
    flat = Summary.of(
        "g", (np.array([0.0]), np.array([0.9999])), (0.0, 1.0), np.zeros(3), (np.ones(3),)
    )
    assert np.isnan(flat.estimate[0])  # the figures say nothing about the drift
