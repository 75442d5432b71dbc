"""Naive reference forecasts that a backtest must beat: the planners' and persistence.

The third reference, the rate-of-change baseline, is in :mod:`zzsim.backtest.baseline`.

Each reference turns a target into a probability of attainment from what was known at the
cutoff (the models' no-peeking rule, :func:`zzsim.models.observations.select`: figures
about years ``<= cutoff`` published by ``cutoff + 1``, whole city, full-year, not bounds).

- **planners** — the plan's implicit forecast: every target is attained, P = 1.
- **persistence** — the last observed value continues. For a growth target (``yoy_growth``,
  ``avg_growth``) the outcome is the last annual growth rate known at the cutoff,
  repeated in every year of the window; for a ``level`` target it is the last level,
  share or ratio known (counts are not read, as in the models). P = 1 if that outcome
  meets the target, else 0. Other bases (``cumulative``, ``change_pp``, ``reduction``,
  ``multiple``) and targets of a county or district get no persistence forecast (NaN).

Annual growth rates known at the cutoff (:func:`annual_rates`) come from ``yoy_growth``
rows and from the compound annual average of window rows (``avg_growth``,
``cumulative_growth``), each spread over the years of its window; a year's own
``yoy_growth`` wins over a window average, a shorter window over a longer one. Rates on
one price basis only are used: the basis of the latest stated rate (real for GDP at
comparable prices, nominal for investment and retail sales), so the 2011-2015 *nominal*
GDP growth is never read as *real* growth.

Persistence is a point forecast: it has no interval (coverage is not defined), and its
probabilities are 0 or 1 (see :mod:`zzsim.backtest.scoring` for the clipping of the log
score).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..data import load_series
from ..data.schema import GROWTH_MEASURES
from ..models.observations import CITY, select
from ..targets import Target
from .judge import attains

__all__ = ["REFERENCE_COLUMNS", "annual_rates", "persistence_outcome", "reference_forecasts"]

_RATE_BASES = frozenset({"yoy_growth", "avg_growth"})

#: columns of :func:`reference_forecasts`
REFERENCE_COLUMNS = (
    "target_id",
    "p_planners",
    "persistence_value",
    "p_persistence",
)


def annual_rates(series: pd.DataFrame, indicator: str, cutoff: int) -> pd.DataFrame:
    """Annual growth rates of an indicator known at the cutoff, on one price basis.

    Parameters
    ----------
    series : pandas.DataFrame
        As returned by :func:`zzsim.data.load_series`.
    indicator : str
        Indicator id.
    cutoff : int
        Last year known.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``year`` (increasing), with ``rate`` (% per year), ``price_basis``
        (empty for quantities without one) and ``id`` (the series row it comes from).
        Empty when no rate is known.
    """
    rows = select(series, indicator, kind="growth", unit="%", cutoff=cutoff)
    rows = rows[rows["used"] & rows["measure"].isin(GROWTH_MEASURES)]
    if rows.empty:
        return pd.DataFrame(columns=["rate", "price_basis", "id"], index=pd.Index([], name="year"))
    bases = rows["price_basis"].fillna("").astype(str)  # "" where a quantity has no basis
    latest = rows.assign(_yoy=rows["measure"] == "yoy_growth").sort_values(
        ["year", "_yoy", "vintage"]
    )
    basis = bases.loc[latest.index[-1]]
    rows = rows[bases == basis]
    spread = []
    for rec in rows.to_dict("records"):
        start, end = int(rec["start_year"]), int(rec["year"])
        n = end - start + 1
        value = float(rec["value"])
        if rec["measure"] == "cumulative_growth":  # % over the window -> compound annual %
            value = 100.0 * ((1.0 + value / 100.0) ** (1.0 / n) - 1.0)
        for year in range(start, end + 1):
            spread.append(
                {
                    "year": year,
                    "rate": value,
                    "price_basis": basis,
                    "id": rec["id"],
                    "_span": n,
                    "_vintage": int(rec["vintage"]),
                }
            )
    frame = pd.DataFrame(spread).sort_values(
        ["year", "_span", "_vintage"], ascending=[True, True, False]
    )
    frame = frame.drop_duplicates("year").set_index("year")
    return frame[["rate", "price_basis", "id"]]


def _last_level(series: pd.DataFrame, target: Target, cutoff: int) -> float:
    rows = select(series, str(target.indicator), kind="rate", unit=target.unit, cutoff=cutoff)
    rows = rows[rows["used"]]
    return float(rows.sort_values(["year", "vintage"])["value"].iloc[-1]) if len(rows) else np.nan


def persistence_outcome(
    target: Target, cutoff: int, *, series: pd.DataFrame | None = None
) -> float:
    """Return the outcome of a target if the last value known at the cutoff persisted.

    Parameters
    ----------
    target : Target
        The target.
    cutoff : int
        Last year known.
    series : pandas.DataFrame, optional
        The figure base's series (default :func:`zzsim.data.load_series`).

    Returns
    -------
    float
        The last annual growth rate (``yoy_growth``, ``avg_growth`` targets) or the last
        level in the target's unit (``level`` targets); NaN where nothing is known, for
        other bases and for targets of a county or district.
    """
    table = load_series() if series is None else series
    if not target.indicator or target.region not in (None, "", CITY):
        return np.nan
    if target.basis in _RATE_BASES:
        rates = annual_rates(table, target.indicator, cutoff)
        return float(rates["rate"].iloc[-1]) if len(rates) else np.nan
    if target.basis == "level":
        return _last_level(table, target, cutoff)
    return np.nan


def reference_forecasts(
    targets: Iterable[Target], cutoff: int, *, series: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Probabilities of attainment of the planners' forecast and of persistence.

    Parameters
    ----------
    targets : iterable of Target
        The targets.
    cutoff : int
        Last year known to the forecasts.
    series : pandas.DataFrame, optional
        The figure base's series (default :func:`zzsim.data.load_series`).

    Returns
    -------
    pandas.DataFrame
        One row per target with the columns of :data:`REFERENCE_COLUMNS`: ``p_planners``
        (1), ``persistence_value`` (:func:`persistence_outcome`) and ``p_persistence``
        (0 or 1; NaN where persistence has no forecast).
    """
    table = load_series() if series is None else series
    rows = []
    for target in targets:
        value = persistence_outcome(target, cutoff, series=table)
        rows.append(
            {
                "target_id": target.id,
                "p_planners": 1.0,
                "persistence_value": value,
                "p_persistence": np.nan if np.isnan(value) else float(attains(target, value)),
            }
        )
    return pd.DataFrame(rows, columns=list(REFERENCE_COLUMNS))
