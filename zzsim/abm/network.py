"""The task network of a table: tasks, their lead and participating agencies, the portfolio.

Rules (documented here once, used by the Mesa model and the array core alike):

* **Leads.** The first lead named (主牵头单位) carries the work of a task. Other leads
  (共同牵头) must agree at each clearance point, like participants, and come first among
  them. A collective named as a lead acts as one unit (it reports through one coordinator).
* **Collectives as participants.** A collective the registry enumerates (各县市区, 城市四区)
  is expanded to its members for the document year; the members act in parallel, and a
  share ``collective_quorum`` of them suffices at each clearance point (they form one
  *group* of the task). 相关县市区 takes the members of 各县市区 (``collectives.members_from``
  in params.yaml: it is by its wording a part of them).
* **Stand-ins.** A collective the documents do not enumerate (市政府相关部门, 各投资公司, a
  领导小组's member units) is a *stand-in*: a different, unnamed body on each task, so it
  never carries the load of other tasks (its capacity is not pooled); it is shown as one
  row, marked unnamed. So are the stand-in lead of a task that names none (``unassigned``)
  and the owners (业主) of the key projects (``owner``), who build each project at its own
  pace, and the bodies outside the table a listed task may depend on (``outside``: the
  province, a university, investors; see ``outside_share`` in params.yaml).
* **Start of the year.** The responsibility decomposition is issued at the start of the
  year (002: "根据年初市委、市政府下发的《株洲市2016年重点工作责任分解方案》(株办〔2016〕
  12号)和《2016年<政府工作报告>重点工作责任分解表》(株政发〔2016〕3号)"): a listed task
  starts the year with its clearance points at zero work (division of work) passed.
* **Key projects** (2016 only, see ``tables`` in params.yaml): as many as the plan's
  key-project target, built by their owners. A new project must clear approvals at its
  planned start: the agencies named directly on one project-kind task of the table, drawn
  at random (its leads - 市发改委 approves 立项 - and named participants), plus, for each
  collective of that task, the one member the project is located in, drawn at random.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..data import AgencyRegistry, load_agencies, load_tasks
from ..errors import DataError
from .classify import (
    ProgressReading,
    classify_progress,
    classify_task,
    is_construction,
    is_key_task,
    short_name,
    slow_threshold,
)
from .figures import source_figure, target_row
from .params import PROJECT, AbmConfig, default_config
from .rules import laggard_threshold

__all__ = ["OUTSIDE", "OWNER", "UNASSIGNED", "Portfolio", "TaskNetwork", "build_network"]

#: agency id (and kind) of the stand-in lead of a task that names none
UNASSIGNED = "unassigned"
#: agency id (and kind) of the stand-in owners of the key projects
OWNER = "owner"
#: agency id (and kind) of the stand-in for bodies outside the table a task may depend on
OUTSIDE = "outside"
_STAND_IN_NAMES = {
    UNASSIGNED: "(未明确牵头单位)",
    OWNER: "(重点项目业主)",
    OUTSIDE: "(表外单位：上级、高校、投资者等)",
}


@dataclass(frozen=True)
class Portfolio:
    """The key-project portfolio's fixed part (sizes, stages and locations are drawn per run).

    Attributes
    ----------
    count : int
        Number of key projects of the year (from the plan's target).
    named : int
        How many of them the work report names (the largest).
    templates : tuple of tuple of str
        For each project-kind task, the agencies a project drawing it needs (directly named).
    template_groups : tuple of tuple of tuple of str
        For each project-kind task, its collectives' members (a project needs one of each).
    template_tasks : tuple of str
        The task id behind each template.
    """

    count: int
    named: int
    templates: tuple[tuple[str, ...], ...]
    template_groups: tuple[tuple[tuple[str, ...], ...], ...]
    template_tasks: tuple[str, ...]


@dataclass(frozen=True)
class TaskNetwork:
    """Listed tasks of one table with their agencies, and the portfolio that runs with them.

    Build it with :func:`build_network`. Agencies are indexed in :attr:`agency_ids` order
    (first appearance in the table, then portfolio-only agencies).

    Attributes
    ----------
    table : str
        ``table2016`` or ``table2008``.
    year : int
        Document year (member lists of collectives depend on it).
    source : str
        Seed file of the table (where the mid-year figures come from).
    task_ids, texts, names, kinds : tuple of str
        One entry per listed task (``names`` are short names for tables and figures).
    key : tuple of bool
        Key task (重点项目).
    construction : tuple of bool
        A construction project reporting its own investment: run as a key project (new or
        continuing, approvals at its start, the key projects' spread of durations).
    leads : tuple of str
        Agency id carrying each task.
    participants : tuple of tuple of str
        Agencies that must clear each task, co-leads first, collectives expanded.
    via : tuple of tuple of str
        For each participant, the Chinese name of the collective it was expanded from (""
        if named directly).
    progress_pct : tuple of float
        Progress percentage the table states (NaN if none).
    progress : tuple of ProgressReading or None
        The class of each row's mid-year progress text (None for a table without one).
    agency_ids, agency_names, agency_kinds : tuple of str
        The agencies of the network.
    stand_in : tuple of bool
        Whether each agency is a stand-in (an unnamed body per task; capacity not pooled).
    portfolio : Portfolio or None
        The key-project portfolio, if the table runs one.
    slow_threshold : float or None
        Progress share below which a task is 进展较慢 (from the table's labels).
    """

    table: str
    year: int
    source: str
    task_ids: tuple[str, ...]
    texts: tuple[str, ...]
    names: tuple[str, ...]
    kinds: tuple[str, ...]
    key: tuple[bool, ...]
    construction: tuple[bool, ...]
    leads: tuple[str, ...]
    participants: tuple[tuple[str, ...], ...]
    via: tuple[tuple[str, ...], ...]
    progress_pct: tuple[float, ...]
    progress: tuple[ProgressReading | None, ...]
    agency_ids: tuple[str, ...]
    agency_names: tuple[str, ...]
    agency_kinds: tuple[str, ...]
    stand_in: tuple[bool, ...]
    portfolio: Portfolio | None
    slow_threshold: float | None

    @property
    def n_tasks(self) -> int:
        """Number of listed tasks."""
        return len(self.task_ids)

    @property
    def n_agencies(self) -> int:
        """Number of agencies (agents)."""
        return len(self.agency_ids)

    @cached_property
    def agency_index(self) -> dict[str, int]:
        """Position of each agency id in :attr:`agency_ids`."""
        return {aid: i for i, aid in enumerate(self.agency_ids)}

    def indices(self, ids: tuple[str, ...]) -> NDArray[np.intp]:
        """Return the positions of agency ids.

        Parameters
        ----------
        ids : tuple of str

        Returns
        -------
        ndarray of int
        """
        return np.array([self.agency_index[a] for a in ids], dtype=np.intp)

    def tasks_frame(self) -> pd.DataFrame:
        """Return the listed tasks with their name, kind, key flag, lead and participants.

        Returns
        -------
        pandas.DataFrame
            Indexed by task id; ``name`` is the short name, agency columns hold Chinese
            names, ``observed`` the class of the row's mid-year progress text (if any).
        """
        names = dict(zip(self.agency_ids, self.agency_names, strict=True))
        return pd.DataFrame(
            {
                "name": self.names,
                "text": self.texts,
                "kind": self.kinds,
                "key": self.key,
                "lead": [names[a] for a in self.leads],
                "participants": ["、".join(names[a] for a in p) for p in self.participants],
                "n_participants": [len(p) for p in self.participants],
                "observed": [r.label if r else "" for r in self.progress],
            },
            index=pd.Index(self.task_ids, name="task_id"),
        )

    def roles(self) -> pd.DataFrame:
        """Return who does what: one row per agency, one column per listed task.

        Returns
        -------
        pandas.DataFrame
            ``"lead"``, ``"participant"`` or ``""``; indexed by agency name, columns are
            the tasks' short names.
        """
        roles = pd.DataFrame("", index=list(self.agency_names), columns=list(self.task_ids))
        names = dict(zip(self.agency_ids, self.agency_names, strict=True))
        for task, lead, parts in zip(self.task_ids, self.leads, self.participants, strict=True):
            roles.loc[names[lead], task] = "lead"
            for a in parts:
                roles.loc[names[a], task] = "participant"
        roles.columns = pd.Index(self.names, name="task")
        return roles


def _unique(ids: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


class _Expander:
    """Expands collectives to members, remembering which collective each member stands for."""

    def __init__(self, registry: AgencyRegistry, year: int, members_from: dict[str, str]):
        self.registry, self.year, self.members_from = registry, year, members_from
        self.names = {str(a): str(n) for a, n in registry.frame["name"].items()}

    def members(self, aid: str) -> tuple[str, ...]:
        source = self.members_from.get(aid, aid)
        return self.registry.expand([source], self.year)

    def is_collective(self, aid: str) -> bool:
        return self.members(aid) != (aid,)

    def expand(self, ids: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        out: dict[str, str] = {}
        for aid in ids:
            members = self.members(aid)
            via = self.names[aid] if members != (aid,) else ""
            for member in members:
                out.setdefault(member, via)
        return tuple(out), tuple(out.values())


def _portfolio(
    config: AbmConfig,
    source: str,
    kinds: list[str],
    all_leads: list[tuple[str, ...]],
    named_parts: list[tuple[str, ...]],
    expander: _Expander,
    task_ids: list[str],
    data_dir: str | Path | None,
) -> Portfolio:
    sources = config.portfolio
    count = float(target_row(sources.count_target, data_dir=data_dir)["value"])
    named = source_figure(sources.named_indicator, source, data_dir=data_dir)
    if not count.is_integer() or not named.is_integer() or not 0 <= named <= count:
        raise DataError(
            f"key-project count {count} and named count {named} must be whole, named <= count",
            key=sources.count_target,
        )
    projects = [i for i, kind in enumerate(kinds) if kind == PROJECT]
    if not projects:
        raise DataError("the table has no project-kind task to draw key projects' approvals from")
    templates, groups = [], []
    for i in projects:
        parties = [*all_leads[i], *named_parts[i]]
        templates.append(_unique([a for a in parties if not expander.is_collective(a)]))
        groups.append(tuple(expander.members(a) for a in parties if expander.is_collective(a)))
    return Portfolio(
        count=int(count),
        named=int(named),
        templates=tuple(templates),
        template_groups=tuple(groups),
        template_tasks=tuple(task_ids[i] for i in projects),
    )


def build_network(
    table: str,
    *,
    config: AbmConfig | None = None,
    data_dir: str | Path | None = None,
) -> TaskNetwork:
    """Build the task network of a task table.

    Parameters
    ----------
    table : str
        ``table2016`` or ``table2008``.
    config : AbmConfig, optional
        Classification rules, table settings and portfolio sources; default
        :func:`zzsim.abm.params.default_config`.
    data_dir : str or Path, optional
        Folder of the figure base.

    Returns
    -------
    TaskNetwork

    Raises
    ------
    ModelError
        If the table has no ABM settings.
    DataError
        If the figure base lacks a figure the portfolio needs.
    """
    config = config or default_config()
    settings = config.table(table)
    tasks = load_tasks(table, data_dir)
    agencies = load_agencies(data_dir)
    expander = _Expander(
        AgencyRegistry(agencies), settings.year, dict(config.collectives.members_from)
    )
    rules = config.classification
    kinds = [classify_task(text, rules) for text in tasks["text"]]
    key = [is_key_task(text, kind, rules) for text, kind in zip(tasks["text"], kinds, strict=True)]
    all_leads = [tuple(ids) or (UNASSIGNED,) for ids in tasks["lead_ids"]]
    named_parts = [tuple(ids) for ids in tasks["participant_ids"]]
    leads = [ids[0] for ids in all_leads]
    participants, via = [], []
    for lead, co_leads, parts in zip(leads, all_leads, named_parts, strict=True):
        members, from_ = expander.expand((*co_leads[1:], *parts))
        kept = [(m, v) for m, v in zip(members, from_, strict=True) if m != lead]
        participants.append(tuple(m for m, _ in kept))
        via.append(tuple(v for _, v in kept))
    sources = tasks["source"].unique()
    if len(sources) != 1:
        raise DataError(f"table {table} cites several sources {list(sources)}", key="source")
    source = str(sources[0])
    portfolio = (
        _portfolio(
            config, source, kinds, all_leads, named_parts, expander, list(tasks.index), data_dir
        )
        if settings.portfolio
        else None
    )
    ids = _unique(
        [a for lead, parts in zip(leads, participants, strict=True) for a in (lead, *parts)]
        + [OUTSIDE]
        + (
            [a for t in portfolio.templates for a in t]
            + [a for groups in portfolio.template_groups for g in groups for a in g]
            + [OWNER]
            if portfolio
            else []
        )
    )
    known = agencies.index
    stand_in = tuple(
        a not in known
        or (
            a not in expander.members_from
            and agencies.at[a, "members"] is None
            and agencies.at[a, "kind"] in ("collective", "leading_group")
        )
        for a in ids
    )
    has_progress = tasks["progress"].fillna("").str.len().gt(0).any()
    # the share a listed task (plan from week 1) must have done at mid-year, as on_track() judges
    on_track_share = float(laggard_threshold(config.params.midyear_week, 1, config.params))
    progress = tuple(
        classify_progress(
            str(text),
            str(prog) if isinstance(prog, str) else "",
            float(pct),
            on_track_share=on_track_share,
            slow_label=rules.slow_label,
            rule=config.progress,
        )
        if has_progress
        else None
        for text, prog, pct in zip(
            tasks["text"], tasks["progress"], tasks["progress_pct"], strict=True
        )
    )
    return TaskNetwork(
        table=table,
        year=settings.year,
        source=source,
        task_ids=tuple(tasks.index),
        texts=tuple(tasks["text"]),
        names=tuple(short_name(text, rules) for text in tasks["text"]),
        kinds=tuple(kinds),
        key=tuple(key),
        construction=tuple(
            is_construction(text, kind, rules)
            for text, kind in zip(tasks["text"], kinds, strict=True)
        ),
        leads=tuple(leads),
        participants=tuple(participants),
        via=tuple(via),
        progress_pct=tuple(float(v) for v in tasks["progress_pct"]),
        progress=progress,
        agency_ids=ids,
        agency_names=tuple(
            str(agencies.at[a, "name"]) if a in known else _STAND_IN_NAMES[a] for a in ids
        ),
        agency_kinds=tuple(str(agencies.at[a, "kind"]) if a in known else a for a in ids),
        stand_in=stand_in,
        portfolio=portfolio,
        slow_threshold=slow_threshold(tasks, rules),
    )
