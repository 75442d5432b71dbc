"""The attainment engine on the shipped plan: reproducibility, honesty, coherence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zzsim.attainment import (
    CHUNK,
    NOT_MODELLED,
    REASON_KINDS,
    Method,
    attainment_table,
    judge,
    plan_targets,
    present_year,
    run_attainment,
)
from zzsim.attainment.simulation import Simulator
from zzsim.errors import ModelError, ScenarioError
from zzsim.models import fit
from zzsim.rng import spawn_seeds
from zzsim.scenarios import Scenario, load_scenario
from zzsim.targets import Target

DRAWS = 4_000
SCENARIOS = ["baseline", "downside", "upside"]


@pytest.fixture(scope="module")
def result():
    return run_attainment("fyp14", SCENARIOS, DRAWS, rng=11, progress=False)


def _direct(result, scenario: str):
    """Recompute one scenario's outcomes from the same seed, outside the pipeline."""
    simulated = [p for p in result.planned if p.simulated]
    indicators = sorted({str(p.target.indicator) for p in simulated})
    fitted = {i: fit(i) for i in indicators}
    first = min(*(p.years[0] for p in simulated), *(r.last_year for r in fitted.values()))
    years = tuple(range(first, max(p.years[1] for p in simulated) + 1))
    starts = {
        i: min(r.last_year, *(p.years[0] for p in simulated if p.target.indicator == i))
        for i, r in fitted.items()
    }
    sim = Simulator(fitted, years, starts)
    draw = sim.draw(spawn_seeds(result.seed, 1)[0], result.draws)
    start = min(r.last_year for r in fitted.values()) + 1  # each model masks its known years
    adjustments = load_scenario(scenario).adjustments(years, start=start)
    return judge(simulated, sim.compose(draw, adjustments))


def test_same_seed_same_table(result) -> None:
    again = run_attainment("fyp14", SCENARIOS, DRAWS, rng=11, progress=False)
    pd.testing.assert_frame_equal(result.table, again.table)
    other = run_attainment("fyp14", ["baseline"], DRAWS, rng=12, progress=False, lever_grid=())
    simulated = result.long[
        (result.long.scenario == "baseline") & (result.long.method != str(NOT_MODELLED))
    ]
    assert not np.allclose(simulated["p_attain"], other.long.loc[simulated.index, "p_attain"])


def test_the_pipeline_equals_a_direct_judgement_of_the_same_paths(result) -> None:
    """P, quantiles and the joint probability are those of the paths drawn from the seed."""
    for scenario in ("baseline", "downside"):
        judged = _direct(result, scenario)
        long = result.long[result.long.scenario == scenario].set_index("target_id")
        for tid, outcome in judged.items():
            assert long.at[tid, "p_attain"] == outcome.attained.mean()
        hits = np.logical_and.reduce([o.attained for o in judged.values()])
        assert result.joint[scenario] == hits.mean()
        assert result.joint[scenario] <= min(o.attained.mean() for o in judged.values())
        tid, outcome = next(iter(judged.items()))
        planned = {str(p.target.id): p for p in result.planned}[tid]
        scale = 1e-4 if planned.unit == "元" and planned.target.unit == "万元" else 1.0
        expected = np.nanquantile(outcome.value, [0.1, 0.5, 0.9]) * scale
        np.testing.assert_allclose(long.loc[tid, ["lo", "median", "hi"]], expected, rtol=1e-12)


def test_every_target_is_listed_and_unmodelled_ones_get_no_probability(result) -> None:
    table = result.table
    planned = plan_targets("fyp14")
    assert list(table.index[:-1]) == [str(p.target.id) for p in planned]
    assert table.index[-1] == "joint"
    not_modelled = table[table["method"] == str(NOT_MODELLED)]
    assert len(not_modelled) > 0
    assert not_modelled[("baseline", "p_attain")].isna().all()
    skipped = [p for p in result.planned if p.method is Method.NOT_MODELLED]
    assert all(p.reason and p.reason_kind in REASON_KINDS for p in skipped)
    assert result.reasons().sum() == len(skipped)


def test_probabilities_and_their_standard_errors(result) -> None:
    sim = result.long[result.long.method != str(NOT_MODELLED)]
    assert len(sim) > 0
    assert sim["p_attain"].between(0, 1).all()
    expected = np.sqrt(sim["p_attain"] * (1 - sim["p_attain"]) / DRAWS)
    np.testing.assert_allclose(sim["mc_se"], expected)
    assert (sim["lo"] <= sim["median"]).all() and (sim["median"] <= sim["hi"]).all()


def test_every_probability_says_what_it_rests_on(result) -> None:
    sim = result.long[result.long.method.str.startswith("simulated")]
    assert (sim["figures"] >= 1).all()
    assert (sim["last_year"] <= result.present).all()
    assert (sim["evidence"] != "").all()


