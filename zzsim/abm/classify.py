"""Read the task tables: a task's kind, key flag and short name, and its mid-year progress class.

**Kind.** The rule is in ``params.yaml`` (``classification``): count the occurrences of each
kind's keywords in the task text; the kind with most occurrences wins, ties go to the kind
listed first; a text with no keyword gets the default kind. A project-kind task is a key
task when its text names key projects (重点项目, 重点工程, 重大项目) or states its own
investment (完成投资 … 万元).

**Progress class.** The 上半年完成情况 text of each row of the mid-year table is read by the
ordered rule of ``progress`` in params.yaml (first match wins):

1. the row states a percentage: on track at half of the year's plan or more
   (时间过半、任务过半), else behind;
2. the row carries the slow label (进展较慢), or the notice's own text calls the task slow:
   behind;
3. a phrase that reports the whole year's task done: done;
4. a phrase of a realised result of the task (建成, 引进, 开工, 出台了, 成立, ...): on track;
5. only drafts or waits for another body's decision (拟定, 起草, 待): behind;
6. otherwise (research, contacts, intentions only): no measurable progress.

Every class comes with its evidence: the rule that fired and the phrase it matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .params import PROJECT, Classification, ProgressRule

__all__ = [
    "ProgressReading",
    "classify_progress",
    "classify_task",
    "is_construction",
    "is_key_task",
    "short_name",
    "slow_threshold",
]

#: punctuation that ends a task's short name
_CLAUSE_END = re.compile(r"[,，。;；:：]")


def classify_task(text: str, rules: Classification) -> str:
    """Return the kind of a task (``project``, ``reform``, ``policy`` or ``service``).

    Parameters
    ----------
    text : str
        The task text, as in the task table.
    rules : Classification
        Keywords by kind, tie order and default kind.

    Returns
    -------
    str

    Examples
    --------
    >>> from zzsim.abm.params import default_config
    >>> classify_task("加快公共资源交易体制改革", default_config().classification)
    'reform'
    """
    counts = {kind: sum(text.count(word) for word in rules.keywords[kind]) for kind in rules.kinds}
    best = max(counts.values())
    if best == 0:
        return rules.default_kind
    return next(kind for kind in rules.kinds if counts[kind] == best)


def is_construction(text: str, kind: str, rules: Classification) -> bool:
    """Return whether a task is a construction project reporting its own investment.

    Such a task (the projects 代建办 reports in table2016: 完成投资1300万元, ...) is one of
    the key projects, and the model runs it as one (see :mod:`zzsim.abm.instance`).

    Parameters
    ----------
    text : str
        The task text.
    kind : str
        Its kind (only projects can be).
    rules : Classification
        Gives ``key_investment_pattern``.

    Returns
    -------
    bool
    """
    return kind == PROJECT and bool(re.search(rules.key_investment_pattern, text))


def is_key_task(text: str, kind: str, rules: Classification) -> bool:
    """Return whether a task is a key project (重点项目).

    Parameters
    ----------
    text : str
        The task text.
    kind : str
        Its kind (only projects can be key).
    rules : Classification

    Returns
    -------
    bool
    """
    if kind != PROJECT:
        return False
    return any(word in text for word in rules.key_keywords) or is_construction(text, kind, rules)


def short_name(text: str, rules: Classification) -> str:
    """Return a task's short name: its text up to the first clause mark, cut short.

    Parameters
    ----------
    text : str
        The task text.
    rules : Classification
        Gives ``short_name_length``.

    Returns
    -------
    str

    Examples
    --------
    >>> from zzsim.abm.params import default_config
    >>> short_name("加快株醴融城步伐。", default_config().classification)
    '加快株醴融城步伐'
    """
    clause = _CLAUSE_END.split(text.strip(), maxsplit=1)[0]
    limit = rules.short_name_length
    return clause if len(clause) <= limit else clause[: limit - 1] + "…"


def slow_threshold(tasks: pd.DataFrame, rules: Classification) -> float | None:
    """Return the progress share that separates 进展较慢 from normal progress in a table.

    The threshold is the midpoint between the highest stated progress labelled slow and
    the lowest stated progress not labelled slow (table2016: 17.2% and 52% give 0.346).

    Parameters
    ----------
    tasks : pandas.DataFrame
        A task table from :func:`zzsim.data.load_tasks` (columns ``progress``,
        ``progress_pct``).
    rules : Classification
        Gives the slow label.

    Returns
    -------
    float or None
        A share in (0, 1); None when the table states no percentage on one side.
    """
    stated = tasks[tasks["progress_pct"].notna()]
    labelled = stated["progress"].fillna("").str.contains(rules.slow_label, regex=False)
    slow, normal = stated.loc[labelled, "progress_pct"], stated.loc[~labelled, "progress_pct"]
    if slow.empty or normal.empty:
        return None
    return float(np.mean([slow.max(), normal.min()]) / 100.0)


@dataclass(frozen=True)
class ProgressReading:
    """The class of one row's mid-year progress text, with its evidence.

    Attributes
    ----------
    label : str
        ``done``, ``on_track``, ``behind`` or ``no_progress``.
    rule : str
        The rule that fired (``stated_share``, ``notice_slow``, ``done``, ``result``,
        ``draft``, or ``none``).
    evidence : str
        The phrase or figure it matched (empty when no rule fired).
    """

    label: str
    rule: str
    evidence: str


def _first(text: str, markers: tuple[str, ...]) -> str:
    found = [(text.find(m), m) for m in markers if m in text]
    return min(found)[1] if found else ""


def classify_progress(
    text: str,
    progress: str,
    pct: float,
    *,
    on_track_share: float,
    slow_label: str,
    rule: ProgressRule,
) -> ProgressReading:
    """Return the progress class of one row of a mid-year table (see the module docstring).

    Parameters
    ----------
    text : str
        The task text.
    progress : str
        Its 上半年完成情况 text.
    pct : float
        The percentage the row states, NaN if none.
    on_track_share : float
        Progress share that is on track at mid-year (0.5: 时间过半、任务过半).
    slow_label : str
        The slow label (进展较慢).
    rule : ProgressRule
        Marker lists and their order.

    Returns
    -------
    ProgressReading
    """
    for step in rule.rule:
        if step == "stated_share" and not np.isnan(pct):
            label = "on_track" if pct / 100.0 >= on_track_share else "behind"
            return ProgressReading(label, step, f"{pct:g}%")
        if step == "notice_slow":
            if slow_label in progress:
                return ProgressReading("behind", step, slow_label)
            phrase = next((p for p in rule.notice_slow.phrases if p in text), "")
            if phrase:
                return ProgressReading("behind", step, rule.notice_slow.quote)
        markers = {
            "done": rule.done_markers,
            "result": rule.result_markers,
            "draft": rule.draft_markers,
        }.get(step, ())
        found = _first(progress, markers)
        if found:
            label = {"done": "done", "result": "on_track", "draft": "behind"}[step]
            return ProgressReading(label, step, found)
    return ProgressReading("no_progress", "none", "")
