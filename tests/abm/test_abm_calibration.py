"""Calibration: moments read from the notice, known parameters recovered, the shipped fit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from zzsim.abm import calibrate, moment_table
from zzsim.abm.calibration import j_statistic, predictive_check
from zzsim.abm.moments import simulated_moments
from zzsim.abm.params import default_config
from zzsim.abm.runner import run_seeds
from zzsim.abm.summary import on_track
from zzsim.errors import ModelError
from zzsim.rng import spawn_seeds

CONFIG = default_config()
BASE = CONFIG.params
RECORD_PATH = Path(CONFIG.path).with_name("calibration.yaml")


def test_moments_come_from_the_mid_year_notice(abm_net2016, abm_net2008):
    table = moment_table(abm_net2016).frame
    expected = {
        "started": 108 / 200,  # 共有108个重点项目开工建设 / 全年实施重点项目200个以上
        "completed": 6 / 200,  # 6个重点建设项目实现竣工
        "half_plan": 55 / 200,  # 有55个项目年计划任务完成过半
        "named_slow": 18 / 38,  # 38个重点项目中18个项目进展较慢
        "investment_h1": 896.9 / 2500,  # 上半年固定资产投资896.9亿元 / 带动全社会投资2500亿元以上
        "progress t2016-022": 0.52,  # 52%
        "progress t2016-023": 0.172,  # 17.2%,进展较慢
        "statement": 0.8,  # 基本实现了时间过半、任务过半, read as most but not all
    }
    got = table.loc[list(expected), "observed"]
    pd.testing.assert_series_equal(got, pd.Series(expected, name="observed"), check_names=False)
    tasks = table[table["kind"] == "task_on_track"]
    assert len(tasks) == 21  # every listed task without a stated percentage
    assert tasks["observed"].sum() == 17  # 17 of them read on track (with 022: 18 of 23)
    assert table.at["statement", "tolerance"] == 0.1
    assert table.at["investment_h1", "tolerance"] == 0.05  # a proxy for the key projects
    with pytest.raises(ModelError, match="nothing to calibrate on"):
        moment_table(abm_net2008)


@pytest.fixture(scope="module")
def recovery(abm_net2016):
    truth = {"outside_share": 0.3, "new_share": 0.6}
    params = BASE.replace(**truth)
    table = moment_table(abm_net2016)
    years = run_seeds(abm_net2016, params, spawn_seeds(99, 512), workers=1)
    synthetic = pd.Series(
        simulated_moments(years, abm_net2016, params, table).mean(axis=0), index=table.names
    )
    result = calibrate(
        abm_net2016,
        observed=synthetic,
        free=tuple(truth),
        replications=48,
        rng=5,
        design_points=16,
        max_evaluations=30,
    )
    return truth, result


def test_calibration_recovers_known_parameters(recovery):
    truth, result = recovery
    estimates = result.parameters["estimate"]
    for name, value in truth.items():
        assert estimates[name] == pytest.approx(value, abs=0.1), name
        assert (
            result.parameters.at[name, "ci_low"] <= value <= result.parameters.at[name, "ci_high"]
        )
    assert result.params.new_share == estimates["new_share"]
    assert result.parameters["identified"].all()


def test_calibration_report(recovery):
    _, result = recovery
    moments = result.moments
    z = (moments["observed"] - moments["simulated"]) / np.hypot(moments["sd"], moments["tolerance"])
    np.testing.assert_allclose(moments["z"], z)
    assert result.j_dof == len(moments) - 2 and 0 <= result.j_pvalue_simulated <= 1
    assert set(result.fixed.index) == set(BASE.names()) - {"outside_share", "new_share"}
    assert result.fixed["basis"].str.len().gt(10).all()  # every fixed parameter says why
    assert list(result.tasks.columns[:3]) == ["name", "observed", "evidence"]
    assert "J = " in result.summary() and "dof" in result.j_line()
    record = result.record("test")
    assert set(record["estimates"]) == {"outside_share", "new_share"}
    assert record["covariance"]["parameters"] == ["outside_share", "new_share"]


def test_calibration_refuses_what_it_cannot_do(abm_net2016, abm_net2008):
    with pytest.raises(ModelError, match="nothing to calibrate on"):
        calibrate(abm_net2008)
    with pytest.raises(ModelError, match="no calibration bounds"):
        calibrate(abm_net2016, free=("pressure",))
    names = moment_table(abm_net2016).names
    with pytest.raises(ModelError, match="lack"):
        calibrate(abm_net2016, observed=pd.Series({"started": 0.5}), free=("new_share",))
    assert len(names) > len(CONFIG.calibration.free)


# ------------------------------------------------------------- the shipped calibration


@pytest.fixture(scope="module")
def record():
    return yaml.safe_load(RECORD_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def shipped_runs(abm_net2016, record):
    # the calibration's simulated years: the first S of S + 2 seeds spawned from its root
    seeds = spawn_seeds(record["seed"], record["replications"] + 2)[: record["replications"]]
    return run_seeds(abm_net2016, BASE, seeds, workers=1)


def test_params_yaml_holds_the_estimates_of_the_shipped_calibration(record):
    assert record["command"].startswith("zzsim tasks calibrate --replications 200")
    assert set(record["estimates"]) == set(CONFIG.calibration.free)
    for name, value in record["estimates"].items():
        assert getattr(BASE, name) == value, name


def test_the_shipped_calibration_is_reproduced(abm_net2016, record, shipped_runs):
    table = moment_table(abm_net2016)
    runs = simulated_moments(shipped_runs, abm_net2016, BASE, table)
    recorded = pd.DataFrame(record["moments"]).T.loc[table.names]
    np.testing.assert_allclose(runs.mean(axis=0), recorded["simulated"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(table.observed, recorded["observed"], rtol=0, atol=1e-12)
    j = j_statistic(runs, table, CONFIG.calibration.sd_floor)
    assert j == pytest.approx(record["j_statistic"], rel=1e-9)
    # the over-identification test does not reject at 5%
    assert record["j_pvalue"] >= 0.05 and record["j_pvalue_simulated"] >= 0.05
    assert record["j_dof"] == len(table.names) - len(record["estimates"])
    assert all(record["identified"].values())


def test_the_fit_agrees_with_the_notice(abm_net2016, shipped_runs):
    # 基本实现了时间过半、任务过半: mean P(on track) within two tolerances of the reading
    statement = CONFIG.moments.statement
    p_on_track = on_track(shipped_runs, BASE).mean()
    assert abs(p_on_track - statement.reading) <= 2 * statement.tolerance
    # no more than a fifth of the listed tasks all but impossible within the year
    p_complete = (shipped_runs.completion_week > 0).mean(axis=0)
    assert np.count_nonzero(p_complete < 0.02) <= abm_net2016.n_tasks / 5


def test_predictive_check_simulates_every_moment(abm_net2016, record):
    cov = pd.DataFrame(
        record["covariance"]["logit_scale"],
        index=record["covariance"]["parameters"],
        columns=record["covariance"]["parameters"],
    )
    check = predictive_check(abm_net2016, BASE, cov, rng=1, draws=3, years=4)
    assert check.shape == (12, len(moment_table(abm_net2016).names))
    assert check.index.names == ["draw", "year"]
    # parameter draws differ from one another (the interval is not a point)
    per_draw = check.groupby(level="draw").mean()
    assert per_draw["started"].nunique() > 1
