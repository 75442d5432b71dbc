"""The composition family: parts of a whole that sum to 100 (the three-sector structure).

**Model** (:mod:`zzsim.models.walk`, ``transform: ilr``): an isotropic random walk with
drift in isometric log-ratio coordinates; every draw sums to 100 and stays inside
(0, 100); a structure printed on two census bases estimates the revision shift. The
parts are a group of ``models.yaml`` (``parts``).

**Pooled**: the drift of each ilr coordinate and the volatility (across compositions).

**Levers**: volatility, share drift (pp a year added to a part, re-closed to 100).

**Synthetic data**: a structure near 9.7:57.8:32.5 observed in 1 to 5 years; targets
are the three shares in 2021, 2025 and 2030.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._base import Case, Family
from ._rates import rate_case

__all__ = ["FAMILY"]


def synthetic(gen: np.random.Generator, spec: Any, figures: int) -> Case:
    """Draw a composition from the prior of ``spec`` and observe it (module docstring)."""
    return rate_case(gen, spec, figures, np.array([9.7, 57.8, 32.5]))


FAMILY = Family(
    name="composition",
    synthetic=synthetic,
)
