"""The rate-of-change reference: :class:`zzsim.models.RateOfChangeBaseline` judged like zzsim.

The baseline of the models package (a GBD-style weighted average of past annual rates of
change, recent years weighing more, with the weighted spread of the past rates as its
uncertainty — none when a single rate is known) is fitted at the cutoff for every
indicator zzsim simulates, its joint paths are drawn with :func:`zzsim.models.simulate_joint`
and every target is judged on them by :func:`zzsim.attainment.judge`, exactly as zzsim's
own paths are. The result is an :class:`~zzsim.attainment.Attainment`, so its
probabilities and 80% intervals are in the same terms as zzsim's. Scenario levers are not
applied: the reference is the same under every scenario.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..attainment import Attainment, PlannedTarget, judge
from ..errors import ModelError
from ..models import RateOfChangeBaseline, simulate_joint
from ..scenarios import load_scenario

__all__ = ["baseline_attainment"]


def baseline_attainment(
    planned: Sequence[PlannedTarget],
    cutoff: int,
    draws: int,
    *,
    rng: int,
    series: pd.DataFrame | None = None,
) -> Attainment:
    """Attainment probabilities of the rate-of-change baseline.

    Parameters
    ----------
    planned : sequence of PlannedTarget
        The plan's targets as classified by :func:`zzsim.attainment.plan_targets`; the
        simulated ones are judged.
    cutoff : int
        Fit the baseline on what was known at this year.
    draws : int
        Joint paths simulated.
    rng : int
        Seed of the paths.
    series : pandas.DataFrame, optional
        The figure base's series (default :func:`zzsim.data.load_series`).

    Returns
    -------
    Attainment
        One scenario (named ``baseline``, with no levers applied); targets whose
        indicator has no baseline at the cutoff (:class:`~zzsim.errors.ModelError`: too
        little data) have no outcome (NaN probability).
    """
    simulated = [p for p in planned if p.simulated]
    fitted = {}
    for indicator in sorted({str(p.target.indicator) for p in simulated}):
        try:
            fitted[indicator] = RateOfChangeBaseline(indicator, cutoff=cutoff, series=series).fit()
        except ModelError:
            continue  # too little data at the cutoff: no reference forecast
    usable = [p for p in simulated if p.target.indicator in fitted]
    judged = {}
    if usable:
        years = range(min(p.years[0] for p in usable), max(p.years[1] for p in usable) + 1)
        paths = simulate_joint(
            list(fitted), tuple(years), draws, rng=rng, cutoff=cutoff, fitted=fitted
        )
        judged = judge(usable, paths)
    hits = [j.attained for j in judged.values()]
    joint = np.logical_and.reduce(hits).mean() if hits else np.nan
    scenario = load_scenario("baseline")
    attainment = Attainment(
        planned=tuple(planned),
        scenarios=(scenario,),
        draws=draws,
        outcomes={scenario.name: judged},
        lever=pd.DataFrame(),
        joint=pd.Series({scenario.name: float(joint)}, name="joint"),
        seed=rng,
    )
    return attainment
