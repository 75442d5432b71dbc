"""The generated key-project portfolio (重点项目) that runs alongside the listed tasks.

The documents give the portfolio's size (全年实施重点项目200个以上) and how many projects the
work report names (38), not the projects themselves. Each replication draws them:

* **size** - a standard-normal draw ``z`` per project sets its planned investment for the
  year, ``exp(money_sigma z)`` (relative units); the duration of its plan at full pace,
  ``duration_weeks[project] exp(duration_sigma w)``, has its own standard-normal ``w``;
* **named** - the ``named`` projects with the largest investment are the work report's;
* **stage at the start of the year** - new (新开工, must clear its start gate first) with
  probability ``new_share``, otherwise continuing (续建, start gate passed); its plan ends
  with completion (竣工) with probability ``final_share``, and such a plan holds only what
  remains of the project: its duration is multiplied by ``final_remaining × (1 - u)``, u
  uniform;
* **lead** - uniform over the leads of the table's project-kind tasks (one entry per task
  and lead, so 市发改委, which leads most of them, leads most projects);
* **clearance parties** - those of one project-kind task drawn uniformly, less the lead,
  truncated to ``max_participants``.

The draws are made in this order from the replication's generator: ``z``, ``w``, the stage
uniforms, the completion uniforms, the remaining-work uniforms, the lead and the template
indices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .params import Params

__all__ = ["KeyProjects", "draw_portfolio", "keep_first"]


@dataclass(frozen=True)
class KeyProjects:
    """One replication's key projects.

    Attributes
    ----------
    z : ndarray
        Size draw of each project (investment).
    w : ndarray
        Duration draw of each project.
    remaining : ndarray
        Multiplier of the duration of its plan (1 unless the plan ends with completion).
    money : ndarray
        Planned investment of the year (relative units).
    named : ndarray of bool
        Named in the work report.
    new : ndarray of bool
        Must clear its start gate (新开工).
    final : ndarray of bool
        Plan ends with completion (竣工).
    lead : ndarray of int
        Lead agency (index).
    pair_project, pair_agency : ndarray of int
        Clearance parties: project index and agency index of each (project-major order).
    """

    z: NDArray[np.float64]
    w: NDArray[np.float64]
    remaining: NDArray[np.float64]
    money: NDArray[np.float64]
    named: NDArray[np.bool_]
    new: NDArray[np.bool_]
    final: NDArray[np.bool_]
    lead: NDArray[np.intp]
    pair_project: NDArray[np.intp]
    pair_agency: NDArray[np.intp]


def keep_first(
    agencies: NDArray[np.intp], valid: NDArray[np.bool_], limit: int | None
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Return (row, agency) of the valid entries of a padded matrix, at most ``limit`` a row.

    Parameters
    ----------
    agencies : ndarray of int, shape (rows, slots)
        Agency index of each slot.
    valid : ndarray of bool, same shape
        Slots that hold a clearance party.
    limit : int or None
        Largest number kept per row, in slot order (None: all).

    Returns
    -------
    rows, agencies : ndarray of int
        In row-major order.
    """
    if limit is not None:
        valid = valid & (np.cumsum(valid, axis=1) <= limit)
    rows, cols = np.nonzero(valid)
    return rows.astype(np.intp), agencies[rows, cols].astype(np.intp)


def draw_portfolio(
    *,
    count: int,
    named: int,
    lead_pool: NDArray[np.intp],
    templates: NDArray[np.intp],
    params: Params,
    rng: np.random.Generator,
) -> KeyProjects:
    """Draw one replication's key projects.

    Parameters
    ----------
    count : int
        Number of key projects.
    named : int
        Number named in the work report.
    lead_pool : ndarray of int
        Agency indices a lead is drawn from (uniformly over entries).
    templates : ndarray of int, shape (templates, slots)
        Clearance parties of each project-kind task, padded with -1.
    params : Params
        Gives ``money_sigma``, ``new_share``, ``final_share``, ``final_remaining``,
        ``max_participants``.
    rng : numpy.random.Generator
        The replication's generator.

    Returns
    -------
    KeyProjects
    """
    z = rng.standard_normal(count)
    w = rng.standard_normal(count)
    new = rng.random(count) < params.new_share
    final = rng.random(count) < params.final_share
    remaining = np.where(final, params.final_remaining * (1.0 - rng.random(count)), 1.0)
    lead = lead_pool[rng.integers(0, len(lead_pool), size=count)]
    chosen = templates[rng.integers(0, len(templates), size=count)]
    order = np.argsort(-z, kind="stable")
    is_named = np.zeros(count, dtype=bool)
    is_named[order[:named]] = True
    rows, parties = keep_first(
        chosen, (chosen >= 0) & (chosen != lead[:, None]), params.max_participants
    )
    return KeyProjects(
        z=z,
        w=w,
        remaining=remaining,
        money=np.exp(params.money_sigma * z),
        named=is_named,
        new=new,
        final=final,
        lead=lead.astype(np.intp),
        pair_project=rows,
        pair_agency=parties,
    )
