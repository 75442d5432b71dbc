"""The attainment engine on the shipped plan: reproducibility, honesty, coherence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zzsim.attainment import NOT_MODELLED, attainment_table, judge, plan_targets, run_attainment
from zzsim.models import simulate_joint
from zzsim.targets import Target

DRAWS = 4_000


@pytest.fixture(scope="module")
def result():
    return run_attainment(
        "fyp14", ["baseline", "downside", "upside"], DRAWS, rng=11, progress=False
    )


def test_same_seed_same_table(result) -> None:
    again = run_attainment(
        "fyp14", ["baseline", "downside", "upside"], DRAWS, rng=11, progress=False
    )
    pd.testing.assert_frame_equal(result.table, again.table)
    other = run_attainment("fyp14", ["baseline"], DRAWS, rng=12, progress=False, lever_grid=())
    simulated = result.long[
        (result.long.scenario == "baseline") & (result.long.method != NOT_MODELLED)
    ]
    assert not np.allclose(simulated["p_attain"], other.long.loc[simulated.index, "p_attain"])


def test_every_target_is_listed_and_unmodelled_ones_get_no_probability(result) -> None:
    table = result.table
    planned = plan_targets("fyp14")
    assert list(table.index[:-1]) == [str(p.target.id) for p in planned]
    assert table.index[-1] == "joint"
    not_modelled = table[table["method"] == NOT_MODELLED]
    assert len(not_modelled) > 0
    assert not_modelled[("baseline", "p_attain")].isna().all()
    assert (result.long.loc[result.long.method == NOT_MODELLED, "reason"] != "").all()


def test_probabilities_and_their_standard_errors(result) -> None:
    sim = result.long[result.long.method != NOT_MODELLED]
    assert len(sim) > 0
    assert sim["p_attain"].between(0, 1).all()
    expected = np.sqrt(sim["p_attain"] * (1 - sim["p_attain"]) / DRAWS)
    np.testing.assert_allclose(sim["mc_se"], expected)
    assert (sim["lo"] <= sim["median"]).all() and (sim["median"] <= sim["hi"]).all()


def test_joint_probability_is_the_share_of_paths_meeting_all(result) -> None:
    for scenario in ("baseline", "downside", "upside"):
        judged = result.outcomes[scenario]
        all_met = np.logical_and.reduce([j.attained for j in judged.values()])
        assert result.joint[scenario] == pytest.approx(all_met.mean())
        assert result.joint[scenario] <= min(j.attained.mean() for j in judged.values()) + 1e-12


def test_downside_is_no_better_than_upside_for_growth_targets(result) -> None:
    long = result.long[result.long.method != NOT_MODELLED].set_index(["target_id", "scenario"])
    growth = [
        p
        for p in result.planned
        if p.simulated and p.target.indicator in ("gdp_per_capita", "retail_sales")
    ]
    assert growth
    for p in growth:
        tid = str(p.target.id)
        assert long.loc[(tid, "downside"), "p_attain"] <= long.loc[(tid, "baseline"), "p_attain"]
        assert long.loc[(tid, "baseline"), "p_attain"] <= long.loc[(tid, "upside"), "p_attain"]


def test_judge_matches_a_direct_evaluation() -> None:
    """One target judged by the engine equals the target grammar's evaluation on the same paths."""
    planned = [p for p in plan_targets("fyp14") if p.simulated and p.target.basis == "avg_growth"][
        :1
    ]
    assert planned
    p = planned[0]
    years = tuple(range(p.years[0], p.years[1] + 1))
    paths = simulate_joint([p.target.indicator], years, 2_000, rng=3)
    judged = judge(planned, paths)[str(p.target.id)]
    index = paths.growth_index(p.target.indicator)
    avg = (index[:, -1] / index[:, 0]) ** (1 / (len(years) - 1)) * 100 - 100
    np.testing.assert_allclose(judged.value, avg, rtol=1e-10)


def test_attainment_table_accepts_structured_targets() -> None:
    target = Target(
        operator=">=",
        value=0.0,
        unit="%",
        basis="avg_growth",
        id="t",
        indicator="gdp_real_growth",
        start_year=2021,
        end_year=2025,
        text="增长不低于0",
    )
    table = attainment_table([target], "baseline", 2_000, rng=1, progress=False, lever_grid=())
    assert table.loc["t", "method"].startswith("simulated")


def test_unknown_scenario_is_a_scenario_error() -> None:
    from zzsim.errors import ScenarioError

    with pytest.raises(ScenarioError, match="unknown scenario"):
        run_attainment("fyp14", ["no_such"], 100, rng=1, progress=False)


def test_joint_probability_of_a_chosen_group(result) -> None:
    ids = [str(p.target.id) for p in result.planned if p.simulated]
    pd.testing.assert_series_equal(result.joint_probability(ids), result.joint, check_names=False)
    pair = ids[:2]
    expected = np.mean(
        result.outcomes["baseline"][pair[0]].attained
        & result.outcomes["baseline"][pair[1]].attained
    )
    assert result.joint_probability(pair)["baseline"] == pytest.approx(expected)
    single = result.joint_probability(ids[:1])
    assert single["upside"] == pytest.approx(result.outcomes["upside"][ids[0]].attained.mean())
    with pytest.raises(KeyError, match="fyp14-002"):
        result.joint_probability([*ids, "fyp14-002"])


def test_a_targets_probability_does_not_depend_on_its_neighbours() -> None:
    """Judged alone or with the whole plan, a target gets the same paths and probability."""
    full = run_attainment(
        "fyp14", ["downside"], 3_000, rng=4, progress=False, lever_grid=(-1.0, 0.0, 1.0)
    )
    alone_rows = plan_targets("fyp14")
    target = next(p.target for p in alone_rows if str(p.target.id) == "fyp14-001")
    alone = run_attainment(
        [target], ["downside"], 3_000, rng=4, progress=False, lever_grid=(-1.0, 0.0, 1.0)
    )
    np.testing.assert_array_equal(
        alone.outcomes["downside"]["fyp14-001"].value, full.outcomes["downside"]["fyp14-001"].value
    )
    assert alone.lever.loc[("fyp14-001", "downside")].equals(
        full.lever.loc[("fyp14-001", "downside")]
    )


def test_levers_leave_known_years_alone() -> None:
    """Scenario levers act from the year after the last known figure, never before."""
    from zzsim.attainment import present_year
    from zzsim.scenarios import load_scenario

    present = present_year()
    years = tuple(range(present - 2, present + 4))
    for name in ("downside", "upside", "shock"):
        adj = load_scenario(name).shifted(1.0).adjustments(years, start=present + 1)
        for lever in (adj.growth_shift, *adj.growth_shift_by_indicator.values()):
            assert min(lever) == present + 1
        assert all(s.year is None or s.year > present for s in adj.shocks)
    base = simulate_joint(["gdp"], years, 500, rng=2)
    for name in ("downside", "upside"):
        adj = load_scenario(name).adjustments(years, start=present + 1)
        moved = simulate_joint(["gdp"], years, 500, rng=2, adjustments=adj)
        known = years.index(present)
        np.testing.assert_allclose(  # equal up to rounding: a zero shift is added
            base.level("gdp")[:, : known + 1], moved.level("gdp")[:, : known + 1], rtol=1e-12
        )
        assert not np.array_equal(base.level("gdp")[:, -1], moved.level("gdp")[:, -1])
