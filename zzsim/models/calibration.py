"""Calibration on synthetic series shaped like the city's: do 80% intervals cover 80%.

:func:`coverage_study` repeats, for many synthetic datasets:

1. draw a "true" history and future from a data-generating process written here
   independently of the model code (numpy recursions, not the stacked design);
2. observe it exactly as the figure base observes the city — the same years, measures,
   statuses, vintages and census bases (GDP: a preliminary 2015 level and 2015 real
   growth, 2011-2015 nominal cumulative growth, all on the pre-2018-census basis, then the
   2020 level and the 2016-2020 average real growth on the new basis; the sector
   structure in 2010, 2015 on both bases and 2020; urbanisation in 2010 and 2015);
3. fit the default model on those figures and check whether its central interval covers
   the truth for a set of targets (growth in single years, a five-year average, published
   levels after the next census, shares, rates).

``truth="prior"`` draws the parameters (innovation s.d. from the grid prior, drifts,
slopes, revision shifts, deflator) from the model's priors and the starting point near
the city's — a simulation-based calibration check: a correct implementation covers at the
nominal rate. ``truth="slowdown"`` (growth only) is misspecified on purpose: trend growth
falls linearly from 11% in 2010 to 5% in 2030 with AR(1) deviations, as in the "new
normal". ``full=False`` simulates with the parameters and states fixed at the posterior
mode (shock-only simulation) to show what ignoring parameter uncertainty costs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..errors import ModelError
from ..rng import RngLike, Streams
from ._design import log_grid
from .growth import GrowthModel, GrowthSpec
from .registry import default_spec
from .results import Core, Member
from .walk import WalkModel, WalkSpec, ilr, ilr_inverse

__all__ = ["CoverageStudy", "coverage_study"]

_YEARS = np.arange(2010, 2031)


@dataclass(frozen=True)
class CoverageStudy:
    """Result of :func:`coverage_study`.

    Attributes
    ----------
    family : str
        ``growth``, ``composition`` or ``bounded``.
    truth : str
        Data-generating process (``prior`` or ``slowdown``).
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
    truth: str
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
            f"<CoverageStudy {self.family} truth={self.truth} full={self.full}: "
            f"{self.coverage:.3f} +- {self.standard_error:.3f} of {self.level:.0%} "
            f"intervals cover, {self.datasets} datasets>"
        )


def _row(
    i: int,
    indicator: str,
    year: int,
    value: float,
    unit: str,
    measure: str,
    status: str,
    vintage: int,
    start: int | None = None,
    basis: str | None = None,
) -> dict:
    return {
        "id": f"syn-{i:03d}",
        "indicator": indicator,
        "region": "株洲市",
        "year": year,
        "start_year": pd.NA if start is None else start,
        "value": value,
        "unit": unit,
        "measure": measure,
        "price_basis": basis,
        "status": status,
        "vintage": vintage,
        "source": "synthetic",
        "quote": "",
        "value_text": "",
        "note": "",
    }


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for col in ("year", "start_year", "vintage"):
        frame[col] = frame[col].astype("Int64")
    return frame


def _ar1(gen: np.random.Generator, n: int, sd: float, rho: float) -> np.ndarray:
    u = np.empty(n)
    u[0] = gen.normal(0.0, sd)
    for t in range(1, n):
        u[t] = rho * u[t - 1] + gen.normal(0.0, sd * np.sqrt(1 - rho**2))
    return u


def _growth_truth(gen: np.random.Generator, spec: GrowthSpec, truth: str) -> dict[str, np.ndarray]:
    n = _YEARS.size
    if truth == "prior":
        s_tr = gen.choice(
            log_grid(spec.sigma_trend[0] / 100, spec.sigma_trend[1] / 100, spec.grid[0])
        )
        s_ir = gen.choice(
            log_grid(spec.sigma_irregular[0] / 100, spec.sigma_irregular[1] / 100, spec.grid[1])
        )
        slope = (
            _ar1(gen, n, spec.slope_sd / 100, spec.damping)
            if spec.trend == "damped"
            else np.zeros(n)
        )
        slope[0] = 0.0
        mu = (
            np.log(1.11)
            + gen.normal(0.0, 0.01)
            + np.cumsum(slope + np.r_[0.0, gen.normal(0.0, s_tr, n - 1)])
        )
        x = mu + gen.normal(0.0, s_ir, n)
    else:
        x = np.log1p(np.linspace(0.11, 0.05, n)) + _ar1(gen, n, 0.01, 0.5)
    assert spec.deflator is not None
    d = spec.deflator
    pi = d.log_mean(_YEARS) + _ar1(gen, n, d.log_sd, d.persistence)
    log_level = np.log(1275.0) + gen.normal(0.0, 0.05) + np.r_[0.0, np.cumsum((x + pi)[1:])]
    shifts = gen.normal(0.0, spec.revision_sd / 100, 3)  # 2018, 2023, 2028 censuses
    return {"x": x, "pi": pi, "L": log_level, "d": shifts}


