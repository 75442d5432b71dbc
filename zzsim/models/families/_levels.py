"""Synthetic levels of the constant-drift families (flow, count, other).

The truth follows the model's prior: a drift ``p ~ N(init_growth, init_sd^2)`` (% a
year), a volatility drawn from the grid prior, ``log L[t] = log L[t-1] + p + eps[t]``
from the first fitted year. Figures are levels (and, for flows, 累计 sums of the yearly
levels); targets are levels in 2021, 2025 and 2030 and, for flows, the 2021-2025 sum.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..results import Core
from ._base import Case, frame, pick_grid, row

__all__ = ["level_case"]

#: (figure years, a cumulative window or None) by number of figures
_LAYOUT: dict[int, tuple[tuple[int, ...], tuple[int, int] | None]] = {
    1: ((2020,), None),
    2: ((2015, 2020), None),
    3: ((2010, 2015, 2020), None),
    5: ((2016, 2017, 2018, 2019, 2020), None),
}
_FLOW_LAYOUT: dict[int, tuple[tuple[int, ...], tuple[int, int] | None]] = {
    1: ((2020,), None),
    2: ((2015, 2020), None),
    3: ((2015, 2019), (2016, 2020)),
    5: ((2015, 2017, 2019, 2020), (2016, 2020)),
}


def level_case(gen: np.random.Generator, spec: Any, figures: int, *, flow: bool) -> Case:
    """Draw a level path from the prior of ``spec`` and observe it with ``figures`` figures."""
    years, window = (_FLOW_LAYOUT if flow else _LAYOUT)[figures]
    first = min(years[0], window[0] if window else years[0])
    span = np.arange(first, 2031)
    g2 = spec.grid_axes()[1]
    sigma = g2[pick_grid(gen, spec.grid_prior, g2.size)]
    drift = gen.normal(spec.init_growth, spec.init_sd) / 100
    steps = drift + gen.normal(0.0, sigma, span.size)
    steps[0] = 0.0
    log_level = np.log(50.0) + gen.normal(0.0, 0.5) + np.cumsum(steps)
    at = {int(y): i for i, y in enumerate(span)}
    ind, unit = spec.indicator, spec.unit
    rows: list[dict[str, Any]] = []
    for y in years:
        noise = gen.normal(0.0, spec.level_obs_sd["actual"] / 100)
        rows.append(row(len(rows), ind, y, np.exp(log_level[at[y]] + noise), unit, "level"))
    if window is not None:
        total = np.exp(log_level[at[window[0]] : at[window[1]] + 1]).sum()
        noise = gen.normal(0.0, spec.cumulative_obs_sd["actual"] / 100)
        rows.append(
            row(
                len(rows),
                ind,
                window[1],
                total * np.exp(noise),
                unit,
                "cumulative",
                start=window[0],
            )
        )
    truth = {f"level {y}": float(np.exp(log_level[at[y]])) for y in (2021, 2025, 2030)}
    if flow:
        truth["sum 2021-2025"] = float(np.exp(log_level[at[2021] : at[2025] + 1]).sum())

    def predict(core: Core, draws: int, rng: Any, full: bool) -> dict[str, np.ndarray]:
        level = core.paths(range(2021, 2031), draws, rng=rng, full=full)["level"].level
        assert level is not None
        out = {f"level {y}": level[:, y - 2021] for y in (2021, 2025, 2030)}
        if flow:
            out["sum 2021-2025"] = level[:, :5].sum(axis=1)
        return out

    return Case(frame(rows), truth, predict)
