"""Joint simulation of every modelled indicator, with scenario adjustments.

:func:`simulate_joint` is the contract the attainment engine builds on:

- **one path per fit**: ``gdp``, ``gdp_real_growth``, ``gdp_per_capita`` and
  ``population_resident`` come from one real-growth path (with its deflator and population
  paths); the three shares from one composition; each other model from its own fit;
- **shocks travel**: a :class:`Shock` hits GDP real growth and, times the model's
  ``shock_elasticity`` (1 for investment, retail sales and fiscal revenue, 0.5 for
  incomes — an assumption), every other growth indicator in the same repetition and year;
  model innovations are otherwise independent across groups (the data cannot estimate
  cross-correlations);
- **common random numbers**: every group and every shock draws from its own named stream
  of one seed (:mod:`zzsim.rng`), and levers (shifts, drifts, deflator,
  population) consume no random numbers, so the same seed gives the same underlying draws
  whatever the adjustments and P(attain) is smooth in a growth shift;
- **adjustments in years**: growth shifts and deterministic shocks act in the years given
  (including observed years, if a caller asks); random shocks and share drift act only
  after the last data year; ``volatility`` scales every innovation after the last data
  year; levels and growth indices are anchored in the year before ``years[0]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ModelError
from ..rng import RngLike, Streams
from .growth import GrowthCore
from .registry import MODELS, fit, group_of
from .results import Core, Levers, Paths, Results, check_years

__all__ = ["Adjustments", "JointModel", "PathSet", "Shock", "simulate_joint"]


@dataclass(frozen=True)
class Shock:
    """A shock to real GDP growth (and the growth indicators tied to it).

    Parameters
    ----------
    size : float
        Percentage points added to real growth in the year it hits (negative =
        contraction).
    probability : float
        Annual probability of a random event (each year after the last data year);
        ignored when ``year`` is set.
    year : int, optional
        A deterministic shock in this year.
    persistence : float
        Share of the shock still present the next year (geometric decay).
    rebound : float
        Share of ``|size|`` given back the year after (deterministic shocks only).
    """

    size: float
    probability: float = 1.0
    year: int | None = None
    persistence: float = 0.0
    rebound: float = 0.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.probability <= 1.0:
            raise ModelError(f"Shock.probability must be in [0, 1], got {self.probability}")
        if not 0.0 <= self.persistence < 1.0:
            raise ModelError(f"Shock.persistence must be in [0, 1), got {self.persistence}")
        if self.rebound < 0.0:
            raise ModelError(f"Shock.rebound must be >= 0, got {self.rebound}")


@dataclass(frozen=True)
class Adjustments:
    """Scenario levers applied to the joint paths (all defaults: no change).

    Parameters
    ----------
    growth_shift : Mapping[int, float]
        Percentage points added to the growth of every growth-family indicator, by year
        (real growth for GDP, the reported basis for the others).
    growth_shift_by_indicator : Mapping[str, Mapping[int, float]]
        Extra pp for one id (ids of one fit share one path: give one of them).
    volatility : float
        Multiplies the innovation s.d. of all models after the last data year.
    shocks : tuple of Shock
        Shocks to GDP real growth (and the growth indicators tied to it).
    share_drift : Mapping[str, float]
        Percentage points per year added to a sector share after the last data year
        (in log-odds space, re-closed to 100).
    deflator : Mapping[int, float], optional
        GDP deflator inflation (%) by year, replacing the model's draws (None = model).
    population_growth : Mapping[int, float], optional
        Resident population growth (%) by year, replacing the model's draws.
    """

    growth_shift: Mapping[int, float] = field(default_factory=dict)
    growth_shift_by_indicator: Mapping[str, Mapping[int, float]] = field(default_factory=dict)
    volatility: float = 1.0
    shocks: tuple[Shock, ...] = ()
    share_drift: Mapping[str, float] = field(default_factory=dict)
    deflator: Mapping[int, float] | None = None
    population_growth: Mapping[int, float] | None = None

    def __post_init__(self) -> None:
        if self.volatility <= 0.0:
            raise ModelError(f"Adjustments.volatility must be > 0, got {self.volatility}")


class PathSet:
    """Joint simulated paths of several indicators (read-only).

    Parameters
    ----------
    years : tuple of int
        The simulated years (columns).
    repetitions : int
        Number of joint paths (rows).
    paths : Mapping[str, Paths]
        Paths of each id.
    growth_only : Iterable[str]
        Ids whose level is not observed (only growth exists).
    """

    def __init__(
        self,
        years: tuple[int, ...],
        repetitions: int,
        paths: Mapping[str, Paths],
        growth_only: Iterable[str] = (),
    ) -> None:
        self._years = years
        self._reps = repetitions
        self._paths = dict(paths)
        self._growth_only = frozenset(growth_only)
        for p in self._paths.values():
            for arr in (p.level, p.index):
                if arr is not None:
                    arr.setflags(write=False)

    @property
    def years(self) -> tuple[int, ...]:
        """The simulated years."""
        return self._years

    @property
    def repetitions(self) -> int:
        """Number of joint paths."""
        return self._reps

    @property
    def indicators(self) -> tuple[str, ...]:
        """The ids simulated."""
        return tuple(self._paths)

    def _get(self, indicator: str) -> Paths:
        if indicator not in self._paths:
            raise ModelError(
                f"{indicator!r} was not simulated; this PathSet holds {', '.join(self._paths)}"
            )
        return self._paths[indicator]

    def level(self, indicator: str) -> np.ndarray:
        """Return the value of ``indicator`` in each year, ``(repetitions, years)``.

        In the id's unit (:func:`list_models`; nominal for money); observed years carry
        the smoothed observed value; published levels after a later census include the
        revision risk.

        Parameters
        ----------
        indicator : str

        Returns
        -------
        ndarray (read-only)
        """
        p = self._get(indicator)
        if indicator in self._growth_only or p.level is None:
            raise ModelError(
                f"{indicator!r}: no level is observed, only its growth is modelled; "
                "use growth_index()"
            )
        return p.level

    def growth_index(self, indicator: str) -> np.ndarray:
        """Return a level index on the basis the indicator's growth is reported in.

        Real (comparable prices) for GDP, per-capita GDP and value added; nominal for
        investment, retail sales, fiscal revenue and incomes. The index is 100 in the
        year before ``years[0]``, so ``index[:, j] / index[:, i]`` is the growth factor
        between ``years[i]`` and ``years[j]``; it never includes census revisions.

        Parameters
        ----------
        indicator : str

        Returns
        -------
        ndarray (read-only), shape ``(repetitions, years)``
        """
        p = self._get(indicator)
        if p.index is None:
            raise ModelError(f"{indicator!r} is a share or rate: it has no growth index")
        return p.index

    def frame(self, indicator: str) -> pd.DataFrame:
        """Return :meth:`level` as a labelled frame (repetition x year).

        Parameters
        ----------
        indicator : str

        Returns
        -------
        pandas.DataFrame
        """
        frame = pd.DataFrame(self.level(indicator), columns=pd.Index(self._years, name="year"))
        frame.index.name = "repetition"
        return frame

    def __repr__(self) -> str:
        return (
            f"<PathSet {len(self._paths)} indicators x {self._reps} repetitions x "
            f"years {self._years[0]}-{self._years[-1]}>"
        )


def shock_effects(
    shocks: Sequence[Shock],
    span: np.ndarray,
    repetitions: int,
    first_random: int,
    streams: Streams,
) -> np.ndarray:
    """Percentage points added to real growth by the shocks, ``(R or 1, len(span))``.

    Parameters
    ----------
    shocks : sequence of Shock
    span : ndarray of int
        Contiguous years.
    repetitions : int
    first_random : int
        First year random shocks can hit (the year after the last data year).
    streams : Streams
        Source of the random events (stream ``("shock", i)`` for shock ``i``).

    Returns
    -------
    ndarray
    """
    out = np.zeros((1, span.size))
    for i, shock in enumerate(shocks):
        if shock.year is not None:
            effect = np.zeros(span.size)
            for j, year in enumerate(span):
                h = int(year) - shock.year
                if h >= 0:
                    effect[j] += shock.size * shock.persistence**h
                if h == 1:
                    effect[j] -= shock.rebound * shock.size
            out = out + effect
            continue
        u = streams("shock", i).random((repetitions, span.size))
        hit = (u < shock.probability) & (span >= first_random)[None, :]
        carry = np.zeros(repetitions)
        effect2 = np.empty((repetitions, span.size))
        for j in range(span.size):
            carry = shock.persistence * carry + shock.size * hit[:, j]
            effect2[:, j] = carry
        out = out + effect2
    return out


def _year_array(shift: Mapping[int, float], span: np.ndarray) -> np.ndarray:
    return np.array([float(shift.get(int(y), 0.0)) for y in span])[None, :]


def _cores(
    groups: Iterable[str],
    cutoff: int | None,
    data_dir: str | Path | None,
    fitted: Mapping[str, Results] | None,
) -> dict[str, Core]:
    given: dict[str, Core] = {}
    for ind, res in (fitted or {}).items():
        group = group_of(ind)
        if cutoff is not None and res.cutoff != cutoff:
            raise ModelError(f"fitted[{ind!r}] was fitted with cutoff {res.cutoff}, not {cutoff}")
        given.setdefault(group, res.core)
    out: dict[str, Core] = {}
    series = None
    for group in groups:
        if group in given:
            out[group] = given[group]
            continue
        if series is None:
            from ..data import load_series

            series = load_series(data_dir)
        member = next(i.id for i in MODELS if i.group == group)
        out[group] = fit(member, cutoff=cutoff, series=series).core
    return out


def simulate_joint(
    indicators: Iterable[str],
    years: Sequence[int],
    repetitions: int,
    *,
    rng: RngLike,
    cutoff: int | None = None,
    adjustments: Adjustments | None = None,
    data_dir: str | Path | None = None,
    fitted: Mapping[str, Results] | None = None,
) -> PathSet:
    """Simulate joint paths of modelled indicators under scenario adjustments.

    Parameters
    ----------
    indicators : iterable of str
        Modelled ids (see :func:`list_models`).
    years : sequence of int
        Years wanted; may start at or before the last observed year (the year before the
        first is the base of levels and growth indices).
    repetitions : int
        Number of joint paths.
    rng : int, SeedSequence or Generator
        Randomness; the same seed gives the same underlying draws whatever the
        adjustments (common random numbers).
    cutoff : int, optional
        Fit on figures known by then (ignored for ids given in ``fitted``, which must
        match it when both are given).
    adjustments : Adjustments, optional
        Scenario levers (default: none).
    data_dir : str or Path, optional
        Folder of the figure base.
    fitted : Mapping[str, Results], optional
        Already fitted results by id (any id of a group serves the whole group), to avoid
        refitting across calls.

    Returns
    -------
    PathSet

    Raises
    ------
    ModelError
        On an unknown id, a lever on an id that has no growth, or years before the data.
    """
    ids = list(dict.fromkeys(indicators))
    if not ids:
        raise ModelError("no indicators requested")
    groups = list(dict.fromkeys(group_of(i) for i in ids))
    years_t = check_years(years)
    adj = adjustments or Adjustments()
    span = np.arange(years_t[0] - 1, years_t[-1] + 1)
    cores = _cores(groups, cutoff, data_dir, fitted)
    shifted: dict[str, str] = {}
    for ind in adj.growth_shift_by_indicator:
        group = group_of(ind)
        if not isinstance(cores.get(group), GrowthCore) and group in cores:
            raise ModelError(f"growth_shift_by_indicator[{ind!r}]: {ind} has no growth rate")
        if group in shifted:
            raise ModelError(
                f"growth_shift_by_indicator: {shifted[group]!r} and {ind!r} share one growth "
                "path; shift one of them"
            )
        shifted[group] = ind
    streams = Streams(rng)
    last = max(c.last_year for c in cores.values()) if cutoff is None else cutoff
    shocks = shock_effects(adj.shocks, span, repetitions, last + 1, streams)
    common = _year_array(adj.growth_shift, span)
    paths: dict[str, Paths] = {}
    for group, core in cores.items():
        draw = core.draw(years_t, repetitions, streams, volatility=adj.volatility)
        if isinstance(core, GrowthCore):
            pp = common + shocks * core.spec.shock_elasticity
            if group in shifted:
                pp = pp + _year_array(adj.growth_shift_by_indicator[shifted[group]], span)
            levers = Levers(pp, adj.deflator, adj.population_growth)
        else:
            levers = Levers(share_drift=adj.share_drift)
        composed = core.compose(draw, levers)
        for ind in ids:
            if group_of(ind) != group:
                continue
            if ind not in core.members:
                raise ModelError(
                    f"{ind!r} is not served by the model fitted for its group "
                    f"({core.title}); it serves {sorted(core.members)}"
                )
            paths[ind] = composed[core.members[ind].quantity]
    growth_only = [i.id for i in MODELS if i.growth_only]
    return PathSet(years_t, repetitions, {i: paths[i] for i in ids}, growth_only)


class JointModel:
    """Joint paths of fitted models: draw every random number once, compose per scenario.

    Parameters
    ----------
    fitted : Mapping[str, Results]
        Fitted models by indicator (ids of one group share one fit).

    Notes
    -----
    This version composes by re-drawing from the same seed (common random numbers):
    :meth:`draw` records the seed and :meth:`compose` simulates.
    """

    def __init__(self, fitted: Mapping[str, Results]) -> None:
        self._fitted = dict(fitted)

    def draw(
        self, years: Sequence[int], repetitions: int, *, rng: RngLike
    ) -> tuple[tuple[int, ...], int, RngLike]:
        """Return what :meth:`compose` needs to simulate ``repetitions`` paths of ``years``."""
        return check_years(years), repetitions, rng

    def compose(
        self,
        draw: tuple[tuple[int, ...], int, RngLike],
        adjustments: Adjustments | None = None,
    ) -> PathSet:
        """Return the joint paths of a draw under ``adjustments``."""
        years, repetitions, rng = draw
        return simulate_joint(
            list(self._fitted),
            years,
            repetitions,
            rng=rng,
            adjustments=adjustments,
            fitted=self._fitted,
        )
