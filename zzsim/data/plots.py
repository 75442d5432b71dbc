"""Charts of the figure base with Chinese labels."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..plotting import cjk_axes
from .registries import load_indicators
from .schema import CITY, SECTOR_SHARES

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_levels", "plot_structure"]

_STATUS_MARKERS = {"actual": "o", "preliminary": "s", "revised": "D"}


def plot_levels(series: pd.DataFrame, indicator: str, *, ax: Axes | None = None) -> Axes:
    """Plot the levels of one indicator, one marker per status and a colour per vintage.

    Parameters
    ----------
    series : pandas.DataFrame
        As returned by :func:`zzsim.data.load_series`.
    indicator : str
        Indicator id, e.g. ``"gdp"``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is created otherwise.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = cjk_axes(ax)
    meta = load_indicators().loc[indicator]
    rows = series[
        (series.indicator == indicator) & (series.measure == "level") & (series.region == CITY)
    ]
    for (vintage, status), group in rows.groupby(["vintage", "status"]):
        ax.plot(
            group["year"].astype(int),
            group["value"],
            marker=_STATUS_MARKERS[str(status)],
            linestyle="none",
            label=f"{vintage}年文件（{status}）",
        )
    ax.set_title(f"{meta['name']}（{meta['unit']}）")
    ax.set_xlabel("年份")
    ax.set_ylabel(str(meta["unit"]))
    ax.legend(title="来源年份（口径）")
    return ax


def plot_structure(series: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Plot the three-sector structure (一、二、三产业占比) by year and document vintage.

    Parameters
    ----------
    series : pandas.DataFrame
        As returned by :func:`zzsim.data.load_series`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is created otherwise.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = cjk_axes(ax)
    rows = series[series.indicator.isin(SECTOR_SHARES) & (series.region == CITY)]
    table = rows.pivot_table(index=["year", "vintage"], columns="indicator", values="value")
    table = table[list(SECTOR_SHARES)]
    table.columns = ["第一产业", "第二产业", "第三产业"]
    table.index = [f"{y}年\n({v}年文件)" for y, v in table.index]
    table.plot.bar(stacked=True, ax=ax, rot=0)
    ax.set_ylabel("占地区生产总值比重（%）")
    ax.set_title("三次产业结构")
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
    return ax
