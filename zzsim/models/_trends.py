"""Trend growth of the growth engine: four designs behind one interface.

``mu[t]``, the trend of log growth ``x[t] = mu[t] + eps[t]``, is one of:

- ``damped`` — a random walk with a damped AR(1) slope (``mu[t] = mu[t-1] + beta[t] +
  eta[t]``, ``beta[t] = phi beta[t-1] + zeta[t]``): the trend keeps its direction for a
  while, then levels off wherever it is;
- ``local_level`` — a random walk (``mu[t] = mu[t-1] + eta[t]``);
- ``anchored`` — a published long-run path plus a deviation that decays
  (``mu[t] = a[t] + d[t]``, ``d[t] = rho d[t-1] + eta[t]``): growth regresses to the
  anchor (:mod:`zzsim.models.priors`: China's projected growth, declining from 8.6% in
  2011-2015 to 5% in 2026-2030), at the pace the evidence on the persistence of growth
  gives (``rho``);
- ``constant`` — a constant drift (``mu[t] = p``): the log of a level that follows a
  random walk with drift (flows, counts, other levels).

Each design allocates its components in the stacked design (:mod:`zzsim.models._design`)
and says what it pools across the family (:attr:`Trend.drift`: the trend in the first
fitted year, the first deviation from the anchor, or the drift), what drives its forecast
(:attr:`Trend.outlook`, for the evidence grade), which state it carries past the last data
year and how it continues from there (:meth:`Trend.forward`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping

import numpy as np

from ._design import Affine, Slots, ar1_path, forward_trend, trend

__all__ = ["AnchoredTrend", "ConstantTrend", "RandomWalkTrend", "Trend"]


class Trend(ABC):
    """Trend of log growth over ``n`` fitted years.

    Attributes
    ----------
    level : Affine
        ``mu`` in each fitted year (log growth).
    drift : Affine
        One row: the quantity pooled across the family (log units).
    outlook : Affine
        One row: the state that drives the forecast (its posterior against its prior
        variance grades the evidence).
    state : dict of str to Affine
        The rows of the state in the last fitted year, drawn for simulation.
    innovations : tuple of str
        Names of the standardised innovations of each future year.
    """

    level: Affine
    drift: Affine
    outlook: Affine
    state: dict[str, Affine]
    innovations: tuple[str, ...]

    @abstractmethod
    def forward(
        self,
        state: Mapping[str, np.ndarray],
        sigma: np.ndarray,
        z: Mapping[str, np.ndarray],
        years: np.ndarray,
    ) -> np.ndarray:
        """Continue the trend after the last fitted year.

        Parameters
        ----------
        state : Mapping[str, ndarray]
            Drawn state rows, each ``(R, 1)``.
        sigma : ndarray, shape (R, 1)
            Innovation s.d. of each repetition.
        z : Mapping[str, ndarray]
            Standardised innovations, each ``(R, H)`` (already scaled by any volatility).
        years : ndarray of int
            The ``H`` future years.

        Returns
        -------
        ndarray, shape (R, H)
        """

    @abstractmethod
    def parameters(self, first: int, last: int) -> list[tuple[str, Affine]]:
        """Labelled rows for the parameter table (log units)."""

    @property
    @abstractmethod
    def description(self) -> str:
        """One line for the model's title and notes."""


class RandomWalkTrend(Trend):
    """``damped`` (``phi < 1``) or ``local_level`` (no slope) trend growth."""

    def __init__(
        self,
        slots: Slots,
        n: int,
        *,
        init_mean: float,
        init_sd: float,
        slope_sd: float | None,
        phi: float,
    ) -> None:
        tr = trend(
            slots,
            n,
            "trend growth",
            init_mean=init_mean,
            init_sd=init_sd,
            param=0,
            slope_sd=slope_sd,
            phi=phi,
        )
        self._tr = tr
        self.level = tr.level
        self.drift = tr.level[[0]]
        self.state = {"mu": tr.level[[-1]]}
        self.innovations = ("eta",)
        self.outlook = tr.level[[-1]]
        if tr.slope is not None:
            self.state["beta"] = tr.slope[[-1]]
            self.innovations = ("eta", "zeta")
            # mean trend over the next five years given the last state
            weight = float(np.mean([sum(phi**k for k in range(1, h + 1)) for h in range(1, 6)]))
            self.outlook = tr.level[[-1]] + tr.slope[[-1]].scale(weight)

    def forward(
        self,
        state: Mapping[str, np.ndarray],
        sigma: np.ndarray,
        z: Mapping[str, np.ndarray],
        years: np.ndarray,
    ) -> np.ndarray:
        """Continue the random walk (and its damped slope)."""
        return forward_trend(
            state["mu"],
            state.get("beta"),
            sigma,
            z["eta"],
            z.get("zeta", z["eta"]),
            phi=self._tr.phi,
            slope_sd=self._tr.slope_sd,
        )

    def parameters(self, first: int, last: int) -> list[tuple[str, Affine]]:
        """Trend growth in the first and last fitted year, and the last slope."""
        out = [
            (f"trend growth {first} (log %)", self.level[[0]]),
            (f"trend growth {last} (log %)", self.level[[-1]]),
        ]
        if self._tr.slope is not None:
            out.append((f"slope {last} (pp per year)", self._tr.slope[[-1]]))
        return out

    @property
    def description(self) -> str:
        """The trend's name."""
        return "damped-trend" if self._tr.slope is not None else "local-level"


