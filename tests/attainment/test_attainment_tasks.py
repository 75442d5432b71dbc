"""Coupling with the task ABM: count targets answered by a matching task, and the hook."""

from __future__ import annotations

import numpy as np
import pytest

from zzsim.abm import build_network, simulate
from zzsim.attainment import NOT_MODELLED, run_attainment
from zzsim.scenarios import Scenario


@pytest.fixture(scope="module")
def tasks():
    return simulate(build_network("table2016"), replications=60, rng=3, progress=False, workers=1)


def test_matching_count_targets_take_the_task_probability(tasks) -> None:
    result = run_attainment(
        "annual2016",
        ["baseline", "downside"],
        1_000,
        rng=1,
        progress=False,
        lever_grid=(),
        tasks=tasks,
    )
    long = result.long
    answered = long[long.method.str.startswith("task ABM")]
    assert len(answered) == 2  # one target, two scenarios
    task_id = answered["method"].iloc[0].split(": ")[1]
    expected = float(tasks.tasks().loc[task_id, "p_complete"])
    assert np.allclose(answered["p_attain"], expected)
    # every other target without an indicator stays not modelled, with no probability
    rest = long[(long.method == NOT_MODELLED)]
    assert rest["p_attain"].isna().all()
    # the ABM answer does not enter the joint probability over simulated paths
    without = run_attainment(
        "annual2016", ["baseline", "downside"], 1_000, rng=1, progress=False, lever_grid=()
    )
    assert result.joint.equals(without.joint)


def test_scenarios_can_name_the_builtin_task_abm_hook() -> None:
    scenario = Scenario.from_dict(
        {
            "name": "abm_push",
            "description": "督查加强后重点项目推进更快",
            "levers": {
                "external": [
                    {
                        "hook": "task_abm",
                        "lever": "growth_shift_by_indicator",
                        "indicator": "fixed_asset_investment",
                        "options": {
                            "intervention": "stronger_supervision",
                            "replications": 20,
                            "seed": 5,
                        },
                    }
                ]
            },
        }
    )
    shift = scenario.adjustments((2016,)).growth_shift_by_indicator["fixed_asset_investment"]
    assert set(shift) == {2016}
    assert shift[2016] > 0  # stronger supervision completes more key investment than the status quo
