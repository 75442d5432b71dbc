"""The Mesa model of inter-agency task completion.

:class:`TaskModel` is the straightforward agent loop: one :class:`~zzsim.abm.agents.AgencyAgent`
per agency, tasks, clearance groups and requests as plain objects, weekly steps over a year
(quarterly reporting, the mid-year 时间过半、任务过半 check, a year-end surge), a
``DataCollector`` for what is reported. It is the reference implementation of the week of
:mod:`zzsim.abm.week`; the replication runner uses the array core (:mod:`zzsim.abm.core`),
which gives the same summary for the same seed.

Examples
--------
>>> from zzsim.abm import TaskModel, build_network
>>> model = TaskModel(build_network("table2016"), rng=1)
>>> summary = model.run()
>>> summary.completion_week.shape
(1, 23)
"""

from __future__ import annotations

from collections.abc import Callable

import mesa
import numpy as np

from ..rng import RngLike, replication_seed
from . import week
from .agents import AgencyAgent, Group, Request, Task
from .instance import Layout
from .network import TaskNetwork
from .params import Params, default_config
from .rules import priority_tiers
from .summary import Summaries, moments_of, portfolio_stats_of

__all__ = ["TaskModel"]

#: called after each phase of each week with (week, phase name)
Observer = Callable[[int, str], None]


