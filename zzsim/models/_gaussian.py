"""Exact Gaussian conditioning of a stacked linear model, batched over a parameter grid.

The latent vector of a model is ``offset + B @ w`` with ``w ~ N(0, diag(v))``; the
variances ``v`` depend on the grid point (a few standard deviations), the matrices do
not. Observations are ``y = h0 + H @ w + e`` with ``e ~ N(0, diag(r))``. For every grid
point this module returns the exact log-likelihood of ``y`` and the posterior mean and
covariance of ``w`` — the result a Kalman filter and smoother would give, written in
stacked form so that any linear functional of the path (a five-year average, a sum, a
level that cumulates growth) is an observation like any other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_LOG_2PI = float(np.log(2.0 * np.pi))


@dataclass(frozen=True)
class GridPosterior:
    """Posterior of ``w`` at every grid point, and the grid weights.

    Attributes
    ----------
    loglike : ndarray, shape (J,)
        Exact Gaussian log-likelihood of the observations at each grid point.
    weights : ndarray, shape (J,)
        Posterior probabilities of the grid points (prior times likelihood, normalised).
    mean : ndarray, shape (J, m)
        Posterior mean of ``w``.
    cov : ndarray, shape (J, m, m)
        Posterior covariance of ``w``.
    variances : ndarray, shape (J, m)
        Prior variances of ``w``.
    """

    loglike: np.ndarray
    weights: np.ndarray
    mean: np.ndarray
    cov: np.ndarray
    variances: np.ndarray


def condition(
    variances: np.ndarray,
    H: np.ndarray,
    resid: np.ndarray,
    obs_var: np.ndarray,
    log_prior: np.ndarray,
) -> GridPosterior:
    """Condition ``w ~ N(0, diag(v_j))`` on ``resid = H w + e`` for every grid point ``j``.

    Parameters
    ----------
    variances : ndarray, shape (J, m)
        Prior variances of the latent components at each grid point.
    H : ndarray, shape (k, m)
        Observation matrix.
    resid : ndarray, shape (k,)
        Observations minus their prior mean (``y - h0``).
    obs_var : ndarray, shape (k,)
        Observation-noise variances.
    log_prior : ndarray, shape (J,)
        Log prior probability of each grid point.

    Returns
    -------
    GridPosterior
    """
    n_grid, m = variances.shape
    k = H.shape[0]
    if k == 0:
        cov = np.zeros((n_grid, m, m))
        cov[:, np.arange(m), np.arange(m)] = variances
        weights = np.exp(log_prior - log_prior.max())
        return GridPosterior(
            np.zeros(n_grid), weights / weights.sum(), np.zeros((n_grid, m)), cov, variances
        )
    hv = H[None, :, :] * variances[:, None, :]  # (J, k, m): H diag(v)
    S = hv @ H.T + np.diag(obs_var)[None, :, :]  # (J, k, k)
    chol = np.linalg.cholesky(S)
    # S^{-1} resid and S^{-1} H diag(v) through the Cholesky factor
    eye = np.broadcast_to(np.eye(k), S.shape)
    inv_chol = np.linalg.solve(chol, eye)  # L^{-1}
    s_inv = np.swapaxes(inv_chol, 1, 2) @ inv_chol
    alpha = s_inv @ resid  # (J, k)
    logdet = 2.0 * np.log(np.diagonal(chol, axis1=1, axis2=2)).sum(axis=1)
    loglike = -0.5 * (np.einsum("jk,k->j", alpha, resid) + logdet + k * _LOG_2PI)
    mean = np.einsum("jkm,jk->jm", hv, alpha)
    cov = -np.swapaxes(hv, 1, 2) @ s_inv @ hv
    cov[:, np.arange(m), np.arange(m)] += variances
    logpost = log_prior + loglike
    weights = np.exp(logpost - logpost.max())
    return GridPosterior(loglike, weights / weights.sum(), mean, cov, variances)


def psd_sqrt(cov: np.ndarray) -> np.ndarray:
    """Return ``A`` with ``A @ A.T == cov`` for a stack of positive semi-definite matrices.

    Uses the symmetric eigen-decomposition, so exactly singular covariances (outputs
    that are linear combinations of each other, such as a level and the growth that
    cumulates into it) are handled without jitter.

    Parameters
    ----------
    cov : ndarray, shape (..., n, n)

    Returns
    -------
    ndarray, shape (..., n, n)
    """
    sym = 0.5 * (cov + np.swapaxes(cov, -1, -2))
    values, vectors = np.linalg.eigh(sym)
    return vectors * np.sqrt(np.clip(values, 0.0, None))[..., None, :]
