"""Where a target stood at the planning date: the "时间过半、任务过半" test of a mid-term review.

For a target whose window has begun and not ended, the share of the required change
achieved by the planning date (``done``) is compared with the share of the window
elapsed (``elapsed``); a target is on the straight-line path when ``done >= elapsed``.
Both are read from the median simulated path, which in the years up to the planning date
follows the known figures (the models are fitted on them). Only a target whose indicator has
a figure for the planning date itself gets a mark: for the others, where they stood would
be a forecast, not a record.

The required change, by basis (``L`` the level, ``B`` the level in the year before the
window, ``p`` the planning date, ``T`` the target value, ``n`` the window's years):

==============  ==========================================  ============================
basis           done                                        on the straight line when
==============  ==========================================  ============================
level           ``(L_p - B) / (T - B)``                     the level moves towards
                                                            ``T`` at least linearly
avg_growth      ``log(L_p / B) / (n log(1 + T/100))``       growth so far matches ``T``
multiple        ``log(L_p / B) / log(T)``
cumulative      ``(L_s + ... + L_p) / T``
change_pp       ``(L_p - B) / T``
reduction       ``log(B / L_p) / -log(1 - T/100)``
==============  ==========================================  ============================

A level target already met in the base year, targets of one year (``yoy_growth``),
changes of a level in its own unit and targets that must hold in every year have no such
share (they are met or not each year).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .plan import PlannedTarget, in_model_units

__all__ = ["Progress", "progress_at"]


@dataclass(frozen=True)
class Progress:
    """A target's progress at the planning date.

    Attributes
    ----------
    done : float
        Share of the required change achieved (1 = the target is reached).
    elapsed : float
        Share of the window's years elapsed.
    """

    done: float
    elapsed: float

    @property
    def on_track(self) -> bool:
        """True when at least as much is done as time has passed (up to rounding)."""
        return self.done >= self.elapsed - 1e-9


def _done(basis: str, base: float, now: float, target: float, summed: float, n: int) -> float:
    """Share of the required change achieved (see the module docstring)."""
    if basis == "level":
        return (now - base) / (target - base)
    if basis == "avg_growth":
        return math.log(now / base) / (n * math.log1p(target / 100))
    if basis == "multiple":
        return math.log(now / base) / math.log(target)
    if basis == "cumulative":
        return summed / target
    if basis == "change_pp":
        return (now - base) / target
    return math.log(base / now) / -math.log1p(-target / 100)  # reduction


def progress_at(
    planned: PlannedTarget, median: pd.Series, present: int, *, window_start: int | None = None
) -> Progress | None:
    """Return where a target stood at the planning date, or None where it does not apply.

    Parameters
    ----------
    planned : PlannedTarget
        A simulated target.
    median : pandas.Series
        The median simulated path (level or growth index, model units) by year, covering
        the year before the window and the years up to ``present``.
    present : int
        The planning date.
    window_start : int, optional
        First year of the plan period, for level targets that name only their end year
        (default: the target's own start year).

    Returns
    -------
    Progress or None
    """
    t = in_model_units(planned)
    start, end = t.window
    if t.basis == "level" and window_start is not None:
        start = window_start
    if not start <= present < end or t.per_year or t.operator == "range":
        return None
    if t.basis not in ("level", "avg_growth", "multiple", "cumulative", "change_pp", "reduction"):
        return None
    if start - 1 not in median.index or present not in median.index:
        return None
    base, now = float(median[start - 1]), float(median[present])
    if t.basis == "level":
        wanted = {">=": 1, ">": 1, "<=": -1, "<": -1}.get(t.operator, 0)
        if t.value == base or (t.value - base) * wanted < 0:
            return None  # met in the base year already: there is no change to make
    summed = float(median.loc[start:present].sum())
    n = end - start + 1
    try:
        done = _done(t.basis, base, now, t.value, summed, n)
    except (ValueError, ZeroDivisionError):
        return None
    return Progress(done, (present - start + 1) / n) if math.isfinite(done) else None
