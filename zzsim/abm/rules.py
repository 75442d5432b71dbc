"""Elementary rules of the task ABM, shared by the Mesa agents and the array core.

Each function works on Python floats and on numpy arrays alike and fixes the order of the
floating-point operations, so that the agent loop (:mod:`zzsim.abm.model`) and the
vectorised core (:mod:`zzsim.abm.core`) produce identical numbers. The week that uses them,
phase by phase, is in :mod:`zzsim.abm.week`.
"""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from .params import KEY_FIRST, Params

__all__ = [
    "attempt",
    "availability",
    "clearance_probability",
    "elapsed",
    "laggard_threshold",
    "pace",
    "priority_tiers",
    "share",
    "week_factors",
]

X = TypeVar("X", float, NDArray[np.float64])


def week_factors(params: Params) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return the capacity and pace multipliers of each week.

    Capacity is multiplied by ``surge_factor`` in the last ``surge_weeks`` weeks and by
    ``1 - report_load`` in reporting weeks; a task's pace by ``surge_factor`` in the surge.

    Parameters
    ----------
    params : Params

    Returns
    -------
    capacity, speed : ndarray, shape (weeks,)
        Index ``t - 1`` holds week ``t``.
    """
    weeks = np.arange(1, params.weeks + 1)
    surge = np.where(weeks > params.weeks - params.surge_weeks, params.surge_factor, 1.0)
    report = np.where(np.isin(weeks, params.report_weeks), 1.0 - params.report_load, 1.0)
    return surge * report, surge


def priority_tiers(params: Params) -> tuple[int, ...]:
    """Return the priority tiers a lead serves in order (one tier under ``share``).

    Under ``key_first`` key tasks (tier 0) are served before the others (tier 1).

    Parameters
    ----------
    params : Params

    Returns
    -------
    tuple of int
    """
    return (0, 1) if params.priority_rule == KEY_FIRST else (0,)


def pace(desks: X, pressure: X, speed: float) -> X:
    """Return the desks a task can absorb this week at full pace.

    Parameters
    ----------
    desks : float or ndarray
        The task's attention need at normal pace.
    pressure : float or ndarray
        Its supervision pressure (1 when on track).
    speed : float
        The week's pace multiplier (year-end surge).

    Returns
    -------
    float or ndarray
    """
    return desks * pressure * speed


def availability(capacity: X, demand: X) -> X:
    """Return the share of demand an agency can serve: ``min(1, capacity / demand)``.

    Parameters
    ----------
    capacity : float or ndarray
        Capacity this week (positive).
    demand : float or ndarray
        Clearance work queued plus the pace of its open tasks.

    Returns
    -------
    float or ndarray
    """
    return capacity / np.maximum(capacity, demand)


def clearance_probability(responsiveness: X, available: X, pressure: X) -> X:
    """Return the probability that one attempt clears a request this week.

    Parameters
    ----------
    responsiveness : float or ndarray
        The participant's responsiveness (already scaled).
    available : float or ndarray
        Its :func:`availability` this week (an overloaded agency answers less).
    pressure : float or ndarray
        Supervision pressure on the requesting task.

    Returns
    -------
    float or ndarray
        ``min(1, responsiveness × available × pressure)``.
    """
    return np.minimum(1.0, responsiveness * available * pressure)


def attempt(survival: X, probability: X) -> X:
    """Return a request's survival after one more attempt.

    Parameters
    ----------
    survival : float or ndarray
        Probability that the previous attempts all failed (1 when the request is sent).
    probability : float or ndarray
        This week's :func:`clearance_probability`.

    Returns
    -------
    float or ndarray
        ``survival × (1 - probability)``; the request clears when this is at most its
        uniform budget.
    """
    return survival * (1.0 - probability)


def share(capacity: X, weight: X, weight_sum: X) -> X:
    """Return a task's share of its lead's capacity: ``capacity × weight / weight_sum``.

    Parameters
    ----------
    capacity : float or ndarray
        Capacity left for this priority tier.
    weight : float or ndarray
        The task's weight (key weight × pressure).
    weight_sum : float or ndarray
        Sum of the weights of the tier's open tasks of the same lead (positive).

    Returns
    -------
    float or ndarray
    """
    return capacity * (weight / weight_sum)


def elapsed(week: int, start: int | NDArray[Any], weeks: int) -> float | NDArray[np.float64]:
    """Return the share of an item's plan period elapsed at the end of a week.

    The plan of an item that starts in week ``start`` runs to the year's end; none of it
    has elapsed before its start.

    Parameters
    ----------
    week : int
        1-based week.
    start : int or ndarray
        The item's first week.
    weeks : int
        Weeks of the year.

    Returns
    -------
    float or ndarray
        ``max(0, week - start + 1) / (weeks - start + 1)``.
    """
    return np.maximum(0, week - start + 1) / (weeks - start + 1)


def laggard_threshold(
    week: int, start: int | NDArray[Any], params: Params
) -> float | NDArray[np.float64]:
    """Return the progress share below which an item lags at the end of a week.

    时间过半、任务过半: with ``laggard_ratio`` 1, an item lags when the share of its plan
    done is below the share of its plan period elapsed.

    Parameters
    ----------
    week : int
        1-based week.
    start : int or ndarray
        The item's first week (1 for a listed task).
    params : Params
        Gives ``laggard_ratio`` and ``weeks``.

    Returns
    -------
    float or ndarray
    """
    return params.laggard_ratio * elapsed(week, start, params.weeks)


def interval_z(level: float) -> float:
    """Return the standard normal quantile of a central interval (1.645 for 0.9).

    Parameters
    ----------
    level : float
        Coverage of the interval, in (0, 1).

    Returns
    -------
    float
    """
    return float(stats.norm.ppf(0.5 + level / 2))
