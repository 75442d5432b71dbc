"""Cutoff backtests: what zzsim would have said at the cutoff, next to what happened.

:func:`backtest` fits the trajectory models on what was known at the cutoff (the models'
no-peeking rule), computes the attainment probabilities of a plan's targets with
:func:`zzsim.attainment.run_attainment`, looks up the realised outcomes in documents
published later (:func:`~zzsim.backtest.realised.realised_outcomes`) and adds the
references: the planners' and persistence
(:func:`~zzsim.backtest.references.reference_forecasts`) and the rate-of-change
baseline (:func:`~zzsim.backtest.baseline.baseline_attainment`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..data import FiguresLike, load_series, load_targets
from ..errors import ModelError
from ..rng import RngLike, root_seed
from ..targets import Target
from .realised import REALISED_COLUMNS, realised_outcomes
from .references import REFERENCE_COLUMNS, reference_forecasts

if TYPE_CHECKING:
    from ..attainment import Attainment
    from ..scenarios import Scenario

__all__ = ["BACKTEST_COLUMNS", "CASES", "assemble", "backtest"]

#: the backtests the documents allow: plan id -> cutoff year
CASES: Mapping[str, int] = {"fyp13": 2015, "annual2016": 2015, "annual2020": 2019}

_FORECAST = ("p_attain", "median", "lo", "hi")
_BASELINE = ("p_rate_of_change", "rate_of_change_median", "rate_of_change_lo", "rate_of_change_hi")

#: columns of the frame returned by :func:`backtest`, in order
BACKTEST_COLUMNS = (
    "plan",
    "cutoff",
    "target_id",
    "text",
    "indicator",
    "basis",
    "unit",
    "scenario",
    "method",
    "reason",
    *_FORECAST,
    *REALISED_COLUMNS[1:3],
    "pit",
    *REFERENCE_COLUMNS[1:],
    *_BASELINE,
    *REALISED_COLUMNS[3:],
)


def _rows(structured: list[Target], attainment: Attainment) -> pd.DataFrame:
    """One row per scenario and target: zzsim's forecast, or why there is none."""
    info = pd.DataFrame(
        {
            "target_id": [t.id for t in structured],
            "text": [t.text for t in structured],
            "indicator": [t.indicator or "" for t in structured],
            "basis": [t.basis for t in structured],
            "unit": [t.unit for t in structured],
        }
    )
    names = pd.DataFrame({"scenario": [s.name for s in attainment.scenarios]})
    long = attainment.long[["scenario", "target_id", "method", "reason", *_FORECAST]]
    frame = names.merge(info, how="cross").merge(long, on=["scenario", "target_id"], how="left")
    absent = frame["method"].isna()
    frame.loc[absent, "method"] = "not modelled"
    frame.loc[absent, "reason"] = "not in the attainment result"
    return frame


