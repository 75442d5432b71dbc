"""Coverage of 80% intervals on synthetic city-like data (simulation-based calibration)."""

from __future__ import annotations

import pytest

from zzsim.errors import ModelError
from zzsim.models.calibration import coverage_study


@pytest.mark.slow
@pytest.mark.parametrize("family", ["growth", "composition", "bounded"])
def test_intervals_cover_close_to_nominal(family):
    study = coverage_study(family, 120, rng=2024, draws=800)
    assert study.datasets == 120 and study.hits.shape[0] == 120
    assert 0.72 <= study.coverage <= 0.88, study


@pytest.mark.slow
def test_shock_only_simulation_under_covers():
    full = coverage_study("growth", 60, rng=7, draws=800)
    shocks = coverage_study("growth", 60, rng=7, draws=800, full=False)
    assert shocks.coverage < full.coverage - 0.08


def test_unknown_family_or_truth_is_refused():
    with pytest.raises(ModelError, match="family"):
        coverage_study("shares", 1, rng=0)
    with pytest.raises(ModelError, match="slowdown"):
        coverage_study("bounded", 1, rng=0, truth="slowdown")
