"""Joint simulation of every modelled indicator, with scenario adjustments.

:class:`JointModel` is the contract the attainment engine builds on — **draw once,
compose many**: :meth:`JointModel.draw` makes every random number of a simulation
(parameters, historical states, the state in the last data year and *standardised*
future innovations) and :meth:`JointModel.compose` turns a draw into a :class:`PathSet`
under an :class:`Adjustments`, deterministically (the forward recursion runs there, so
volatility scales the innovations without redrawing them). :func:`simulate_joint` is
draw + compose in one call. The joint paths follow these rules:

- **one path per fit**: ``gdp``, ``gdp_real_growth``, ``gdp_per_capita`` and
  ``population_resident`` come from one real-growth path (with its deflator and population
  paths); the three shares from one composition; each other model from its own fit;
- **shocks travel**: a :class:`Shock` hits GDP real growth and, times the model's
  ``shock_elasticity`` (1 for investment, retail sales and fiscal revenue, 0.5 for
  incomes — an assumption), every other growth indicator in the same repetition and year;
  model innovations are otherwise independent across groups (the data cannot estimate
  cross-correlations);
- **common random numbers**: every group and every shock draws from its own named stream
  of one seed (:mod:`zzsim.rng`), and levers (shifts, volatility, drifts, deflator,
  population) consume no random numbers, so one draw serves every scenario and P(attain)
  is smooth in a growth shift;
- **levers never change a known year**: growth shifts and shocks (random or dated) act in
  the years given that lie after the fit's own last data year, share drift and
  ``volatility`` after it too, so a planner's later figures for one indicator do not move
  when the levers of another start;
- **each fit over its own years**: a fit draws the requested years from the year after
  its first base year on, and its paths hold NaN in requested years before that, so one
  indicator whose figures start late does not keep the others from being simulated;
  levels and growth indices are anchored in the year before the fit's first drawn year.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..data.series import FiguresLike
from ..errors import ModelError
from ..rng import RngLike, Streams
from .registry import figure_base, fit, group_of
from .results import Core, Draw, Levers, Paths, Results, check_horizon, check_years

__all__ = ["Adjustments", "JointDraw", "JointModel", "PathSet", "Shock", "simulate_joint"]


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
    uniforms: Callable[[int], np.ndarray],
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
    uniforms : callable
        ``uniforms(i)`` returns the ``(repetitions, len(span))`` uniforms of random shock
        ``i`` (:meth:`JointDraw.shock_uniforms`).

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
        hit = (uniforms(i) < shock.probability) & (span >= first_random)[None, :]
        carry = np.zeros(repetitions)
        effect2 = np.empty((repetitions, span.size))
        for j in range(span.size):
            carry = shock.persistence * carry + shock.size * hit[:, j]
            effect2[:, j] = carry
        out = out + effect2
    return out


def _padded(paths: dict[str, Paths], width: int) -> dict[str, Paths]:
    """Widen a fit's paths to ``width`` years, with NaN in the years before its own span."""

    def pad(arr: np.ndarray | None) -> np.ndarray | None:
        if arr is None or arr.shape[1] == width:
            return arr
        out = np.full((arr.shape[0], width), np.nan)
        out[:, width - arr.shape[1] :] = arr
        return out

    return {name: Paths(pad(p.level), pad(p.index)) for name, p in paths.items()}


def _year_array(shift: Mapping[int, float], span: np.ndarray) -> np.ndarray:
    return np.array([float(shift.get(int(y), 0.0)) for y in span])[None, :]


