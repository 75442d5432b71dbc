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
6. **measures the model can read** — growth-engine models read levels and counts (in
   logs), ``yoy_growth``, ``avg_growth`` and ``cumulative_growth`` (sums of log growth);
   flow models also read ``cumulative`` (累计: a sum of yearly flows); rate and share models
   read ``ratio``/``share``/``level`` values;
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
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np
import pandas as pd

from ..data.schema import CITY
from ..units import convert, convertible

__all__ = ["BOUND_REASON", "CITY", "FigureModel", "exclude", "no_figure_reason", "select"]


#: measures read by each kind of model
MEASURES = {
    "growth": frozenset({"level", "count", "yoy_growth", "avg_growth", "cumulative_growth"}),
    "flow": frozenset(
        {"level", "count", "yoy_growth", "avg_growth", "cumulative_growth", "cumulative"}
    ),
    "rate": frozenset({"level", "ratio", "share"}),
}
#: reason given to a 累计 sum a model does not read
CUMULATIVE_REASON = "a sum over a window (累计): read only by flow models"
#: reason given to a figure about part of a year
PARTIAL_REASON = "partial-year figure (published during the year it describes)"

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


def _bound(row: Mapping[str, Any]) -> str:
    note = str(row["note"]).lower()
    return "lower" if "lower bound" in note else "upper" if "upper bound" in note else ""


def _known(year: int, vintage: int, cutoff: int | None) -> bool:
    return cutoff is None or (year <= cutoff and vintage <= cutoff + 1)


_T = TypeVar("_T")


def per_frame(
    store: dict[int, tuple[weakref.ref, Any]],
    series: pd.DataFrame,
    compute: Callable[[pd.DataFrame], _T],
) -> _T:
    """Return ``compute(series)``, computed once per frame object.

    ``store`` keys the values by the frame's ``id`` and keeps a weak reference to tell a
    frame from a later one at the same address; a frame must not be modified in place.
    """
    seen = store.get(id(series))
    if seen is not None and seen[0]() is series:
        return cast(_T, seen[1])
    value = compute(series)
    store[id(series)] = (weakref.ref(series), value)
    return value


@dataclass(frozen=True)
class _Index:
    """The rows of a figure base by indicator, and the year and vintage of every id."""

    by_indicator: dict[str, list[dict[str, Any]]]
    dates: dict[str, tuple[int, int]]


#: indexes of the frames seen (see :func:`per_frame`)
_INDEXES: dict[int, tuple[weakref.ref, _Index]] = {}


def _build_index(series: pd.DataFrame) -> _Index:
    by: dict[str, list[dict[str, Any]]] = {}
    dates = {}
    for row in cast(list[dict[str, Any]], series.to_dict("records")):
        by.setdefault(str(row["indicator"]), []).append(row)
        dates[str(row["id"])] = (int(row["year"]), int(row["vintage"]))
    return _Index(by, dates)


def _index(series: pd.DataFrame) -> _Index:
    return per_frame(_INDEXES, series, _build_index)


def _replacement(index: _Index, row: Mapping[str, Any], cutoff: int | None) -> str:
    """Return the id of the row that replaces ``row`` by ``cutoff``, or ``""``."""
    by = row.get("superseded_by", "")
    if not isinstance(by, str) or not by:
        return ""
    if by not in index.dates:
        return by  # the loader names only rows of the base
    return by if _known(*index.dates[by], cutoff) else ""


def _reason(row: Mapping[str, Any], kind: str, cutoff: int | None, replaced_by: str) -> str:
    if not _known(int(row["year"]), int(row["vintage"]), cutoff):
        return f"after the cutoff {cutoff} (year {row['year']}, vintage {row['vintage']})"
    if replaced_by:
        return f"superseded by {replaced_by}"
    if row["region"] != CITY:
        return f"region {row['region']}"
    if row["vintage"] <= row["year"]:
        return PARTIAL_REASON
    if _bound(row):
        return BOUND_REASON
    if row["measure"] not in MEASURES[kind]:
        if row["measure"] == "cumulative":
            return CUMULATIVE_REASON
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
    kind : {"growth", "flow", "rate"}
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
    index = _index(series)
    out = []
    for row in index.by_indicator.get(indicator, []):
        reason = _reason(row, kind, cutoff, _replacement(index, row, cutoff))
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


def no_figure_reason(obs: pd.DataFrame, cutoff: int | None) -> str:
    """Say in one line why none of an indicator's rows is usable.

    Parameters
    ----------
    obs : pandas.DataFrame
        As returned by :func:`select` (every row unused).
    cutoff : int or None
        The fit's cutoff.

    Returns
    -------
    str
        ``no figure in the base``, ``no city-wide figure``, ``no figure known by
        <cutoff>``, ``only bounds``, ``only cumulative sums``, ``only partial-year
        figures``, or ``no usable figure`` with the most common reason.
    """
    if not len(obs):
        return "no figure in the base"
    known = obs[~obs["reason"].str.startswith("after the cutoff")]
    city = known[~known["reason"].str.startswith("region ")]
    if not len(known) and len(obs):
        return f"no figure known by {cutoff}"
    if not len(city):
        return "no city-wide figure"
    reasons = set(city["reason"])
    for reason, line in (
        (BOUND_REASON, "only bounds"),
        (CUMULATIVE_REASON, "only cumulative sums"),
        (PARTIAL_REASON, "only partial-year figures"),
    ):
        if reasons == {reason}:
            return line
    return f"no usable figure ({city['reason'].value_counts().index[0]})"


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
