"""Calibration charts of backtests: reliability diagram and PIT histogram (Chinese labels)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..plotting import cjk_axes
from .summary import reliability

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["LABELS", "plot_pit", "plot_reliability"]

#: Chinese names of the forecasters in legends
LABELS = {
    "zzsim": "zzsim 模拟",
    "planners": "规划目标（P=1）",
    "persistence": "延续上年",
    "rate_of_change": "历年增速加权平均",
}
_MARKERS = {"zzsim": "o", "planners": "s", "persistence": "^", "rate_of_change": "D"}


def _label(name: str) -> str:
    base, _, scenario = name.partition(":")
    return LABELS.get(base, base) + (f"（{scenario}）" if scenario else "")


def plot_reliability(frame: pd.DataFrame, *, bins: int = 5, ax: Axes | None = None) -> Axes:
    """Draw the reliability diagram of zzsim and the references.

    Each marker is a probability bin of one forecaster: the mean forecast probability
    against the share of targets attained, with the number of targets written beside it
    (in the forecaster's colour, stacked so that coinciding bins stay legible). A
    calibrated forecaster lies on the diagonal.

    Parameters
    ----------
    frame : pandas.DataFrame
        One or several (concatenated) frames of :func:`zzsim.backtest.backtest`.
    bins : int, default 5
        Equal-width probability bins (:func:`zzsim.backtest.reliability`).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is created otherwise.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = cjk_axes(ax, figsize=(5.5, 5))
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="完全校准")
    table = reliability(frame, bins=bins)
    for k, (name, group) in enumerate(table.groupby("model", sort=False)):
        marker = _MARKERS.get(str(name).partition(":")[0], "o")
        line = ax.plot(
            group["p_mean"],
            group["observed"],
            marker=marker,
            linestyle="none",
            markersize=8,
            alpha=0.8,
            label=_label(str(name)),
        )[0]
        for p, o, n in zip(group["p_mean"], group["observed"], group["n"], strict=True):
            ax.annotate(
                f"n={n}",
                (p, o),
                textcoords="offset points",
                xytext=(6, 4 + 11 * k),
                fontsize=8,
                color=line.get_color(),
            )
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("预测达成概率")
    ax.set_ylabel("实际达成比例")
    ax.set_title("可靠性图（回测）")
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_pit(frame: pd.DataFrame, *, bins: int = 10, ax: Axes | None = None) -> Axes:
    """Draw the histogram of zzsim's PIT values (one per target with a recorded outcome).

    Under calibration the PIT values are uniform on [0, 1]; mass piled at the ends means
    the intervals were too narrow, a slope means the forecasts were biased (mass near 0:
    outcomes below what was simulated).

    Parameters
    ----------
    frame : pandas.DataFrame
        One or several (concatenated) frames of :func:`zzsim.backtest.backtest`.
    bins : int, default 10
        Equal-width bins on [0, 1].
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is created otherwise.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = cjk_axes(ax, figsize=(5.5, 4))
    pit = frame["pit"].dropna().to_numpy(dtype=float)
    ax.hist(pit, bins=list(np.linspace(0.0, 1.0, bins + 1)), color="tab:blue", edgecolor="white")
    ax.axhline(pit.size / bins, color="grey", linestyle="--", linewidth=1, label="均匀分布（校准）")
    ax.set_xlim(0, 1)
    ax.set_xlabel("PIT：模拟结果不超过实际值的比例")
    ax.set_ylabel("目标个数")
    ax.set_title(f"PIT 直方图（{pit.size} 个有实际值的目标）")
    ax.legend(loc="upper center", fontsize=8)
    return ax