class TaskModel(mesa.Model):
    """Agencies completing the tasks of one table (and its key-project portfolio) in a year.

    Parameters
    ----------
    network : TaskNetwork
        Tasks, agencies and portfolio (see :func:`zzsim.abm.build_network`).
    params : Params, optional
        Model parameters; default those of ``params.yaml``.
    rng : int, SeedSequence or Generator, optional
        Seed of the run. It is turned into one integer seed (see
        :func:`zzsim.rng.replication_seed`) passed to ``mesa.Model(seed=...)``, so
        ``self.random`` and ``self.rng`` are reproducible; every draw goes through
        ``self.rng`` (the activation order, drawn with ``self.random``, does not change the
        outcome).
    observer : callable, optional
        Called after each phase of each week as ``observer(week, phase)`` (the phases are
        :data:`zzsim.abm.week.PHASES`); the equivalence tests read the state there.

    Attributes
    ----------
    tasks : list of Task
        Listed tasks, then generated key projects.
    requests : list of Request
        All (task, party) clearances, task-major.
    datacollector : mesa.DataCollector
        Weekly model and agency reporters.
    """

    def __init__(
        self,
        network: TaskNetwork,
        params: Params | None = None,
        *,
        rng: RngLike = None,
        observer: Observer | None = None,
    ) -> None:
        super().__init__(seed=replication_seed(rng))
        self.network = network
        self.params = params if params is not None else default_config().params
        self.observer = observer
        layout = Layout.build(network, self.params)
        self.instance = instance = layout.draw(self.rng)
        self.capacity_factors = layout.capacity_factor
        self.speeds = layout.speed
        self.tiers = priority_tiers(self.params)
        self.capacity_factor = self.speed = 1.0
        self.exceptions, self.budgets = instance.draw_uniforms(self.rng, self.params.weeks)
        self.exception_draws = self.exceptions[0]
        self.rework = 0.0
        self.agencies = [
            AgencyAgent(
                self,
                a,
                network.agency_ids[a],
                network.agency_names[a],
                float(layout.capacity[a]),
                float(layout.responsiveness[a]),
                bool(layout.pooled[a]),
            )
            for a in range(network.n_agencies)
        ]
        sent, queued = instance.initial_gates()
        rework_volume = self.params.rework_share * instance.work
        rework_weeks = rework_volume / instance.desks
        self.tasks = [
            Task(
                i,
                work=float(instance.work[i]),
                desks=float(instance.desks[i]),
                gate_pos=instance.gate_pos[i],
                sent=int(sent[i]),
                start=int(instance.start[i]),
                exception_prob=float(instance.exception_prob[i]),
                weight=float(instance.weight[i]),
                tier=int(instance.tier[i]),
                rework_volume=float(rework_volume[i]),
                rework_weeks=float(rework_weeks[i]),
                continuing=bool(instance.continuing[i]),
            )
            for i in range(instance.n_items)
        ]
        for task, lead in zip(self.tasks, instance.lead, strict=True):
            self.agencies[lead].led.append(task)
        groups = [Group(int(s)) for s in instance.group_slack]
        self.requests = []
        for e, (item, agency, g) in enumerate(
            zip(instance.pair_item, instance.pair_agency, instance.pair_group, strict=True)
        ):
            task = self.tasks[item]
            request = Request(e, task, bool(queued[e]), float(instance.pair_responsiveness[e]))
            task.requests.append(request)
            if not groups[g].requests:
                task.groups.append(groups[g])
            groups[g].requests.append(request)
            self.agencies[agency].inbox.append(request)
            self.requests.append(request)
        n_listed = network.n_tasks
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "tasks_completed": lambda m: sum(t.completed_week > 0 for t in m.tasks[:n_listed]),
                "pending_requests": lambda m: sum(r.pending for r in m.requests),
            },
            agent_reporters={"backlog": "backlog", "utilisation": "utilisation"},
        )

    #: phase 1 - make queued requests pending (see :func:`zzsim.abm.week.activate`)
    activate = week.activate
    #: phase 5 - rework, mid-year snapshot, pressure (see :func:`zzsim.abm.week.end_week`)
    end_week = week.end_week

    def step(self) -> None:
        """Simulate one week: activate, clear, work, record, end of week."""
        now = self.steps
        self.capacity_factor = float(self.capacity_factors[now - 1])
        self.speed = float(self.speeds[now - 1])
        self.exception_draws = self.exceptions[now - 1]
        for phase in week.PHASES:
            if phase in ("activate", "end_week"):
                getattr(self, phase)()
            else:
                self.agents.shuffle_do(phase)
            if self.observer is not None:
                self.observer(now, phase)
        self.datacollector.collect(self)
        if now >= self.params.weeks:
            self.running = False

    def run(self) -> Summaries:
        """Run the whole year and return its summary.

        Returns
        -------
        Summaries
            A batch of one replication.
        """
        while self.running:
            self.step()
        return self.summary()

    def snapshot(self) -> dict[str, np.ndarray]:
        """Return the state the array core also keeps, for a phase-by-phase comparison.

        Returns
        -------
        dict of str to ndarray
            Per item ``done``, ``extra``, ``completed``, ``sent``, ``pressure``,
            ``n_pending``; per request ``pending``, ``queued``, ``survival``; per agency
            ``left``, ``util_sum``, ``delay_lead``, ``delay_part``.
        """
        tasks, requests, agencies = self.tasks, self.requests, self.agencies
        return {
            "done": np.array([t.done for t in tasks]),
            "extra": np.array([t.extra for t in tasks]),
            "completed": np.array([t.completed_week for t in tasks]),
            "sent": np.array([t.sent for t in tasks]),
            "pressure": np.array([t.pressure for t in tasks]),
            "n_pending": np.array([t.n_pending for t in tasks]),
            "pending": np.array([r.pending for r in requests], dtype=bool),
            "queued": np.array([r.queued for r in requests], dtype=bool),
            "survival": np.array([r.survival for r in requests]),
            "left": np.array([a.left for a in agencies]),
            "util_sum": np.array([a.util_sum for a in agencies]),
            "delay_lead": np.array([a.delay_lead for a in agencies]),
            "delay_part": np.array([a.delay_part for a in agencies]),
        }

    def summary(self) -> Summaries:
        """Summarise the run so far (call after the last week).

        Returns
        -------
        Summaries
        """
        inst, tasks = self.instance, self.tasks
        n_listed = self.network.n_tasks

        def row(values: list[float] | list[bool] | list[int], dtype: type) -> np.ndarray:
            return np.array([values], dtype=dtype)

        completed = row([t.completed_week for t in tasks], np.int16)
        mid_share = row([t.mid_share for t in tasks], float)
        records = self.datacollector.get_agent_vars_dataframe()["backlog"].unstack()
        by_agent = {agent.unique_id: agent.index for agent in self.agencies}
        backlog = np.zeros((1, self.params.weeks, len(self.agencies)), dtype=np.float32)
        for unique_id, values in records.items():
            backlog[0, :, by_agent[unique_id]] = values.to_numpy(dtype=float)
        return Summaries(
            completion_week=completed[:, :n_listed],
            midyear_progress=mid_share[:, :n_listed],
            start_week=row([t.start for t in tasks], np.int16)[:, :n_listed],
            moments=moments_of(
                midyear_share=mid_share,
                started=row([t.started for t in tasks], bool),
                completed_by_midyear=row([t.completed_mid for t in tasks], bool),
                key=inst.generated[None],
                named=inst.named[None],
                final=inst.final[None],
                money=inst.money[None],
                start=inst.start[None],
                slow_threshold=self.network.slow_threshold,
                params=self.params,
            ),
            portfolio=portfolio_stats_of(
                end_share=row([t.done / t.total for t in tasks], float),
                plan_done=completed > 0,
                key=inst.generated[None],
                final=inst.final[None],
                money=inst.money[None],
            ),
            utilisation=row([a.util_sum / self.params.weeks for a in self.agencies], float),
            delay=row([a.delay_lead + a.delay_part for a in self.agencies], float),
            rework=np.array([self.rework]),
            backlog=backlog,
        )
