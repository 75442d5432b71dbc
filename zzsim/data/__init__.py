"""The figure base: historical series, plan targets, task rows and registries.

Every row carries its provenance (``source`` file and verbatim ``quote``). See
``data/README.md`` for the schema of each kind.
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
from .tables import load_series, load_targets, load_tasks, split_agencies
from .views import coverage, disagreements

__all__ = [
    "AgencyRegistry",
    "check",
    "coverage",
    "disagreements",
    "load_agencies",
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
