"""Planner-facing outputs: per task, per agency, interventions, coupling to the engine."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zzsim.abm import (
    InvestmentHookOptions,
    compare_interventions,
    investment_hook,
    investment_lever,
    run_interventions,
    simulate,
    task_target_probabilities,
)
from zzsim.abm.interventions import explain_interventions
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


def test_task_table(results2008, results2016):
    tasks = results2008.tasks()
    assert list(tasks.index) == list(results2008.network.task_ids)
    weeks = results2008.summaries.completion_week
    np.testing.assert_allclose(tasks["p_complete"], (weeks > 0).mean(axis=0))
    assert tasks[["p_complete", "p_on_track_midyear"]].apply(lambda c: c.between(0, 1)).all().all()
    rare = tasks["p_complete"] <= 0.5
    assert tasks.loc[rare, "median_week"].isna().all()
    assert tasks.loc[~rare, "median_week"].between(1, CONFIG.params.weeks).all()
    # on track = progress at mid-year >= share of the plan period elapsed (时间过半、任务过半)
    on_track = (results2008.summaries.midyear_progress >= 0.5).mean(axis=0)
    np.testing.assert_allclose(tasks["p_on_track_midyear"], on_track)
    named = results2016.tasks()
    assert named.loc["t2016-014", "name"] == "加快株醴融城步伐"
    assert named.loc["t2016-020", "observed"] == "no_progress"


def test_a_new_construction_project_is_judged_on_its_own_schedule(results2016):
    # a project planned to start in week s is on track at mid-year with (27 - s) / (53 - s)
    # of its plan done, not half of it; one not yet due is on track with nothing done
    s = results2016.summaries
    i = results2016.network.task_ids.index("t2016-023")
    start = s.start_week[:, i].astype(float)
    share = np.maximum(0, 27 - start) / (53 - start)
    np.testing.assert_array_equal(results2016.on_track[:, i], s.midyear_progress[:, i] >= share)
    assert (start > 1).any()


def test_agency_table_breaks_collectives_into_members(results2016):
    agencies = results2016.agencies()
    assert agencies["delay_share"].sum() == pytest.approx(1.0)
    assert agencies["delay_share"].is_monotonic_decreasing
    named = agencies[agencies["named"]]
    assert list(named["rank"]) == list(range(1, len(named) + 1))
    assert (agencies.loc[~agencies["named"], "rank"] == 0).all()
    assert agencies.loc[~agencies["named"], "utilisation"].isna().all()
    assert named["utilisation"].between(0, 1 + 1e-9).all()
    assert agencies.loc["fgw", "tasks_led"] == 21
    assert "各县市区" in agencies.loc["liling", "member_of"]
    assert "相关县市区" in agencies.loc["liling", "member_of"]
    assert {"all_counties", "relevant_counties"}.isdisjoint(agencies.index)


def test_backlog_metrics_and_moments_shapes(results2016, results2008):
    backlog = results2016.backlog()
    assert backlog.shape == (CONFIG.params.weeks, results2016.network.n_agencies)
    assert (backlog.to_numpy() >= 0).all()
    assert list(results2016.metrics().columns) == list(METRICS)
    assert results2016.moments().notna().all().all()
    assert results2008.metrics()["key_plan_done"].isna().all()  # no portfolio in 2008
    assert "bottlenecks" in results2016.summary()


@pytest.fixture(scope="module")
def runs2016(abm_net2016):
    return run_interventions(
        abm_net2016,
        ("fgw_capacity", "fewer_participants", "faster_approvals"),
        replications=64,
        rng=3,
        workers=1,
        progress=False,
    )


def test_interventions_against_the_status_quo(runs2016):
    assert list(runs2016) == [
        "status_quo",
        "fgw_capacity",
        "fewer_participants",
        "faster_approvals",
    ]
    table = compare_interventions(runs2016)
    row = table.loc[("fewer_participants", "tasks_completed")]
    assert row["difference"] == pytest.approx(row["value"] - row["status_quo"])
    assert row["ci_low"] <= row["difference"] <= row["ci_high"]
    # fewer clearance points: less delay caused
    assert table.loc[("fewer_participants", "delay_weeks"), "ci_high"] < 0
    # faster approvals start more key projects: more of the year's investment done
    assert table.loc[("faster_approvals", "key_money_fulfilment"), "ci_low"] > 0
    # the same variant against itself: zero difference, zero width, nothing changed
    same = compare_interventions(
        {"status_quo": runs2016["status_quo"], "again": runs2016["status_quo"]}
    )
    assert (same["difference"] == 0).all() and (same["se"] == 0).all()
    assert (same["changed"] == 0).all()


def test_every_effect_comes_with_what_drives_it(runs2016):
    explained = explain_interventions(runs2016)
    assert list(explained.index) == ["fgw_capacity", "fewer_participants", "faster_approvals"]
    for name, row in explained.iterrows():
        assert "[" in row["sentence"] and row["driver"] in row["sentence"], name
    # more capacity at 市发改委 lowers its utilisation, and the sentence says so
    fgw = explained.loc["fgw_capacity"]
    assert fgw["driver"] == "市发展和改革委员会"
    assert fgw["utilisation_after"] < fgw["utilisation"]
    # an effect whose interval holds zero is explained, not left bare
    table = compare_interventions(runs2016)
    for name in explained.index:
        for metric in ("tasks_completed", "key_money_fulfilment"):
            low, high = table.loc[(name, metric), ["ci_low", "ci_high"]]
            if low <= 0 <= high:
                assert "无明显变化" in explained.loc[name, "sentence"]


def test_investment_lever_is_paired_and_needs_a_portfolio(results2016, results2008, abm_net2016):
    lever = investment_lever(results2016)
    assert lever.ci_low <= lever.growth_shift <= lever.ci_high
    assert lever.adjustments() == {"fixed_asset_investment": {2016: lever.growth_shift}}
    assert investment_lever(results2016, reference=results2016).growth_shift == 0.0
    other = simulate(abm_net2016, replications=8, rng=2, workers=1, progress=False)
    with pytest.raises(ModelError, match="same seeds"):
        investment_lever(other, reference=results2016)
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
    assert task_target_probabilities(targets, results2008)["task_id"].isna().all()
    assert isinstance(table, pd.DataFrame)


def test_investment_hook_for_scenarios():
    assert investment_hook([2017, 2018]) == {}
    assert investment_hook([2016, 2017], replications=8) == {2016: 0.0}  # status quo vs itself
    shift = investment_hook([2016], intervention="faster_approvals", replications=16)
    assert set(shift) == {2016} and shift[2016] > 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"replications": -5}, r"'replications'.*greater than or equal to 1"),
        ({"replications": True}, r"'replications'.*valid integer"),
        ({"replications": 2.0}, r"'replications'.*valid integer"),
        ({"seed": -1}, r"'seed'.*greater than or equal to 0"),
        ({"intervention": "more_meetings"}, r"'intervention'.*unknown intervention"),
        ({"relative": "yes"}, r"'relative'.*valid boolean"),
        ({"colour": "red"}, r"'colour'.*unknown option"),
    ],
)
def test_hook_options_are_validated_before_anything_runs(options, message):
    with pytest.raises(ModelError, match=message):
        investment_hook([2016], **options)


def test_hook_signature_accepts_exactly_the_options_model():
    # scenario files are validated against InvestmentHookOptions; the hook takes the same
    defaults = InvestmentHookOptions()
    assert set(InvestmentHookOptions.model_fields) == {
        "intervention",
        "replications",
        "seed",
        "relative",
        "workers",
    }
    assert defaults.intervention == "status_quo" and defaults.replications >= 1
    for name, field in InvestmentHookOptions.model_fields.items():
        assert field.description and "unit:" in field.description, name
