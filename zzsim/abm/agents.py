"""Agents of the task ABM: agencies (Mesa agents), and the tasks and requests they handle.

An :class:`AgencyAgent` has a weekly capacity, a queue of coordination requests from other
agencies' tasks (its inbox), the tasks it leads, a priority rule (``share`` or
``key_first``) and a responsiveness to requests. Its week has three phases, run by the model
for all agencies in turn (``shuffle_do``); their rules are :func:`zzsim.abm.week.clear`,
:func:`~zzsim.abm.week.work` and :func:`~zzsim.abm.week.record`, which sit in
:mod:`zzsim.abm.week` beside their vectorised twins.

Tasks, clearance groups and requests are plain objects owned by the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from . import week

if TYPE_CHECKING:
    from .model import TaskModel

__all__ = ["AgencyAgent", "Group", "Request", "Task"]


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
    start : int
        First week the task is worked on.
    exception_prob, weight : float
        Weekly exception probability; priority weight.
    tier : int
        Priority tier.
    rework_volume, rework_weeks : float
        Work an exception adds, and the same in weeks at the task's pace.
    continuing : bool
        Under way before the year.
    """

    __slots__ = (
        "active",
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
        "groups",
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
        "start",
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
        start: int,
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
        self.sent, self.start = sent, start
        self.gate = self.gate_pos[sent]
        self.exception_prob, self.weight, self.tier = exception_prob, weight, tier
        self.rework_volume, self.rework_weeks = rework_volume, rework_weeks
        self.continuing = continuing
        self.done = 0.0
        self.extra = 0.0
        self.pressure = 1.0
        self.completed_week = 0
        self.requests: list[Request] = []
        self.groups: list[Group] = []
        self.n_pending = 0
        self.active = self.open_at_start = self.is_open = False
        self.alloc = self.cap = self.week_rework = 0.0
        self.mid_share = 0.0
        self.started = self.completed_mid = False

    @property
    def total(self) -> float:
        """Work to do this year: volume plus rework."""
        return self.work + self.extra


class Group:
    """Parties of a task that clear together: one named agency, or a collective's members.

    Parameters
    ----------
    slack : int
        How many of its requests may still be pending when the group is satisfied (0 for
        one agency; members less the quorum for a collective).
    """

    __slots__ = ("requests", "slack")

    def __init__(self, slack: int) -> None:
        self.slack = slack
        self.requests: list[Request] = []


class Request:
    """A clearance a party owes a task at its current clearance point.

    Parameters
    ----------
    index : int
        Position among the model's pairs (item-major).
    task : Task
        The requesting task.
    queued : bool
        To be sent in the task's start week (the approvals of a new key project).
    responsiveness : float
        Weekly probability that the party answers when not overloaded.
    """

    __slots__ = ("budget", "index", "pending", "queued", "responsiveness", "survival", "task")

    def __init__(self, index: int, task: Task, queued: bool, responsiveness: float) -> None:
        self.index = index
        self.task = task
        self.responsiveness = responsiveness
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
        Desks per week before the week's multiplier (NaN for a stand-in).
    responsiveness : float
        Probability of answering a consultation request in a week when not overloaded.
    pooled : bool
        Whether its capacity is shared over its tasks and requests (False for a stand-in,
        which works on each task separately).
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
        pooled: bool,
    ) -> None:
        super().__init__(model)
        self.index = index
        self.agency_id, self.name = agency_id, name
        self.capacity, self.responsiveness, self.pooled = capacity, responsiveness, pooled
        self.led: list[Task] = []
        self.inbox: list[Request] = []
        self.week_capacity = self.left = self.clear_used = self.used_work = 0.0
        self.util_sum = self.delay_lead = self.delay_part = 0.0
        self.backlog = self.utilisation = 0.0

    #: phase 2 - answer the pending requests in the inbox (see :func:`zzsim.abm.week.clear`)
    clear = week.clear
    #: phase 3 - work on the open led tasks (see :func:`zzsim.abm.week.work`)
    work = week.work
    #: phase 4 - book delay, utilisation and backlog (see :func:`zzsim.abm.week.record`)
    record = week.record
