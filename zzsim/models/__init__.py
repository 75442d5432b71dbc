"""Trajectory models: fit growth and structure paths from sparse, revised figures.

Start with :func:`fit` (the default model of an indicator id) and :func:`list_models`;
:func:`simulate_joint` draws joint paths of several indicators under scenario
:class:`Adjustments`, for the attainment engine.

Families (see each module's docstring for the equations and choices):

- :mod:`~zzsim.models.growth` — levels that grow: log growth = local-level trend +
  irregular, every figure (year-on-year, window average, cumulative growth, level) a
  linear observation; nominal = real growth + an explicit deflator assumption; census
  revisions as level shifts;
- :mod:`~zzsim.models.walk` — bounded rates (logit) and the three-sector structure (ilr):
  random walk with drift, draws always inside the bounds / summing to 100;
- :mod:`~zzsim.models.baseline` — GBD-style weighted average of past annual rates of
  change, for comparison.

Parameter uncertainty: innovation variances have a grid posterior (log-uniform prior x
exact Gaussian likelihood); everything else is Gaussian given the grid point and
integrated exactly (:mod:`~zzsim.models._posterior`). Evidence:
:mod:`~zzsim.models.calibration` (coverage of 80% intervals on synthetic city-like
series) and :mod:`~zzsim.models.evaluation` (leave-future-out CRPS against the baseline).
"""

from .assumptions import DEFLATOR, POPULATION_GROWTH, PathAssumption
from .baseline import RateOfChangeBaseline
from .growth import GrowthModel, GrowthSpec
from .joint import Adjustments, JointDraw, JointModel, PathSet, Shock, simulate_joint
from .registry import fit, fit_many, list_models
from .results import MAX_HORIZON, Results
from .summary import Summary
from .walk import WalkModel, WalkSpec

__all__ = [
    "DEFLATOR",
    "MAX_HORIZON",
    "POPULATION_GROWTH",
    "Adjustments",
    "GrowthModel",
    "GrowthSpec",
    "JointDraw",
    "JointModel",
    "PathAssumption",
    "PathSet",
    "RateOfChangeBaseline",
    "Results",
    "Shock",
    "Summary",
    "WalkModel",
    "WalkSpec",
    "fit",
    "fit_many",
    "list_models",
    "simulate_joint",
]
