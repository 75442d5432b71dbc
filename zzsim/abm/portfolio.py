"""The generated key-project portfolio (重点项目) that runs alongside the listed tasks.

The documents give the portfolio's size (全年实施重点项目200个以上) and how many projects the
work report names (38), not the projects themselves. Each replication draws them:

* **size** - a standard-normal draw ``z`` per project sets its planned investment for the
  year, ``exp(money_sigma z)`` (relative units); the duration of its plan at full pace,
  ``duration_weeks[project] exp(project_sigma w)``, has its own standard-normal ``w``;
* **named** - the ``named`` projects with the largest investment are the work report's;
* **stage** - new (新开工) with probability ``new_share``: it plans its start in week
  ``1 + ⌊u × start_span × weeks⌋`` and must clear its approvals then; its plan for the year
  covers the weeks from its start to the year's end (the duration is scaled by
  ``(weeks - start + 1) / weeks``). Otherwise continuing (续建, under construction from week
  1); a continuing project is in its last year with probability ``final_share`` - its plan
  ends with completion (竣工) and holds only what remains of it: its duration is multiplied
  by ``final_remaining × (1 - u)``, u uniform;
* **owner** - every project is built by its own owner (业主), a stand-in that works at the
  project's own pace;
* **approvals** - those of one project-kind task drawn uniformly: the agencies it names
  directly, and for each of its collectives the one member the project is located in,
  drawn uniformly; duplicates are dropped and at most ``max_participants`` kept.

The draws are made in this order from the replication's generator: ``z`` and ``w`` (one
(2, projects) array), the stage, start, last-year and remaining-work uniforms (one
(4, projects) array), the template indices and the location uniforms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .params import Params

__all__ = ["KeyProjects", "draw_portfolio", "start_week"]


@dataclass(frozen=True)
class KeyProjects:
    """The key projects of several replications (leading axis: replication).

    Attributes
    ----------
    w : ndarray, shape (runs, projects)
        Duration draw of each project.
    scale : ndarray
        Multiplier of the duration of its plan (what remains of a last-year project, the
        weeks left after a new project's start).
    money : ndarray
        Planned investment of the year (relative units).
    named : ndarray of bool
        Named in the work report.
    new : ndarray of bool
        Starts in the year and must clear its approvals (新开工).
    start : ndarray of int
        Planned start week (1 for a continuing project).
    final : ndarray of bool
        Plan ends with completion (竣工).
    parties : ndarray of int, shape (runs, projects, slots)
        Approving agencies of each project, -1 where a slot is empty.
    """

    w: NDArray[np.float64]
    scale: NDArray[np.float64]
    money: NDArray[np.float64]
    named: NDArray[np.bool_]
    new: NDArray[np.bool_]
    start: NDArray[np.intp]
    final: NDArray[np.bool_]
    parties: NDArray[np.intp]


def start_week(new: NDArray[np.bool_], u: NDArray[np.float64], params: Params) -> NDArray[np.intp]:
    """Return each project's planned start week: ``1 + ⌊u × start_span × weeks⌋`` if new, else 1.

    Parameters
    ----------
    new : ndarray of bool
        New projects (新开工).
    u : ndarray
        Uniform draws, one per project.
    params : Params
        Gives ``start_span`` and ``weeks``.

    Returns
    -------
    ndarray of int
    """
    start = np.where(new, 1 + np.floor(u * params.start_span * params.weeks), 1)
    return np.minimum(start, params.weeks).astype(np.intp)


def draw_portfolio(
    *,
    count: int,
    named: int,
    templates: NDArray[np.intp],
    locations: NDArray[np.intp],
    location_sizes: NDArray[np.intp],
    params: Params,
    generators: Sequence[np.random.Generator],
) -> KeyProjects:
    """Draw the key projects of several replications, each from its own generator.

    Each generator makes its own draws in the order of the module docstring; the
    arithmetic on them runs on all replications at once.

    Parameters
    ----------
    count : int
        Number of key projects.
    named : int
        Number named in the work report.
    templates : ndarray of int, shape (templates, slots)
        Agencies each project-kind task names directly, padded with -1 (no repeats).
    locations : ndarray of int, shape (templates, collectives, members)
        Members of each template's collectives, padded with -1.
    location_sizes : ndarray of int, shape (templates, collectives)
        Number of members of each (0 for padding).
    params : Params
        Gives ``money_sigma``, ``new_share``, ``start_span``, ``final_share``,
        ``final_remaining``, ``max_participants`` and ``weeks``.
    generators : sequence of numpy.random.Generator
        One per replication.

    Returns
    -------
    KeyProjects
    """
    groups = locations.shape[1]
    draws = []
    for rng in generators:
        normals = rng.standard_normal((2, count))
        uniforms = rng.random((4, count))
        chosen = rng.integers(0, len(templates), size=count)
        draws.append((normals, uniforms, chosen, rng.random((count, groups))))
    z, w = (np.stack([d[0][i] for d in draws]) for i in range(2))
    u_new, u_start, u_final, u_left = (np.stack([d[1][i] for d in draws]) for i in range(4))
    chosen = np.stack([d[2] for d in draws])
    u = np.stack([d[3] for d in draws])
    new = u_new < params.new_share
    start = start_week(new, u_start, params)
    final = ~new & (u_final < params.final_share)
    remaining = np.where(final, params.final_remaining * (1.0 - u_left), 1.0)
    scale = remaining * (params.weeks - start + 1) / params.weeks
    sizes = location_sizes[chosen]
    slot = np.minimum(np.floor(u * sizes), np.maximum(sizes - 1, 0)).astype(np.intp)
    picked = np.take_along_axis(locations[chosen], slot[..., None], axis=3)[..., 0]
    direct = templates[chosen]
    located = np.where(sizes > 0, picked, -1)
    valid = located >= 0
    for g in range(groups):  # a located member may repeat a direct party or another location
        earlier = np.concatenate([direct, located[..., :g]], axis=2)
        valid[..., g] &= ~np.any(earlier == located[..., g : g + 1], axis=2)
    parties = np.concatenate([direct, np.where(valid, located, -1)], axis=2)
    if params.max_participants is not None:
        keep = np.cumsum(parties >= 0, axis=2) <= params.max_participants
        parties = np.where(keep, parties, -1)
    order = np.argsort(-z, axis=1, kind="stable")
    is_named = np.zeros(z.shape, dtype=bool)
    np.put_along_axis(is_named, order[:, :named], True, axis=1)
    return KeyProjects(
        w=w,
        scale=scale,
        money=np.exp(params.money_sigma * z),
        named=is_named,
        new=new,
        start=start,
        final=final,
        parties=parties,
    )