def assemble(
    plan: str,
    cutoff: int,
    targets: pd.DataFrame,
    attainment: Attainment,
    baseline: Attainment,
    *,
    series: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Join simulated probabilities, realised outcomes and references into one frame.

    Parameters
    ----------
    plan : str
        Plan id (reported in the ``plan`` column).
    cutoff : int
        The cutoff year.
    targets : pandas.DataFrame
        Target rows as returned by :func:`zzsim.data.load_targets`.
    attainment : zzsim.attainment.Attainment
        zzsim's attainment results (of all these targets, or of some of them).
    baseline : zzsim.attainment.Attainment
        The rate-of-change baseline's results (:func:`baseline_attainment`); its first
        scenario is read.
    series : pandas.DataFrame, optional
        The figure base's series (default :func:`zzsim.data.load_series`).

    Returns
    -------
    pandas.DataFrame
        As :func:`backtest`.
    """
    table = load_series() if series is None else series
    structured = [Target.from_row(row) for _, row in targets.iterrows()]
    frame = _rows(structured, attainment)
    first = baseline.scenarios[0].name
    reference = baseline.long
    reference = reference[reference["scenario"] == first][["target_id", *_FORECAST]]
    frame = (
        frame.merge(realised_outcomes(structured, cutoff, series=table), on="target_id")
        .merge(reference_forecasts(structured, cutoff, series=table), on="target_id")
        .merge(
            reference.rename(columns=dict(zip(_FORECAST, _BASELINE, strict=True))),
            on="target_id",
            how="left",
        )
    )
    simulated = {str(p.target.id) for p in attainment.planned if p.simulated}
    frame["pit"] = [
        attainment.cdf(rec["target_id"], rec["scenario"], rec["realised"])
        if rec["target_id"] in simulated and not np.isnan(rec["realised"])
        else np.nan
        for rec in frame[["scenario", "target_id", "realised"]].to_dict("records")
    ]
    frame["plan"] = plan
    frame["cutoff"] = cutoff
    return frame[list(BACKTEST_COLUMNS)]


def _require_forecasts(
    plan: str, cutoff: int, attainment: Attainment, series: pd.DataFrame
) -> None:
    """Refuse a backtest in which zzsim forecasts none of the plan's targets."""
    if any(p.simulated for p in attainment.planned):
        return
    # a figure about year y published in vintage v is known from cutoff max(y, v - 1) on
    known_from = np.maximum(series["year"], series["vintage"] - 1)
    if not (known_from <= cutoff).any():
        why = f"no figure is known yet (the first are known at cutoff {int(known_from.min())})"
    else:
        first = attainment.planned[0]
        why = f"e.g. {first.target.id}: {first.reason}"
    cases = ", ".join(f"{name} at {year}" for name, year in CASES.items())
    raise ModelError(
        f"at cutoff {cutoff} zzsim can forecast none of the {len(attainment.planned)} targets "
        f"of {plan}, so there is nothing to score: {why} (the documents allow {cases})"
    )


def backtest(
    plan: str,
    cutoff: int,
    scenarios: Iterable[str | Scenario] | str | Scenario = ("baseline",),
    draws: int = 20_000,
    *,
    rng: RngLike = None,
    progress: bool = False,
    figures: FiguresLike | None = None,
) -> pd.DataFrame:
    """Backtest a plan: P(attain) as known at the cutoff against what happened.

    Parameters
    ----------
    plan : str
        Plan id, e.g. ``"fyp13"`` (see :data:`CASES` for the cases the documents allow).
    cutoff : int
        Last year whose figures the models may use.
    scenarios : name, Scenario, or iterable of them, default ("baseline",)
        Scenarios to simulate (as :func:`zzsim.attainment.run_attainment`).
    draws : int, default 20000
        Simulated joint paths per scenario (and for the rate-of-change baseline).
    rng : int, SeedSequence or Generator, optional
        Randomness: an int is the root seed of the attainment engine (the same seed gives
        the same frame); a SeedSequence or Generator (or None: fresh entropy) is turned
        into such a seed.
    progress : bool, default False
        Show a progress bar.
    figures : path, list of paths or DataFrame, optional
        The planner's own figures (:func:`zzsim.data.load_figures`): figures known at the
        cutoff feed the models, later ones can record outcomes the documents lack.

    Returns
    -------
    pandas.DataFrame
        One row per target and scenario, columns :data:`BACKTEST_COLUMNS`:

        - ``method``, ``reason`` — how zzsim judges the target, or why it does not (an
          indicator without a model, or too little data at the cutoff);
        - ``p_attain``, ``median``, ``lo``, ``hi`` — zzsim's probability and the median
          and 80% interval (10% and 90% quantiles) of the outcome in the target's terms;
        - ``realised``, ``attained`` — the outcome (target's unit) and whether the target
          was met (nullable boolean: ``<NA>`` when no document records the outcome);
        - ``pit`` — share of zzsim's simulated outcomes at or below the realised value;
        - ``p_planners``, ``persistence_value``, ``p_persistence`` (the naive references)
          and ``p_rate_of_change`` with its ``rate_of_change_median``/``_lo``/``_hi``;
        - ``realised_id``, ``realised_source``, ``realised_vintage``,
          ``realised_status``, ``realised_price_basis``, ``realised_quote`` — the series
          row the outcome comes from; ``realised_reason`` says why it is unknown.

    Raises
    ------
    ModelError
        If the cutoff is not before the plan's window, or zzsim can forecast none of the
        plan's targets with what was known at the cutoff (no figure known yet, or too few).

    Examples
    --------
    >>> frame = backtest("fyp13", 2015, draws=2000, rng=1)  # doctest: +SKIP
    >>> frame[["target_id", "p_attain", "attained", "realised"]]  # doctest: +SKIP
    """
    from ..attainment import run_attainment
    from .baseline import baseline_attainment

    seed = root_seed(rng)
    targets = load_targets(plan)
    first = int(targets["start_year"].min())
    if cutoff >= first:
        raise ModelError(
            f"cutoff {cutoff} is not before the window of plan {plan!r} (it starts in {first}): "
            "the models would be fitted on the outcomes they are scored against"
        )
    series = load_series(figures=figures)
    attainment = run_attainment(  # the growth needed (lever search) is not backtested
        targets,
        scenarios,
        draws,
        rng=seed,
        as_of=cutoff,
        series=series,
        progress=progress,
        lever_grid=(),
    )
    _require_forecasts(plan, cutoff, attainment, series)
    baseline = baseline_attainment(targets, cutoff, draws, rng=seed, series=series)
    return assemble(plan, cutoff, targets, attainment, baseline, series=series)
