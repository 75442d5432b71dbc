"""Elementary rules of the task ABM, shared by the Mesa agents and the array core.

Each function works on Python floats and on numpy arrays alike and fixes the order of the
floating-point operations, so that the agent loop (:mod:`zzsim.abm.model`) and the
vectorised core (:mod:`zzsim.abm.core`) produce identical numbers.

The week of the model (both implementations):

0. The requests of tasks that reached a clearance point last week become pending.
1. ``step`` - each agency answers the requests in its queue: each week is one attempt that
   succeeds with :func:`clearance_probability` (Bowen's repeated attempts); each answer
   costs it ``clearance_cost`` of its capacity. The attempts are drawn by inversion: a
   request gets one uniform budget U when it is sent and clears in the first week its
   survival ∏(1 - p_t) is at most U (:func:`attempt`) - the same law as a fresh coin each
   week, with random numbers that do not shift when the course of the year changes.
2. ``advance`` - each agency splits what capacity is left over its open tasks (not
   completed, no pending clearance) by its priority rule, capped at each task's pace
   (:func:`pace`), the work left and the distance to its next clearance point; exceptions
   add rework (Virtual Design Team); a task reaching a clearance point sends requests to
   all its clearance parties.
3. ``record`` - delay, utilisation and backlog are booked.
4. End of week: the mid-year snapshot, and at check weeks pressure on laggards.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from .params import Params

__all__ = [
    "attempt",
    "availability",
    "clearance_probability",
    "laggard_threshold",
    "pace",
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


def laggard_threshold(week: int, params: Params) -> float:
    """Return the progress share below which a task lags at the end of a week.

    Parameters
    ----------
    week : int
        1-based week.
    params : Params
        Gives ``laggard_ratio`` and ``weeks`` (时间过半、任务过半 with ratio 1).

    Returns
    -------
    float
    """
    return params.laggard_ratio * week / params.weeks
