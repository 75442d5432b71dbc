"""The growth needed: the uniform growth shift at which a target's probability reaches q.

One draw of paths serves every scenario and every grid point (common random numbers), so
the estimated probability is a smooth, monotone function of the shift and the crossing is
found by linear interpolation on the grid rather than chased through Monte Carlo noise.
The shift is added to each scenario's own levers in every year after the planning date.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from ..models import Adjustments
from ..scenarios import Scenario
from .simulation import with_growth_shift

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
    simulator: Any,
    planned: Sequence[Any],
    scenarios: Sequence[Scenario],
    adjustments: Mapping[str, Adjustments],
    *,
    grid: Sequence[float],
    draws: int,
    seed: np.random.SeedSequence,
    start: int,
    probabilities: Sequence[float],
    judge: Callable[..., Mapping[str, Any]],
    progress: bool = False,
) -> pd.DataFrame:
    """Growth shift (pp added in every year from ``start``) needed for each target to reach q.

    Parameters
    ----------
    simulator : Simulator
        Draws and composes the joint paths (:class:`~zzsim.attainment.simulation.Simulator`).
    planned : sequence of PlannedTarget
        Simulated targets.
    scenarios : sequence of Scenario
        The scenarios the shift is added to.
    adjustments : Mapping[str, Adjustments]
        Each scenario's levers over the simulated years.
    grid : sequence of float
        Shifts to evaluate (pp).
    draws : int
        Paths of the one draw every grid point and scenario composes.
    seed : numpy.random.SeedSequence
        Seed of that draw.
    start : int
        First year the shift acts in (the year after the planning date).
    probabilities : sequence of float
        The q values, e.g. (0.5, 0.8).
    judge : callable
        ``judge(planned, paths) -> {target id: Outcome}``.
    progress : bool
        Show a progress bar.

    Returns
    -------
    pandas.DataFrame
        Indexed by (target id, scenario name), one column ``shift_pNN`` per q.
    """
    shifts = np.asarray(sorted(grid), dtype=float)
    draw = simulator.draw(seed, draws)
    future = [y for y in simulator.years if y >= start]
    rows = {}
    bar = tqdm(total=len(scenarios) * shifts.size, desc="growth needed", disable=not progress)
    for scenario in scenarios:
        probs: dict[str, list[float]] = {str(p.target.id): [] for p in planned}
        for shift in shifts:
            moved = with_growth_shift(adjustments[scenario.name], float(shift), future)
            for target_id, outcome in judge(planned, simulator.compose(draw, moved)).items():
                probs[target_id].append(float(outcome.attained.mean()))
            bar.update()
        for target_id, p in probs.items():
            rows[(target_id, scenario.name)] = {
                f"shift_p{round(q * 100)}": crossing(shifts, np.asarray(p), q)
                for q in probabilities
            }
    bar.close()
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index = pd.MultiIndex.from_tuples(frame.index, names=["target_id", "scenario"])
    return frame
