"""The rate family: other rates and ratios (R&D intensity, unemployment, contributions).

**Model**: as the bounded family (logit random walk with drift, so a rate stays in
(0, 100)); its defaults are its own in ``models.yaml``. A share of GDP for which the
documents give no numerator (R&D spending, private-sector value added) is modelled as a
rate: it rides on the GDP path only where its numerator has figures.

**Pooled**: the drift (logit a year) and the volatility.

**Levers**: volatility only.

**Synthetic data**: a rate near 3% (the size of R&D intensity) observed in 1 to 5
years; targets are the rate in 2021, 2025 and 2030.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._base import Case, Family
from ._rates import rate_case

__all__ = ["FAMILY"]


def synthetic(gen: np.random.Generator, spec: Any, figures: int) -> Case:
    """Draw a small rate from the prior of ``spec`` and observe it (module docstring)."""
    return rate_case(gen, spec, figures, np.array([3.0]))


FAMILY = Family(
    name="rate",
    synthetic=synthetic,
)
