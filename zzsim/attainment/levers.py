"""The growth needed: the uniform growth shift at which a target's probability reaches q.

The same root seed is used at every grid point (common random numbers), so the estimated
probability is a smooth, monotone function of the shift and the crossing is found by
linear interpolation on the grid rather than chased through Monte Carlo noise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..scenarios import Scenario

__all__ = ["crossing", "growth_needed"]


def crossing(shifts: np.ndarray, probs: np.ndarray, q: float) -> float:
    """Shift at which a monotone probability curve crosses ``q``.

    Parameters
    ----------
    shifts : ndarray
        Increasing grid of shifts (pp).
    probs : ndarray
        P(attain) at each shift.
    q : float
        The probability sought.

    Returns
    -------
    float
        The interpolated shift. ``-inf`` if the probability is at least ``q`` over the whole
        grid (met whatever the shift), ``+inf`` if it stays below ``q`` over the whole grid
        (not reached by any shift tried), whether higher growth helps the target or hurts
        it; NaN if the shift does not move the probability at all.
    """
    if np.ptp(probs) == 0.0:
        return float("nan")
    increasing = probs[-1] >= probs[0]
    x, p = (shifts, probs) if increasing else (-shifts[::-1], probs[::-1])
    p = np.maximum.accumulate(p)  # the monotone envelope (CRN keeps it nearly monotone)
    if p[0] >= q:
        return float("-inf")
    if p[-1] < q:
        return float("inf")
    j = int(np.argmax(p >= q))
    x0, x1, p0, p1 = x[j - 1], x[j], p[j - 1], p[j]
    value = x1 if p1 == p0 else x0 + (q - p0) * (x1 - x0) / (p1 - p0)
    return float(value if increasing else -value)


def growth_needed(
    planned: Sequence[Any],
    scenario: Scenario,
    years: Sequence[int],
    grid: Sequence[float],
    draws: int,
    *,
    rng: int,
    cutoff: int | None,
    fitted: Mapping[str, Any],
    probabilities: Sequence[float],
    start: int,
    simulate: Callable[..., Any],
    judge: Callable[..., Mapping[str, Any]],
) -> pd.DataFrame:
    """Growth shift (pp added in every future year) needed for each target to reach each q.

    Parameters
    ----------
    planned : sequence of PlannedTarget
        Simulated targets.
    scenario : Scenario
        The scenario the shift is added to.
    years : sequence of int
        Simulated years.
    grid : sequence of float
        Shifts to evaluate (pp).
    draws : int
        Paths per grid point.
    rng : int
        Root seed, the same at every grid point.
    cutoff : int or None
        As for the fitted models.
    fitted : mapping
        Fitted results by indicator, reused at every grid point.
    probabilities : sequence of float
        The q values, e.g. (0.5, 0.8).
    start : int
        First year the shift acts in (the year after the last known figure).
    simulate, judge : callable
        :func:`zzsim.models.simulate_joint` and :func:`zzsim.attainment.engine.judge`.

    Returns
    -------
    pandas.DataFrame
        Indexed by (target id, scenario name), one column ``shift_pNN`` per q.
    """
    shifts = np.asarray(sorted(grid), dtype=float)
    indicators = sorted({str(p.target.indicator) for p in planned})
    probs: dict[str, list[float]] = {str(p.target.id): [] for p in planned}
    for shift in shifts:
        adjustments = scenario.shifted(float(shift)).adjustments(years, start=start)
        paths = simulate(
            indicators, years, draws, rng=rng, cutoff=cutoff, adjustments=adjustments, fitted=fitted
        )
        for target_id, judged in judge(planned, paths).items():
            probs[target_id].append(float(judged.attained.mean()))
    rows = {
        (target_id, scenario.name): {
            f"shift_p{round(q * 100)}": crossing(shifts, np.asarray(p), q) for q in probabilities
        }
        for target_id, p in probs.items()
    }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index = pd.MultiIndex.from_tuples(frame.index, names=["target_id", "scenario"])
    return frame
