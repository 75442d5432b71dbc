"""Agents of the task ABM: agencies (Mesa agents), and the tasks and requests they handle.

An :class:`AgencyAgent` has a weekly capacity, a queue of coordination requests from other
agencies' tasks (its inbox), the tasks it leads, a priority rule (``share`` or
``key_first``) and a responsiveness to requests. Its week has three phases, run by the model
for all agencies in turn (``shuffle_do``), each touching only what the agency owns, so that
the activation order never changes the outcome:

``step``
    answer the pending requests in its inbox (each is one attempt);
``advance``
    split the capacity left over its open tasks and work on them;
``record``
    book the delay it caused, its utilisation and its backlog.

Tasks and requests are plain objects owned by the model; see :mod:`zzsim.abm.rules` for the
rules and their order of operations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from .rules import attempt, availability, clearance_probability, pace, share

if TYPE_CHECKING:
    from .model import TaskModel

__all__ = ["AgencyAgent", "Request", "Task"]


class Task:
    """One item of the year: a listed task or a generated key project.

    Parameters
    ----------
    index : int
        Position among the model's items (listed tasks first).
    work, desks : float
        Work volume (desk-weeks) and pace (desks).
    gate_pos : ndarray
        Work done at each clearance point, padded with ``inf``.
    sent : int
        Clearance points reached at the start (passed or requested).
    exception_prob, weight : float
        Weekly exception probability; priority weight.
    tier : int
        Priority tier.
    rework_volume, rework_weeks : float
        Work an exception adds, and the same in weeks at the task's pace.
    continuing : bool
        Started before the year.
    """

    __slots__ = (
        "alloc",
        "cap",
        "completed_mid",
        "completed_week",
        "continuing",
        "desks",
        "done",
        "exception_prob",
        "extra",
        "gate",
        "gate_pos",
        "index",
        "is_open",
        "mid_share",
        "n_pending",
        "open_at_start",
        "pressure",
        "requests",
        "rework_volume",
        "rework_weeks",
        "sent",
        "started",
        "tier",
        "week_rework",
        "weight",
        "work",
    )

    def __init__(
        self,
        index: int,
        *,
        work: float,
        desks: float,
        gate_pos: np.ndarray,
        sent: int,
        exception_prob: float,
        weight: float,
        tier: int,
        rework_volume: float,
        rework_weeks: float,
        continuing: bool,
    ) -> None:
        self.index = index
        self.work, self.desks = work, desks
        self.gate_pos = [float(g) for g in gate_pos]
        self.sent = sent
        self.gate = self.gate_pos[sent]
        self.exception_prob, self.weight, self.tier = exception_prob, weight, tier
        self.rework_volume, self.rework_weeks = rework_volume, rework_weeks
        self.continuing = continuing
        self.done = 0.0
        self.extra = 0.0
        self.pressure = 1.0
        self.completed_week = 0
        self.requests: list[Request] = []
        self.n_pending = 0
        self.open_at_start = self.is_open = False
        self.alloc = self.cap = self.week_rework = 0.0
        self.mid_share = 0.0
        self.started = self.completed_mid = False

    @property
    def total(self) -> float:
        """Work to do this year: volume plus rework."""
        return self.work + self.extra


class Request:
    """A clearance a participant owes a task at its current clearance point.

    Parameters
    ----------
    index : int
        Position among the model's pairs (item-major).
    task : Task
        The requesting task.
    queued : bool
        Sent before week 1 (the task's first clearance point is at zero work).
    """

    __slots__ = ("budget", "index", "pending", "queued", "survival", "task")

    def __init__(self, index: int, task: Task, queued: bool) -> None:
        self.index = index
        self.task = task
        self.pending = False
        self.queued = queued
        self.survival = 1.0
        self.budget = 0.0


class AgencyAgent(mesa.Agent):
    """An agency: capacity, inbox of requests, led tasks, responsiveness.

    Parameters
    ----------
    model : TaskModel
    index : int
        Position in the network's agency list.
    agency_id, name : str
        Registry id and Chinese name.
    capacity : float
        Desks per week before the week's multiplier.
    responsiveness : float
        Probability of answering a request in a week when not overloaded.
    """

    model: TaskModel

    def __init__(
        self,
        model: TaskModel,
        index: int,
        agency_id: str,
        name: str,
        capacity: float,
        responsiveness: float,
    ) -> None:
        super().__init__(model)
        self.index = index
        self.agency_id, self.name = agency_id, name
        self.capacity, self.responsiveness = capacity, responsiveness
        self.led: list[Task] = []
        self.inbox: list[Request] = []
        self.week_capacity = self.left = self.clear_used = self.used_work = 0.0
        self.util_sum = self.delay_lead = self.delay_part = 0.0
        self.backlog = self.utilisation = 0.0

    def step(self) -> None:
        """Answer the pending requests in the inbox (phase 1 of the week)."""
        model = self.model
        cost = model.params.clearance_cost
        capacity = self.capacity * model.capacity_factor
        own = 0.0
        for task in self.led:
            if task.open_at_start:
                own += pace(task.desks, task.pressure, model.speed)
        waiting = [r for r in self.inbox if r.pending]
        available = availability(capacity, len(waiting) * cost + own)
        handled = 0
        for request in waiting:
            p = clearance_probability(self.responsiveness, available, request.task.pressure)
            request.survival = attempt(request.survival, p)
            if request.survival <= request.budget:
                request.pending = False
                handled += 1
        self.week_capacity = capacity
        self.clear_used = handled * cost
        self.left = max(0.0, capacity - self.clear_used)

    def advance(self) -> None:
        """Split the capacity left over the open led tasks and work (phase 2)."""
        model = self.model
        week = model.steps
        for task in self.led:
            task.n_pending = sum(r.pending for r in task.requests)
            task.is_open = task.completed_week == 0 and task.n_pending == 0
            task.alloc = task.cap = 0.0
            if task.is_open:
                need = pace(task.desks, task.pressure, model.speed)
                task.cap = min(min(need, task.total - task.done), task.gate - task.done)
        left = self.left
        for tier in model.tiers:
            members = [t for t in self.led if t.is_open and t.tier == tier]
            weight_sum = 0.0
            for task in members:
                weight_sum += task.weight * task.pressure
            used = 0.0
            for task in members:
                task.alloc = min(task.cap, share(left, task.weight * task.pressure, weight_sum))
                used += task.alloc
            left = left - used
        self.used_work = 0.0
        for task in self.led:
            self.used_work += task.alloc
            self._progress(task, week)

    def _progress(self, task: Task, week: int) -> None:
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
        if (
            task.alloc > 0
            and not finished
            and self.model.exception_draws[task.index] < task.exception_prob
        ):
            task.extra = task.extra + task.rework_volume
            task.week_rework = task.rework_weeks

    def record(self) -> None:
        """Book the delay caused, the utilisation and the backlog (phase 3)."""
        cost = self.model.params.clearance_cost
        waiting = 0.0
        n_waiting = 0
        for request in self.inbox:
            if request.pending:
                waiting += 1.0 / request.task.n_pending
                n_waiting += 1
        self.delay_part += waiting
        short = 0.0
        for task in self.led:
            if task.is_open:
                short += 1.0 - task.alloc / task.cap
        self.delay_lead += short
        self.utilisation = (self.clear_used + self.used_work) / self.week_capacity
        self.util_sum += self.utilisation
        left_work = 0.0
        for task in self.led:
            if task.completed_week == 0:
                left_work += task.total - task.done
        self.backlog = left_work + n_waiting * cost
