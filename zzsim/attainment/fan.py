"""Fan charts of a target's outcome, with the target drawn on them."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..plotting import use_cjk_font
from ..targets import Target, evaluate
from .results import outcome_unit, scenario_label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .results import Attainment

__all__ = ["FAN_QUANTILES", "fan_quantiles", "plot_fan"]

FAN_QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)


def fan_quantiles(
    target: Target, levels: np.ndarray, years: list[int], *, start: int | None = None
) -> pd.DataFrame:
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
    start : int, optional
        First year shown for a level target (default: the first of ``years``).

    Returns
    -------
    pandas.DataFrame
        Indexed by year, one column per quantile in :data:`FAN_QUANTILES`.
    """
    first, end = target.window
    if target.basis == "level":  # one year: show the path that leads to it
        first = min(years) if start is None else start
    rows = {}
    for year in range(first, end + 1):
        partial = (
            replace(target, start_year=year, end_year=year)
            if target.basis == "level"
            else replace(target, end_year=year)
        )
        value = evaluate(partial, levels, years).value
        if np.isfinite(value).any():  # none before the model's first simulated year
            rows[year] = np.nanquantile(value, FAN_QUANTILES)
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(FAN_QUANTILES))


def plot_fan(result: Attainment, target_id: str, *, fig: Figure | None = None) -> Figure:
    """Fan chart of one target: a panel per scenario, the target line, the planning date.

    Each panel shows the median outcome and its 50% and 80% intervals over the years of
    the plan (the outcome as if the window ended in each year: the level for a level
    target, the average growth since the base year for an average-growth target, ...), in
    the unit of the target's wording, with the target as a red dashed line.

    Parameters
    ----------
    result : Attainment
        From :func:`~zzsim.attainment.run_attainment`.
    target_id : str
        A simulated target of the plan.
    fig : matplotlib Figure, optional
        Figure to draw on (default: a new one).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    KeyError
        If the target is not in the plan or not simulated.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from .results import to_target_unit

    planned = {str(p.target.id): p for p in result.planned}
    if target_id not in planned or not planned[target_id].simulated:
        raise KeyError(f"{target_id!r} is not a simulated target of this result")
    p = planned[target_id]
    target = p.target
    use_cjk_font()
    n = len(result.scenarios)
    if fig is None:
        fig = plt.figure(figsize=(3.2 * n + 0.8, 3.6))
    axes = fig.subplots(1, n, sharey=True, squeeze=False)[0]
    shown = [target.value] if target.value_hi is None else [target.value, target.value_hi]
    unit = outcome_unit(target)
    for ax, scenario in zip(axes, result.scenarios, strict=True):
        fan = result.fans[scenario.name][target_id]
        fan = pd.DataFrame(to_target_unit(p, fan.to_numpy()), index=fan.index, columns=fan.columns)
        ax.fill_between(fan.index, fan[0.1], fan[0.9], color="C0", alpha=0.2, label="80%区间")
        ax.fill_between(fan.index, fan[0.25], fan[0.75], color="C0", alpha=0.4, label="50%区间")
        ax.plot(fan.index, fan[0.5], color="C0", label="中位数")
        for value in shown:
            ax.axhline(value, color="crimson", linestyle="--", linewidth=1)
        ax.plot([], [], color="crimson", linestyle="--", label="目标")
        if fan.index.min() <= result.present < fan.index.max():
            ax.axvline(result.present, color="grey", linestyle=":", linewidth=1, label="数据截至")
        prob = result.stats[scenario.name][target_id]
        name = scenario_label(scenario.name)
        ax.set_title(f"{name}情景：达成概率 {prob.hits / prob.paths:.2f}", fontsize=10)
        ax.set_xlabel("年份")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[0].set_ylabel(f"{FAN_MEASURE.get(target.basis, '数值')}（{unit}）")
    axes[0].legend(fontsize=8, loc="best")
    fig.suptitle(f"{target.id}：{target.text}", fontsize=11)
    fig.tight_layout()
    return fig


#: what the fan shows, by basis (the y-axis label)
FAN_MEASURE = {
    "level": "水平值",
    "avg_growth": "基期以来年均增速",
    "yoy_growth": "当年增速",
    "cumulative": "窗口内累计",
    "change_pp": "较基期变化",
    "reduction": "较基期下降幅度",
    "multiple": "相对基期倍数",
}
