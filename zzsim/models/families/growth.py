"""The growth family: levels that grow (output, money aggregates, value added).

**Model** (:mod:`zzsim.models.growth`, ``trend: anchored`` in ``models.yaml``): log
growth = a published long-run path (China's projected GDP growth; plus the deflator
assumption for nominal growth) + a deviation that decays as an AR(1) + one-off noise.
Every kind of figure (levels, year-on-year, window averages, cumulative growth) is a
linear observation; nominal and real bases are linked by the deflator assumption;
census revisions are level shifts.

**Pooled**: the premium over the anchor (persistent), and the volatility of the
deviation and of one-off years.

**Levers**: growth shifts (pp added to growth in the years given), shocks (times the
indicator's ``shock_elasticity``), volatility (scales the standardised innovations of
future years), deflator and population paths (the GDP group).

**Synthetic data**: the truth follows the prior; figures are a level in 2020 and 0, 1, 2
or 4 year-on-year growth rates before it; targets are growth in 2021, the 2021-2025
average and the 2025 level.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..priors import persistence
from ..results import Core
from ._base import Case, Family, frame, pick_grid, row

__all__ = ["DAMPED_GROWTH", "FAMILY"]

#: the growth model zzsim used before the anchored trend, as options of ``fit`` (for
#: comparisons): a damped random-walk trend starting from N(8%, 10pp^2) in the first
#: year, innovation s.d. of the trend on 0.05-1.5 pp, log-uniform volatility grids, no
#: pooling. ``fit("gdp_real_growth", cutoff=2015, **DAMPED_GROWTH)`` reproduces its
#: forecasts draw for draw.
DAMPED_GROWTH: dict[str, object] = {
    "trend": "damped",
    "init_growth": 8.0,
    "init_sd": 10.0,
    "sigma_trend": (0.05, 1.5),
    "grid_prior": None,
}

#: years of the year-on-year figures by number of figures (a 2020 level always)
_GROWTH_YEARS = {1: (), 2: (2020,), 3: (2019, 2020), 5: (2017, 2018, 2019, 2020)}


def _trend(gen: np.random.Generator, spec: Any, span: np.ndarray, sigma: float) -> np.ndarray:
    """Trend of log growth over ``span`` drawn from the prior of ``spec``."""
    n = span.size
    eta = np.r_[0.0, gen.normal(0.0, sigma, n - 1)]
    if spec.trend == "anchored":
        rho = persistence(spec.decade_correlation)
        premium = gen.normal(spec.init_growth, spec.init_sd) / 100
        dev = np.empty(n)
        dev[0] = gen.normal(0.0, sigma / np.sqrt(1 - rho**2))
        for t in range(1, n):
            dev[t] = rho * dev[t - 1] + eta[t]
        return spec.anchor(span) + premium + dev
    slope = np.zeros(n)
    if spec.trend == "damped":
        sd = spec.slope_sd / 100
        for t in range(1, n):
            innov = gen.normal(0.0, sd * np.sqrt(1 - spec.damping**2))
            slope[t] = spec.damping * slope[t - 1] + innov if t > 1 else gen.normal(0.0, sd)
    mu0 = np.log1p(spec.init_growth / 100) + gen.normal(0.0, spec.init_sd / 100)
    return mu0 + np.cumsum(slope + eta)


def synthetic(gen: np.random.Generator, spec: Any, figures: int) -> Case:
    """Draw a growth path from the prior of ``spec`` and observe it (module docstring)."""
    growth_years = _GROWTH_YEARS[figures]
    first = (growth_years[0] - 1) if growth_years else 2020
    span = np.arange(first, 2031)
    g1, g2 = spec.grid_axes()
    k = pick_grid(gen, spec.grid_prior, g1.size * g2.size)
    s_trend, s_irr = g1[k // g2.size], g2[k % g2.size]
    x = _trend(gen, spec, span, s_trend) + gen.normal(0.0, s_irr, span.size)
    log_level = np.log(1000.0) + gen.normal(0.0, 0.5) + np.r_[0.0, np.cumsum(x[1:])]
    at = {int(y): i for i, y in enumerate(span)}
    ind, unit, basis = spec.indicator, spec.unit, spec.price_basis
    g_sd, l_sd = spec.growth_obs_sd["actual"] / 100, spec.level_obs_sd["actual"] / 100
    rows = [
        row(
            0,
            ind,
            2020,
            np.exp(log_level[at[2020]] + gen.normal(0.0, l_sd)),
            unit,
            "level",
            basis="nominal",
        )
    ]
    for y in growth_years:
        value = 100 * np.expm1(x[at[y]] + gen.normal(0.0, g_sd))
        rows.append(row(len(rows), ind, y, value, "%", "yoy_growth", basis=basis))
    truth = {
        "growth 2021": float(100 * np.expm1(x[at[2021]])),
        "avg growth 2021-2025": float(100 * np.expm1(x[at[2021] : at[2025] + 1].mean())),
        "level 2025": float(np.exp(log_level[at[2025]])),
    }

    def predict(core: Core, draws: int, rng: Any, full: bool) -> dict[str, np.ndarray]:
        paths = core.paths(range(2021, 2026), draws, rng=rng, full=full)
        growth, level = paths["growth"], paths["level"]
        assert growth.level is not None and growth.index is not None and level.level is not None
        return {
            "growth 2021": growth.level[:, 0],
            "avg growth 2021-2025": 100 * ((growth.index[:, 4] / 100.0) ** 0.2 - 1.0),
            "level 2025": level.level[:, 4],
        }

    return Case(frame(rows), truth, predict)


FAMILY = Family(
    name="growth",
    synthetic=synthetic,
)
