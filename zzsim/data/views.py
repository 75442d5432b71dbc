"""Views of the figure base: coverage by indicator and year, and vintage disagreements."""

from __future__ import annotations

import pandas as pd

__all__ = ["coverage", "disagreements"]


def coverage(series: pd.DataFrame, *, min_rows: int = 1) -> pd.DataFrame:
    """Count figures per indicator and year.

    Parameters
    ----------
    series : pandas.DataFrame
        As returned by :func:`zzsim.data.load_series`.
    min_rows : int, default 1
        Keep indicators with at least this many rows.

    Returns
    -------
    pandas.DataFrame
        Indicators as rows, years as columns, counts of figures in the cells (0 where none).
    """
    counts = series.groupby(["indicator", "year"]).size().unstack("year", fill_value=0)
    keep = counts.sum(axis=1) >= min_rows
    return counts.loc[keep].sort_index(axis=1)


def disagreements(series: pd.DataFrame) -> pd.DataFrame:
    """List figures that two documents report differently.

    Two rows disagree when they describe the same indicator, region, year, window, measure,
    unit and price basis but carry different values. Both are kept in the figure base;
    this view puts them side by side with their vintages and statuses.

    Parameters
    ----------
    series : pandas.DataFrame
        As returned by :func:`zzsim.data.load_series`.

    Returns
    -------
    pandas.DataFrame
        One row per figure involved, sorted by indicator, year and vintage, with columns
        ``indicator, region, year, start_year, measure, unit, value, status, vintage,
        source, quote``.
    """
    keys = ["indicator", "region", "year", "start_year", "measure", "unit", "price_basis"]
    frame = series.copy()
    frame["start_year"] = frame["start_year"].fillna(0)
    spread = frame.groupby(keys, dropna=False)["value"].transform("nunique")
    out = series.loc[spread > 1, [*keys[:-1], "value", "status", "vintage", "source", "quote"]]
    return out.sort_values(["indicator", "year", "vintage"]).reset_index(drop=True)
