"""Rates and shares: a random walk with drift in logit or log-ratio space.

Two families share this model; only the transform differs.

**Bounded rates** (urbanisation, forest cover): ``z = logit(v / cap)`` (``cap`` = 100
by default: a rate saturates as it approaches 100%). A constant drift in logit space is
a logistic curve in the rate: fast in the middle, slowing near saturation, and every
draw stays inside ``(0, cap)``.

**Shares** (the three-sector structure): ``z = ilr(p)``, the isometric log-ratio
coordinates of the composition ``p = (primary, secondary, tertiary)`` (Egozcue et al.
2003), with an isotropic random walk in that space. Every draw is mapped back by
``p = 100 * softmax(V z)``, so the three shares sum to 100 exactly and stay inside
``(0, 100)``. The three rows of a structure (same source, year, vintage) form one
observation; a structure with a missing part is not used.

For each coordinate::

    z[t] = z[t-1] + delta + eta[t]      eta ~ N(0, sigma^2)      (sigma: grid posterior)
    y    = z[t] + shift(basis) + e      e ~ N(0, obs_sd(status)^2)

``delta`` (prior ``N(drift_mean, drift_sd^2)``: the family's pooled prior, see
:mod:`zzsim.models.pooling`), the initial state (diffuse) and the census
revision shifts (prior ``N(0, revision_sd^2)``) are integrated analytically. The sector
structure of 2015 is printed on both the pre- and the post-2018-census basis
(7.5:58:34.5 and 6.9:53.4:39.7), so the revision is estimated from the data, not
mistaken for structural change; forecasts of published values after the next census
carry a fresh shift.

**Censored changes** (bounded rates): a figure such as "城镇化率年均提高 1.83 个百分点以上"
(2016-2020) is a bound on the average annual change in percentage points. A bound stated
with decimals is the figure rounded down to its last digit and hedged, so it is read as
lying within one unit of that digit (1.83 to 1.84); a whole number (1个百分点以上) is a floor
only. The figure reads ``1.83 <= (U[2020] - U[2015]) / 5 + e <= 1.84`` with
``U = cap * sigmoid(z)`` and ``e`` the one noise of the figure (``change_obs_sd``, pp per
year, by status). Every ``avg_change_pp`` row
whose note says ``lower bound`` / ``upper bound`` enters this way (any number of them,
both directions). The event is not linear in ``z``, so it cannot enter the Gaussian
algebra as the growth model's level bound does (truncated normal of one linear
functional, :mod:`zzsim.models._posterior`); instead:

- the fitted path is extended to cover every window (so the innovations of 2016-2020
  are posterior quantities, not future shocks), and the change is read on the reference
  basis of the fitted levels — like growth rates, changes are taken as comparable across
  census bases; a published level after the next census still carries its revision shift;
- draws are **exact rejection sampling**: a candidate (grid point, latent path) is drawn
  from the posterior given the point figures and kept with probability
  ``P(figures in their intervals | path) / max``, the figure noise integrated in closed
  form (``P = Phi((high - D) / sd) - Phi((low - D) / sd)`` for the path's change ``D``), so
  the kept draws follow the posterior given the figures *and* the bounds (prior x
  likelihood x P(event), normalised). Candidates come in batches sized by the acceptance
  rate; a bound the other figures make nearly impossible (acceptance below
  ``MIN_ACCEPTANCE``) raises :class:`~zzsim.errors.ModelError` naming the row;
- the parameter table and the shock-only point (``full=False``: modal grid point,
  conditional mean of the states) come from a fixed-seed bank of conditioned draws, and
  the log marginal likelihood adds ``log P(bounds | figures)``, the bank's acceptance
  rate times the largest acceptance probability (Monte Carlo estimates; the draws
  themselves are exact).

Bounds on shares (``ilr``) are not read: they stay out with their reason.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special

from ..errors import ModelError
from ..rng import Streams
from ._design import Affine, Slots, Trend, forward_trend, log_grid, trend
from ._posterior import LatentFit
from .observations import BOUND_REASON, FigureModel, exclude, no_figure_reason, select
from .results import Core, Draw, Levers, Member, Paths, Results
from .revisions import CensusCalendar, calendar, published_shifts

__all__ = [
    "MIN_ACCEPTANCE",
    "ChangeBound",
    "WalkModel",
    "WalkSpec",
    "ilr",
    "ilr_inverse",
    "transformed_points",
]

_DIFFUSE_SD = 3.0
#: smallest share of candidates the bounds may keep (below it a bound is refused)
MIN_ACCEPTANCE = 1e-3
#: candidates drawn at fit time for the bank of conditioned draws
_BANK_CANDIDATES = 40_000
#: seed of the bank (summaries must not depend on the caller's randomness)
_BANK_SEED = 20_160_101
#: largest batch of candidates drawn at once
_MAX_BATCH = 200_000

#: orthonormal basis of the ilr coordinates of a three-part composition (columns)
_V = np.array(
    [
        [1 / np.sqrt(2), 1 / np.sqrt(6)],
        [-1 / np.sqrt(2), 1 / np.sqrt(6)],
        [0.0, -2 / np.sqrt(6)],
    ]
)


def ilr(parts: np.ndarray) -> np.ndarray:
    """Return the isometric log-ratio coordinates of three-part compositions.

    Parameters
    ----------
    parts : ndarray, shape (..., 3)
        Positive parts (any scale: the closure does not change the coordinates).

    Returns
    -------
    ndarray, shape (..., 2)
    """
    return np.log(parts) @ _V


def ilr_inverse(coords: np.ndarray, total: float = 100.0) -> np.ndarray:
    """Return the composition (summing to ``total``) of ilr coordinates.

    Parameters
    ----------
    coords : ndarray, shape (..., 2)
    total : float
        Sum of the parts.

    Returns
    -------
    ndarray, shape (..., 3)
    """
    a = coords[..., 0] / np.sqrt(2.0)
    b = coords[..., 1] / np.sqrt(6.0)
    parts = np.stack([np.exp(a + b), np.exp(b - a), np.exp(-2.0 * b)], axis=-1)
    return parts * (total / parts.sum(axis=-1, keepdims=True))


@dataclass(frozen=True)
class WalkSpec:
    """Specification of a bounded-rate or share model.

    Parameters
    ----------
    indicators : tuple of str
        One indicator (``transform="logit"``) or the three parts of a composition in
        order (``transform="ilr"``).
    members : Mapping[str, Member]
        Ids served; the quantity of each is its indicator id.
    transform : {"logit", "ilr"}
        The space of the random walk.
    cap : float
        Saturation level of a bounded rate, %.
    sigma : (float, float)
        Range of the grid of the innovation s.d. (transformed units).
    grid_points : int
        Grid points of ``sigma``.
    grid_prior : tuple of float, optional
        Log prior weights of the grid points (None: log-uniform).
    drift_mean, drift_sd : float
        Prior mean and s.d. of the drift per year (transformed units).
    obs_sd : Mapping[str, float]
        Observation-noise s.d. by status (transformed units).
    census : str, CensusCalendar or None
        Calendar of revisions (a name in ``models.yaml``; None: never re-benchmarked).
    revision_sd : float
        Prior s.d. of one census revision shift (transformed units).
    change_obs_sd : Mapping[str, float]
        Observation-noise s.d. of an average annual change (``avg_change_pp``) by status,
        percentage points per year (the default matches two level figures with the logit
        noise of ``obs_sd`` near 70%, five years apart: ``sqrt(2) * 0.2 / 5`` for actual).
    label : str
        Name of the random stream.
    """

    indicators: tuple[str, ...]
    members: Mapping[str, Member]
    transform: str = "logit"
    cap: float = 100.0
    sigma: tuple[float, float] = (0.002, 0.1)
    grid_points: int = 16
    grid_prior: tuple[float, ...] | None = None
    drift_mean: float = 0.0
    drift_sd: float = 0.1
    obs_sd: Mapping[str, float] = field(
        default_factory=lambda: {"actual": 0.01, "revised": 0.01, "preliminary": 0.03}
    )
    census: str | CensusCalendar | None = None
    revision_sd: float = 0.1
    change_obs_sd: Mapping[str, float] = field(
        default_factory=lambda: {"actual": 0.05, "revised": 0.05, "preliminary": 0.15}
    )
    label: str = ""

    def __post_init__(self) -> None:
        want = {"logit": 1, "ilr": 3}.get(self.transform)
        if want is None or len(self.indicators) != want:
            raise ModelError(
                f"{self.indicators}: transform 'logit' takes one indicator, 'ilr' three"
            )
        if self.grid_prior is not None and len(self.grid_prior) != self.grid_points:
            raise ModelError(f"{self.indicators}: grid_prior needs {self.grid_points} weights")

    @property
    def engine(self) -> str:
        """The engine's name (``walk``)."""
        return "walk"

    def scorable(self, series: pd.DataFrame, indicator: str) -> pd.DataFrame:
        """Return the rows of one part a forecast can be scored against (every cutoff)."""
        return select(series, indicator, kind="rate", unit="%")

    def served(self, *, has_levels: bool = True) -> dict[str, Member]:
        """Return the members (every part is served; ``has_levels`` does not matter)."""
        return dict(self.members)

    def grid_axes(self) -> tuple[np.ndarray]:
        """Return the grid values of ``sigma``."""
        return (log_grid(self.sigma[0], self.sigma[1], self.grid_points),)

    @property
    def dim(self) -> int:
        """Dimension of the transformed value."""
        return 1 if self.transform == "logit" else 2

    def forward(self, values: np.ndarray) -> np.ndarray:
        """Map values (``(..., k)``, in %) to the transformed space (``(..., dim)``)."""
        if self.transform == "logit":
            return np.log(values / (self.cap - values))
        return ilr(values)

    def inverse(self, coords: np.ndarray) -> np.ndarray:
        """Map transformed coordinates back to values in %."""
        if self.transform == "logit":
            return self.cap / (1.0 + np.exp(-coords))
        return ilr_inverse(coords)


