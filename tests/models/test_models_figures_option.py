"""figures= on the models' functions and --figures on forecast: the planner's file, merged."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

import zzsim
import zzsim.models as zm
from zzsim.cli import main
from zzsim.data import load_series
from zzsim.errors import ModelError

EXAMPLE = zzsim.examples_dir() / "figures_2021_2022_hypothetical.csv"


def test_figures_equal_the_merged_series() -> None:
    merged = load_series(figures=EXAMPLE)
    a = zm.fit("gdp", figures=EXAMPLE).forecast([2022, 2025], rng=1)
    b = zm.fit("gdp", series=merged).forecast([2022, 2025], rng=1)
    assert a.equals(b)
    x = zm.simulate_joint(["gdp_per_capita"], range(2021, 2026), 500, rng=2, figures=EXAMPLE)
    y = zm.simulate_joint(["gdp_per_capita"], range(2021, 2026), 500, rng=2, series=merged)
    np.testing.assert_array_equal(x.level("gdp_per_capita"), y.level("gdp_per_capita"))
    assert zm.fit("gdp", figures=EXAMPLE).last_year == 2022


def test_series_and_figures_together_are_refused() -> None:
    with pytest.raises(ModelError, match="either series= or figures="):
        zm.fit("gdp", series=load_series(), figures=EXAMPLE)


def test_forecast_with_figures_knows_the_observed_years(capsys) -> None:
    args = ["forecast", "gdp", "--years", "2022", "2025", "--draws", "2000"]
    assert main([*args, "--figures", str(EXAMPLE)]) == 0
    mine = {r["year"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert main(args) == 0
    docs = {r["year"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    width = {y: float(r["hi"]) - float(r["lo"]) for y, r in mine.items()}
    assert float(mine["2022"]["median"]) == pytest.approx(3600, rel=0.01)  # the figure
    assert width["2022"] < 0.05 * (float(docs["2022"]["hi"]) - float(docs["2022"]["lo"]))
    assert width["2025"] < float(docs["2025"]["hi"]) - float(docs["2025"]["lo"])
