"""Calibration of the task ABM on the 2016 mid-year notice: simulated method of moments.

**Moments** (:mod:`zzsim.abm.moments`): five shares of the key-project portfolio, the
stated progress of the two listed construction projects, the class of every other listed
task's 上半年完成情况 (on track or not: a 0/1 observation per task), and the notice's
summary statement with its tolerance.

**Estimator.** For free parameters θ (``calibration.free``, each within its box), S
simulated years on fixed seeds (common random numbers), m̄(θ) the mean simulated moments
and m the observed ones, split into the continuous moments c and the per-task indicators
b,

    Q(θ) = d_c' W_c d_c - 2 Σ_i [x_i log P_i(θ) + (1 - x_i) log(1 - P_i(θ))],

d_c = m̄_c(θ) - m_c: a quadratic distance for the shares, and the Bernoulli log-likelihood
of the 0/1 observations x_i, with P_i the simulated probability that task i is on track,
shrunk as (S P̂_i + 1/2) / (S + 1) so that a task on track in every simulated year keeps a
finite log-likelihood. (A quadratic distance treats a task predicted on track with
probability 0.99 that is behind as a small miss; the likelihood does not.) Two steps:
first W_c = diag(1 / v), v each share's variance in one simulated year at the centre of the
box plus its measurement variance (tolerance²), from a scrambled Sobol design over the box
and Nelder-Mead from each of its ``starts`` best points (the best end wins); then
W_c = V_c⁻¹ at the first-step estimate, with

    V = (1 + 1/S) Ω + diag(tolerance²),

Ω the covariance of the moments across single simulated years (one observed year is one
draw from it; the mean of S simulated years adds Ω/S; its diagonal only when S is not
larger than the number of moments), each variance raised to at least ``sd_floor``², and
Nelder-Mead again. The search runs on the logit scale of the box and
never starts from the values in params.yaml. At its optimum Q solves the moment conditions
G' W̃ d = 0 with W̃ = blockdiag(W_c, diag(1 / (P_i (1 - P_i)))), G the Jacobian of m̄.

**Uncertainty.** Cov(η̂) = (G'W̃G)⁻¹ G'W̃VW̃G (G'W̃G)⁻¹ at the estimate (η the logit-scale
parameters; G by central differences with step ``jacobian_step`` on the search's years; V
from the test's fresh years, below). Intervals are η̂ ± z·se mapped back to the box; the
standard error on the natural scale is the delta-method one. A parameter whose interval
spans more than ``unidentified_width`` of its box, or whose Jacobian column the others span,
is reported as not identified; every parameter not fitted is fixed, with its basis.

**Over-identification.** J and the tables of moments and tasks are evaluated at θ̂ on R =
``test_replications`` fresh simulated years, independent of the search's S years. On the
search's own years J is biased down (the search chose θ̂ because those years' noise fits the
data: the winner's curse), and weights inverted from a covariance of S years are noisy and
biased up (E[Ω̂⁻¹] = Ω⁻¹ (S - 1)/(S - k - 2) for k moments); both made the verdict depend on
the seed. With the fresh years' mean m̄ and covariance Ω̂,

    J = d' W d,   d = m̄ - m,   W = blockdiag(V_c⁻¹, I / ((1 + 1/R) p̄ (1 - p̄))),

V_c = (1 + 1/R) Ω̂_c + diag(tolerance²) over the moments that are not 0/1 (the (1 + 1/R)
for the simulation noise of m̄), and p̄ the mean simulated P(on track) of the per-task
moments: their part of J is the squared error of the 21 classified rows in units of a
pooled Bernoulli variance. Each row adds at most 1 / ((1 + 1/R) p̄ (1 - p̄)), where the
moment's own variance, (x - P)² / (P (1 - P)), grows without bound as P → 0 or 1 and makes
J hinge on the third decimal of a row the model finds all but certain.

χ²(moments - parameters) is not J's reference: the per-task moments are 0/1 and W is not
the efficient weighting. J is referred to its distribution under the fitted model: R further
fresh years at θ̂ (plus measurement noise) give e_b = √(1 + 1/R) (y_b - m̄) and
J_b = e_b' M' W M e_b, M = I - G(G'W̃G)⁻¹G'W̃ (the moments after re-estimation, to first
order); the p-value is the share of J_b at least J, and the fit is rejected when it is below
``test_level``. The degrees of freedom (moments - parameters) are reported as the count of
over-identifying moments, not as a χ² reference.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import optimize, special
from scipy.stats import qmc

from ..errors import CalibrationError, ModelError
from ..rng import RngLike, spawn_seeds
from .moments import MomentTable, moment_table, simulated_moments
from .network import TaskNetwork
from .params import AbmConfig, Params, default_config
from .rules import interval_z
from .runner import check_memory, open_executor, run_seeds
from .summary import Summaries, on_track

__all__ = [
    "CalibrationResult",
    "calibrate",
    "j_draws",
    "j_statistic",
    "j_weight",
    "predictive_check",
    "reproduce",
    "seed_study",
]


@dataclass(frozen=True)
class CalibrationResult:
    """Fitted parameters, their uncertainty, and how well each moment and task is matched.

    Attributes
    ----------
    parameters : pandas.DataFrame
        Indexed by free parameter: ``estimate``, ``se`` (delta method), ``ci_low``,
        ``ci_high``, ``lower`` and ``upper`` (the search box), ``identified``,
        ``description``.
    fixed : pandas.DataFrame
        Every other parameter: ``value`` and ``basis`` (why it is fixed there).
    moments : pandas.DataFrame
        Indexed by moment: ``kind``, ``observed``, ``simulated`` (mean at the estimate, on
        the test's fresh years), ``sd`` (one simulated year), ``tolerance`` (measurement),
        ``z`` (observed minus simulated over the two combined), ``matched``,
        ``description``.
    tasks : pandas.DataFrame
        Per listed task, on the test's fresh years: ``name``, ``observed`` (class of its
        progress text), ``evidence``, ``p_on_track`` and ``p_complete`` at the estimate,
        ``stated`` (its stated share, NaN if none) and ``simulated_share`` (mean mid-year
        progress).
    params : Params
        The model parameters with the estimates in place.
    logit : pandas.DataFrame
        Indexed by free parameter: ``first_stage`` and ``estimate`` on the logit scale of
        the box, where the search works (the second stage's weights are set at the first
        stage); what :func:`reproduce` starts from.
    distance : float
        Q(θ̂), the estimator's objective at the estimate (on the search's years).
    j_statistic : float
        Over-identification statistic J on the test's fresh years (see the module).
    j_pvalue : float
        Share of J's simulated draws under the fitted model at least J (not a χ² p-value).
    j_dof : int
        Moments minus the parameters the moments move (the over-identifying moments).
    test_level : float
        Level of the test: the fit is rejected when ``j_pvalue`` is below it.
    covariance : pandas.DataFrame
        Covariance of the logit-scale estimates.
    runs : ndarray, shape (test_replications, moments)
        The simulated moments of each fresh year at the estimate.
    evaluations : int
        Parameter points simulated.
    replications : int
        Simulated years per point of the search.
    test_replications : int
        Fresh years at the estimate, and draws of J's reference distribution.
    seed : int or None
        The root seed, when it was an integer.
    wall_seconds : float
        Wall time of the calibration.
    """

    parameters: pd.DataFrame
    fixed: pd.DataFrame
    moments: pd.DataFrame
    tasks: pd.DataFrame
    params: Params
    logit: pd.DataFrame
    distance: float
    j_statistic: float
    j_pvalue: float
    j_dof: int
    test_level: float
    covariance: pd.DataFrame
    runs: NDArray[np.float64]
    evaluations: int
    replications: int
    test_replications: int
    seed: int | None
    wall_seconds: float

    @property
    def unmatched(self) -> list[str]:
        """Moments the fitted model does not match (|z| above the threshold)."""
        return [str(m) for m in self.moments.index[~self.moments["matched"]]]

    @property
    def rejected(self) -> bool:
        """Whether the over-identification test rejects the fit at ``test_level``."""
        return self.j_pvalue < self.test_level

    def j_line(self) -> str:
        """Return the one-line over-identification report, naming J's reference.

        Returns
        -------
        str
        """
        verdict = "rejected" if self.rejected else "not rejected"
        return (
            f"J = {self.j_statistic:.3f} on {self.j_dof} dof (reference: J simulated under "
            f"the fit, {self.test_replications} draws - not chi2, the per-task moments are "
            f"0/1; p = {self.j_pvalue:.3f}: {verdict} at {self.test_level:.0%}); "
            f"moments not matched: {', '.join(self.unmatched) or 'none'}"
        )

    def summary(self) -> str:
        """Return a text report of the fit.

        Returns
        -------
        str
        """

        def table(frame: pd.DataFrame) -> str:
            return frame.to_string(float_format=lambda v: f"{v:.4g}")

        return "\n\n".join(
            [
                f"simulated method of moments: {self.replications} years per point, "
                f"{self.evaluations} points, test on {self.test_replications} fresh years, "
                f"{self.wall_seconds:.0f} s",
                "parameters\n" + table(self.parameters.drop(columns="description")),
                "moments\n" + table(self.moments.drop(columns="description")),
                "tasks\n" + table(self.tasks.drop(columns="evidence")),
                self.j_line(),
            ]
        )

    def record(self, command: str = "") -> dict[str, Any]:
        """Return the result as plain data (what ``zzsim tasks calibrate --out`` writes).

        Parameters
        ----------
        command : str
            The command that produced it.

        Returns
        -------
        dict
            ``estimates`` (readable by :func:`zzsim.abm.params.read_overrides`), intervals,
            identification, moments, the J test and the run's settings.
        """
        pars = self.parameters
        return {
            "command": command,
            "replications": self.replications,
            "test_replications": self.test_replications,
            "seed": self.seed,
            "estimates": {str(k): float(v) for k, v in pars["estimate"].items()},
            "logit_scale": {
                "parameters": [str(k) for k in self.logit.index],
                **{str(col): self.logit[col].astype(float).tolist() for col in self.logit},
            },
            "intervals": {
                str(k): [float(lo), float(hi)]
                for k, lo, hi in zip(pars.index, pars["ci_low"], pars["ci_high"], strict=True)
            },
            "identified": {str(k): bool(v) for k, v in pars["identified"].items()},
            "covariance": {
                "parameters": [str(k) for k in self.covariance.index],
                "logit_scale": [[float(v) for v in row] for row in self.covariance.to_numpy()],
            },
            "moments": {
                str(k): {
                    "observed": float(r["observed"]),
                    "simulated": float(r["simulated"]),
                    "sd": float(r["sd"]),
                    "tolerance": float(r["tolerance"]),
                }
                for k, r in self.moments.iterrows()
            },
            "distance": self.distance,
            "j_statistic": self.j_statistic,
            "j_dof": self.j_dof,
            "j_reference": f"simulated under the fit, {self.test_replications} draws",
            "j_pvalue": self.j_pvalue,
            "test_level": self.test_level,
            "rejected": self.rejected,
            "evaluations": self.evaluations,
            "wall_seconds": round(self.wall_seconds, 1),
        }


class _Objective:
    """Simulated moments and the estimator's objective as functions of logit-scale parameters."""

    def __init__(
        self,
        network: TaskNetwork,
        base: Params,
        free: tuple[str, ...],
        bounds: NDArray[np.float64],
        table: MomentTable,
        seeds: Sequence[np.random.SeedSequence],
        pool: Any,
        workers: int,
        sd_floor: float,
    ) -> None:
        self.network, self.base, self.free, self.table = network, base, free, table
        self.lower, self.upper = bounds[:, 0], bounds[:, 1]
        self.seeds, self.pool, self.workers = seeds, pool, workers
        self.sd_floor = sd_floor
        self.evaluations = 0
        self.binary = _binary(table)
        self.weight: NDArray[Any] = np.eye(int(np.count_nonzero(~self.binary)))

    def theta(self, eta: NDArray[np.float64]) -> NDArray[np.float64]:
        return self.lower + (self.upper - self.lower) * special.expit(eta)

    def params(self, eta: NDArray[np.float64]) -> Params:
        return self.base.replace(
            **{n: float(v) for n, v in zip(self.free, self.theta(eta), strict=True)}
        )

    def summaries(
        self, eta: NDArray[np.float64], seeds: Sequence[np.random.SeedSequence] | None = None
    ) -> tuple[Summaries, NDArray[np.float64]]:
        self.evaluations += 1
        params = self.params(eta)
        seeds = self.seeds if seeds is None else seeds
        summaries = run_seeds(
            self.network,
            params,
            seeds,
            executor=self.pool,
            workers=1,
            chunk_size=max(1, math.ceil(len(seeds) / self.workers)),
        )
        return summaries, simulated_moments(summaries, self.network, params, self.table)

    def runs(
        self, eta: NDArray[np.float64], seeds: Sequence[np.random.SeedSequence] | None = None
    ) -> NDArray[np.float64]:
        return self.summaries(eta, seeds)[1]

    def variance(self, runs: NDArray[np.float64]) -> NDArray[np.float64]:
        """V of the moments that are not 0/1, from simulated years ``runs``."""
        rest = ~self.binary
        v = _variance(runs, self.table.tolerance, self.sd_floor)
        return v[np.ix_(rest, rest)]

    def second_stage(self, first: NDArray[np.float64]) -> None:
        """Set the weights of the second stage: W_c = V_c⁻¹ at the first-stage estimate."""
        self.weight = np.linalg.inv(self.variance(self.runs(first)))

    def shrunk(self, mean: NDArray[np.float64]) -> NDArray[np.float64]:
        """Return the on-track probabilities of the per-task moments, shrunk off 0 and 1."""
        s = len(self.seeds)
        return (s * mean[self.binary] + 0.5) / (s + 1)

    def value(self, runs: NDArray[np.float64]) -> float:
        mean = runs.mean(axis=0)
        d = (mean - self.table.observed)[~self.binary]
        p, x = self.shrunk(mean), self.table.observed[self.binary]
        loglik = np.sum(x * np.log(p) + (1 - x) * np.log1p(-p))
        return float(d @ self.weight @ d - 2 * loglik)

    def distance(self, eta: NDArray[np.float64]) -> float:
        return self.value(self.runs(eta))

    def full_weight(self, mean: NDArray[np.float64]) -> NDArray[np.float64]:
        """W̃ = blockdiag(W_c, diag(1 / (P (1 - P)))) in the order of the moments."""
        k = len(self.binary)
        w = np.zeros((k, k))
        w[np.ix_(~self.binary, ~self.binary)] = self.weight
        p = self.shrunk(mean)
        w[self.binary, self.binary] = 1.0 / (p * (1 - p))
        return w


