"""A mid-term review: the planner's figures for years after 2020 (hypothetical example file)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from zzsim.attainment import Progress, run_attainment
from zzsim.attainment.exports import notes
from zzsim.attainment.plan import Method, PlannedTarget
from zzsim.attainment.progress import progress_at
from zzsim.cli import main
from zzsim.data import load_figures
from zzsim.targets import Target

EXAMPLE = Path(__file__).parents[2] / "examples" / "figures_2021_2022_hypothetical.csv"
DRAWS = 4_000


@pytest.fixture(scope="module")
def review():
    return run_attainment("fyp14", ["baseline"], DRAWS, rng=3, progress=False, figures=EXAMPLE)


@pytest.fixture(scope="module")
def before():
    return run_attainment("fyp14", ["baseline"], DRAWS, rng=3, progress=False)


def test_the_planning_date_moves_to_the_last_figure(review, before) -> None:
    assert before.present == 2020
    assert review.present == 2022
    assert set(review.figures_used["origin"]) == {"built-in", "user"}


def test_figures_no_model_reads_are_listed_with_the_reason(review) -> None:
    """Per-capita GDP is derived from GDP and population: the planner's own rows of it are
    named under the table, in English and in the Chinese notes of the docx and xlsx."""
    unused = review.figures_unused
    assert list(unused["indicator"]) == ["gdp_per_capita", "gdp_per_capita"]
    assert list(unused["year"]) == [2021, 2022]
    assert set(unused["reads"]) == {"gdp、population_resident"}
    en = " ".join(notes(review))
    assert ("2 of your figures fed no model of this table: gdp_per_capita 2021, 2022 "
            "(the gdp_per_capita model reads the figures of gdp and population_resident)") in en
    zh = " ".join(notes(review, language="zh"))
    assert "gdp_per_capita 2021、2022年（该指标由 gdp、population_resident 的数据推算）" in zh
    assert "model reads" not in zh


def test_observed_years_are_known_not_forecast(review) -> None:
    """The simulated 2022 per-capita GDP follows the planner's figure (92000元)."""
    fan = review.fans["baseline"]["fyp14-001"]
    assert fan.loc[2022, 0.5] == pytest.approx(92_000, rel=0.01)
    assert fan.loc[2022, 0.9] / fan.loc[2022, 0.1] < 1.03  # known to within its noise


def test_later_intervals_narrow_and_probabilities_move(review, before) -> None:
    new = review.long.set_index("target_id")
    old = before.long.set_index("target_id")
    for tid in ("fyp14-001", "fyp14-016"):
        assert new.at[tid, "hi"] - new.at[tid, "lo"] < old.at[tid, "hi"] - old.at[tid, "lo"]
    assert new.at["fyp14-016", "p_attain"] != old.at["fyp14-016", "p_attain"]


def test_progress_at_the_planning_date_is_reported(review) -> None:
    # only targets whose indicator has a figure of the planning date: where the others
    # stood would be a forecast (e.g. technology's contribution: last figure 2020)
    assert "fyp14-022" not in review.progress and "fyp14-002" in review.progress
    mark = review.progress["fyp14-001"]
    assert mark.elapsed == pytest.approx(2 / 5)
    base = 3105.8e4 / 390.0  # not exact (the model's 2020 median), so a band
    assert 0.2 < mark.done < 0.45
    assert mark.done == pytest.approx((92_000 - base) / (120_000 - base), abs=0.05)


def test_targets_whose_window_is_observed_are_certain() -> None:
    """Observed 2021-2022 real growth (8%, 5%: 6.49% a year) makes '>= 5.5%' certain."""
    target = Target(
        ">=", 5.5, "%", "avg_growth", id="t", indicator="gdp", start_year=2021, end_year=2022
    )
    miss = Target(
        ">=", 7.5, "%", "avg_growth", id="m", indicator="gdp", start_year=2021, end_year=2022
    )
    result = run_attainment(
        [target, miss], ["baseline", "downside"], 2_000, rng=1, progress=False,
        figures=EXAMPLE, lever_grid=(),
    )  # fmt: skip
    p = result.long.set_index(["target_id", "scenario"])["p_attain"]
    assert p[("t", "baseline")] == 1.0 and p[("t", "downside")] == 1.0  # levers act later
    assert p[("m", "baseline")] == 0.0


