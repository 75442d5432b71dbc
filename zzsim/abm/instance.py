"""One simulated year: the listed tasks and the key projects with their drawn sizes.

:class:`Layout` holds what is fixed for a network and a parameter set (kinds, leads,
clearance parties and their groups, agency capacities, weekly multipliers); :meth:`Layout.draw`
makes one replication's :class:`Instance` from its generator. The Mesa model and the array
core both build their year from an :class:`Instance`, drawn the same way from the same
generator.

Items are the listed tasks (first, in table order) followed by the generated key projects.
A task's work volume is ``duration × desks`` (desk-weeks); its duration is the median of
its kind times ``exp(sigma z)`` with ``z`` standard normal and ``sigma`` the
``duration_sigma`` of the listed tasks or the ``project_sigma`` of the key projects. A
listed task that is a construction project reporting its own investment is run as a key
project: new with probability ``new_share`` (planned start, approvals then, a plan for
the rest of the year), the key projects' spread of durations, no clearance points after
its start. Any other listed task depends on a body outside the table with probability
``outside_share``. The draws of a replication: the listed tasks' ``z``, their outside,
stage and start uniforms (one (3, tasks) array), then the portfolio's (see
:mod:`zzsim.abm.portfolio`).

Clearance parties come in *groups*: a party named directly is a group of one, which must
clear; the members of a collective form one group, of which ``⌈collective_quorum × n⌉``
must clear - the group's *slack* is how many may still be pending.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .network import OUTSIDE, OWNER, TaskNetwork
from .params import KEY_FIRST, PROJECT, Params
from .portfolio import draw_portfolio, start_week
from .rules import week_factors

__all__ = ["Instance", "Layout"]


@dataclass(frozen=True)
class Instance:
    """The items of one replication (listed tasks, then generated key projects).

    Attributes
    ----------
    n_listed : int
        Number of listed tasks (the first items).
    work, desks : ndarray
        Work volume (desk-weeks) and pace (desks) of each item.
    gate_pos : ndarray, shape (items, gates + 1)
        Work done at each clearance point, padded with ``inf``.
    n_gates : ndarray of int
        Number of clearance points of each item.
    passed : ndarray of int
        Clearance points already passed at the start of the year.
    start : ndarray of int
        First week the item is worked on (its requests of a start gate are sent then).
    key : ndarray of bool
        Key task (重点项目): priority flag.
    generated, named, final : ndarray of bool
        Generated key project; named in the work report; plan ends with completion.
    continuing : ndarray of bool
        A key project under construction before the year (started at mid-year whatever
        happens).
    money : ndarray
        Planned investment of a generated key project (0 for listed tasks).
    lead : ndarray of int
        Lead agency of each item.
    pair_item, pair_agency, pair_group : ndarray of int
        Clearance parties (item-major) and the group of each.
    pair_responsiveness : ndarray
        Weekly probability that each party answers when not overloaded (a key project's
        approvals at ``approval_scale`` times the agency's responsiveness).
    group_slack : ndarray of int
        Per group, how many of its parties may still be pending when it is satisfied.
    pair_slot : ndarray of int
        Each pair's place among the ``n_slots`` possible pairs of the layout (where its
        budgets are drawn, so that they do not shift when other pairs come or go).
    n_slots : int
        Possible pairs of the layout: the listed ones, one outside party per listed task,
        and every approval slot of every key project.
    exception_prob, weight : ndarray
        Weekly exception probability; priority weight.
    tier : ndarray of int
        Priority tier (0 first).
    """

    n_listed: int
    work: NDArray[np.float64]
    desks: NDArray[np.float64]
    gate_pos: NDArray[np.float64]
    n_gates: NDArray[np.intp]
    passed: NDArray[np.intp]
    start: NDArray[np.intp]
    key: NDArray[np.bool_]
    generated: NDArray[np.bool_]
    named: NDArray[np.bool_]
    final: NDArray[np.bool_]
    continuing: NDArray[np.bool_]
    money: NDArray[np.float64]
    lead: NDArray[np.intp]
    pair_item: NDArray[np.intp]
    pair_agency: NDArray[np.intp]
    pair_group: NDArray[np.intp]
    pair_responsiveness: NDArray[np.float64]
    group_slack: NDArray[np.intp]
    pair_slot: NDArray[np.intp]
    n_slots: int
    exception_prob: NDArray[np.float64]
    weight: NDArray[np.float64]
    tier: NDArray[np.intp]

    @property
    def n_items(self) -> int:
        """Number of items (listed tasks and key projects)."""
        return len(self.work)

    @property
    def n_pairs(self) -> int:
        """Number of (item, clearance party) pairs."""
        return len(self.pair_item)

    @property
    def n_groups(self) -> int:
        """Number of clearance groups."""
        return len(self.group_slack)

    def draw_uniforms(
        self, rng: np.random.Generator, weeks: int
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Draw the year's exception uniforms and clearance budgets (after the instance).

        Drawn once, in a layout that does not depend on the course of the year, so that
        runs under different parameters share their random numbers (common random numbers).

        Parameters
        ----------
        rng : numpy.random.Generator
            The replication's generator, just after :meth:`Layout.draw`.
        weeks : int
            Weeks of the year.

        Returns
        -------
        exceptions : ndarray, shape (weeks, items)
            Week t, item i raises an exception if worked and ``u < exception_prob``.
        budgets : ndarray, shape (pairs, gates)
            A request of clearance point g clears in the first week its survival
            (product of ``1 - p`` over its attempts) falls to ``budgets[pair, g]`` or below
            (drawn for every possible pair, kept for the pairs of this instance).
        """
        exceptions = rng.random((weeks, self.n_items))
        budgets = rng.random((self.n_slots, self.gate_pos.shape[1] - 1))
        return exceptions, budgets[self.pair_slot]

    def initial_gates(self) -> tuple[NDArray[np.intp], NDArray[np.bool_]]:
        """Return the clearance points sent at the start and the requests they queue.

        An item whose next clearance point sits at zero work (the approvals of a new key
        project) sends its requests in its start week.

        Returns
        -------
        sent : ndarray of int
            Clearance points reached (passed or requested) per item.
        queued : ndarray of bool
            Requests (pairs) that become pending in their item's start week.
        """
        rows = np.arange(self.n_items)
        at_start = (self.passed < self.n_gates) & (self.gate_pos[rows, self.passed] <= 0.0)
        return self.passed + at_start, at_start[self.pair_item]


