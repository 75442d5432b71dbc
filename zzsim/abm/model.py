"""The Mesa model of inter-agency task completion.

:class:`TaskModel` is the straightforward agent loop: one :class:`~zzsim.abm.agents.AgencyAgent`
per agency, tasks and coordination requests as plain objects, weekly steps over a year
(quarterly reporting, the mid-year 时间过半、任务过半 check, a year-end surge), a
``DataCollector`` for what is reported. It is the reference implementation of the rules in
:mod:`zzsim.abm.rules`; the replication runner uses the array core
(:mod:`zzsim.abm.core`), which gives the same summary for the same seed.

Examples
--------
>>> from zzsim.abm import TaskModel, build_network
>>> model = TaskModel(build_network("table2016"), rng=1)
>>> summary = model.run()
>>> summary.completion_week.shape
(1, 23)
"""

from __future__ import annotations

import mesa
import numpy as np

from ..rng import RngLike, replication_seed
from .agents import AgencyAgent, Request, Task
from .core import priority_tiers
from .instance import Layout
from .network import TaskNetwork
from .params import Params, default_config
from .rules import laggard_threshold
from .summary import Summaries, moments_of, portfolio_stats_of

__all__ = ["TaskModel"]


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

    Attributes
    ----------
    tasks : list of Task
        Listed tasks, then generated key projects.
    requests : list of Request
        All (task, participant) clearances, task-major.
    datacollector : mesa.DataCollector
        Weekly model and agency reporters.
    """

    def __init__(
        self, network: TaskNetwork, params: Params | None = None, *, rng: RngLike = None
    ) -> None:
        super().__init__(seed=replication_seed(rng))
        self.network = network
        self.params = params if params is not None else default_config().params
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
        self.requests = []
        for e, (item, agency) in enumerate(
            zip(instance.pair_item, instance.pair_agency, strict=True)
        ):
            request = Request(e, self.tasks[item], bool(queued[e]))
            self.tasks[item].requests.append(request)
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

    def step(self) -> None:
        """Simulate one week: requests, clearances, work, records, supervision."""
        week = self.steps
        self.capacity_factor = float(self.capacity_factors[week - 1])
        self.speed = float(self.speeds[week - 1])
        self.exception_draws = self.exceptions[week - 1]
        self._begin_week()
        self.agents.shuffle_do("step")
        self.agents.shuffle_do("advance")
        self.agents.shuffle_do("record")
        self._end_week(week)
        self.datacollector.collect(self)
        if week >= self.params.weeks:
            self.running = False

    def _begin_week(self) -> None:
        for task in self.tasks:
            task.n_pending = 0
        for request in self.requests:
            if request.queued:
                request.pending, request.queued = True, False
                request.survival = 1.0
                request.budget = float(self.budgets[request.index, request.task.sent - 1])
            if request.pending:
                request.task.n_pending += 1
        for task in self.tasks:
            task.open_at_start = task.completed_week == 0 and task.n_pending == 0

    def _end_week(self, week: int) -> None:
        rework = 0.0
        for task in self.tasks:
            rework += task.week_rework
        self.rework += rework
        if week == self.params.midyear_week:
            for task in self.tasks:
                task.mid_share = task.done / task.total
                task.started = task.continuing or task.done > 0
                task.completed_mid = task.completed_week > 0
        if week in self.params.check_weeks:
            threshold = laggard_threshold(week, self.params)
            for task in self.tasks:
                lagging = task.completed_week == 0 and task.done / task.total < threshold
                task.pressure = self.params.pressure if lagging else 1.0

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
            moments=moments_of(
                midyear_share=mid_share,
                started=row([t.started for t in tasks], bool),
                completed_by_midyear=row([t.completed_mid for t in tasks], bool),
                key=inst.generated[None],
                named=inst.named[None],
                final=inst.final[None],
                money=inst.money[None],
                stated=inst.stated[None],
                slow_threshold=self.network.slow_threshold,
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