def _growth_dataset(
    gen: np.random.Generator, spec: GrowthSpec, truth: str
) -> tuple[pd.DataFrame, dict[str, float]]:
    t = _growth_truth(gen, spec, truth)
    x, pi, L, d = t["x"], t["pi"], t["L"], t["d"]
    at = {int(y): i for i, y in enumerate(_YEARS)}
    g_sd, l_sd = spec.growth_obs_sd, spec.level_obs_sd

    def noisy(value: float, sd: float) -> float:
        return float(value + gen.normal(0.0, sd))

    nominal_1115 = (x + pi)[at[2011] : at[2015] + 1].sum()
    rows = [
        _row(
            1,
            "gdp",
            2015,
            100 * np.expm1(noisy(x[at[2015]], g_sd["preliminary"] / 100)),
            "%",
            "yoy_growth",
            "preliminary",
            2016,
            basis="real",
        ),
        _row(
            2,
            "gdp",
            2015,
            float(np.exp(noisy(L[at[2015]] - d[0], l_sd["preliminary"] / 100))),
            "亿元",
            "level",
            "preliminary",
            2016,
            basis="nominal",
        ),
        _row(
            3,
            "gdp",
            2015,
            100 * np.expm1(noisy(nominal_1115, 5 * g_sd["preliminary"] / 100)),
            "%",
            "cumulative_growth",
            "preliminary",
            2016,
            start=2011,
            basis="nominal",
        ),
        _row(
            4,
            "gdp",
            2020,
            float(np.exp(noisy(L[at[2020]], l_sd["actual"] / 100))),
            "亿元",
            "level",
            "actual",
            2021,
            basis="nominal",
        ),
        _row(
            5,
            "gdp",
            2020,
            100 * np.expm1(noisy(x[at[2016] : at[2020] + 1].mean(), g_sd["actual"] / 100)),
            "%",
            "avg_growth",
            "actual",
            2021,
            start=2016,
            basis="real",
        ),
    ]
    targets = {f"growth {y}": 100 * np.expm1(x[at[y]]) for y in (2021, 2025, 2030)}
    targets["avg growth 2021-2025"] = 100 * np.expm1(x[at[2021] : at[2025] + 1].mean())
    targets["level 2025"] = float(np.exp(L[at[2025]] + d[1]))
    targets["level 2030"] = float(np.exp(L[at[2030]] + d[1] + d[2]))
    return _frame(rows), targets


def _growth_predict(core: Core, draws: int, rng: RngLike, full: bool) -> dict[str, np.ndarray]:
    paths = core.paths(range(2021, 2031), draws, rng=rng, full=full)
    g, lv = paths["growth"], paths["level"]
    assert g.level is not None and g.index is not None and lv.level is not None
    out = {f"growth {y}": g.level[:, y - 2021] for y in (2021, 2025, 2030)}
    out["avg growth 2021-2025"] = 100 * ((g.index[:, 4] / 100.0) ** 0.2 - 1.0)
    out["level 2025"] = lv.level[:, 4]
    out["level 2030"] = lv.level[:, 9]
    return out


def _walk_truth(gen: np.random.Generator, spec: WalkSpec, start: np.ndarray) -> np.ndarray:
    sigma = gen.choice(log_grid(spec.sigma[0], spec.sigma[1], spec.grid_points))
    drift = gen.normal(0.0, spec.drift_sd, spec.dim)
    steps = drift + gen.normal(0.0, sigma, (_YEARS.size - 1, spec.dim))
    z0 = start + gen.normal(0.0, 0.05, spec.dim)
    return np.vstack([z0, z0 + np.cumsum(steps, axis=0)])


def _composition_dataset(
    gen: np.random.Generator, spec: WalkSpec, truth: str
) -> tuple[pd.DataFrame, dict[str, float]]:
    z = _walk_truth(gen, spec, ilr(np.array([9.7, 57.8, 32.5])))
    d = gen.normal(0.0, spec.revision_sd, (3, 2))  # 2018, 2023, 2028 censuses
    at = {int(y): i for i, y in enumerate(_YEARS)}
    rows: list[dict] = []
    pattern = [
        (2010, "actual", 2016, -d[0]),
        (2015, "preliminary", 2016, -d[0]),
        (2015, "revised", 2021, 0.0),
        (2020, "actual", 2021, 0.0),
    ]
    for year, status, vintage, shift in pattern:
        coords = z[at[year]] + shift + gen.normal(0.0, spec.obs_sd[status], 2)
        for name, share in zip(spec.indicators, ilr_inverse(coords), strict=True):
            rows.append(_row(len(rows), name, year, float(share), "%", "share", status, vintage))
    targets = {}
    for year, shift in ((2025, d[1]), (2030, d[1] + d[2])):
        for name, share in zip(spec.indicators, ilr_inverse(z[at[year]] + shift), strict=True):
            targets[f"{name} {year}"] = float(share)
    return _frame(rows), targets