def test_downside_is_no_better_than_upside_for_growth_targets(result) -> None:
    long = result.long.set_index(["target_id", "scenario"])
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
    planned = [p for p in plan_targets("fyp14") if p.simulated and p.target.basis == "avg_growth"]
    p = planned[0]
    years = tuple(range(p.years[0], p.years[1] + 1))
    sim = Simulator({str(p.target.indicator): fit(str(p.target.indicator))}, years)
    paths = sim.compose(
        sim.draw(spawn_seeds(3, 1)[0], 2_000), load_scenario("baseline").adjustments(years)
    )
    judged = judge([p], paths)[str(p.target.id)]
    index = paths.growth_index(str(p.target.indicator))
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


def test_unknown_or_repeated_scenarios_are_scenario_errors() -> None:
    with pytest.raises(ScenarioError, match="unknown scenario"):
        run_attainment("fyp14", ["no_such"], 100, rng=1, progress=False)
    with pytest.raises(ScenarioError, match="'baseline' is given twice"):
        run_attainment("fyp14", ["baseline", "baseline"], 100, rng=1, progress=False)


@pytest.mark.parametrize("draws", [10**12, 10**30])
def test_draws_that_cannot_fit_in_memory_are_refused_before_allocating(draws: int) -> None:
    with pytest.raises(ModelError, match=r"need about [\d,.]+ GiB .* GiB are available"):
        run_attainment("fyp14", ["baseline"], draws, rng=1, progress=False, lever_grid=())


@pytest.mark.parametrize("draws", [0, -5, 2.5, True])
def test_draws_must_be_a_positive_whole_number(draws) -> None:
    with pytest.raises(ModelError, match="positive whole number"):
        run_attainment("fyp14", ["baseline"], draws, rng=1, progress=False)


def test_joint_probability_of_a_chosen_group(result) -> None:
    ids = [str(p.target.id) for p in result.planned if p.simulated]
    pd.testing.assert_series_equal(result.joint_probability(ids), result.joint, check_names=False)
    judged = _direct(result, "baseline")
    pair = ids[:2]
    expected = np.mean(judged[pair[0]].attained & judged[pair[1]].attained)
    assert result.joint_probability(pair)["baseline"] == expected
    with pytest.raises(KeyError):
        result.joint_probability(["fyp14-006"])  # not simulated


def test_a_targets_probability_does_not_depend_on_its_neighbours() -> None:
    """Judged alone or with the whole plan, a target gets the same paths and probability."""
    grid = (-1.0, 0.0, 1.0)
    full = run_attainment("fyp14", ["downside"], 3_000, rng=4, progress=False, lever_grid=grid)
    target = next(p.target for p in plan_targets("fyp14") if str(p.target.id) == "fyp14-001")
    alone = run_attainment([target], ["downside"], 3_000, rng=4, progress=False, lever_grid=grid)
    columns = ["p_attain", "median", "lo", "hi", "shift_p50", "shift_p80"]
    pick = lambda r: r.long.set_index("target_id").loc["fyp14-001", columns]  # noqa: E731
    pd.testing.assert_series_equal(pick(alone), pick(full))


def test_more_paths_than_one_chunk_agree_with_one_chunk() -> None:
    """Two chunks: P and quantiles agree with one chunk within Monte Carlo error."""
    one = run_attainment("fyp14", ["baseline"], CHUNK, rng=9, progress=False, lever_grid=())
    two = run_attainment("fyp14", ["baseline"], 2 * CHUNK + 7, rng=9, progress=False, lever_grid=())
    a = one.long.set_index("target_id").dropna(subset=["p_attain"])
    b = two.long.set_index("target_id").loc[a.index]
    se = np.sqrt(a["mc_se"] ** 2 + b["mc_se"] ** 2)
    assert (np.abs(a["p_attain"] - b["p_attain"]) <= 4 * se + 1e-9).all()
    # the s.e. of a median is about 1.25 sd / sqrt(n); sd ~ (90% - 10% quantile) / 2.56
    tol = 4 * 1.25 * np.maximum(a["hi"] - a["lo"], b["hi"] - b["lo"]) / 2.56 / np.sqrt(CHUNK)
    assert (np.abs(a["median"] - b["median"]) <= tol + 1e-9).all()
    assert two.draws == 2 * CHUNK + 7
    assert all(acc.paths == 2 * CHUNK + 7 for acc in two.stats["baseline"].values())


def test_a_scenario_at_the_edge_of_its_schema_can_be_searched_around() -> None:
    """growth_shift -14.5 is valid; the search adds up to -6 more without re-validating."""
    edge = Scenario.from_dict(
        {
            "name": "edge",
            "description": "a deep recession",
            "assumptions": ["growth 14.5 points lower every year"],
            "levers": {"growth_shift": {"all": -14.5}},
        }
    )
    result = run_attainment("fyp14", [edge], 2_000, rng=1, progress=False, lever_draws=1_000)
    assert not result.lever.empty


