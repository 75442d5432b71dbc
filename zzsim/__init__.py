"""zzsim: policy-scenario simulation of Zhuzhou's (株洲市) development plans.

Subpackages
-----------
data
    The figure base: historical series, plan targets, task rows, agencies — each row with
    its source document and a verbatim quote.
"""

from importlib.metadata import PackageNotFoundError, version

from . import data, errors
from .resources import data_dir, scenarios_dir, sources_dir

try:
    __version__ = version("zzsim")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0+unknown"

__all__ = ["__version__", "data", "data_dir", "errors", "scenarios_dir", "sources_dir"]
