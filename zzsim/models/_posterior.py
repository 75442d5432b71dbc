"""The fitted posterior of a stacked model: grid weights, Gaussian conditionals, sampling.

Parameter uncertainty is carried in two ways, both exact given the model:

- the innovation standard deviations (the parameters the data say least about) have a
  discrete posterior on a log-spaced grid: prior (log-uniform) times the exact Gaussian
  likelihood, normalised;
- everything else — initial states, drifts and slopes, the deflator and population
  deviations, revision shifts, the whole historical path — is Gaussian given the grid
  point and is integrated analytically (it is part of the latent vector).

A draw picks a grid point with its posterior probability, then draws the latent
quantities from their Gaussian conditional at that point: a draw from the exact
posterior (up to the grid discretisation).

A **censored figure** ("突破3000亿元": a level above 3000 without the value) enters as a
one-sided bound on one linear functional ``b``: the grid weights are multiplied by
``P(b >= c | other figures)`` (the exact likelihood of the event) and every draw takes
``b`` from its truncated normal (inverse CDF of one uniform), then the other quantities
from their Gaussian regression on ``b``. One bound per model is supported.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special

from ._design import Affine, Slots
from ._gaussian import GridPosterior, condition, psd_sqrt


@dataclass(frozen=True)
class Bound:
    """A censored observation: ``row @ w + e >= value`` (or ``<=``).

    Attributes
    ----------
    row : Affine
        The bounded functional (one row).
    value : float
        The bound (transformed units, e.g. log level).
    sd : float
        Observation-noise s.d. of the figure the bound is about.
    lower : bool
        True for a lower bound (``突破``, ``超过``), False for an upper bound.
    """

    row: Affine
    value: float
    sd: float
    lower: bool = True


@dataclass(frozen=True)
class _Projection:
    mean: np.ndarray  # (J, o) mean given the figures (not yet the bound)
    root: np.ndarray  # (J, o, o) square root of the covariance given the figures and b
    beta: np.ndarray  # (J, o) regression of the outputs on b (zeros without a bound)


#: up to this many rows, :meth:`LatentFit.sample` gathers each draw's covariance root
#: (``R x o x o`` floats) instead of sorting the draws by grid point
_GATHER_ROWS = 4


@dataclass(frozen=True)
class _Conditional:
    mean: np.ndarray  # (J, o) mean of the wanted rows given the figures
    given_mean: np.ndarray  # (J, q) mean of the given rows
    gain: np.ndarray  # (J, o, q) regression of the wanted rows on the given ones
    root: np.ndarray  # (J, o, o) square root of the covariance given both


def _truncated_mean(mean: np.ndarray, sd: np.ndarray, c: float, lower: bool) -> np.ndarray:
    """Mean of N(mean, sd^2) truncated to ``>= c`` (lower) or ``<= c``."""
    a = (c - mean) / sd
    if lower:
        return mean + sd * np.exp(-0.5 * a**2 - special.log_ndtr(-a)) / np.sqrt(2 * np.pi)
    return mean - sd * np.exp(-0.5 * a**2 - special.log_ndtr(a)) / np.sqrt(2 * np.pi)


@dataclass
class LatentFit:
    """A fitted stacked model.

    Parameters
    ----------
    slots : Slots
        The latent components.
    grid : ndarray, shape (J, P)
        Grid-parameter values.
    param_names : sequence of str
        Names of the grid parameters.
    rows : sequence of Affine
        One map per observation.
    values : ndarray
        Observed values (transformed).
    obs_var : ndarray
        Observation-noise variances.
    bound : Bound, optional
        A censored observation.
    log_prior : ndarray, shape (J,), optional
        Log prior weights of the grid points (default: uniform).
    """

    slots: Slots
    grid: np.ndarray
    param_names: Sequence[str]
    rows: Sequence[Affine]
    values: np.ndarray
    obs_var: np.ndarray
    bound: Bound | None = None
    log_prior: np.ndarray | None = None
    posterior: GridPosterior = field(init=False)
    prior_weights: np.ndarray = field(init=False)
    _cache: dict[Hashable, _Projection] = field(init=False, default_factory=dict, repr=False)
    _given_cache: dict[Hashable, _Conditional] = field(
        init=False, default_factory=dict, repr=False
    )

    def __post_init__(self) -> None:
        m = self.slots.size
        c, H = Affine.stack(list(self.rows), m)
        if self.log_prior is None:
            log_prior = np.full(self.grid.shape[0], -np.log(self.grid.shape[0]))
        else:
            log_prior = self.log_prior - np.logaddexp.reduce(self.log_prior)
        self.prior_weights = np.exp(log_prior)
        post = condition(
            self.slots.variances(self.grid), H, self.values - c, self.obs_var, log_prior
        )
        if self.bound is not None:
            mb, sb = self._bound_moments(post)
            a = (self.bound.value - mb) / sb
            log_event = special.log_ndtr(-a if self.bound.lower else a)
            loglike = post.loglike + log_event
            logpost = log_prior + loglike
            weights = np.exp(logpost - logpost.max())
            post = GridPosterior(
                loglike, weights / weights.sum(), post.mean, post.cov, post.variances
            )
        self.posterior = post

    def _bound_moments(self, post: GridPosterior) -> tuple[np.ndarray, np.ndarray]:
        """Mean and s.d. of the bounded figure at each grid point, given the other figures."""
        assert self.bound is not None
        g = self.bound.row.width(self.slots.size)[0]
        mean = self.bound.row.c[0] + post.mean @ g
        var = np.einsum("m,jmn,n->j", g, post.cov, g) + self.bound.sd**2
        return mean, np.sqrt(var)

    @property
    def loglike(self) -> float:
        """Log marginal likelihood of the observations (grid prior integrated out)."""
        ll = self.posterior.loglike
        top = ll.max()
        return float(top + np.log(np.sum(self.prior_weights * np.exp(ll - top))))

    def prior_variance(self, parts: Affine) -> np.ndarray:
        """Variance of linear quantities under the prior (no figure), over the grid prior.

        Parameters
        ----------
        parts : Affine
            The quantities (one row each).

        Returns
        -------
        ndarray, shape (o,)
        """
        G = parts.width(self.slots.size)
        var = self.posterior.variances @ (G**2).T  # (J, o): independent components
        return self.prior_weights @ var

    def _project(self, parts: Affine, key: Hashable) -> _Projection:
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        m = self.slots.size
        G = parts.width(m)
        cov_w = self.posterior.cov
        mean = parts.c + self.posterior.mean @ G.T
        cov = G @ cov_w @ G.T
        beta = np.zeros_like(mean)
        if self.bound is not None:
            g = self.bound.row.width(m)[0]
            _, sb = self._bound_moments(self.posterior)
            cross = G @ cov_w @ g  # (J, o): Cov(outputs, b)
            beta = cross / sb[:, None] ** 2
            cov = cov - cross[:, :, None] * beta[:, None, :]
        proj = _Projection(mean, psd_sqrt(cov), beta)
        self._cache[key] = proj
        return proj

    def project(self, parts: Affine, key: Hashable) -> tuple[np.ndarray, np.ndarray]:
        """Return the posterior mean ``(J, o)`` and a covariance square root ``(J, o, o)``.

        With a bound, the square root is of the covariance given the bounded figure
        (the rest of the spread comes from the truncated draw of that figure).

        Parameters
        ----------
        parts : Affine
            The quantities wanted.
        key : hashable
            Cache key identifying ``parts`` (e.g. the requested years).
        """
        proj = self._project(parts, key)
        return proj.mean, proj.root

    def pick(self, reps: int, gen: np.random.Generator, *, full: bool) -> np.ndarray:
        """Draw grid indices with their posterior probabilities (the mode if not ``full``)."""
        u = gen.random(reps)
        if not full:
            return np.full(reps, int(np.argmax(self.posterior.weights)))
        cdf = np.cumsum(self.posterior.weights)
        return np.minimum(np.searchsorted(cdf, u * cdf[-1], side="right"), len(cdf) - 1)

    def _bound_draw(self, k: np.ndarray, u: np.ndarray, *, full: bool) -> np.ndarray:
        """Deviation of the bounded figure from its mean, drawn from the truncated normal."""
        assert self.bound is not None
        mb, sb = self._bound_moments(self.posterior)
        mb, sb = mb[k], sb[k]
        c, lower = self.bound.value, self.bound.lower
        if not full:
            return _truncated_mean(mb, sb, c, lower) - mb
        a = special.ndtr((c - mb) / sb)
        p = a + u * (1.0 - a) if lower else u * a
        eps = np.finfo(float).eps
        return sb * special.ndtri(np.clip(p, eps, 1.0 - eps))

    def sample(
        self,
        parts: Affine,
        key: Hashable,
        k: np.ndarray,
        gen: np.random.Generator,
        *,
        full: bool,
    ) -> np.ndarray:
        """Draw ``parts`` from their posterior at grid points ``k``.

        Parameters
        ----------
        parts : Affine
            The quantities wanted (o rows).
        key : hashable
            Cache key of ``parts``.
        k : ndarray of int, shape (R,)
            Grid point of each repetition.
        gen : Generator
            Source of the draws (always ``R x o`` standard normals, then ``R`` uniforms
            if the model has a bound).
        full : bool
            False: the posterior mean at the grid point (no state or static-parameter
            uncertainty), for the shock-only comparison.

        Returns
        -------
        ndarray, shape (R, o)
        """
        proj = self._project(parts, key)
        mean, root = proj.mean, proj.root
        z = gen.standard_normal((k.size, mean.shape[1]))
        shift = 0.0
        if self.bound is not None:
            u = gen.random(k.size)
            shift = proj.beta[k] * self._bound_draw(k, u, full=full)[:, None]
        if not full:
            return mean[k] + shift
        if mean.shape[1] <= _GATHER_ROWS:  # few rows: each draw's own root, no sort
            return mean[k] + np.einsum("rop,rp->ro", root[k], z) + shift
        order = np.argsort(k, kind="stable")
        counts = np.bincount(k, minlength=mean.shape[0])
        z_sorted = z[order]
        out_sorted = np.empty_like(z)
        start = 0
        for j in np.flatnonzero(counts):
            stop = start + counts[j]
            out_sorted[start:stop] = mean[j] + z_sorted[start:stop] @ root[j].T
            start = stop
        out = np.empty_like(z)
        out[order] = out_sorted
        return out + shift

    def _conditional(self, parts: Affine, given: Affine, key: Hashable) -> _Conditional:
        hit = self._given_cache.get(key)
        if hit is not None:
            return hit
        m = self.slots.size
        P, Q = parts.width(m), given.width(m)
        cov_w = self.posterior.cov
        cov_pq = P @ cov_w @ Q.T  # (J, o, q)
        cov_qq = Q @ cov_w @ Q.T
        gain = cov_pq @ np.linalg.pinv(cov_qq, hermitian=True)
        cond = P @ cov_w @ P.T - gain @ np.swapaxes(cov_pq, -1, -2)
        hit = _Conditional(
            parts.c + self.posterior.mean @ P.T,
            given.c + self.posterior.mean @ Q.T,
            gain,
            psd_sqrt(cond),
        )
        self._given_cache[key] = hit
        return hit

    def sample_given(
        self,
        parts: Affine,
        given: Affine,
        key: Hashable,
        k: np.ndarray,
        values: np.ndarray,
        gen: np.random.Generator,
    ) -> np.ndarray:
        """Draw ``parts`` at grid points ``k`` given the values the rows ``given`` took.

        With ``values`` drawn by :meth:`sample` (``given`` as its ``parts``), the pair
        follows the joint posterior: the second stage of a two-stage draw that decides on
        the few ``given`` rows first (rejection on a bound) and draws the rest only for the
        draws it keeps. Models with a :class:`Bound` use :meth:`sample` instead.

        Parameters
        ----------
        parts : Affine
            The quantities wanted (o rows).
        given : Affine
            The quantities already drawn (q rows).
        key : hashable
            Cache key of the pair.
        k : ndarray of int, shape (R,)
            Grid point of each repetition.
        values : ndarray, shape (R, q)
            The drawn values of ``given``.
        gen : Generator
            Source of the ``R x o`` standard normals.

        Returns
        -------
        ndarray, shape (R, o)
        """
        if self.bound is not None:
            raise ValueError("sample_given does not condition on the model's bound")
        cond = self._conditional(parts, given, key)
        z = gen.standard_normal((k.size, cond.mean.shape[1]))
        dev = values - cond.given_mean[k]
        return (
            cond.mean[k]
            + np.einsum("roq,rq->ro", cond.gain[k], dev)
            + np.einsum("rop,rp->ro", cond.root[k], z)
        )

    def grid_table(self) -> pd.DataFrame:
        """Posterior mean, s.d. and 10%/90% quantiles of each grid parameter."""
        w = self.posterior.weights
        out = {}
        for i, name in enumerate(self.param_names):
            values = self.grid[:, i]
            order = np.argsort(values)
            cdf = np.cumsum(w[order])
            mean = float(w @ values)
            out[name] = {
                "mean": mean,
                "sd": float(np.sqrt(max(w @ values**2 - mean**2, 0.0))),
                "q10": float(values[order][int(np.searchsorted(cdf, 0.1))]),
                "q90": float(values[order][min(int(np.searchsorted(cdf, 0.9)), len(cdf) - 1)]),
            }
        return pd.DataFrame(out).T

    def gaussian_table(self, parts: Affine, names: Sequence[str]) -> pd.DataFrame:
        """Posterior mean, s.d. and 10%/90% normal-mixture quantiles of linear quantities.

        Parameters
        ----------
        parts : Affine
            The quantities (one row each).
        names : sequence of str
            Their labels.
        """
        m = self.slots.size
        G = parts.width(m)
        means = parts.c + self.posterior.mean @ G.T  # (J, o)
        var = np.einsum("om,jmn,on->jo", G, self.posterior.cov, G)
        if self.bound is not None:
            b = self.bound
            mb, sb = self._bound_moments(self.posterior)
            a = (b.value - mb) / sb
            tmean = _truncated_mean(mb, sb, b.value, b.lower)
            # variance of the truncated normal as a fraction of sb^2 (both directions)
            lam = (tmean - mb) / sb
            frac = 1.0 + a * lam - lam**2
            g = b.row.width(m)[0]
            beta = (G @ self.posterior.cov @ g) / sb[:, None] ** 2  # (J, o)
            means = means + beta * (tmean - mb)[:, None]
            var = var - beta**2 * (sb**2 * (1.0 - frac))[:, None]
        w = self.posterior.weights
        mean = w @ means
        sd = np.sqrt(np.clip(w @ (var + means**2) - mean**2, 0.0, None))
        return pd.DataFrame(
            {"mean": mean, "sd": sd, "q10": mean - 1.2816 * sd, "q90": mean + 1.2816 * sd},
            index=list(names),
        )
