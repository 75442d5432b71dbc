"""Calibration: moments read from the report, known parameters recovered, honest reporting."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zzsim.abm import calibrate, observed_moments
from zzsim.abm.params import default_config
from zzsim.abm.runner import run_seeds
from zzsim.abm.summary import MOMENTS
from zzsim.errors import ModelError
from zzsim.rng import spawn_seeds

BASE = default_config().params


def test_observed_moments_come_from_the_mid_year_report(abm_net2016, abm_net2008):
    observed = observed_moments(abm_net2016)
    expected = {
        "started": 108 / 200,  # 共有108个重点项目开工建设 / 全年实施重点项目200个以上
        "completed": 6 / 200,  # 6个重点建设项目实现竣工
        "half_plan": 55 / 200,  # 有55个项目年计划任务完成过半
        "named_slow": 18 / 38,  # 38个重点项目中18个项目进展较慢
        "investment_h1": 896.9 / 2500,  # 上半年固定资产投资896.9亿元 / 带动全社会投资2500亿元以上
        "listed_progress": (52 + 17.2) / 200,  # the two construction projects, 52% and 17.2%
    }
    pd.testing.assert_series_equal(
        observed, pd.Series(expected, name="observed"), check_exact=False
    )
    assert observed_moments(abm_net2008).drop("listed_progress").isna().all()


@pytest.fixture(scope="module")
def recovery(abm_net2016):
    truth = {"responsiveness_scale": 0.3, "new_share": 0.6}
    years = run_seeds(
        abm_net2016, BASE.replace(**truth), spawn_seeds(99, 256), workers=1, chunk_size=128
    )
    synthetic = pd.Series(years.moments.mean(axis=0), index=list(MOMENTS))
    result = calibrate(
        abm_net2016,
        observed=synthetic,
        free=tuple(truth),
        replications=32,
        rng=5,
        design_points=16,
        max_evaluations=30,
    )
    return truth, result


def test_calibration_recovers_known_parameters(recovery):
    truth, result = recovery
    estimates = result.parameters["estimate"]
    for name, value in truth.items():
        assert estimates[name] == pytest.approx(value, rel=0.1), name
        assert (
            result.parameters.at[name, "ci_low"] <= value <= result.parameters.at[name, "ci_high"]
        )
    assert result.params.new_share == estimates["new_share"]
    assert result.moments["matched"].all() and result.unmatched == []


def test_calibration_report(recovery):
    _, result = recovery
    assert list(result.moments.columns) == [
        "observed",
        "simulated",
        "sd",
        "z",
        "matched",
        "description",
    ]
    z = (result.moments["observed"] - result.moments["simulated"]) / result.moments["sd"]
    np.testing.assert_allclose(result.moments["z"], z)
    assert result.j_dof == len(MOMENTS) - 2 and 0 <= result.j_pvalue <= 1
    assert (
        (result.parameters["lower"] <= result.parameters["estimate"])
        & (result.parameters["estimate"] <= result.parameters["upper"])
    ).all()
    assert result.covariance.shape == (2, 2)
    assert "moments not matched: none" in result.summary()


def test_calibration_refuses_what_it_cannot_do(abm_net2016, abm_net2008):
    with pytest.raises(ModelError, match="no key-project portfolio"):
        calibrate(abm_net2008)
    with pytest.raises(ModelError, match="no calibration bounds"):
        calibrate(abm_net2016, free=("pressure",))
    with pytest.raises(ModelError, match="cannot identify"):
        calibrate(
            abm_net2016, observed=pd.Series({"started": 0.5}), free=("new_share", "final_share")
        )
