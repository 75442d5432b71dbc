"""Synthetic rates and shares of the walk families (bounded, rate, composition).

The truth follows the model's prior: a drift per coordinate ``~ N(drift_mean,
drift_sd^2)``, a volatility drawn from the grid prior, a random walk in the transformed
space (logit or ilr) from a start near ``start``. Figures are the rate (or the three
shares) in the given years with the model's observation noise; targets are the values in
2021, 2025 and 2030.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..results import Core
from ._base import Case, frame, pick_grid, row

__all__ = ["rate_case"]

_YEARS = {1: (2020,), 2: (2015, 2020), 3: (2010, 2015, 2020), 5: (2016, 2017, 2018, 2019, 2020)}
_TARGETS = (2021, 2025, 2030)


def rate_case(gen: np.random.Generator, spec: Any, figures: int, start: np.ndarray) -> Case:
    """Draw a path from the prior of ``spec`` near ``start`` (values in %) and observe it."""
    years = _YEARS[figures]
    span = np.arange(years[0], 2031)
    grid = spec.grid_axes()[0]
    sigma = grid[pick_grid(gen, spec.grid_prior, grid.size)]
    drift = gen.normal(spec.drift_mean, spec.drift_sd, spec.dim)
    z0 = spec.forward(np.asarray(start, dtype=float)) + gen.normal(0.0, 0.2, spec.dim)
    steps = drift + gen.normal(0.0, sigma, (span.size, spec.dim))
    steps[0] = 0.0
    z = z0 + np.cumsum(steps, axis=0)
    at = {int(y): i for i, y in enumerate(span)}
    rows: list[dict[str, Any]] = []
    measure = "share" if spec.dim > 1 else "ratio"
    for y in years:
        values = spec.inverse(z[at[y]] + gen.normal(0.0, spec.obs_sd["actual"], spec.dim))
        for name, value in zip(spec.indicators, np.atleast_1d(values), strict=True):
            rows.append(row(len(rows), name, y, value, "%", measure))
    truth = {}
    for y in _TARGETS:
        values = np.atleast_1d(spec.inverse(z[at[y]]))
        for name, value in zip(spec.indicators, values, strict=True):
            truth[f"{name} {y}"] = float(value)

    def predict(core: Core, draws: int, rng: Any, full: bool) -> dict[str, np.ndarray]:
        paths = core.paths(list(_TARGETS), draws, rng=rng, full=full)
        out = {}
        for name in spec.indicators:
            level = paths[name].level
            assert level is not None
            for j, y in enumerate(_TARGETS):
                out[f"{name} {y}"] = level[:, j]
        return out

    return Case(frame(rows), truth, predict)
