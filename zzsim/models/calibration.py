"""Calibration on synthetic series: do 80% intervals cover 80%, family by family.

:func:`coverage_study` repeats, for many synthetic datasets of one family observed with
1, 2, 3 or 5 figures:

1. draw a "true" history and future from the model's own prior (the family's defaults
   and top-level prior, :func:`zzsim.models.registry.family_spec`) with the family's
   generator — numpy recursions written apart from the engines' stacked design
   (:mod:`zzsim.models.families`);
2. observe it with the given number of figures (growth: a level and 0-4 growth rates;
   flows: yearly values and a 累计 sum; counts and other levels: levels; rates and shares:
   values), with the model's observation noise;
3. fit the model on those figures and check whether its central interval covers the
   truth for each target (values and growth one, five and ten years ahead).

A correct implementation covers at the nominal rate whatever the number of figures
(simulation-based calibration): with one figure the interval is the prior's, wide and
right. ``full=False`` simulates with the parameters and states fixed at the posterior
mode (shock-only simulation) to show what ignoring parameter uncertainty costs. The
pooled priors the models use on the city's data are estimated from the base (empirical
Bayes) and are checked by the leave-future-out scores instead
(:mod:`zzsim.models.evaluation`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ModelError
from ..rng import RngLike, Streams
from .config import load_config
from .families import FIGURE_COUNTS, family
from .growth import GrowthSpec
from .registry import family_spec, fit_spec
from .results import Member
from .walk import WalkSpec

__all__ = ["CoverageStudy", "coverage_study", "synthetic_spec"]

#: units of the synthetic series of the growth-engine families
_UNITS = {"growth": "亿元", "flow": "万人", "count": "家", "other": "万吨"}


@dataclass(frozen=True)
class CoverageStudy:
    """Result of :func:`coverage_study`.

    Attributes
    ----------
    family : str
        The family.
    figures : int
        Figures per synthetic dataset.
    full : bool
        Whether parameter and state uncertainty were simulated.
    level : float
        Nominal coverage of the intervals.
    datasets : int
        Number of synthetic datasets.
    hits : pandas.DataFrame
        One row per dataset, one boolean column per target.
    """

    family: str
    figures: int
    full: bool
    level: float
    datasets: int
    hits: pd.DataFrame

    @property
    def coverage(self) -> float:
        """Share of (dataset, target) pairs whose interval covers the truth."""
        return float(self.hits.to_numpy(dtype=float).mean())

    @property
    def by_target(self) -> pd.Series:
        """Coverage of each target."""
        return self.hits.astype(float).mean().rename("coverage")

    @property
    def standard_error(self) -> float:
        """Monte Carlo s.e. of :attr:`coverage`, treating datasets as independent clusters."""
        per_dataset = self.hits.to_numpy(dtype=float).mean(axis=1)
        return float(per_dataset.std(ddof=1) / np.sqrt(per_dataset.size))

    def __repr__(self) -> str:
        return (
            f"<CoverageStudy {self.family} with {self.figures} figure(s) full={self.full}: "
            f"{self.coverage:.3f} +- {self.standard_error:.3f} of {self.level:.0%} "
            f"intervals cover, {self.datasets} datasets>"
        )


def synthetic_spec(name: str) -> GrowthSpec | WalkSpec:
    """Return the specification of a synthetic series of family ``name``.

    The family's defaults and top-level prior, on a series outside the figure base
    (no census revisions; nominal growth for the growth family).

    Parameters
    ----------
    name : str
        A family.

    Returns
    -------
    GrowthSpec or WalkSpec
    """
    family(name)  # unknown families fail here
    if load_config().engine(name) == "growth":
        unit = _UNITS[name]
        members = {"syn": Member("level", "syn", unit)}
        return family_spec(
            name, indicator="syn", unit=unit, members=members, census=None, price_basis="nominal"
        )
    parts = ("syn_a", "syn_b", "syn_c") if name == "composition" else ("syn",)
    members = {p: Member(p, p, "%") for p in parts}
    return family_spec(name, indicators=parts, members=members, census=None)


def coverage_study(
    name: str = "growth",
    datasets: int = 200,
    *,
    figures: int = 3,
    rng: RngLike,
    level: float = 0.8,
    draws: int = 1000,
    full: bool = True,
) -> CoverageStudy:
    """Measure the coverage of a family's central intervals on synthetic data.

    Parameters
    ----------
    name : str
        A family (``growth``, ``composition``, ``bounded``, ``rate``, ``flow``,
        ``count``, ``other``).
    datasets : int
        Number of synthetic datasets.
    figures : {1, 2, 3, 5}
        Figures observed in each dataset.
    rng : int, SeedSequence or Generator
        Randomness (dataset ``i`` uses its own streams).
    level : float
        Nominal coverage of the intervals.
    draws : int
        Simulated paths per fit.
    full : bool
        False: shock-only simulation (parameters and states at the posterior mode).

    Returns
    -------
    CoverageStudy

    Raises
    ------
    ModelError
        On an unknown family or number of figures.
    """
    if figures not in FIGURE_COUNTS:
        raise ModelError(f"figures must be one of {FIGURE_COUNTS}, got {figures!r}")
    spec = synthetic_spec(name)
    make = family(name).synthetic
    streams = Streams(rng)
    tail = (1.0 - level) / 2.0
    hits = []
    for i in range(datasets):
        case = make(streams("data", i), spec, figures)
        core = fit_spec(spec, series=case.series).core
        sims = case.predict(core, draws, streams("fit", i), full)
        row = {}
        for target, value in case.truth.items():
            lo, hi = np.quantile(sims[target], [tail, 1.0 - tail])
            row[target] = bool(lo <= value <= hi)
        hits.append(row)
    return CoverageStudy(name, figures, full, level, datasets, pd.DataFrame(hits))
