"""Figures the task ABM reads from the figure base: series of a source, plan targets.

Every number the model takes from the documents (the 200 key projects, the 38 named ones,
the mid-year counts, H1 investment, the investment goal) comes through these two functions,
so that each is read from ``data/`` and never typed into the code.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pandas as pd

from ..data import load_series, load_targets
from ..errors import DataError

__all__ = ["source_figure", "target_row"]

#: measures of a series row that are a plain number of the period (not a growth rate)
_PLAIN = ("level", "count")


def source_figure(
    indicator: str,
    source: str,
    *,
    data_dir: str | Path | None = None,
    series: pd.DataFrame | None = None,
) -> float:
    """Return the value of an indicator as one source document states it.

    Parameters
    ----------
    indicator : str
        Indicator id, e.g. ``key_projects_started``.
    source : str
        Seed file name, e.g. ``002_9915d913b5f425b0.txt`` (the task table's source).
    data_dir : str or Path, optional
        Folder of the figure base.
    series : pandas.DataFrame, optional
        The figure base already loaded (from :func:`zzsim.data.load_series` of
        ``data_dir``), for a caller that reads several figures.

    Returns
    -------
    float
        The value of the single ``level`` or ``count`` row.

    Raises
    ------
    DataError
        If the source has no such row, or more than one.
    """
    if series is None:
        series = load_series(data_dir)
    rows = series[
        (series["indicator"] == indicator)
        & (series["source"] == source)
        & series["measure"].isin(_PLAIN)
    ]
    if len(rows) != 1:
        raise DataError(
            f"expected one level/count row of indicator {indicator!r} from {source}, "
            f"found {len(rows)}",
            file="data/series",
            key=indicator,
        )
    return float(rows["value"].iloc[0])


def target_row(target_id: str, *, data_dir: str | Path | None = None) -> pd.Series:
    """Return one plan target by id.

    Parameters
    ----------
    target_id : str
        E.g. ``annual2016-008``; the plan is the part before the last ``-``.
    data_dir : str or Path, optional
        Folder of the figure base.

    Returns
    -------
    pandas.Series
        The target's row (``value``, ``operator``, ``end_year``, ...).

    Raises
    ------
    DataError
        If the plan or the target does not exist.
    """
    plan = target_id.rpartition("-")[0]
    targets = load_targets(plan, data_dir)
    if target_id not in targets.index:
        raise DataError(
            f"no target {target_id!r} in plan {plan!r}", file=f"data/targets/{plan}.csv"
        )
    return cast(pd.Series, targets.loc[target_id])
