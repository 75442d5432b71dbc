"""Score tables and calibration summaries of backtest frames.

Every function takes the frame of :func:`zzsim.backtest.backtest` (or several of them
concatenated, to pool cases) and compares zzsim with the naive references
(:mod:`zzsim.backtest.references`) on the same targets.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

from .scoring import LOG_SCORE_EPS, brier_score, interval_coverage, log_score

__all__ = ["REFERENCES", "SCORE_COLUMNS", "Forecaster", "forecasters", "reliability", "scores"]

#: columns of :func:`scores`
SCORE_COLUMNS = ("model", "brier", "log_score", "coverage80", "n")


@dataclass(frozen=True)
class Forecaster:
    """One forecaster's probabilities in a backtest frame.

    Attributes
    ----------
    name : str
        Row label in the score table.
    rows : pandas.DataFrame
        The frame's rows of this forecaster (one per target).
    p : str
        Column of the probability of attainment.
    interval : tuple of str or None
        Columns of the 80% interval of the outcome, if the forecaster has one.
    """

    name: str
    rows: pd.DataFrame
    p: str
    interval: tuple[str, str] | None = None


#: the references: name -> (probability column, 80% interval columns or None)
REFERENCES: dict[str, tuple[str, tuple[str, str] | None]] = {
    "planners": ("p_planners", None),
    "persistence": ("p_persistence", None),
    "rate_of_change": ("p_rate_of_change", ("rate_of_change_lo", "rate_of_change_hi")),
}


def forecasters(frame: pd.DataFrame) -> list[Forecaster]:
    """Split a backtest frame into zzsim (one per scenario) and the references.

    Parameters
    ----------
    frame : pandas.DataFrame
        One or several (concatenated) frames of :func:`zzsim.backtest.backtest`.

    Returns
    -------
    list of Forecaster
        ``zzsim`` (``zzsim:<scenario>`` when the frame has several scenarios), then
        ``planners``, ``persistence`` and ``rate_of_change``; references read the rows
        of the first scenario (they do not depend on the scenario).
    """
    names = list(dict.fromkeys(frame["scenario"]))
    out = [
        Forecaster(
            "zzsim" if len(names) == 1 else f"zzsim:{name}",
            frame[frame["scenario"] == name],
            "p_attain",
            ("lo", "hi"),
        )
        for name in names
    ]
    first = frame[frame["scenario"] == names[0]] if names else frame
    out.extend(Forecaster(name, first, p, interval) for name, (p, interval) in REFERENCES.items())
    return out


def _key(rows: pd.DataFrame) -> pd.Index:
    return pd.MultiIndex.from_arrays([rows["plan"], rows["target_id"]])


def scores(frame: pd.DataFrame, *, eps: float = LOG_SCORE_EPS, common: bool = True) -> pd.DataFrame:
    """Brier score, log score and 80% interval coverage of zzsim and the references.

    Parameters
    ----------
    frame : pandas.DataFrame
        One or several (concatenated, to pool cases) frames of
        :func:`zzsim.backtest.backtest`.
    eps : float, default LOG_SCORE_EPS
        Clipping of probabilities for the log score (:func:`~zzsim.backtest.log_score`).
    common : bool, default True
        Score every forecaster on the same targets: those with a recorded outcome for
        which zzsim *and* every reference give a probability. False scores each
        forecaster on all targets with a recorded outcome that it forecasts.

    Returns
    -------
    pandas.DataFrame
        One row per forecaster, columns ``model, brier, log_score, coverage80, n``
        (lower Brier and log scores are better; ``coverage80`` is the share of realised
        values inside the 80% interval — NaN for the planners and persistence, which have
        none; a point forecast's interval has zero width; ``n`` the number of targets
        scored). Scores are NaN when ``n`` is 0.
    """
    models = forecasters(frame)
    known = {m.name: m.rows[m.rows["attained"].notna() & m.rows[m.p].notna()] for m in models}
    if common:
        shared = set.intersection(*(set(_key(rows)) for rows in known.values())) if known else set()
        known = {name: rows[_key(rows).isin(list(shared))] for name, rows in known.items()}
    out = []
    for model in models:
        rows = known[model.name]
        p = rows[model.p].to_numpy(dtype=float)
        y = rows["attained"].to_numpy(dtype=bool)
        coverage = np.nan
        if model.interval is not None:
            lo, hi = (rows[c].to_numpy(dtype=float) for c in model.interval)
            coverage = interval_coverage(lo, hi, rows["realised"].to_numpy(dtype=float))
        out.append(
            {
                "model": model.name,
                "brier": brier_score(p, y),
                "log_score": log_score(p, y, eps=eps),
                "coverage80": coverage,
                "n": len(rows),
            }
        )
    return pd.DataFrame(out, columns=list(SCORE_COLUMNS))


def reliability(frame: pd.DataFrame, bins: int = 5) -> pd.DataFrame:
    """Predicted probability against observed frequency, in equal-width bins.

    Parameters
    ----------
    frame : pandas.DataFrame
        One or several frames of :func:`zzsim.backtest.backtest`.
    bins : int, default 5
        Number of equal-width probability bins on [0, 1]: ``[a, b)``, the last one
        ``[a, 1]``.

    Returns
    -------
    pandas.DataFrame
        One row per forecaster and non-empty bin: ``model``, ``bin`` (its label),
        ``p_mean`` (mean forecast probability), ``observed`` (share attained) and ``n``,
        over the targets with a recorded outcome that the forecaster forecasts.
    """
    edges = np.linspace(0.0, 1.0, bins + 1)
    labels = [f"[{a:.2g}, {b:.2g})" for a, b in pairwise(edges)]
    labels[-1] = labels[-1][:-1] + "]"
    out = []
    for model in forecasters(frame):
        rows = model.rows[model.rows["attained"].notna() & model.rows[model.p].notna()]
        p = rows[model.p].to_numpy(dtype=float)
        y = rows["attained"].to_numpy(dtype=bool)
        which = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, bins - 1)
        for b in range(bins):
            inside = which == b
            if inside.any():
                out.append(
                    {
                        "model": model.name,
                        "bin": labels[b],
                        "p_mean": float(p[inside].mean()),
                        "observed": float(y[inside].mean()),
                        "n": int(inside.sum()),
                    }
                )
    return pd.DataFrame(out, columns=["model", "bin", "p_mean", "observed", "n"])
