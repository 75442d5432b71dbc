"""The rate-of-change reference: :class:`zzsim.models.RateOfChangeBaseline` judged like zzsim.

The baseline of the models package (a GBD-style weighted average of past annual rates of
change, recent years weighing more, with the weighted spread of the past rates as its
uncertainty — none when a single rate is known) is fitted at the cutoff for every
indicator zzsim simulates, its joint paths are drawn with :func:`zzsim.models.simulate_joint`
and every target is judged on them by :func:`zzsim.attainment.run_attainment`, exactly as
zzsim's own paths are. The result is an :class:`~zzsim.attainment.Attainment`, so its
probabilities and 80% intervals are in the same terms as zzsim's. Scenario levers are not
applied: the reference is the same under every scenario.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..attainment import Attainment, run_attainment
from ..models import RateOfChangeBaseline

__all__ = ["baseline_attainment"]


def baseline_attainment(
    targets: Any,
    cutoff: int,
    draws: int,
    *,
    rng: int,
    series: pd.DataFrame | None = None,
) -> Attainment:
    """Attainment probabilities of the rate-of-change baseline.

    Parameters
    ----------
    targets : str, DataFrame or iterable of Target
        The plan's targets (as :func:`zzsim.attainment.run_attainment` takes them).
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
        One scenario (``baseline``, no levers); targets whose indicator has no baseline
        at the cutoff (too little data) are not modelled, with the reason.
    """

    def fit(indicator: str) -> Any:
        return RateOfChangeBaseline(indicator, cutoff=cutoff, series=series).fit()

    return run_attainment(
        targets,
        "baseline",
        draws,
        rng=rng,
        as_of=cutoff,
        series=series,
        progress=False,
        lever_grid=(),
        fit=fit,
    )
