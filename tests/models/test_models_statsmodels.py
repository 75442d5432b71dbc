"""The stacked exact Gaussian likelihood agrees with statsmodels' Kalman filter."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from zzsim.models import GrowthModel, GrowthSpec
from zzsim.models._gaussian import psd_sqrt
from zzsim.models.results import Member

YEARS = [y for y in range(2001, 2031) if y not in (2005, 2011, 2012, 2013, 2020)]


@pytest.fixture
def local_level(make_series):
    rng = np.random.default_rng(7)
    mu = np.log1p(0.09) + np.cumsum(rng.normal(0, 0.004, 31))
    x = mu + rng.normal(0, 0.008, 31)
    rows = [("x", y, 100 * np.expm1(x[y - 2000]), "%", "yoy_growth", "actual", y + 1, None,
             "nominal") for y in YEARS]
    spec = GrowthSpec(
        "x", "亿元", {"x": Member("growth", "x", "%")}, price_basis="nominal",
        trend="local_level", init_growth=8.0, init_sd=5.0, growth_obs_sd={"actual": 0.3},
        census=None, grid=(4, 3),
    )
    return spec, make_series(rows)


def test_loglike_and_smoothed_trend_match_unobserved_components(local_level):
    spec, series = local_level
    core = GrowthModel(spec, series=series).fit().core
    fit = core._fit
    assert core.first_year == 2000 and core.last_year == 2030
    endog = np.full(31, np.nan)
    values = series.set_index("year")["value"]
    for y in YEARS:
        endog[y - 2000] = np.log1p(values[y] / 100)
    for j in (0, 5, 11):
        s_trend, s_irregular = fit.grid[j]
        mod = sm.tsa.UnobservedComponents(endog, level="llevel")
        mod.ssm.initialize_known(np.array([np.log1p(0.08)]), np.array([[0.05**2]]))
        res = mod.smooth([s_irregular**2 + 0.003**2, s_trend**2])
        # statsmodels' Kalman filter (exact likelihood, known initial state) = stacked form
        assert fit.posterior.loglike[j] == pytest.approx(res.llf, abs=1e-8)
        trend = core._trend.level
        smoothed = trend.c + trend.width(fit.slots.size) @ fit.posterior.mean[j]
        np.testing.assert_allclose(smoothed, res.smoothed_state[0], atol=1e-9)
        var = np.einsum("tm,mn,tn->t", trend.width(fit.slots.size), fit.posterior.cov[j],
                        trend.width(fit.slots.size))
        np.testing.assert_allclose(var, res.smoothed_state_cov[0, 0], rtol=1e-6)


def test_psd_sqrt_reproduces_singular_covariance():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(4, 2))
    cov = a @ a.T  # rank 2
    root = psd_sqrt(cov[None])[0]
    np.testing.assert_allclose(root @ root.T, cov, atol=1e-12)


def test_window_average_is_an_observation_of_the_path(fitted_all):
    """The 2016-2020 average (7.1%) constrains the joint paths, not only their mean."""
    core = fitted_all["gdp_real_growth"].core
    paths = core.paths(range(2016, 2021), 20_000, rng=3)["growth"]
    avg = 100 * ((paths.index[:, -1] / 100) ** (1 / 5) - 1)
    assert abs(np.median(avg) - 7.1) < 0.1
    assert np.quantile(avg, 0.95) - np.quantile(avg, 0.05) < 1.0  # obs s.d. 0.2pp
    # single years inside the window are far less certain than their average
    years = paths.level
    assert np.quantile(years[:, 2], 0.95) - np.quantile(years[:, 2], 0.05) > 2.0


def test_censored_figure_gives_the_truncated_normal_posterior():
    """w ~ N(0, 1) and a figure w + e >= 0.5 (e ~ N(0, 0.1^2)): closed forms."""
    from scipy import stats

    from zzsim.models._design import Affine, Slots
    from zzsim.models._posterior import Bound, LatentFit

    slots = Slots()
    w = slots.add(["w"], 1.0)
    fit = LatentFit(slots, np.zeros((1, 1)), ("none",), [], np.zeros(0), np.zeros(0),
                    Bound(w, 0.5, 0.1, lower=True))
    sb = np.sqrt(1.01)
    assert fit.posterior.loglike[0] == pytest.approx(stats.norm.logsf(0.5 / sb))
    # E[w | b >= c] = E[b | b >= c] / 1.01 (regression of w on b)
    want = stats.truncnorm(0.5 / sb, np.inf, scale=sb).mean() / 1.01
    assert fit.gaussian_table(w, ["w"]).loc["w", "mean"] == pytest.approx(want, rel=1e-6)
    draws = fit.sample(w, "w", np.zeros(200_000, dtype=int), np.random.default_rng(0), full=True)
    assert draws.mean() == pytest.approx(want, abs=0.005)
    var = (stats.truncnorm(0.5 / sb, np.inf, scale=sb).var() / 1.01**2
           + 1.0 - 1.0 / 1.01)
    assert draws.var() == pytest.approx(var, rel=0.02)
    assert fit.gaussian_table(w, ["w"]).loc["w", "sd"] == pytest.approx(np.sqrt(var), rel=1e-6)
    assert isinstance(w, Affine)


def test_the_2019_bound_reaches_the_gdp_posterior(fitted_all):
    obs = fitted_all["gdp"].observations.set_index("id")
    assert obs.loc["s004-0001", "used"] and obs.loc["s004-0001", "bound"] == "lower"
    level = fitted_all["gdp"].core.paths([2019, 2020], 20_000, rng=1)["level"].level
    assert np.quantile(level[:, 0], 0.05) > 2990  # latent level; the bound is on the figure
    growth_2020 = 100 * (level[:, 1] / level[:, 0] - 1)  # nominal
    assert np.quantile(growth_2020, 0.95) < 4.5  # 3105.8 / 3000: at most ~3.5% + noise


def test_two_stage_draw_has_the_joint_posterior():
    """Drawing b first and then (a, c) given b gives the joint normal, at each grid point."""
    from zzsim.models._design import Affine, Slots
    from zzsim.models._posterior import LatentFit

    slots = Slots()
    w = slots.add(["w0", "w1", "w2"], 1.0, param=0)
    grid = np.array([[0.5], [2.0]])  # two grid points: the latent variance differs
    # one figure, w0 + w1 = 1 (noise 0.3^2), gives a posterior with correlated components
    fit = LatentFit(slots, grid, ("v",), [w[[0]] + w[[1]]], np.array([1.0]), np.array([0.09]))
    given = Affine.vstack([w[[0]] - w[[2]]])
    parts = Affine.vstack([w[[1]], w[[0]] + w[[2]] + w[[2]]])
    both = Affine.vstack([given, parts])
    gen = np.random.default_rng(3)
    for j in (0, 1):
        k = np.full(400_000, j)
        b = fit.sample(given, ("g",), k, gen, full=True)
        rest = fit.sample_given(parts, given, ("pg",), k, b, gen)
        two = np.hstack([b, rest])
        mean, root = fit.project(both, ("both",))
        cov = root[j] @ root[j].T
        np.testing.assert_allclose(two.mean(axis=0), mean[j], atol=5 * np.sqrt(cov.max() / k.size))
        np.testing.assert_allclose(np.cov(two.T), cov, atol=0.02 * cov.max())
