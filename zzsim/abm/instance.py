"""One simulated year: the listed tasks and the key projects with their drawn sizes.

:class:`Layout` holds what is fixed for a network and a parameter set (kinds, leads,
clearance parties, agency capacities, weekly multipliers); :meth:`Layout.draw` makes one
replication's :class:`Instance` from its generator. The Mesa model and the array core both
build their year from an :class:`Instance`, drawn the same way from the same generator.

Items are the listed tasks (first, in table order) followed by the generated key projects.
A task's work volume is ``duration × desks`` (desk-weeks); its duration is the median of
its kind times ``exp(duration_sigma z)`` with ``z`` standard normal (listed tasks draw their
``z`` first, then the portfolio draws its own; see :mod:`zzsim.abm.portfolio`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .network import TaskNetwork
from .params import KEY_FIRST, PROJECT, Params
from .portfolio import draw_portfolio, keep_first
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
        Clearance points already passed at the start of the year (continuing projects).
    key : ndarray of bool
        Key task (重点项目): priority flag.
    generated, named, final, stated : ndarray of bool
        Generated key project; named in the work report; plan ends with completion;
        listed task whose mid-year progress the table states.
    continuing : ndarray of bool
        Started before the year.
    money : ndarray
        Planned investment of a generated key project (0 for listed tasks).
    lead : ndarray of int
        Lead agency of each item.
    pair_item, pair_agency : ndarray of int
        Clearance parties, item-major.
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
    key: NDArray[np.bool_]
    generated: NDArray[np.bool_]
    named: NDArray[np.bool_]
    final: NDArray[np.bool_]
    stated: NDArray[np.bool_]
    continuing: NDArray[np.bool_]
    money: NDArray[np.float64]
    lead: NDArray[np.intp]
    pair_item: NDArray[np.intp]
    pair_agency: NDArray[np.intp]
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
            (product of ``1 - p`` over its attempts) falls to ``budgets[pair, g]`` or below.
        """
        exceptions = rng.random((weeks, self.n_items))
        budgets = rng.random((self.n_pairs, self.gate_pos.shape[1] - 1))
        return exceptions, budgets

    def initial_gates(self) -> tuple[NDArray[np.intp], NDArray[np.bool_]]:
        """Return the clearance points sent at the start and the requests they queue.

        An item whose next clearance point sits at zero work (the start gate of a new
        project, the division of work of a reform) sends its requests before week 1.

        Returns
        -------
        sent : ndarray of int
            Clearance points reached (passed or requested) per item.
        queued : ndarray of bool
            Requests (pairs) that become pending in week 1.
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
    listed_stated: NDArray[np.bool_]
    listed_pair_item: NDArray[np.intp]
    listed_pair_agency: NDArray[np.intp]
    kind_duration: NDArray[np.float64]
    kind_desks: NDArray[np.float64]
    kind_gates: NDArray[np.float64]
    kind_n_gates: NDArray[np.intp]
    kind_exception: NDArray[np.float64]
    lead_pool: NDArray[np.intp]
    templates: NDArray[np.intp]
    capacity: NDArray[np.float64]
    responsiveness: NDArray[np.float64]
    capacity_factor: NDArray[np.float64]
    speed: NDArray[np.float64]

    @classmethod
    def build(cls, network: TaskNetwork, params: Params) -> Layout:
        """Fix the layout of ``network`` under ``params``.

        Agency capacity is the value of its kind (or its override) × its multiplier ×
        ``capacity_scale``; responsiveness the value of its kind × ``responsiveness_scale``.

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
        parts = _padded([tuple(network.indices(p)) for p in network.participants], -1)
        items, agencies = keep_first(parts, parts >= 0, params.max_participants)
        gates = [params.gates[k] for k in kinds]
        kind_gates = np.full((len(kinds), max(len(g) for g in gates)), np.inf)
        for i, g in enumerate(gates):
            kind_gates[i, : len(g)] = g
        portfolio = network.portfolio
        capacity_factor, speed = week_factors(params)
        return cls(
            network=network,
            params=params,
            listed_kind=np.array([kind_index[k] for k in network.kinds], dtype=np.intp),
            listed_lead=network.indices(network.leads),
            listed_key=np.array(network.key, dtype=bool),
            listed_stated=~np.isnan(np.array(network.progress_pct, dtype=float)),
            listed_pair_item=items,
            listed_pair_agency=agencies,
            kind_duration=np.array([params.duration_weeks[k] for k in kinds]),
            kind_desks=np.array([params.desks[k] for k in kinds]),
            kind_gates=kind_gates,
            kind_n_gates=np.array([len(g) for g in gates], dtype=np.intp),
            kind_exception=np.array([params.exception_rate * params.uncertainty[k] for k in kinds]),
            lead_pool=network.indices(portfolio.leads) if portfolio else np.zeros(0, np.intp),
            templates=(
                _padded([tuple(network.indices(t)) for t in portfolio.templates], -1)
                if portfolio
                else np.zeros((0, 1), np.intp)
            ),
            capacity=np.array(
                [
                    params.capacity_override.get(aid, params.capacity[kind])
                    * params.capacity_multiplier.get(aid, 1.0)
                    * params.capacity_scale
                    for aid, kind in zip(network.agency_ids, network.agency_kinds, strict=True)
                ]
            ),
            responsiveness=np.array(
                [
                    params.responsiveness[k] * params.responsiveness_scale
                    for k in network.agency_kinds
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
        params, network = self.params, self.network
        n_listed = network.n_tasks
        z_listed = rng.standard_normal(n_listed)
        kind = self.listed_kind
        lead, key = self.listed_lead, self.listed_key
        pair_item, pair_agency = self.listed_pair_item, self.listed_pair_agency
        z = z_listed
        scale = np.ones(n_listed)
        n_key = 0
        generated = named = final = new = np.zeros(n_listed, dtype=bool)
        money = np.zeros(n_listed)
        portfolio = network.portfolio
        if portfolio is not None and portfolio.count > 0:
            projects = draw_portfolio(
                count=portfolio.count,
                named=portfolio.named,
                lead_pool=self.lead_pool,
                templates=self.templates,
                params=params,
                rng=rng,
            )
            n_key = portfolio.count
            project = params.kinds.index(PROJECT)
            kind = np.concatenate([kind, np.full(n_key, project, dtype=np.intp)])
            lead = np.concatenate([lead, projects.lead])
            key = np.concatenate([key, np.ones(n_key, dtype=bool)])
            z = np.concatenate([z_listed, projects.w])
            scale = np.concatenate([scale, projects.remaining])
            pair_item = np.concatenate([pair_item, n_listed + projects.pair_project])
            pair_agency = np.concatenate([pair_agency, projects.pair_agency])
            generated = np.concatenate([generated, np.ones(n_key, dtype=bool)])
            named = np.concatenate([named, projects.named])
            final = np.concatenate([final, projects.final])
            new = np.concatenate([new, projects.new])
            money = np.concatenate([money, projects.money])
        n_items = n_listed + n_key
        desks = self.kind_desks[kind]
        work = self.kind_duration[kind] * np.exp(params.duration_sigma * z) * scale * desks
        shares = self.kind_gates[kind]
        gate_pos = np.concatenate([shares * work[:, None], np.full((n_items, 1), np.inf)], axis=1)
        n_gates = self.kind_n_gates[kind]
        continuing = generated & ~new
        start_gates = np.count_nonzero(shares <= 0.0, axis=1)
        key_first = params.priority_rule == KEY_FIRST
        return Instance(
            n_listed=n_listed,
            work=work,
            desks=desks,
            gate_pos=gate_pos,
            n_gates=n_gates,
            passed=np.where(continuing, start_gates, 0).astype(np.intp),
            key=key,
            generated=generated,
            named=named,
            final=final | ~generated,
            stated=np.concatenate([self.listed_stated, np.zeros(n_key, dtype=bool)]),
            continuing=continuing,
            money=money,
            lead=lead.astype(np.intp),
            pair_item=pair_item.astype(np.intp),
            pair_agency=pair_agency.astype(np.intp),
            exception_prob=self.kind_exception[kind],
            weight=np.where(key, params.key_weight, 1.0),
            tier=np.where(key_first & ~key, 1, 0).astype(np.intp),
        )
