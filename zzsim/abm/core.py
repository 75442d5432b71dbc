"""The array core of the task ABM: many replications of the same model at once.

:class:`Batch` holds the state of a chunk of replications as arrays of shape
(replications, items) and (replications, agencies); the pending coordination requests are
a flat vector over (replication, pair) positions and the clearance groups over
(replication, group) positions, so that the work per week grows with the requests
outstanding. Its week is the vectorised twin of the Mesa model's, phase by phase
(:mod:`zzsim.abm.week`). Sums over an agency's tasks or requests are ``np.bincount`` calls,
which add in item order exactly as the Mesa agents do; masks are applied by multiplying
with booleans or by ``np.where``, which leave the selected values unchanged. Each
replication draws from its own generator, seeded as its Mesa model is, so a replication
gives the same summary here, in the agent loop, alone or in any batch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from ..rng import RngLike, replication_seed
from .instance import Instance, Layout
from .network import TaskNetwork
from .params import Params
from .rules import priority_tiers
from .summary import Summaries, moments_of, portfolio_stats_of
from .week import BATCH_PHASES

__all__ = ["Batch", "simulate_chunk"]


def simulate_chunk(network: TaskNetwork, params: Params, seeds: Sequence[RngLike]) -> Summaries:
    """Run one chunk of replications (the unit of work sent to an executor).

    Parameters
    ----------
    network : TaskNetwork
    params : Params
    seeds : sequence of int, SeedSequence or Generator
        One per replication.

    Returns
    -------
    Summaries
        In the order of ``seeds``.
    """
    layout = Layout.build(network, params)
    return Batch(layout, [np.random.default_rng(replication_seed(s)) for s in seeds]).run()


def _stack(instances: list[Instance], name: str) -> NDArray[Any]:
    return np.stack([getattr(inst, name) for inst in instances])


def _pad(values: list[NDArray[Any]], width: int) -> NDArray[Any]:
    out = np.zeros((len(values), width), dtype=values[0].dtype)
    for r, v in enumerate(values):
        out[r, : len(v)] = v
    return out


class Batch:
    """The state of a chunk of replications, advanced week by week with the array phases.

    Parameters
    ----------
    layout : Layout
        The network under the parameters.
    generators : sequence of numpy.random.Generator
        One per replication; each draws its instance, then its weeks × items exception
        uniforms and its pairs × clearance-points attempt budgets (see
        :meth:`zzsim.abm.instance.Instance.draw_uniforms`).
    """

    def __init__(self, layout: Layout, generators: Sequence[np.random.Generator]) -> None:
        params, network = layout.params, layout.network
        self.layout, self.params = layout, params
        self.runs = runs = len(generators)
        self.instances = instances = layout.draw_many(generators)
        n_items, n_agencies = instances[0].n_items, network.n_agencies
        self.n_items, self.n_agencies = n_items, n_agencies
        self.shape_items = (runs, n_items)
        self.shape_agencies = (runs, n_agencies)
        self.width = width = max(1, max(inst.n_pairs for inst in instances))
        g_width = max(1, max(inst.n_groups for inst in instances))
        rows = np.arange(runs)[:, None]

        self.work = _stack(instances, "work")
        self.desks = _stack(instances, "desks")
        self.exception_prob = _stack(instances, "exception_prob")
        self.weight = _stack(instances, "weight")
        self.tier = _stack(instances, "tier")
        self.continuing = _stack(instances, "continuing")
        self.start = _stack(instances, "start")
        self.rework_volume = params.rework_share * self.work
        self.rework_weeks = self.rework_volume / self.desks
        self.gate_pos = _stack(instances, "gate_pos").reshape(runs * n_items, -1)
        starts = [inst.initial_gates() for inst in instances]
        self.sent = np.stack([s for s, _ in starts]).ravel()
        self.gate = self.gate_pos[np.arange(runs * n_items), self.sent].reshape(self.shape_items)
        # pairs and groups, flattened over (run, slot); a run's pairs are item-major
        self.pair_item = (rows * n_items + _pad([i.pair_item for i in instances], width)).ravel()
        self.pair_agency = (
            rows * n_agencies + _pad([i.pair_agency for i in instances], width)
        ).ravel()
        pair_group = (rows * g_width + _pad([i.pair_group for i in instances], width)).ravel()
        group_slack = _pad([i.group_slack for i in instances], g_width).ravel()
        collective = np.flatnonzero(group_slack > 0)  # groups a quorum can satisfy early
        compact = np.full(group_slack.size, -1, dtype=np.intp)
        compact[collective] = np.arange(collective.size)
        self.pair_collective = compact[pair_group]
        self.collective_slack = group_slack[collective]
        self.responsiveness = _pad([i.pair_responsiveness for i in instances], width).ravel()
        counts = np.stack([np.bincount(i.pair_item, minlength=n_items) for i in instances])
        self.first_pair = (rows * width + np.cumsum(counts, axis=1) - counts).ravel()
        self.pair_counts = counts.ravel()
        self.queued = _pad([q for _, q in starts], width).ravel()
        self.queued_at = np.flatnonzero(self.queued)  # positions of the queued pairs, in order
        self.pending = np.zeros(runs * width, dtype=bool)
        self.waiting = np.zeros(0, dtype=np.intp)  # positions of the pending pairs, in order
        self.pair_start = self.start.ravel()[self.pair_item]
        self.survival = np.ones(runs * width)
        self.budget = np.zeros(runs * width)
        lead = _stack(instances, "lead")
        lead_flat = (rows * n_agencies + lead).ravel()
        lead_pooled = layout.pooled[lead]
        self.pooled_items = np.flatnonzero(lead_pooled)  # items of pooled leads, in order
        self.pooled_lead = lead_flat[self.pooled_items]
        self.pooled = np.broadcast_to(layout.pooled, self.shape_agencies)
        self.run_of_item = np.repeat(np.arange(runs), n_items)
        self.tiers = priority_tiers(params)
        self.u_exceptions = np.empty((params.weeks, runs, n_items))
        self.budgets = np.ones((runs * width, self.gate_pos.shape[1] - 1))
        for r, (g, inst) in enumerate(zip(generators, instances, strict=True)):
            self.u_exceptions[:, r], self.budgets[r * width : r * width + inst.n_pairs] = (
                inst.draw_uniforms(g, params.weeks)
            )

        self.week = 0
        self.speed = 1.0
        self.capacity = np.broadcast_to(layout.capacity, self.shape_agencies)
        self.done = np.zeros(self.shape_items)
        self.extra = np.zeros(self.shape_items)
        self.total = self.work + self.extra
        self.completed = np.zeros(self.shape_items, dtype=np.int16)
        self.pressure = np.ones(self.shape_items)
        self.n_pending = np.zeros(self.shape_items, dtype=np.intp)
        self.active = np.zeros(self.shape_items, dtype=bool)
        self.open_at_start = np.zeros(self.shape_items, dtype=bool)
        self.need = np.zeros(self.shape_items)
        self.excepted = np.zeros(0, dtype=np.intp)
        self.open_p = np.zeros(self.pooled_items.size, dtype=bool)
        self.alloc_p = np.zeros(self.pooled_items.size)
        self.cap_p = np.zeros(self.pooled_items.size)
        self.left: NDArray[Any] = np.zeros(self.shape_agencies)
        self.clear_used: NDArray[Any] = np.zeros(self.shape_agencies)
        self.used_work = np.zeros(self.shape_agencies)
        self.util_sum = np.zeros(self.shape_agencies)
        self.delay_lead = np.zeros(self.shape_agencies)
        self.delay_part = np.zeros(runs * n_agencies)
        self.rework = np.zeros(runs)
        self.backlog = np.zeros((runs, params.weeks, n_agencies), dtype=np.float32)
        self.mid_share = np.zeros(self.shape_items)
        self.started = np.zeros(self.shape_items, dtype=bool)
        self.completed_mid = np.zeros(self.shape_items, dtype=bool)

    # ----------------------------------------------------------------- helpers of the phases

    def by_pooled(self, values: NDArray[Any]) -> NDArray[np.float64]:
        """Sum values of the pooled leads' items over each lead, in item order."""
        sums = np.bincount(self.pooled_lead, values, self.runs * self.n_agencies)
        return cast(NDArray[np.float64], sums.reshape(self.shape_agencies))

    def at_pooled(self, values: NDArray[np.float64]) -> NDArray[np.float64]:
        """Return the lead's value for each item of a pooled lead."""
        return values.ravel()[self.pooled_lead]

    def count_items(self, items: NDArray[np.intp]) -> NDArray[np.intp]:
        """Count flat item indices -> (runs, items)."""
        return np.bincount(items, minlength=self.runs * self.n_items).reshape(self.shape_items)

    def count_agencies(self, agencies: NDArray[np.intp]) -> NDArray[np.intp]:
        """Count flat agency indices -> (runs, agencies)."""
        size = self.runs * self.n_agencies
        return np.bincount(agencies, minlength=size).reshape(self.shape_agencies)

    def pairs_of(self, items: NDArray[np.intp]) -> NDArray[np.intp]:
        """Return the flat pair positions of some flat items (an item's pairs are contiguous)."""
        n = self.pair_counts[items]
        offsets = np.repeat(self.first_pair[items] - np.cumsum(n) + n, n)
        return offsets + np.arange(offsets.size)

    # --------------------------------------------------------------------------------- run

    def run(self, observer: Callable[[int, str], None] | None = None) -> Summaries:
        """Simulate the year and return its summaries.

        Parameters
        ----------
        observer : callable, optional
            Called after each phase of each week as ``observer(week, phase)``.

        Returns
        -------
        Summaries
        """
        layout = self.layout
        for week in range(1, self.params.weeks + 1):
            self.week = week
            self.speed = float(layout.speed[week - 1])
            self.capacity = np.broadcast_to(
                layout.capacity * layout.capacity_factor[week - 1], self.shape_agencies
            )
            for name, phase in BATCH_PHASES:
                phase(self)
                if observer is not None:
                    observer(week, name)
        return self.summaries()

    def snapshot(self, run: int = 0) -> dict[str, NDArray[Any]]:
        """Return one replication's state in the layout of :meth:`TaskModel.snapshot`.

        Parameters
        ----------
        run : int
            The replication.

        Returns
        -------
        dict of str to ndarray
            Copies (later weeks do not change them).
        """
        pairs = slice(run * self.width, run * self.width + self.instances[run].n_pairs)
        agencies = slice(run * self.n_agencies, (run + 1) * self.n_agencies)
        state = {
            "done": self.done[run],
            "extra": self.extra[run],
            "completed": self.completed[run].astype(int),
            "sent": self.sent.reshape(self.shape_items)[run],
            "pressure": self.pressure[run],
            "n_pending": self.n_pending[run],
            "pending": self.pending[pairs],
            "queued": self.queued[pairs],
            "survival": self.survival[pairs],
            "left": self.left[run],
            "util_sum": self.util_sum[run],
            "delay_lead": self.delay_lead[run],
            "delay_part": self.delay_part[agencies],
        }
        return {key: np.array(value) for key, value in state.items()}  # copies, not views

    def summaries(self) -> Summaries:
        """Return the summaries of the year simulated so far (call after the last week).

        Returns
        -------
        Summaries
        """
        instances = self.instances
        n_listed = self.layout.network.n_tasks
        generated = _stack(instances, "generated")
        final = _stack(instances, "final")
        money = _stack(instances, "money")
        return Summaries(
            completion_week=self.completed[:, :n_listed].copy(),
            midyear_progress=self.mid_share[:, :n_listed],
            start_week=self.start[:, :n_listed].astype(np.int16),
            moments=moments_of(
                midyear_share=self.mid_share,
                started=self.started,
                completed_by_midyear=self.completed_mid,
                key=generated,
                named=_stack(instances, "named"),
                final=final,
                money=money,
                start=self.start,
                slow_threshold=self.layout.network.slow_threshold,
                params=self.params,
            ),
            portfolio=portfolio_stats_of(
                end_share=self.done / self.total,
                plan_done=self.completed > 0,
                key=generated,
                final=final,
                money=money,
            ),
            utilisation=self.util_sum / self.params.weeks,
            delay=self.delay_lead + self.delay_part.reshape(self.shape_agencies),
            rework=self.rework,
            backlog=self.backlog,
        )
