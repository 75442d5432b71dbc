"""The count family: stocks of things counted (firms, facilities, base stations).

**Model** (growth engine, ``trend: constant``): the log of the stock is a random walk
with drift; a level or count is an observation of the stock in its year.

**Pooled**: the drift (% a year) and the volatility.

**Levers**: volatility only (a growth shift does not apply).

**Synthetic data**: figures are stock levels in 1 to 5 years; targets are the stock in
2021, 2025 and 2030.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._base import Case, Family
from ._levels import level_case

__all__ = ["FAMILY"]


def synthetic(gen: np.random.Generator, spec: Any, figures: int) -> Case:
    """Draw a stock from the prior of ``spec`` and observe it (module docstring)."""
    return level_case(gen, spec, figures, flow=False)


FAMILY = Family(
    name="count",
    synthetic=synthetic,
)
