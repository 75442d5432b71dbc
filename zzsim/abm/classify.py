"""Read a task's kind, its key-project flag and the 进展较慢 threshold from the task tables.

The rule is in ``params.yaml`` (``classification``): count the occurrences of each kind's
keywords in the task text; the kind with most occurrences wins, ties go to the kind listed
first; a text with no keyword gets the default kind. A project-kind task is a key task when
its text names key projects (重点项目, 重点工程, 重大项目) or states its own investment
(完成投资 … 万元).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .params import PROJECT, Classification

__all__ = ["classify_task", "is_key_task", "slow_threshold"]


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
    return any(word in text for word in rules.key_keywords) or bool(
        re.search(rules.key_investment_pattern, text)
    )


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
