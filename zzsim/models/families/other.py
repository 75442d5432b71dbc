"""The other family: any other positive level (grain output, areas, amounts per person).

**Model** (growth engine, ``trend: constant``): the log level is a random walk with
drift, with no anchor and no tie to GDP.

**Pooled**: the drift (% a year) and the volatility.

**Levers**: volatility only (a growth shift does not apply).

**Synthetic data**: as the count family (levels in 1 to 5 years; levels in 2021, 2025
and 2030 as targets).
"""

from __future__ import annotations

from ._base import Family
from .count import synthetic

__all__ = ["FAMILY"]

FAMILY = Family(
    name="other",
    synthetic=synthetic,
)
