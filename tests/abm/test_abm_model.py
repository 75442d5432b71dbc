"""The Mesa model (the oracle) and the array core: identical phase by phase, analytically right."""

from __future__ import annotations

import dataclasses
import math

import mesa
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zzsim.abm import TaskModel
from zzsim.abm.core import Batch, simulate_chunk
from zzsim.abm.instance import Layout
from zzsim.abm.network import OUTSIDE, OWNER, Portfolio, TaskNetwork
from zzsim.abm.params import default_config
from zzsim.abm.summary import Summaries
from zzsim.abm.week import PHASES
from zzsim.rng import replication_seed, spawn_seeds

CONFIG = default_config()


def assert_same(a: Summaries, b: Summaries) -> None:
    for field in dataclasses.fields(Summaries):
        np.testing.assert_array_equal(
            getattr(a, field.name), getattr(b, field.name), err_msg=field.name
        )


def quiet(params, **changes):
    """No coordination, no rework, no supervision, no calendar effects, no outside bodies."""
    settings = {
        "max_participants": 0,
        "exception_rate": 0.0,
        "duration_sigma": 0.0,
        "duration_scale": 1.0,
        "surge_factor": 1.0,
        "report_load": 0.0,
        "pressure": 1.0,
        "outside_share": 0.0,
        "gates": {kind: (0.0,) for kind in params.kinds},
    }
    return params.replace(**{**settings, **changes})


def test_same_seed_same_result_different_seed_different(abm_net2016):
    a = TaskModel(abm_net2016, rng=11).run()
    assert_same(a, TaskModel(abm_net2016, rng=11).run())
    b = TaskModel(abm_net2016, rng=12).run()
    assert not np.array_equal(a.midyear_progress, b.midyear_progress)
    seeds = spawn_seeds(3, 4)
    assert_same(
        simulate_chunk(abm_net2016, CONFIG.params, seeds),
        simulate_chunk(abm_net2016, CONFIG.params, seeds),
    )


@pytest.mark.parametrize("table", ["abm_net2016", "abm_net2008"])
@pytest.mark.parametrize("intervention", ["status_quo", *CONFIG.interventions])
def test_agent_loop_and_array_core_agree_exactly(request, table, intervention):
    network = request.getfixturevalue(table)
    params = CONFIG.intervention(intervention).apply(CONFIG.params)
    seeds = spawn_seeds(2016, 2)
    batch = simulate_chunk(network, params, seeds)
    for k, seed in enumerate(seeds):
        assert_same(TaskModel(network, params, rng=seed).run(), batch.take(k))


# ------------------------------------------------------- random small networks, phase by phase

_KINDS = ("city_bureau", "county", "zone", "collective")


@st.composite
def networks(draw: st.DrawFn) -> TaskNetwork:
    """A small random task network: agencies, tasks with groups, maybe a portfolio."""
    n_agencies = draw(st.integers(3, 7))
    ids = tuple(f"a{i}" for i in range(n_agencies))
    kinds = tuple(draw(st.sampled_from(_KINDS)) for _ in ids)
    stand_in = tuple(draw(st.booleans()) and k == "collective" for k in kinds)
    n_tasks = draw(st.integers(1, 5))
    task_kinds = tuple(draw(st.sampled_from(CONFIG.params.kinds)) for _ in range(n_tasks))
    leads, participants, via = [], [], []
    for _ in range(n_tasks):
        lead = draw(st.sampled_from(ids))
        others = [a for a in ids if a != lead]
        named = draw(st.lists(st.sampled_from(others), unique=True, max_size=2))
        rest = [a for a in others if a not in named]
        members = (  # a collective has two members or more
            draw(st.lists(st.sampled_from(rest), unique=True, min_size=2))
            if len(rest) >= 2 and draw(st.booleans())
            else []
        )
        leads.append(lead)
        participants.append((*named, *members))
        via.append(("",) * len(named) + ("集体",) * len(members))
    construction = tuple(draw(st.booleans()) and k == "project" for k in task_kinds)
    count = draw(st.integers(0, 6))
    portfolio = None
    all_ids = (*ids, OUTSIDE)
    all_kinds = (*kinds, OUTSIDE)
    all_stand_in = (*stand_in, True)
    projects = [i for i, k in enumerate(task_kinds) if k == "project"]
    if count and projects:
        portfolio = Portfolio(
            count=count,
            named=draw(st.integers(0, count)),
            templates=tuple((leads[i], *participants[i][:1]) for i in projects),
            template_groups=tuple(
                (tuple(participants[i][1:]),) if len(participants[i]) > 1 else () for i in projects
            ),
            template_tasks=tuple(f"t{i}" for i in projects),
        )
        all_ids, all_kinds, all_stand_in = (
            (*all_ids, OWNER),
            (*all_kinds, OWNER),
            (*all_stand_in, True),
        )
    return TaskNetwork(
        table="synthetic",
        year=2016,
        source="none",
        task_ids=tuple(f"t{i}" for i in range(n_tasks)),
        texts=("",) * n_tasks,
        names=tuple(f"t{i}" for i in range(n_tasks)),
        kinds=task_kinds,
        key=tuple(draw(st.booleans()) for _ in range(n_tasks)),
        construction=construction,
        leads=tuple(leads),
        participants=tuple(participants),
        via=tuple(via),
        progress_pct=(math.nan,) * n_tasks,
        progress=(None,) * n_tasks,
        agency_ids=all_ids,
        agency_names=all_ids,
        agency_kinds=all_kinds,
        stand_in=all_stand_in,
        portfolio=portfolio,
        slow_threshold=draw(st.sampled_from([None, 0.3])),
    )


