"""Explicit assumptions that turn real growth into nominal and per-capita paths.

The figure base holds no price index and only three population figures, so the GDP
deflator and the population growth rate are **assumptions**, not data. Each is a
:class:`PathAssumption`: an assumed mean annual rate (optionally year by year) and an
uncertainty band, simulated as a stationary AR(1) deviation around the mean. They enter
the GDP model as latent series, so the figures that do exist (nominal levels, the
population counts) update them through the likelihood — but where the data are silent,
the forecast shows the assumption, and the summary says so.

Defaults (override with ``fit("gdp", deflator=..., population=...)`` or, in a scenario,
``Adjustments(deflator=..., population_growth=...)``):

==================  ======  ==========  ===========  ==========================================
assumption          mean    s.d. (pp)   persistence  why
==================  ======  ==========  ===========  ==========================================
GDP deflator        2.0 %   1.5         0.5          about the national average of 2011-2020;
                                                     wide enough for the 2015 and 2020 lows
population growth   0.0 %   0.4         0.8          no trend assumed; the 2011-2015 estimates
                                                     rose and the 2020 census came in lower
==================  ======  ==========  ===========  ==========================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from ..errors import ModelError

__all__ = ["DEFLATOR", "POPULATION_GROWTH", "PathAssumption", "as_assumption"]


@dataclass(frozen=True)
class PathAssumption:
    """An assumed annual rate with uncertainty: mean path plus an AR(1) deviation.

    Parameters
    ----------
    name : str
        What the rate is (shown in summaries).
    mean : float
        Assumed rate, % per year, for years not in ``by_year``.
    sd : float
        Stationary standard deviation of the deviation from the mean, percentage points.
    persistence : float
        AR(1) coefficient of the deviation, in [0, 1).
    by_year : Mapping[int, float]
        Year-specific means (%), overriding ``mean``.
    """

    name: str
    mean: float
    sd: float
    persistence: float
    by_year: Mapping[int, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0.0 <= self.persistence < 1.0:
            raise ModelError(f"{self.name}: persistence must be in [0, 1), got {self.persistence}")
        if self.sd < 0.0:
            raise ModelError(f"{self.name}: sd must be >= 0, got {self.sd}")

    def log_mean(self, years: Iterable[int]) -> np.ndarray:
        """Return ``log(1 + rate/100)`` of the assumed mean for each year.

        Parameters
        ----------
        years : iterable of int

        Returns
        -------
        ndarray
        """
        rates = [self.by_year.get(int(y), self.mean) for y in years]
        return np.log1p(np.asarray(rates, dtype=float) / 100.0)

    @property
    def log_sd(self) -> float:
        """Stationary standard deviation in log units (``sd / 100``)."""
        return self.sd / 100.0


DEFLATOR = PathAssumption("GDP deflator inflation (%)", mean=2.0, sd=1.5, persistence=0.5)
POPULATION_GROWTH = PathAssumption(
    "resident population growth (%)", mean=0.0, sd=0.4, persistence=0.8
)


def as_assumption(
    value: PathAssumption | float | Mapping[int, float], default: PathAssumption
) -> PathAssumption:
    """Coerce a user's override into a :class:`PathAssumption`.

    Parameters
    ----------
    value : PathAssumption, float or Mapping[int, float]
        A full assumption; a mean rate (%); or year-specific means (%).
    default : PathAssumption
        Supplies the fields the override leaves out.

    Returns
    -------
    PathAssumption
    """
    if isinstance(value, PathAssumption):
        return value
    if isinstance(value, Mapping):
        return PathAssumption(
            default.name, default.mean, default.sd, default.persistence, dict(value)
        )
    return PathAssumption(default.name, float(value), default.sd, default.persistence)
