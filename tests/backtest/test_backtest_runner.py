"""assemble(): PIT, units and the join of probabilities, outcomes and references."""

import numpy as np
import pandas as pd
import pytest

from zzsim.attainment import Attainment, Method, PlannedTarget
from zzsim.backtest import BACKTEST_COLUMNS, assemble, scores
from zzsim.scenarios import load_scenario
from zzsim.targets import Target

ROWS = [
    {"id": "x-1", "plan": "x", "indicator": "gdp", "region": "株洲市", "text": "GDP年均增长9%左右",
     "operator": "around", "value": 9.0, "unit": "%", "basis": "avg_growth",
     "start_year": 2016, "end_year": 2020},
    {"id": "x-2", "plan": "x", "indicator": "gdp", "region": "株洲市", "text": "GDP达到3000亿元",
     "operator": ">=", "value": 3000.0, "unit": "亿元", "basis": "level",
     "start_year": 2020, "end_year": 2020},
    {"id": "x-3", "plan": "x", "indicator": "", "region": "株洲市", "text": "新建项目200个",
     "operator": ">=", "value": 200.0, "unit": "个", "basis": "level",
     "start_year": 2020, "end_year": 2020},
    {"id": "x-4", "plan": "x", "indicator": "retail_sales", "region": "株洲市",
     "text": "社会消费品零售总额年均增长12%", "operator": "around", "value": 12.0, "unit": "%",
     "basis": "avg_growth", "start_year": 2016, "end_year": 2020},
]  # fmt: skip
SERIES = [
    {"indicator": "gdp", "year": 2020, "start_year": 2016, "value": 7.1,
     "measure": "avg_growth", "vintage": 2021, "price_basis": "real"},
    {"indicator": "gdp", "year": 2020, "value": 3105.8, "unit": "亿元",
     "measure": "level", "vintage": 2021, "price_basis": "nominal"},
    {"indicator": "gdp", "year": 2015, "value": 9.5, "measure": "yoy_growth",
     "vintage": 2016, "price_basis": "real"},
    {"indicator": "retail_sales", "year": 2020, "start_year": 2016, "value": 8.1,
     "measure": "avg_growth", "vintage": 2021, "price_basis": "nominal"},
]  # fmt: skip


class Judged:
    def __init__(self, value, attained):
        self.value, self.attained = value, attained


def _attainment(planned, outcomes):
    return Attainment.from_outcomes(
        planned, (load_scenario("baseline"),), {"baseline": outcomes}, present=2015
    )


@pytest.fixture
def case(series_factory):
    t = [Target.from_row(r) for r in ROWS]
    growth = np.array([6.0, 7.0, 7.1, 8.0, 9.0, 10.0])
    level = np.array([2.9e7, 3.0e7, 3.2e7, 3.3e7])  # 万元: 2900..3300 亿元
    zz = _attainment(
        (
            PlannedTarget(t[0], Method.SIMULATED, "test", path="growth_index", unit="%"),
            PlannedTarget(t[1], Method.SIMULATED, "test", unit="万元"),  # the path is in 万元
            PlannedTarget(t[2], Method.NOT_MODELLED, reason="a one-off count"),
        ),
        {"x-1": Judged(growth, np.abs(growth - 9.0) <= 0.5), "x-2": Judged(level, level >= 3.0e7)},
    )
    point = np.full(3, 13.0)
    planned = (PlannedTarget(t[0], Method.SIMULATED, "test", path="growth_index", unit="%"),)
    reference = _attainment(planned, {"x-1": Judged(point, np.abs(point - 9.0) <= 0.5)})
    frame = assemble(
        "x", 2015, pd.DataFrame(ROWS), zz, reference,
        series=series_factory(SERIES),
    )  # fmt: skip
    return frame.set_index("target_id")


def test_columns_and_verdicts(case):
    assert list(case.columns) == [c for c in BACKTEST_COLUMNS if c != "target_id"]
    assert (case["plan"] == "x").all() and (case["cutoff"] == 2015).all()
    assert case["attained"].tolist()[:2] == [False, True]
    assert bool(case.at["x-4", "attained"]) is False
    assert pd.isna(case.at["x-3", "attained"]) and np.isnan(case.at["x-3", "p_attain"])
    assert case.at["x-1", "p_attain"] == pytest.approx(1 / 6)  # 9.0 only
    assert case.at["x-2", "realised_id"] == "t-002"
    assert case.at["x-3", "reason"] == "a one-off count"
    assert (
        case.at["x-4", "method"] == "not modelled"
        and case.at["x-4", "reason"] == "not in the attainment result"
    )


def test_pit_counts_simulated_outcomes_at_or_below_the_realised_value(case):
    assert case.at["x-1", "pit"] == pytest.approx(3 / 6)  # 6.0, 7.0 and 7.1 of six outcomes
    assert case.at["x-2", "pit"] == pytest.approx(2 / 4)  # 3105.8 亿元 = 3.1058e7 万元
    assert np.isnan(case.at["x-3", "pit"]) and np.isnan(case.at["x-4", "pit"])


def test_references_and_intervals_in_target_terms(case):
    assert case.at["x-1", "p_persistence"] == 1.0  # 9.5 is on the edge of 9 +- 0.5
    assert case.at["x-1", "p_rate_of_change"] == 0.0
    assert case.at["x-1", "rate_of_change_lo"] == case.at["x-1", "rate_of_change_hi"] == 13.0
    assert np.isnan(case.at["x-2", "p_rate_of_change"])
    expected_hi = np.quantile([2.9e7, 3.0e7, 3.2e7, 3.3e7], 0.9) / 1e4  # back in 亿元
    assert case.at["x-2", "hi"] == pytest.approx(expected_hi)
    table = scores(case.reset_index(), common=False).set_index("model")
    assert table["n"].to_dict() == {
        "zzsim": 2,
        "planners": 3,
        "persistence": 1,
        "rate_of_change": 1,
    }
    assert table.at["planners", "brier"] == pytest.approx(2 / 3)
    common = scores(case.reset_index()).set_index("model")
    assert (common["n"] == 1).all()  # only x-1 has every forecast and an outcome