@dataclass(frozen=True)
class ChangeBound:
    """A censored average annual change of a bounded rate over ``start..end``.

    The figure ``(U[end] - U[start - 1]) / (end - start + 1) + e``, with ``e ~ N(0, sd^2)``
    one noise of the figure, lies in ``[low, high]`` (``U`` in %, the figure and its limits
    in percentage points per year): ``以上`` gives a lower limit, ``以内`` an upper one, and
    a bound stated with decimals both (:func:`_last_digit`).

    Attributes
    ----------
    id : str
        Row id in the figure base.
    start, end : int
        First and last year of the window.
    low, high : float
        Limits of the figure, pp per year (``-inf`` or ``inf`` where the wording sets none).
    sd : float
        Observation-noise s.d. of the figure, percentage points per year.
    """

    id: str
    start: int
    end: int
    low: float
    high: float
    sd: float

    def probability(self, before: np.ndarray, after: np.ndarray) -> np.ndarray:
        """Return, draw by draw, the probability that the figure lies within its limits.

        Parameters
        ----------
        before, after : ndarray
            The rate (%) in ``start - 1`` and in ``end``.

        Returns
        -------
        ndarray
            ``Phi((high - D) / sd) - Phi((low - D) / sd)`` for the change ``D``; with
            ``sd = 0`` whether ``D`` lies within the limits (0 or 1).
        """
        change = (after - before) / (self.end - self.start + 1)
        if self.sd == 0.0:
            return ((change >= self.low) & (change <= self.high)).astype(float)
        return special.ndtr((self.high - change) / self.sd) - special.ndtr(
            (self.low - change) / self.sd
        )

    @property
    def peak(self) -> float:
        """The largest value :meth:`probability` takes (at the middle of the limits)."""
        if self.sd == 0.0 or not np.isfinite(self.high - self.low):
            return 1.0
        return float(2.0 * special.ndtr((self.high - self.low) / (2.0 * self.sd)) - 1.0)

    def describe(self) -> str:
        """Return the limits as a reader would write them (``1.83 <= change <= 1.84``)."""
        if np.isfinite(self.low) and np.isfinite(self.high):
            return f"{self.low:g} <= change {self.start}-{self.end} <= {self.high:g}"
        if np.isfinite(self.low):
            return f"change {self.start}-{self.end} >= {self.low:g}"
        return f"change {self.start}-{self.end} <= {self.high:g}"


