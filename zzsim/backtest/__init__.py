"""Cutoff backtests: would zzsim have called the plan right?

:func:`backtest` computes the attainment probabilities of a plan's targets from what was
known at a cutoff year, and sets them beside the outcomes that documents published later
record (:func:`realised_outcomes`; targets with no recorded outcome are *unknown*, never
guessed) and beside naive references (:func:`reference_forecasts`: the planners' P = 1
and persistence; :func:`baseline_attainment`: the GBD-style rate-of-change baseline of
:mod:`zzsim.models`). :func:`scores` gives the Brier score,
the log score and the 80% interval coverage of each; :func:`plot_reliability` and
:func:`plot_pit` draw the calibration.

The cases the documents allow are in :data:`CASES`: the 13th Five-Year Plan (``fyp13``)
and the 2016 targets (``annual2016``) from cutoff 2015, the 2020 targets
(``annual2020``) from cutoff 2019.
"""

from .baseline import baseline_attainment
from .judge import attains, outcome_path
from .plots import plot_pit, plot_reliability
from .realised import MEASURES_BY_BASIS, realised_outcomes
from .references import annual_rates, persistence_outcome, reference_forecasts
from .runner import BACKTEST_COLUMNS, CASES, assemble, backtest
from .scoring import LOG_SCORE_EPS, brier_score, interval_coverage, log_score
from .summary import reliability, scores

__all__ = [
    "BACKTEST_COLUMNS",
    "CASES",
    "LOG_SCORE_EPS",
    "MEASURES_BY_BASIS",
    "annual_rates",
    "assemble",
    "attains",
    "backtest",
    "baseline_attainment",
    "brier_score",
    "interval_coverage",
    "log_score",
    "outcome_path",
    "persistence_outcome",
    "plot_pit",
    "plot_reliability",
    "realised_outcomes",
    "reference_forecasts",
    "reliability",
    "scores",
]
