"""The results object shared by every trajectory model, in the statsmodels style.

A fitted model is a *core* (family-specific: it knows how to draw latent paths and turn
them into quantities) seen through a :class:`Results` view for one indicator id. The
GDP model serves ``gdp``, ``gdp_real_growth``, ``gdp_per_capita`` and
``population_resident`` from one fit; :meth:`Results.view` switches between them without
refitting.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ModelError
from ..rng import RngLike, Streams
from .summary import Summary

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "DATA_WEIGHT",
    "MAX_HORIZON",
    "PRIOR_WEIGHT",
    "Core",
    "Draw",
    "Evidence",
    "Levers",
    "Member",
    "Paths",
    "Results",
]

#: the furthest a model simulates: this many years after the last year its figures inform.
#: The published anchors of long-run growth end in 2030 and the census calendars in 2040;
#: beyond a generation the assumptions (deflator, population, revisions) say nothing.
MAX_HORIZON = 30
#: a forecast whose data weight is at least this much is graded ``data``
DATA_WEIGHT = 0.5
#: below this data weight a forecast is graded ``prior``
PRIOR_WEIGHT = 0.2


@dataclass(frozen=True)
class Evidence:
    """What a model's forecast rests on.

    The grade compares the forecast with the prior: the **data weight**
    ``w = 1 - Var_post(o) / Var_prior(o)`` of the state ``o`` that drives the forecast
    (the deviation from the anchor in the last data year, the trend growth and slope,
    the drift of a level, or the drift of a rate or share; :attr:`Core.outlook`), with
    both variances over the whole posterior and the whole prior (grid of volatilities
    included). In a normal model it is exactly the weight of the data in the posterior
    mean (``mean_post = w * estimate + (1 - w) * mean_prior``): how far the data move the
    forecast from what the prior alone says.

    - ``data``: ``w >= 0.5`` — the data weigh at least as much as the prior;
    - ``data+prior``: ``0.2 <= w < 0.5``;
    - ``prior``: ``w < 0.2`` — the prior is more than four times as precise as the data;
      the forecast is mostly the family's pooled prior and the published evidence.

    Attributes
    ----------
    figures : int
        Rows of the figure base that fed the model (known at the cutoff), bounds included.
    last_year : int or None
        Year of the latest of them.
    grade : {"data", "data+prior", "prior"}
    weight : float
        The data weight ``w``.
    """

    figures: int
    last_year: int | None
    grade: str
    weight: float

    @classmethod
    def of(cls, figures: int, last_year: int | None, weight: float) -> Evidence:
        """Grade a data weight (see the class docstring)."""
        grade = (
            "data" if weight >= DATA_WEIGHT else "data+prior" if weight >= PRIOR_WEIGHT else "prior"
        )
        return cls(figures, last_year, grade, float(weight))


@dataclass(frozen=True)
class Member:
    """An indicator id served by a fitted model.

    Attributes
    ----------
    quantity : str
        Key of the quantity in the model's composed paths.
    name : str
        Chinese name (for labels).
    unit : str
        Unit of the reported values.
    growth_only : bool
        True where no level is observed: the reported value is the growth rate (%), and
        :meth:`zzsim.models.PathSet.level` refuses the id.
    """

    quantity: str
    name: str
    unit: str
    growth_only: bool = False


@dataclass(frozen=True)
class Paths:
    """Simulated paths of one quantity over the requested years.

    Attributes
    ----------
    level : ndarray or None
        ``(repetitions, years)``: the reported value (level, rate, share or growth %).
    index : ndarray or None
        ``(repetitions, years)``: a level index on the basis growth is reported in,
        100 in the year before the first requested year; None where growth has no meaning
        (shares, rates).
    """

    level: np.ndarray | None
    index: np.ndarray | None


@dataclass(frozen=True)
class Levers:
    """Scenario levers as one model needs them (built by the joint simulator).

    Attributes
    ----------
    growth_pp : ndarray or None
        Percentage points added to the model's growth rate, shape ``(R or 1, span)``
        aligned with :attr:`Draw.span` (shifts, shocks times the model's elasticity).
    deflator : Mapping[int, float] or None
        Deflator inflation (%) replacing the simulated one in the years given.
    population_growth : Mapping[int, float] or None
        Population growth (%) replacing the simulated one in the years given.
    share_drift : Mapping[str, float]
        Percentage points per year added to a sector share after the last data year.
    volatility : float
        Multiplies the standardised innovations of every year after the last data year.
    """

    growth_pp: np.ndarray | None = None
    deflator: Mapping[int, float] | None = None
    population_growth: Mapping[int, float] | None = None
    share_drift: Mapping[str, float] = field(default_factory=dict)
    volatility: float = 1.0


@dataclass(frozen=True)
class Draw:
    """The random part of one model's simulation over a contiguous span of years.

    Each model extends it with its own arrays (parameters, historical states, the state
    in the last data year and the *standardised* innovations of the years after it);
    :meth:`Core.compose` turns a draw into paths without drawing anything. What compose
    derives from a draw alone (the forward recursion at a given volatility) is kept in
    :attr:`memo`, so composing many scenarios from one draw repeats only the levers.

    Attributes
    ----------
    years : tuple of int
        The requested years.
    span : ndarray
        ``years[0] - 1 .. years[-1]``.
    memo : dict
        Results of :meth:`Core.compose` that depend on the draw and the volatility only.
    """

    years: tuple[int, ...]
    span: np.ndarray
    memo: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "memo", {})

    @property
    def columns(self) -> np.ndarray:
        """Positions of the requested years within :attr:`span`."""
        return np.asarray(self.years) - int(self.span[0])


def check_years(years: Sequence[int] | int) -> tuple[int, ...]:
    """Return ``years`` as a sorted tuple of distinct ints, or raise ModelError."""
    seq = [years] if isinstance(years, int | np.integer) else list(years)
    if not seq:
        raise ModelError("no years requested")
    out = tuple(sorted({int(y) for y in seq}))
    return out


def check_horizon(years: tuple[int, ...], last_year: int, what: str) -> None:
    """Raise ModelError if ``years`` reach more than :data:`MAX_HORIZON` years past the data.

    Parameters
    ----------
    years : tuple of int
        Sorted requested years.
    last_year : int
        Last year the figures inform.
    what : str
        What is simulated (named in the message).
    """
    limit = last_year + MAX_HORIZON
    if years[-1] > limit:
        raise ModelError(
            f"{what}: year {years[-1]} is {years[-1] - last_year} years past the last figure "
            f"({last_year}); zzsim simulates at most {MAX_HORIZON} years past the data "
            f"(up to {limit})"
        )


class Core(ABC):
    """A fitted model: draws latent paths and composes them into quantities."""

    #: stream name of the model's random numbers (common random numbers across calls)
    label: str
    #: one-line description of the model
    title: str
    #: ids served, with the quantity each reports
    members: Mapping[str, Member]
    #: last year any used observation is about
    last_year: int
    #: earliest year that may be the base (year before the first requested year)
    first_year: int
    #: the cutoff the model was fitted with (None = all data)
    cutoff: int | None
    #: the rows considered, with ``used`` and ``reason``
    observations: pd.DataFrame
    #: the family of the indicators served (set by :func:`zzsim.models.fit`)
    family: str = ""
    #: whether a growth shift has a meaning for the model (it applies only then)
    has_growth: bool = False
    #: percentage points of the model's growth per pp of a GDP shock
    shock_elasticity: float = 0.0

    @abstractmethod
    def draw(
        self, years: tuple[int, ...], repetitions: int, streams: Streams, *, full: bool = True
    ) -> Draw:
        """Draw every random number of a simulation of ``years`` (and the base year)."""

    @abstractmethod
    def compose(self, draw: Draw, levers: Levers) -> dict[str, Paths]:
        """Turn a draw into the reported quantities, applying scenario levers.

        Deterministic: the same draw and levers always give the same paths.
        """

    @abstractmethod
    def param_table(self) -> pd.DataFrame:
        """Posterior mean, s.d. and 10%/90% quantiles of the parameters."""

    @abstractmethod
    def data_weight(self) -> float:
        """Return ``1 - Var_post / Var_prior`` of the state that drives the forecast."""

    def evidence(self) -> Evidence:
        """Return the figures that fed the model, the last year and the grade."""
        cached = getattr(self, "_evidence", None)
        if cached is None:
            used = self.observations[self.observations["used"]]
            last = int(used["year"].max()) if len(used) else None
            cached = Evidence.of(len(used), last, self.data_weight())
            self._evidence = cached
        return cached

    @property
    @abstractmethod
    def loglike(self) -> float:
        """Log marginal likelihood of the observations."""

    @abstractmethod
    def notes(self) -> list[str]:
        """Return the method and assumption notes for the summary."""

    @abstractmethod
    def observed(self, quantity: str) -> pd.DataFrame:
        """Observed values of a quantity: ``year, start_year, value, status`` (for plots)."""

    def paths(
        self,
        years: Sequence[int] | int,
        repetitions: int,
        *,
        rng: RngLike,
        levers: Levers | None = None,
        full: bool = True,
    ) -> dict[str, Paths]:
        """Draw and compose in one step.

        Parameters
        ----------
        years : sequence of int
            Years wanted.
        repetitions : int
            Number of joint paths.
        rng : int, SeedSequence or Generator
            Randomness (normalised with ``np.random.default_rng``).
        levers : Levers, optional
            Scenario levers (default: none).
        full : bool
            False: shock-only simulation (parameters and states fixed at the posterior
            mode), for comparisons.

        Returns
        -------
        dict of str to Paths
        """
        years_t = check_years(years)
        check_horizon(years_t, self.last_year, self.label)
        draw = self.draw(years_t, repetitions, Streams(rng), full=full)
        return self.compose(draw, levers or Levers())


class Results:
    """Results of a fitted trajectory model, for one indicator id.

    Obtain it from :func:`zzsim.models.fit` or a model's ``fit()``.

    Parameters
    ----------
    core : Core
        The fitted model.
    indicator : str
        The id this view reports (one of ``core.members``).
    """

    def __init__(self, core: Core, indicator: str) -> None:
        if indicator not in core.members:
            raise ModelError(
                f"{indicator!r} is not served by this model; it serves {sorted(core.members)}"
            )
        self._core = core
        self._id = indicator
        self._member = core.members[indicator]

    # -- read-only properties -------------------------------------------------------
    @property
    def core(self) -> Core:
        """The fitted model shared by every view of the same fit."""
        return self._core

    @property
    def indicator(self) -> str:
        """The indicator id reported."""
        return self._id

    @property
    def name(self) -> str:
        """Chinese name of the indicator."""
        return self._member.name

    @property
    def unit(self) -> str:
        """Unit of the reported values."""
        return self._member.unit

    @property
    def model(self) -> str:
        """One-line description of the model."""
        return self._core.title

    @property
    def cutoff(self) -> int | None:
        """Cutoff year of the fit (None = all data)."""
        return self._core.cutoff

    @property
    def last_year(self) -> int:
        """Last year informed by the data."""
        return self._core.last_year

    @property
    def observations(self) -> pd.DataFrame:
        """Every row considered, with ``used`` and the ``reason`` a row was left out."""
        return self._core.observations.copy()

    @property
    def nobs(self) -> int:
        """Number of observations used."""
        return int(self._core.observations["used"].sum())

    @property
    def params(self) -> pd.Series:
        """Posterior means of the parameters, labelled."""
        return self._core.param_table()["mean"].rename("params")

    @property
    def bse(self) -> pd.Series:
        """Posterior standard deviations of the parameters."""
        return self._core.param_table()["sd"].rename("bse")

    @property
    def loglike(self) -> float:
        """Log marginal likelihood (grid prior integrated out)."""
        return self._core.loglike

    @property
    def evidence(self) -> Evidence:
        """What the forecast rests on: ``figures``, ``last_year``, ``grade`` (see Evidence)."""
        return self._core.evidence()

    def view(self, indicator: str) -> Results:
        """Return the results for another id served by the same fit (no refitting).

        Parameters
        ----------
        indicator : str
            E.g. ``"gdp_real_growth"`` from the ``"gdp"`` results.

        Returns
        -------
        Results
        """
        return Results(self._core, indicator)

    # -- simulation -----------------------------------------------------------------
    def simulate(
        self, years: Sequence[int] | int, repetitions: int = 1000, *, rng: RngLike = None
    ) -> pd.DataFrame:
        """Simulate joint paths from the posterior predictive distribution.

        Each repetition draws the parameters (grid point, drifts, revision shifts), the
        historical states and future innovations, so parameter uncertainty is included.

        Parameters
        ----------
        years : sequence of int
            Years wanted (the year before the first is the base).
        repetitions : int
            Number of paths.
        rng : int, SeedSequence or Generator
            Randomness; the same seed gives the same paths.

        Returns
        -------
        pandas.DataFrame
            Rows = repetitions, columns = years, values in :attr:`unit`.
        """
        years = check_years(years)
        level = self._core.paths(years, repetitions, rng=rng)[self._member.quantity].level
        if level is None:
            raise ModelError(f"{self._id}: no level is observed; only growth can be simulated")
        frame = pd.DataFrame(level, columns=pd.Index(years, name="year"))
        frame.index.name = "repetition"
        return frame

    def forecast(
        self,
        years: Sequence[int] | int,
        level: float = 0.8,
        *,
        draws: int = 10_000,
        rng: RngLike = 0,
    ) -> pd.DataFrame:
        """Median and central interval of the predictive distribution, by year.

        Quantiles are Monte Carlo estimates from ``draws`` simulated paths.

        Parameters
        ----------
        years : sequence of int
            Years wanted.
        level : float
            Coverage of the interval (0.8: 10% and 90% quantiles).
        draws : int
            Number of simulated paths.
        rng : int, SeedSequence or Generator
            Randomness (default seed 0, so a forecast is reproducible).

        Returns
        -------
        pandas.DataFrame
            Indexed by year, columns ``median``, ``lo``, ``hi``.
        """
        if not 0.0 < level < 1.0:
            raise ModelError(f"level must be in (0, 1), got {level}")
        paths = self.simulate(years, draws, rng=rng)
        tail = (1.0 - level) / 2.0
        q = np.quantile(paths.to_numpy(), [0.5, tail, 1.0 - tail], axis=0)
        return pd.DataFrame(
            {"median": q[0], "lo": q[1], "hi": q[2]}, index=pd.Index(paths.columns, name="year")
        )

    # -- reporting ------------------------------------------------------------------
    def summary(self) -> Summary:
        """Return the summary (text; ``_repr_html_`` in notebooks; ``as_latex()``).

        Returns
        -------
        Summary
        """
        obs = self._core.observations
        used = obs[obs["used"]]
        info = [
            ("Indicator", f"{self._id} ({self.name}, {self.unit})"),
            ("Model", self.model),
            ("Cutoff", "all data" if self.cutoff is None else str(self.cutoff)),
            ("Observations used", f"{len(used)} of {len(obs)} rows"),
            ("Years informed", f"{int(used['start_year'].min())}-{self.last_year}"),
            ("Log marginal likelihood", f"{self.loglike:.3f}"),
        ]
        shown = obs[
            [
                "id",
                "indicator",
                "measure",
                "year",
                "start_year",
                "value",
                "status",
                "vintage",
                "used",
                "reason",
            ]
        ]
        return Summary(
            f"Trajectory model results: {self._id}",
            info,
            [
                ("Parameters (posterior)", self._core.param_table()),
                ("Observations", shown.set_index("id")),
            ],
            self._core.notes(),
        )

    def plot(
        self,
        years: Sequence[int] | None = None,
        *,
        levels: Sequence[float] = (0.5, 0.8, 0.95),
        draws: int = 4000,
        rng: RngLike = 0,
        ax: Axes | None = None,
        **kwargs: Any,
    ) -> Axes:
        """Draw a fan chart of the predictive distribution with the observed values.

        Parameters
        ----------
        years : sequence of int, optional
            Years to show (default: from the first year informed to ten years after the
            last).
        levels : sequence of float
            Central interval coverages to shade.
        draws : int
            Simulated paths used for the quantiles.
        rng : int, SeedSequence or Generator
            Randomness.
        ax : matplotlib Axes, optional
            Where to draw (default: a new figure).
        **kwargs
            Passed to :func:`zzsim.models.fanchart.fan_chart` (``title`` and ``ylabel``
            default to the indicator's name).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from .fanchart import fan_chart

        if years is None:
            start = max(
                int(self._core.observations.query("used")["year"].min()), self._core.first_year + 1
            )
            years = range(start, self.last_year + 11)
        paths = self.simulate(list(years), draws, rng=rng)
        kwargs.setdefault("title", f"{self.name}（{self._id}）")
        kwargs.setdefault("ylabel", f"{self.name}（{self.unit}）")
        return fan_chart(
            paths,
            observed=self._core.observed(self._member.quantity),
            levels=levels,
            ax=ax,
            **kwargs,
        )

    def __repr__(self) -> str:
        return f"<Results {self._id}: {self.model}, cutoff={self.cutoff}>"