def _last_digit(value: float) -> float | None:
    """Return one unit of a decimal figure's last printed digit (1.83: 0.01), None if whole.

    A bound stated with decimals ("年均提高1.83个百分点以上") is a figure rounded to its last
    digit and hedged, so it lies within one unit of that digit; a bound stated as a whole
    number ("突破3000亿元", "1个百分点以上") is a milestone, a floor only.
    """
    text = repr(float(value))
    if "e" in text or text.endswith(".0"):
        return None
    return 10.0 ** -len(text.split(".")[1])


def transformed_points(spec: WalkSpec, used: pd.DataFrame) -> pd.DataFrame:
    """Return one row per observation: ``year, vintage, status, z`` (transformed value).

    Parameters
    ----------
    spec : WalkSpec
    used : pandas.DataFrame
        Used rows of :func:`zzsim.models.observations.select` for ``spec.indicators``;
        for a composition, the three rows of one (source, year, vintage) make one point.

    Returns
    -------
    pandas.DataFrame
    """
    if spec.transform == "logit":
        coords = spec.forward(used["value"].to_numpy(dtype=float))[:, None]
        frame = used[["year", "vintage", "status"]].reset_index(drop=True)
        return frame.assign(z=list(coords))
    rows = []
    for (_, year, vintage), group in used.groupby(["source", "year", "vintage"]):
        ordered = group.set_index("indicator").loc[list(spec.indicators)]
        coords = spec.forward(ordered["value"].to_numpy(dtype=float))
        rows.append(
            {"year": year, "vintage": vintage, "status": ordered["status"].iloc[0], "z": coords}
        )
    return pd.DataFrame(rows).sort_values(["year", "vintage"], kind="stable")