def test_the_figures_option_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["attain", "baseline", "--plan", "fyp14", "--draws", "500", "--figures", str(EXAMPLE)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "planning date 2022" in out and "进度" in out


def test_a_frame_of_figures_works_like_the_file(review) -> None:
    frame = load_figures(EXAMPLE)
    again = run_attainment("fyp14", ["baseline"], DRAWS, rng=3, progress=False, figures=frame)
    pd.testing.assert_frame_equal(again.long, review.long)


def test_as_of_ignores_later_figures(before) -> None:
    result = run_attainment(
        "fyp14", ["baseline"], DRAWS, rng=3, progress=False, figures=EXAMPLE, as_of=2020
    )
    assert result.present == 2020
    pd.testing.assert_frame_equal(result.long, before.long)


def _planned(basis: str, value: float, start: int, end: int, op: str = ">=") -> PlannedTarget:
    t = Target(op, value, "%" if basis != "level" else "元", basis, id="x", start_year=start,
               end_year=end, indicator="gdp")  # fmt: skip
    return PlannedTarget(t, Method.SIMULATED, "m", unit=t.unit)


@pytest.mark.parametrize(
    ("basis", "value", "path", "done"),
    [
        # level 100 -> target 200; 130 at the planning date: 30% of the change done
        ("level", 200.0, {2020: 100.0, 2021: 120.0, 2022: 130.0}, 0.3),
        # 10% a year over 5 years; two years of 10% done: 2/5 of the log growth
        ("avg_growth", 10.0, {2020: 100.0, 2021: 110.0, 2022: 121.0}, 0.4),
        # cumulative 500 over 2021-2025; 100 + 150 done
        ("cumulative", 500.0, {2020: 90.0, 2021: 100.0, 2022: 150.0}, 0.5),
        # reduction 20% over the window; a fall of 10% done: log(1/0.9)/-log(0.8)
        ("reduction", 20.0, {2020: 100.0, 2021: 95.0, 2022: 90.0}, math.log(0.9) / math.log(0.8)),
    ],
)  # fmt: skip
def test_progress_known_answers(basis: str, value: float, path: dict, done: float) -> None:
    start = 2025 if basis == "level" else 2021
    mark = progress_at(
        _planned(basis, value, start, 2025), pd.Series(path), 2022, window_start=2021
    )
    assert mark == Progress(pytest.approx(done), pytest.approx(2 / 5))
    assert mark.on_track == (done >= 0.4)


def test_no_progress_before_the_window_or_for_a_level_met_at_the_base() -> None:
    path = pd.Series({2020: 100.0, 2021: 120.0, 2022: 130.0})
    assert progress_at(_planned("avg_growth", 10.0, 2023, 2025), path, 2022) is None
    assert progress_at(_planned("level", 90.0, 2025, 2025), path, 2022, window_start=2021) is None
    assert progress_at(_planned("yoy_growth", 9.0, 2025, 2025), path, 2022) is None


def test_a_cumulative_target_made_certain_by_the_observed_years() -> None:
    """Hypothetical figures: 13 + 13.5 万人 of new urban jobs in 2021-2022 already exceed
    the 14th FYP's 累计25万人次 for 2021-2025; flows are never negative, so P = 1."""
    mine = pd.DataFrame(
        {
            "indicator": ["new_urban_jobs", "new_urban_jobs"],
            "year": [2021, 2022],
            "value": [13.0, 13.5],
            "unit": ["万人", "万人"],
            "measure": ["level", "level"],
            "source": ["hypothetical test figures (示例数据，非实际统计)"] * 2,
        }
    )
    result = run_attainment(
        "fyp14", ["baseline", "downside"], 2_000, rng=5, progress=False, figures=mine,
        lever_grid=(),
    )  # fmt: skip
    row = result.long.set_index(["target_id", "scenario"])["p_attain"]
    assert row[("fyp14-108", "baseline")] == 1.0 and row[("fyp14-108", "downside")] == 1.0
    assert result.progress["fyp14-108"].done > 1.0  # more than the whole target already done