def _padded(rows: list[tuple[int, ...]], fill: int) -> NDArray[np.intp]:
    width = max((len(r) for r in rows), default=0)
    out = np.full((len(rows), max(width, 1)), fill, dtype=np.intp)
    for i, r in enumerate(rows):
        out[i, : len(r)] = r
    return out


def _required(quorum: float, size: int) -> int:
    # members that must clear a collective's group (rounded to 9 digits against 0.3 × 10)
    return int(np.ceil(np.round(quorum * size, 9)))


def _listed_pairs(
    network: TaskNetwork, params: Params
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp], NDArray[np.intp]]:
    items: list[int] = []
    agencies: list[int] = []
    groups: list[int] = []
    slack: list[int] = []
    limit = params.max_participants
    for i, (parts, via) in enumerate(zip(network.participants, network.via, strict=True)):
        kept = list(zip(parts, via, strict=True))[: limit if limit is not None else None]
        where: dict[str, int] = {}
        sizes: dict[int, int] = {}
        for agency, collective in kept:
            if collective and collective in where:
                g = where[collective]
            else:
                g = len(slack) + len(sizes)
                if collective:
                    where[collective] = g
            sizes[g] = sizes.get(g, 0) + 1
            items.append(i)
            agencies.append(network.agency_index[agency])
            groups.append(g)
        for g in sorted(sizes):
            is_collective = g in where.values()
            size = sizes[g]
            slack.append(size - _required(params.collective_quorum, size) if is_collective else 0)
    return (
        np.array(items, dtype=np.intp),
        np.array(agencies, dtype=np.intp),
        np.array(groups, dtype=np.intp),
        np.array(slack, dtype=np.intp),
    )


