"""Partial pooling: each indicator's prior from every other indicator of its family.

With one or two figures an indicator says little about its own drift or volatility. As
the UN's Bayesian projections pool countries and the Global Burden of Disease borrows
strength across locations, zzsim gives it the distribution of drift and volatility
estimated from every indicator of its family in the figure base (known at the cutoff),
under a weakly informative top level (``hyper`` in ``models.yaml``):

**Drift** (the engine's pooled quantity: the first deviation from the anchor for growth,
the drift of a level, the drift of a rate or share). Each indicator ``i`` of the family
is fitted alone with the top level's prior; dividing that prior out of its posterior
gives what its figures say, ``d_i ~ N(est_i, s_i^2)`` (indicators whose figures say
nothing are dropped). The family model is the normal hierarchy

    est_i ~ N(d_i, s_i^2),   d_i ~ N(mu, tau^2),   mu ~ N(mean, sd^2),
    tau ~ half-normal(spread)  (on a grid of 41 points),

integrated exactly in ``mu`` and on the grid in ``tau``; a new indicator's drift has the
predictive mixture ``N(mu_hat(tau), V(tau) + tau^2)``, taken as one normal with the
mixture's mean and variance (moment matching).

**Volatility** (the innovation s.d. on the engine's grid). Each indicator's exact
marginal likelihood over the grid is kept; the family model puts ``log sigma_i ~
N(a, b^2)`` (discretised on the grid; ``a`` uniform over the grid values, ``b`` among
``volatility_spread``), and a new indicator's grid prior is the posterior predictive
mixture. Growth-engine grids have two axes (trend and irregular), each with its own
``(a, b)``.

The prior of an indicator leaves out its own group's figures (leave-one-out), so no
figure counts twice; the family-level fits use the top level only (no circularity).
Everything is computed from the figures known at the cutoff, so a backtest's priors
never see the future.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .config import Hyper

__all__ = ["FamilyPrior", "Summary", "drift_predictive", "family_prior", "volatility_prior"]

#: grid of the spread tau, in units of the half-normal scale
_TAU = np.linspace(0.0, 4.0, 41)
#: a figure set says nothing about the drift when its precision is below this share
#: of the prior's
_UNINFORMATIVE = 1e-2


@dataclass(frozen=True)
class Summary:
    """What one indicator's figures say, for the family model.

    Attributes
    ----------
    group : str
        The group the indicator belongs to (left out of its own prior).
    estimate, variance : ndarray
        Likelihood mean and variance of the drift, one per coordinate (NaN: says nothing).
    loglike : ndarray
        Exact log marginal likelihood over the volatility grid (flattened, row-major).
    axes : tuple of ndarray
        The volatility grid's axes.
    """

    group: str
    estimate: np.ndarray
    variance: np.ndarray
    loglike: np.ndarray
    axes: tuple[np.ndarray, ...]

    @classmethod
    def of(
        cls,
        group: str,
        posterior: tuple[np.ndarray, np.ndarray],
        prior: tuple[float, float],
        loglike: np.ndarray,
        axes: tuple[np.ndarray, ...],
    ) -> Summary:
        """Divide the prior ``N(mean, sd^2)`` out of a posterior ``(means, variances)``."""
        mean, var = posterior
        m0, v0 = prior[0], prior[1] ** 2
        precision = 1.0 / var - 1.0 / v0
        informative = precision > _UNINFORMATIVE / v0
        est = np.where(
            informative, (mean / var - m0 / v0) / np.where(informative, precision, 1), np.nan
        )
        lik_var = np.where(informative, 1.0 / np.where(informative, precision, 1), np.nan)
        return cls(group, est, lik_var, np.asarray(loglike, dtype=float), axes)


@dataclass(frozen=True)
class FamilyPrior:
    """The prior of one indicator from its family.

    Attributes
    ----------
    drift_mean, drift_sd : float
        Predictive normal of the drift (engine units).
    grid_log_prior : tuple of float or None
        Log prior weights of the volatility grid (None: log-uniform).
    informed_by : tuple of str
        Groups whose figures informed the drift or the volatility.
    """

    drift_mean: float
    drift_sd: float
    grid_log_prior: tuple[float, ...] | None
    informed_by: tuple[str, ...]


def drift_predictive(est: np.ndarray, var: np.ndarray, hyper: Hyper) -> tuple[float, float]:
    """Return the predictive mean and s.d. of a new indicator's drift.

    Parameters
    ----------
    est, var : ndarray
        Likelihood means and variances of the other indicators' drifts.
    hyper : Hyper
        Top level: ``mean``, ``sd`` of the family mean, ``spread`` of the half-normal.

    Returns
    -------
    (float, float)
    """
    m0, s0 = hyper.mean, hyper.sd
    taus = _TAU * hyper.spread
    d = var[None, :] + taus[:, None] ** 2  # (tau, indicator)
    prec = 1.0 / s0**2 + np.sum(1.0 / d, axis=1)
    mu = (m0 / s0**2 + np.sum(est / d, axis=1)) / prec
    r = est - m0
    # log N(est; m0, diag(d) + s0^2 11'): Sherman-Morrison and the determinant lemma
    quad = np.sum(r**2 / d, axis=1) - np.sum(r / d, axis=1) ** 2 / prec
    logdet = np.sum(np.log(d), axis=1) + np.log(s0**2 * prec)
    log_w = -0.5 * (quad + logdet) - 0.5 * (taus / hyper.spread) ** 2
    w = np.exp(log_w - log_w.max())
    w /= w.sum()
    variances = 1.0 / prec + taus**2
    mean = float(w @ mu)
    second = float(w @ (variances + mu**2))
    return mean, float(np.sqrt(second - mean**2))


def _axis_densities(values: np.ndarray, spreads: Sequence[float]) -> np.ndarray:
    """Discretised normals of ``log values`` for every (location, spread), ``(C, n)``."""
    logs = np.log(values)
    rows = []
    for a in logs:
        for b in spreads:
            dens = np.exp(-0.5 * ((logs - a) / b) ** 2)
            rows.append(dens / dens.sum())
    return np.asarray(rows)


def volatility_prior(
    loglikes: Sequence[np.ndarray], axes: tuple[np.ndarray, ...], spreads: Sequence[float]
) -> np.ndarray:
    """Return the log prior weights of a new indicator's volatility grid.

    Parameters
    ----------
    loglikes : sequence of ndarray
        The other indicators' log marginal likelihoods over the grid (row-major).
    axes : tuple of ndarray
        Grid values of each axis (an axis of one value is not pooled).
    spreads : sequence of float
        Candidate s.d. of ``log sigma`` across indicators.

    Returns
    -------
    ndarray
        Log weights over the flattened grid, summing (in weights) to one.
    """
    shape = tuple(a.size for a in axes)
    active = [i for i, a in enumerate(axes) if a.size > 1]
    dens = [
        _axis_densities(axes[i], spreads) if i in active else np.ones((1, 1))
        for i in range(len(axes))
    ]
    # score[c1, c2] = sum_i log sum_j P1[c1, j1] P2[c2, j2] L_i[j1, j2]
    score = np.zeros(tuple(d.shape[0] for d in dens))
    for ll in loglikes:
        lik = np.exp(ll - ll.max()).reshape(shape)
        if len(axes) == 1:
            score += np.log(dens[0] @ lik)
        else:
            score += np.log(dens[0] @ lik @ dens[1].T)
    post = np.exp(score - score.max())
    post /= post.sum()
    if len(axes) == 1:
        weights = post @ dens[0]
    else:
        weights = np.einsum("ab,ai,bj->ij", post, dens[0], dens[1]).ravel()
    return np.log(weights / weights.sum())


def family_prior(
    summaries: Sequence[Summary], hyper: Hyper, axes: tuple[np.ndarray, ...]
) -> FamilyPrior:
    """Return the prior of a new indicator from the other indicators of its family.

    Parameters
    ----------
    summaries : sequence of Summary
        The other indicators (their groups must differ from the new one's).
    hyper : Hyper
        The family's top level.
    axes : tuple of ndarray
        The new indicator's volatility grid; only summaries on the same grid pool it.

    Returns
    -------
    FamilyPrior
    """
    est = np.concatenate([s.estimate for s in summaries]) if summaries else np.zeros(0)
    var = np.concatenate([s.variance for s in summaries]) if summaries else np.zeros(0)
    keep = np.isfinite(est)
    mean, sd = drift_predictive(est[keep], var[keep], hyper)
    same_grid = [
        s
        for s in summaries
        if len(s.axes) == len(axes)
        and all(np.array_equal(a, b) for a, b in zip(s.axes, axes, strict=True))
    ]
    log_prior = volatility_prior([s.loglike for s in same_grid], axes, hyper.volatility_spread)
    informed = {s.group for s in same_grid} | {
        s.group for s in summaries if np.isfinite(s.estimate).any()
    }
    return FamilyPrior(mean, sd, tuple(float(v) for v in log_prior), tuple(sorted(informed)))
