"""Growth engine: levels that grow, from sparse growth rates, window averages and levels.

The latent path is the log growth rate ``x[t] = log(1 + g[t]/100)`` of the indicator on
its growth basis (real for GDP and value added, nominal for investment, retail sales,
fiscal revenue, incomes; the plain log change for physical levels, counts and flows):

    x[t] = mu[t] + eps[t]          eps ~ N(0, sigma_irregular^2)   (one-off years)

with the trend ``mu`` one of four designs (:mod:`zzsim.models._trends`, ``trend``):

- ``anchored`` (the growth family's default) — ``mu[t] = a[t] + p + d[t]``: a published
  long-run path ``a`` (China's projected growth, World Bank and DRC 2012, declining from
  8.6% in 2011-2015 to 5% in 2026-2030; plus the deflator assumption for nominal growth),
  a persistent premium ``p`` (pooled across the family: mean 0, regression to the mean)
  and a deviation ``d[t] = rho d[t-1] + eta[t]`` that decays at the pace the evidence on
  the persistence of growth gives (adjacent decades correlate at 0.1-0.3, Easterly et al.
  1993; :mod:`zzsim.models.priors`). The city's own figures weigh on the premium and the
  deviation; the forecast regresses to anchor + premium, as growth across countries
  regresses to the mean (Pritchett and Summers 2014);
- ``damped`` — a random walk with a damped slope (the trend keeps its recent course);
- ``local_level`` — a random walk;
- ``constant`` — ``mu[t] = p``: the log level is a random walk with drift (flows,
  counts and other levels).

**Every figure is a linear observation of the path.** A ``yoy_growth`` is ``x[t]``; an
``avg_growth`` over ``a..b`` (compound average, e.g. 2016-2020 7.1%) is
``mean(x[a..b]) = log(1.071)`` exactly — the window row is used as one observation of
the sum of log growth, which :mod:`statsmodels`' ``UnobservedComponents`` cannot take; a
``cumulative_growth`` is ``sum(x[a..b])``; a level (or count) is ``log L[t] = l +
sum(x[..t])`` (in the real model: ``+ sum(pi[..t])``). For flows (``cumulative``), a
累计 sum ``C`` over ``n`` years enters as ``log(C/n) = mean(log L[a..b])``, a
linearisation whose error (``log`` of a mean against the mean of ``log``s: half the
within-window variance of ``log L``, 0.2% for a flow growing 5% a year) is absorbed by
the figure's noise (``cumulative_obs_sd``). The stacked exact Gaussian likelihood of all
of them is computed in :mod:`zzsim.models._gaussian`; with point observations only it
equals the Kalman-filter likelihood of statsmodels' ``UnobservedComponents`` (tested).

**Parameter uncertainty** (see :mod:`zzsim.models._posterior`): ``sigma_trend`` and
``sigma_irregular`` have a grid posterior (prior weights over the ranges in the spec:
log-uniform, or the family's pooled distribution in ``grid_prior``, times the exact
likelihood); initial trend or deviation or drift (prior ``N(init_growth, init_sd^2)``,
pooled across the family by :mod:`zzsim.models.pooling`), slope, log level, revision
shifts, deflator and population deviations are Gaussian given the grid point and
integrated exactly. Simulations draw the grid point, then the states, then future
innovations.

**Real versus nominal** (GDP): growth is modelled at comparable prices. Nominal levels
are ``log L[t] = l + sum(x + pi)`` with ``pi`` the log GDP deflator inflation, an explicit
:class:`~zzsim.models.assumptions.PathAssumption` (default 2% +- 1.5pp, AR(1) 0.5); the
observed nominal levels and the 2011-2015 nominal growth update it where they can.
Per-capita GDP is nominal GDP over the average of year-end resident population, whose
growth is another assumption (default 0% +- 0.4pp) anchored to the population figures.

**Censored figures**: one level bound per model ("突破3000亿元" in 2019) enters as a
censored observation — the likelihood of the event and truncated draws (see
:mod:`zzsim.models._posterior`); with the 2020 level it bounds 2020 (COVID-year) growth.

**Revisions**: levels are modelled on the basis of the latest census in the data (the
2018 economic census for GDP at cutoff 2020). Older-basis levels (the 2016 work report's
2350亿元 for 2015) are observations of the same path shifted by ``-d_2018``, a revision
shift with prior ``N(0, revision_sd^2)``; it is estimated, not confused with growth.
Published levels for years after a later census (2023, 2028) carry a fresh shift drawn
from the same prior (see :mod:`zzsim.models.revisions`). A change of definition (built-up
area: all towns, then the urban districts) is treated the same way, with its own calendar.
Growth rates are read as comparable across bases.

**Growth only**: where no level is usable, the model serves the growth rate only (its
members report ``growth_only``; :meth:`zzsim.models.PathSet.level` refuses them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..data.schema import GROWTH_MEASURES
from ..errors import ModelError
from ..rng import Streams
from ._design import Affine, Slots, ar1, log_grid, white
from ._posterior import Bound, LatentFit
from ._trends import AnchoredTrend, ConstantTrend, RandomWalkTrend, Trend
from .assumptions import DEFLATOR, PathAssumption
from .observations import BOUND_REASON, FigureModel, exclude, select
from .priors import anchor_growth, persistence
from .results import Core, Draw, Levers, Member, Paths, Results
from .revisions import CensusCalendar, calendar, published_shifts

__all__ = ["TRENDS", "GrowthModel", "GrowthSpec", "growth_members"]

#: measures read as a level of the path (a count is the level of a stock or a yearly flow)
_LEVELS = ("level", "count")
#: measures read on the level path (a window's sum is a sum of yearly levels)
_ON_LEVELS = (*_LEVELS, "cumulative")
_DIFFUSE_SD = 3.0  # prior s.d. (log units) of a log level around its first observation
#: the trend designs (see zzsim.models._trends)
TRENDS = ("anchored", "damped", "local_level", "constant")


@dataclass(frozen=True)
class GrowthSpec:
    """Specification of a growth-engine model (rates in %, standard deviations in pp or %).

    Parameters
    ----------
    indicator : str
        Indicator id in the figure base (e.g. ``gdp``).
    unit : str
        Unit of the levels (``亿元``).
    members : Mapping[str, Member]
        Ids served, with their quantity: ``growth``, ``level``, ``population``,
        ``per_capita``. A ``level`` member becomes growth-only where no level is usable.
    price_basis : {"real", "nominal"}
        Basis of the modelled growth rate.
    trend : {"anchored", "damped", "local_level", "constant"}
        Design of trend growth (module docstring).
    damping : float
        ``phi`` of the damped slope.
    slope_sd : float
        Stationary s.d. of the damped slope, pp per year.
    decade_correlation : float
        ``anchored``: correlation of adjacent ten-year averages of the deviation, which
        sets its AR(1) coefficient (:func:`zzsim.models.priors.persistence`; must lie
        within the published evidence).
    init_growth, init_sd : float
        Prior mean and s.d. (pp) of the pooled state of the trend: trend growth in the
        first year (``damped``, ``local_level``), the persistent premium over the anchor
        (``anchored``), the drift (``constant``).
    sigma_trend, sigma_irregular : (float, float)
        Ranges (pp) of the grids of the innovation s.d. (``sigma_trend`` is unused by the
        ``constant`` trend).
    grid : (int, int)
        Grid points for ``sigma_trend`` and ``sigma_irregular``.
    grid_prior : tuple of float, optional
        Log prior weights of the grid points (row-major over ``sigma_trend`` x
        ``sigma_irregular``); None: log-uniform.
    growth_obs_sd, level_obs_sd : Mapping[str, float]
        Observation-noise s.d. by ``status`` (growth in pp, levels in %).
    cumulative : bool
        Read 累计 sums (``cumulative``) as sums of yearly levels (flows).
    cumulative_obs_sd : Mapping[str, float]
        Observation-noise s.d. of a 累计 sum by status, %, linearisation included.
    census : str, CensusCalendar or None
        Calendar of the re-benchmarking of levels (a name in ``models.yaml``; None:
        never revised).
    revision_sd : float
        Prior s.d. of a census revision shift of the level, %.
    shock_elasticity : float
        Percentage points of this indicator's growth per pp of a GDP shock.
    growth_levers : bool
        Whether growth shifts and shocks act on the indicator (False for flows, counts
        and other levels, where a growth shift has no meaning).
    deflator : PathAssumption, optional
        GDP deflator assumption: turns real growth into nominal levels, and real anchors
        into nominal ones.
    population : PathAssumption, optional
        Population growth assumption (per-capita quantities).
    population_indicator : str
        Indicator id of resident population.
    population_obs_sd : Mapping[str, float]
        Observation-noise s.d. of population levels by status, %.
    population_revision_sd : float
        Prior s.d. of a population-census revision shift, %.
    label : str
        Name of the random stream (default: the indicator).
    """

    indicator: str
    unit: str
    members: Mapping[str, Member]
    price_basis: str = "nominal"
    trend: str = "damped"
    damping: float = 0.8
    slope_sd: float = 0.3
    decade_correlation: float = 0.2
    init_growth: float = 8.0
    init_sd: float = 10.0
    sigma_trend: tuple[float, float] = (0.05, 1.5)
    sigma_irregular: tuple[float, float] = (0.1, 3.0)
    grid: tuple[int, int] = (12, 10)
    grid_prior: tuple[float, ...] | None = None
    growth_obs_sd: Mapping[str, float] = field(
        default_factory=lambda: {"actual": 0.2, "revised": 0.2, "preliminary": 0.5}
    )
    level_obs_sd: Mapping[str, float] = field(
        default_factory=lambda: {"actual": 0.3, "revised": 0.3, "preliminary": 1.0}
    )
    cumulative: bool = False
    cumulative_obs_sd: Mapping[str, float] = field(
        default_factory=lambda: {"actual": 2.0, "revised": 2.0, "preliminary": 4.0}
    )
    census: str | CensusCalendar | None = "economic"
    revision_sd: float = 8.0
    shock_elasticity: float = 1.0
    growth_levers: bool = True
    deflator: PathAssumption | None = None
    population: PathAssumption | None = None
    population_indicator: str = "population_resident"
    population_obs_sd: Mapping[str, float] = field(
        default_factory=lambda: {"actual": 0.2, "revised": 0.2, "preliminary": 0.5}
    )
    population_revision_sd: float = 2.0
    label: str = ""

    def __post_init__(self) -> None:
        if self.trend not in TRENDS:
            raise ModelError(f"{self.indicator}: trend must be one of {TRENDS}")
        if self.price_basis not in ("real", "nominal"):
            raise ModelError(f"{self.indicator}: price_basis must be 'real' or 'nominal'")
        if not 0.0 <= self.damping < 1.0:
            raise ModelError(f"{self.indicator}: damping must be in [0, 1)")
        points = (1 if self.trend == "constant" else self.grid[0]) * self.grid[1]
        if self.grid_prior is not None and len(self.grid_prior) != points:
            raise ModelError(f"{self.indicator}: grid_prior needs {points} weights")

    @property
    def engine(self) -> str:
        """The engine's name (``growth``)."""
        return "growth"

    def served(self, *, has_levels: bool) -> dict[str, Member]:
        """Return the members, growth-only where no level is usable (:func:`growth_members`)."""
        return growth_members(self, has_levels)

    def scorable(self, series: pd.DataFrame, indicator: str) -> pd.DataFrame:
        """Return the rows a member's forecast can be scored against (every cutoff).

        Population: the population levels; a level member: its levels, and its growth
        rates where no member reports growth; a growth member: the growth rates on the
        model's basis; a per-capita member: none (its figures are bounds or in dollars).

        Parameters
        ----------
        series : pandas.DataFrame
            The figure base.
        indicator : str
            A member id.

        Returns
        -------
        pandas.DataFrame
            As :func:`zzsim.models.observations.select`.
        """
        quantity = self.members[indicator].quantity
        if quantity == "population":
            rows = select(series, self.population_indicator, kind="growth", unit="万人")
            return rows[rows["measure"] == "level"]
        kind = "flow" if self.cumulative else "growth"
        rows = select(series, self.indicator, kind=kind, unit=self.unit)
        growth = rows["measure"].isin(GROWTH_MEASURES) & (
            (rows["price_basis"] == self.price_basis) | rows["price_basis"].isna()
        )
        levels = rows["measure"].isin(_ON_LEVELS)
        has_growth_id = any(m.quantity == "growth" for m in self.members.values())
        if quantity == "level":
            return rows[levels | (growth & (not has_growth_id))]
        if quantity == "growth":
            return rows[growth]
        return rows.iloc[:0]

    @property
    def deflates(self) -> bool:
        """True where real growth is turned into nominal levels by the deflator."""
        return self.price_basis == "real" and self.deflator is not None

    def grid_axes(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the grid values of ``sigma_trend`` and ``sigma_irregular`` (log units)."""
        g1 = (
            np.zeros(1)
            if self.trend == "constant"
            else log_grid(self.sigma_trend[0] / 100, self.sigma_trend[1] / 100, self.grid[0])
        )
        g2 = log_grid(self.sigma_irregular[0] / 100, self.sigma_irregular[1] / 100, self.grid[1])
        return g1, g2

    def anchor(self, years: np.ndarray) -> np.ndarray:
        """Return the anchor's log growth on the model's basis in ``years``.

        Real: China's projected GDP growth (:func:`zzsim.models.priors.anchor_growth`);
        nominal: plus the deflator assumption's mean.
        """
        real = np.log1p(anchor_growth(years) / 100.0)
        if self.price_basis == "real":
            return real
        return real + (self.deflator or DEFLATOR).log_mean(years)


def _cumulate(base: Affine, inc: Affine) -> Affine:
    """Rows ``base + sum(inc[1..t])`` for t = 0..n-1 (row 0 is ``base``)."""
    n = len(inc)
    zero = Affine(np.zeros(1), np.zeros((1, inc.B.shape[1])))
    steps = Affine(np.concatenate([zero.c, inc.c[1:]]), np.vstack([zero.B, inc.B[1:]]))
    return base.repeat(n) + steps.cumsum()


@dataclass
class _Level:
    """A log level on the basis of its latest census, with the shifts to older bases."""

    path: Affine
    ref: int | None
    shifts: dict[int, Affine]
    calendar: CensusCalendar | None
    sd: float

    def published(self, basis: int | None) -> Affine:
        """Return the path as printed on ``basis`` (older bases: minus the shifts)."""
        out = self.path
        if self.calendar is None or basis is None or self.ref is None:
            return out
        for c in self.calendar.between(basis, self.ref):
            out = out - self.shifts[c].repeat(len(out))
        return out

    def basis(self, vintage: int) -> int | None:
        """Return the basis of a document of ``vintage`` (None without a calendar)."""
        return self.calendar.basis_of_vintage(vintage) if self.calendar is not None else None


class GrowthModel(FigureModel):
    """Growth-engine model of one indicator (see the module docstring).

    Parameters are those of :class:`~zzsim.models.observations.FigureModel`, with a
    :class:`GrowthSpec`.
    """

    spec: GrowthSpec

    def _read(self, series: pd.DataFrame) -> None:
        spec = self.spec
        kind = "flow" if spec.cumulative else "growth"
        obs = select(series, spec.indicator, kind=kind, unit=spec.unit, cutoff=self.cutoff)
        self.observations = self._readable(obs)
        self.population_observations = (
            self._population(series) if spec.population is not None else None
        )

    def _readable(self, obs: pd.DataFrame) -> pd.DataFrame:
        """Mark rows the model cannot read on its price basis.

        Rows without a price basis (physical quantities, counts) are read by any model.
        """
        spec = self.spec
        deflate = spec.deflates
        level = obs["measure"].isin(_ON_LEVELS)
        none = obs["price_basis"].isna()
        same = obs["price_basis"] == spec.price_basis
        nominal = obs["price_basis"] == "nominal"
        readable = (
            none
            | (level & (spec.price_basis == "nominal" or deflate))
            | (~level & (same | (nominal & deflate)))
        )
        why = f"the model reads {spec.price_basis} growth" + (
            " and has no deflator assumption" if spec.price_basis == "real" and not deflate else ""
        )
        return exclude(obs, ~readable, f"price basis: {why}")

    def _population(self, series: pd.DataFrame) -> pd.DataFrame:
        obs = select(
            series, self.spec.population_indicator, kind="growth", unit="万人", cutoff=self.cutoff
        )
        obs = exclude(obs, obs["measure"] != "level", "population: only levels are read")
        if not obs["used"].any():
            raise ModelError(
                f"{self.spec.indicator}: per-capita quantities need resident population "
                f"({self.spec.population_indicator}) levels; none usable at cutoff {self.cutoff}"
            )
        return obs

    def fit(self) -> Results:
        """Fit the model: grid posterior of the variances, Gaussian posterior of the rest.

        Returns
        -------
        Results
            The view for the first member id of the spec.

        Raises
        ------
        ModelError
            If no figure is usable (the reason names what the figures are).
        """
        core = GrowthCore(self)
        return Results(core, next(iter(self.spec.members)))


def growth_members(spec: GrowthSpec, has_levels: bool) -> dict[str, Member]:
    """Return the members, with a ``level`` member made growth-only where no level is usable.

    Parameters
    ----------
    spec : GrowthSpec
    has_levels : bool
        Whether a level of the indicator is usable.

    Returns
    -------
    dict of str to Member
    """
    out = {}
    for ind, member in spec.members.items():
        if member.quantity == "level" and not has_levels:
            member = replace(member, quantity="growth", unit="%", growth_only=True)
        out[ind] = member
    return out


class GrowthCore(Core):
    """The fitted growth model (built by :meth:`GrowthModel.fit`)."""

    def __init__(self, model: GrowthModel) -> None:
        spec = model.spec
        self.spec = spec
        self.cutoff = model.cutoff
        self.label = spec.label or spec.indicator
        self.has_growth = spec.growth_levers
        self.shock_elasticity = spec.shock_elasticity
        obs = model.observations
        pop = model.population_observations
        used = obs[obs["used"]]
        if not len(used):
            from .observations import no_figure_reason

            raise ModelError(f"{spec.indicator}: {no_figure_reason(obs, self.cutoff)}")
        level_rows = used["measure"].isin(_ON_LEVELS)
        self.members = spec.served(has_levels=bool(level_rows.any()))
        pop_used = pop[pop["used"]] if pop is not None else pop
        # the span starts the year before the earliest year a figure is about: the
        # earliest base year of a simulation (a level's first year is a growth's base)
        firsts = [int(r["start_year"]) - 1 for r in used.to_dict("records")]
        lasts = list(used["year"])
        if pop_used is not None:
            firsts += [int(y) - 1 for y in pop_used["year"]]
            lasts += list(pop_used["year"])
        self.first_year, self.last_year = int(min(firsts)), int(max(lasts))
        self._years = np.arange(self.first_year, self.last_year + 1)
        obs, censored = self._censored(obs, has_levels=bool(level_rows.any()))
        self.observations = pd.concat([obs] if pop is None else [obs, pop], ignore_index=True)
        self._build(used, pop_used, censored)
        basis = "comparable prices" if spec.price_basis == "real" else "current prices"
        self.title = (
            f"random walk with drift in the log of {spec.indicator}"
            if spec.trend == "constant"
            else f"{self._trend.description} growth model of {spec.indicator} ({basis})"
        )

    def _censored(self, obs: pd.DataFrame, *, has_levels: bool) -> tuple[pd.DataFrame, dict | None]:
        """Take back the latest level bound within the fitted years as a censored observation.

        Other bounds stay out: the truncated likelihood is exact for one bound.
        """
        cand = obs[
            (obs["reason"] == BOUND_REASON)
            & obs["measure"].isin(_LEVELS)
            & (obs["indicator"] == self.spec.indicator)
            & obs["year"].between(self.first_year, self.last_year)
        ]
        if not has_levels or not len(cand):
            return obs, None
        chosen = cand.sort_values(["year", "vintage"]).index[-1]
        obs = obs.copy()
        row = obs.loc[chosen].to_dict()
        obs.loc[chosen, "used"] = True
        obs.loc[chosen, "reason"] = f"censored: enters as a {row['bound']} bound"
        return obs, row

    # -- design ---------------------------------------------------------------------
    def _level(
        self,
        slots: Slots,
        inc: Affine,
        rows: pd.DataFrame,
        cal: CensusCalendar | None,
        sd: float,
        label: str,
    ) -> _Level:
        r0 = rows.iloc[0]
        width = int(r0["year"]) - int(r0["start_year"]) + 1 if r0["measure"] == "cumulative" else 1
        first = float(np.log(r0["value"] / width))
        base = slots.add([f"log {label} {self.first_year}"], _DIFFUSE_SD**2).shift(first)
        path = _cumulate(base, inc)
        if cal is None:
            return _Level(path, None, {}, None, sd)
        bases = [cal.basis_of_vintage(int(v)) for v in rows["vintage"]]
        ref = max(bases)
        shifts = {
            c: slots.add([f"{label} revision at the {c} census (%)"], sd**2)
            for c in cal.between(min(bases), ref)
        }
        return _Level(path, ref, shifts, cal, sd)

    def _trend_design(self, slots: Slots, n: int) -> Trend:
        spec = self.spec
        mean, sd = spec.init_growth / 100, spec.init_sd / 100
        if spec.trend == "anchored":
            rho = persistence(spec.decade_correlation)
            return AnchoredTrend(
                slots, self._years, anchor=spec.anchor, rho=rho, init_mean=mean, init_sd=sd
            )
        if spec.trend == "constant":
            return ConstantTrend(slots, n, init_mean=mean, init_sd=sd)
        return RandomWalkTrend(
            slots,
            n,
            init_mean=float(np.log1p(spec.init_growth / 100)),
            init_sd=sd,
            slope_sd=spec.slope_sd / 100 if spec.trend == "damped" else None,
            phi=spec.damping,
        )

    def _build(
        self, used: pd.DataFrame, pop_used: pd.DataFrame | None, censored: dict | None
    ) -> None:
        spec, n, t0 = self.spec, len(self._years), self.first_year
        slots = Slots()
        self._trend = self._trend_design(slots, n)
        x = self._trend.level + white(slots, n, "irregular", param=1)
        series: dict[str, Affine] = {"x": x}
        nominal = x
        if spec.deflates:
            assert spec.deflator is not None
            dev = ar1(
                slots,
                n,
                "deflator deviation",
                sd=spec.deflator.log_sd,
                rho=spec.deflator.persistence,
            )
            series["pi_dev"] = dev
            series["pi"] = dev.shift(spec.deflator.log_mean(self._years))
            nominal = x + series["pi"]
        levels = used[used["measure"].isin(_ON_LEVELS)]
        self._gdp: _Level | None = None
        if len(levels):
            self._gdp = self._level(
                slots,
                nominal,
                levels,
                calendar(spec.census),
                spec.revision_sd / 100,
                spec.indicator,
            )
        self._pop: _Level | None = None
        if spec.population is not None and pop_used is not None:
            pdev = ar1(
                slots,
                n,
                "population growth deviation",
                sd=spec.population.log_sd,
                rho=spec.population.persistence,
            )
            series["p_dev"] = pdev
            series["p"] = pdev.shift(spec.population.log_mean(self._years))
            self._pop = self._level(
                slots,
                series["p"],
                pop_used,
                calendar("population"),
                spec.population_revision_sd / 100,
                "population",
            )
        self._series = series

        rows: list[Affine] = []
        values: list[float] = []
        sds: list[float] = []
        for r in used.to_dict("records"):
            if r["measure"] in _ON_LEVELS:
                assert self._gdp is not None
                published = self._gdp.published(self._gdp.basis(int(r["vintage"])))
                if r["measure"] == "cumulative":
                    window = published[
                        list(range(int(r["start_year"]) - t0, int(r["year"]) - t0 + 1))
                    ]
                    rows.append(window.total().scale(1.0 / len(window)))
                    values.append(float(np.log(r["value"] / len(window))))
                    sds.append(spec.cumulative_obs_sd[str(r["status"])] / 100)
                    continue
                rows.append(published[[int(r["year"]) - t0]])
                values.append(float(np.log(r["value"])))
                sds.append(spec.level_obs_sd[str(r["status"])] / 100)
                continue
            reads_nominal = r["price_basis"] == "nominal" and spec.price_basis == "real"
            per_year = nominal if reads_nominal else x
            window = per_year[list(range(int(r["start_year"]) - t0, int(r["year"]) - t0 + 1))]
            width = len(window)
            value = float(np.log1p(r["value"] / 100))
            noise = spec.growth_obs_sd[str(r["status"])] / 100
            if r["measure"] == "cumulative_growth":
                rows.append(window.total())
                sds.append(noise * width)
            else:  # yoy_growth, avg_growth: the mean of log growth over the window
                rows.append(window.total().scale(1.0 / width))
                sds.append(noise)
            values.append(value)
        if self._pop is not None and pop_used is not None:
            for r in pop_used.to_dict("records"):
                rows.append(
                    self._pop.published(self._pop.basis(int(r["vintage"])))[[int(r["year"]) - t0]]
                )
                values.append(float(np.log(r["value"])))
                sds.append(spec.population_obs_sd[str(r["status"])] / 100)

        g1, g2 = spec.grid_axes()
        grid = np.array([(a, b) for a in g1 for b in g2])
        bound = None
        if censored is not None and self._gdp is not None:
            bound = Bound(
                self._gdp.published(self._gdp.basis(int(censored["vintage"])))[
                    [int(censored["year"]) - t0]
                ],
                float(np.log(censored["value"])),
                spec.level_obs_sd[str(censored["status"])] / 100,
                lower=censored["bound"] == "lower",
            )
        log_prior = None if spec.grid_prior is None else np.asarray(spec.grid_prior)
        self._fit = LatentFit(
            slots,
            grid,
            ("sigma_trend", "sigma_irregular"),
            rows,
            np.asarray(values),
            np.asarray(sds) ** 2,
            bound,
            log_prior,
        )

    # -- reporting ------------------------------------------------------------------
    @property
    def loglike(self) -> float:
        """Log marginal likelihood of the observations."""
        return self._fit.loglike

    @property
    def fit_result(self) -> LatentFit:
        """The fitted posterior (grid weights, Gaussian conditionals)."""
        return self._fit

    @property
    def trend(self) -> Trend:
        """The design of trend growth."""
        return self._trend

    def pooled(self) -> tuple[np.ndarray, np.ndarray]:
        """Posterior mean and variance of the drift pooled across the family (pp)."""
        table = self._fit.gaussian_table(self._trend.drift.scale(100.0), ["drift"])
        return table["mean"].to_numpy(), table["sd"].to_numpy() ** 2

    def data_weight(self) -> float:
        """Return ``1 - Var_post / Var_prior`` of the trend state that drives the forecast."""
        post = self._fit.gaussian_table(self._trend.outlook, ["outlook"])["sd"].iloc[0] ** 2
        prior = self._fit.prior_variance(self._trend.outlook)[0]
        return float(np.clip(1.0 - post / prior, 0.0, 1.0))

    def param_table(self) -> pd.DataFrame:
        """Posterior of the parameters, in pp (growth) and % (levels)."""
        grid = self._fit.grid_table() * 100
        grid.index = [f"{name} (pp)" for name in grid.index]
        if self.spec.trend == "constant":
            grid = grid.drop(index="sigma_trend (pp)")
        labelled = self._trend.parameters(self.first_year, self.last_year)
        if "pi" in self._series:
            labelled.append(
                (
                    f"mean deflator {self.first_year}-{self.last_year} (log %)",
                    self._series["pi"].total().scale(1.0 / len(self._years)),
                )
            )
        for level in (self._gdp, self._pop):
            if level is not None:
                who = "population" if level is self._pop else self.spec.indicator
                for c, shift in level.shifts.items():
                    labelled.append((f"{who} revision at the {c} census (log %)", shift))
        names = [name for name, _ in labelled]
        parts = Affine.vstack([row for _, row in labelled]).scale(100.0)
        return pd.concat([grid, self._fit.gaussian_table(parts, names)])

    def notes(self) -> list[str]:
        """Return the method and assumption notes."""
        spec = self.spec
        prior = "the family's pooled prior" if spec.grid_prior is not None else "log-uniform prior"
        notes = [
            f"Trend growth: {self._trend.description}.",
            "Parameter uncertainty: the innovation s.d. have a grid posterior "
            f"({prior} on {spec.sigma_trend} and {spec.sigma_irregular} pp) times the exact "
            "Gaussian likelihood; states, levels and revision shifts are integrated "
            "exactly; quantiles of Gaussian rows are a normal approximation of the mixture.",
            "Window figures (avg_growth, cumulative_growth) enter as one observation of the "
            "mean or sum of log growth over the window.",
        ]
        if spec.trend == "anchored":
            notes.append(
                "Anchor: China's projected GDP growth (World Bank and DRC 2012, China 2030, "
                "Table 1)"
                + (" plus the deflator assumption" if spec.price_basis == "nominal" else "")
                + f"; the deviation decays as an AR(1) whose decade averages correlate at "
                f"{spec.decade_correlation} (Easterly et al. 1993: 0.1-0.3)."
            )
        if spec.deflates:
            assert spec.deflator is not None
            d = spec.deflator
            notes.append(
                f"Nominal levels = real growth + assumed deflator: {d.mean}% a year "
                f"(by year: {dict(d.by_year) or 'none'}), s.d. {d.sd}pp, AR(1) {d.persistence}; "
                "an assumption, not data."
            )
        if spec.population is not None:
            p = spec.population
            notes.append(
                f"Per-capita = nominal GDP / average year-end resident population; population "
                f"growth assumed {p.mean}% a year (by year: {dict(p.by_year) or 'none'}), "
                f"s.d. {p.sd}pp, AR(1) {p.persistence}, anchored to the population figures."
            )
        if self._gdp is not None and self._gdp.calendar is not None:
            notes.append(
                f"Levels are on the {self._gdp.ref} {self._gdp.calendar.name} basis; "
                f"a revision shift with prior s.d. {spec.revision_sd}% links other bases and "
                "hits published levels for years after each later census."
            )
        return notes

    def observed(self, quantity: str) -> pd.DataFrame:
        """Observed values of a quantity (for plots), with ``current_basis``."""
        obs = self.observations[self.observations["used"] & (self.observations["bound"] == "")]
        level: _Level | None = None
        if quantity == "growth":
            rows = obs[
                obs["measure"].isin(("yoy_growth", "avg_growth"))
                & (obs["price_basis"] == self.spec.price_basis)
                & (obs["indicator"] == self.spec.indicator)
            ]
        elif quantity in ("level", "population"):
            ind = self.spec.indicator if quantity == "level" else self.spec.population_indicator
            rows = obs[obs["measure"].isin(_LEVELS) & (obs["indicator"] == ind)]
            level = self._gdp if quantity == "level" else self._pop
        else:
            rows = obs.iloc[:0]
        current = [True] * len(rows)
        if level is not None and level.calendar is not None:
            cal = level.calendar
            current = [cal.basis_of_vintage(int(v)) == level.ref for v in rows["vintage"]]
        return rows[["year", "start_year", "value", "status"]].assign(current_basis=current)

    # -- simulation -----------------------------------------------------------------
    def draw(
        self, years: tuple[int, ...], repetitions: int, streams: Streams, *, full: bool = True
    ) -> GrowthDraw:
        """Draw parameters, historical paths, the last state and future innovations.

        Covers ``years[0]-1 .. years[-1]``; the innovations of the years after the last
        data year are kept standardised, so :meth:`compose` can scale them.
        """
        base, end, T, t0 = years[0] - 1, years[-1], self.last_year, self.first_year
        if base < t0:
            raise ModelError(
                f"{self.spec.indicator}: the first year requested ({years[0]}) needs the base "
                f"year {base}, before the first fitted year {t0}"
            )
        span = np.arange(base, end + 1)
        hist = span[span <= T] - t0
        keys = tuple(key for key in ("x", "pi", "p") if key in self._series)
        parts: list[tuple[str, Affine]] = []
        if hist.size:
            parts += [(key, self._series[key][hist]) for key in keys]
            if self._gdp is not None:
                parts.append(("L0", self._gdp.path[[base - t0]]))
            if self._pop is not None:
                parts.append(("LP0", self._pop.path[[base - t0]]))
        if end > T:
            parts += list(self._trend.state.items())
            for key in ("pi_dev", "p_dev"):
                if key in self._series:
                    parts.append((key, self._series[key][[-1]]))
            if self._gdp is not None:
                parts.append(("LT", self._gdp.path[[-1]]))
            if self._pop is not None:
                parts.append(("LPT", self._pop.path[[-1]]))
        stacked, slices = _concat(parts)
        k = self._fit.pick(repetitions, streams(self.label, "pick"), full=full)
        vals = self._fit.sample(
            stacked, ("draw", base, end), k, streams(self.label, "posterior"), full=full
        )
        got = {name: vals[:, sl] for name, sl in slices.items()}
        steps = max(end - T, 0)
        innovations = self._innovation_names(got)
        z = (
            streams(self.label, "forward").standard_normal((len(innovations), repetitions, steps))
            if steps
            else np.zeros((len(innovations), repetitions, 0))
        )
        shift = pop_shift = np.zeros((1, span.size))
        if self._gdp is not None:
            shift = self._revisions(self._gdp, span, repetitions, streams, "revision")
        if self._pop is not None:
            pop_shift = self._revisions(
                self._pop, span, repetitions, streams, "population revision"
            )
        return GrowthDraw(
            years,
            span,
            history={key: got[key] for key in keys if hist.size},
            anchors={key: got[key][:, 0] for key in ("L0", "LP0") if key in got},
            state={
                key: got[key]
                for key in (*self._trend.state, "pi_dev", "p_dev", "LT", "LPT")
                if key in got
            },
            sigma=self._fit.grid[k],
            innovations=dict(zip(innovations, z, strict=True)),
            shift=shift,
            pop_shift=pop_shift,
        )

    def _innovation_names(self, state: Mapping[str, np.ndarray]) -> list[str]:
        """Names of the standardised innovations of one future year, in drawing order."""
        first, rest = self._trend.innovations[:1], self._trend.innovations[1:]
        return [*first, "eps", *rest] + [key for key in ("pi", "p") if key + "_dev" in state]

    def _forward(self, draw: GrowthDraw, volatility: float) -> dict[str, np.ndarray]:
        """Simulate the years after the last data year from the drawn state."""
        spec, got, zs = self.spec, draw.state, draw.innovations
        if volatility != 1.0:
            zs = {name: z * volatility for name, z in zs.items()}
        steps = next(iter(zs.values())).shape[1]
        reps = draw.sigma.shape[0]
        sig = draw.sigma
        years = np.arange(self.last_year + 1, self.last_year + steps + 1)
        mu = self._trend.forward(got, sig[:, :1], zs, years)
        out = {"x": mu + sig[:, 1:2] * zs["eps"]}
        for key, assumption in (("pi", spec.deflator), ("p", spec.population)):
            if assumption is None or key not in zs:
                continue
            rho, sd = assumption.persistence, assumption.log_sd
            u = np.empty((reps, steps))
            prev = got[key + "_dev"][:, 0]
            innov = zs[key] * (sd * np.sqrt(1 - rho**2))
            for h in range(steps):
                prev = rho * prev + innov[:, h]
                u[:, h] = prev
            out[key] = u + assumption.log_mean(years)
        if "LT" in got:
            inc = out["x"] + out.get("pi", 0.0)
            out["L"] = got["LT"] + np.cumsum(inc, axis=1)
        if "LPT" in got:
            out["LP"] = got["LPT"] + np.cumsum(out["p"], axis=1)
        return out

    def _revisions(
        self, level: _Level, span: np.ndarray, reps: int, streams: Streams, name: str
    ) -> np.ndarray:
        """Cumulated revision shifts of published levels for years after the last data year."""
        if level.calendar is None or level.ref is None:
            return np.zeros((1, span.size))
        gen = streams(self.label, name)
        shifts = published_shifts(
            gen, reps, level.calendar, level.ref, span, self.last_year, level.sd
        )
        return shifts[..., 0]

    def _latent(self, draw: GrowthDraw, volatility: float) -> dict[str, np.ndarray]:
        """Log growth, deflator and population over the span, and the level anchors."""
        key = ("latent", volatility)
        if key not in draw.memo:
            draw.memo[key] = self._recursion(draw, volatility)
        return draw.memo[key]

    def _recursion(self, draw: GrowthDraw, volatility: float) -> dict[str, np.ndarray]:
        span, T = draw.span, self.last_year
        base, end = int(span[0]), int(span[-1])
        fwd = self._forward(draw, volatility) if end > T else {}
        start = max(base - T - 1, 0)  # first forward column inside the span
        out: dict[str, np.ndarray] = {}
        for key in ("x", "pi", "p"):
            pieces = [draw.history[key]] if key in draw.history else []
            if key in fwd:
                pieces.append(fwd[key][:, start:])
            if pieces:
                out[key] = np.concatenate(pieces, axis=1)
        for anchor, level in (("L0", "L"), ("LP0", "LP")):
            if anchor in draw.anchors:
                out[anchor] = draw.anchors[anchor]
            elif level in fwd:
                out[anchor] = fwd[level][:, base - T - 1]
        for value in out.values():
            value.setflags(write=False)
        return out

    def compose(self, draw: Draw, levers: Levers) -> dict[str, Paths]:
        """Apply the levers and form growth, levels, population and per-capita paths.

        Without a growth shift the paths depend on the draw, the volatility and the
        deflator and population overrides only: they are kept in the draw's memo.
        """
        assert isinstance(draw, GrowthDraw)
        if levers.growth_pp is not None and np.any(levers.growth_pp):
            return self._compose(draw, levers)
        key = (
            "paths",
            levers.volatility,
            tuple(sorted((levers.deflator or {}).items())),
            tuple(sorted((levers.population_growth or {}).items())),
        )
        if key not in draw.memo:
            paths = self._compose(draw, levers)
            for p in paths.values():
                for arr in (p.level, p.index):
                    if arr is not None:
                        arr.setflags(write=False)
            draw.memo[key] = paths
        return dict(draw.memo[key])

    def _compose(self, draw: GrowthDraw, levers: Levers) -> dict[str, Paths]:
        cols = draw.columns
        v = self._latent(draw, levers.volatility)
        g = 100.0 * np.expm1(v["x"])
        x = v["x"]
        if levers.growth_pp is not None and np.any(levers.growth_pp):
            g += levers.growth_pp
            np.maximum(g, -99.0, out=g)  # growth cannot fall below -100%
            x = np.log1p(g / 100.0)
        real = np.concatenate([np.zeros((x.shape[0], 1)), np.cumsum(x[:, 1:], axis=1)], axis=1)
        index = 100.0 * np.exp(real)
        out = {"growth": Paths(g[:, cols], index[:, cols])}
        if "L0" in v:
            inc = x[:, 1:]
            if "pi" in v:
                inc = inc + _override(v["pi"], draw.span, levers.deflator)[:, 1:]
            log_level = v["L0"][:, None] + np.concatenate(
                [np.zeros((x.shape[0], 1)), np.cumsum(inc, axis=1)], axis=1
            )
            published = np.exp(log_level + draw.shift)
            out["level"] = Paths(published[:, cols], index[:, cols])
            if "LP0" in v:
                p = _override(v["p"], draw.span, levers.population_growth)
                log_pop = v["LP0"][:, None] + np.concatenate(
                    [np.zeros((p.shape[0], 1)), np.cumsum(p[:, 1:], axis=1)], axis=1
                )
                pop = np.exp(log_pop + draw.pop_shift)
                true_pop = np.exp(log_pop - log_pop[:, :1])
                out["population"] = Paths(pop[:, cols], 100.0 * true_pop[:, cols])
                average = 0.5 * (pop[:, cols - 1] + pop[:, cols])
                out["per_capita"] = Paths(
                    published[:, cols] * 1e4 / average, index[:, cols] / true_pop[:, cols]
                )
        return out


@dataclass(frozen=True)
class GrowthDraw(Draw):
    """The random part of a growth-model simulation (see :meth:`GrowthCore.draw`).

    Attributes
    ----------
    history : dict of str to ndarray
        ``x`` (log growth), ``pi`` (log deflator inflation), ``p`` (log population
        growth) over the span's years up to the last data year, ``(R, years)``.
    anchors : dict of str to ndarray
        Log level ``L0`` and log population ``LP0`` in the base year, if it is a data year.
    state : dict of str to ndarray
        The state in the last data year: trend growth ``mu``, slope ``beta``, deflator
        and population deviations, log level ``LT`` and log population ``LPT``, ``(R, 1)``.
    sigma : ndarray, shape (R, 2)
        ``sigma_trend`` and ``sigma_irregular`` of each repetition.
    innovations : dict of str to ndarray
        Standardised innovations of every year after the last data year, ``(R, steps)``.
    shift, pop_shift : ndarray
        Revision shifts of published levels and population, ``(R or 1, span)``.
    """

    history: dict[str, np.ndarray]
    anchors: dict[str, np.ndarray]
    state: dict[str, np.ndarray]
    sigma: np.ndarray
    innovations: dict[str, np.ndarray]
    shift: np.ndarray
    pop_shift: np.ndarray


def _concat(parts: list[tuple[str, Affine]]) -> tuple[Affine, dict[str, slice]]:
    """Stack named maps and remember where each one lies."""
    slices: dict[str, slice] = {}
    pos = 0
    for name, part in parts:
        slices[name] = slice(pos, pos + len(part))
        pos += len(part)
    return Affine.vstack([part for _, part in parts]), slices


def _override(
    values: np.ndarray, span: np.ndarray, rates: Mapping[int, float] | None
) -> np.ndarray:
    """Replace simulated log rates by ``log(1 + r/100)`` in the years of ``rates``."""
    if not rates:
        return values
    out = values.copy()
    for i, year in enumerate(span):
        if int(year) in rates:
            out[:, i] = np.log1p(rates[int(year)] / 100.0)
    return out
