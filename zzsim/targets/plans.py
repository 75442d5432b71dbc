"""Plan periods: the window a plan id or a plan's name in the text stands for."""

from __future__ import annotations

import re

from ._quantities import cn_number

__all__ = ["five_year_plan", "period_in_text", "periods_in_text", "plan_id", "plan_period"]

#: the n-th Five-Year Plan starts in 1951 + 5n from the third one on (十四五: 2021-2025)
_FIRST_REGULAR_PLAN = 3
_PLAN_ID = re.compile(r"^fyp(\d{1,2})$|^annual(\d{4})$|(\d{4})-(\d{4})$")
_NUMBER = "(十[一二三四五六七八九]?|[三四五六七八九])"
#: “十五五” (quoted), or 十五五 followed by 规划 / 期间 / 时期 / 末 ...
_PLAN_NAME = re.compile(
    f'[“"「]{_NUMBER}五[”"」]|{_NUMBER}五(?=规划|期间|时期|期末|末|以来|发展|目标)'
)


def five_year_plan(number: int) -> tuple[int, int]:
    """Years of the ``number``-th Five-Year Plan.

    Parameters
    ----------
    number : int
        3 or more (the first two plans did not follow the five-year rhythm).

    Returns
    -------
    tuple of int
        ``(start, end)``, e.g. ``(2026, 2030)`` for the 15th.

    Raises
    ------
    ValueError
        For a plan before the third.

    Examples
    --------
    >>> five_year_plan(14)
    (2021, 2025)
    """
    if number < _FIRST_REGULAR_PLAN:
        raise ValueError(f"the {number}th Five-Year Plan has no regular period")
    start = 1951 + 5 * number
    return start, start + 4


def plan_id(window: tuple[int, int]) -> str:
    """Name the plan of a window: ``fypNN`` (a Five-Year Plan), ``annualYYYY`` or ``draftS-E``.

    Parameters
    ----------
    window : tuple of int

    Returns
    -------
    str
        An id that :func:`plan_period` maps back to ``window``.

    Examples
    --------
    >>> plan_id((2026, 2030)), plan_id((2026, 2026)), plan_id((2026, 2027))
    ('fyp15', 'annual2026', 'draft2026-2027')
    """
    start, end = window
    if start == end:
        return f"annual{start}"
    number = (start - 1951) // 5
    if number >= _FIRST_REGULAR_PLAN and five_year_plan(number) == window:
        return f"fyp{number}"
    return f"draft{start}-{end}"


def plan_period(plan: str | None) -> tuple[int, int] | None:
    """Years a plan id covers: ``fypNN``, ``annualYYYY`` or an id ending in ``YYYY-YYYY``.

    Parameters
    ----------
    plan : str or None
        A plan id (``fyp14``, ``annual2020``, ``draft2026-2027``).

    Returns
    -------
    tuple of int or None
        ``(start, end)``; None for other ids (``plan2008``: a work report whose period the
        id does not say).

    Examples
    --------
    >>> plan_period("fyp13"), plan_period("annual2020"), plan_period("plan2008")
    ((2016, 2020), (2020, 2020), None)
    """
    m = _PLAN_ID.search(plan or "")
    if m is None:
        return None
    if m.group(1):
        number = int(m.group(1))
        return five_year_plan(number) if number >= _FIRST_REGULAR_PLAN else None
    if m.group(2):
        return int(m.group(2)), int(m.group(2))
    start, end = int(m.group(3)), int(m.group(4))
    return (start, end) if start <= end else None


def periods_in_text(text: str) -> list[tuple[int, int]]:
    """Find every Five-Year Plan a text names, in order (“十五五”期间 -> 2026-2030).

    Parameters
    ----------
    text : str
        Plan wording, with or without white space.

    Returns
    -------
    list of tuple of int

    Examples
    --------
    >>> periods_in_text("“十三五”时期的成就为“十四五”打下基础")
    [(2016, 2020), (2021, 2025)]
    """
    found = []
    for m in _PLAN_NAME.finditer("".join(text.split())):
        number = cn_number(m.group(1) or m.group(2))
        if number is not None and number >= _FIRST_REGULAR_PLAN:
            found.append(five_year_plan(number))
    return found


def period_in_text(text: str) -> tuple[int, int] | None:
    """Find the first Five-Year Plan a text names (“十五五”期间 -> 2026-2030), else None.

    Parameters
    ----------
    text : str
        Plan wording; the first plan named wins.

    Returns
    -------
    tuple of int or None

    Examples
    --------
    >>> period_in_text("“十五五”期间,城镇调查失业率控制在5.5%以内")
    (2026, 2030)
    """
    found = periods_in_text(text)
    return found[0] if found else None
