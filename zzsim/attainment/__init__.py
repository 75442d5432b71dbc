"""The attainment engine: P(attain) of every target of a plan under named scenarios."""

from .engine import Attainment, attainment_table, judge, run_attainment
from .exports import LABELS, draft_table, export
from .fan import fan_quantiles, plot_fan
from .levers import crossing, growth_needed
from .plan import NOT_MODELLED, PlannedTarget, plan_targets, present_year

__all__ = [
    "LABELS",
    "NOT_MODELLED",
    "Attainment",
    "PlannedTarget",
    "attainment_table",
    "crossing",
    "draft_table",
    "export",
    "fan_quantiles",
    "growth_needed",
    "judge",
    "plan_targets",
    "plot_fan",
    "present_year",
    "run_attainment",
]
