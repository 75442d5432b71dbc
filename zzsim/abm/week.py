"""The week of the task ABM, phase by phase: each Mesa rule beside its vectorised twin.

A week has five phases. For each, this module holds the rule as the Mesa model runs it
(a method of :class:`~zzsim.abm.agents.AgencyAgent` or of :class:`~zzsim.abm.model.TaskModel`,
which take these functions as their methods) and, right below it, the same rule on the
arrays of many replications (:class:`~zzsim.abm.core.Batch`), so that a change of a rule is
one visible pair. Both use the elementary rules of :mod:`zzsim.abm.rules` in the same order
of floating-point operations and give identical numbers (tests/abm/test_abm_model.py runs
them side by side, phase by phase, on random networks).

1. **activate** (model) - requests queued last week, and those of a new key project in its
   start week, become pending, each with the uniform budget of its clearance point.
2. **clear** (agency) - each agency answers the pending requests in its inbox: each week is
   one attempt that succeeds with :func:`~zzsim.abm.rules.clearance_probability` (Bowen's
   repeated attempts), lower when the agency is overloaded; each answer costs it
   ``clearance_cost`` of its capacity. The attempts are drawn by inversion: a request
   clears in the first week its survival ∏(1 - p_t) is at most its budget
   (:func:`~zzsim.abm.rules.attempt`) - the law of a fresh coin each week, with random
   numbers that do not shift when the course of the year changes.
3. **work** (agency) - for each task it leads, the lead withdraws the requests a collective
   no longer needs (its quorum has cleared); a task is open when every group is satisfied.
   A pooled lead splits the capacity left over its open tasks by its priority rule, capped
   at each task's pace, the work left and the distance to the next clearance point; a
   stand-in lead (a key project's owner) works each task at its pace. Exceptions add rework
   (Virtual Design Team); a task reaching a clearance point queues requests to all its
   clearance parties.
4. **record** (agency) - the delay it caused (weeks its clearances were outstanding, shared
   among the outstanding parties of the task, and pace lost on its own tasks), its
   utilisation and its backlog (its pending clearances, and for a pooled agency the work
   left on its tasks).
5. **end of week** (model) - rework is totalled; the mid-year snapshot; at check weeks,
   pressure on laggards (behind their own plan period: a project not yet due is not one).

An agency touches only what it owns in a phase (its inbox in *clear*, its tasks and their
requests in *work*), so the order in which Mesa activates the agents (``shuffle_do``) never
changes the outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from .rules import (
    attempt,
    availability,
    clearance_probability,
    laggard_threshold,
    pace,
    share,
)

if TYPE_CHECKING:
    from .agents import AgencyAgent, Task
    from .core import Batch
    from .model import TaskModel

__all__ = [
    "BATCH_PHASES",
    "PHASES",
    "activate",
    "activate_batch",
    "clear",
    "clear_batch",
    "end_week",
    "end_week_batch",
    "record",
    "record_batch",
    "work",
    "work_batch",
]

#: the phases of a week, in order
PHASES = ("activate", "clear", "work", "record", "end_week")


# ------------------------------------------------------------------------------ 1. activate


def activate(model: TaskModel) -> None:
    """Make queued requests pending and note which tasks are open at the week's start."""
    week = model.steps
    for task in model.tasks:
        task.n_pending = 0
    for request in model.requests:
        if request.queued and request.task.start <= week:
            request.pending, request.queued = True, False
            request.survival = 1.0
            request.budget = float(model.budgets[request.index, request.task.sent - 1])
        if request.pending:
            request.task.n_pending += 1
    for task in model.tasks:
        task.active = task.start <= week
        task.open_at_start = task.active and task.completed_week == 0 and task.n_pending == 0


def activate_batch(b: Batch) -> None:
    """Array twin of :func:`activate`."""
    week = b.week
    due = b.pair_start[b.queued_at] <= week
    newly, b.queued_at = b.queued_at[due], b.queued_at[~due]
    b.budget[newly] = b.budgets[newly, b.sent[b.pair_item[newly]] - 1]
    b.survival[newly] = 1.0
    b.pending[newly] = True
    b.queued[newly] = False
    b.waiting = np.flatnonzero(b.pending)
    b.n_pending = b.count_items(b.pair_item[b.waiting])
    b.active = b.start <= week
    b.open_at_start = b.active & (b.completed == 0) & (b.n_pending == 0)


# --------------------------------------------------------------------------------- 2. clear


def clear(agency: AgencyAgent) -> None:
    """Answer the pending requests in the inbox (one attempt each)."""
    model = agency.model
    cost = model.params.clearance_cost
    capacity = agency.capacity * model.capacity_factor
    own = 0.0
    for task in agency.led:
        if task.open_at_start:
            own += pace(task.desks, task.pressure, model.speed)
    waiting = [r for r in agency.inbox if r.pending]
    available = availability(capacity, len(waiting) * cost + own) if agency.pooled else 1.0
    handled = 0
    for request in waiting:
        p = clearance_probability(request.responsiveness, available, request.task.pressure)
        request.survival = attempt(request.survival, p)
        if request.survival <= request.budget:
            request.pending = False
            handled += 1
    agency.week_capacity = capacity
    agency.clear_used = handled * cost
    agency.left = float(np.maximum(0.0, capacity - agency.clear_used))


