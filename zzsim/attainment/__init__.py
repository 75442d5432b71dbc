"""The attainment engine: P(attain) of every target of a plan under named scenarios.

:func:`run_attainment` returns an :class:`Attainment` (tables, joint probabilities, what
each probability rests on, progress at the planning date); :func:`export` writes it for a
draft (.csv, .md, .tex, .xlsx, .docx); :func:`plot_fan` draws one target's fan chart.
"""

from .exports import FORMATS, LABELS, compact_table, draft_table, export
from .fan import fan_quantiles, plot_fan
from .levers import crossing, growth_needed
from .pipeline import CHUNK, attainment_table, check_memory, judge, run_attainment
from .plan import NOT_MODELLED, REASON_KINDS, Method, PlannedTarget, plan_targets, present_year
from .progress import Progress
from .results import Attainment, Evidence

__all__ = [
    "CHUNK",
    "FORMATS",
    "LABELS",
    "NOT_MODELLED",
    "REASON_KINDS",
    "Attainment",
    "Evidence",
    "Method",
    "PlannedTarget",
    "Progress",
    "attainment_table",
    "check_memory",
    "compact_table",
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