def j_weight(runs: NDArray[np.float64], table: MomentTable, sd_floor: float) -> NDArray[np.float64]:
    """Return the weighting W of the over-identification test (see the module).

    Parameters
    ----------
    runs : ndarray, shape (years, moments)
        Simulated moments of R years at the estimate.
    table : MomentTable
        Observed moments, their kinds and tolerances.
    sd_floor : float
        Smallest standard deviation of a moment (``calibration.sd_floor``).

    Returns
    -------
    ndarray, shape (moments, moments)
        blockdiag(V_c⁻¹, I / ((1 + 1/R) p̄ (1 - p̄))): the inverse variance of the moments
        that are not 0/1, and one pooled Bernoulli variance for the per-task ones.
    """
    binary = _binary(table)
    rest = ~binary
    s = len(runs)
    w = np.zeros((len(binary), len(binary)))
    w[np.ix_(rest, rest)] = np.linalg.inv(_variance(runs[:, rest], table.tolerance[rest], sd_floor))
    if binary.any():
        p = float(runs[:, binary].mean())
        w[binary, binary] = 1.0 / ((1 + 1 / s) * max(p * (1 - p), sd_floor**2))
    return w


def j_statistic(runs: NDArray[np.float64], table: MomentTable, sd_floor: float) -> float:
    """Return J = d'Wd for simulated years ``runs`` against the observed moments.

    Parameters
    ----------
    runs : ndarray, shape (years, moments)
        Simulated moments (the test's fresh years at the estimate).
    table : MomentTable
        Observed moments and their tolerances.
    sd_floor : float
        Smallest standard deviation of a moment (``calibration.sd_floor``).

    Returns
    -------
    float
    """
    d = runs.mean(axis=0) - table.observed
    return float(d @ j_weight(runs, table, sd_floor) @ d)


