"""Evidence: figures, last year and the grade from the data weight 1 - Var_post / Var_prior."""

from __future__ import annotations

import numpy as np
import pytest

from zzsim.models import Evidence, WalkModel, WalkSpec, fit
from zzsim.models.results import Member


def _walk_rows(make_series, n, sigma, rng):
    z = np.cumsum(np.r_[0.0, 0.05 + rng.normal(0.0, sigma, n - 1)]) - 1.0
    values = 100 / (1 + np.exp(-z))
    return make_series(
        [
            ("r", 2000 + t, v, "%", "ratio", "actual", 2001 + t, None, None)
            for t, v in enumerate(values)
        ]
    )


@pytest.mark.parametrize("n", [2, 5, 20])
def test_data_weight_is_the_normal_normal_shrinkage(make_series, n):
    """Random walk with drift d ~ N(0, s^2), known sigma, levels observed almost exactly:
    the data say d ~ N(mean step, sigma^2 / (n - 1)); the posterior variance is
    1 / (1/s^2 + (n - 1)/sigma^2), so w = 1 - that / s^2."""
    sigma, s = 0.05, 0.1
    spec = WalkSpec(
        ("r",),
        {"r": Member("r", "r", "%")},
        sigma=(sigma, sigma),
        grid_points=1,
        drift_sd=s,
        obs_sd={"actual": 1e-5},
    )
    res = WalkModel(spec, series=_walk_rows(make_series, n, sigma, np.random.default_rng(n))).fit()
    want = 1.0 - (1.0 / (1.0 / s**2 + (n - 1) / sigma**2)) / s**2
    assert res.evidence.weight == pytest.approx(want, rel=1e-3)
    assert res.evidence.figures == n and res.evidence.last_year == 2000 + n - 1


def test_grades_and_their_thresholds():
    assert Evidence.of(3, 2020, 0.5).grade == "data"
    assert Evidence.of(3, 2020, 0.4999).grade == "data+prior"
    assert Evidence.of(3, 2020, 0.2).grade == "data+prior"
    assert Evidence.of(1, 2020, 0.1999).grade == "prior"


def test_one_level_says_nothing_about_growth_many_figures_do(city_series):
    firms = fit("high_tech_firms", series=city_series).evidence
    assert (firms.figures, firms.last_year, firms.grade) == (1, 2020, "prior")
    assert firms.weight < 0.05
    gdp = fit("gdp", cutoff=2015, series=city_series).evidence
    assert gdp.grade == "data" and gdp.last_year == 2015
    # the views of one fit share its evidence
    assert fit("gdp_per_capita", cutoff=2015, series=city_series).evidence == gdp