class AnchoredTrend(Trend):
    """Trend growth = a published anchor path + a persistent premium + a decaying deviation.

    ``mu[t] = a[t] + p + d[t]`` with ``p ~ N(init_mean, init_sd^2)`` (the indicator's
    long-run premium over the anchor: pooled across the family) and
    ``d[t] = rho d[t-1] + eta[t]``, ``eta ~ N(0, sigma^2)``, starting from its stationary
    distribution ``N(0, sigma^2 / (1 - rho^2))``. The forecast regresses to ``a + p`` at
    the pace ``rho``; the city's figures weigh on both ``p`` and ``d``.

    Parameters
    ----------
    slots : Slots
    years : ndarray of int
        The fitted years.
    anchor : callable
        ``anchor(years)`` returns the anchor's log growth in those years.
    rho : float
        Persistence of the deviation.
    init_mean, init_sd : float
        Prior of the premium (log units).
    """

    def __init__(
        self,
        slots: Slots,
        years: np.ndarray,
        *,
        anchor: Callable[[np.ndarray], np.ndarray],
        rho: float,
        init_mean: float,
        init_sd: float,
    ) -> None:
        n = years.size
        premium = slots.add(["premium over the anchor"], init_sd**2)
        init = slots.add(["deviation[0]"], 1.0 / (1.0 - rho**2), 0)
        steps = slots.add([f"deviation innovation {t}" for t in range(1, n)], 1.0, 0)
        self.deviation = ar1_path(slots, init, steps, rho)
        self.premium = Affine(np.full(1, init_mean), premium.width(slots.size))
        self._anchor, self._rho = anchor, rho
        self.level = self.deviation + self.premium.repeat(n).shift(anchor(years))
        self.drift = self.premium
        # the mean deviation from the anchor over the next five years, given the state
        weight = float(np.mean(rho ** np.arange(1, 6)))
        self.outlook = self.premium + self.deviation[[-1]].scale(weight)
        self.state = {"premium": self.premium, "deviation": self.deviation[[-1]]}
        self.innovations = ("eta",)

    def forward(
        self,
        state: Mapping[str, np.ndarray],
        sigma: np.ndarray,
        z: Mapping[str, np.ndarray],
        years: np.ndarray,
    ) -> np.ndarray:
        """Decay the deviation towards the anchor plus the premium, with new innovations."""
        eta = z["eta"]
        dev = np.empty_like(eta)
        prev = state["deviation"][:, 0]
        steps = sigma * eta
        for h in range(eta.shape[1]):
            prev = self._rho * prev + steps[:, h]
            dev[:, h] = prev
        return dev + state["premium"] + self._anchor(years)

    def parameters(self, first: int, last: int) -> list[tuple[str, Affine]]:
        """The premium, and the deviation from anchor + premium in the last fitted year."""
        return [
            ("premium over the anchor (log %)", self.premium),
            (f"deviation {last} (log %)", self.deviation[[-1]]),
        ]

    @property
    def description(self) -> str:
        """The trend's name with its persistence."""
        return f"anchored (rho {self._rho:.2f})"


class ConstantTrend(Trend):
    """A constant drift: ``mu[t] = p`` with ``p ~ N(init_mean, init_sd^2)``."""

    def __init__(self, slots: Slots, n: int, *, init_mean: float, init_sd: float) -> None:
        p = slots.add(["drift"], init_sd**2)
        m = slots.size
        self.level = Affine(np.full(n, init_mean), np.repeat(p.width(m), n, axis=0))
        self.drift = self.level[[0]]
        self.outlook = self.level[[0]]
        self.state = {"drift": self.level[[0]]}
        self.innovations = ()

    def forward(
        self,
        state: Mapping[str, np.ndarray],
        sigma: np.ndarray,
        z: Mapping[str, np.ndarray],
        years: np.ndarray,
    ) -> np.ndarray:
        """The drift in every future year."""
        return np.repeat(state["drift"], years.size, axis=1)

    def parameters(self, first: int, last: int) -> list[tuple[str, Affine]]:
        """The drift."""
        return [("drift (log % per year)", self.level[[0]])]

    @property
    def description(self) -> str:
        """The trend's name."""
        return "constant drift"
