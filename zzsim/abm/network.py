"""The task network of a table: tasks, their lead and participating agencies, the portfolio.

Rules (documented here once, used by the model and the array core alike):

* The first lead named (主牵头单位) carries the work of a task. Other leads (共同牵头) must
  agree at each clearance point, like participants, and come first among them.
* A collective named as a lead acts as one unit (it reports through one coordinator). A
  collective named as a participant is expanded to its member agencies for the document
  year (每个县市区 clears its own part); one that the documents do not enumerate
  (市政府相关部门, 相关县市区) stays one generic unit.
* A task that names no lead is carried by a stand-in agency of kind ``unassigned``.
* The key-project portfolio (2016 only, see ``tables`` in params.yaml) has as many projects
  as the plan's key-project target; its leads are drawn from the leads of the table's
  project-kind tasks (one entry per task and lead), and each project's clearance parties
  are the agencies (leads and expanded participants) of one project-kind task drawn at
  random, less the project's own lead.
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
from .classify import classify_task, is_key_task, slow_threshold
from .figures import source_figure, target_row
from .params import PROJECT, UNASSIGNED, AbmConfig, default_config

__all__ = ["Portfolio", "TaskNetwork", "build_network"]

#: display name of the stand-in lead of a task that names none
UNASSIGNED_NAME = "(未明确牵头单位)"


@dataclass(frozen=True)
class Portfolio:
    """The generated key-project portfolio's fixed part (sizes and stages are drawn per run).

    Attributes
    ----------
    count : int
        Number of key projects of the year (from the plan's target).
    named : int
        How many of them the work report names (the largest).
    leads : tuple of str
        Agency ids a project's lead is drawn from (uniformly over entries).
    templates : tuple of tuple of str
        Clearance parties of each project-kind task, from which a project draws one.
    template_tasks : tuple of str
        The task id behind each template.
    """

    count: int
    named: int
    leads: tuple[str, ...]
    templates: tuple[tuple[str, ...], ...]
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
    task_ids, texts, kinds : tuple of str
        One entry per listed task.
    key : tuple of bool
        Key task (重点项目).
    leads : tuple of str
        Agency id carrying each task.
    participants : tuple of tuple of str
        Agencies that must clear each task, co-leads first.
    progress_pct : tuple of float
        Progress percentage the table states (NaN if none).
    agency_ids, agency_names, agency_kinds : tuple of str
        The agencies of the network.
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
    kinds: tuple[str, ...]
    key: tuple[bool, ...]
    leads: tuple[str, ...]
    participants: tuple[tuple[str, ...], ...]
    progress_pct: tuple[float, ...]
    agency_ids: tuple[str, ...]
    agency_names: tuple[str, ...]
    agency_kinds: tuple[str, ...]
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
        """Return the listed tasks with their kind, key flag, lead and participants.

        Returns
        -------
        pandas.DataFrame
            Indexed by task id; agency columns hold Chinese names.
        """
        names = dict(zip(self.agency_ids, self.agency_names, strict=True))
        return pd.DataFrame(
            {
                "text": self.texts,
                "kind": self.kinds,
                "key": self.key,
                "lead": [names[a] for a in self.leads],
                "participants": ["、".join(names[a] for a in p) for p in self.participants],
                "n_participants": [len(p) for p in self.participants],
            },
            index=pd.Index(self.task_ids, name="task_id"),
        )

    def roles(self) -> pd.DataFrame:
        """Return who does what: one row per agency, one column per listed task.

        Returns
        -------
        pandas.DataFrame
            ``"lead"``, ``"participant"`` or ``""``; indexed by agency name.
        """
        roles = pd.DataFrame("", index=list(self.agency_names), columns=list(self.task_ids))
        names = dict(zip(self.agency_ids, self.agency_names, strict=True))
        for task, lead, parts in zip(self.task_ids, self.leads, self.participants, strict=True):
            roles.loc[names[lead], task] = "lead"
            for a in parts:
                roles.loc[names[a], task] = "participant"
        return roles


def _unique(ids: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def _portfolio(
    config: AbmConfig,
    source: str,
    kinds: list[str],
    all_leads: list[tuple[str, ...]],
    parties: list[tuple[str, ...]],
    task_ids: list[str],
    data_dir: str | Path | None,
) -> Portfolio:
    sources = config.portfolio
    target = target_row(sources.count_target, data_dir=data_dir)
    count = float(target["value"])
    named = source_figure(sources.named_indicator, source, data_dir=data_dir)
    if not count.is_integer() or not named.is_integer() or not 0 <= named <= count:
        raise DataError(
            f"key-project count {count} and named count {named} must be whole, named <= count",
            key=sources.count_target,
        )
    projects = [i for i, kind in enumerate(kinds) if kind == PROJECT]
    if not projects:
        raise DataError("the table has no project-kind task to draw portfolio leads from")
    return Portfolio(
        count=int(count),
        named=int(named),
        leads=tuple(a for i in projects for a in all_leads[i]),
        templates=tuple(parties[i] for i in projects),
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
        Classification rule, table settings and portfolio sources; default
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
    registry = AgencyRegistry(agencies)
    rules = config.classification
    kinds = [classify_task(text, rules) for text in tasks["text"]]
    key = [is_key_task(text, kind, rules) for text, kind in zip(tasks["text"], kinds, strict=True)]
    all_leads = [tuple(ids) or (UNASSIGNED,) for ids in tasks["lead_ids"]]
    expanded = [registry.expand(ids, settings.year) for ids in tasks["participant_ids"]]
    leads = [ids[0] for ids in all_leads]
    participants = [
        tuple(a for a in _unique([*ids[1:], *parts]) if a != ids[0])
        for ids, parts in zip(all_leads, expanded, strict=True)
    ]
    parties = [_unique([*ids, *parts]) for ids, parts in zip(all_leads, expanded, strict=True)]
    sources = tasks["source"].unique()
    if len(sources) != 1:
        raise DataError(f"table {table} cites several sources {list(sources)}", key="source")
    source = str(sources[0])
    portfolio = (
        _portfolio(config, source, kinds, all_leads, parties, list(tasks.index), data_dir)
        if settings.portfolio
        else None
    )
    ids = _unique(
        [a for lead, parts in zip(leads, participants, strict=True) for a in (lead, *parts)]
        + ([a for t in portfolio.templates for a in t] if portfolio else [])
    )
    known = agencies.index
    return TaskNetwork(
        table=table,
        year=settings.year,
        source=source,
        task_ids=tuple(tasks.index),
        texts=tuple(tasks["text"]),
        kinds=tuple(kinds),
        key=tuple(key),
        leads=tuple(leads),
        participants=tuple(participants),
        progress_pct=tuple(float(v) for v in tasks["progress_pct"]),
        agency_ids=ids,
        agency_names=tuple(
            str(agencies.at[a, "name"]) if a in known else UNASSIGNED_NAME for a in ids
        ),
        agency_kinds=tuple(str(agencies.at[a, "kind"]) if a in known else UNASSIGNED for a in ids),
        portfolio=portfolio,
        slow_threshold=slow_threshold(tasks, rules),
    )
