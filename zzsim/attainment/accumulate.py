"""What the attainment table needs from millions of paths, in memory that does not grow.

The engine simulates paths in chunks and hands each chunk's outcomes to an
:class:`OutcomeAccumulator` per target and scenario, which keeps:

- the number of paths, of paths where the outcome is defined, and of paths that attain
  the target (exact);
- the attainment of every path as one bit (``numpy.packbits``), so that the probability
  that *several* targets are attained on the same path can be computed afterwards for
  any group (1 bit per path and target: 125 KB per million paths);
- the distribution of the outcome: the exact values while they fit in one chunk, then a
  fixed histogram (:data:`BINS` equal bins spanning the first chunk's range widened by
  :data:`PAD` of it on each side, plus exact counts and extremes below and above it).
  Quantiles are read from the histogram by linear interpolation within a bin, so with
  more paths than one chunk they are exact to within one bin width (the width is
  reported by :attr:`QuantileSketch.resolution`); outside the histogram's range only the
  counts and the extremes are known, and the distribution is interpolated linearly
  between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["BINS", "PAD", "OutcomeAccumulator", "QuantileSketch", "joint_share"]

#: bins of the histogram that replaces the exact values after the first chunk
BINS = 8192
#: share of the first chunk's range added on each side of the histogram
PAD = 0.25


@dataclass
class QuantileSketch:
    """Quantiles and the distribution function of a stream of outcomes.

    Parameters
    ----------
    exact_limit : int
        Values are kept exactly until there are more than this many.
    """

    exact_limit: int
    _values: list[np.ndarray] = field(default_factory=list)
    _n_exact: int = 0
    _edges: np.ndarray | None = None
    _counts: np.ndarray | None = None
    _below: int = 0
    _above: int = 0
    _min: float = np.inf
    _max: float = -np.inf
    _below_max: float = -np.inf
    _above_min: float = np.inf

    @property
    def count(self) -> int:
        """Number of values seen."""
        if self._counts is None:
            return self._n_exact
        return int(self._counts.sum()) + self._below + self._above

    @property
    def resolution(self) -> float:
        """Largest error of a quantile: 0 while exact, else the bin width."""
        if self._edges is None:
            return 0.0
        return float(self._edges[1] - self._edges[0])

    def add(self, values: np.ndarray) -> None:
        """Add finite values (NaN must be removed by the caller)."""
        if values.size == 0:
            return
        self._min = min(self._min, float(values.min()))
        self._max = max(self._max, float(values.max()))
        if self._counts is None:
            self._values.append(values.copy())
            self._n_exact += values.size
            if self._n_exact > self.exact_limit:
                self._to_histogram()
            return
        self._bin(values)

    def _to_histogram(self) -> None:
        exact = np.concatenate(self._values)
        lo, hi = float(exact.min()), float(exact.max())
        span = hi - lo if hi > lo else max(abs(lo), 1.0) * 1e-9
        self._edges = np.linspace(lo - PAD * span, hi + PAD * span, BINS + 1)
        self._counts = np.zeros(BINS, dtype=np.int64)
        self._values = []
        self._bin(exact)

    def _bin(self, values: np.ndarray) -> None:
        assert self._edges is not None and self._counts is not None
        lo, hi = self._edges[0], self._edges[-1]
        below = values < lo
        above = values >= hi
        self._below += int(below.sum())
        self._above += int(above.sum())
        if below.any():
            self._below_max = max(self._below_max, float(values[below].max()))
        if above.any():
            self._above_min = min(self._above_min, float(values[above].min()))
        inside = values[~(below | above)]
        pos = np.floor((inside - lo) / (self._edges[1] - lo)).astype(np.int64)
        self._counts += np.bincount(np.minimum(pos, BINS - 1), minlength=BINS)

    def quantiles(self, probs: tuple[float, ...]) -> np.ndarray:
        """Return the quantiles (``numpy.quantile``'s linear rule while exact).

        Parameters
        ----------
        probs : tuple of float
            In ``[0, 1]``.

        Returns
        -------
        ndarray
            NaN where no value was seen.
        """
        if self.count == 0:
            return np.full(len(probs), np.nan)
        if self._counts is None:
            return np.quantile(np.concatenate(self._values), probs)
        assert self._edges is not None
        cum = np.concatenate([[self._below], self._below + np.cumsum(self._counts)])
        out = []
        for q in probs:
            rank = q * (self.count - 1) + 0.5  # the centre of the rank's unit of mass
            if rank <= self._below:
                out.append(self._min)
            elif rank >= cum[-1]:
                out.append(self._max)
            else:
                j = int(np.searchsorted(cum, rank, side="left")) - 1
                share = (rank - cum[j]) / max(self._counts[j], 1)
                out.append(float(self._edges[j] + share * (self._edges[j + 1] - self._edges[j])))
        return np.asarray(out)

    def cdf(self, value: float) -> float:
        """Return the share of values at or below ``value`` (NaN if none was seen)."""
        if self.count == 0:
            return float("nan")
        if self._counts is None:
            return float(np.mean(np.concatenate(self._values) <= value))
        assert self._edges is not None
        if value < self._edges[0]:
            return self._below * _between(value, self._min, self._below_max) / self.count
        if value >= self._edges[-1]:
            above = self._above * (1.0 - _between(value, self._above_min, self._max))
            return 1.0 - above / self.count
        j = int(np.searchsorted(self._edges, value, side="right")) - 1
        share = (value - self._edges[j]) / (self._edges[j + 1] - self._edges[j])
        below = self._below + self._counts[:j].sum() + share * self._counts[j]
        return float(below / self.count)


def _between(value: float, lo: float, hi: float) -> float:
    """Share of the way from ``lo`` to ``hi`` (1 at or past ``hi``, 0 below ``lo``)."""
    if value >= hi:
        return 1.0
    if value < lo:
        return 0.0
    return (value - lo) / (hi - lo)


@dataclass
class OutcomeAccumulator:
    """The running statistics of one target under one scenario.

    Parameters
    ----------
    exact_limit : int
        Passed to :class:`QuantileSketch`.
    """

    exact_limit: int
    paths: int = 0
    defined: int = 0
    hits: int = 0
    sketch: QuantileSketch = field(init=False)
    _bits: list[np.ndarray] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sketch = QuantileSketch(self.exact_limit)

    def add(self, value: np.ndarray, attained: np.ndarray) -> None:
        """Add one chunk: the outcome and the attainment of each path."""
        finite = np.isfinite(value)
        self.paths += attained.size
        self.defined += int(finite.sum())
        self.hits += int(attained.sum())
        self.sketch.add(value[finite])
        self._bits.append(np.packbits(attained))

    def packed(self) -> list[np.ndarray]:
        """Return the attainment bits, chunk by chunk (for joint probabilities)."""
        return self._bits


def joint_share(accumulators: list[OutcomeAccumulator]) -> float:
    """Share of paths on which every accumulator's target is attained.

    Parameters
    ----------
    accumulators : list of OutcomeAccumulator
        Of the same scenario and the same paths (same chunks).

    Returns
    -------
    float
        NaN for an empty list.
    """
    if not accumulators:
        return float("nan")
    paths = accumulators[0].paths
    hits = 0
    for chunk in zip(*(a.packed() for a in accumulators), strict=True):
        both = np.bitwise_and.reduce(np.stack(chunk), axis=0)
        hits += int(np.unpackbits(both).sum())
    return hits / paths