def clear_batch(b: Batch) -> None:
    """Array twin of :func:`clear`."""
    cost = b.params.clearance_cost
    b.need = pace(b.desks, b.pressure, b.speed)
    at = b.pooled_items
    own = b.by_pooled(b.need.ravel()[at] * b.open_at_start.ravel()[at])
    idx = b.waiting
    item, agency = b.pair_item[idx], b.pair_agency[idx]
    demand = b.count_agencies(agency) * cost + own
    available = np.where(b.pooled, availability(b.capacity, demand), 1.0)
    p = clearance_probability(
        b.responsiveness[idx], available.ravel()[agency], b.pressure.ravel()[item]
    )
    after = attempt(b.survival[idx], p)
    cleared = after <= b.budget[idx]
    b.survival[idx] = after
    b.pending[idx[cleared]] = False
    b.waiting = idx[~cleared]
    b.clear_used = b.count_agencies(agency[cleared]) * cost
    b.left = np.maximum(0.0, b.capacity - b.clear_used)


# ---------------------------------------------------------------------------------- 3. work


def _resolve(task: Task) -> None:
    # withdraw what a satisfied group no longer needs; count what still blocks the task
    task.n_pending = 0
    for group in task.groups:
        waiting = [r for r in group.requests if r.pending]
        if len(waiting) <= group.slack:
            for request in waiting:
                request.pending = False
        else:
            task.n_pending += len(waiting)


def work(agency: AgencyAgent) -> None:
    """Split the capacity left over the open led tasks, work, and book exceptions."""
    model = agency.model
    week = model.steps
    for task in agency.led:
        _resolve(task)
        task.is_open = task.active and task.completed_week == 0 and task.n_pending == 0
        task.alloc = task.cap = 0.0
        if task.is_open:
            need = pace(task.desks, task.pressure, model.speed)
            task.cap = min(min(need, task.total - task.done), task.gate - task.done)
    if agency.pooled:
        left = agency.left
        for tier in model.tiers:
            members = [t for t in agency.led if t.is_open and t.tier == tier]
            weight_sum = 0.0
            for task in members:
                weight_sum += task.weight * task.pressure
            used = 0.0
            for task in members:
                task.alloc = min(task.cap, share(left, task.weight * task.pressure, weight_sum))
                used += task.alloc
            left = left - used
    else:
        for task in agency.led:
            task.alloc = task.cap
    agency.used_work = 0.0
    for task in agency.led:
        agency.used_work += task.alloc
        _progress(task, week, float(model.exception_draws[task.index]))


def _progress(task: Task, week: int, draw: float) -> None:
    total = task.total
    finished = task.is_open and task.alloc >= total - task.done
    reached = task.is_open and not finished and task.alloc >= task.gate - task.done
    task.done = task.done + task.alloc
    if finished:
        task.done = total
        task.completed_week = week
    if reached:
        task.done = task.gate
        task.sent += 1
        task.gate = task.gate_pos[task.sent]
        for request in task.requests:
            request.queued = True
    task.week_rework = 0.0
    if task.alloc > 0 and not finished and draw < task.exception_prob:
        task.extra = task.extra + task.rework_volume
        task.week_rework = task.rework_weeks


def work_batch(b: Batch) -> None:
    """Array twin of :func:`work` (and of its helpers ``_resolve`` and ``_progress``).

    Only the items of pooled leads share capacity: they are gathered once (``b.pooled``
    positions, in item order, so sums add as the agents' loops do); every other open item
    gets its pace, as a stand-in lead gives it.
    """
    idx = b.waiting
    group = b.pair_collective[idx]  # only a collective's group can be satisfied with pending
    member = np.flatnonzero(group >= 0)
    counts = np.bincount(group[member], minlength=b.collective_slack.size)
    satisfied = np.zeros(idx.size, dtype=bool)
    satisfied[member] = (counts <= b.collective_slack)[group[member]]
    b.pending[idx[satisfied]] = False
    b.waiting = idx[~satisfied]
    b.n_pending = b.count_items(b.pair_item[b.waiting])
    is_open = b.active & (b.completed == 0) & (b.n_pending == 0)
    remaining = b.total - b.done
    distance = b.gate - b.done
    cap = np.minimum(np.minimum(b.need, remaining), distance) * is_open
    at = b.pooled_items
    open_p, cap_p, tier_p = is_open.ravel()[at], cap.ravel()[at], b.tier.ravel()[at]
    weighted = b.weight.ravel()[at] * b.pressure.ravel()[at]
    alloc_p = np.zeros(at.size)
    left = b.left
    for k in b.tiers:
        member = open_p & (tier_p == k)
        weight_sum = b.at_pooled(b.by_pooled(weighted * member)) + ~member
        x = np.where(member, np.minimum(cap_p, share(b.at_pooled(left), weighted, weight_sum)), 0.0)
        left = left - b.by_pooled(x)
        alloc_p = alloc_p + x
    alloc = cap.copy()
    alloc.ravel()[at] = alloc_p
    b.used_work = b.by_pooled(alloc_p)
    finished = is_open & (alloc >= remaining)
    reached = np.flatnonzero(is_open & ~finished & (alloc >= distance))
    b.done = np.where(finished, b.total, b.done + alloc)
    b.done.ravel()[reached] = b.gate.ravel()[reached]
    b.completed = np.where(finished, np.int16(b.week), b.completed)
    b.sent[reached] += 1
    b.gate.ravel()[reached] = b.gate_pos[reached, b.sent[reached]]
    sent = b.pairs_of(reached)
    b.queued[sent] = True
    if sent.size:  # sorted, and none of them queued already (the task was open)
        b.queued_at = np.insert(b.queued_at, np.searchsorted(b.queued_at, sent), sent)
    exception = (alloc > 0) & ~finished & (b.u_exceptions[b.week - 1] < b.exception_prob)
    b.extra = b.extra + b.rework_volume * exception
    b.total = b.work + b.extra
    b.excepted = np.flatnonzero(exception)
    b.open_p, b.alloc_p, b.cap_p = open_p, alloc_p, cap_p


