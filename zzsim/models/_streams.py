"""Named random streams: common random numbers across calls that differ only in adjustments.

One ``rng`` (int seed, SeedSequence or Generator) is normalised with
``np.random.default_rng`` and turned into a root SeedSequence; every consumer (a model
group, a shock) then takes its own stream, keyed by a stable name. A model's draws
therefore do not depend on which other models or shocks are simulated in the same call,
nor on scenario levers, which never consume random numbers.
"""

from __future__ import annotations

import zlib

import numpy as np

RngLike = int | np.random.SeedSequence | np.random.Generator | None


class Streams:
    """Independent generators derived from one seed, one per name.

    Parameters
    ----------
    rng : int, SeedSequence or Generator
        The caller's randomness, normalised with ``np.random.default_rng``. A Generator
        contributes one draw of entropy (so reusing a Generator gives fresh streams,
        like any other use of it); an int or SeedSequence always gives the same streams.
    """

    def __init__(self, rng: RngLike) -> None:
        entropy = np.random.default_rng(rng).integers(0, 2**63, size=2)
        self._entropy = [int(e) for e in entropy]

    def __call__(self, *name: str | int) -> np.random.Generator:
        """Return the generator of stream ``name`` (same name, same draws)."""
        key = tuple(zlib.crc32(str(part).encode("utf-8")) for part in name)
        return np.random.default_rng(np.random.SeedSequence(self._entropy, spawn_key=key))