class WalkModel(FigureModel):
    """Random walk with drift in logit (rates) or ilr (shares) space.

    Parameters are those of :class:`~zzsim.models.observations.FigureModel`, with a
    :class:`WalkSpec`.
    """

    spec: WalkSpec

    def _read(self, series: pd.DataFrame) -> None:
        spec = self.spec
        frames = [
            select(series, ind, kind="rate", unit="%", cutoff=self.cutoff)
            for ind in spec.indicators
        ]
        obs = pd.concat(frames, ignore_index=True)
        if spec.transform == "logit":
            edge = ~obs["value"].between(0.0, spec.cap, inclusive="neither")
            obs = exclude(obs, edge, f"at or beyond the bounds 0 and {spec.cap}: logit undefined")
        if spec.transform == "ilr":
            key = obs["source"] + "|" + obs["year"].astype(str) + "|" + obs["vintage"].astype(str)
            complete = obs[obs["used"]].groupby(key[obs["used"]])["indicator"].nunique() == 3
            whole = key.map(complete.to_dict()).eq(True)  # keys with no used row: not whole
            obs = exclude(obs, ~whole, "incomplete structure: the three shares are read together")
        self.observations = obs.sort_values(["year", "vintage", "id"], kind="stable")

    def fit(self) -> Results:
        """Fit the model.

        Returns
        -------
        Results
            The view for the first member id of the spec.
        """
        return Results(WalkCore(self), next(iter(self.spec.members)))


@dataclass(frozen=True)
class _Bank:
    """Conditioned posterior draws of the latent components, from a fixed seed.

    Attributes
    ----------
    k : ndarray of int
        Grid point of each kept draw.
    w : ndarray, shape (draws, m)
        Latent components of each kept draw.
    acceptance : float
        Share of candidates kept (it sizes the batches of later draws).
    probability : float
        Estimate of ``P(bounds | figures)``: ``acceptance`` times the largest acceptance
        probability of a candidate.
    mode : int
        Most frequent grid point among the kept draws.
    point : ndarray, shape (m,)
        Mean of the kept draws at ``mode`` (the shock-only point).
    """

    k: np.ndarray
    w: np.ndarray
    acceptance: float
    probability: float
    mode: int
    point: np.ndarray


def _draw_table(values: np.ndarray, names: Sequence[str]) -> pd.DataFrame:
    """Mean, s.d. and 10%/90% quantiles of draws (one column per quantity)."""
    q10, q90 = np.quantile(values, [0.1, 0.9], axis=0)
    return pd.DataFrame(
        {"mean": values.mean(axis=0), "sd": values.std(axis=0, ddof=1), "q10": q10, "q90": q90},
        index=list(names),
    )


