"""The bounded family: rates in (0, 100) that saturate (urbanisation, forest cover).

**Model** (:mod:`zzsim.models.walk`, ``transform: logit``): a random walk with drift in
logit space, so a constant drift is a logistic curve and every draw stays inside
(0, 100); bounds on the average annual change (``年均提高 1.83 个百分点以上``) condition
the path by exact rejection sampling; census revisions are shifts in logit space.

**Pooled**: the drift (logit a year) and the volatility.

**Levers**: volatility only.

**Synthetic data**: a rate near 55% observed in 1 to 5 years; targets are the rate in
2021, 2025 and 2030.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._base import Case, Family
from ._rates import rate_case

__all__ = ["FAMILY"]


def synthetic(gen: np.random.Generator, spec: Any, figures: int) -> Case:
    """Draw a bounded rate from the prior of ``spec`` and observe it (module docstring)."""
    return rate_case(gen, spec, figures, np.array([55.0]))


FAMILY = Family(
    name="bounded",
    synthetic=synthetic,
)
