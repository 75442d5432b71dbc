"""Leave-future-out evaluation on the city's own figures: models against the baseline.

For each cutoff ``t`` every group is fitted on the figures known by ``t`` (the no-peeking
rule of :mod:`zzsim.models.observations`), and so is the
:class:`~zzsim.models.baseline.RateOfChangeBaseline`. Every later figure that either can
predict is then scored: a level, share or rate in its year; a ``yoy_growth``,
``avg_growth`` or ``cumulative_growth`` from the simulated growth index over its window
(on joint paths, never per-year quantiles). The score is the CRPS of the simulated
outcome (in the outcome's unit: lower is better; a point forecast scores its absolute
error), with whether the 80% interval covers it.

The figure base allows little: at cutoff 2015 (documents up to 2016) the later figures
are the 2020 levels and the 2016-2020 averages of the 14th FYP; earlier cutoffs see no
data at all (every document is from 2016 or later). Figures that are bounds, partial
years or windows that started before the cutoff are not scored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..data.schema import GROWTH_MEASURES
from ..errors import ModelError
from ..rng import RngLike, Streams
from .baseline import RateOfChangeBaseline
from .registry import fit, list_models, model_plan, spec_for
from .results import Core, Paths, check_years
from .scoring import covers, crps_sample

__all__ = ["leave_future_out", "summarise"]



def _outcomes(
    series: pd.DataFrame, indicator: str, cutoff: int, data_dir: str | Path | None
) -> pd.DataFrame:
    """Usable rows of the model id ``indicator`` about years after ``cutoff``."""
    spec = spec_for(indicator, series=series, data_dir=data_dir, pooled=False)
    rows = spec.scorable(series, indicator)
    return rows[rows["used"] & (rows["start_year"] > cutoff)]


def _statistic(paths: Paths, years: tuple[int, ...], row: dict) -> np.ndarray:
    """Return the simulated value of an outcome row on joint paths."""
    col = {y: i for i, y in enumerate(years)}
    if row["measure"] in GROWTH_MEASURES:
        if paths.index is None:
            raise ModelError(f"{row['id']}: growth outcome of a quantity without growth")
        index = np.concatenate([np.full((paths.index.shape[0], 1), 100.0), paths.index], axis=1)
        start, end = int(row["start_year"]), int(row["year"])
        ratio = index[:, col[end] + 1] / index[:, col[start - 1] + 1 if start - 1 in col else 0]
        if row["measure"] == "cumulative_growth":
            return 100.0 * (ratio - 1.0)
        return 100.0 * (ratio ** (1.0 / (end - start + 1)) - 1.0)
    if paths.level is None:
        raise ModelError(f"{row['id']}: level outcome of a growth-only quantity")
    if row["measure"] == "cumulative":
        window = [col[y] for y in range(int(row["start_year"]), int(row["year"]) + 1)]
        return paths.level[:, window].sum(axis=1)
    return paths.level[:, col[int(row["year"])]]


def _score(
    core: Core | None,
    indicator: str,
    rows: pd.DataFrame,
    cutoff: int,
    draws: int,
    rng: RngLike,
    level: float,
) -> list[dict]:
    out: list[dict] = []
    if core is None or indicator not in core.members:
        return [{} for _ in range(len(rows))]
    # from the cutoff, or the year after a model's first figure if that is later
    years = check_years(range(max(cutoff, core.first_year + 1), int(rows["year"].max()) + 1))
    member = core.members[indicator]
    paths = core.paths(years, draws, rng=rng)[member.quantity]
    tail = (1.0 - level) / 2.0
    for row in rows.to_dict("records"):
        if member.growth_only and row["measure"] not in GROWTH_MEASURES:
            out.append({})  # a level figure, and the model knew only growth at the cutoff
            continue
        sample = _statistic(paths, years, row)
        lo, med, hi = np.quantile(sample, [tail, 0.5, 1.0 - tail])
        out.append(
            {
                "median": med,
                "lo": lo,
                "hi": hi,
                "crps": crps_sample(sample, row["value"]),
                "covers": covers(sample, row["value"], level),
            }
        )
    return out


def leave_future_out(
    cutoffs: Sequence[int] = (2015,),
    *,
    indicators: Iterable[str] | None = None,
    draws: int = 4000,
    rng: RngLike = 0,
    level: float = 0.8,
    data_dir: str | Path | None = None,
    series: pd.DataFrame | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> pd.DataFrame:
    """Fit through each cutoff and score every later figure, model against baseline.

    Parameters
    ----------
    cutoffs : sequence of int
        Years the forecasts are made from.
    indicators : iterable of str, optional
        Modelled ids (default: every id :func:`~zzsim.models.list_models` lists).
    draws : int
        Simulated paths per forecast.
    rng : int, SeedSequence or Generator
        Randomness (one stream per cutoff, group and forecaster).
    level : float
        Coverage of the reported interval.
    data_dir : str or Path, optional
        Folder of the figure base.
    series : pandas.DataFrame, optional
        An already loaded figure base.
    options : Mapping[str, Mapping[str, Any]], optional
        Specification fields to replace, by family (e.g. ``{"growth": {"trend":
        "damped"}}``), to compare model choices on the same figures.

    Returns
    -------
    pandas.DataFrame
        One row per scored figure: ``cutoff, indicator, row, measure, start_year, year,
        observed, horizon``, then ``model_*`` and ``baseline_*`` columns (``median, lo,
        hi, crps, covers``; NaN where a forecaster cannot predict the figure), and
        ``model_note`` (why a model could not be fitted).
    """
    if series is None:
        from ..data import load_series

        series = load_series(data_dir)
    ids = (
        list(indicators)
        if indicators is not None
        else list(list_models(series=series, data_dir=data_dir)["id"])
    )
    streams = Streams(rng)
    records: list[dict] = []
    for cutoff in cutoffs:
        for ind in ids:
            rows = _outcomes(series, ind, cutoff, data_dir)
            if not len(rows):
                continue
            note = ""
            try:
                extra = (options or {}).get(model_plan(ind, data_dir).family, {})
                model: Core | None = fit(ind, cutoff=cutoff, series=series, **extra).core
            except ModelError as exc:
                model, note = None, str(exc)
            try:
                base: Core | None = (
                    RateOfChangeBaseline(ind, cutoff=cutoff, series=series).fit().core
                )
            except ModelError:
                base = None
            gen = streams(cutoff, ind)
            scored = {
                name: _score(core, ind, rows, cutoff, draws, gen, level)
                for name, core in (("model", model), ("baseline", base))
            }
            for i, row in enumerate(rows.to_dict("records")):
                rec = {
                    "cutoff": cutoff,
                    "indicator": ind,
                    "row": row["id"],
                    "measure": row["measure"],
                    "start_year": row["start_year"],
                    "year": row["year"],
                    "observed": row["value"],
                    "horizon": int(row["year"]) - cutoff,
                }
                for name in ("model", "baseline"):
                    for key in ("median", "lo", "hi", "crps", "covers"):
                        rec[f"{name}_{key}"] = scored[name][i].get(key, np.nan)
                rec["model_note"] = note
                records.append(rec)
    return pd.DataFrame(records)


def summarise(table: pd.DataFrame) -> pd.DataFrame:
    """Summarise a :func:`leave_future_out` table over the figures both forecasters scored.

    Parameters
    ----------
    table : pandas.DataFrame
        As returned by :func:`leave_future_out`.

    Returns
    -------
    pandas.DataFrame
        One row per indicator and a final ``all`` row: ``figures``, mean CRPS of model
        and baseline, ``crps_ratio`` (geometric mean of model/baseline CRPS; below 1 the
        model is better), ``model_wins`` and the interval coverage of each forecaster.
    """
    both = table.dropna(subset=["model_crps", "baseline_crps"])
    ratio = np.log(np.maximum(both["model_crps"], 1e-12) / np.maximum(both["baseline_crps"], 1e-12))
    both = both.assign(log_ratio=ratio, win=both["model_crps"] < both["baseline_crps"])

    def agg(frame: pd.DataFrame) -> pd.Series:
        return pd.Series(
            {
                "figures": len(frame),
                "model_crps": frame["model_crps"].mean(),
                "baseline_crps": frame["baseline_crps"].mean(),
                "crps_ratio": float(np.exp(frame["log_ratio"].mean())),
                "model_wins": int(frame["win"].sum()),
                "model_coverage": float(frame["model_covers"].astype(float).mean()),
                "baseline_coverage": float(frame["baseline_covers"].astype(float).mean()),
            }
        )

    rows = {ind: agg(frame) for ind, frame in both.groupby("indicator", sort=False)}
    rows["all"] = agg(both)
    out = pd.DataFrame(rows).T
    out.loc["all", ["model_crps", "baseline_crps"]] = np.nan  # units differ across indicators
    return out
