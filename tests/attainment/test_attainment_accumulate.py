"""Streaming statistics against numpy on the same values."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from zzsim.attainment.accumulate import OutcomeAccumulator, QuantileSketch, joint_share

PROBS = (0.1, 0.5, 0.9)


def _chunks(values: np.ndarray, size: int):
    return [values[i : i + size] for i in range(0, values.size, size)]


def test_exact_while_the_values_fit_in_one_chunk() -> None:
    values = np.random.default_rng(1).lognormal(size=5_000)
    sketch = QuantileSketch(exact_limit=5_000)
    sketch.add(values)
    np.testing.assert_array_equal(sketch.quantiles(PROBS), np.quantile(values, PROBS))
    assert sketch.resolution == 0.0
    assert sketch.cdf(1.0) == np.mean(values <= 1.0)


@pytest.mark.parametrize("shape", ["normal", "lognormal", "bimodal"])
def test_quantiles_and_cdf_within_one_bin_after_many_chunks(shape: str) -> None:
    rng = np.random.default_rng(2)
    n = 200_000
    values = {
        "normal": rng.normal(9.0, 2.0, n),
        "lognormal": rng.lognormal(0.0, 1.0, n),
        "bimodal": np.where(rng.random(n) < 0.3, rng.normal(-5, 1, n), rng.normal(5, 1, n)),
    }[shape]
    sketch = QuantileSketch(exact_limit=20_000)
    for chunk in _chunks(values, 20_000):
        sketch.add(chunk)
    assert sketch.count == n
    assert sketch.resolution > 0
    # the rank of each estimate lies within one bin of the exact one
    for q, estimate in zip(PROBS, sketch.quantiles(PROBS), strict=True):
        exact = np.quantile(values, q)
        assert abs(estimate - exact) <= 2 * sketch.resolution
    for x in np.quantile(values, [0.05, 0.3, 0.7, 0.95]):
        inside = np.mean(np.abs(values - x) <= sketch.resolution)
        assert abs(sketch.cdf(x) - np.mean(values <= x)) <= inside + 1e-12


def test_values_beyond_the_first_chunks_range_are_counted() -> None:
    sketch = QuantileSketch(exact_limit=100)
    sketch.add(np.linspace(0, 1, 101))  # the histogram spans about [-0.25, 1.25]
    sketch.add(np.array([-100.0, 50.0, 60.0]))
    assert sketch.count == 104
    assert sketch.cdf(-101.0) == 0.0
    assert sketch.cdf(-100.0) == pytest.approx(1 / 104)
    assert sketch.cdf(-1.0) == pytest.approx(1 / 104)
    assert sketch.cdf(49.0) == pytest.approx(102 / 104)
    assert sketch.cdf(55.0) == pytest.approx(103 / 104)
    assert sketch.cdf(60.0) == 1.0
    assert sketch.quantiles((0.0, 1.0)).tolist() == [-100.0, 60.0]


def test_accumulated_probability_and_joint_share_equal_direct_counts() -> None:
    rng = np.random.default_rng(3)
    z = stats.multivariate_normal([0, 0], [[1, 0.6], [0.6, 1]]).rvs(50_001, random_state=rng)
    a, b = OutcomeAccumulator(10_000), OutcomeAccumulator(10_000)
    for chunk in _chunks(z, 10_000):
        a.add(chunk[:, 0], chunk[:, 0] > 0.5)
        b.add(chunk[:, 1], chunk[:, 1] > -0.2)
    assert a.hits == int((z[:, 0] > 0.5).sum()) and a.paths == 50_001
    both = np.mean((z[:, 0] > 0.5) & (z[:, 1] > -0.2))
    assert joint_share([a, b]) == both
    assert joint_share([a]) == a.hits / a.paths


def test_undefined_outcomes_count_as_paths_but_not_in_the_quantiles() -> None:
    acc = OutcomeAccumulator(100)
    value = np.array([1.0, np.nan, 3.0, np.nan])
    acc.add(value, np.array([True, False, True, False]))
    assert (acc.paths, acc.defined, acc.hits) == (4, 2, 2)
    assert acc.sketch.quantiles((0.5,))[0] == 2.0