# -------------------------------------------------------------------------------- 4. record


def record(agency: AgencyAgent) -> None:
    """Book the delay caused, the utilisation and the backlog."""
    cost = agency.model.params.clearance_cost
    waiting = 0.0
    n_waiting = 0
    for request in agency.inbox:
        if request.pending:
            waiting += 1.0 / request.task.n_pending
            n_waiting += 1
    agency.delay_part += waiting
    short = 0.0
    for task in agency.led:
        if task.is_open:
            short += 1.0 - task.alloc / task.cap
    agency.delay_lead += short
    agency.utilisation = (
        (agency.clear_used + agency.used_work) / agency.week_capacity if agency.pooled else 0.0
    )
    agency.util_sum += agency.utilisation
    left_work = 0.0
    if agency.pooled:  # a stand-in's tasks are each their own (a key project's owner)
        for task in agency.led:
            if task.completed_week == 0:
                left_work += task.total - task.done
    agency.backlog = left_work + n_waiting * cost


def record_batch(b: Batch) -> None:
    """Array twin of :func:`record`."""
    cost = b.params.clearance_cost
    idx = b.waiting
    agency = b.pair_agency[idx]
    waiting = 1.0 / b.n_pending.ravel()[b.pair_item[idx]]
    b.delay_part += np.bincount(agency, waiting, b.delay_part.size)
    b.delay_lead += b.by_pooled((1.0 - b.alloc_p / (b.cap_p + ~b.open_p)) * b.open_p)
    b.util_sum += np.where(b.pooled, (b.clear_used + b.used_work) / b.capacity, 0.0)
    at = b.pooled_items
    left_work = b.by_pooled(
        (b.total.ravel()[at] - b.done.ravel()[at]) * (b.completed.ravel()[at] == 0)
    )
    b.backlog[:, b.week - 1] = left_work + b.count_agencies(agency) * cost


# ---------------------------------------------------------------------------- 5. end of week


def end_week(model: TaskModel) -> None:
    """Total the week's rework, take the mid-year snapshot, put pressure on laggards."""
    week, params = model.steps, model.params
    rework = 0.0
    for task in model.tasks:
        rework += task.week_rework
    model.rework += rework
    if week == params.midyear_week:
        for task in model.tasks:
            task.mid_share = task.done / task.total
            task.started = task.continuing or task.done > 0
            task.completed_mid = task.completed_week > 0
    if week in params.check_weeks:
        for task in model.tasks:
            threshold = laggard_threshold(week, task.start, params)
            lagging = task.completed_week == 0 and task.done / task.total < threshold
            task.pressure = params.pressure if lagging else 1.0


def end_week_batch(b: Batch) -> None:
    """Array twin of :func:`end_week`."""
    week, params = b.week, b.params
    hit = b.excepted  # items whose work raised an exception this week (others add 0)
    b.rework += np.bincount(b.run_of_item[hit], b.rework_weeks.ravel()[hit], b.runs)
    if week == params.midyear_week:
        b.mid_share = b.done / b.total
        b.started = b.continuing | (b.done > 0)
        b.completed_mid = b.completed > 0
    if week in params.check_weeks:
        threshold = laggard_threshold(week, b.start, params)
        lagging = (b.completed == 0) & (b.done / b.total < threshold)
        b.pressure = np.where(lagging, params.pressure, 1.0)


#: the array twin of each phase, in order (what :class:`~zzsim.abm.core.Batch` runs)
BATCH_PHASES: tuple[tuple[str, Callable[[Batch], None]], ...] = tuple(
    zip(
        PHASES,
        (activate_batch, clear_batch, work_batch, record_batch, end_week_batch),
        strict=True,
    )
)