def j_draws(
    years: NDArray[np.float64],
    runs: NDArray[np.float64],
    weight: NDArray[np.float64],
    jacobian: NDArray[np.float64],
    estimator_weight: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Return draws of J under the fitted model, with the re-estimation to first order.

    Each of ``years`` is one year the model could have produced in place of the observed
    one: e_b = √(1 + 1/R) (y_b - m̄) (the (1 + 1/R) for the noise of the mean of R fresh
    years ``runs``), and J_b = e_b' M' W M e_b with M = I - G (G'W̃G)⁻¹ G'W̃ - what is left
    of e_b after the estimator, of weights W̃, has refitted the parameters.

    Parameters
    ----------
    years : ndarray, shape (draws, moments)
        Simulated moments of further independent years at the estimate, with measurement
        noise added.
    runs : ndarray, shape (R, moments)
        The fresh years J is computed on.
    weight : ndarray, shape (moments, moments)
        W of J (:func:`j_weight`).
    jacobian : ndarray, shape (moments, parameters)
        G, the simulated moments' derivatives (of the parameters the moments move).
    estimator_weight : ndarray, shape (moments, moments)
        W̃, the weights of the estimator's first-order conditions G'W̃d = 0.

    Returns
    -------
    ndarray, shape (draws,)
    """
    g, w = jacobian, estimator_weight
    residual = np.eye(len(w)) - g @ np.linalg.solve(g.T @ w @ g, g.T @ w)
    e = math.sqrt(1 + 1 / len(runs)) * (years - runs.mean(axis=0)) @ residual.T
    return np.einsum("bi,ij,bj->b", e, weight, e)


def _binary(table: MomentTable) -> NDArray[np.bool_]:
    """Return which moments are per-task on-track indicators (0/1 observations)."""
    return (table.frame["kind"] == "task_on_track").to_numpy()


def _moving(jacobian: NDArray[np.float64], weight: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Parameters whose Jacobian columns are not zero and not (nearly) collinear.

    A column that is zero, or that the others span (relative singular value below 1e-6 of
    G'WG), leaves its parameter without a finite standard error; the weakest such column is
    dropped until the rest has full rank.
    """
    keep = np.any(jacobian != 0, axis=0)
    while keep.any():
        g = jacobian[:, keep]
        values, vectors = np.linalg.eigh(g.T @ weight @ g)
        if values[0] > 1e-6 * values[-1]:
            break
        weakest = int(np.argmax(np.abs(vectors[:, 0])))
        keep[np.flatnonzero(keep)[weakest]] = False
    return keep


def _variance(
    runs: NDArray[np.float64],
    tolerance: NDArray[np.float64],
    floor: float,
    *,
    simulated: int | None = None,
) -> NDArray[np.float64]:
    """V = (1 + 1/S) Ω + diag(tolerance²), each variance at least floor².

    Ω is the covariance of ``runs``; S (``simulated``, default the number of runs) the
    simulated years whose mean is compared with the one observed year. With no more runs
    than moments Ω cannot be estimated in full, and only its diagonal is kept.
    """
    n, k = runs.shape
    omega = np.atleast_2d(np.cov(runs, rowvar=False))
    if n <= k:
        omega = np.diag(np.diag(omega))
    v = (1 + 1 / (simulated or n)) * omega + np.diag(tolerance**2)
    v[np.diag_indices_from(v)] = np.maximum(np.diag(v), floor**2)
    return v


def _box(config: AbmConfig, free: tuple[str, ...]) -> NDArray[np.float64]:
    missing = [n for n in free if n not in config.calibration.bounds]
    if missing:
        raise ModelError(
            f"parameters {missing} have no calibration bounds in {config.path}; "
            f"parameters with bounds: {sorted(config.calibration.bounds)}"
        )
    return np.array([config.calibration.bounds[n] for n in free])


def _with_observed(table: MomentTable, observed: pd.Series) -> MomentTable:
    missing = sorted(set(table.names) - set(observed.index))
    if missing:
        raise ModelError(f"observed moments lack {missing}")
    frame = table.frame.copy()
    frame["observed"] = observed.reindex(table.names).to_numpy(float)
    return MomentTable(frame)


def calibrate(
    network: TaskNetwork,
    *,
    config: AbmConfig | None = None,
    params: Params | None = None,
    observed: pd.Series | None = None,
    free: Sequence[str] | None = None,
    replications: int | None = None,
    test_replications: int | None = None,
    rng: RngLike = None,
    design_points: int | None = None,
    max_evaluations: int | None = None,
    executor: Any = None,
    workers: int | None = 1,
    progress: bool = False,
) -> CalibrationResult:
    """Fit free parameters of the task ABM to the mid-year moments (two-step SMM).

    Parameters
    ----------
    network : TaskNetwork
        A table with its key-project portfolio and mid-year progress (``table2016``).
    config : AbmConfig, optional
        Moment definitions and calibration settings; default the shipped params.yaml.
    params : Params, optional
        Values of the parameters that are not fitted; default ``config.params``.
    observed : pandas.Series, optional
        Moments to match, by name (see :func:`zzsim.abm.moments.moment_table`); default
        those of the notice (synthetic moments make a recovery check).
    free : sequence of str, optional
        Parameters to fit; default ``calibration.free``.
    replications : int, optional
        Simulated years per parameter point of the search (the same seeds at every point);
        default ``calibration.replications``.
    test_replications : int, optional
        Fresh years at the estimate for J, the moment table and the per-task fit, and as
        many draws of J's reference distribution; default ``calibration.test_replications``.
    rng : int, SeedSequence or Generator, optional
        Root of the search's years, of the Sobol design and of the test's fresh years and
        draws (the shipped calibration's is ``calibration.seed``).
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
        If the network has no portfolio, a free parameter has no bounds, fewer moments
        than free parameters are available, or the runs would not fit in memory.
    CalibrationError
        If no free parameter moves the simulated moments at the estimate.
    """
    from tqdm.auto import tqdm

    config = config or default_config()
    settings = config.calibration
    free = tuple(free) if free is not None else settings.free
    n_design = design_points if design_points is not None else settings.design_points
    n_eval = max_evaluations if max_evaluations is not None else settings.max_evaluations
    p = len(free)

    def search(
        objective: _Objective, design_seed: np.random.SeedSequence
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        with tqdm(desc="calibration points", unit="point", disable=not progress) as bar:

            def distance(eta: NDArray[np.float64]) -> float:
                bar.update(1)
                return objective.distance(eta)

            def minimise(start: NDArray[np.float64]) -> NDArray[np.float64]:
                simplex = np.vstack([start, start + settings.simplex_step * np.eye(p)])
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
                return np.asarray(fit.x, dtype=float)

            centre = objective.variance(objective.runs(np.zeros(p)))
            objective.weight = np.diag(1.0 / np.diag(centre))
            unit = qmc.Sobol(d=p, scramble=True, seed=np.random.default_rng(design_seed))
            edge = 0.5 / n_design  # keep the design off the box's edges (logit of 0 or 1)
            design = special.logit(np.clip(unit.random(n_design), edge, 1 - edge))
            scores = [distance(eta) for eta in design]
            starts = design[np.argsort(scores, kind="stable")[: settings.starts]]
            fits = [minimise(start) for start in starts]
            first = min(fits, key=objective.distance)
            objective.second_stage(first)
            return first, minimise(first)

    return _fit(
        network,
        search,
        config=config,
        params=params,
        observed=observed,
        free=free,
        replications=replications,
        test_replications=test_replications,
        rng=rng,
        executor=executor,
        workers=workers,
    )


def reproduce(
    network: TaskNetwork,
    record: Mapping[str, Any],
    *,
    config: AbmConfig | None = None,
    params: Params | None = None,
    observed: pd.Series | None = None,
    executor: Any = None,
    workers: int | None = 1,
) -> CalibrationResult:
    """Redo everything a calibration did after its search, from its record.

    From the record's seed, settings, first-stage and final estimates (on the logit scale
    of the box, as the search left them, so that the parameters are the same to the bit):
    the second-stage
    weights, the standard errors, the fresh years, J and its reference draws, the moment
    and task tables - exactly as :func:`calibrate` computed them (only ``evaluations`` and
    ``wall_seconds`` differ). The search itself (minutes) is not redone: this checks that
    a record and the estimates shipped with it are what its settings give.

    Parameters
    ----------
    network : TaskNetwork
        The table the record was fitted on (``table2016``).
    record : mapping
        As written by ``zzsim tasks calibrate --out`` (see :meth:`CalibrationResult.record`):
        ``seed``, ``replications``, ``test_replications`` and ``logit_scale``
        (``parameters``, and their ``first_stage`` and ``estimate``).
    config : AbmConfig, optional
        Default the shipped params.yaml.
    params : Params, optional
        Values of the parameters that were not fitted; default ``config.params``.
    observed : pandas.Series, optional
        The moments the record was fitted to, when not the notice's.
    executor, workers
        As for :func:`calibrate`.

    Returns
    -------
    CalibrationResult

    Raises
    ------
    ModelError
        If the record lacks one of those keys or names a parameter without bounds.
    """
    needed = ("seed", "replications", "test_replications", "logit_scale")
    missing = [key for key in needed if record.get(key) is None]
    if missing:
        raise ModelError(
            f"the calibration record lacks {missing} (a record of a run without an integer "
            "seed cannot be reproduced)"
        )
    config = config or default_config()
    stages = record["logit_scale"]
    free = tuple(stages["parameters"])

    def stored(
        objective: _Objective, design_seed: np.random.SeedSequence
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        first = np.array(stages["first_stage"], dtype=float)
        objective.second_stage(first)
        return first, np.array(stages["estimate"], dtype=float)

    return _fit(
        network,
        stored,
        config=config,
        params=params,
        observed=observed,
        free=free,
        replications=int(record["replications"]),
        test_replications=int(record["test_replications"]),
        rng=int(record["seed"]),
        executor=executor,
        workers=workers,
    )


#: how a calibration reaches its estimates: (objective, Sobol seed) -> (first stage, final)
_Search = Callable[
    ["_Objective", np.random.SeedSequence], tuple[NDArray[np.float64], NDArray[np.float64]]
]


def _fit(
    network: TaskNetwork,
    search: _Search,
    *,
    config: AbmConfig,
    params: Params | None,
    observed: pd.Series | None,
    free: tuple[str, ...],
    replications: int | None,
    test_replications: int | None,
    rng: RngLike,
    executor: Any,
    workers: int | None,
) -> CalibrationResult:
    """Set up the objective, run ``search``, then assess the estimate on fresh years."""
    clock = time.perf_counter()
    settings = config.calibration
    base = params if params is not None else config.params
    table = moment_table(network, config)
    if observed is not None:
        table = _with_observed(table, observed)
    bounds = _box(config, free)
    k, p = len(table.names), len(free)
    if k <= p:
        raise ModelError(f"{k} moments cannot identify {p} parameters")
    replications = replications if replications is not None else settings.replications
    n_test = test_replications if test_replications is not None else settings.test_replications
    check_memory(network, base, replications + 2 * n_test)
    *seeds, design_seed, test_seed = spawn_seeds(rng, replications + 2)
    fresh_seed, reference_seed = spawn_seeds(test_seed, 2)
    n_workers = 1 if executor is None and workers == 1 else (workers or os.cpu_count() or 1)
    with open_executor(executor, workers) as pool:
        objective = _Objective(
            network, base, free, bounds, table, seeds, pool, n_workers, settings.sd_floor
        )
        first, eta = search(objective, design_seed)
        distance = objective.distance(eta)
        step = settings.jacobian_step
        jacobian = np.column_stack(
            [
                (
                    objective.runs(eta + step * e).mean(axis=0)
                    - objective.runs(eta - step * e).mean(axis=0)
                )
                / (2 * step)
                for e in np.eye(p)
            ]
        )
        fresh = objective.summaries(eta, spawn_seeds(fresh_seed, n_test))
        reference = objective.runs(eta, spawn_seeds(reference_seed, n_test))
    noise = np.random.default_rng(reference_seed).standard_normal(reference.shape)
    return _result(
        config,
        objective,
        network,
        (first, eta),
        distance,
        jacobian,
        fresh,
        reference + noise * table.tolerance,
        rng if isinstance(rng, int) else None,
        time.perf_counter() - clock,
    )


def _result(
    config: AbmConfig,
    objective: _Objective,
    network: TaskNetwork,
    stages: tuple[NDArray[np.float64], NDArray[np.float64]],
    distance: float,
    jacobian: NDArray[np.float64],
    fresh: tuple[Summaries, NDArray[np.float64]],
    reference: NDArray[np.float64],
    seed: int | None,
    wall: float,
) -> CalibrationResult:
    settings, table, free = config.calibration, objective.table, objective.free
    first, eta = stages
    summaries, runs = fresh
    mean = runs.mean(axis=0)
    # the estimate's uncertainty: its S search years' mean against one observed year
    v = _variance(runs, table.tolerance, settings.sd_floor, simulated=len(objective.seeds))
    weight = objective.full_weight(mean)
    moves = _moving(jacobian, weight)
    if not moves.any():
        raise CalibrationError(
            f"none of {list(free)} moves the simulated moments at the estimate: nothing to fit"
        )
    g = jacobian[:, moves]
    bread = np.linalg.inv(g.T @ weight @ g)
    cov = np.full((len(free), len(free)), np.inf)
    cov[np.ix_(moves, moves)] = bread @ (g.T @ weight @ v @ weight @ g) @ bread
    se_eta = np.sqrt(np.diag(cov))  # inf for a parameter the moments do not pin down
    z = interval_z(settings.interval_level)
    theta = objective.theta(eta)
    slope = (objective.upper - objective.lower) * special.expit(eta) * (1 - special.expit(eta))
    j_stat = j_statistic(runs, table, settings.sd_floor)
    draws = j_draws(reference, runs, j_weight(runs, table, settings.sd_floor), g, weight)
    ci_low, ci_high = objective.theta(eta - z * se_eta), objective.theta(eta + z * se_eta)
    spread = (ci_high - ci_low) / (objective.upper - objective.lower)
    params = objective.params(eta)
    parameters = pd.DataFrame(
        {
            "estimate": theta,
            "se": slope * se_eta,
            "ci_low": ci_low,
            "ci_high": ci_high,
            "lower": objective.lower,
            "upper": objective.upper,
            "identified": moves & (spread <= settings.unidentified_width),
            "description": [config.describe(n) for n in free],
        },
        index=pd.Index(free, name="parameter"),
    )
    fixed_names = [n for n in Params.names() if n not in free]
    fixed = pd.DataFrame(
        {
            "value": [getattr(params, n) for n in fixed_names],
            "basis": [config.basis(n) or config.describe(n) for n in fixed_names],
        },
        index=pd.Index(fixed_names, name="parameter"),
    )
    sd = np.sqrt(np.maximum(np.diag(np.cov(runs, rowvar=False)), settings.sd_floor**2))
    scale = np.sqrt(sd**2 + table.tolerance**2)
    zscore = (table.observed - mean) / scale
    moments = table.frame[["kind"]].assign(
        observed=table.observed,
        simulated=mean,
        sd=sd,
        tolerance=table.tolerance,
        z=zscore,
        matched=np.abs(zscore) <= settings.cannot_match_z,
        description=table.frame["description"],
    )
    hit = on_track(summaries, params)
    tasks = pd.DataFrame(
        {
            "name": network.names,
            "observed": [r.label if r else "" for r in network.progress],
            "evidence": [r.evidence if r else "" for r in network.progress],
            "p_on_track": hit.mean(axis=0),
            "p_complete": (summaries.completion_week > 0).mean(axis=0),
            "stated": np.array(network.progress_pct) / 100.0,
            "simulated_share": summaries.midyear_progress.mean(axis=0),
        },
        index=pd.Index(network.task_ids, name="task_id"),
    )
    return CalibrationResult(
        parameters=parameters,
        fixed=fixed,
        moments=moments,
        tasks=tasks,
        params=params,
        logit=pd.DataFrame(
            {"first_stage": first, "estimate": eta}, index=pd.Index(free, name="parameter")
        ),
        distance=distance,
        j_statistic=j_stat,
        j_pvalue=float(np.mean(draws >= j_stat)),
        j_dof=len(table.names) - int(moves.sum()),  # parameters the moments move
        test_level=settings.test_level,
        covariance=pd.DataFrame(cov, index=list(free), columns=list(free)),
        runs=runs,
        evaluations=objective.evaluations,
        replications=len(objective.seeds),
        test_replications=len(runs),
        seed=seed,
        wall_seconds=wall,
    )


def seed_study(network: TaskNetwork, seeds: Sequence[int], **options: Any) -> pd.DataFrame:
    """Run the calibration at each root seed and set the tests side by side.

    A verdict that flips with the seed is Monte Carlo noise, not evidence; the table shows
    whether it does.

    Parameters
    ----------
    network : TaskNetwork
    seeds : sequence of int
        Root seeds, one calibration each.
    **options
        Passed to :func:`calibrate` for every seed (settings, workers, ...).

    Returns
    -------
    pandas.DataFrame
        Indexed by seed: the estimates, ``j_statistic``, ``j_dof``, ``j_pvalue``,
        ``rejected``, ``unmatched`` (moments not matched, comma-separated) and
        ``wall_seconds``.
    """
    results = [calibrate(network, rng=int(seed), **options) for seed in seeds]
    rows = [
        {
            **r.parameters["estimate"].to_dict(),
            "j_statistic": r.j_statistic,
            "j_dof": r.j_dof,
            "j_pvalue": r.j_pvalue,
            "rejected": r.rejected,
            "unmatched": ", ".join(r.unmatched),
            "wall_seconds": r.wall_seconds,
        }
        for r in results
    ]
    return pd.DataFrame(rows, index=pd.Index([int(s) for s in seeds], name="seed"))


def predictive_check(
    network: TaskNetwork,
    params: Params,
    covariance: pd.DataFrame,
    *,
    config: AbmConfig | None = None,
    rng: RngLike = None,
    draws: int | None = None,
    years: int | None = None,
) -> pd.DataFrame:
    """Simulate the moments under parameter uncertainty, to set beside the observed ones.

    Parameter draws come from the estimate's sampling distribution (normal on the logit
    scale of each box, with ``covariance``; a parameter with infinite variance stays at its
    estimate); each draw simulates ``years`` years.

    Parameters
    ----------
    network : TaskNetwork
    params : Params
        The fitted parameters (estimates in place).
    covariance : pandas.DataFrame
        Covariance of the logit-scale estimates (``CalibrationResult.covariance``), indexed
        by the free parameters.
    config : AbmConfig, optional
        Gives the boxes and the moments; default the shipped params.yaml.
    rng : int, SeedSequence or Generator, optional
        Root of the parameter draws and of the simulated years.
    draws, years : int, optional
        Default ``calibration.predictive_draws`` and ``predictive_years``.

    Returns
    -------
    pandas.DataFrame
        One row per simulated year (index ``draw``, ``year``), one column per moment.
    """
    config = config or default_config()
    settings = config.calibration
    draws = draws if draws is not None else settings.predictive_draws
    years = years if years is not None else settings.predictive_years
    free = tuple(str(n) for n in covariance.index)
    bounds = _box(config, free)
    lower, upper = bounds[:, 0], bounds[:, 1]
    theta = np.array([getattr(params, n) for n in free])
    eta = special.logit((theta - lower) / (upper - lower))
    cov = covariance.to_numpy(float)
    finite = np.all(np.isfinite(cov), axis=0) & np.all(np.isfinite(cov), axis=1)
    table = moment_table(network, config)
    root, *year_roots = spawn_seeds(rng, draws + 1)
    normal = np.random.default_rng(root)
    frames = []
    for k, seed in enumerate(year_roots):
        step = np.zeros(len(free))
        if finite.any():
            sub = cov[np.ix_(finite, finite)]
            step[finite] = normal.multivariate_normal(np.zeros(finite.sum()), sub)
        values = lower + (upper - lower) * special.expit(eta + step)
        drawn = params.replace(**{n: float(v) for n, v in zip(free, values, strict=True)})
        summaries = run_seeds(network, drawn, spawn_seeds(seed, years), workers=1)
        moments = simulated_moments(summaries, network, drawn, table)
        frames.append(
            pd.DataFrame(
                moments,
                columns=table.names,
                index=pd.MultiIndex.from_product([[k], range(years)], names=["draw", "year"]),
            )
        )
    return pd.concat(frames)
