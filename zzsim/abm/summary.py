"""Compact per-run summaries of the task ABM, shared by the Mesa model and the array core.

A replication is summarised by a few arrays (completion week and mid-year progress of the
listed tasks, calibration moments, portfolio outcomes, per-agency utilisation, delay caused
and weekly backlog), never by rows per agent per step. :class:`Summaries` stacks them along
a leading replication axis; the functions below reduce the end state of a year to them and
are called by both implementations, so that the two agree to the last bit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

from .params import PORTFOLIO_MOMENTS, Params
from .rules import elapsed, laggard_threshold

__all__ = [
    "MOMENTS",
    "PORTFOLIO_STATS",
    "Summaries",
    "moments_of",
    "on_track",
    "portfolio_stats_of",
]

#: the key-project portfolio's moments, in this order (see ``moments`` in params.yaml)
MOMENTS = PORTFOLIO_MOMENTS
#: year-end outcomes of the key-project portfolio
PORTFOLIO_STATS = ("plan_done", "money_fulfilment", "completed")

#: "完成过半": more than half of the year's plan is done (a definition, not a parameter)
HALF = 0.5


@dataclass(frozen=True)
class Summaries:
    """Per-run summaries of ``n`` replications (leading axis), in replication order.

    Attributes
    ----------
    completion_week : ndarray of int16, shape (n, tasks)
        Week in which each listed task was completed, 0 if not by the year's end.
    midyear_progress : ndarray, shape (n, tasks)
        Share of each listed task's work done at the end of the mid-year week.
    start_week : ndarray of int16, shape (n, tasks)
        Each listed task's first week (a new construction project's planned start).
    moments : ndarray, shape (n, len(MOMENTS))
        Simulated moments of the key-project portfolio (NaN without a portfolio); the
        per-task moments are read from ``midyear_progress``.
    portfolio : ndarray, shape (n, len(PORTFOLIO_STATS))
        Year-end portfolio outcomes: share of key projects whose plan is done, share of
        planned key investment done (money-weighted), share completed (竣工).
    utilisation : ndarray, shape (n, agencies)
        Mean over weeks of the share of capacity used (clearances plus own tasks).
    delay : ndarray, shape (n, agencies)
        Task-weeks of delay each agency caused: weeks its clearance was outstanding (shared
        among the participants outstanding that week) plus, as lead, the share of a week a
        task of its own got less than its pace.
    rework : ndarray, shape (n,)
        Weeks of work added by exceptions (at each task's pace).
    backlog : ndarray of float32, shape (n, weeks, agencies)
        Work left on each agency's open tasks plus its pending clearances, end of each week.
    """

    completion_week: NDArray[np.int16]
    midyear_progress: NDArray[np.float64]
    start_week: NDArray[np.int16]
    moments: NDArray[np.float64]
    portfolio: NDArray[np.float64]
    utilisation: NDArray[np.float64]
    delay: NDArray[np.float64]
    rework: NDArray[np.float64]
    backlog: NDArray[np.float32]

    def __len__(self) -> int:
        return int(self.completion_week.shape[0])

    @classmethod
    def concat(cls, parts: Sequence[Summaries]) -> Summaries:
        """Join summaries of consecutive chunks of replications, keeping their order.

        Parameters
        ----------
        parts : sequence of Summaries

        Returns
        -------
        Summaries
        """
        return cls(
            **{
                f.name: np.concatenate([getattr(p, f.name) for p in parts], axis=0)
                for f in fields(cls)
            }
        )

    def take(self, index: int | slice | NDArray[np.intp]) -> Summaries:
        """Return the summaries of some replications.

        Parameters
        ----------
        index : int, slice or integer array
            Replications to keep (an int keeps a run as a batch of one).

        Returns
        -------
        Summaries
        """
        sel = slice(index, index + 1) if isinstance(index, int) else index
        return type(self)(**{f.name: getattr(self, f.name)[sel] for f in fields(self)})


def _row_sums(values: NDArray[np.float64]) -> NDArray[np.float64]:
    # exact (correctly rounded) sums, independent of array layout and summation order
    return np.array([math.fsum(row) for row in values], dtype=float)


def _share(mask: NDArray[np.bool_], among: NDArray[np.bool_]) -> NDArray[np.float64]:
    count = np.count_nonzero(among, axis=1)
    hits = np.count_nonzero(mask & among, axis=1)
    return np.divide(hits, count, out=np.full(len(count), np.nan), where=count > 0)


def moments_of(
    *,
    midyear_share: NDArray[np.float64],
    started: NDArray[np.bool_],
    completed_by_midyear: NDArray[np.bool_],
    key: NDArray[np.bool_],
    named: NDArray[np.bool_],
    final: NDArray[np.bool_],
    money: NDArray[np.float64],
    start: NDArray[np.intp],
    slow_threshold: float | None,
    params: Params,
) -> NDArray[np.float64]:
    """Return the simulated moments of the key-project portfolio of each run.

    All arrays have shape (runs, items); ``key`` marks the generated key projects (the
    portfolio).

    Parameters
    ----------
    midyear_share : ndarray
        Share of each item's work done at the end of the mid-year week.
    started : ndarray of bool
        Item started by mid-year (continuing, or work done).
    completed_by_midyear : ndarray of bool
        Item's plan done by mid-year.
    key : ndarray of bool
        Generated key project.
    named : ndarray of bool
        Key project named in the work report.
    final : ndarray of bool
        Plan of the year ends with completion (竣工).
    money : ndarray
        Planned investment of the year (relative units).
    start : ndarray of int
        First week of each item (a new project's planned start).
    slow_threshold : float or None
        Progress share at mid-year below which a project due all year is 进展较慢 (None:
        moment unavailable). A project due from a later start is slow below the same
        share of its own elapsed plan period (时间过半、任务过半 on its schedule): below
        ``slow_threshold × elapsed(start) / elapsed(1)``, so a project not yet due is
        not slow.
    params : Params
        Gives the mid-year week and the weeks of the year.

    Returns
    -------
    ndarray, shape (runs, len(MOMENTS))
    """
    runs = midyear_share.shape[0]
    if slow_threshold is not None:
        mid, weeks = params.midyear_week, params.weeks
        limit = slow_threshold * elapsed(mid, start, weeks) / elapsed(mid, 1, weeks)
        slow = _share(midyear_share < limit, named)
    else:
        slow = np.full(runs, np.nan)
    money_key = np.where(key, money, 0.0)
    total = _row_sums(money_key)
    invest = np.divide(
        _row_sums(money_key * midyear_share), total, out=np.full(runs, np.nan), where=total > 0
    )
    columns = {
        "started": _share(started, key),
        "completed": _share(completed_by_midyear & final, key),
        "half_plan": _share(midyear_share > HALF, key),
        "named_slow": slow,
        "investment_h1": invest,
    }
    return np.column_stack([columns[name] for name in MOMENTS])


def portfolio_stats_of(
    *,
    end_share: NDArray[np.float64],
    plan_done: NDArray[np.bool_],
    key: NDArray[np.bool_],
    final: NDArray[np.bool_],
    money: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Return the year-end outcomes of the key-project portfolio of each run.

    Parameters
    ----------
    end_share : ndarray, shape (runs, items)
        Share of each item's work done at the year's end.
    plan_done : ndarray of bool
        Item's plan for the year done.
    key, final : ndarray of bool
        Generated key project; plan ends with completion.
    money : ndarray
        Planned investment of the year.

    Returns
    -------
    ndarray, shape (runs, len(PORTFOLIO_STATS))
    """
    money_key = np.where(key, money, 0.0)
    total = _row_sums(money_key)
    fulfilment = np.divide(
        _row_sums(money_key * end_share), total, out=np.full(len(total), np.nan), where=total > 0
    )
    columns = {
        "plan_done": _share(plan_done, key),
        "money_fulfilment": fulfilment,
        "completed": _share(plan_done & final, key),
    }
    return np.column_stack([columns[name] for name in PORTFOLIO_STATS])


def on_track(summaries: Summaries, params: Params) -> NDArray[np.bool_]:
    """Return whether each listed task is on track at mid-year (时间过半、任务过半), per run.

    Parameters
    ----------
    summaries : Summaries
        Gives the mid-year progress and start week of each listed task.
    params : Params
        Gives the mid-year week and ``laggard_ratio``.

    Returns
    -------
    ndarray of bool, shape (runs, tasks)
        Progress at least ``laggard_ratio`` × the share of the task's plan period elapsed
        (of the year, for a task that starts in week 1).
    """
    threshold = laggard_threshold(params.midyear_week, summaries.start_week, params)
    return summaries.midyear_progress >= threshold
