"""The flow family: things counted anew each year (new urban jobs, labour transferred).

**Model** (growth engine, ``trend: constant``): the log of the yearly flow is a random
walk with drift; levels and counts are observations of the yearly value, a 累计 sum over
a window an observation of the mean of the logs (``cumulative: true``). A target stated
as a cumulative sum is judged on the sum of the simulated yearly values.

**Pooled**: the drift (% a year) and the volatility.

**Levers**: volatility only; a growth shift has no meaning for a count of new jobs and
does not apply.

**Synthetic data**: figures are yearly values (and a 2016-2020 sum for 3 and 5
figures); targets are the values in 2021, 2025, 2030 and the 2021-2025 sum.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._base import Case, Family
from ._levels import level_case

__all__ = ["FAMILY"]


def synthetic(gen: np.random.Generator, spec: Any, figures: int) -> Case:
    """Draw a flow from the prior of ``spec`` and observe it (module docstring)."""
    return level_case(gen, spec, figures, flow=True)


FAMILY = Family(
    name="flow",
    synthetic=synthetic,
)