def test_levers_leave_known_years_alone() -> None:
    """Scenario levers act from the year after the last known figure, never before."""
    present = present_year()
    years = tuple(range(present - 2, present + 4))
    for name in ("downside", "upside", "shock"):
        adj = load_scenario(name).adjustments(years, start=present + 1)
        for lever in (adj.growth_shift, *adj.growth_shift_by_indicator.values()):
            if lever:
                assert min(lever) == present + 1
        assert all(s.year is None or s.year > present for s in adj.shocks)
    sim = Simulator({"gdp": fit("gdp")}, years)
    draw = sim.draw(spawn_seeds(2, 1)[0], 500)
    base = sim.compose(draw, load_scenario("baseline").adjustments(years, start=present + 1))
    known = years.index(present)
    for name in ("downside", "upside"):
        moved = sim.compose(draw, load_scenario(name).adjustments(years, start=present + 1))
        np.testing.assert_allclose(  # equal up to rounding: a zero shift is added
            base.level("gdp")[:, : known + 1], moved.level("gdp")[:, : known + 1], rtol=1e-12
        )
        assert not np.array_equal(base.level("gdp")[:, -1], moved.level("gdp")[:, -1])


def test_progress_bars_name_each_stage(capsys: pytest.CaptureFixture[str]) -> None:
    run_attainment("fyp14", ["baseline"], 500, rng=1, progress=True, lever_grid=(0.0, 1.0))
    err = capsys.readouterr().err
    for stage in ("fitting models", "simulating", "growth needed"):
        assert stage in err
    run_attainment("fyp14", ["baseline"], 500, rng=1, progress=False, lever_grid=(0.0, 1.0))
    assert capsys.readouterr().err == ""


def test_a_sum_in_person_times_is_judged_on_the_yearly_persons(result) -> None:
    """累计25万人次 of new urban jobs: the sum of the yearly counts (万人) over 2021-2025."""
    from zzsim.attainment.plan import in_model_units

    p = {str(q.target.id): q for q in result.planned}["fyp14-108"]
    assert p.simulated and p.unit == "万人" and p.target.unit == "万人次"
    assert in_model_units(p).value == 25.0
    row = result.long.set_index(["target_id", "scenario"]).loc[("fyp14-108", "baseline")]
    assert row["unit"] == "万人次" and row["reading"] == "2021-2025年累计 ≥ 25万人次"
    judged = _direct(result, "baseline")["fyp14-108"]
    assert row["p_attain"] == judged.attained.mean()


def test_a_zero_target_is_not_given_a_probability_of_zero() -> None:
    """大班额清零: a logit model never reaches 0, so P would be 0 by construction."""
    planned = {str(p.target.id): p for p in plan_targets("annual2020")}
    zero = planned["annual2020-062"]
    assert zero.method is Method.NOT_MODELLED and zero.reason_kind == "zero target"
    assert "cannot say when it reaches zero" in zero.reason


@pytest.mark.parametrize(
    ("target_id", "plans"),
    [("annual2020-008", ["annual2020"]), ("fyp14-002", ["fyp14", "plan2008"])],
)
def test_a_target_is_judged_the_same_alone_or_with_any_neighbours(target_id, plans) -> None:
    """Whether and how a target is simulated does not depend on the other targets."""
    from zzsim.data import load_targets

    rows = pd.concat([load_targets(p) for p in plans])
    together = run_attainment(rows, ["baseline"], 2_000, rng=3, progress=False, lever_grid=())
    alone = run_attainment(
        rows.loc[[target_id]], ["baseline"], 2_000, rng=3, progress=False, lever_grid=()
    )
    a = alone.long.set_index("target_id").loc[target_id]
    b = together.long.set_index("target_id").loc[target_id]
    assert a["method"].startswith("simulated") and b["method"] == a["method"]
    assert b["p_attain"] == a["p_attain"] and b["median"] == a["median"]


def test_figures_of_one_indicator_do_not_move_the_levers_of_another() -> None:
    """Hypothetical 2021-2022 figures of new urban jobs move the planning date to 2022, but
    GDP, known to 2020 only, keeps its scenario levers from 2021 on."""
    jobs = pd.DataFrame(
        {
            "indicator": ["new_urban_jobs"] * 2,
            "year": [2021, 2022],
            "value": [6.0, 6.1],
            "unit": ["万人"] * 2,
            "measure": ["level"] * 2,
            "source": ["hypothetical test figures (示例数据，非实际统计)"] * 2,
        }
    )
    target = next(p.target for p in plan_targets("fyp14") if str(p.target.id) == "fyp14-001")
    plain = run_attainment([target], SCENARIOS, 2_000, rng=8, progress=False, lever_grid=())
    mixed = run_attainment(
        [target], SCENARIOS, 2_000, rng=8, progress=False, lever_grid=(), figures=jobs
    )
    assert (plain.present, mixed.present) == (2020, 2022)
    pd.testing.assert_series_equal(plain.long["p_attain"], mixed.long["p_attain"])


def test_a_draft_target_without_an_indicator_says_so() -> None:
    """In a built-in plan an empty indicator is a one-off count; in a draft, unrecognised."""
    from zzsim.targets import read_targets

    draft = read_targets("“十五五”期间，新增上市公司10家，总产 145 万吨以上。").targets
    planned = plan_targets(draft)
    assert {p.reason_kind for p in planned} == {"no indicator"}
    builtin = {str(p.target.id): p for p in plan_targets("fyp14")}["fyp14-015"]
    assert builtin.reason_kind == "one-off count"