class WalkCore(Core):
    """The fitted random walk (built by :meth:`WalkModel.fit`)."""

    def __init__(self, model: WalkModel) -> None:
        spec = model.spec
        self.spec = spec
        self.cutoff = model.cutoff
        self.members = dict(spec.members)
        self.label = spec.label or spec.indicators[0]
        self.observations = model.observations.reset_index(drop=True)
        used = self.observations[self.observations["used"]]
        if not len(used):
            raise ModelError(
                f"{'/'.join(spec.indicators)}: {no_figure_reason(self.observations, self.cutoff)}"
            )
        points = transformed_points(spec, used)
        self.observations, self._bounds = self._censored(self.observations)
        years = [int(y) for y in points["year"]]
        years += [y for b in self._bounds for y in (b.start - 1, b.end)]
        # the span starts the year before the first figure: the earliest base year
        self.first_year, self.last_year = min(years) - 1, max(years)
        # later years are published on the basis of their first publication
        self._last_level = int(points["year"].max())
        self._cal: CensusCalendar | None = calendar(spec.census)
        self._build(points)
        self._bank = self._conditioned_bank() if self._bounds else None
        space = "logit" if spec.transform == "logit" else "isometric log-ratio"
        self.title = f"random walk with drift in {space} space of {'/'.join(spec.indicators)}"

    def _censored(self, obs: pd.DataFrame) -> tuple[pd.DataFrame, list[ChangeBound]]:
        """Take back the bounds on average annual changes of a bounded rate."""
        take = (obs["reason"] == BOUND_REASON) & (obs["measure"] == "avg_change_pp")
        if self.spec.transform != "logit" or not take.any():
            return obs, []
        out = obs.copy()
        bounds = []
        for i in obs.index[take]:
            r = obs.loc[i]
            start, end = int(r["start_year"]), int(r["year"])
            sd = float(self.spec.change_obs_sd[str(r["status"])])
            value, lower = float(r["value"]), r["bound"] == "lower"
            step = _last_digit(value)  # 1.83以上: the figure rounded down to its last digit
            low, high = (value, np.inf) if lower else (-np.inf, value)
            if step is not None:
                low, high = (value, value + step) if lower else (value - step, value)
            bounds.append(ChangeBound(str(r["id"]), start, end, low, high, sd))
            out.loc[i, "used"] = True
            out.loc[i, "reason"] = (
                f"censored: enters as a {r['bound']} bound on the change {start - 1}-{end}"
            )
        return out, bounds

    def _build(self, points: pd.DataFrame) -> None:
        spec = self.spec
        n = self.last_year - self.first_year + 1
        slots = Slots()
        first = points.iloc[0]["z"]
        self._trends: list[Trend] = [
            trend(
                slots,
                n,
                f"z{d}",
                init_mean=float(first[d]),
                init_sd=_DIFFUSE_SD,
                param=0,
                slope_sd=spec.drift_sd,
                phi=1.0,
                slope_mean=spec.drift_mean,
            )
            for d in range(spec.dim)
        ]
        bases = [self._basis(int(v)) for v in points["vintage"]]
        self._ref = max(b for b in bases) if self._cal is not None else None
        self._shifts: dict[int, list[Affine]] = {}
        if self._cal is not None and self._ref is not None:
            for c in self._cal.between(min(bases), self._ref):
                self._shifts[c] = [
                    slots.add([f"z{d} revision at the {c} census"], spec.revision_sd**2)
                    for d in range(spec.dim)
                ]
        rows, values, sds = [], [], []
        for basis, r in zip(bases, points.to_dict("records"), strict=True):
            t = int(r["year"]) - self.first_year
            for d in range(spec.dim):
                row = self._trends[d].level[[t]]
                if self._cal is not None and self._ref is not None:
                    for c in self._cal.between(basis, self._ref):
                        row = row - self._shifts[c][d]
                rows.append(row)
                values.append(float(r["z"][d]))
                sds.append(spec.obs_sd[str(r["status"])])
        # the rate (logit, reference basis) before and at the end of each bound's window
        t0 = self.first_year
        self._bound_rows = Affine.vstack(
            [self._trends[0].level[[b.start - 1 - t0, b.end - t0]] for b in self._bounds]
        )
        grid = spec.grid_axes()[0][:, None]
        log_prior = None if spec.grid_prior is None else np.asarray(spec.grid_prior)
        self._fit = LatentFit(
            slots,
            grid,
            ("sigma",),
            rows,
            np.asarray(values),
            np.asarray(sds) ** 2,
            log_prior=log_prior,
        )

    def _basis(self, vintage: int) -> int:
        return self._cal.basis_of_vintage(vintage) if self._cal is not None else 0

    # -- censored changes ---------------------------------------------------------------
    def _candidates(
        self,
        parts: Affine,
        key: Hashable,
        n: int,
        gens: tuple[np.random.Generator, np.random.Generator, np.random.Generator],
    ) -> tuple[np.ndarray, np.ndarray]:
        """Draw ``n`` candidates given the point figures; keep each with the bounds' odds.

        A candidate (grid point and the rates the bounds read) is kept with probability
        ``P(every figure within its limits | path)`` divided by its largest value; ``parts``
        are then drawn for the kept ones only, given those rates. Returns the grid points
        and ``parts`` of the kept candidates.
        """
        pick, posterior, accept = gens
        k = self._fit.pick(n, pick, full=True)
        rows = self._fit.sample(self._bound_rows, ("bound rows",), k, posterior, full=True)
        rates = self.spec.inverse(rows)
        odds = np.ones(n)
        for i, bound in enumerate(self._bounds):
            odds *= bound.probability(rates[:, 2 * i], rates[:, 2 * i + 1]) / bound.peak
        ok = accept.random(n) < odds
        kept = self._fit.sample_given(
            parts, self._bound_rows, ("given bound rows", key), k[ok], rows[ok], posterior
        )
        return k[ok], kept

    def _conditioned_bank(self) -> _Bank:
        """Draw the fixed-seed bank of conditioned draws of every latent component."""
        m = self._fit.slots.size
        gen = np.random.default_rng(_BANK_SEED)
        k, w = self._candidates(
            Affine(np.zeros(m), np.eye(m)), ("bank",), _BANK_CANDIDATES, (gen, gen, gen)
        )
        acceptance = k.size / _BANK_CANDIDATES
        probability = acceptance * float(np.prod([b.peak for b in self._bounds]))
        if acceptance < MIN_ACCEPTANCE:
            ids = ", ".join(b.id for b in self._bounds)
            raise ModelError(
                f"{self.spec.indicators[0]}: the bound(s) {ids} keep {k.size} of "
                f"{_BANK_CANDIDATES} posterior draws given the other figures (at least "
                f"{MIN_ACCEPTANCE:.1%} expected); check the rows and their notes"
            )
        mode = int(np.argmax(np.bincount(k, minlength=self._fit.grid.shape[0])))
        return _Bank(k, w, acceptance, probability, mode, w[k == mode].mean(axis=0))

    def _accepted(
        self, parts: Affine, key: Hashable, repetitions: int, streams: Streams
    ) -> tuple[np.ndarray, np.ndarray]:
        """Draw grid points and ``parts`` from the posterior given figures and bounds."""
        assert self._bank is not None
        pick, posterior, noise = (
            streams(self.label, name) for name in ("pick", "posterior", "bound")
        )
        ks, vals, need = [], [], repetitions
        while need > 0:
            n = int(min(np.ceil(need / self._bank.acceptance * 1.25) + 16, _MAX_BATCH))
            k, v = self._candidates(parts, key, n, (pick, posterior, noise))
            ks.append(k[:need])
            vals.append(v[:need])
            need -= ks[-1].size
        return np.concatenate(ks), np.concatenate(vals)

    # -- reporting ------------------------------------------------------------------
    @property
    def loglike(self) -> float:
        """Log marginal likelihood of the observations (figures and bounds)."""
        if self._bank is None:
            return self._fit.loglike
        return self._fit.loglike + float(np.log(self._bank.probability))

    @property
    def fit_result(self) -> LatentFit:
        """The fitted posterior given the point figures (grid weights, Gaussian conditionals)."""
        return self._fit

    def _moments(self, parts: Affine) -> tuple[np.ndarray, np.ndarray]:
        """Posterior mean and variance of linear quantities (figures and bounds)."""
        if self._bank is None:
            table = self._fit.gaussian_table(parts, [str(i) for i in range(len(parts))])
            return table["mean"].to_numpy(), table["sd"].to_numpy() ** 2
        values = parts.c + self._bank.w @ parts.width(self._fit.slots.size).T
        return values.mean(axis=0), values.var(axis=0, ddof=1)

    def _drifts(self) -> Affine:
        parts = []
        for tr in self._trends:
            assert tr.slope is not None
            parts.append(tr.slope[[0]])
        return Affine.vstack(parts)

    def pooled(self) -> tuple[np.ndarray, np.ndarray]:
        """Posterior mean and variance of the drift of each coordinate (transformed units)."""
        return self._moments(self._drifts())

    def data_weight(self) -> float:
        """Return ``1 - Var_post / Var_prior`` of the drift (summed over coordinates)."""
        drifts = self._drifts()
        post = float(self._moments(drifts)[1].sum())
        prior = float(self._fit.prior_variance(drifts).sum())
        return float(np.clip(1.0 - post / prior, 0.0, 1.0))

    def param_table(self) -> pd.DataFrame:
        """Posterior of sigma, the drifts, the last state and the revision shifts."""
        names: list[str] = []
        parts: list[Affine] = []
        for d, tr in enumerate(self._trends):
            assert tr.slope is not None
            parts += [tr.slope[[0]], tr.level[[-1]]]
            names += [f"drift z{d} (per year)", f"z{d} in {self.last_year}"]
        for c, shifts in self._shifts.items():
            for d, shift in enumerate(shifts):
                parts.append(shift)
                names.append(f"z{d} revision at the {c} census")
        stacked = Affine.vstack(parts)
        if self._bank is None:
            gauss = self._fit.gaussian_table(stacked, names)
            return pd.concat([self._fit.grid_table(), gauss])
        values = stacked.c + self._bank.w @ stacked.width(self._fit.slots.size).T
        sigma = self._fit.grid[self._bank.k, :1]
        return _draw_table(np.hstack([sigma, values]), [*self._fit.param_names, *names])

    def notes(self) -> list[str]:
        """Return the method and assumption notes."""
        spec = self.spec
        space = (
            f"z = logit(value / {spec.cap})"
            if spec.transform == "logit"
            else "z = ilr(primary, secondary, tertiary); shares = 100 * softmax(V z)"
        )
        notes = [
            f"Transformed space: {space}.",
            f"Parameter uncertainty: sigma has a grid posterior ({spec.grid_points} points "
            f"on {spec.sigma}, "
            + ("the family's pooled prior" if spec.grid_prior is not None else "log-uniform")
            + f"); drift (prior N({spec.drift_mean:.3g}, {spec.drift_sd:.3g}^2)), "
            "initial state and revision shifts are integrated exactly.",
        ]
        if self._cal is not None:
            notes.append(
                f"Values are on the {self._ref} {self._cal.name}-census basis; revision shifts "
                f"(prior s.d. {spec.revision_sd}) link other bases and hit published values for "
                "years after each later census."
            )
        if self._bank is not None:
            bounds = "; ".join(
                f"{b.id}: average {b.describe()} pp a year (noise s.d. {b.sd})"
                for b in self._bounds
            )
            notes.append(
                f"Censored changes ({bounds}) condition the posterior by rejection sampling "
                f"(P(bounds | other figures) = {self._bank.probability:.3f}); the parameter "
                f"table and the log-likelihood use {self._bank.k.size} conditioned draws."
            )
        return notes

    def observed(self, quantity: str) -> pd.DataFrame:
        """Observed values of one indicator (for plots), with ``current_basis``."""
        obs = self.observations
        obs = obs[obs["used"] & (obs["bound"] == "") & (obs["indicator"] == quantity)]
        current = [
            self._basis(int(v)) == self._ref if self._cal is not None else True
            for v in obs["vintage"]
        ]
        return obs[["year", "start_year", "value", "status"]].assign(current_basis=current)

    # -- simulation -----------------------------------------------------------------
    def draw(
        self, years: tuple[int, ...], repetitions: int, streams: Streams, *, full: bool = True
    ) -> WalkDraw:
        """Draw the transformed values up to the last data year, the state and innovations."""
        spec = self.spec
        base, end, T, t0 = years[0] - 1, years[-1], self.last_year, self.first_year
        if base < t0:
            raise ModelError(
                f"{'/'.join(spec.indicators)}: the first year requested ({years[0]}) needs the "
                f"base year {base}, before the first fitted year {t0}"
            )
        span = np.arange(base, end + 1)
        hist = span[span <= T] - t0
        parts: list[Affine] = []
        for tr in self._trends:
            parts.append(tr.level[hist] if hist.size else Affine.zeros(0))
        n_hist = hist.size
        if end > T:
            for tr in self._trends:
                assert tr.slope is not None
                parts += [tr.level[[-1]], tr.slope[[-1]]]
        m = self._fit.slots.size
        c, B = Affine.stack(parts, m)
        if self._bank is None:
            k = self._fit.pick(repetitions, streams(self.label, "pick"), full=full)
            vals = self._fit.sample(
                Affine(c, B), ("draw", base, end), k, streams(self.label, "posterior"), full=full
            )
        elif full:
            k, vals = self._accepted(
                Affine(c, B), ("bounded draw", base, end), repetitions, streams
            )
        else:
            k = np.full(repetitions, self._bank.mode)
            vals = np.tile(c + B @ self._bank.point, (repetitions, 1))
        z = np.empty((repetitions, n_hist, spec.dim))
        for d in range(spec.dim):
            z[:, :, d] = vals[:, d * n_hist : (d + 1) * n_hist]
        steps = max(end - T, 0)
        offset = spec.dim * n_hist
        noise = (
            streams(self.label, "forward").standard_normal((repetitions, steps, spec.dim))
            if steps
            else np.zeros((repetitions, 0, spec.dim))
        )
        shift = np.zeros((1, span.size, spec.dim))
        if self._cal is not None and self._ref is not None:
            shift = published_shifts(
                streams(self.label, "revision"),
                repetitions,
                self._cal,
                self._ref,
                span,
                self._last_level,
                spec.revision_sd,
                spec.dim,
            )
        return WalkDraw(
            years,
            span,
            history=z,
            level=vals[:, offset::2] if steps else np.zeros((repetitions, 0)),
            slope=vals[:, offset + 1 :: 2] if steps else np.zeros((repetitions, 0)),
            sigma=self._fit.grid[k, :1],
            noise=noise,
            shift=shift,
        )

    def _values(self, draw: WalkDraw, volatility: float) -> np.ndarray:
        """Return the transformed values over the span, ``(R, span, dim)``."""
        spec, span = self.spec, draw.span
        reps, n_hist = draw.history.shape[:2]
        z = np.empty((reps, span.size, spec.dim))
        z[:, :n_hist] = draw.history
        steps = draw.noise.shape[1]
        if steps:
            sigma = draw.sigma * volatility
            for d in range(spec.dim):
                path = forward_trend(
                    draw.level[:, d : d + 1],
                    draw.slope[:, d : d + 1],
                    sigma,
                    draw.noise[..., d],
                    draw.noise[..., d],
                    phi=1.0,
                    slope_sd=spec.drift_sd,
                )
                z[:, n_hist:, d] = path[:, steps - (span.size - n_hist) :]
        return z

    def compose(self, draw: Draw, levers: Levers) -> dict[str, Paths]:
        """Map back to rates or shares (applying any share drift) for each member."""
        assert isinstance(draw, WalkDraw)
        key = ("values", levers.volatility)
        if key not in draw.memo:
            values = self.spec.inverse(self._values(draw, levers.volatility) + draw.shift)
            values.setflags(write=False)
            draw.memo[key] = values
        values = draw.memo[key]
        if levers.share_drift and self.spec.transform == "ilr":
            values = _drift_shares(
                values, draw.span, self.last_year, self.spec.indicators, levers.share_drift
            )
        cols = draw.columns
        return {ind: Paths(values[:, cols, i], None) for i, ind in enumerate(self.spec.indicators)}