@st.composite
def parameters(draw: st.DrawFn):
    return CONFIG.params.replace(
        responsiveness_scale=draw(st.sampled_from([0.2, 1.0, 3.0])),
        capacity_scale=draw(st.sampled_from([0.3, 1.0])),
        collective_quorum=draw(st.sampled_from([0.3, 0.5, 0.5, 1.0])),
        outside_share=draw(st.sampled_from([0.0, 0.5])),
        new_share=draw(st.sampled_from([0.0, 0.7])),
        exception_rate=draw(st.sampled_from([0.0, 0.2])),
        priority_rule=draw(st.sampled_from(["share", "key_first"])),
        check_weeks=draw(st.sampled_from([(26,), (13, 26, 39)])),
        max_participants=draw(st.sampled_from([None, 1])),
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network=networks(), params=parameters(), seed=st.integers(0, 2**32))
def test_random_networks_agree_phase_by_phase(network, params, seed):
    mesa_states: list[tuple[int, str, dict]] = []
    model = TaskModel(network, params, rng=seed)
    model.observer = lambda week, phase: mesa_states.append((week, phase, model.snapshot()))
    mesa_summary = model.run()
    batch = Batch(Layout.build(network, params), [np.random.default_rng(replication_seed(seed))])
    core_states: list[tuple[int, str, dict]] = []
    core_summary = batch.run(
        lambda week, phase: core_states.append((week, phase, batch.snapshot()))
    )
    assert [(w, p) for w, p, _ in mesa_states] == [(w, p) for w, p, _ in core_states]
    assert [p for _, p, _ in mesa_states[: len(PHASES)]] == list(PHASES)
    for (week, phase, got), (_, _, want) in zip(mesa_states, core_states, strict=True):
        for key in want:
            np.testing.assert_array_equal(got[key], want[key], err_msg=f"week {week} {phase} {key}")
    assert_same(mesa_summary, core_summary)


# ---------------------------------------------------------------------------- analytic answers


def test_analytic_completion_with_ample_capacity(abm_net2016):
    # coordination and rework off, capacity ample: each item finishes in volume / pace weeks
    durations = {"project": 40.0, "reform": 36.5, "policy": 30.0, "service": 25.25}
    params = quiet(
        CONFIG.params,
        capacity_scale=1000.0,
        duration_weeks=durations,
        new_share=0.0,
        final_share=0.0,
        project_sigma=0.0,
    )
    expected = [math.ceil(durations[k]) for k in abm_net2016.kinds]
    for summary in (
        TaskModel(abm_net2016, params, rng=5).run(),
        simulate_chunk(abm_net2016, params, [5]),
    ):
        np.testing.assert_array_equal(summary.completion_week[0], expected)
        assert summary.portfolio[0, 0] == 1.0  # every key project's plan done (40 weeks < 52)
        assert summary.rework[0] == 0.0


def _solo_network() -> TaskNetwork:
    ids = ("a", "b", "c", "d")
    return TaskNetwork(
        table="synthetic",
        year=2016,
        source="none",
        task_ids=("t1", "t2", "t3", "t4"),
        texts=("",) * 4,
        names=("t1", "t2", "t3", "t4"),
        kinds=("reform",) * 4,
        key=(False,) * 4,
        construction=(False,) * 4,
        leads=ids,
        participants=((),) * 4,
        via=((),) * 4,
        progress_pct=(math.nan,) * 4,
        progress=(None,) * 4,
        agency_ids=(*ids, OUTSIDE),
        agency_names=(*ids, OUTSIDE),
        agency_kinds=("city_bureau",) * 4 + (OUTSIDE,),
        stand_in=(False,) * 4 + (True,),
        portfolio=None,
        slow_threshold=None,
    )


def test_analytic_completion_when_the_lead_limits():
    # each agency leads one task: it finishes in volume / min(capacity, pace) weeks
    capacity = {"a": 0.25, "b": 0.125, "c": 0.4, "d": 3.0}
    params = quiet(
        CONFIG.params,
        capacity_scale=1.0,
        capacity_override=capacity,
        duration_weeks={**CONFIG.params.duration_weeks, "reform": 10.0},
    )
    work = 10.0 * params.desks["reform"]
    expected = [math.ceil(work / min(c, params.desks["reform"])) for c in capacity.values()]
    assert expected == [20, 40, 13, 10]
    for summary in (
        TaskModel(_solo_network(), params, rng=1).run(),
        simulate_chunk(_solo_network(), params, [1]),
    ):
        np.testing.assert_array_equal(summary.completion_week[0], expected)
        np.testing.assert_allclose(
            summary.utilisation[0, 3], 10 / 52 * params.desks["reform"] / 3.0
        )


