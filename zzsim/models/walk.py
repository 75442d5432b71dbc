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

``delta`` (prior ``N(0, drift_sd^2)``), the initial state (diffuse) and the census
revision shifts (prior ``N(0, revision_sd^2)``) are integrated analytically. The sector
structure of 2015 is printed on both the pre- and the post-2018-census basis
(7.5:58:34.5 and 6.9:53.4:39.7), so the revision is estimated from the data, not
mistaken for structural change; forecasts of published values after the next census
carry a fresh shift.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ModelError
from ._design import Affine, Slots, Trend, forward_trend, log_grid, trend
from ._posterior import LatentFit
from ._streams import Streams
from .observations import exclude, select
from .results import Core, Draw, Levers, Member, Paths, Results
from .revisions import CensusCalendar, calendar, published_shifts

__all__ = ["WalkModel", "WalkSpec", "ilr", "ilr_inverse", "transformed_points"]

_DIFFUSE_SD = 3.0

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
        Range of the log-uniform grid prior of the innovation s.d. (transformed units).
    grid_points : int
        Grid points of ``sigma``.
    drift_sd : float
        Prior s.d. of the drift per year (transformed units).
    obs_sd : Mapping[str, float]
        Observation-noise s.d. by status (transformed units).
    census : {"economic", "population"} or None
        Calendar of revisions (None: never re-benchmarked).
    revision_sd : float
        Prior s.d. of one census revision shift (transformed units).
    label : str
        Name of the random stream.
    """

    indicators: tuple[str, ...]
    members: Mapping[str, Member]
    transform: str = "logit"
    cap: float = 100.0
    sigma: tuple[float, float] = (0.002, 0.1)
    grid_points: int = 16
    drift_sd: float = 0.1
    obs_sd: Mapping[str, float] = field(
        default_factory=lambda: {"actual": 0.01, "revised": 0.01, "preliminary": 0.03}
    )
    census: str | None = None
    revision_sd: float = 0.1
    label: str = ""

    def __post_init__(self) -> None:
        want = {"logit": 1, "ilr": 3}.get(self.transform)
        if want is None or len(self.indicators) != want:
            raise ModelError(
                f"{self.indicators}: transform 'logit' takes one indicator, 'ilr' three"
            )

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
        rows.append({"year": year, "vintage": vintage, "status": ordered["status"].iloc[0],
                     "z": coords})
    return pd.DataFrame(rows).sort_values(["year", "vintage"], kind="stable")


class WalkModel:
    """Random walk with drift in logit (rates) or ilr (shares) space.

    Parameters
    ----------
    spec : WalkSpec
        The specification.
    cutoff : int, optional
        Use only figures about years ``<= cutoff`` published by ``cutoff + 1``.
    series : pandas.DataFrame, optional
        The figure base (default: :func:`zzsim.data.load_series` of ``data_dir``).
    data_dir : str or Path, optional
        Folder of the figure base.
    """

    def __init__(
        self,
        spec: WalkSpec,
        *,
        cutoff: int | None = None,
        series: pd.DataFrame | None = None,
        data_dir: str | Path | None = None,
    ) -> None:
        if series is None:
            from ..data import load_series

            series = load_series(data_dir)
        self.spec = spec
        self.cutoff = cutoff
        frames = [select(series, ind, kind="rate", unit="%", cutoff=cutoff)
                  for ind in spec.indicators]
        obs = pd.concat(frames, ignore_index=True)
        if spec.transform == "ilr":
            key = obs["source"] + "|" + obs["year"].astype(str) + "|" + obs["vintage"].astype(str)
            complete = obs[obs["used"]].groupby(key[obs["used"]])["indicator"].nunique() == 3
            whole = key.map(complete).fillna(False).astype(bool)
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
        points = transformed_points(spec, used)
        if points["year"].nunique() < 2:
            raise ModelError(
                f"{'/'.join(spec.indicators)}: too little data at cutoff {self.cutoff}: "
                f"{points['year'].nunique()} year(s) observed, at least 2 are needed "
                "(not modelled rather than faked)"
            )
        self.first_year = int(points["year"].min())
        self.last_year = int(points["year"].max())
        self._cal: CensusCalendar | None = calendar(spec.census)
        self._build(points)
        space = "logit" if spec.transform == "logit" else "isometric log-ratio"
        self.title = f"random walk with drift in {space} space of {'/'.join(spec.indicators)}"

    def _build(self, points: pd.DataFrame) -> None:
        spec = self.spec
        n = self.last_year - self.first_year + 1
        slots = Slots()
        first = points.iloc[0]["z"]
        self._trends: list[Trend] = [
            trend(slots, n, f"z{d}", init_mean=float(first[d]), init_sd=_DIFFUSE_SD, param=0,
                  slope_sd=spec.drift_sd, phi=1.0)
            for d in range(spec.dim)
        ]
        bases = [self._basis(int(v)) for v in points["vintage"]]
        self._ref = max(b for b in bases) if self._cal is not None else None
        self._shifts: dict[int, list[Affine]] = {}
        if self._cal is not None and self._ref is not None:
            for c in self._cal.between(min(bases), self._ref):
                self._shifts[c] = [slots.add([f"z{d} revision at the {c} census"],
                                             spec.revision_sd**2) for d in range(spec.dim)]
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
        grid = log_grid(spec.sigma[0], spec.sigma[1], spec.grid_points)[:, None]
        self._fit = LatentFit(slots, grid, ("sigma",), rows, np.asarray(values),
                              np.asarray(sds) ** 2)

    def _basis(self, vintage: int) -> int:
        return self._cal.basis_of_vintage(vintage) if self._cal is not None else 0

    # -- reporting ------------------------------------------------------------------
    @property
    def loglike(self) -> float:
        """Log marginal likelihood of the observations."""
        return self._fit.loglike

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
        gauss = self._fit.gaussian_table(Affine.vstack(parts), names)
        return pd.concat([self._fit.grid_table(), gauss])

    def notes(self) -> list[str]:
        """Return the method and assumption notes."""
        spec = self.spec
        space = (f"z = logit(value / {spec.cap})" if spec.transform == "logit"
                 else "z = ilr(primary, secondary, tertiary); shares = 100 * softmax(V z)")
        notes = [
            f"Transformed space: {space}.",
            f"Parameter uncertainty: sigma has a grid posterior ({spec.grid_points} points, "
            f"log-uniform prior on {spec.sigma}); drift (prior s.d. {spec.drift_sd}), "
            "initial state and revision shifts are integrated exactly.",
        ]
        if self._cal is not None:
            notes.append(
                f"Values are on the {self._ref} {self._cal.name}-census basis; revision shifts "
                f"(prior s.d. {spec.revision_sd}) link other bases and hit published values for "
                "years after each later census."
            )
        return notes

    def observed(self, quantity: str) -> pd.DataFrame:
        """Observed values of one indicator (for plots), with ``current_basis``."""
        obs = self.observations[self.observations["used"]
                                & (self.observations["indicator"] == quantity)]
        current = [self._basis(int(v)) == self._ref if self._cal is not None else True
                   for v in obs["vintage"]]
        return obs[["year", "start_year", "value", "status"]].assign(current_basis=current)

    # -- simulation -----------------------------------------------------------------
    def draw(
        self,
        years: tuple[int, ...],
        repetitions: int,
        streams: Streams,
        *,
        volatility: float = 1.0,
        full: bool = True,
    ) -> Draw:
        """Draw the transformed values over ``years[0]-1 .. years[-1]``."""
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
        k = self._fit.pick(repetitions, streams(self.label, "pick"), full=full)
        vals = self._fit.sample(Affine(c, B), ("draw", base, end), k,
                                streams(self.label, "posterior"), full=full)
        z = np.empty((repetitions, span.size, spec.dim))
        dims = range(spec.dim)
        for d in dims:
            z[:, :n_hist, d] = vals[:, d * n_hist:(d + 1) * n_hist]
        if end > T:
            steps = end - T
            noise = streams(self.label, "forward").standard_normal((repetitions, steps, spec.dim))
            sigma = self._fit.grid[k, :1] * volatility
            offset = spec.dim * n_hist
            for d in dims:
                level = vals[:, offset + 2 * d:offset + 2 * d + 1]
                slope = vals[:, offset + 2 * d + 1:offset + 2 * d + 2]
                path = forward_trend(level, slope, sigma, noise[..., d], noise[..., d],
                                     phi=1.0, slope_sd=spec.drift_sd)
                z[:, n_hist:, d] = path[:, steps - (span.size - n_hist):]
        shift = np.zeros((1, span.size, spec.dim))
        if self._cal is not None and self._ref is not None:
            shift = published_shifts(streams(self.label, "revision"), repetitions, self._cal,
                                     self._ref, span, T, spec.revision_sd, spec.dim)
        return Draw(years, span, {"z": z, "shift": shift})

    def compose(self, draw: Draw, levers: Levers) -> dict[str, Paths]:
        """Map back to rates or shares (applying any share drift) for each member."""
        values = self.spec.inverse(draw.values["z"] + draw.values["shift"])
        if levers.share_drift and self.spec.transform == "ilr":
            values = _drift_shares(values, draw.span, self.last_year, self.spec.indicators,
                                   levers.share_drift)
        cols = draw.columns
        return {
            ind: Paths(values[:, cols, i], None) for i, ind in enumerate(self.spec.indicators)
        }


def _drift_shares(values: np.ndarray, span: np.ndarray, last_year: int,
                  parts: Sequence[str], drift: Mapping[str, float]) -> np.ndarray:
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
        s0 = s[:, at:at + 1]
        logodds = np.log(s) - np.log1p(-s) + pp / 100.0 / (s0 * (1 - s0)) * years_after
        rest = 1.0 / (1.0 + np.exp(logodds))  # 1 - new share, computed without cancellation
        rest_before = np.clip(1.0 - s, np.finfo(float).tiny, None)
        others = [j for j in range(out.shape[-1]) if j != i]
        out[..., others] *= (rest / rest_before)[..., None]
        out[..., i] = 1.0 - rest
    return 100.0 * out
