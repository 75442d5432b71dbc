"""The figure base: historical series, plan targets, task rows and registries.

Every built-in row carries its provenance (``source`` file and verbatim ``quote``). The
planner's own figures (:func:`load_figures`, ``figures=`` of :func:`load_series`) carry
their own citation and are tagged ``origin == "user"``. See ``data/README.md`` for the
schema of each kind.
"""

from .checks import check, summary
from .plots import plot_levels, plot_structure
from .provenance import verify_provenance
from .registries import (
    AgencyRegistry,
    load_agencies,
    load_indicators,
    load_sources,
    load_units,
)
from .series import FiguresLike, load_figures, load_series
from .tables import load_targets, load_tasks, split_agencies
from .views import coverage, disagreements

__all__ = [
    "AgencyRegistry",
    "FiguresLike",
    "check",
    "coverage",
    "disagreements",
    "load_agencies",
    "load_figures",
    "load_indicators",
    "load_series",
    "load_sources",
    "load_targets",
    "load_tasks",
    "load_units",
    "plot_levels",
    "plot_structure",
    "split_agencies",
    "summary",
    "verify_provenance",
]
