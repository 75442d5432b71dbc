"""Calibration of the task ABM on the 2016 mid-year report: simulated method of moments.

**Moments.** Six shares read from the figure base (``moments`` in params.yaml): key
projects started, completed and more than half done by mid-year (108, 6 and 55 of 200), the
work report's named projects that progress slowly (18 of 38), the share of the year's
investment done in H1 (896.9 of 2500亿), and the mean stated progress of the two listed
construction projects (52% and 17.2%). The simulated moments are the same shares in each
simulated year (see :mod:`zzsim.abm.summary`).

**Distance.** For free parameters θ (``calibration.free``, each within its box),

    D(θ) = Σ_k ((m̄_k(θ) - m_k) / σ_k)²,

where m̄_k(θ) is the mean of moment k over S simulated years (the same S seeds for every θ:
common random numbers), m_k the observed value and σ_k the standard deviation of moment k
across single simulated years (how far one year - and the observed 2016 is one year - can
fall from the model's mean by chance), floored at ``sd_floor``; σ is estimated at the centre
of the box for the design stage and at the best design point for the refinement.

**Search.** A scrambled Sobol design over the box, then Nelder-Mead from its best point, on
the logit scale of the box (so every step stays inside it). No value is set by hand: the
search never starts from the values in params.yaml.

**Uncertainty.** The sandwich covariance of simulated minimum distance,

    V(η̂) = (1 + 1/S) (G'WG)⁻¹ G'WΩWG (G'WG)⁻¹,

with η the logit-scale parameters, W = diag(σ⁻²), Ω the covariance of the moments across
single simulated years at θ̂ and G the Jacobian of m̄ by central differences (step
``jacobian_step``). Intervals are η̂ ± z·se mapped back to the box; the standard error on the
natural scale is the delta-method one. The over-identification statistic
J = S/(1+S)·d'Ω⁺d (d = m̄(θ̂) - m) is compared with χ²(moments - parameters). A moment is
reported as not matched when |m - m̄(θ̂)| exceeds ``cannot_match_z`` single-year standard
deviations.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, special, stats
from scipy.stats import qmc

from ..errors import CalibrationError, ModelError
from ..rng import RngLike, spawn_seeds
from .figures import source_figure, target_row
from .network import TaskNetwork
from .params import AbmConfig, Params, default_config
from .runner import open_executor, run_seeds
from .summary import MOMENTS

__all__ = ["CalibrationResult", "calibrate", "observed_moments"]


def observed_moments(
    network: TaskNetwork, config: AbmConfig | None = None, *, data_dir: str | Path | None = None
) -> pd.Series:
    """Return the observed calibration moments of a table, read from the figure base.

    Parameters
    ----------
    network : TaskNetwork
        Gives the source document (series rows of that source) and the stated progress.
    config : AbmConfig, optional
        Moment definitions (``moments`` in params.yaml).
    data_dir : str or Path, optional
        Folder of the figure base.

    Returns
    -------
    pandas.Series
        Indexed by moment name (shares in [0, 1]); NaN where the table has no such figure.
    """
    config = config or default_config()
    targets = {
        "count_target": config.portfolio.count_target,
        "investment_target": config.portfolio.investment_target,
    }
    values = {}
    for moment in config.moments:
        if moment.tasks_column is not None:
            stated = np.array(network.progress_pct, dtype=float)
            stated = stated[~np.isnan(stated)]
            values[moment.name] = float(stated.mean() / 100.0) if stated.size else np.nan
            continue
        if network.portfolio is None or moment.numerator is None or moment.denominator is None:
            values[moment.name] = np.nan
            continue
        numerator = source_figure(moment.numerator, network.source, data_dir=data_dir)
        if "target" in moment.denominator:
            row = target_row(targets[moment.denominator["target"]], data_dir=data_dir)
            denominator = float(row["value"])
        else:
            denominator = source_figure(
                moment.denominator["indicator"], network.source, data_dir=data_dir
            )
        values[moment.name] = numerator / denominator
    return pd.Series(values, name="observed").reindex(list(MOMENTS))


@dataclass(frozen=True)
class CalibrationResult:
    """Fitted parameters, their uncertainty, and how well each moment is matched.

    Attributes
    ----------
    parameters : pandas.DataFrame
        Indexed by parameter: ``estimate``, ``se`` (delta method), ``ci_low``, ``ci_high``,
        ``lower`` and ``upper`` (the search box), ``identified`` (False when the interval
        spans more than ``unidentified_width`` of the box: the moments hardly move with the
        parameter near the estimate), ``description``.
    moments : pandas.DataFrame
        Indexed by moment: ``observed``, ``simulated`` (mean at the estimate), ``sd`` (one
        simulated year), ``z`` (observed minus simulated, in sd), ``matched``,
        ``description``.
    params : Params
        The model parameters with the estimates in place.
    distance : float
        D(θ̂).
    j_statistic, j_pvalue : float
        Over-identification test (NaN without spare moments).
    j_dof : int
        Moments minus parameters.
    covariance : pandas.DataFrame
        Covariance of the logit-scale estimates.
    evaluations : int
        Parameter points simulated.
    replications : int
        Simulated years per point.
    """

    parameters: pd.DataFrame
    moments: pd.DataFrame
    params: Params
    distance: float
    j_statistic: float
    j_pvalue: float
    j_dof: int
    covariance: pd.DataFrame
    evaluations: int
    replications: int

    @property
    def unmatched(self) -> list[str]:
        """Moments the fitted model cannot match (|z| above the threshold)."""
        return [str(m) for m in self.moments.index[~self.moments["matched"]]]

    def summary(self) -> str:
        """Return a text report of the fit.

        Returns
        -------
        str
        """
        pars = self.parameters.drop(columns="description").to_string(float_format=_fmt)
        moms = self.moments.drop(columns="description").to_string(float_format=_fmt)
        unmatched = ", ".join(self.unmatched) or "none"
        return (
            f"simulated method of moments: {self.replications} years per point, "
            f"{self.evaluations} points\n\nparameters\n{pars}\n\nmoments\n{moms}\n\n"
            f"distance {self.distance:.3f}; J = {self.j_statistic:.3f} on {self.j_dof} dof "
            f"(p = {self.j_pvalue:.3f}); moments not matched: {unmatched}"
        )


def _fmt(value: float) -> str:
    return f"{value:.4g}"


class _Objective:
    """Simulated moments and distance as functions of logit-scale parameters."""

    def __init__(
        self,
        network: TaskNetwork,
        base: Params,
        free: tuple[str, ...],
        bounds: np.ndarray,
        columns: list[int],
        observed: np.ndarray,
        seeds: Sequence[np.random.SeedSequence],
        pool: Any,
        chunk_size: int,
    ) -> None:
        self.network, self.base, self.free = network, base, free
        self.lower, self.upper = bounds[:, 0], bounds[:, 1]
        self.columns, self.observed = columns, observed
        self.seeds, self.pool, self.chunk_size = seeds, pool, chunk_size
        self.evaluations = 0
        self.sd = np.ones(len(columns))

    def theta(self, eta: np.ndarray) -> np.ndarray:
        return self.lower + (self.upper - self.lower) * special.expit(eta)

    def params(self, eta: np.ndarray) -> Params:
        return self.base.replace(
            **{n: float(v) for n, v in zip(self.free, self.theta(eta), strict=True)}
        )

    def runs(self, eta: np.ndarray) -> np.ndarray:
        self.evaluations += 1
        summaries = run_seeds(
            self.network,
            self.params(eta),
            self.seeds,
            executor=self.pool,
            workers=1,
            chunk_size=self.chunk_size,
        )
        return summaries.moments[:, self.columns]

    def distance(self, eta: np.ndarray) -> float:
        mean = self.runs(eta).mean(axis=0)
        return float(np.sum(((mean - self.observed) / self.sd) ** 2))

    def set_scale(self, runs: np.ndarray, floor: float) -> None:
        self.sd = np.maximum(runs.std(axis=0, ddof=1), floor)


def _box(config: AbmConfig, free: tuple[str, ...]) -> np.ndarray:
    missing = [n for n in free if n not in config.calibration.bounds]
    if missing:
        raise ModelError(
            f"parameters {missing} have no calibration bounds in {config.path}; "
            f"parameters with bounds: {sorted(config.calibration.bounds)}"
        )
    return np.array([config.calibration.bounds[n] for n in free])


def _describe(config: AbmConfig, name: str) -> str:
    return next((d for k, (_, d) in config.documentation.items() if k.endswith(f".{name}")), "")


def calibrate(
    network: TaskNetwork,
    *,
    config: AbmConfig | None = None,
    params: Params | None = None,
    observed: pd.Series | None = None,
    free: Sequence[str] | None = None,
    replications: int = 100,
    rng: RngLike = None,
    design_points: int | None = None,
    max_evaluations: int | None = None,
    executor: Any = None,
    workers: int | None = 1,
    progress: bool = False,
) -> CalibrationResult:
    """Fit free parameters of the task ABM to mid-year moments (simulated method of moments).

    Parameters
    ----------
    network : TaskNetwork
        A table with its key-project portfolio (``table2016``).
    config : AbmConfig, optional
        Moment definitions and calibration settings; default the shipped params.yaml.
    params : Params, optional
        Values of the parameters that are not fitted; default ``config.params``.
    observed : pandas.Series, optional
        Moments to match, by name; default :func:`observed_moments` (synthetic moments
        make a recovery check). Missing or NaN moments are not used.
    free : sequence of str, optional
        Parameters to fit; default ``calibration.free``.
    replications : int
        Simulated years per parameter point (the same seeds at every point).
    rng : int, SeedSequence or Generator, optional
        Root of the simulation seeds and of the Sobol design.
    design_points, max_evaluations : int, optional
        Override ``calibration.design_points`` and ``calibration.max_evaluations``.
    executor : concurrent.futures.Executor or dask.distributed.Client, optional
        Where the simulations run; default this process (``workers=1``) or a local pool.
    workers : int, optional
        Processes of the default pool; 1 (default) runs in this process.
    progress : bool
        Show a progress bar over the parameter points.

    Returns
    -------
    CalibrationResult

    Raises
    ------
    ModelError
        If the network has no portfolio, a free parameter has no bounds, or fewer moments
        than free parameters are available.
    CalibrationError
        If the moments move together in the directions of several parameters at the
        estimate (a singular Jacobian among the parameters that move any moment).
    """
    from tqdm.auto import tqdm

    config = config or default_config()
    settings = config.calibration
    base = params if params is not None else config.params
    if network.portfolio is None:
        raise ModelError(f"{network.table} has no key-project portfolio: nothing to calibrate on")
    free = tuple(free) if free is not None else settings.free
    bounds = _box(config, free)
    target = (
        observed_moments(network, config) if observed is None else observed.reindex(list(MOMENTS))
    )
    names = [m for m in MOMENTS if np.isfinite(target.get(m, np.nan))]
    if len(names) < len(free):
        raise ModelError(f"{len(names)} moments cannot identify {len(free)} parameters")
    n_design = design_points if design_points is not None else settings.design_points
    n_eval = max_evaluations if max_evaluations is not None else settings.max_evaluations
    *seeds, design_seed = spawn_seeds(rng, replications + 1)
    n_workers = 1 if executor is None and workers == 1 else (workers or os.cpu_count() or 1)
    chunk = max(1, math.ceil(replications / n_workers))
    with (
        open_executor(executor, workers) as pool,
        tqdm(desc="calibration points", unit="point", disable=not progress) as bar,
    ):
        objective = _Objective(
            network,
            base,
            free,
            bounds,
            [MOMENTS.index(m) for m in names],
            target[names].to_numpy(float),
            seeds,
            pool,
            chunk,
        )

        def distance(eta: np.ndarray) -> float:
            bar.update(1)
            return objective.distance(eta)

        k = len(free)
        objective.set_scale(objective.runs(np.zeros(k)), settings.sd_floor)
        unit = qmc.Sobol(d=k, scramble=True, seed=np.random.default_rng(design_seed)).random(
            n_design
        )
        edge = 0.5 / n_design  # keep the design off the box's edges (logit of 0 or 1)
        design = special.logit(np.clip(unit, edge, 1 - edge))
        scores = [distance(eta) for eta in design]
        start = design[int(np.argmin(scores))]
        objective.set_scale(objective.runs(start), settings.sd_floor)
        simplex = np.vstack([start, start + settings.simplex_step * np.eye(k)])
        fit = optimize.minimize(
            distance,
            start,
            method="Nelder-Mead",
            options={
                "maxfev": n_eval,
                "initial_simplex": simplex,
                "xatol": settings.tolerance,
                "fatol": settings.tolerance,
            },
        )
        eta = np.asarray(fit.x, dtype=float)
        runs = objective.runs(eta)
        step = settings.jacobian_step
        jacobian = np.column_stack(
            [
                (
                    objective.runs(eta + step * e).mean(axis=0)
                    - objective.runs(eta - step * e).mean(axis=0)
                )
                / (2 * step)
                for e in np.eye(k)
            ]
        )
    return _result(config, objective, free, names, eta, runs, jacobian, replications)


def _result(
    config: AbmConfig,
    objective: _Objective,
    free: tuple[str, ...],
    names: list[str],
    eta: np.ndarray,
    runs: np.ndarray,
    jacobian: np.ndarray,
    replications: int,
) -> CalibrationResult:
    settings = config.calibration
    mean = runs.mean(axis=0)
    omega = np.atleast_2d(np.cov(runs, rowvar=False))
    sd = np.maximum(np.sqrt(np.diag(omega)), settings.sd_floor)
    weight = np.diag(sd**-2.0)
    moves = np.any(jacobian != 0, axis=0)
    g = jacobian[:, moves]
    bread = g.T @ weight @ g
    if np.linalg.matrix_rank(bread) < g.shape[1]:
        raise CalibrationError(
            f"the simulated moments move together in the directions of {list(free)} at the "
            "estimate (singular Jacobian): fit fewer parameters"
        )
    inverse = np.linalg.inv(bread)
    cov = np.full((len(free), len(free)), np.nan)
    cov[np.ix_(moves, moves)] = (
        (1 + 1 / replications) * inverse @ (g.T @ weight @ omega @ weight @ g) @ inverse
    )
    cov[~moves, ~moves] = np.inf
    se_eta = np.sqrt(np.diag(cov))  # inf for a parameter that moves no moment
    z = float(stats.norm.ppf(0.5 + settings.interval_level / 2))
    theta = objective.theta(eta)
    slope = (objective.upper - objective.lower) * special.expit(eta) * (1 - special.expit(eta))
    diff = mean - objective.observed
    j_stat = float(replications / (1 + replications) * diff @ np.linalg.pinv(omega) @ diff)
    dof = len(names) - len(free)
    ci_low, ci_high = objective.theta(eta - z * se_eta), objective.theta(eta + z * se_eta)
    spread = (ci_high - ci_low) / (objective.upper - objective.lower)
    parameters = pd.DataFrame(
        {
            "estimate": theta,
            "se": slope * se_eta,
            "ci_low": ci_low,
            "ci_high": ci_high,
            "lower": objective.lower,
            "upper": objective.upper,
            "identified": moves & (spread <= settings.unidentified_width),
            "description": [_describe(config, n) for n in free],
        },
        index=pd.Index(free, name="parameter"),
    )
    zscore = (objective.observed - mean) / sd
    by_name = {m.name: m.description for m in config.moments}
    moments = pd.DataFrame(
        {
            "observed": objective.observed,
            "simulated": mean,
            "sd": sd,
            "z": zscore,
            "matched": np.abs(zscore) <= settings.cannot_match_z,
            "description": [by_name[n] for n in names],
        },
        index=pd.Index(names, name="moment"),
    )
    return CalibrationResult(
        parameters=parameters,
        moments=moments,
        params=objective.params(eta),
        distance=float(np.sum((diff / objective.sd) ** 2)),
        j_statistic=j_stat,
        j_pvalue=float(stats.chi2.sf(j_stat, dof)) if dof > 0 else float("nan"),
        j_dof=dof,
        covariance=pd.DataFrame(cov, index=list(free), columns=list(free)),
        evaluations=objective.evaluations,
        replications=replications,
    )
