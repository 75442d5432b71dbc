"""Interventions compared with the status quo, with confidence intervals.

Every variant runs on the same replication seeds as the status quo (common random numbers),
so the effect of an intervention is estimated from paired per-run differences: the mean
difference of each metric and a normal confidence interval from the standard deviation of
the differences across runs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..rng import RngLike, spawn_seeds
from .network import TaskNetwork
from .outputs import METRICS, SimulationResults
from .params import STATUS_QUO, AbmConfig, Params, default_config
from .runner import DEFAULT_CHUNK, run_seeds

__all__ = ["compare_interventions", "run_interventions"]


def run_interventions(
    network: TaskNetwork,
    names: tuple[str, ...] | None = None,
    *,
    config: AbmConfig | None = None,
    params: Params | None = None,
    replications: int = 500,
    rng: RngLike = None,
    executor: Any = None,
    workers: int | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    progress: bool = True,
) -> dict[str, SimulationResults]:
    """Simulate the status quo and each intervention on the same seeds.

    Parameters
    ----------
    network : TaskNetwork
    names : tuple of str, optional
        Interventions of ``params.yaml``; default all of them.
    config : AbmConfig, optional
        Source of the interventions; default :func:`zzsim.abm.params.default_config`.
    params : Params, optional
        The status quo; default ``config.params``.
    replications : int
    rng : int, SeedSequence or Generator, optional
        Root of the seeds shared by all variants.
    executor, workers, chunk_size, progress
        As in :func:`zzsim.abm.simulate`.

    Returns
    -------
    dict of str to SimulationResults
        ``status_quo`` first, then the interventions in the order asked.
    """
    config = config or default_config()
    base = params if params is not None else config.params
    names = tuple(config.interventions) if names is None else names
    seeds = spawn_seeds(rng, replications)
    out = {}
    for name in (STATUS_QUO, *names):
        variant = config.intervention(name).apply(base)
        summaries = run_seeds(
            network,
            variant,
            seeds,
            executor=executor,
            workers=workers,
            chunk_size=chunk_size,
            progress=progress,
            desc=name,
        )
        out[name] = SimulationResults(network, variant, tuple(seeds), summaries)
    return out


def compare_interventions(
    runs: dict[str, SimulationResults], *, level: float | None = None
) -> pd.DataFrame:
    """Return each intervention's effect on each metric against the status quo.

    Parameters
    ----------
    runs : dict of str to SimulationResults
        From :func:`run_interventions` (same seeds; must contain ``status_quo``).
    level : float, optional
        Coverage of the intervals; default ``calibration.interval_level`` of params.yaml.

    Returns
    -------
    pandas.DataFrame
        One row per (intervention, metric) with ``status_quo`` and ``value`` (means over
        runs), ``difference`` (mean paired difference), ``se``, ``ci_low``, ``ci_high`` and
        ``runs``. Metrics that are undefined for the table (no portfolio) are left out.
    """
    level = default_config().calibration.interval_level if level is None else level
    z = float(stats.norm.ppf(0.5 + level / 2))
    base = runs[STATUS_QUO].metrics()
    rows = []
    for name, results in runs.items():
        if name == STATUS_QUO:
            continue
        metrics = results.metrics()
        for metric in METRICS:
            diff = (metrics[metric] - base[metric]).to_numpy()
            if np.isnan(diff).all():
                continue
            n = len(diff)
            se = float(np.std(diff, ddof=1) / np.sqrt(n)) if n > 1 else np.nan
            mean = float(np.mean(diff))
            rows.append(
                {
                    "intervention": name,
                    "metric": metric,
                    "status_quo": float(base[metric].mean()),
                    "value": float(metrics[metric].mean()),
                    "difference": mean,
                    "se": se,
                    "ci_low": mean - z * se,
                    "ci_high": mean + z * se,
                    "runs": n,
                }
            )
    return pd.DataFrame(rows).set_index(["intervention", "metric"])
