"""How a target is judged, in the short Chinese a planner reads in a table.

:func:`describe` writes the window and the measure (``2016-2020年年均增长``), then the
condition the outcome must meet (``≥ 8.5%``), and for ``around`` the stated value and
the reading in brackets (``（9%左右，单侧）``). The condition is the one
:func:`zzsim.targets.evaluate` applies, with the same half-width and side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .tolerance import around_side, halfwidth_of

if TYPE_CHECKING:
    from .target import Target

__all__ = ["describe", "number_text"]

_SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}
_APPROXIMATE = ("左右", "上下")


def number_text(x: float) -> str:
    """Write a number as a planner does: no trailing zeros, no float noise (8.5, 12, 0.95)."""
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _span(lo: float, hi: float) -> str:
    """``8.5-9.5``; with a negative bound ``-3.5至-2.5``."""
    return f"{number_text(lo)}{'至' if min(lo, hi) < 0 else '-'}{number_text(hi)}"


def _measure(t: Target) -> tuple[str, str]:
    """Name the window and the measure in words, and give the unit of the outcome."""
    start, end = t.window
    span = f"{start}-{end}年" if start < end else f"{end}年"
    base = t.base_year
    every = t.per_year and start < end
    if t.basis == "level":
        return (f"{span}每年" if every else f"{end}年"), t.unit
    if t.basis == "cumulative":
        return (f"{span}累计" if start < end else f"{end}年"), t.unit
    if t.basis == "avg_growth":
        return f"{span}年均增长", "%"
    if t.basis == "avg_change":
        return f"{span}年均变化", t.unit
    if every:
        verb = {"yoy_growth": "增长", "reduction": "下降"}.get(t.basis, "变化")
        return f"{span}每年较上年{verb}", "%" if t.basis != "change" else t.unit
    if t.basis == "yoy_growth":
        return f"{end}年增长", "%"
    if t.basis == "reduction":
        return f"{end}年较{base}年下降", "%"
    if t.basis == "multiple":
        return f"{end}年为{base}年的", "倍"
    unit = "个百分点" if t.basis == "change_pp" else t.unit
    return f"{end}年较{base}年变化", unit


def describe(target: Target, *, around: str = "one-sided", tolerance: float | None = None) -> str:
    """How a target is judged, in short Chinese.

    Parameters
    ----------
    target : Target
        The target, with its window.
    around : {'one-sided', 'band'}, default 'one-sided'
        The reading of ``around`` (see :func:`zzsim.targets.evaluate`).
    tolerance : float, optional
        Half-width of ``around``; default the target's, else the library default.

    Returns
    -------
    str
        ``2016-2020年年均增长 ≥ 8.5%（9%左右，单侧）``, ``2021-2025年每年 ≥ 300天``,
        ``2021-2025年累计 ≥ 25万人次``, ``2016-2020年年均增长 8.5-9.5%（9%左右，区间）``,
        ``2021-2025年累计 1-2项（区间）``. Without a window the words for the years are
        left out.

    Raises
    ------
    TargetError
        If ``around`` is not a known reading.

    Examples
    --------
    >>> from zzsim.targets import Target
    >>> t = Target("around", 9.0, "%", "avg_growth", start_year=2016, end_year=2020,
    ...            text="GDP年均增长9%左右", better="higher")
    >>> describe(t)
    '2016-2020年年均增长 ≥ 8.5%（9%左右，单侧）'
    >>> describe(t, around="band")
    '2016-2020年年均增长 8.5-9.5%（9%左右，区间）'
    """
    side = around_side(target, around)
    if target.start_year is None:
        words, unit = "", target.unit if target.basis in ("level", "cumulative") else "%"
    else:
        words, unit = _measure(target)
    v = target.value
    if target.operator == "range":
        assert target.value_hi is not None
        condition = f"{_span(v, target.value_hi)}{unit}（区间）"
    elif side is None:
        condition = f"{_SYMBOL[target.operator]} {number_text(v)}{unit}"
    else:
        h = halfwidth_of(target, tolerance)
        said = "左右" if any(w in (target.text or "") for w in _APPROXIMATE) else ""
        stated = f"{number_text(v)}{unit}{said}"
        if side == "floor":
            condition = f"≥ {number_text(v - h)}{unit}（{stated}，单侧）"
        elif side == "ceiling":
            condition = f"≤ {number_text(v + h)}{unit}（{stated}，单侧）"
        else:
            condition = f"{_span(v - h, v + h)}{unit}（{stated}，区间）"
    return f"{words} {condition}" if words else condition
