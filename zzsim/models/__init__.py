"""Trajectory models: a model for every indicator with a figure, with honest uncertainty.

Start with :func:`fit` (the model of any indicator with a usable city-wide figure) and
:func:`list_models` (every such indicator, with the evidence behind its model);
:class:`JointModel` draws joint paths of several indicators once and composes them under
scenario :class:`Adjustments` as often as needed (:func:`simulate_joint` does both).

A model is chosen by the indicator's **family** (``indicators.yaml``), and its
specification is data (``models.yaml``, :mod:`~zzsim.models.config`); each family is a
module of :mod:`~zzsim.models.families`:

- ``growth`` (:mod:`~zzsim.models.growth`) — log growth = a published long-run path
  (China's projected growth, declining) + a deviation that decays + one-off years;
  every figure (level, year-on-year, window average, cumulative growth) a linear
  observation; nominal = real + a deflator assumption; census revisions as level shifts;
- ``flow``, ``count``, ``other`` — the log level as a random walk with drift (flows also
  read 累计 sums);
- ``bounded``, ``rate`` (:mod:`~zzsim.models.walk`) — a random walk with drift in logit
  space; ``composition`` — in isometric log-ratio space (draws sum to 100).

With one or two figures an indicator still gets a model: its drift and volatility have
a prior pooled from every other indicator of its family (:mod:`~zzsim.models.pooling`)
under a weakly informative top level, and published evidence enters through
``priors.yaml`` (:mod:`~zzsim.models.priors`: the anchor path, the persistence of growth).
Every fit reports its :class:`~zzsim.models.results.Evidence` — figures, last year and a
grade (``data``, ``data+prior``, ``prior``) from how far the data move the forecast from
the prior.

Parameter uncertainty: innovation variances have a grid posterior (pooled or log-uniform
prior x exact Gaussian likelihood); everything else is Gaussian given the grid point and
integrated exactly (:mod:`~zzsim.models._posterior`). Evidence of calibration:
:mod:`~zzsim.models.calibration` (coverage of 80% intervals on synthetic series of each
family with 1, 2, 3 and 5 figures) and :mod:`~zzsim.models.evaluation` (leave-future-out
CRPS against the rate-of-change baseline, :mod:`~zzsim.models.baseline`). A simulation
reaches at most :data:`MAX_HORIZON` years past an indicator's last figure.
"""

from .assumptions import DEFLATOR, POPULATION_GROWTH, PathAssumption
from .baseline import RateOfChangeBaseline
from .growth import GrowthModel, GrowthSpec
from .joint import Adjustments, JointDraw, JointModel, PathSet, Shock, simulate_joint
from .registry import fit, fit_many, list_models
from .results import MAX_HORIZON, Evidence, Results
from .summary import Summary
from .walk import WalkModel, WalkSpec

__all__ = [
    "DEFLATOR",
    "MAX_HORIZON",
    "POPULATION_GROWTH",
    "Adjustments",
    "Evidence",
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
