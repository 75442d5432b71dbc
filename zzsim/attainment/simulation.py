"""The joint paths the engine judges: one draw per chunk, composed once per scenario and lever.

All random numbers of a chunk are drawn once (:meth:`Simulator.draw`); every scenario
and every grid point of the growth-needed search composes the same draw with its own
levers (:meth:`Simulator.compose`), so differences between scenarios and lever values
are differences of levers, not of Monte Carlo noise (common random numbers).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from ..models import Adjustments, JointModel, PathSet

__all__ = ["Simulator", "with_growth_shift"]


class Simulator:
    """Draw and compose joint paths of the fitted models over the simulated years.

    Parameters
    ----------
    fitted : Mapping[str, Results]
        The fitted trajectory models, by indicator.
    years : sequence of int
        The simulated years (contiguous).
    starts : Mapping[str, int], optional
        The first year each indicator needs (see :meth:`zzsim.models.JointModel.draw`):
        an indicator's draws then depend on its own years only, not on its neighbours'.
    """

    def __init__(
        self,
        fitted: Mapping[str, Any],
        years: Sequence[int],
        starts: Mapping[str, int] | None = None,
    ) -> None:
        self.years = tuple(int(y) for y in years)
        self.indicators = tuple(sorted(fitted))
        self.starts = dict(starts or {})
        self._joint = JointModel(fitted)

    def draw(self, seed: np.random.SeedSequence, repetitions: int) -> Any:
        """Draw every random number of ``repetitions`` joint paths from ``seed``."""
        return self._joint.draw(self.years, repetitions, rng=seed, starts=self.starts)

    def compose(self, draw: Any, adjustments: Adjustments) -> PathSet:
        """Apply the levers of one scenario (and lever value) to a draw."""
        return self._joint.compose(draw, adjustments)


def with_growth_shift(adjustments: Adjustments, pp: float, years: Sequence[int]) -> Adjustments:
    """Return ``adjustments`` with ``pp`` points added to growth in each of ``years``.

    This is the lever of the growth-needed search; it is added to the scenario's own
    shifts after the scenario was validated, so a scenario at the edge of what its schema
    allows can still be searched around.
    """
    shift = dict(adjustments.growth_shift)
    for year in years:
        shift[int(year)] = shift.get(int(year), 0.0) + pp
    return replace(adjustments, growth_shift=shift)
