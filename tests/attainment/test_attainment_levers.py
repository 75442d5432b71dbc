"""The growth-needed search against closed forms."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from scipy import stats

from zzsim.attainment import crossing, growth_needed
from zzsim.models import Adjustments
from zzsim.scenarios import load_scenario


def test_crossing_interpolates_linearly() -> None:
    shifts = np.array([-1.0, 0.0, 1.0, 2.0])
    probs = np.array([0.1, 0.3, 0.7, 0.9])
    assert crossing(shifts, probs, 0.5) == pytest.approx(0.5)
    assert crossing(shifts, probs, 0.8) == pytest.approx(1.5)


def test_crossing_outside_the_grid_and_flat_curves() -> None:
    shifts = np.array([-1.0, 0.0, 1.0])
    assert crossing(shifts, np.array([0.6, 0.7, 0.8]), 0.5) == -np.inf
    assert crossing(shifts, np.array([0.1, 0.2, 0.3]), 0.5) == np.inf
    assert np.isnan(crossing(shifts, np.array([0.4, 0.4, 0.4]), 0.5))


def test_crossing_outside_the_grid_means_the_same_for_decreasing_curves() -> None:
    shifts = np.array([-1.0, 0.0, 1.0])
    assert crossing(shifts, np.array([0.3, 0.2, 0.05]), 0.5) == np.inf  # never reached
    assert crossing(shifts, np.array([0.99, 0.95, 0.9]), 0.5) == -np.inf  # always met


def test_crossing_of_a_decreasing_curve() -> None:
    """A '<=' target on growth becomes less likely as growth rises."""
    shifts = np.array([-1.0, 0.0, 1.0, 2.0])
    probs = np.array([0.9, 0.7, 0.3, 0.1])
    assert crossing(shifts, probs, 0.5) == pytest.approx(0.5)
    assert crossing(shifts, probs, 0.8) == pytest.approx(-0.5)


@dataclass
class _Outcome:
    attained: np.ndarray


@dataclass
class _Target:
    id: str
    indicator: str = "gdp"


@dataclass
class _Planned:
    target: _Target


class _Simulator:
    """Outcome = shift in the first year the shift acts in + N(0, 1) noise, drawn once."""

    years = (2021, 2022, 2023)

    def __init__(self) -> None:
        self.draws = 0

    def draw(self, seed, repetitions):
        self.draws += 1
        return np.random.default_rng(seed).standard_normal(repetitions)

    def compose(self, draw, adjustments):
        assert min(adjustments.growth_shift) == 2022  # the shift acts from `start` on
        return adjustments.growth_shift[2022] + draw


def test_growth_needed_recovers_the_normal_quantile() -> None:
    """Outcome = shift + N(0, 1) noise with common random numbers: P(>= 0) = Phi(shift).

    The shift needed for probability q is then the normal quantile Phi^-1(q); one draw
    serves every grid point and scenario.
    """
    sim = _Simulator()
    scenario = load_scenario("baseline")
    frame = growth_needed(
        sim,
        [_Planned(_Target("t1"))],
        [scenario],
        {"baseline": Adjustments()},
        grid=np.arange(-3, 3.01, 0.25),
        draws=200_000,
        seed=np.random.SeedSequence(1),
        start=2022,
        probabilities=(0.5, 0.8),
        judge=lambda planned, values: {p.target.id: _Outcome(values >= 0.0) for p in planned},
    )
    assert sim.draws == 1
    assert frame.loc[("t1", "baseline"), "shift_p50"] == pytest.approx(0.0, abs=0.02)
    assert frame.loc[("t1", "baseline"), "shift_p80"] == pytest.approx(
        stats.norm.ppf(0.8), abs=0.02
    )
