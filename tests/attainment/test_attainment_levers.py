"""The growth-needed search against closed forms."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from scipy import stats

from zzsim.attainment import crossing, growth_needed
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
class _Paths:
    years: tuple[int, ...]
    values: np.ndarray

    def level(self, indicator: str) -> np.ndarray:
        return self.values

    growth_index = level


@dataclass
class _Judged:
    attained: np.ndarray


@dataclass
class _Target:
    id: str
    indicator: str = "gdp"


@dataclass
class _Planned:
    target: _Target


def test_growth_needed_recovers_the_normal_quantile() -> None:
    """Outcome = shift + N(0, 1) noise with common random numbers: P(>= 0) = Phi(shift).

    The shift needed for probability q is then the normal quantile Phi^-1(q).
    """
    noise = np.random.default_rng(7).standard_normal(200_000)

    def simulate(indicators, years, draws, *, rng, cutoff, adjustments, fitted):
        assert min(adjustments.growth_shift) == 2022  # the shift acts from `start` on
        shift = adjustments.growth_shift[2022]
        return _Paths(tuple(years), (shift + noise)[:, None])

    def judge(planned, paths):
        return {p.target.id: _Judged(paths.level("gdp")[:, 0] >= 0.0) for p in planned}

    frame = growth_needed(
        [_Planned(_Target("t1"))],
        load_scenario("baseline"),
        (2021, 2022),
        np.arange(-3, 3.01, 0.25),
        200_000,
        rng=1,
        cutoff=None,
        fitted={},
        probabilities=(0.5, 0.8),
        start=2022,
        simulate=simulate,
        judge=judge,
    )
    assert frame.loc[("t1", "baseline"), "shift_p50"] == pytest.approx(0.0, abs=0.02)
    assert frame.loc[("t1", "baseline"), "shift_p80"] == pytest.approx(
        stats.norm.ppf(0.8), abs=0.02
    )
