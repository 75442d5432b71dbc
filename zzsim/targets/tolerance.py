"""How "左右" (around) is judged: the side that counts and the half-width.

**Side.** Plan evaluations (年度计划执行情况, 规划中期评估, 总结评估) call an outcome beyond
an expected target in the good direction 完成 or 超额完成, so by default (``around=
"one-sided"``) a target "X左右" — and a bare rate of change, which the grammar reads as
``around`` — is met when the outcome is at least ``X - h`` if the indicator's level is
better higher, at most ``X + h`` if it is better lower (prices, unemployment, energy
intensity); for a ``reduction`` the sides swap (a larger fall is better when the level is
better lower). The band ``X ± h`` is kept where good has no direction (``better: band``:
a planned structure, sector shares), where the direction is unknown, and on request
(``around="band"``). See :func:`around_side`.

**Half-width.** A target "X左右" is met within ``h`` of ``X``. Documents rarely say how
wide ``h`` is, so the library supplies a default by the kind of unit:

- **percentages and percentage points** (``%``, ``个百分点``): ``h = 0.5`` points
  (:data:`DEFAULT_AROUND_TOLERANCE`). Municipal plans state growth rates, shares and
  rates in whole points, sometimes half points (``9%左右``, ``16%``, ``3.5%左右``);
  "9%左右" therefore stands for the outcomes that round to 9 at whole-point precision,
  ``[8.5, 9.5]``, and does not overlap "8%左右" or "10%左右".
- **every other unit** (money, persons, counts, areas, ...): ``h = 5%`` of the stated
  value (:data:`DEFAULT_RELATIVE_TOLERANCE`), e.g. ``90项左右`` -> ``[85.5, 94.5]``. Round
  levels are stated to about two significant figures; 5% is of the same order as the
  whole-point rule on a typical growth target (0.5 points of 9% is 5.6%). On small
  counts it is below one unit, so "1个/2个左右" must be met exactly.

A row's ``tolerance`` column (the half-width the document implies) overrides the
default, and :func:`zzsim.targets.evaluate` takes a ``tolerance`` argument that
overrides both.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..errors import TargetError
from ._quantities import dimension

if TYPE_CHECKING:
    from .target import Target

__all__ = [
    "AROUND_READINGS",
    "DEFAULT_AROUND_TOLERANCE",
    "DEFAULT_RELATIVE_TOLERANCE",
    "around_halfwidth",
    "around_side",
    "halfwidth_of",
]

#: the readings of 左右: one-sided in the good direction (default), or the two-sided band
AROUND_READINGS = ("one-sided", "band")

#: absolute half-width of 左右, in the target's unit, by unit dimension (``units.yaml``)
DEFAULT_AROUND_TOLERANCE: Mapping[str, float] = MappingProxyType(
    {"percent": 0.5, "percentage_point": 0.5}
)
#: relative half-width of 左右 (share of the stated value) for the other dimensions
DEFAULT_RELATIVE_TOLERANCE: float = 0.05


def around_halfwidth(
    value: float,
    unit: str,
    *,
    absolute: Mapping[str, float] | None = None,
    relative: float | None = None,
) -> float:
    """Default half-width of "``value`` ``unit`` 左右".

    Parameters
    ----------
    value : float
        The stated number.
    unit : str
        Its unit (a unit of ``units.yaml``; an unknown unit takes the relative rule).
    absolute : mapping of str to float, optional
        Absolute half-widths by unit dimension; default :data:`DEFAULT_AROUND_TOLERANCE`.
    relative : float, optional
        Relative half-width for dimensions not in ``absolute``; default
        :data:`DEFAULT_RELATIVE_TOLERANCE`.

    Returns
    -------
    float
        The half-width ``h`` in the target's unit: the target is met within
        ``value ± h``.

    Examples
    --------
    >>> around_halfwidth(9.0, "%")
    0.5
    >>> around_halfwidth(90.0, "项")
    4.5
    """
    table = DEFAULT_AROUND_TOLERANCE if absolute is None else absolute
    kind = dimension(unit)
    if kind is not None and kind in table:
        return float(table[kind])
    share = DEFAULT_RELATIVE_TOLERANCE if relative is None else relative
    return float(abs(value) * share)


def halfwidth_of(target: Target, tolerance: float | None = None) -> float:
    """Half-width of ``around`` for a target: ``tolerance``, else the target's, else the default.

    Parameters
    ----------
    target : Target
    tolerance : float, optional
        Overrides the target's tolerance.

    Returns
    -------
    float
    """
    if tolerance is not None:
        return float(tolerance)
    if target.tolerance is not None:
        return float(target.tolerance)
    return around_halfwidth(target.value, target.unit)


def around_side(target: Target, around: str = "one-sided") -> str | None:
    """Which side of an ``around`` target counts as met.

    Parameters
    ----------
    target : Target
    around : {'one-sided', 'band'}, default 'one-sided'

    Returns
    -------
    {'floor', 'ceiling', 'band'} or None
        ``floor`` (at least ``value - h``), ``ceiling`` (at most ``value + h``) or
        ``band`` (within ``value ± h``); None when the operator is not ``around``.

    Raises
    ------
    TargetError
        If ``around`` is not one of :data:`AROUND_READINGS`.

    Examples
    --------
    >>> from zzsim.targets import Target
    >>> t = Target("around", 9.0, "%", "avg_growth", better="higher")
    >>> around_side(t), around_side(t, "band")
    ('floor', 'band')
    """
    if around not in AROUND_READINGS:
        raise TargetError(f"around must be one of {list(AROUND_READINGS)}, got {around!r}")
    if target.operator != "around":
        return None
    if around == "band" or target.better not in ("higher", "lower"):
        return "band"
    up = (target.better == "higher") != (target.basis == "reduction")
    return "floor" if up else "ceiling"