def _bounded_dataset(
    gen: np.random.Generator, spec: WalkSpec, truth: str
) -> tuple[pd.DataFrame, dict[str, float]]:
    name = spec.indicators[0]
    z = _walk_truth(gen, spec, spec.forward(np.array([55.5])))[:, 0]
    d = gen.normal(0.0, spec.revision_sd, 2)  # 2020, 2030 population censuses
    at = {int(y): i for i, y in enumerate(_YEARS)}
    rows: list[dict] = []
    for year, status in ((2010, "actual"), (2015, "preliminary")):
        value = spec.inverse(z[at[year]] + gen.normal(0.0, spec.obs_sd[status]))
        rows.append(_row(len(rows), name, year, float(value), "%", "ratio", status, 2016))
    targets = {
        f"{name} {y}": float(spec.inverse(z[at[y]] + d[0] + (d[1] if y >= 2030 else 0)))
        for y in (2020, 2025, 2030)
    }
    return _frame(rows), targets


def _walk_predict(core: Core, draws: int, rng: RngLike, full: bool) -> dict[str, np.ndarray]:
    paths = core.paths(range(2020, 2031), draws, rng=rng, full=full)
    out = {}
    for name, p in paths.items():
        assert p.level is not None
        for y in (2020, 2025, 2030):
            out[f"{name} {y}"] = p.level[:, y - 2020]
    return out


_Maker = Callable[[np.random.Generator, object, str], tuple[pd.DataFrame, dict[str, float]]]


def _setup(family: str) -> tuple[GrowthSpec | WalkSpec, _Maker]:
    if family == "growth":
        spec = default_spec("gdp")
        assert isinstance(spec, GrowthSpec)
        members = {
            "gdp": Member("level", "地区生产总值", "亿元"),
            "gdp_real_growth": Member("growth", "实际增长率", "%"),
        }
        return replace(spec, population=None, members=members), _growth_dataset  # type: ignore[return-value]
    if family == "composition":
        return default_spec("structure"), _composition_dataset  # type: ignore[return-value]
    if family == "bounded":
        return default_spec("urbanization_rate"), _bounded_dataset  # type: ignore[return-value]
    raise ModelError(f"family must be 'growth', 'composition' or 'bounded', got {family!r}")


def coverage_study(
    family: str = "growth",
    datasets: int = 200,
    *,
    rng: RngLike,
    level: float = 0.8,
    draws: int = 1000,
    truth: str = "prior",
    full: bool = True,
) -> CoverageStudy:
    """Measure the coverage of the model's central intervals on synthetic city-like data.

    Parameters
    ----------
    family : {"growth", "composition", "bounded"}
        Which default model (GDP without population, the sector structure, urbanisation).
    datasets : int
        Number of synthetic datasets.
    rng : int, SeedSequence or Generator
        Randomness (dataset ``i`` uses its own stream).
    level : float
        Nominal coverage of the intervals.
    draws : int
        Simulated paths per fit.
    truth : {"prior", "slowdown"}
        Data-generating process (``slowdown``: growth only, misspecified on purpose).
    full : bool
        False: shock-only simulation (parameters and states at the posterior mode).

    Returns
    -------
    CoverageStudy
    """
    if truth not in ("prior", "slowdown") or (truth == "slowdown" and family != "growth"):
        raise ModelError(f"truth {truth!r} is not available for family {family!r}")
    spec, make = _setup(family)
    streams = Streams(rng)
    tail = (1.0 - level) / 2.0
    hits = []
    for i in range(datasets):
        series, targets = make(streams("data", i), spec, truth)
        if isinstance(spec, GrowthSpec):
            core = GrowthModel(spec, series=series).fit().core
            sims = _growth_predict(core, draws, streams("fit", i), full)
        else:
            core = WalkModel(spec, series=series).fit().core
            sims = _walk_predict(core, draws, streams("fit", i), full)
        row = {}
        for name, value in targets.items():
            lo, hi = np.quantile(sims[name], [tail, 1.0 - tail])
            row[name] = bool(lo <= value <= hi)
        hits.append(row)
    return CoverageStudy(family, truth, full, level, datasets, pd.DataFrame(hits))
