"""Fan charts of simulated paths, with Chinese labels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..plotting import cjk_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["fan_chart"]


def fan_chart(
    paths: pd.DataFrame,
    *,
    observed: pd.DataFrame | None = None,
    title: str = "",
    ylabel: str = "",
    levels: Sequence[float] = (0.5, 0.8, 0.95),
    color: str = "C0",
    label: str = "中位数",
    ax: Axes | None = None,
) -> Axes:
    """Shade central intervals of simulated paths and mark the observed values.

    Parameters
    ----------
    paths : pandas.DataFrame
        Rows = repetitions, columns = years.
    observed : pandas.DataFrame, optional
        Columns ``year``, ``start_year``, ``value`` and optionally ``current_basis``:
        single years are drawn as points (hollow when on an older census basis than the
        fitted path), windows (``start_year < year``, e.g. a five-year average) as dashed
        horizontal segments.
    title, ylabel : str
        Labels (Chinese is fine: the CJK font is registered first).
    levels : sequence of float
        Coverages of the shaded intervals, e.g. ``(0.5, 0.8, 0.95)``.
    color : str
        Matplotlib colour of the fan.
    label : str
        Legend label of the median line.
    ax : matplotlib Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = cjk_axes(ax)
    years = np.asarray(paths.columns, dtype=int)
    values = paths.to_numpy()
    for level in sorted(levels, reverse=True):
        tail = (1.0 - level) / 2.0
        lo, hi = np.quantile(values, [tail, 1.0 - tail], axis=0)
        ax.fill_between(
            years,
            lo,
            hi,
            color=color,
            alpha=0.15 + 0.25 * (1 - level),
            lw=0,
            label=f"{level:.0%}区间",
        )
    ax.plot(years, np.median(values, axis=0), color=color, lw=2, label=label)
    if observed is not None and len(observed):
        single = observed[observed["start_year"] == observed["year"]]
        current = single.get("current_basis", pd.Series(True, index=single.index)).astype(bool)
        ax.plot(
            single["year"][current], single["value"][current], "o", color="k", ms=5, label="观测值"
        )
        if (~current).any():
            ax.plot(
                single["year"][~current],
                single["value"][~current],
                "o",
                mfc="none",
                color="k",
                ms=6,
                label="观测值（普查修订前口径）",
            )
        windows = observed[observed["start_year"] < observed["year"]]
        for i, row in enumerate(windows.to_dict("records")):
            ax.hlines(
                row["value"],
                row["start_year"] - 0.5,
                row["year"] + 0.5,
                color="k",
                lw=1.5,
                linestyles="--",
                label="时期年均值" if i == 0 else "_nolegend_",
            )
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("年份")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(loc="best", fontsize=8)
    ax.grid(alpha=0.3)
    return ax
