"""Coverage of 80% intervals on synthetic data, family by family (simulation-based calibration).

The full table (every family with 1, 2, 3 and 5 figures, 400 datasets each) is printed
by ``bench/models.py``; here a few cells with fewer datasets keep the suite fast. With
120 datasets of 3 targets, the s.e. of a coverage is about 0.025 (datasets as clusters),
so 0.72-0.88 is a band of about three standard errors around 0.8.
"""

from __future__ import annotations

import pytest

from zzsim.errors import ModelError
from zzsim.models.calibration import coverage_study


@pytest.mark.slow
@pytest.mark.parametrize(
    ("family", "figures"),
    [("growth", 1), ("growth", 5), ("flow", 3), ("count", 2), ("bounded", 3), ("composition", 5)],
)
def test_intervals_cover_close_to_nominal(family, figures):
    study = coverage_study(family, 120, figures=figures, rng=2024, draws=800)
    assert study.datasets == 120 and study.hits.shape[0] == 120
    assert 0.72 <= study.coverage <= 0.88, study


@pytest.mark.slow
def test_shock_only_simulation_under_covers():
    full = coverage_study("growth", 60, figures=5, rng=7, draws=800)
    shocks = coverage_study("growth", 60, figures=5, rng=7, draws=800, full=False)
    assert shocks.coverage < full.coverage - 0.08


def test_unknown_family_or_figure_count_is_refused():
    with pytest.raises(ModelError, match="family"):
        coverage_study("shares", 1, rng=0)
    with pytest.raises(ModelError, match="figures must be one of"):
        coverage_study("bounded", 1, figures=4, rng=0)