def test_clearance_waits_follow_the_geometric_law():
    # one task, one party that answers with probability p a week: the wait is geometric(p)
    network = dataclasses.replace(
        _solo_network(),
        task_ids=("t1",),
        texts=("",),
        names=("t1",),
        kinds=("reform",),
        key=(False,),
        construction=(False,),
        leads=("a",),
        participants=(("b",),),
        via=(("",),),
        progress_pct=(math.nan,),
        progress=(None,),
    )
    p = 0.5 * 0.2  # city bureau responsiveness × scale
    params = quiet(
        CONFIG.params,
        responsiveness_scale=0.2,
        capacity_scale=1000.0,
        max_participants=None,
        duration_weeks={**CONFIG.params.duration_weeks, "reform": 10.0},
        gates={**{k: (0.0,) for k in CONFIG.params.kinds}, "reform": (0.0, 0.5)},
    )
    weeks = simulate_chunk(network, params, spawn_seeds(4, 4000)).completion_week[:, 0]
    # the clearance point (half of 10 weeks of work) is reached in week 5; requests are
    # attempted from week 6, the W-th attempt (W ~ geometric(p)) clears in week 5 + W and
    # work resumes that week: completion in week 9 + W, if W <= 43
    n = 52 - 9
    done = weeks > 0
    truncated_mean = 1 / p - n * (1 - p) ** n / (1 - (1 - p) ** n)
    assert (weeks[done] - 9.0).mean() == pytest.approx(truncated_mean, rel=0.03)
    assert (~done).mean() == pytest.approx((1 - p) ** n, abs=0.005)
    assert weeks[done].min() == 10  # cleared at the first attempt


def test_completion_is_monotone_in_capacity(abm_net2016):
    seeds = spawn_seeds(8, 192)
    completed, fulfilled = [], []
    for scale in (0.25, 0.5, 1.0, 2.0, 4.0):
        s = simulate_chunk(abm_net2016, CONFIG.params.replace(capacity_scale=scale), seeds)
        completed.append((s.completion_week > 0).mean())
        fulfilled.append(s.portfolio[:, 1].mean())
    assert np.all(np.diff(completed) >= -0.005), completed
    assert np.all(np.diff(fulfilled) >= -0.005), fulfilled
    assert completed[-1] > completed[0]


def test_invariants_hold_week_by_week(abm_net2016):
    params = CONFIG.params.replace(exception_rate=0.1, outside_share=0.5)
    model = TaskModel(abm_net2016, params, rng=3)
    assert isinstance(model, mesa.Model) and len(model.agents) == abm_net2016.n_agencies
    finished: dict[int, int] = {}
    previous = [0.0] * len(model.tasks)
    while model.running:
        model.step()
        for task in model.tasks:
            assert 0.0 <= previous[task.index] <= task.done <= task.total
            assert task.extra >= 0.0 and task.alloc >= 0.0
            previous[task.index] = task.done
            if model.steps < task.start:
                assert task.done == 0.0 and not any(r.pending for r in task.requests)
            if task.completed_week:
                assert finished.setdefault(task.index, task.completed_week) == task.completed_week
                assert task.done == task.total
            if task.completed_week and task.completed_week < model.steps:
                assert task.alloc == 0.0  # never worked again
                assert not any(r.pending or r.queued for r in task.requests)
            for group in task.groups:  # a satisfied collective keeps nobody waiting
                pending = sum(r.pending for r in group.requests)
                assert pending == 0 or pending > group.slack
        for agency in model.agencies:
            assert agency.backlog >= 0.0
            assert 0.0 <= agency.utilisation <= 1.0 + 1e-12
    assert model.steps == CONFIG.params.weeks and finished


def test_datacollector_reports_each_week(abm_net2008):
    model = TaskModel(abm_net2008, rng=2)
    summary = model.run()
    weekly = model.datacollector.get_model_vars_dataframe()
    assert len(weekly) == CONFIG.params.weeks
    assert weekly["tasks_completed"].iloc[-1] == (summary.completion_week > 0).sum()
    assert weekly["tasks_completed"].is_monotonic_increasing
    agents = model.datacollector.get_agent_vars_dataframe()
    assert set(agents.columns) == {"backlog", "utilisation"}


def test_seed_spellings_reproduce():
    net = _solo_network()
    params = CONFIG.params.replace(max_participants=0)
    assert_same(
        TaskModel(net, params, rng=np.random.default_rng(4)).run(),
        TaskModel(net, params, rng=np.random.default_rng(4)).run(),
    )
