"""Evaluation of a target on simulated paths.

A target over a period ("年均增长9%左右" for 2016-2020) is a statement about a whole
path: each simulated path gives one outcome (its compound average growth, its sum over
the window, ...), and the target is met or missed on that path. Probabilities are then
shares of paths; quantiles of single years are never combined. A per-year target
("每年粮食播种面积330万亩以上") is met on a path only when every year of its window is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import TargetError
from .target import Target
from .tolerance import around_side, halfwidth_of

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
        path does not define it (a non-positive base level). For a per-year target, the
        outcome of its worst year.
    attained : numpy.ndarray of bool
        Whether the path meets the target (False where ``value`` is NaN).
    halfwidth : float or None
        The half-width used for ``around`` (None for other operators).
    reading : str
        How the target was judged (:meth:`Target.describe`), e.g.
        ``2016-2020年年均增长 ≥ 8.5%（9%左右，单侧）``.
    """

    target: Target
    value: NDArray[np.float64]
    attained: NDArray[np.bool_]
    halfwidth: float | None = None
    reading: str = ""

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
    around: str = "one-sided",
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
        For a per-year target it is the level of the year before the window.
    tolerance : float, optional
        Half-width for ``around``; default the target's ``tolerance``, else
        :func:`around_halfwidth`.
    around : {'one-sided', 'band'}, default 'one-sided'
        How ``around`` (左右, and the bare rates of change the grammar reads as
        ``around``) is judged. ``'one-sided'``, as plan evaluations grade it: at least
        ``v - h`` when the target's ``better`` is ``higher``, at most ``v + h`` when it is
        ``lower`` (swapped for ``reduction``), the band ``|value - v| <= h`` when it is
        ``band`` or unknown. ``'band'``: always the band. Other operators are unaffected
        (``range`` is always two-sided).

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
        change          ``L_e - B`` (in the level's unit)
        avg_change      ``(L_e - B) / n``
        reduction       ``100 (1 - L_e / B)``
        multiple        ``L_e / B``
        ==============  =======================================================

        and ``attained`` by operator: ``value >= v`` (``>``, ``<=``, ``<`` alike, with
        :data:`ON_BOUND_RTOL` on the bound), ``around`` as above and
        ``v <= value <= v_hi`` for ``range``. A per-year target is the same statement
        about each single year ``t`` of the window (the level in ``t``, the growth of
        ``t`` over ``t - 1``, ...): it is attained when every year is, and ``value`` is
        the outcome of the worst year (the lowest for a floor, the highest for a
        ceiling, the farthest from the middle for a band).

    Raises
    ------
    TargetError
        If the target has no window, ``levels`` and ``years`` disagree in shape, years
        repeat, a year the target needs is not among ``years`` (and no ``base``), or
        ``around`` is unknown.

    Examples
    --------
    >>> t = Target(">=", 9.0, "%", "avg_growth", start_year=2016, end_year=2020)
    >>> paths = [[100.0, 110.0, 121.0, 133.1, 146.41, 161.051]]
    >>> evaluate(t, paths, range(2015, 2021)).value.round(6)
    array([10.])
    >>> around = Target("around", 9.0, "%", "avg_growth", start_year=2016, end_year=2020,
    ...                 better="higher")
    >>> bool(evaluate(around, paths, range(2015, 2021)).attained[0])
    True
    >>> bool(evaluate(around, paths, range(2015, 2021), around="band").attained[0])
    False
    """
    start, end = target.window
    side = around_side(target, around)
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
    halfwidth = None if side is None else halfwidth_of(target, tolerance)
    reading = target.describe(around=around, tolerance=tolerance)
    if not target.per_year or start == end:
        value = _value(replace(target, per_year=False), paths, index, cols, base, where)
        return Outcome(target, value, _attained(target, value, side, halfwidth), halfwidth, reading)
    per_year = []
    for year in range(start, end + 1):
        single = replace(target, start_year=year, end_year=year, per_year=False)
        value = _value(single, paths, index, cols, base if year == start else None, where)
        per_year.append((value, _attained(target, value, side, halfwidth)))
    values = np.stack([v for v, _ in per_year], axis=-1)
    attained = np.logical_and.reduce([a for _, a in per_year])
    return Outcome(target, _worst(target, values, side, halfwidth), attained, halfwidth, reading)


def _value(
    target: Target,
    paths: NDArray[np.float64],
    index: dict[int, int],
    cols: NDArray[np.int_],
    base: float | ArrayLike | None,
    where: str,
) -> NDArray[np.float64]:
    """Compute the outcome per path of a target that is not per year."""
    start, end = target.window

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
        return np.asarray(final, dtype=float)
    if target.basis == "cumulative":
        total = sum(
            (column(y, "in the window") for y in range(start, end + 1)),
            start=np.zeros(paths.shape[:-1]),
        )
        return np.asarray(total, dtype=float)
    year = target.base_year
    assert year is not None
    ref = column(year, "base year") if base is None else _broadcast(base, paths.shape[:-1], where)
    if target.basis in ("change_pp", "change"):
        return np.asarray(final - ref, dtype=float)
    if target.basis == "avg_change":
        return np.asarray((final - ref) / (end - start + 1), dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(ref > 0, final / ref, np.nan)
        if target.basis == "yoy_growth":
            value = 100.0 * (ratio - 1.0)
        elif target.basis == "avg_growth":
            value = 100.0 * (np.power(ratio, 1.0 / (end - start + 1)) - 1.0)
        elif target.basis == "reduction":
            value = 100.0 * (1.0 - ratio)
        else:  # multiple
            value = ratio
    return np.asarray(value, dtype=float)


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


def _bounds(target: Target, side: str | None, halfwidth: float | None) -> tuple[float, float]:
    """Return the interval ``[lo, hi]`` of met outcomes (infinite on an open side)."""
    v = target.value
    if target.operator in (">=", ">"):
        return v, np.inf
    if target.operator in ("<=", "<"):
        return -np.inf, v
    if target.operator == "range":
        assert target.value_hi is not None
        return v, target.value_hi
    assert halfwidth is not None
    if side == "floor":
        return v - halfwidth, np.inf
    if side == "ceiling":
        return -np.inf, v + halfwidth
    return v - halfwidth, v + halfwidth


def _attained(
    target: Target, value: NDArray[np.float64], side: str | None, halfwidth: float | None
) -> NDArray[np.bool_]:
    lo, hi = _bounds(target, side, halfwidth)
    with np.errstate(invalid="ignore"):
        if target.operator == ">":
            hit = value > lo + _slack(lo)
        elif target.operator == "<":
            hit = value < hi - _slack(hi)
        else:
            hit = np.ones(value.shape, dtype=bool)
            if np.isfinite(lo):
                hit &= value >= lo - _slack(lo if target.operator != "around" else target.value)
            if np.isfinite(hi):
                hit &= value <= hi + _slack(hi if target.operator != "around" else target.value)
    return np.asarray(hit, dtype=bool)


def _worst(
    target: Target, values: NDArray[np.float64], side: str | None, halfwidth: float | None
) -> NDArray[np.float64]:
    """Pick the outcome of the worst year on each path (NaN when any year is NaN)."""
    lo, hi = _bounds(target, side, halfwidth)
    if np.isinf(hi):
        return np.asarray(np.min(values, axis=-1), dtype=float)
    if np.isinf(lo):
        return np.asarray(np.max(values, axis=-1), dtype=float)
    middle = (lo + hi) / 2.0
    far = np.argmax(np.abs(values - middle), axis=-1)
    return np.asarray(np.take_along_axis(values, far[..., None], axis=-1)[..., 0], dtype=float)
