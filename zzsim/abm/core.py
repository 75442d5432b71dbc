"""The array core of the task ABM: many replications of the same model at once.

The week of :mod:`zzsim.abm.rules` runs on arrays of shape (replications, items); the
pending coordination requests are kept as a flat list of (replication, pair) positions, so
that the work per week grows with the requests outstanding, not with all pairs. Sums over an
agency's tasks or requests are ``np.bincount`` calls, which add in item order exactly as
the Mesa agents of :mod:`zzsim.abm.agents` do; masks are applied by multiplying with
booleans, which leaves the selected values unchanged. Each replication draws from its own
generator, seeded as its Mesa model is, so a replication gives the same summary here, in the
agent loop, alone or in any batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from ..rng import RngLike, replication_seed
from .instance import Instance, Layout
from .network import TaskNetwork
from .params import KEY_FIRST, Params
from .rules import attempt, availability, clearance_probability, laggard_threshold, pace, share
from .summary import Summaries, moments_of, portfolio_stats_of

__all__ = ["priority_tiers", "run_batch", "simulate_chunk"]


def priority_tiers(params: Params) -> tuple[int, ...]:
    """Return the priority tiers a lead serves in order (one tier under ``share``).

    Parameters
    ----------
    params : Params

    Returns
    -------
    tuple of int
    """
    return (0, 1) if params.priority_rule == KEY_FIRST else (0,)


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
    return run_batch(layout, [np.random.default_rng(replication_seed(s)) for s in seeds])


def _stack(instances: list[Instance], name: str) -> NDArray[Any]:
    return np.stack([getattr(inst, name) for inst in instances])


def _pad(values: list[NDArray[Any]], width: int) -> NDArray[Any]:
    out = np.zeros((len(values), width), dtype=values[0].dtype)
    for r, v in enumerate(values):
        out[r, : len(v)] = v
    return out


def _expand(
    first: NDArray[np.intp], counts: NDArray[np.intp], items: NDArray[np.intp]
) -> NDArray[np.intp]:
    # positions of the pairs of some items (an item's pairs are contiguous)
    n = counts[items]
    offsets = np.repeat(first[items] - np.cumsum(n) + n, n)
    return offsets + np.arange(offsets.size)


def run_batch(layout: Layout, generators: Sequence[np.random.Generator]) -> Summaries:
    """Simulate one year per generator, vectorised over replications.

    Parameters
    ----------
    layout : Layout
        The network under the parameters.
    generators : sequence of numpy.random.Generator
        One per replication; each draws its instance, then its weeks × items exception
        uniforms and its pairs × clearance-points attempt budgets (see
        :func:`zzsim.abm.instance.Instance.draw_uniforms`).

    Returns
    -------
    Summaries
    """
    params, network = layout.params, layout.network
    runs, weeks = len(generators), params.weeks
    instances = [layout.draw(g) for g in generators]
    n_items, n_agencies = instances[0].n_items, network.n_agencies
    width = max(1, max(inst.n_pairs for inst in instances))
    size_items, size_agencies = runs * n_items, runs * n_agencies
    shape_items, shape_agencies = (runs, n_items), (runs, n_agencies)

    work = _stack(instances, "work")
    desks = _stack(instances, "desks")
    exception_prob = _stack(instances, "exception_prob")
    weight = _stack(instances, "weight")
    tier = _stack(instances, "tier")
    continuing = _stack(instances, "continuing")
    rework_volume = params.rework_share * work
    rework_weeks = rework_volume / desks
    gate_pos = _stack(instances, "gate_pos").reshape(size_items, -1)
    starts = [inst.initial_gates() for inst in instances]
    sent = np.stack([s for s, _ in starts]).ravel()
    gate = gate_pos[np.arange(size_items), sent].reshape(shape_items)
    rows = np.arange(runs)[:, None]
    # pairs, flattened over (run, slot); a run's pairs are item-major from slot 0
    pair_item = (rows * n_items + _pad([i.pair_item for i in instances], width)).ravel()
    pair_agency = (rows * n_agencies + _pad([i.pair_agency for i in instances], width)).ravel()
    responsiveness = layout.responsiveness[pair_agency % n_agencies]
    counts = np.stack([np.bincount(i.pair_item, minlength=n_items) for i in instances])
    first_pair = (rows * width + np.cumsum(counts, axis=1) - counts).ravel()
    counts = counts.ravel()
    queued = np.flatnonzero(_pad([q for _, q in starts], width).ravel())
    lead_flat = (rows * n_agencies + _stack(instances, "lead")).ravel()
    run_of_item = np.repeat(np.arange(runs), n_items)
    tiers = priority_tiers(params)

    def by_lead(values: NDArray[Any]) -> NDArray[np.float64]:
        sums = np.bincount(lead_flat, values.ravel(), size_agencies)  # float64 with weights
        return cast(NDArray[np.float64], sums.reshape(shape_agencies))

    def at_lead(values: NDArray[np.float64]) -> NDArray[np.float64]:
        return values.ravel()[lead_flat].reshape(shape_items)

    def count(index: NDArray[np.intp], size: int, shape: tuple[int, int]) -> NDArray[np.intp]:
        return np.bincount(index, minlength=size).reshape(shape)

    u_exceptions = np.empty((weeks, runs, n_items))
    budgets = np.ones((runs * width, gate_pos.shape[1] - 1))
    for r, (g, inst) in enumerate(zip(generators, instances, strict=True)):
        u_exceptions[:, r], budgets[r * width : r * width + inst.n_pairs] = inst.draw_uniforms(
            g, weeks
        )
    cost = params.clearance_cost
    done = np.zeros(shape_items)
    extra = np.zeros(shape_items)
    total = work + extra
    completed = np.zeros(shape_items, dtype=np.int16)
    pressure = np.ones(shape_items)
    pending = np.zeros(runs * width, dtype=bool)
    survival = np.ones(runs * width)
    budget = np.zeros(runs * width)
    utilisation = np.zeros(shape_agencies)
    delay_lead = np.zeros(shape_agencies)
    delay_part = np.zeros(size_agencies)
    rework = np.zeros(runs)
    backlog = np.zeros((runs, weeks, n_agencies), dtype=np.float32)
    mid_share = np.zeros(shape_items)
    started = np.zeros(shape_items, dtype=bool)
    completed_mid = np.zeros(shape_items, dtype=bool)

    for week in range(1, weeks + 1):
        speed = layout.speed[week - 1]
        capacity = np.broadcast_to(
            layout.capacity * layout.capacity_factor[week - 1], shape_agencies
        )
        # 0. last week's requests become pending, each with the budget of its clearance point
        budget[queued] = budgets[queued, sent[pair_item[queued]] - 1]
        survival[queued] = 1.0
        pending[queued] = True
        active = np.flatnonzero(pending)
        item, agency = pair_item[active], pair_agency[active]
        n_pending = count(item, size_items, shape_items)
        n_requests = count(agency, size_agencies, shape_agencies)
        open_at_start = (completed == 0) & (n_pending == 0)
        need = pace(desks, pressure, speed)
        own = by_lead(need * open_at_start)
        # 1. clearances
        demand = n_requests * cost + own
        available = availability(capacity, demand)
        p = clearance_probability(
            responsiveness[active], available.ravel()[agency], pressure.ravel()[item]
        )
        after = attempt(survival[active], p)
        cleared = after <= budget[active]
        survival[active] = after
        handled = count(agency[cleared], size_agencies, shape_agencies)
        clear_used = handled * cost
        left = np.maximum(0.0, capacity - clear_used)
        pending[active[cleared]] = False
        n_pending = n_pending - count(item[cleared], size_items, shape_items)
        n_requests = n_requests - handled
        # 2. work
        is_open = (completed == 0) & (n_pending == 0)
        remaining = total - done
        distance = gate - done
        cap = np.minimum(np.minimum(need, remaining), distance) * is_open
        weighted = weight * pressure
        alloc = np.zeros(shape_items)
        for k in tiers:
            member = is_open & (tier == k)
            weight_sum = at_lead(by_lead(weighted * member)) + ~member
            x = np.minimum(cap, share(at_lead(left), weighted, weight_sum)) * member
            left = left - by_lead(x)
            alloc = alloc + x
        used_work = by_lead(alloc)
        finished = is_open & (alloc >= remaining)
        reached = np.flatnonzero(is_open & ~finished & (alloc >= distance))
        done = done + alloc
        done[finished] = total[finished]
        done.ravel()[reached] = gate.ravel()[reached]
        completed[finished] = week
        sent[reached] += 1
        gate.ravel()[reached] = gate_pos[reached, sent[reached]]
        queued = _expand(first_pair, counts, reached)
        exception = (alloc > 0) & ~finished & (u_exceptions[week - 1] < exception_prob)
        extra = extra + rework_volume * exception
        total = work + extra
        rework += np.bincount(run_of_item, (rework_weeks * exception).ravel(), runs)
        # 3. record
        waiting = ~cleared / np.maximum(n_pending, 1).ravel()[item]
        delay_part += np.bincount(agency, waiting, size_agencies)
        delay_lead += by_lead((1.0 - alloc / (cap + ~is_open)) * is_open)
        utilisation += (clear_used + used_work) / capacity
        backlog[:, week - 1] = by_lead((total - done) * (completed == 0)) + n_requests * cost
        # 4. end of week
        if week == params.midyear_week:
            mid_share = done / total
            started = continuing | (done > 0)
            completed_mid = completed > 0
        if week in params.check_weeks:
            lagging = (completed == 0) & (done / total < laggard_threshold(week, params))
            pressure = np.where(lagging, params.pressure, 1.0)

    n_listed = network.n_tasks
    generated = _stack(instances, "generated")
    final = _stack(instances, "final")
    money = _stack(instances, "money")
    return Summaries(
        completion_week=completed[:, :n_listed].copy(),
        midyear_progress=mid_share[:, :n_listed],
        moments=moments_of(
            midyear_share=mid_share,
            started=started,
            completed_by_midyear=completed_mid,
            key=generated,
            named=_stack(instances, "named"),
            final=final,
            money=money,
            stated=_stack(instances, "stated"),
            slow_threshold=network.slow_threshold,
        ),
        portfolio=portfolio_stats_of(
            end_share=done / total, plan_done=completed > 0, key=generated, final=final, money=money
        ),
        utilisation=utilisation / weeks,
        delay=delay_lead + delay_part.reshape(shape_agencies),
        rework=rework,
        backlog=backlog,
    )
