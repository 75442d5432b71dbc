"""What a planner reads from the replications: per task, per agency, per run.

:class:`SimulationResults` wraps the compact per-run summaries of :func:`zzsim.abm.simulate`
and turns them into labelled pandas tables:

* :meth:`~SimulationResults.tasks` - per listed task, P(complete by year end), the median
  completion week, P(on track at mid-year);
* :meth:`~SimulationResults.agencies` - per agency, utilisation, delay caused and its share
  (the bottleneck ranking);
* :meth:`~SimulationResults.backlog` - mean backlog of each agency by week;
* :meth:`~SimulationResults.metrics` and :meth:`~SimulationResults.moments` - one row per run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .network import TaskNetwork
from .params import Params
from .summary import MOMENTS, PORTFOLIO_STATS, Summaries, on_track

__all__ = ["METRICS", "SimulationResults"]

#: per-run outcome metrics (see :meth:`SimulationResults.metrics`)
METRICS = (
    "tasks_completed",
    "tasks_on_track_midyear",
    "key_plan_done",
    "key_money_fulfilment",
    "key_completed",
    "delay_weeks",
    "rework_weeks",
)


@dataclass(frozen=True)
class SimulationResults:
    """Replications of one task table under one parameter set.

    Attributes
    ----------
    network : TaskNetwork
    params : Params
    seeds : tuple of numpy.random.SeedSequence
        The seed of each replication, in order.
    summaries : Summaries
        The compact per-run summaries.
    """

    network: TaskNetwork
    params: Params
    seeds: tuple[np.random.SeedSequence, ...]
    summaries: Summaries

    def __len__(self) -> int:
        return len(self.summaries)

    @property
    def on_track(self) -> np.ndarray:
        """Whether each listed task is on track at mid-year, per run (runs × tasks)."""
        return on_track(self.summaries, self.params)

    def tasks(self) -> pd.DataFrame:
        """Return the outcome of each listed task.

        Returns
        -------
        pandas.DataFrame
            Indexed by task id: ``name`` (short name), ``text``, ``kind``, ``key``,
            ``lead`` (Chinese name), ``n_participants``, ``observed`` (the class of the
            row's mid-year progress text, if the table has one), ``p_complete`` (by the
            year's end: the year's plan - for a continuing task its milestones - done) and
            its Monte Carlo standard error ``p_complete_se``, ``median_week`` (median
            completion week; NaN when the task is unfinished in half of the runs or more),
            ``p_on_track_midyear`` (时间过半、任务过半: progress share at mid-year at least
            the share of its plan period elapsed times ``laggard_ratio``).
        """
        weeks = self.summaries.completion_week
        done = weeks > 0
        p = done.mean(axis=0)
        median = np.median(np.where(done, weeks, np.inf), axis=0)
        frame = self.network.tasks_frame()
        frame["p_complete"] = p
        frame["p_complete_se"] = np.sqrt(p * (1 - p) / len(self))
        frame["median_week"] = np.where(np.isfinite(median), median, np.nan)
        frame["p_on_track_midyear"] = self.on_track.mean(axis=0)
        return frame

    def agencies(self) -> pd.DataFrame:
        """Return each agency's load and the delay it causes, ranked as bottlenecks.

        Collectives are broken into their members (each county is its own row, with the
        collectives it stands for in ``member_of``). A stand-in - a collective the
        documents do not enumerate, the bodies outside the table, the key projects' owners -
        is one row marked ``named = False`` and left out of the ranking: no planner can
        act on it until the table names who it is.

        Returns
        -------
        pandas.DataFrame
            Indexed by agency id, sorted by ``delay_share`` (largest first): ``name``,
            ``kind``, ``named``, ``member_of`` (collectives it was expanded from, Chinese
            names joined by 、), ``tasks_led`` and ``tasks_joined`` (listed tasks),
            ``utilisation`` (mean share of capacity used; NaN for a stand-in, which does
            not pool its capacity), ``delay_weeks`` (task-weeks of delay caused per year:
            weeks its clearance was outstanding, shared among the parties outstanding, plus
            pace lost on its own tasks for lack of capacity), ``delay_share`` (of all
            delay caused), ``rank`` (1 = worst bottleneck among named agencies; 0 for a
            stand-in).
        """
        net = self.network
        delay = self.summaries.delay.mean(axis=0)
        via: dict[str, list[str]] = {a: [] for a in net.agency_ids}
        for parts, froms in zip(net.participants, net.via, strict=True):
            for agency, collective in zip(parts, froms, strict=True):
                if collective and collective not in via[agency]:
                    via[agency].append(collective)
        stand_in = np.array(net.stand_in)
        utilisation = np.where(stand_in, np.nan, self.summaries.utilisation.mean(axis=0))
        frame = pd.DataFrame(
            {
                "name": net.agency_names,
                "kind": net.agency_kinds,
                "named": ~stand_in,
                "member_of": ["、".join(via[a]) for a in net.agency_ids],
                "tasks_led": [sum(lead == a for lead in net.leads) for a in net.agency_ids],
                "tasks_joined": [sum(a in p for p in net.participants) for a in net.agency_ids],
                "utilisation": utilisation,
                "delay_weeks": delay,
                "delay_share": delay / delay.sum() if delay.sum() > 0 else np.zeros_like(delay),
            },
            index=pd.Index(net.agency_ids, name="agency_id"),
        )
        frame = frame.sort_values("delay_share", ascending=False, kind="stable")
        frame["rank"] = np.where(frame["named"], frame["named"].cumsum(), 0)
        return frame

    def backlog(self) -> pd.DataFrame:
        """Return the mean backlog of each agency at the end of each week.

        Returns
        -------
        pandas.DataFrame
            Index ``week`` (1..weeks), one column per agency (Chinese name); desk-weeks of
            work left on its open tasks plus its pending clearances.
        """
        mean = self.summaries.backlog.astype(float).mean(axis=0)
        return pd.DataFrame(
            mean,
            index=pd.Index(np.arange(1, mean.shape[0] + 1), name="week"),
            columns=list(self.network.agency_names),
        )

    def metrics(self) -> pd.DataFrame:
        """Return the outcome metrics of each run.

        Returns
        -------
        pandas.DataFrame
            One row per replication, columns :data:`METRICS`: share of listed tasks
            completed by the year's end, share on track at mid-year, the portfolio's share
            of key projects whose plan is done, share of planned key investment done, share
            completed (竣工) (NaN without portfolio), total delay caused (task-weeks) and
            rework (weeks).
        """
        s = self.summaries
        portfolio = dict(zip(PORTFOLIO_STATS, s.portfolio.T, strict=True))
        return pd.DataFrame(
            {
                "tasks_completed": (s.completion_week > 0).mean(axis=1),
                "tasks_on_track_midyear": self.on_track.mean(axis=1),
                "key_plan_done": portfolio["plan_done"],
                "key_money_fulfilment": portfolio["money_fulfilment"],
                "key_completed": portfolio["completed"],
                "delay_weeks": s.delay.sum(axis=1),
                "rework_weeks": s.rework,
            },
            index=pd.RangeIndex(len(self), name="run"),
        )[list(METRICS)]

    def moments(self) -> pd.DataFrame:
        """Return the simulated calibration moments of each run.

        Returns
        -------
        pandas.DataFrame
            One row per replication, columns :data:`zzsim.abm.summary.MOMENTS`.
        """
        return pd.DataFrame(
            self.summaries.moments,
            columns=list(MOMENTS),
            index=pd.RangeIndex(len(self), name="run"),
        )

    def summary(self) -> str:
        """Return a short text report: tasks, bottlenecks, portfolio.

        Returns
        -------
        str
        """
        tasks = self.tasks()[["name", "lead", "p_complete", "median_week", "p_on_track_midyear"]]
        ranked = self.agencies()
        agencies = ranked[ranked["named"]].head(5)[["name", "utilisation", "delay_share"]]
        metrics = self.metrics().mean().to_frame("mean")
        return "\n\n".join(
            [
                f"{self.network.table}: {len(self)} replications",
                tasks.to_string(float_format=lambda v: f"{v:.3f}"),
                "bottlenecks\n" + agencies.to_string(float_format=lambda v: f"{v:.3f}"),
                metrics.to_string(float_format=lambda v: f"{v:.3f}"),
            ]
        )