@dataclass(frozen=True)
class WalkDraw(Draw):
    """The random part of a random-walk simulation (see :meth:`WalkCore.draw`).

    Attributes
    ----------
    history : ndarray, shape (R, years up to the last data year, dim)
        Transformed values of the span's data years.
    level, slope : ndarray, shape (R, dim)
        Transformed value and drift in the last data year (empty without future years).
    sigma : ndarray, shape (R, 1)
        Innovation s.d. of each repetition.
    noise : ndarray, shape (R, steps, dim)
        Standardised innovations of the years after the last data year.
    shift : ndarray, shape (R or 1, span, dim)
        Revision shifts of published values.
    """

    history: np.ndarray
    level: np.ndarray
    slope: np.ndarray
    sigma: np.ndarray
    noise: np.ndarray
    shift: np.ndarray


def _drift_shares(
    values: np.ndarray,
    span: np.ndarray,
    last_year: int,
    parts: Sequence[str],
    drift: Mapping[str, float],
) -> np.ndarray:
    """Add ``drift[part]`` pp per year after ``last_year`` to a share, in log-odds space.

    The drift is a constant change of the log-odds of the part against the rest,
    ``d / (s0 (1 - s0))`` per year with ``s0`` the share (as a fraction) in the last data
    year (or the first simulated year, if later): ``d`` percentage points a year at the
    start, tapering near the bounds, never leaving (0, 100). The other parts keep their
    ratios and absorb the difference, so the composition is re-closed to 100.
    """
    unknown = set(drift) - set(parts)
    if unknown:
        raise ModelError(f"share_drift: unknown part(s) {sorted(unknown)}; expected {list(parts)}")
    start = max(int(last_year), int(span[0]))
    years_after = np.clip(span - start, 0, None)[None, :]
    out = values / 100.0
    at = int(start - span[0])
    for name, pp in drift.items():
        i = list(parts).index(name)
        s = out[..., i]
        s0 = s[:, at : at + 1]
        logodds = np.log(s) - np.log1p(-s) + pp / 100.0 / (s0 * (1 - s0)) * years_after
        rest = 1.0 / (1.0 + np.exp(logodds))  # 1 - new share, computed without cancellation
        rest_before = np.clip(1.0 - s, np.finfo(float).tiny, None)
        others = [j for j in range(out.shape[-1]) if j != i]
        out[..., others] *= (rest / rest_before)[..., None]
        out[..., i] = 1.0 - rest
    return 100.0 * out
