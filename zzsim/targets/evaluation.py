"""Evaluation of a target on simulated paths.

A target over a period ("年均增长9%左右" for 2016-2020) is a statement about a whole
path: each simulated path gives one outcome (its compound average growth, its sum over
the window, ...), and the target is met or missed on that path. Probabilities are then
shares of paths; quantiles of single years are never combined.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import TargetError
from .target import Target
from .tolerance import around_halfwidth

__all__ = ["ON_BOUND_RTOL", "Outcome", "evaluate"]

#: outcomes within this relative distance of a bound count as on the bound (so a path
#: that grows by exactly 9% a year meets "年均增长9%以上" despite rounding)
ON_BOUND_RTOL = 1e-9


@dataclass(frozen=True)
class Outcome:
    """The outcome of a target on each simulated path.

    Parameters
    ----------
    target : Target
        The target evaluated.
    value : numpy.ndarray
        The outcome per path in the target's terms (see :func:`evaluate`); NaN where the
        path does not define it (a non-positive base level).
    attained : numpy.ndarray of bool
        Whether the path meets the target (False where ``value`` is NaN).
    halfwidth : float or None
        The half-width used for ``around`` (None for other operators).
    """

    target: Target
    value: NDArray[np.float64]
    attained: NDArray[np.bool_]
    halfwidth: float | None = None

    @property
    def probability(self) -> float:
        """Share of paths that meet the target."""
        return float(np.mean(self.attained)) if self.attained.size else float("nan")


def evaluate(
    target: Target,
    levels: ArrayLike,
    years: Sequence[int] | ArrayLike,
    *,
    base: float | ArrayLike | None = None,
    tolerance: float | None = None,
) -> Outcome:
    """Evaluate a target on simulated paths of its indicator.

    Parameters
    ----------
    target : Target
        The target, with its window (``start_year``, ``end_year``).
    levels : array_like, shape (repetitions, n_years)
        Simulated level paths of the indicator, one row per path, in the target's unit
        and price basis (a real index for real growth targets). Any leading shape is
        accepted; the last axis runs over ``years``.
    years : sequence of int, length n_years
        The calendar year of each column (need not be contiguous).
    base : float or array_like, optional
        The base level for growth-type bases (the level in ``start_year - 1``;
        ``yoy_growth``: ``end_year - 1``), a scalar or one value per path. When given it
        is used instead of the column of that year; when not, that column is required.
    tolerance : float, optional
        Half-width for ``around``; default the target's ``tolerance``, else
        :func:`around_halfwidth`.

    Returns
    -------
    Outcome
        ``value`` per path, by basis (``L_t`` the level in year ``t``, ``B`` the base
        level, ``s``/``e`` the start and end years, ``n = e - s + 1``):

        ==============  =======================================================
        level           ``L_e``
        yoy_growth      ``100 (L_e / L_{e-1} - 1)``
        avg_growth      ``100 ((L_e / B)^(1/n) - 1)``, ``B = L_{s-1}``
        cumulative      ``L_s + ... + L_e``
        change_pp       ``L_e - B``
        reduction       ``100 (1 - L_e / B)``
        multiple        ``L_e / B``
        ==============  =======================================================

        and ``attained`` by operator: ``value >= v`` (``>``, ``<=``, ``<`` alike, with
        :data:`ON_BOUND_RTOL` on the bound), ``|value - v| <= h`` for ``around`` and
        ``v <= value <= v_hi`` for ``range``.

    Raises
    ------
    TargetError
        If the target has no window, ``levels`` and ``years`` disagree in shape, years
        repeat, or a year the target needs is not among ``years`` (and no ``base``).

    Examples
    --------
    >>> t = Target(">=", 9.0, "%", "avg_growth", start_year=2016, end_year=2020)
    >>> paths = [[100.0, 110.0, 121.0, 133.1, 146.41, 161.051]]
    >>> evaluate(t, paths, range(2015, 2021)).value.round(6)
    array([10.])
    """
    start, end = target.window
    paths = np.asarray(levels, dtype=float)
    cols = np.asarray(years).astype(int, copy=False)
    where = f"target {target.id or target.text or '(unnamed)'}"
    if cols.ndim != 1 or paths.ndim < 1 or paths.shape[-1] != cols.size:
        raise TargetError(
            f"{where}: levels of shape {paths.shape} do not match {cols.size} years; "
            "expected levels of shape (repetitions, len(years))"
        )
    index = {int(y): i for i, y in enumerate(cols)}
    if len(index) != cols.size:
        raise TargetError(f"{where}: repeated years in {cols.tolist()}")

    def column(year: int, why: str) -> NDArray[np.float64]:
        if year not in index:
            raise TargetError(
                f"{where} ({target.basis} {start}-{end}) needs the level in {year} "
                f"({why}); years given: {cols.tolist()}"
                + ("; or pass base=" if why.startswith("base") else "")
            )
        return paths[..., index[year]]

    final = column(end, "end_year")
    if target.basis == "level":
        value = final
    elif target.basis == "cumulative":
        value = sum(
            (column(y, "in the window") for y in range(start, end + 1)),
            start=np.zeros(paths.shape[:-1]),
        )
    else:
        year = target.base_year
        assert year is not None
        if base is None:
            ref = column(year, "base year")
        else:
            ref = _broadcast(base, paths.shape[:-1], where)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(ref > 0, final / ref, np.nan)
            if target.basis == "yoy_growth":
                value = 100.0 * (ratio - 1.0)
            elif target.basis == "avg_growth":
                value = 100.0 * (np.power(ratio, 1.0 / (end - start + 1)) - 1.0)
            elif target.basis == "change_pp":
                value = final - ref
            elif target.basis == "reduction":
                value = 100.0 * (1.0 - ratio)
            else:  # multiple
                value = ratio
    value = np.asarray(value, dtype=float)
    halfwidth = None
    if target.operator == "around":
        halfwidth = (
            tolerance
            if tolerance is not None
            else (
                target.tolerance
                if target.tolerance is not None
                else around_halfwidth(target.value, target.unit)
            )
        )
    return Outcome(target, value, _attained(target, value, halfwidth), halfwidth)


def _broadcast(base: float | ArrayLike, shape: tuple[int, ...], where: str) -> NDArray[np.float64]:
    ref = np.asarray(base, dtype=float)
    try:
        return np.broadcast_to(ref, shape)
    except ValueError:
        raise TargetError(
            f"{where}: base of shape {ref.shape} does not match {shape} paths; "
            "expected a scalar or one base level per path"
        ) from None


def _slack(bound: float) -> float:
    return ON_BOUND_RTOL * max(abs(bound), 1.0)


def _attained(
    target: Target, value: NDArray[np.float64], halfwidth: float | None
) -> NDArray[np.bool_]:
    v = target.value
    slack = _slack(v)
    op = target.operator
    with np.errstate(invalid="ignore"):
        if op == ">=":
            hit = value >= v - slack
        elif op == ">":
            hit = value > v + slack
        elif op == "<=":
            hit = value <= v + slack
        elif op == "<":
            hit = value < v - slack
        elif op == "around":
            assert halfwidth is not None
            hit = np.abs(value - v) <= halfwidth + slack
        else:
            assert target.value_hi is not None
            hi = target.value_hi
            hit = (value >= v - slack) & (value <= hi + _slack(hi))
    return np.asarray(hit, dtype=bool)
