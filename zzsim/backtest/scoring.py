"""Proper scores of probability forecasts of attainment, and interval coverage.

Both scores are *losses*: lower is better, 0 is a perfect forecast.

- **Brier score**: the mean of ``(p - y)^2`` over targets, ``y = 1`` if the target was
  attained. A constant forecast of 0.5 scores 0.25; the planners' implicit forecast
  (P = 1) scores the share of targets missed.
- **Log score**: the mean of ``-ln p`` over attained targets and ``-ln(1 - p)`` over
  missed ones (natural logarithm, nats). A certain forecast that turns out wrong would
  score infinity, so probabilities are first clipped to ``[eps, 1 - eps]`` with
  ``eps = 0.01`` (:data:`LOG_SCORE_EPS`): a wrong certainty costs ``-ln 0.01 = 4.61``
  nats, a right one ``-ln 0.99 = 0.01``. The same clipping applies to every forecaster,
  so Monte Carlo probabilities of exactly 0 or 1 are not treated differently from the
  naive references' 0 and 1. A constant 0.5 scores ``ln 2 = 0.693``.
- **Coverage**: the share of realised outcomes inside the forecast's central 80%
  interval (10% and 90% quantiles, ends included); a calibrated forecaster covers 80%.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["LOG_SCORE_EPS", "brier_score", "interval_coverage", "log_score"]

#: probabilities are clipped to [LOG_SCORE_EPS, 1 - LOG_SCORE_EPS] for the log score
LOG_SCORE_EPS = 0.01


def _pair(p: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    prob = np.asarray(p, dtype=float)
    hit = np.asarray(y, dtype=float)
    if prob.shape != hit.shape:
        raise ValueError(f"{prob.size} probabilities but {hit.size} outcomes")
    if np.any((prob < 0) | (prob > 1)) or np.isnan(prob).any():
        raise ValueError("probabilities must lie in [0, 1]")
    if not np.isin(hit, (0.0, 1.0)).all():
        raise ValueError("outcomes must be 0/1 (False/True) with no missing values")
    return prob, hit


def brier_score(p: ArrayLike, y: ArrayLike) -> float:
    """Mean squared difference between probabilities and outcomes.

    Parameters
    ----------
    p : array_like of float
        Forecast probabilities of attainment, in [0, 1].
    y : array_like of bool
        Whether each target was attained.

    Returns
    -------
    float
        The Brier score (NaN for no forecasts).

    Raises
    ------
    ValueError
        If the lengths differ, a probability is outside [0, 1] or an outcome is missing.

    Examples
    --------
    >>> brier_score([1.0, 0.5, 0.2], [False, True, False])
    0.43
    """
    prob, hit = _pair(p, y)
    return float(np.mean((prob - hit) ** 2)) if prob.size else float("nan")


def log_score(p: ArrayLike, y: ArrayLike, *, eps: float = LOG_SCORE_EPS) -> float:
    """Mean negative log probability of what happened, after clipping.

    Parameters
    ----------
    p : array_like of float
        Forecast probabilities of attainment, in [0, 1].
    y : array_like of bool
        Whether each target was attained.
    eps : float, default LOG_SCORE_EPS
        Probabilities are clipped to ``[eps, 1 - eps]`` first.

    Returns
    -------
    float
        The log score in nats (NaN for no forecasts).

    Raises
    ------
    ValueError
        As :func:`brier_score`, or if ``eps`` is not in (0, 0.5).

    Examples
    --------
    >>> round(log_score([1.0, 0.5], [False, True]), 4)  # (-ln 0.01 - ln 0.5) / 2
    2.6492
    """
    if not 0.0 < eps < 0.5:
        raise ValueError(f"eps must be in (0, 0.5), got {eps}")
    prob, hit = _pair(p, y)
    if not prob.size:
        return float("nan")
    clipped = np.clip(prob, eps, 1.0 - eps)
    return float(-np.mean(np.where(hit == 1.0, np.log(clipped), np.log1p(-clipped))))


def interval_coverage(lo: ArrayLike, hi: ArrayLike, x: ArrayLike) -> float:
    """Share of values inside their intervals ``[lo, hi]``.

    Parameters
    ----------
    lo, hi : array_like of float
        Interval ends.
    x : array_like of float
        Realised values.

    Returns
    -------
    float
        The coverage (NaN when no interval is given).

    Examples
    --------
    >>> interval_coverage([0, 0, 5], [1, 2, 6], [0.5, 3, 5])
    0.6666666666666666
    """
    a, b, v = (np.asarray(z, dtype=float) for z in (lo, hi, x))
    if not a.shape == b.shape == v.shape:
        raise ValueError("lo, hi and x must have the same length")
    if np.isnan(a).any() or np.isnan(b).any() or np.isnan(v).any():
        raise ValueError("intervals and values must be numbers (drop unknown rows first)")
    return float(np.mean((a <= v) & (v <= b))) if v.size else float("nan")
