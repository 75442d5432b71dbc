"""Planner-facing outputs: per task, per agency, interventions, coupling to the engine."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zzsim.abm import (
    compare_interventions,
    investment_lever,
    run_interventions,
    simulate,
    task_target_probabilities,
)
from zzsim.abm.outputs import METRICS
from zzsim.abm.params import default_config
from zzsim.data import load_targets
from zzsim.errors import ModelError

CONFIG = default_config()


@pytest.fixture(scope="module")
def results2016(abm_net2016):
    return simulate(abm_net2016, replications=64, rng=1, workers=1, progress=False)


@pytest.fixture(scope="module")
def results2008(abm_net2008):
    return simulate(abm_net2008, replications=64, rng=1, workers=1, progress=False)


def test_task_table(results2008):
    tasks = results2008.tasks()
    assert list(tasks.index) == list(results2008.network.task_ids)
    weeks = results2008.summaries.completion_week
    np.testing.assert_allclose(tasks["p_complete"], (weeks > 0).mean(axis=0))
    assert tasks[["p_complete", "p_on_track_midyear"]].apply(lambda c: c.between(0, 1)).all().all()
    rare = tasks["p_complete"] <= 0.5
    assert tasks.loc[rare, "median_week"].isna().all()
    assert tasks.loc[~rare, "median_week"].between(1, CONFIG.params.weeks).all()
    # on track = progress at mid-year >= share of the year elapsed (时间过半、任务过半)
    on_track = (results2008.summaries.midyear_progress >= 0.5).mean(axis=0)
    np.testing.assert_allclose(tasks["p_on_track_midyear"], on_track)


def test_agency_table_ranks_bottlenecks(results2016):
    agencies = results2016.agencies()
    assert agencies["delay_share"].sum() == pytest.approx(1.0)
    assert agencies["delay_share"].is_monotonic_decreasing
    assert list(agencies["rank"]) == list(range(1, len(agencies) + 1))
    assert agencies["utilisation"].between(0, 1 + 1e-9).all()
    assert agencies.loc["fgw", "tasks_led"] == 21


def test_backlog_metrics_and_moments_shapes(results2016, results2008):
    backlog = results2016.backlog()
    assert backlog.shape == (CONFIG.params.weeks, results2016.network.n_agencies)
    assert (backlog.to_numpy() >= 0).all()
    assert list(results2016.metrics().columns) == list(METRICS)
    assert results2016.moments().notna().all().all()
    assert results2008.metrics()["key_plan_done"].isna().all()  # no portfolio in 2008
    assert "bottlenecks" in results2016.summary()


def test_interventions_against_the_status_quo(abm_net2008):
    config = default_config()
    runs = run_interventions(
        abm_net2008,
        ("fgw_capacity", "fewer_participants"),
        config=config,
        replications=48,
        rng=3,
        workers=1,
        progress=False,
    )
    assert list(runs) == ["status_quo", "fgw_capacity", "fewer_participants"]
    table = compare_interventions(runs)
    assert set(table.index.get_level_values("metric")) == set(METRICS) - {
        "key_plan_done",
        "key_money_fulfilment",
        "key_completed",
    }
    row = table.loc[("fewer_participants", "tasks_completed")]
    assert row["difference"] == pytest.approx(row["value"] - row["status_quo"])
    assert row["ci_low"] <= row["difference"] <= row["ci_high"]
    # fewer clearance points: less delay caused, a clearly positive effect on completion
    assert table.loc[("fewer_participants", "delay_weeks"), "ci_high"] < 0
    # the same variant against itself: zero difference, zero width
    same = compare_interventions({"status_quo": runs["status_quo"], "again": runs["status_quo"]})
    assert (same["difference"] == 0).all() and (same["se"] == 0).all()


def test_investment_lever_mapping(results2016, abm_net2016):
    lever = investment_lever(results2016)
    phi = results2016.metrics()["key_money_fulfilment"].mean()
    key_share = 381.6 / 896.9  # H1 key-project / all fixed-asset investment (source 002)
    assert lever.key_share == pytest.approx(key_share)
    assert lever.growth_target == 18.0
    assert lever.growth_shift == pytest.approx(100 * key_share * 1.18 * (phi - 1.0))
    assert lever.ci_low <= lever.growth_shift <= lever.ci_high
    assert lever.adjustments() == {"fixed_asset_investment": {2016: lever.growth_shift}}
    paired = investment_lever(results2016, reference=results2016)
    assert paired.growth_shift == 0.0
    other = simulate(abm_net2016, replications=8, rng=2, workers=1, progress=False)
    with pytest.raises(ModelError, match="same seeds"):
        investment_lever(other, reference=results2016)


def test_investment_lever_needs_a_portfolio(results2008):
    with pytest.raises(ModelError, match="no key-project portfolio"):
        investment_lever(results2008)


def test_task_targets_take_a_probability_only_where_a_task_matches(results2016, results2008):
    targets = load_targets("annual2016")
    table = task_target_probabilities(targets, results2016)
    assert set(table.index) == set(targets.index[targets["indicator"] == ""])
    assert table.at["annual2016-008", "task_id"] == "t2016-008"  # 全年实施重点项目200个以上
    assert (
        table.at["annual2016-008", "p_attain"] == results2016.tasks().at["t2016-008", "p_complete"]
    )
    assert table.at["annual2016-008", "method"] == "abm task completion"
    unmatched = table.drop(index="annual2016-008")
    assert unmatched["p_attain"].isna().all() and (unmatched["method"] == "not modelled").all()
    # the 2008 table's targets run to 2012: a completion probability within 2008 answers none
    table2008 = task_target_probabilities(load_targets("plan2008"), results2008)
    assert table2008["task_id"].isna().all()
    # wrong table for the plan: no match either
    assert task_target_probabilities(targets, results2008)["task_id"].isna().all()
    assert isinstance(table, pd.DataFrame)


def test_investment_hook_for_scenarios():
    from zzsim.abm.coupling import investment_hook

    assert investment_hook([2017, 2018]) == {}
    assert investment_hook([2016, 2017], replications=8) == {2016: 0.0}  # status quo vs itself
    shift = investment_hook([2016], intervention="fgw_capacity", replications=8)
    assert set(shift) == {2016} and np.isfinite(shift[2016])
