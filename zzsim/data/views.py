"""Views of the figure base: coverage by indicator and year, and vintage disagreements."""

from __future__ import annotations

import pandas as pd

from .schema import SAME_FIGURE_KEYS

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
    """List figures that two documents report differently, and the planner's replacements.

    Two rows of one origin disagree when they describe the same indicator, region, year,
    window, measure, unit and price basis but carry different values; both are kept in
    the base (the models use both vintages). A planner's row and a built-in row that
    describe the same figure (indicator, region, year, window, measure and price basis,
    in any unit) are listed as a pair whether or not their values differ: the later
    vintage supersedes the other (``superseded_by``), and both are kept.

    Parameters
    ----------
    series : pandas.DataFrame
        As returned by :func:`zzsim.data.load_series` (a frame without ``origin`` is
        read as built-in rows).

    Returns
    -------
    pandas.DataFrame
        One row per figure involved, sorted by indicator, year and vintage, with columns
        ``indicator, region, year, start_year, measure, unit, value, status, vintage,
        source, quote, id, origin, superseded_by``.
    """
    same = ["_window" if key == "start_year" else key for key in SAME_FIGURE_KEYS]
    frame = series.copy()
    frame["_window"] = frame["start_year"].fillna(0)
    if "origin" not in frame.columns:
        frame["origin"] = "built-in"
    if "superseded_by" not in frame.columns:
        frame["superseded_by"] = ""
    frame["id"] = frame.index if "id" not in frame.columns else frame["id"]
    within = frame.groupby([*same, "unit", "origin"], dropna=False)["value"].transform("nunique")
    across = frame.groupby(same, dropna=False)["origin"].transform("nunique")
    columns = [
        "indicator",
        "region",
        "year",
        "start_year",
        "measure",
        "unit",
        "value",
        "status",
        "vintage",
        "source",
        "quote",
        "id",
        "origin",
        "superseded_by",
    ]
    out = frame.loc[(within > 1) | (across > 1), columns]
    return out.sort_values(["indicator", "year", "vintage"], kind="stable").reset_index(drop=True)
