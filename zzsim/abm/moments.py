"""The calibration moments: what the 2016 mid-year notice (002) says, and the same in a run.

Three kinds of moment, defined in ``moments`` of params.yaml:

* **portfolio** - five shares of the key-project portfolio read from the figure base: key
  projects under construction, completed and more than half done by mid-year (108, 6 and
  55 of 200), the work report's named projects that progress slowly (18 of 38), the share
  of the year's investment done in H1 (896.9 of 2500亿);
* **per task** - the mid-year progress share of each listed task whose row states one
  (52% and 17.2%), and for every other listed task whether its 上半年完成情况 reads on
  track or done (1) or behind or without measurable progress (0), by the documented rule
  of :func:`zzsim.abm.classify.classify_progress`;
* **statement** - the notice's summary "基本实现了时间过半、任务过半" read as the share of
  listed tasks on track, with a measurement tolerance (its standard deviation).

In a simulated year the same quantities are the portfolio's shares, each task's progress
share and on-track indicator at the end of the mid-year week, and the share of listed
tasks on track.

Figures of 002 that are not moments, and why: the key projects' H1 investment (381.6亿,
同比 +17.3%) has no stated plan to divide it by (the coupling uses it for the key projects'
share of investment); the standard factories (256.38万 m² under construction, 107.4万 m²
built, 79 firms) and the other outputs of the rows (众创空间, PPP projects, funds secured,
start-ups and jobs, spending) have no target for the year in the documents, so they say a
task moved, not how far - they enter through the row's class; the 53, 110, 33, 15, 25 and
18 projects of the project rows are lists outside the 200 (special funds, the provincial
library, preliminary work, the start campaign), with no stated overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..data import load_series
from ..errors import ModelError
from .figures import source_figure, target_row
from .network import TaskNetwork
from .params import PORTFOLIO_MOMENTS, AbmConfig, Params, default_config
from .summary import Summaries, on_track

__all__ = ["MomentTable", "moment_table", "simulated_moments"]

#: the classes of a progress text that count as on track at mid-year
ON_TRACK_CLASSES = ("done", "on_track")


@dataclass(frozen=True)
class MomentTable:
    """The observed moments of a table, in order, with what each means.

    Attributes
    ----------
    frame : pandas.DataFrame
        Indexed by moment name: ``kind`` (``portfolio``, ``task_progress``,
        ``task_on_track``, ``statement``), ``task_id`` (per-task moments), ``observed``,
        ``tolerance`` (measurement standard deviation; 0 for a count or a stated share),
        ``description``.
    """

    frame: pd.DataFrame

    @property
    def names(self) -> list[str]:
        """Moment names, in order."""
        return list(self.frame.index)

    @property
    def observed(self) -> NDArray[np.float64]:
        """Observed values, in order."""
        return self.frame["observed"].to_numpy(float)

    @property
    def tolerance(self) -> NDArray[np.float64]:
        """Measurement standard deviations, in order."""
        return self.frame["tolerance"].to_numpy(float)


def moment_table(
    network: TaskNetwork,
    config: AbmConfig | None = None,
    *,
    data_dir: str | Path | None = None,
) -> MomentTable:
    """Return the observed moments of a table with a key-project portfolio.

    Parameters
    ----------
    network : TaskNetwork
        Gives the source document, the stated progress and the progress classes.
    config : AbmConfig, optional
        Moment definitions (``moments`` in params.yaml).
    data_dir : str or Path, optional
        Folder of the figure base.

    Returns
    -------
    MomentTable

    Raises
    ------
    ModelError
        If the table has no key-project portfolio or no mid-year progress texts.
    """
    config = config or default_config()
    if network.portfolio is None or any(r is None for r in network.progress):
        raise ModelError(
            f"{network.table} has no key-project portfolio and mid-year progress: "
            "nothing to calibrate on"
        )
    targets = {
        "count_target": config.portfolio.count_target,
        "investment_target": config.portfolio.investment_target,
    }
    defs = config.moments
    series = load_series(data_dir)
    rows = []
    for name, ratio in defs.ratios().items():
        numerator = source_figure(ratio.numerator, network.source, series=series)
        ((kind, ref),) = ratio.denominator.items()
        denominator = (
            float(target_row(targets[ref], data_dir=data_dir)["value"])
            if kind == "target"
            else source_figure(ref, network.source, series=series)
        )
        description = config.describe(name)
        rows.append((name, "portfolio", "", numerator / denominator, ratio.tolerance, description))
    for task, pct in zip(network.task_ids, network.progress_pct, strict=True):
        if not np.isnan(pct):
            rows.append(
                (
                    f"progress {task}",
                    "task_progress",
                    task,
                    pct / 100.0,
                    0.0,
                    "mid-year progress share the row states",
                )
            )
    for task, pct, reading in zip(
        network.task_ids, network.progress_pct, network.progress, strict=True
    ):
        if np.isnan(pct) and reading is not None:
            hit = float(reading.label in ON_TRACK_CLASSES)
            rows.append(
                (
                    f"on track {task}",
                    "task_on_track",
                    task,
                    hit,
                    0.0,
                    f"row reads {reading.label} ({reading.rule}: {reading.evidence})",
                )
            )
    statement = defs.statement
    rows.append(
        (
            "statement",
            "statement",
            "",
            statement.reading,
            statement.tolerance,
            f"share of listed tasks on track; 002: {statement.quote}",
        )
    )
    frame = pd.DataFrame(
        rows, columns=["moment", "kind", "task_id", "observed", "tolerance", "description"]
    ).set_index("moment")
    return MomentTable(frame)


def simulated_moments(
    summaries: Summaries, network: TaskNetwork, params: Params, table: MomentTable
) -> NDArray[np.float64]:
    """Return the moments of each simulated year, in the order of ``table``.

    Parameters
    ----------
    summaries : Summaries
        Simulated years.
    network : TaskNetwork
    params : Params
        Gives the on-track threshold.
    table : MomentTable

    Returns
    -------
    ndarray, shape (runs, moments)
    """
    index = {task: i for i, task in enumerate(network.task_ids)}
    hit = on_track(summaries, params).astype(float)
    portfolio = dict(zip(PORTFOLIO_MOMENTS, summaries.moments.T, strict=True))
    columns = []
    for name, kind, task in zip(
        table.names, table.frame["kind"], table.frame["task_id"], strict=True
    ):
        if kind == "portfolio":
            columns.append(portfolio[name])
        elif kind == "task_progress":
            columns.append(summaries.midyear_progress[:, index[task]])
        elif kind == "task_on_track":
            columns.append(hit[:, index[task]])
        else:
            columns.append(hit.mean(axis=1))
    return np.column_stack(columns)
