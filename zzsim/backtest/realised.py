"""Realised outcomes of plan targets, looked up in documents published later.

The matching rule
-----------------
A series row of the figure base is the realised outcome of a target when all of these
hold:

1. **same indicator and region** (a target without an indicator, a one-off count of
   projects or firms, has no series and no outcome);
2. **same measure** — the series measure states the quantity the target's basis judges:

   ==============  ==============================================================
   target basis    series measures
   ==============  ==============================================================
   level           ``level``, ``share``, ``ratio``, ``count`` (a value of the year)
   yoy_growth      ``yoy_growth``
   avg_growth      ``avg_growth``
   cumulative      ``cumulative``
   change_pp       ``change_pp``
   ==============  ==============================================================

   ``reduction`` and ``multiple`` have no series measure of the same meaning; their
   outcomes are never derived from other figures;
3. **same window** — the row's ``year`` is the target's ``end_year`` and, for window
   measures, its ``start_year`` is the target's ``start_year``;
4. **compatible unit** — the row's unit converts to the target's unit by a constant
   factor (:func:`zzsim.units.convertible`); the value is converted;
5. **published after the cutoff and after the window** — ``vintage > max(cutoff,
   end_year)``: the figure was not known when the forecast was made, and it is not a
   partial-year figure published during the year it describes (the mid-year 2016
   completion table);
6. **a value, not a bound** — a row whose note says ``lower bound`` / ``upper bound``
   (``突破3000亿元``) is not an outcome.

Growth targets and growth figures of one indicator are taken on the same price basis:
neither a target nor a figure states it, and the figure base follows one convention for
both (``data/README.md``); the matched row's ``price_basis`` is reported. When several
rows match, the latest vintage wins (a revised figure replaces an earlier one), then the
status (``actual``, ``revised``, ``preliminary``), then the row id. A target with no
matching row is **unknown**: its outcome is never guessed, interpolated or derived.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..data import load_series
from ..data.schema import CITY
from ..targets import Target
from ..units import convert, convertible
from .judge import attains

__all__ = ["MEASURES_BY_BASIS", "REALISED_COLUMNS", "realised_outcomes"]

#: series measures that state the outcome of each target basis
MEASURES_BY_BASIS: dict[str, frozenset[str]] = {
    "level": frozenset({"level", "share", "ratio", "count"}),
    "yoy_growth": frozenset({"yoy_growth"}),
    "avg_growth": frozenset({"avg_growth"}),
    "cumulative": frozenset({"cumulative"}),
    "change_pp": frozenset({"change_pp"}),
}
_WINDOW_BASES = frozenset({"avg_growth", "cumulative", "change_pp"})
_STATUS_RANK = {"actual": 0, "revised": 1, "preliminary": 2}

#: columns of :func:`realised_outcomes`
REALISED_COLUMNS = (
    "target_id",
    "realised",
    "attained",
    "realised_id",
    "realised_source",
    "realised_vintage",
    "realised_status",
    "realised_price_basis",
    "realised_quote",
    "realised_reason",
)


def _is_bound(note: object) -> bool:
    text = str(note).lower() if isinstance(note, str) else ""
    return "lower bound" in text or "upper bound" in text


def _candidates(target: Target, region: str, cutoff: int, series: pd.DataFrame) -> pd.DataFrame:
    start, end = target.window
    measures = MEASURES_BY_BASIS.get(target.basis, frozenset())
    rows = series[
        (series["indicator"] == target.indicator)
        & (series["region"] == region)
        & series["measure"].isin(measures)
        & (series["year"] == end)
        & (series["vintage"] > max(cutoff, end))
    ]
    if target.basis in _WINDOW_BASES:
        rows = rows[rows["start_year"] == start]
    keep = [
        convertible(str(unit), target.unit) and not _is_bound(note)
        for unit, note in zip(rows["unit"], rows["note"], strict=True)
    ]
    return rows[np.asarray(keep, dtype=bool)] if len(rows) else rows


def _unknown(target: Target, region: str, cutoff: int) -> str:
    if not target.indicator:
        return "no indicator: a one-off count with no series"
    if target.basis not in MEASURES_BY_BASIS:
        return f"no series measure states a {target.basis} outcome"
    start, end = target.window
    window = f"{start}-{end}" if target.basis in _WINDOW_BASES else str(end)
    return (
        f"no {target.basis} figure of {target.indicator} ({region}) for {window} "
        f"published after {max(cutoff, end)}"
    )


def realised_outcomes(
    targets: Iterable[Target],
    cutoff: int,
    *,
    series: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Look up the realised outcome of each target (see the module docstring for the rule).

    Parameters
    ----------
    targets : iterable of Target
        The targets, each with its id, window and region (none: the whole city, 株洲市).
    cutoff : int
        The last year known to the forecast; outcomes come from documents published after
        it.
    series : pandas.DataFrame, optional
        The figure base's series (default :func:`zzsim.data.load_series`).

    Returns
    -------
    pandas.DataFrame
        One row per target with the columns of :data:`REALISED_COLUMNS`: ``realised``
        (the value in the target's unit, NaN when unknown), ``attained`` (nullable
        boolean, ``<NA>`` when unknown), the matched row's ``id``, ``source``,
        ``vintage``, ``status``, ``price_basis`` and ``quote`` (provenance), and
        ``realised_reason`` (why the outcome is unknown; empty when known).
    """
    table = load_series() if series is None else series
    out = []
    for target in targets:
        region = target.region or CITY
        row: dict[str, object] = dict.fromkeys(REALISED_COLUMNS, None)
        row.update(target_id=target.id, realised=np.nan, attained=pd.NA, realised_reason="")
        found = (
            _candidates(target, region, cutoff, table)
            if target.indicator and target.basis in MEASURES_BY_BASIS
            else table.iloc[0:0]
        )
        if found.empty:
            row["realised_reason"] = _unknown(target, region, cutoff)
        else:
            ranked = found.assign(
                _rank=[_STATUS_RANK.get(str(s), 3) for s in found["status"]],
                _vintage=-found["vintage"].astype(int),
            ).sort_values(["_vintage", "_rank", "id"])
            best = ranked.iloc[0]
            value = convert(float(best["value"]), str(best["unit"]), target.unit)
            row.update(
                realised=value,
                attained=attains(target, value),
                realised_id=best["id"],
                realised_source=best["source"],
                realised_vintage=int(best["vintage"]),
                realised_status=best["status"],
                realised_price_basis=str(best["price_basis"]),
                realised_quote=best["quote"],
            )
        out.append(row)
    frame = pd.DataFrame(out, columns=list(REALISED_COLUMNS))
    frame["attained"] = frame["attained"].astype("boolean")
    frame["realised_vintage"] = frame["realised_vintage"].astype("Int64")
    return frame
