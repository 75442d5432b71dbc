"""Randomness, spelled one way everywhere: ``rng`` is an int seed, a SeedSequence or a Generator.

Every stochastic function of zzsim takes a keyword-only ``rng`` (:data:`RngLike`) and
normalises it here:

- :func:`root_seed` turns it into one integer that a whole table reuses (every scenario
  and every grid point of a lever search starts from it: common random numbers);
- :class:`Streams` derives independent named generators from one seed, so that a
  model's draws do not depend on which other models or shocks share the call, nor on
  levers (which consume no random numbers);
- :func:`spawn_seeds` gives replication ``i`` of ``n`` the seed
  ``SeedSequence(root).spawn(n)[i]``, so that a replication's outcome depends on its seed
  only, not on how many ran, in which chunk or on which executor;
- :func:`replication_seed` turns one seed into the integer a Mesa model takes.

A seed must be a whole number in ``[0, 2**63)``; anything else raises
:class:`~zzsim.errors.SeedError`, naming the value.
"""

from __future__ import annotations

import zlib

import numpy as np

from .errors import SeedError

__all__ = [
    "SEED_BOUND",
    "RngLike",
    "Streams",
    "check_seed",
    "replication_seed",
    "root_seed",
    "spawn_seeds",
]

RngLike = int | np.random.SeedSequence | np.random.Generator | None

#: seeds lie below this bound (fits Python's random.Random and numpy's default_rng)
SEED_BOUND = 2**63


def check_seed(rng: RngLike) -> RngLike:
    """Return ``rng`` unchanged if it is a usable source of randomness.

    Parameters
    ----------
    rng : int, SeedSequence, Generator or None

    Returns
    -------
    int, SeedSequence, Generator or None

    Raises
    ------
    SeedError
        For a negative or too large integer, a bool, or any other type.
    """
    if rng is None or isinstance(rng, np.random.SeedSequence | np.random.Generator):
        return rng
    if isinstance(rng, bool) or not isinstance(rng, int | np.integer):
        raise SeedError(f"a seed is a whole number, a numpy SeedSequence or Generator, got {rng!r}")
    if not 0 <= int(rng) < SEED_BOUND:
        raise SeedError(f"a seed is a whole number in [0, 2**63), got {int(rng)}")
    return int(rng)


def root_seed(rng: RngLike) -> int:
    """Return the integer root seed that every simulation of one table reuses.

    Parameters
    ----------
    rng : int, SeedSequence, Generator or None
        An int is used as it is; a Generator contributes one draw; a SeedSequence its
        first state word; ``None`` fresh entropy (the result is then not reproducible).

    Returns
    -------
    int
        In ``[0, 2**63)``.

    Raises
    ------
    SeedError
        If ``rng`` is not a usable seed.
    """
    rng = check_seed(rng)
    if isinstance(rng, int):
        return rng
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(SEED_BOUND))
    sequence = rng if isinstance(rng, np.random.SeedSequence) else np.random.SeedSequence()
    return int(sequence.generate_state(1, dtype=np.uint64)[0] % SEED_BOUND)


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

    Raises
    ------
    SeedError
        If ``rng`` is not a usable seed.
    """
    rng = check_seed(rng)
    if isinstance(rng, np.random.SeedSequence):
        root = np.random.SeedSequence(rng.entropy, spawn_key=rng.spawn_key, pool_size=rng.pool_size)
    elif isinstance(rng, np.random.Generator):
        root = np.random.SeedSequence(int(rng.integers(SEED_BOUND)))
    else:
        root = np.random.SeedSequence(rng)
    return root.spawn(n)


def replication_seed(rng: RngLike) -> int:
    """Return the integer seed of one replication (what ``mesa.Model(seed=...)`` takes).

    Parameters
    ----------
    rng : int, SeedSequence, Generator or None
        Normalised with ``np.random.default_rng``; one integer is drawn from it.

    Returns
    -------
    int
        In ``[0, 2**63)``.
    """
    return int(np.random.default_rng(check_seed(rng)).integers(SEED_BOUND))


class Streams:
    """Independent generators derived from one seed, one per name.

    Parameters
    ----------
    rng : int, SeedSequence or Generator
        The caller's randomness, normalised with ``np.random.default_rng``. A Generator
        contributes one draw of entropy (so reusing a Generator gives fresh streams,
        like any other use of it); an int or SeedSequence always gives the same streams.

    Examples
    --------
    >>> a, b = Streams(1)("gdp", "forward"), Streams(1)("gdp", "forward")
    >>> bool(a.standard_normal() == b.standard_normal())
    True
    """

    def __init__(self, rng: RngLike) -> None:
        entropy = np.random.default_rng(check_seed(rng)).integers(0, SEED_BOUND, size=2)
        self._entropy = [int(e) for e in entropy]

    def __call__(self, *name: str | int) -> np.random.Generator:
        """Return the generator of stream ``name`` (same name, same draws)."""
        key = tuple(zlib.crc32(str(part).encode("utf-8")) for part in name)
        return np.random.default_rng(np.random.SeedSequence(self._entropy, spawn_key=key))