@dataclass(frozen=True)
class Layout:
    """What a year's draws do not change, for one network and one parameter set.

    Build it with :meth:`build`; :meth:`draw` makes an :class:`Instance`.
    """

    network: TaskNetwork
    params: Params
    listed_kind: NDArray[np.intp]
    listed_lead: NDArray[np.intp]
    listed_key: NDArray[np.bool_]
    listed_construction: NDArray[np.bool_]
    listed_pair_item: NDArray[np.intp]
    listed_pair_agency: NDArray[np.intp]
    listed_pair_group: NDArray[np.intp]
    listed_group_slack: NDArray[np.intp]
    kind_duration: NDArray[np.float64]
    kind_desks: NDArray[np.float64]
    kind_gates: NDArray[np.float64]
    kind_exception: NDArray[np.float64]
    templates: NDArray[np.intp]
    locations: NDArray[np.intp]
    location_sizes: NDArray[np.intp]
    capacity: NDArray[np.float64]
    pooled: NDArray[np.bool_]
    responsiveness: NDArray[np.float64]
    capacity_factor: NDArray[np.float64]
    speed: NDArray[np.float64]

    @property
    def n_slots(self) -> int:
        """Possible pairs: listed ones, an outside party per task, every approval slot."""
        portfolio = self.network.portfolio
        projects = portfolio.count if portfolio is not None else 0
        slots = self.templates.shape[1] + self.locations.shape[1]
        return self.listed_pair_item.size + self.network.n_tasks + projects * slots

    @classmethod
    def build(cls, network: TaskNetwork, params: Params) -> Layout:
        """Fix the layout of ``network`` under ``params``.

        Agency capacity is the value of its kind (or its override) × its multiplier ×
        ``capacity_scale``; responsiveness the value of its kind × ``responsiveness_scale``.
        A stand-in does not pool its capacity (NaN here: it is never used); the stand-in
        lead kinds (``unassigned``, ``owner``) never clear requests (responsiveness NaN); the
        bodies outside the table answer at ``outside_responsiveness``.

        Parameters
        ----------
        network : TaskNetwork
        params : Params

        Returns
        -------
        Layout
        """
        kinds = params.kinds
        kind_index = {k: i for i, k in enumerate(kinds)}
        gates = [params.gates[k] for k in kinds]
        kind_gates = np.full((len(kinds), max(len(g) for g in gates)), np.inf)
        for i, g in enumerate(gates):
            kind_gates[i, : len(g)] = g
        portfolio = network.portfolio
        capacity_factor, speed = week_factors(params)
        pair_item, pair_agency, pair_group, slack = _listed_pairs(network, params)
        if portfolio is not None:
            templates = _padded([tuple(network.indices(t)) for t in portfolio.templates], -1)
            width = max((len(g) for g in portfolio.template_groups), default=0)
            depth = max((len(m) for g in portfolio.template_groups for m in g), default=0)
            locations = np.full((len(templates), max(width, 1), max(depth, 1)), -1, np.intp)
            sizes = np.zeros((len(templates), max(width, 1)), np.intp)
            for t, collectives in enumerate(portfolio.template_groups):
                for c, members in enumerate(collectives):
                    locations[t, c, : len(members)] = network.indices(members)
                    sizes[t, c] = len(members)
        else:
            templates = np.zeros((0, 1), np.intp)
            locations, sizes = np.zeros((0, 1, 1), np.intp), np.zeros((0, 1), np.intp)
        agencies = list(zip(network.agency_ids, network.agency_kinds, strict=True))
        return cls(
            network=network,
            params=params,
            listed_kind=np.array([kind_index[k] for k in network.kinds], dtype=np.intp),
            listed_lead=network.indices(network.leads),
            listed_key=np.array(network.key, dtype=bool),
            listed_construction=np.array(network.construction, dtype=bool),
            listed_pair_item=pair_item,
            listed_pair_agency=pair_agency,
            listed_pair_group=pair_group,
            listed_group_slack=slack,
            kind_duration=np.array([params.duration_weeks[k] for k in kinds]),
            kind_desks=np.array([params.desks[k] for k in kinds]),
            kind_gates=kind_gates,
            kind_exception=np.array([params.exception_rate * params.uncertainty[k] for k in kinds]),
            templates=templates,
            locations=locations,
            location_sizes=sizes,
            capacity=np.array(
                [
                    np.nan
                    if stand_in
                    else params.capacity_override.get(aid, params.capacity[kind])
                    * params.capacity_multiplier.get(aid, 1.0)
                    * params.capacity_scale
                    for (aid, kind), stand_in in zip(agencies, network.stand_in, strict=True)
                ]
            ),
            pooled=~np.array(network.stand_in, dtype=bool),
            responsiveness=np.array(
                [
                    params.outside_responsiveness
                    if kind == OUTSIDE
                    else params.responsiveness.get(kind, np.nan) * params.responsiveness_scale
                    for _, kind in agencies
                ]
            ),
            capacity_factor=capacity_factor,
            speed=speed,
        )

    def draw(self, rng: np.random.Generator) -> Instance:
        """Draw one replication's items from its generator.

        Parameters
        ----------
        rng : numpy.random.Generator

        Returns
        -------
        Instance
        """
        return self.draw_many([rng])[0]

    def draw_many(self, generators: Sequence[np.random.Generator]) -> list[Instance]:
        """Draw the items of several replications, each from its own generator.

        Each generator makes the draws of its replication in the documented order (so a
        replication gets the same instance alone or in any batch); the arithmetic runs on
        all of them at once.

        Parameters
        ----------
        generators : sequence of numpy.random.Generator

        Returns
        -------
        list of Instance
        """
        params, network = self.params, self.network
        runs, n = len(generators), network.n_tasks
        built = np.broadcast_to(self.listed_construction, (runs, n))
        draws = [(rng.standard_normal(n), rng.random((3, n))) for rng in generators]
        z = np.stack([d[0] for d in draws])
        u_outside, u_new, u_start = (np.stack([d[1][i] for d in draws]) for i in range(3))
        outside = (u_outside < params.outside_share) & ~built
        new = built & (u_new < params.new_share)
        start = start_week(new, u_start, params)
        scale = (params.weeks - start + 1) / params.weeks
        kind = np.broadcast_to(self.listed_kind, (runs, n))
        lead = np.broadcast_to(self.listed_lead, (runs, n))
        key = np.broadcast_to(self.listed_key, (runs, n))
        generated = named = final = np.zeros((runs, n), dtype=bool)
        money = np.zeros((runs, n))
        # listed pairs, then one pair per task that depends on a body outside the table,
        # merged in item order; an outside pair is group len(slack) + task
        fixed = self.listed_pair_item.size
        items = np.concatenate([self.listed_pair_item, np.arange(n)])
        order = np.argsort(items, kind="stable")
        item_of = items[order]
        agency_of = np.concatenate(
            [self.listed_pair_agency, np.full(n, network.agency_index[OUTSIDE], np.intp)]
        )[order]
        slack = np.concatenate([self.listed_group_slack, np.zeros(n, dtype=np.intp)])
        group_of = np.concatenate(
            [self.listed_pair_group, len(self.listed_group_slack) + np.arange(n)]
        )[order]
        present = np.concatenate([np.ones((runs, fixed), dtype=bool), outside], axis=1)[:, order]
        slots = np.arange(fixed + n)  # a pair's place in the layout of the budget draws
        pairs = [(item_of[p], agency_of[p], group_of[p], slots[p]) for p in present]
        portfolio = network.portfolio
        if portfolio is not None and portfolio.count > 0:
            count = portfolio.count
            projects = draw_portfolio(
                count=count,
                named=portfolio.named,
                templates=self.templates,
                locations=self.locations,
                location_sizes=self.location_sizes,
                params=params,
                generators=generators,
            )
            ones = np.ones((runs, count), dtype=bool)
            kind = np.concatenate([kind, np.full((runs, count), params.kinds.index(PROJECT))], 1)
            lead = np.concatenate([lead, np.full((runs, count), network.agency_index[OWNER])], 1)
            key = np.concatenate([key, ones], axis=1)
            z = np.concatenate([z, projects.w], axis=1)
            scale = np.concatenate([scale, projects.scale], axis=1)
            start = np.concatenate([start, projects.start], axis=1)
            built = np.concatenate([built, ones], axis=1)
            generated = np.concatenate([generated, ones], axis=1)
            named = np.concatenate([named, projects.named], axis=1)
            final = np.concatenate([final, projects.final], axis=1)
            new = np.concatenate([new, projects.new], axis=1)
            money = np.concatenate([money, projects.money], axis=1)
            first_group = slack.size
            slack = np.concatenate([slack, np.zeros(count * projects.parties.shape[2], np.intp)])
            width = projects.parties.shape[2]
            for r, parties in enumerate(projects.parties):
                # only a new project clears anything (its start approvals)
                project, slot = np.nonzero((parties >= 0) & projects.new[r][:, None])
                place = project * width + slot
                item, agency, group, where = pairs[r]
                pairs[r] = (
                    np.concatenate([item, n + project]),
                    np.concatenate([agency, parties[project, slot]]),
                    np.concatenate([group, first_group + place]),
                    np.concatenate([where, fixed + n + place]),
                )
        desks = self.kind_desks[kind]
        sigma = np.where(built, params.project_sigma, params.duration_sigma)
        median = self.kind_duration[kind] * np.where(built, 1.0, params.duration_scale)
        work = median * np.exp(sigma * z) * scale * desks
        # a key project clears only its start approvals; its later milestones are its owner's
        gates = self.kind_gates[kind]
        shares = np.where(built[..., None] & (gates > 0.0), np.inf, gates)
        gate_pos = np.concatenate([shares * work[..., None], np.full((*work.shape, 1), np.inf)], 2)
        at_zero = np.count_nonzero(shares <= 0.0, axis=2)
        n_gates = np.count_nonzero(np.isfinite(shares), axis=2)
        passed = np.where(new, 0, at_zero).astype(np.intp)
        exception_prob = self.kind_exception[kind]
        weight = np.where(key, params.key_weight, 1.0)
        tier = np.where((params.priority_rule == KEY_FIRST) & ~key, 1, 0).astype(np.intp)
        approval = np.where(built, params.approval_scale, 1.0)
        return [
            Instance(
                n_listed=n,
                work=work[r],
                desks=desks[r],
                gate_pos=gate_pos[r],
                n_gates=n_gates[r],
                passed=passed[r],
                start=start[r],
                key=key[r],
                generated=generated[r],
                named=named[r],
                final=final[r] | ~generated[r],
                continuing=built[r] & ~new[r],
                money=money[r],
                lead=lead[r].astype(np.intp),
                pair_item=item.astype(np.intp),
                pair_agency=agency.astype(np.intp),
                pair_group=group.astype(np.intp),
                pair_responsiveness=self.responsiveness[agency] * approval[r, item],
                group_slack=slack,
                pair_slot=where.astype(np.intp),
                n_slots=self.n_slots,
                exception_prob=exception_prob[r],
                weight=weight[r],
                tier=tier[r],
            )
            for r, (item, agency, group, where) in enumerate(pairs)
        ]