@dataclass(frozen=True)
class JointDraw:
    """Every random number of one joint simulation (see :meth:`JointModel.draw`).

    A draw holds, for each fit, the drawn parameters, historical paths, the state in the
    last data year and the standardised innovations of the years after it; the uniforms
    of random shocks come from a stream of the same seed (``("shock", i)`` for the
    ``i``-th shock of an :class:`Adjustments`), drawn on first use and kept.

    Attributes
    ----------
    years : tuple of int
        The simulated years.
    span : ndarray of int
        ``years[0] - 1 .. years[-1]``.
    repetitions : int
        Number of joint paths.
    draws : Mapping[str, Draw]
        The draw of each fit, by group.
    """

    years: tuple[int, ...]
    span: np.ndarray
    repetitions: int
    draws: Mapping[str, Draw]
    _streams: Streams = field(repr=False)
    _uniforms: dict[int, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    def shock_uniforms(self, i: int) -> np.ndarray:
        """Return the uniforms of random shock ``i``, ``(repetitions, len(span))``.

        Parameters
        ----------
        i : int
            Position of the shock in :attr:`Adjustments.shocks`.

        Returns
        -------
        ndarray (read-only)
        """
        if i not in self._uniforms:  # a stream per year: a year's draws do not depend on the span
            u = np.column_stack(
                [self._streams("shock", i, int(y)).random(self.repetitions) for y in self.span]
            )
            u.setflags(write=False)
            self._uniforms[i] = u
        return self._uniforms[i]

    @property
    def nbytes(self) -> int:
        """Memory held by the draw's random numbers (shock uniforms included), in bytes.

        What compose keeps for reuse (the forward recursion at each volatility used, in
        each fit's :attr:`Draw.memo`) is not counted.
        """
        total = sum(u.nbytes for u in self._uniforms.values())
        for draw in self.draws.values():
            for name, value in vars(draw).items():
                if name == "memo":
                    continue
                arrays = value.values() if isinstance(value, dict) else [value]
                total += sum(a.nbytes for a in arrays if isinstance(a, np.ndarray))
        return total


class JointModel:
    """Fitted models of several indicators, simulated jointly: draw once, compose many.

    :meth:`draw` makes every random number of a simulation (parameters, historical
    states, standardised future innovations); :meth:`compose` is deterministic and
    applies the scenario levers. One draw serves every scenario and every grid point of
    a lever search (common random numbers, no redrawing).

    Parameters
    ----------
    fitted : Mapping[str, Results]
        Fitted results by id (:func:`zzsim.models.fit`); ids of one group share the
        first id's fit (one path per fit).

    Raises
    ------
    ModelError
        If ``fitted`` is empty or an id is not served by its group's fit.
    """

    def __init__(self, fitted: Mapping[str, Results]) -> None:
        if not fitted:
            raise ModelError("no indicators requested")
        self._groups: dict[str, str] = {ind: group_of(ind) for ind in fitted}
        self._cores: dict[str, Core] = {}
        for ind, res in fitted.items():
            self._cores.setdefault(self._groups[ind], res.core)
        self._fitted: dict[str, Results] = {}
        for ind, group in self._groups.items():
            core = self._cores[group]
            if ind not in core.members:
                raise ModelError(
                    f"{ind!r} is not served by the model fitted for its group "
                    f"({core.title}); it serves {sorted(core.members)}"
                )
            self._fitted[ind] = Results(core, ind)

    @classmethod
    def fit(
        cls,
        indicators: Iterable[str],
        *,
        cutoff: int | None = None,
        series: pd.DataFrame | None = None,
        data_dir: str | Path | None = None,
        fitted: Mapping[str, Results] | None = None,
        figures: FiguresLike | None = None,
    ) -> JointModel:
        """Fit the default model of every group the ids need (reusing ``fitted``).

        Parameters
        ----------
        indicators : iterable of str
            Modelled ids (see :func:`zzsim.models.list_models`).
        cutoff : int, optional
            Fit on figures known by then (results in ``fitted`` must match it).
        series : pandas.DataFrame, optional
            The figure base (default: :func:`zzsim.data.load_series` of ``data_dir``).
        data_dir : str or Path, optional
            Folder of the figure base.
        fitted : Mapping[str, Results], optional
            Already fitted results by id; any id of a group serves the whole group.
        figures : path, list of paths or DataFrame, optional
            The planner's own figures, merged with the base (instead of ``series``).

        Returns
        -------
        JointModel
        """
        ids = list(dict.fromkeys(indicators))
        if not ids:
            raise ModelError("no indicators requested")
        by_group: dict[str, Results] = {}
        for ind, res in (fitted or {}).items():
            if cutoff is not None and res.cutoff != cutoff:
                raise ModelError(
                    f"fitted[{ind!r}] was fitted with cutoff {res.cutoff}, not {cutoff}"
                )
            by_group.setdefault(group_of(ind), res)
        for ind in ids:
            group = group_of(ind)
            if group not in by_group:
                series = figure_base(series, data_dir, figures)
                figures = None  # merged once
                by_group[group] = fit(ind, cutoff=cutoff, series=series)
        return cls({ind: by_group[group_of(ind)] for ind in ids})

    @property
    def indicators(self) -> tuple[str, ...]:
        """The ids simulated."""
        return tuple(self._fitted)

    @property
    def fitted(self) -> dict[str, Results]:
        """The results of each id (views of the shared fits)."""
        return dict(self._fitted)

    def draw(
        self,
        years: Sequence[int],
        repetitions: int,
        *,
        rng: RngLike,
        starts: Mapping[str, int] | None = None,
    ) -> JointDraw:
        """Draw every random number of a joint simulation of ``years``.

        Parameters
        ----------
        years : sequence of int
            Years wanted; the year before the first is the base of levels and indices.
        repetitions : int
            Number of joint paths.
        rng : int, SeedSequence or Generator
            Randomness; each fit and each shock has its own named stream, so the draws
            of a fit do not depend on which other fits share the model.
        starts : Mapping[str, int], optional
            The first year each id needs (default: the first of ``years``). A fit draws
            from the earliest of its ids' starts (never before the year after its first
            base year), so what it draws does not depend on the years other fits need;
            its paths hold NaN before that.

        Returns
        -------
        JointDraw
        """
        years_t = check_years(years)
        for ind, group in self._groups.items():
            check_horizon(years_t, self._cores[group].last_year, ind)
        streams = Streams(rng)
        wanted: dict[str, int] = {}
        for ind, group in self._groups.items():
            start = (starts or {}).get(ind, years_t[0])
            wanted[group] = min(wanted.get(group, start), start)
        draws = {}
        for group, core in self._cores.items():
            first = max(wanted[group], core.first_year + 1)  # its base year is known
            own = tuple(y for y in years_t if y >= first)
            if not own:
                raise ModelError(
                    f"{group}: every year requested ({years_t[0]}-{years_t[-1]}) needs a base "
                    f"year before the first fitted year {core.first_year}"
                )
            draws[group] = core.draw(own, repetitions, streams)
        span = np.arange(years_t[0] - 1, years_t[-1] + 1)
        return JointDraw(years_t, span, repetitions, draws, streams)

    def compose(self, draw: JointDraw, adjustments: Adjustments | None = None) -> PathSet:
        """Turn a draw into joint paths under scenario levers (no random numbers drawn).

        Parameters
        ----------
        draw : JointDraw
            From :meth:`draw` of this model.
        adjustments : Adjustments, optional
            Scenario levers (default: none).

        Returns
        -------
        PathSet

        Raises
        ------
        ModelError
            On a lever on an id that has no growth or two shifts of one growth path.
        """
        adj = adjustments or Adjustments()
        if set(draw.draws) != set(self._cores):
            raise ModelError("the draw was made by another JointModel")
        shifted: dict[str, str] = {}
        for ind in adj.growth_shift_by_indicator:
            group = group_of(ind)
            core = self._cores.get(group)
            if core is not None and not core.has_growth:
                raise ModelError(f"growth_shift_by_indicator[{ind!r}]: {ind} has no growth rate")
            if group in shifted:
                raise ModelError(
                    f"growth_shift_by_indicator: {shifted[group]!r} and {ind!r} share one "
                    "growth path; shift one of them"
                )
            shifted[group] = ind
        span = draw.span
        common = _year_array(adj.growth_shift, span)
        composed: dict[str, dict[str, Paths]] = {}
        for group, core in self._cores.items():
            own = draw.draws[group]
            cols = slice(int(own.span[0] - span[0]), None)  # the fit's own span
            known = own.span <= core.last_year  # levers never change a known year
            pp = None
            if core.has_growth:
                # random shocks hit after the fit's own last data year (the same uniforms
                # for every fit, so a shock in a year hits every fit that does not know it)
                shocks = shock_effects(
                    adj.shocks, span, draw.repetitions, core.last_year + 1, draw.shock_uniforms
                )
                pp = common + shocks * core.shock_elasticity
                if group in shifted:
                    pp = pp + _year_array(adj.growth_shift_by_indicator[shifted[group]], span)
                pp = np.where(known[None, :], 0.0, pp[:, cols])
            levers = Levers(
                pp, adj.deflator, adj.population_growth, adj.share_drift, adj.volatility
            )
            composed[group] = _padded(core.compose(own, levers), len(draw.years))
        paths = {
            ind: composed[group][self._cores[group].members[ind].quantity]
            for ind, group in self._groups.items()
        }
        growth_only = [
            ind
            for ind, group in self._groups.items()
            if self._cores[group].members[ind].growth_only
        ]
        return PathSet(draw.years, draw.repetitions, paths, growth_only)


def simulate_joint(
    indicators: Iterable[str],
    years: Sequence[int],
    repetitions: int,
    *,
    rng: RngLike,
    cutoff: int | None = None,
    adjustments: Adjustments | None = None,
    series: pd.DataFrame | None = None,
    fitted: Mapping[str, Results] | None = None,
    data_dir: str | Path | None = None,
    figures: FiguresLike | None = None,
) -> PathSet:
    """Simulate joint paths of modelled indicators under scenario adjustments.

    The same as ``model.compose(model.draw(years, repetitions, rng=rng), adjustments)``
    with ``model = JointModel.fit(indicators, ...)``.

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
    series : pandas.DataFrame, optional
        The figure base (default: :func:`zzsim.data.load_series` of ``data_dir``).
    fitted : Mapping[str, Results], optional
        Already fitted results by id (any id of a group serves the whole group), to avoid
        refitting across calls.
    data_dir : str or Path, optional
        Folder of the figure base.
    figures : path, list of paths or DataFrame, optional
        The planner's own figures, merged with the base (instead of ``series``).

    Returns
    -------
    PathSet

    Raises
    ------
    ModelError
        On an unknown id, a lever on an id that has no growth, or years before the data.
    """
    model = JointModel.fit(
        indicators,
        cutoff=cutoff,
        series=series,
        data_dir=data_dir,
        fitted=fitted,
        figures=figures,
    )
    return model.compose(model.draw(years, repetitions, rng=rng), adjustments)
