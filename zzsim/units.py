"""Conversion between the scaled units of the figure base (亿元, 万元, 元, 万人, 人, ...).

Only units that are multiples of one another convert; a US-dollar figure does not become
yuan without an exchange rate, and a share does not become a count.
"""

from __future__ import annotations

__all__ = ["UnitError", "convert", "convertible"]

#: unit -> (base quantity, multiple of the base)
SCALES: dict[str, tuple[str, float]] = {
    "亿元": ("CNY", 1e8),
    "万元": ("CNY", 1e4),
    "元": ("CNY", 1.0),
    "亿美元": ("USD", 1e8),
    "万美元": ("USD", 1e4),
    "美元": ("USD", 1.0),
    "万人": ("persons", 1e4),
    "人": ("persons", 1.0),
    "万人次": ("person-times", 1e4),
    "人次": ("person-times", 1.0),
    "万吨": ("tonnes", 1e4),
    "吨": ("tonnes", 1.0),
    "万个": ("items", 1e4),
    "个": ("items", 1.0),
    "万户": ("households", 1e4),
    "户": ("households", 1.0),
    "万套": ("dwellings", 1e4),
    "套": ("dwellings", 1.0),
    "万平方米": ("m2", 1e4),
    "平方米": ("m2", 1.0),
    "㎡": ("m2", 1.0),
    "%": ("percent", 1.0),
}


class UnitError(ValueError):
    """Two units that are not multiples of one another."""


def convertible(unit: str, to: str) -> bool:
    """Tell whether ``unit`` converts to ``to`` by a constant factor.

    Parameters
    ----------
    unit, to : str
        Units of the registry.

    Returns
    -------
    bool
    """
    if unit == to:
        return True
    a, b = SCALES.get(unit), SCALES.get(to)
    return a is not None and b is not None and a[0] == b[0]


def convert(value: float, unit: str, to: str) -> float:
    """Express ``value`` (in ``unit``) in the unit ``to``.

    Parameters
    ----------
    value : float
    unit, to : str
        Units of the registry, e.g. ``"万元"`` and ``"元"``.

    Returns
    -------
    float

    Raises
    ------
    UnitError
        If the units are not multiples of one another.

    Examples
    --------
    >>> convert(12, "万元", "元")
    120000.0
    """
    if unit == to:
        return float(value)
    if not convertible(unit, to):
        raise UnitError(f"{unit!r} does not convert to {to!r}")
    return float(value) * SCALES[unit][1] / SCALES[to][1]
