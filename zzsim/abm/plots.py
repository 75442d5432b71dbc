"""Figures of the task ABM for a planner: the predictive check, bottlenecks, interventions.

Every figure labels its axes with units and carries a Chinese legend; each function draws
on the axes given (or new ones) and returns them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..plotting import cjk_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .moments import MomentTable

__all__ = ["plot_bottlenecks", "plot_effects", "plot_predictive"]

#: Chinese labels of the shares of the portfolio and the statement
_LABELS = {
    "started": "重点项目已开工",
    "completed": "重点项目已竣工",
    "half_plan": "年计划完成过半",
    "named_slow": "38个重点项目中进展较慢",
    "investment_h1": "上半年投资完成比例",
    "statement": "“基本实现时间过半、任务过半”",
}


def _label(name: str, names: dict[str, str]) -> str:
    if name.startswith("progress "):
        return f"{names[name.removeprefix('progress ')]}（上半年进度）"
    return _LABELS.get(name, name)


def plot_predictive(
    check: pd.DataFrame,
    table: MomentTable,
    task_names: dict[str, str],
    *,
    axes: tuple[Axes, Axes] | None = None,
) -> tuple[Axes, Axes]:
    """Draw simulated against observed, per moment (the predictive check of a calibration).

    Left: the shares (portfolio, stated progress, the statement) - the 5-95% range and the
    median of the simulated years against the observed value (with ±2 tolerances where the
    observation has one). Right: per listed task, the simulated P(on track at mid-year)
    with its 90% range across parameter draws (each draw's P from its few simulated years,
    so the range holds Monte Carlo noise too), and the row's class (on track or not).

    Parameters
    ----------
    check : pandas.DataFrame
        From :func:`zzsim.abm.calibration.predictive_check`.
    table : MomentTable
        The observed moments.
    task_names : dict of str to str
        Short name of each task id.
    axes : pair of matplotlib.axes.Axes, optional

    Returns
    -------
    tuple of matplotlib.axes.Axes
    """
    if axes is None:
        import matplotlib.pyplot as plt

        cjk_axes()
        _, pair = plt.subplots(1, 2, figsize=(13, 6.5), gridspec_kw={"width_ratios": [1, 1.1]})
        axes = (pair[0], pair[1])
    left, right = cjk_axes(axes[0]), cjk_axes(axes[1])
    frame = table.frame
    shares = [m for m in table.names if frame.at[m, "kind"] != "task_on_track"]
    y = np.arange(len(shares))[::-1]
    low, mid, high = (check[shares].quantile(q).to_numpy() for q in (0.05, 0.5, 0.95))
    left.hlines(y, low, high, color="#9ecae1", lw=6, label="模拟 5%-95%")
    left.plot(mid, y, "|", color="#08519c", ms=14, mew=2, label="模拟中位数")
    observed = frame.loc[shares, "observed"].to_numpy(float)
    tolerance = frame.loc[shares, "tolerance"].to_numpy(float)
    left.errorbar(
        observed,
        y,
        xerr=2 * tolerance,
        fmt="o",
        color="#d94801",
        capsize=4,
        label="观测值（±2倍容差）",
    )
    left.set_yticks(y, [_label(m, task_names) for m in shares])
    left.set_xlabel("比例（0-1）")
    left.set_xlim(0, 1)
    left.set_title("年中矩：模拟与观测")
    # legends below the axes: inside, they would hide a row's observed value
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=3, fontsize=8)
    tasks = [m for m in table.names if frame.at[m, "kind"] == "task_on_track"]
    p = check[tasks].groupby(level="draw").mean()
    y = np.arange(len(tasks))[::-1]
    right.hlines(
        y,
        p.quantile(0.05),
        p.quantile(0.95),
        color="#9ecae1",
        lw=6,
        label="各参数抽样的P(年中达标) 5%-95%",
    )
    right.plot(p.mean(), y, "|", color="#08519c", ms=14, mew=2, label="模拟P(年中达标)")
    hit = frame.loc[tasks, "observed"].to_numpy(float)
    right.plot(hit, y, "o", color="#d94801", label="通报：达标=1，未达标=0")
    right.set_yticks(y, [task_names[str(frame.at[m, "task_id"])] for m in tasks], fontsize=8)
    right.set_xlabel("年中达标概率（0-1）")
    right.set_xlim(-0.05, 1.05)
    right.set_title("逐项任务：模拟达标概率与通报")
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=2, fontsize=8)
    return left, right


def plot_bottlenecks(agencies: pd.DataFrame, *, top: int = 12, ax: Axes | None = None) -> Axes:
    """Draw the named agencies that cause most delay, with each collective's members.

    Parameters
    ----------
    agencies : pandas.DataFrame
        From :meth:`zzsim.abm.SimulationResults.agencies`.
    top : int
        Agencies shown.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = cjk_axes(ax, figsize=(8, 0.35 * top + 1.5))
    named = agencies[agencies["named"]].head(top)[::-1]
    labels = [
        f"{n}（{m}成员）" if m else n
        for n, m in zip(named["name"], named["member_of"], strict=True)
    ]
    ax.barh(labels, named["delay_weeks"], color="#d94801", label="造成的延误")
    ax.set_xlabel("造成的延误（任务·周/年）")
    ax.set_title("瓶颈单位：集体单位按成员分列（未列明的单位不计排名）")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def plot_effects(
    effects: pd.DataFrame, labels: dict[str, str], metric: str, unit: str, *, ax: Axes | None = None
) -> Axes:
    """Draw each intervention's effect on one metric with its confidence interval.

    Parameters
    ----------
    effects : pandas.DataFrame
        From :func:`zzsim.abm.compare_interventions`.
    labels : dict of str to str
        Chinese name of each intervention.
    metric : str
        A metric of the table (``tasks_completed``, ...).
    unit : str
        The metric's unit, for the axis label.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = cjk_axes(ax, figsize=(6, 3.5))
    part = effects.xs(metric, level="metric")
    y = np.arange(len(part))
    err = [part["difference"] - part["ci_low"], part["ci_high"] - part["difference"]]
    ax.errorbar(
        part["difference"],
        y,
        xerr=err,
        fmt="o",
        color="#08519c",
        capsize=4,
        label="差值及95%置信区间",
    )
    ax.axvline(0, color="grey", lw=0.8, label="与现状相同")
    ax.set_yticks(y, [labels.get(str(i), str(i)) for i in part.index])
    ax.set_xlabel(f"与现状之差（{unit}）")
    ax.legend(loc="best", fontsize=8)
    return ax
