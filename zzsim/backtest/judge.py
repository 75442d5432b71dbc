"""Judge one realised figure against a target, with the semantics of :mod:`zzsim.targets`.

:func:`zzsim.targets.evaluate` judges a target on level *paths*. A realised figure is
already an outcome in the target's terms (an average growth rate, a level, a sum), so
:func:`attains` builds the one path that has exactly that outcome and lets
:func:`~zzsim.targets.evaluate` judge it: the operators, the bound tolerance
(:data:`~zzsim.targets.ON_BOUND_RTOL`) and the half-width of 左右 are those of the
attainment engine, never re-implemented here.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from ..errors import TargetError
from ..targets import Target, evaluate

__all__ = ["as_recorded", "attains", "outcome_path"]


def as_recorded(target: Target) -> Target:
    """Return a per-year target as judged on the one year a document records (its last).

    A target that must hold in every year of its window (每年, 保持 ...) has no single
    outcome; a later document records one year's figure, so that year is what can be
    judged (a miss in it is a miss of the target; a hit says nothing of the other years).
    """
    if not target.per_year:
        return target
    end = target.window[1]
    return replace(target, per_year=False, start_year=end)


def outcome_path(target: Target, value: float) -> tuple[np.ndarray, list[int]]:
    """Return a one-path level array whose outcome for ``target`` is ``value``.

    Parameters
    ----------
    target : Target
        The target, with its window.
    value : float
        An outcome in the target's terms: the level in ``end_year`` (``level``), the
        growth in % (``yoy_growth``, ``avg_growth``), the sum over the window
        (``cumulative``), the change in points (``change_pp``), the fall in %
        (``reduction``) or the multiple of the base level (``multiple``).

    Returns
    -------
    levels : ndarray, shape (1, n_years)
        Levels with base level 1 for the growth-type bases.
    years : list of int
        The calendar year of each column.

    Examples
    --------
    >>> t = Target("around", 9.0, "%", "avg_growth", start_year=2016, end_year=2020)
    >>> levels, years = outcome_path(t, 7.1)
    >>> years
    [2015, 2020]
    """
    target = as_recorded(target)
    start, end = target.window
    basis = target.basis
    if basis == "level":
        return np.array([[value]]), [end]
    if basis == "cumulative":
        years = list(range(start, end + 1))
        levels = np.zeros((1, len(years)))
        levels[0, 0] = value
        return levels, years
    base = target.base_year
    assert base is not None  # every other basis is growth-type
    final = {
        "yoy_growth": 1.0 + value / 100.0,
        "avg_growth": (1.0 + value / 100.0) ** (end - start + 1),
        "change_pp": 1.0 + value,
        "reduction": 1.0 - value / 100.0,
        "multiple": value,
    }[basis]
    return np.array([[1.0, final]]), [base, end]


def attains(target: Target, value: float) -> bool:
    """Tell whether a realised outcome meets the target.

    Parameters
    ----------
    target : Target
        The target.
    value : float
        The realised outcome in the target's terms and unit (see :func:`outcome_path`).

    Returns
    -------
    bool
        The verdict of :func:`zzsim.targets.evaluate` on the path with that outcome.

    Raises
    ------
    TargetError
        If ``value`` is not a finite number, or the target has no window.

    Examples
    --------
    >>> t = Target("around", 9.0, "%", "avg_growth", start_year=2016, end_year=2020)
    >>> attains(t, 7.1), attains(t, 9.4)
    (False, True)
    >>> attains(Target(">", 700.0, "家", "level", start_year=2020, end_year=2020), 700.0)
    False
    """
    if not math.isfinite(value):
        where = target.id or target.text
        raise TargetError(f"target {where}: realised value {value!r} is not a finite number")
    levels, years = outcome_path(target, value)
    return bool(evaluate(as_recorded(target), levels, years).attained[0])
