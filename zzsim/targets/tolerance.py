"""The half-width of "左右" (around): library defaults and their resolution.

A target "X左右" is met when the outcome lies within ``X ± h``. Documents rarely say how
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

from ._quantities import dimension

__all__ = ["DEFAULT_AROUND_TOLERANCE", "DEFAULT_RELATIVE_TOLERANCE", "around_halfwidth"]

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
