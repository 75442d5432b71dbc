"""Building blocks of the stacked latent design: affine maps of standard components.

Every latent series of a model (trend growth, deflator, a logit rate, ...) over the
fitted years is an :class:`Affine` map ``c + B @ w`` of one vector ``w`` of independent
zero-mean Gaussian components, allocated in a :class:`Slots` register with their prior
variances. A component's variance is either fixed (initial states, drifts, revision
shifts, assumptions) or the square of a grid parameter (the innovation standard
deviations whose posterior is computed on a grid).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


class Affine:
    """A vector of quantities ``c + B @ w`` (rows) as a function of the components ``w``.

    Parameters
    ----------
    c : ndarray, shape (n,)
    B : ndarray, shape (n, m)
    """

    def __init__(self, c: np.ndarray, B: np.ndarray) -> None:
        self.c = np.asarray(c, dtype=float)
        self.B = np.asarray(B, dtype=float)

    def __len__(self) -> int:
        return len(self.c)

    def width(self, m: int) -> np.ndarray:
        """Return ``B`` padded with zero columns to ``m`` components."""
        return np.pad(self.B, ((0, 0), (0, m - self.B.shape[1])))

    def _pair(self, other: Affine) -> tuple[np.ndarray, np.ndarray]:
        m = max(self.B.shape[1], other.B.shape[1])
        return self.width(m), other.width(m)

    def __add__(self, other: Affine) -> Affine:
        a, b = self._pair(other)
        return Affine(self.c + other.c, a + b)

    def __sub__(self, other: Affine) -> Affine:
        a, b = self._pair(other)
        return Affine(self.c - other.c, a - b)

    def __getitem__(self, index: int | slice | np.ndarray | Sequence[int]) -> Affine:
        c, B = self.c[index], self.B[index]
        return Affine(np.atleast_1d(c), np.atleast_2d(B))

    def scale(self, factor: float) -> Affine:
        """Return ``factor * self``."""
        return Affine(self.c * factor, self.B * factor)

    def repeat(self, n: int) -> Affine:
        """Return each row ``n`` times (a one-row quantity as a constant over ``n`` years)."""
        return Affine(np.repeat(self.c, n), np.repeat(self.B, n, axis=0))

    def shift(self, offset: np.ndarray | float) -> Affine:
        """Return ``self + offset`` (a constant)."""
        return Affine(self.c + offset, self.B)

    def cumsum(self) -> Affine:
        """Return the running sums of the rows."""
        return Affine(np.cumsum(self.c), np.cumsum(self.B, axis=0))

    def total(self) -> Affine:
        """Return the sum of the rows as a one-row map."""
        return Affine(self.c.sum(keepdims=True), self.B.sum(axis=0, keepdims=True))

    @staticmethod
    def vstack(parts: Sequence[Affine]) -> Affine:
        """Stack maps row-wise (padding to the widest)."""
        m = max((p.B.shape[1] for p in parts), default=0)
        return Affine(
            np.concatenate([p.c for p in parts]) if parts else np.zeros(0),
            np.vstack([p.width(m) for p in parts]) if parts else np.zeros((0, 0)),
        )

    @staticmethod
    def stack(parts: Sequence[Affine], m: int) -> tuple[np.ndarray, np.ndarray]:
        """Stack maps into ``(c, B)`` with ``m`` columns."""
        out = Affine.vstack(parts)
        return out.c, out.width(m)

    @staticmethod
    def zeros(n: int) -> Affine:
        """Return the zero map of ``n`` rows."""
        return Affine(np.zeros(n), np.zeros((n, 0)))


class Slots:
    """Register of the latent components: names, prior variances, grid scaling."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self._var: list[float] = []
        self._param: list[int] = []

    @property
    def size(self) -> int:
        """Number of components."""
        return len(self.names)

    def add(self, names: Sequence[str], var: float, param: int = -1) -> Affine:
        """Allocate components and return them as a map (one row per component).

        Parameters
        ----------
        names : sequence of str
            One label per component.
        var : float
            Prior variance; if ``param >= 0`` it is multiplied by that grid parameter squared.
        param : int
            Index of the grid parameter scaling the variance, or -1 for a fixed variance.

        Returns
        -------
        Affine
            The identity map of the new components.
        """
        first = self.size
        self.names.extend(names)
        self._var.extend([var] * len(names))
        self._param.extend([param] * len(names))
        B = np.zeros((len(names), self.size))
        B[np.arange(len(names)), first + np.arange(len(names))] = 1.0
        return Affine(np.zeros(len(names)), B)

    def variances(self, grid: np.ndarray) -> np.ndarray:
        """Return the prior variances at each grid point, shape ``(J, m)``.

        Parameters
        ----------
        grid : ndarray, shape (J, P)
            Grid-parameter values (standard deviations).
        """
        var = np.asarray(self._var)
        param = np.asarray(self._param)
        out = np.broadcast_to(var, (grid.shape[0], var.size)).copy()
        scaled = param >= 0
        out[:, scaled] *= grid[:, param[scaled]] ** 2
        return out


@dataclass(frozen=True)
class Trend:
    """A random walk with an optional slope, over ``n`` years.

    ``mu[t] = mu[t-1] + beta[t] + eta[t]`` with ``eta ~ N(0, sigma^2)`` and the slope
    ``beta`` either absent, a constant drift (``phi = 1``), or a stationary AR(1) with
    coefficient ``phi < 1`` (a damped trend whose slope itself wanders).

    Attributes
    ----------
    level : Affine
        ``mu`` for each year (n rows).
    slope : Affine or None
        ``beta`` for each year (n rows), None without a slope.
    phi : float
        1 for a constant drift, else the AR(1) coefficient of the slope.
    slope_sd : float
        Prior s.d. of the drift (``phi = 1``) or stationary s.d. of the slope.
    """

    level: Affine
    slope: Affine | None
    phi: float
    slope_sd: float


