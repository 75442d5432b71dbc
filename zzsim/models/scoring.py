"""Proper scores of predictive samples: CRPS and interval coverage."""

from __future__ import annotations

import numpy as np
from scipy import stats

__all__ = ["covers", "crps_normal", "crps_sample"]


def crps_sample(samples: np.ndarray, observed: float) -> float:
    """Continuous ranked probability score of a sample against one outcome.

    ``CRPS = E|X - y| - E|X - X'| / 2`` with both expectations over the empirical
    distribution of ``samples`` (Gneiting and Raftery 2007); lower is better, in the unit
    of the outcome, and equals the absolute error for a point forecast.

    Parameters
    ----------
    samples : array_like, shape (m,)
        Draws from the predictive distribution.
    observed : float
        The outcome.

    Returns
    -------
    float
    """
    x = np.sort(np.asarray(samples, dtype=float).ravel())
    m = x.size
    first = np.mean(np.abs(x - observed))
    # sum_{i,j} |x_i - x_j| = 2 sum_i (2i - m - 1) x_(i), i = 1..m
    spread = 2.0 * np.sum((2.0 * np.arange(1, m + 1) - m - 1) * x) / m**2
    return float(first - 0.5 * spread)


def crps_normal(mean: float, sd: float, observed: float) -> float:
    """Closed-form CRPS of a normal predictive distribution.

    Parameters
    ----------
    mean, sd : float
        Predictive mean and standard deviation.
    observed : float
        The outcome.

    Returns
    -------
    float
    """
    z = (observed - mean) / sd
    inner = z * (2 * stats.norm.cdf(z) - 1) + 2 * stats.norm.pdf(z) - 1 / np.sqrt(np.pi)
    return float(sd * inner)


def covers(samples: np.ndarray, observed: float, level: float = 0.8) -> bool:
    """Return whether the central ``level`` interval of the sample contains the outcome.

    Parameters
    ----------
    samples : array_like
        Draws from the predictive distribution.
    observed : float
        The outcome.
    level : float
        Coverage of the central interval.

    Returns
    -------
    bool
    """
    tail = (1.0 - level) / 2.0
    lo, hi = np.quantile(np.asarray(samples, dtype=float), [tail, 1.0 - tail])
    return bool(lo <= observed <= hi)
