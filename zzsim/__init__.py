"""zzsim: policy-scenario simulation of Zhuzhou's (株洲市) development plans.

Subpackages (import the one you need, e.g. ``import zzsim.attainment``)
--------------------------------------------------------------------------
data
    The figure base: historical series, plan targets, task rows, agencies — each row with
    its source document and a verbatim quote.
targets
    The target grammar (Chinese plan wording -> ``Target``) and evaluation on joint paths.
models
    Trajectory models (growth, sector structure, bounded rates) with parameter
    uncertainty; ``fit``, ``simulate_joint``.
scenarios
    Scenario files and their levers, applied to copies of the fitted baseline.
attainment
    P(attain) of every target of a plan under scenarios: tables, exports, fan charts.
backtest
    Would zzsim have called past plans right? Scores against naive references.
abm
    The Mesa model of inter-agency task completion, calibrated on the 2016 mid-year report.
"""

from importlib.metadata import PackageNotFoundError, version

from . import data, errors
from .resources import data_dir, examples_dir, scenarios_dir, sources_dir

try:
    __version__ = version("zzsim")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0+unknown"

__all__ = [
    "__version__",
    "data",
    "data_dir",
    "errors",
    "examples_dir",
    "scenarios_dir",
    "sources_dir",
]
