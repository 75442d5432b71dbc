"""Seeds of the task ABM's replications.

``rng`` is spelled one way everywhere (an int seed, a ``SeedSequence`` or a
``Generator``). A run of ``n`` replications takes its seeds from
``np.random.SeedSequence(root).spawn(n)``; each replication turns its seed into the
integer that seeds its Mesa model (``Model(seed=...)``: ``self.random`` and ``self.rng``)
and, identically, the generator of the array core. A replication's outcome therefore
depends on its seed only, not on how many replications ran, in which chunk or on which
executor.
"""

from __future__ import annotations

import numpy as np

__all__ = ["RngLike", "replication_seed", "spawn_seeds"]

RngLike = int | np.random.SeedSequence | np.random.Generator | None

#: seeds are drawn below this bound (fits Python's random.Random and numpy's default_rng)
_SEED_BOUND = 2**63


def spawn_seeds(rng: RngLike, n: int) -> list[np.random.SeedSequence]:
    """Return the seeds of ``n`` replications: ``SeedSequence(root).spawn(n)``.

    Parameters
    ----------
    rng : int, SeedSequence, Generator or None
        The root. A SeedSequence is copied first, so that the same object always gives the
        same seeds; a Generator contributes one draw (fresh seeds on each call); None gives
        fresh entropy.
    n : int
        Number of replications.

    Returns
    -------
    list of numpy.random.SeedSequence
    """
    if isinstance(rng, np.random.SeedSequence):
        root = np.random.SeedSequence(rng.entropy, spawn_key=rng.spawn_key, pool_size=rng.pool_size)
    elif isinstance(rng, np.random.Generator):
        root = np.random.SeedSequence(int(rng.integers(_SEED_BOUND)))
    else:
        root = np.random.SeedSequence(rng)
    return root.spawn(n)


def replication_seed(rng: RngLike) -> int:
    """Return the integer seed of one replication.

    Parameters
    ----------
    rng : int, SeedSequence, Generator or None
        Normalised with ``np.random.default_rng``; one integer is drawn from it.

    Returns
    -------
    int
        In ``[0, 2**63)``.
    """
    return int(np.random.default_rng(rng).integers(_SEED_BOUND))
