"""Which rows of the figure base a model may use, and in what unit.

:func:`select` applies, in this order:

1. **no peeking** — with ``cutoff=Y`` only figures about years ``<= Y`` that were
   published by documents of vintage ``<= Y + 1`` (the report early in ``Y + 1`` is how
   year ``Y`` becomes known);
2. **the latest word** — a row whose ``superseded_by`` names another row (a planner's
   figure replacing a built-in one, or the reverse; see :func:`zzsim.data.load_series`)
   is left out, unless the replacing row is itself after the cutoff;
3. the city as a whole (``region == 株洲市``);
4. **annual figures only** — a figure published in the year it describes (vintage
   ``<= year``: a mid-year or first-half report) is partial and is left out;
5. **censored figures apart** — rows whose note says ``lower bound`` / ``upper bound``
   (``突破3000亿元``, ``年均提高 1.83 个百分点以上``) bound a value without stating it: they
   are marked in ``bound`` and left out as values (a bound whose unit cannot be converted
   is left out for its unit); a growth model may take one level bound back as a censored
   observation (truncated likelihood, see :mod:`zzsim.models._posterior`), a bounded-rate
   model takes back bounds on the average annual change (``avg_change_pp``, in
   ``个百分点``) as censored observations of its path (see :mod:`zzsim.models.walk`);
6. **measures the model can read linearly** — growth models read levels (in logs),
   ``yoy_growth``, ``avg_growth`` and ``cumulative_growth`` (sums of log growth), but not
   ``cumulative`` (a sum of levels, not linear in the log path); rate and share models read
   ``ratio``/``share``/``level`` values;
7. **convertible units** — levels are converted to the model's unit (``万元`` to ``亿元``,
   ``人`` to ``万人``); a US-dollar figure of a yuan series needs an exchange rate and is
   left out; ``倍`` on a cumulative growth is a growth multiple (``增长1.2倍`` = +120%).

Every row considered is returned, used or not, with the reason it was left out, and
its ``origin`` (``built-in`` or ``user``; ``built-in`` for frames without the column).
A figure about any year known by the cutoff is used — a planner's 2021-2022 figures
make those years observed, not forecast.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..data.schema import CITY
from ..units import convert, convertible

__all__ = ["BOUND_REASON", "CITY", "FigureModel", "exclude", "select"]


#: measures read by each kind of model
MEASURES = {
    "growth": frozenset({"level", "yoy_growth", "avg_growth", "cumulative_growth"}),
    "rate": frozenset({"level", "ratio", "share"}),
}

_COLUMNS = [
    "id",
    "indicator",
    "measure",
    "year",
    "start_year",
    "value",
    "unit",
    "price_basis",
    "status",
    "vintage",
    "source",
    "used",
    "reason",
    "bound",
    "origin",
]

#: reason given to censored rows (growth models may use one level bound)
BOUND_REASON = "a bound (突破/超过...), not a value: censored"


def _convert(value: float, unit: str, measure: str, target_unit: str) -> tuple[float, str]:
    """Return the value in the model's unit, or NaN and the reason it cannot be converted.

    Growth stays in %, an average annual change (``avg_change_pp``) in percentage points.
    """
    if measure == "avg_change_pp":
        if unit == "个百分点":
            return value, ""
        return math.nan, f"average change stated in {unit!r}, expected '个百分点'"
    if measure in ("yoy_growth", "avg_growth", "cumulative_growth"):
        if unit == "%":
            return value, ""
        if unit == "倍" and measure == "cumulative_growth":
            return 100.0 * value, ""
        return math.nan, f"growth stated in {unit!r}, expected '%'"
    if unit == target_unit:
        return value, ""
    if not convertible(unit, target_unit):
        return math.nan, f"unit {unit!r} cannot be converted to {target_unit!r}"
    return convert(value, unit, target_unit), ""


def _bound(row: pd.Series) -> str:
    note = str(row["note"]).lower()
    return "lower" if "lower bound" in note else "upper" if "upper bound" in note else ""


def _known(year: int, vintage: int, cutoff: int | None) -> bool:
    return cutoff is None or (year <= cutoff and vintage <= cutoff + 1)


def _replacement(series: pd.DataFrame, row: pd.Series, cutoff: int | None) -> str:
    """Return the id of the row that replaces ``row`` by ``cutoff``, or ``""``."""
    by = row.get("superseded_by", "")
    if not isinstance(by, str) or not by:
        return ""
    other = series[series["id"] == by]
    if not len(other):
        return by  # the loader names only rows of the base
    later = other.iloc[0]
    return by if _known(int(later["year"]), int(later["vintage"]), cutoff) else ""


def _reason(row: pd.Series, kind: str, cutoff: int | None, replaced_by: str) -> str:
    if not _known(int(row["year"]), int(row["vintage"]), cutoff):
        return f"after the cutoff {cutoff} (year {row['year']}, vintage {row['vintage']})"
    if replaced_by:
        return f"superseded by {replaced_by}"
    if row["region"] != CITY:
        return f"region {row['region']}"
    if row["vintage"] <= row["year"]:
        return "partial-year figure (published during the year it describes)"
    if _bound(row):
        return BOUND_REASON
    if row["measure"] not in MEASURES[kind]:
        if row["measure"] == "cumulative":
            return "sum of levels over a window: not linear in the log path"
        return f"measure {row['measure']!r} is not read by a {kind} model"
    return ""


def select(
    series: pd.DataFrame,
    indicator: str,
    *,
    kind: str,
    unit: str,
    cutoff: int | None = None,
) -> pd.DataFrame:
    """Return the rows of ``indicator`` with the value in the model's unit and a verdict.

    Parameters
    ----------
    series : pandas.DataFrame
        As returned by :func:`zzsim.data.load_series`.
    indicator : str
        Indicator id of the figure base.
    kind : {"growth", "rate"}
        Which measures the model reads (see the module docstring).
    unit : str
        The model's unit for levels (``亿元``, ``万人``, ``%``).
    cutoff : int, optional
        Last year known to the model; None uses every row.

    Returns
    -------
    pandas.DataFrame
        One row per figure of ``indicator`` (all regions), sorted by year and vintage, with
        columns ``id, indicator, measure, year, start_year, value, unit, price_basis,
        status, vintage, source, used, reason, bound``; ``value`` is converted to ``unit``
        (growth stays in %, an average annual change in percentage points), ``used`` says
        whether the model reads the row, ``reason`` why not, and ``bound`` is
        ``lower``/``upper`` for a censored figure (else empty), and ``origin``.
    """
    rows = series[series["indicator"] == indicator]
    out = []
    for _, row in rows.iterrows():
        reason = _reason(row, kind, cutoff, _replacement(series, row, cutoff))
        value, why = _convert(float(row["value"]), str(row["unit"]), row["measure"], unit)
        convertible = not why
        reason = why if why and reason == BOUND_REASON else reason or why
        start = row["start_year"]
        basis = row["price_basis"]
        out.append(
            {
                "id": row["id"],
                "indicator": indicator,
                "measure": row["measure"],
                "year": int(row["year"]),
                "start_year": int(row["year"]) if pd.isna(start) else int(start),
                "value": value if convertible else float(row["value"]),
                "unit": unit if convertible else row["unit"],
                "price_basis": None if pd.isna(basis) or basis == "" else basis,
                "status": row["status"],
                "vintage": int(row["vintage"]),
                "source": row["source"],
                "used": not reason,
                "reason": reason,
                "bound": _bound(row),
                "origin": row.get("origin", "built-in"),
            }
        )
    frame = pd.DataFrame(out, columns=_COLUMNS)
    return frame.sort_values(["year", "vintage", "id"], kind="stable").reset_index(drop=True)


def exclude(
    frame: pd.DataFrame, mask: pd.Series | np.ndarray | list[bool], reason: str
) -> pd.DataFrame:
    """Return a copy of ``frame`` with the rows of ``mask`` marked unused for ``reason``.

    Parameters
    ----------
    frame : pandas.DataFrame
        As returned by :func:`select`.
    mask : boolean Series, array or list
        Rows to exclude (rows already excluded keep their first reason).
    reason : str
        Why the model does not read them.

    Returns
    -------
    pandas.DataFrame
    """
    out = frame.copy()
    hit = pd.Series(list(mask), index=out.index) & out["used"]
    out.loc[hit, "used"] = False
    out.loc[hit, "reason"] = reason
    return out


class FigureModel:
    """A model fitted on rows of the figure base (base of the growth and walk models).

    Parameters
    ----------
    spec : GrowthSpec or WalkSpec
        The specification.
    cutoff : int, optional
        Use only figures about years ``<= cutoff`` published by ``cutoff + 1``.
    series : pandas.DataFrame, optional
        The figure base (default: :func:`zzsim.data.load_series` of ``data_dir``).
    data_dir : str or Path, optional
        Folder of the figure base.
    """

    observations: pd.DataFrame

    def __init__(
        self,
        spec: Any,
        *,
        cutoff: int | None = None,
        series: pd.DataFrame | None = None,
        data_dir: str | Path | None = None,
    ) -> None:
        if series is None:
            from ..data import load_series

            series = load_series(data_dir)
        self.spec = spec
        self.cutoff = cutoff
        self._read(series)

    def _read(self, series: pd.DataFrame) -> None:
        """Select the rows the model reads (sets ``observations``)."""
        raise NotImplementedError