def trend(
    slots: Slots,
    n: int,
    label: str,
    *,
    init_mean: float,
    init_sd: float,
    param: int,
    slope_sd: float | None,
    phi: float = 1.0,
    slope_mean: float = 0.0,
) -> Trend:
    """Allocate a :class:`Trend` over ``n`` years.

    Parameters
    ----------
    slots : Slots
    n : int
        Number of years (the first is the initial state).
    label : str
        Prefix of the component names.
    init_mean, init_sd : float
        Prior of the initial state.
    param : int
        Grid parameter scaling the innovations.
    slope_sd : float or None
        Prior s.d. of the constant drift (``phi = 1``) or stationary s.d. of the AR(1)
        slope (``phi < 1``); None for no slope.
    phi : float
        1 for a constant drift, else the AR(1) coefficient of the slope.
    slope_mean : float
        Prior mean of the constant drift (``phi = 1``).

    Returns
    -------
    Trend
    """
    init = slots.add([f"{label}[0]"], init_sd**2)
    steps = slots.add([f"{label} innovation {t}" for t in range(1, n)], 1.0, param)
    m = slots.size
    walk = np.zeros((n, m))
    walk[1:] = np.cumsum(steps.width(m), axis=0)
    level = Affine(np.full(n, init_mean), np.repeat(init.width(m), n, axis=0) + walk)
    if slope_sd is None:
        return Trend(level, None, phi, 0.0)
    if phi >= 1.0:
        drift = slots.add([f"{label} drift"], slope_sd**2)
        slope = Affine(np.full(n, slope_mean), np.repeat(drift.B, n, axis=0))
    else:
        slope = ar1(slots, n, f"{label} slope", sd=slope_sd, rho=phi)
    m = slots.size
    slope_b, slope_c = slope.width(m).copy(), slope.c.copy()
    slope_b[0], slope_c[0] = 0.0, 0.0  # the slope moves the level from the second year on
    level = level + Affine(np.cumsum(slope_c), np.cumsum(slope_b, axis=0))
    return Trend(level, slope, phi, slope_sd)


def forward_trend(
    level: np.ndarray,
    slope: np.ndarray | None,
    sigma: np.ndarray,
    z_level: np.ndarray,
    z_slope: np.ndarray,
    *,
    phi: float,
    slope_sd: float,
) -> np.ndarray:
    """Continue a :class:`Trend` from its last state.

    Parameters
    ----------
    level : ndarray, shape (R, 1)
        ``mu`` in the last fitted year.
    slope : ndarray, shape (R, 1), or None
        ``beta`` in the last fitted year.
    sigma : ndarray, shape (R, 1)
        Innovation s.d. of each repetition (times any volatility factor).
    z_level, z_slope : ndarray, shape (R, H)
        Standard normal innovations (``z_slope`` already scaled by any volatility factor).
    phi, slope_sd : float
        As in :class:`Trend`.

    Returns
    -------
    ndarray, shape (R, H)
        ``mu`` in the H following years.
    """
    steps = sigma * z_level
    if slope is not None:
        if phi >= 1.0:
            steps = steps + slope
        else:
            beta = np.empty_like(z_slope)
            prev = slope[:, 0]
            for h in range(z_slope.shape[1]):
                prev = phi * prev + slope_sd * np.sqrt(1 - phi**2) * z_slope[:, h]
                beta[:, h] = prev
            steps = steps + beta
    return level + np.cumsum(steps, axis=1)


def ar1(slots: Slots, n: int, label: str, *, sd: float, rho: float) -> Affine:
    """Allocate a stationary AR(1) deviation with s.d. ``sd`` and coefficient ``rho``.

    Parameters
    ----------
    slots : Slots
    n : int
        Number of years.
    label : str
        Prefix of the component names.
    sd : float
        Stationary standard deviation.
    rho : float
        Autoregressive coefficient.

    Returns
    -------
    Affine
        The deviation for each year (n rows).
    """
    init = slots.add([f"{label}[0]"], sd**2)
    shocks = slots.add([f"{label} innovation {t}" for t in range(1, n)], sd**2 * (1 - rho**2))
    return ar1_path(slots, init, shocks, rho)


def ar1_path(slots: Slots, init: Affine, shocks: Affine, rho: float) -> Affine:
    """Return ``x[0] = init``, ``x[t] = rho x[t-1] + shocks[t-1]`` as one row per year.

    Parameters
    ----------
    slots : Slots
        Where ``init`` (one component) and ``shocks`` (``n - 1``) were allocated.
    init, shocks : Affine
        The first year's value and the innovations of the later years.
    rho : float
        Autoregressive coefficient.

    Returns
    -------
    Affine
        ``n`` rows.
    """
    n, m = len(shocks) + 1, slots.size
    lags = np.arange(n)[:, None] - np.arange(n)[None, :]
    decay = np.where(lags >= 0, rho ** np.clip(lags, 0, None), 0.0)  # decay[t, s] = rho^(t-s)
    B = decay[:, :1] * init.width(m) + decay[:, 1:] @ shocks.width(m)
    return Affine(np.zeros(n), B)


def white(slots: Slots, n: int, label: str, *, param: int) -> Affine:
    """Allocate independent noise for ``n`` years, scaled by grid parameter ``param``."""
    return slots.add([f"{label} {t}" for t in range(n)], 1.0, param)


def log_grid(low: float, high: float, points: int) -> np.ndarray:
    """Return ``points`` log-spaced values from ``low`` to ``high`` (a log-uniform prior)."""
    return np.exp(np.linspace(np.log(low), np.log(high), points))
