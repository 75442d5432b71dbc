"""Whole-base validation and summary counts (``zzsim data check`` / ``summary``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataError
from .provenance import verify_provenance
from .registries import _root, load_agencies, load_indicators, load_sources
from .schema import ORIGINS
from .series import FiguresLike, load_series
from .tables import load_targets, load_tasks

__all__ = ["check", "summary"]


def check(
    data_dir: str | Path | None = None,
    sources_dir: str | Path | None = None,
    *,
    figures: FiguresLike | None = None,
) -> list[DataError]:
    """Validate the whole figure base (and the planner's figures) and return every problem.

    Parameters
    ----------
    data_dir : str or Path, optional
        Folder of the figure base; default :func:`zzsim.resources.data_dir`.
    sources_dir : str or Path, optional
        Folder of the seed documents. When given, every built-in quote is verified
        verbatim (the planner's rows cite their own sources, which are not checked).
    figures : path, DataFrame or list of them, optional
        The planner's figures, checked row by row and against the built-in base.

    Returns
    -------
    list of DataError
        Empty when everything is valid. Registry errors (sources, units, indicators,
        agencies) stop the check early, since rows cannot be validated without them.

    Raises
    ------
    DataError
        If ``data_dir`` is not a folder.
    """
    root = _root(data_dir)
    try:
        load_sources(root)
        load_indicators(root)
        load_agencies(root)
    except DataError as exc:
        return [exc]
    problems: list[DataError] = []
    series = load_series(root, figures=figures, _problems=problems)
    frames = {
        "series": series[series["origin"] == "built-in"],
        "targets": load_targets(None, root, _problems=problems),
        "tasks": load_tasks(None, root, _problems=problems),
    }
    if sources_dir is not None:
        problems.extend(verify_provenance(frames, sources_dir))
    return problems


def summary(
    data_dir: str | Path | None = None, *, figures: FiguresLike | None = None
) -> dict[str, pd.DataFrame]:
    """Count the figure base by kind, origin, source, plan, table and indicator.

    Parameters
    ----------
    data_dir : str or Path, optional
        Folder of the figure base.
    figures : path, DataFrame or list of them, optional
        The planner's figures, merged as by :func:`zzsim.data.load_series`.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``kinds`` (rows per kind; ``series`` counts both origins), ``origins`` (series
        rows per origin, and how many of them a row of the other origin supersedes),
        ``series`` (rows per source), ``targets`` (targets per plan, with how many name an
        indicator), ``tasks`` (rows per table) and ``indicators`` (series rows and targets
        per indicator).
    """
    root = _root(data_dir)
    series = load_series(root, figures=figures)
    targets = load_targets(None, root)
    tasks = load_tasks(None, root)
    agencies = load_agencies(root)
    indicators = load_indicators(root)
    kinds = pd.DataFrame(
        {
            "rows": [
                len(series),
                len(targets),
                len(tasks),
                int((agencies["kind"] != "collective").sum()),
                int((agencies["kind"] == "collective").sum()),
                len(indicators),
            ]
        },
        index=pd.Index(
            ["series", "targets", "tasks", "agencies", "collectives", "indicators"], name="kind"
        ),
    )
    origins = (
        series.assign(superseded=series["superseded_by"] != "")
        .groupby("origin")
        .agg(rows=("id", "size"), superseded=("superseded", "sum"))
        .reindex(pd.Index(ORIGINS, name="origin"), fill_value=0)
        .astype(int)
    )
    by_source = series.groupby("source").size().rename("rows").to_frame()
    per_plan = targets.groupby("plan", sort=False).agg(
        targets=("id", "size"), with_indicator=("indicator", lambda s: int((s != "").sum()))
    )
    per_table = tasks.groupby("table").agg(
        tasks=("id", "size"), with_progress_pct=("progress_pct", "count")
    )
    per_indicator = (
        pd.DataFrame(
            {
                "series_rows": series.groupby("indicator").size(),
                "targets": targets[targets["indicator"] != ""].groupby("indicator").size(),
            }
        )
        .fillna(0)
        .astype(int)
        .join(indicators[["name", "unit", "family"]])
        .sort_values(["series_rows", "targets"], ascending=False)
    )
    return {
        "kinds": kinds,
        "origins": origins,
        "series": by_source,
        "targets": per_plan,
        "tasks": per_table,
        "indicators": per_indicator,
    }
