"""Fan charts of a target's outcome, with the target drawn on them."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..plotting import cjk_axes
from ..targets import Target, evaluate

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .engine import Attainment

__all__ = ["FAN_QUANTILES", "fan_quantiles", "plot_fan"]

FAN_QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)


def fan_quantiles(target: Target, levels: np.ndarray, years: list[int]) -> pd.DataFrame:
    """Quantiles of the target's outcome as if its window ended in each year.

    For a level target this is the level in each simulated year up to the target year; for
    a five-year average-growth target, the average growth from the base year to each year;
    and so on.

    Parameters
    ----------
    target : Target
        In the units of ``levels``.
    levels : ndarray
        Paths (repetitions x years).
    years : list of int
        The years of the columns.

    Returns
    -------
    pandas.DataFrame
        Indexed by year, one column per quantile in :data:`FAN_QUANTILES`.
    """
    start, end = target.window
    if target.basis == "level":
        start = min(years)  # a level target is one year; show the path that leads to it
    rows = {}
    for year in range(start, end + 1):
        partial = (
            replace(target, start_year=year, end_year=year)
            if target.basis == "level"
            else replace(target, end_year=year)
        )
        rows[year] = np.quantile(evaluate(partial, levels, years).value, FAN_QUANTILES)
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(FAN_QUANTILES))


def plot_fan(result: Attainment, target_id: str, *, ax: Axes | None = None) -> Axes:
    """Fan chart of one target under every scenario, with the target line.

    Parameters
    ----------
    result : Attainment
        From :func:`~zzsim.attainment.run_attainment`.
    target_id : str
        A simulated target of the plan.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    KeyError
        If the target is not in the plan or not simulated.
    """
    from matplotlib.ticker import MaxNLocator

    from .engine import in_model_units

    planned = {str(p.target.id): p for p in result.planned}
    if target_id not in planned or not planned[target_id].simulated:
        raise KeyError(f"{target_id!r} is not a simulated target of this result")
    target = in_model_units(planned[target_id])
    ax = cjk_axes(ax)
    for i, scenario in enumerate(result.scenarios):
        fan = result.outcomes[scenario.name][target_id].fan
        if fan is None:
            continue
        colour = f"C{i}"
        ax.fill_between(fan.index, fan[0.1], fan[0.9], color=colour, alpha=0.15)
        ax.fill_between(fan.index, fan[0.25], fan[0.75], color=colour, alpha=0.3)
        ax.plot(fan.index, fan[0.5], color=colour, label=f"{scenario.name}（中位数，50%/80%区间）")
    shown = [target.value] if target.value_hi is None else [target.value, target.value_hi]
    for value in shown:
        ax.axhline(value, color="crimson", linestyle="--", linewidth=1)
    ax.plot(
        [target.window[1]], [target.value], marker="*", color="crimson", markersize=12, label="目标"
    )
    ax.set_title(f"{target.id}：{target.text}")
    ax.set_xlabel("年份")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(target.unit)
    ax.legend(fontsize=8)
    return ax
