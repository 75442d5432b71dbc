"""Checks across rows of the historical series: sector shares and implausible levels.

Row checks see one row at a time; these see the merged series (built-in and the
planner's rows alike), so a level typed in the wrong unit is found against the figures
of the years around it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import pandas as pd

from ..errors import DataError
from ..units import SCALES
from .schema import (
    LEVEL_FACTOR_LIMIT,
    LEVEL_NEIGHBOUR_YEARS,
    SECTOR_SHARES,
    SHARE_SUM_TOLERANCE,
)

__all__ = ["check_levels", "check_shares"]


def _report(exc: DataError, problems: list[DataError] | None) -> None:
    if problems is None:
        raise exc
    problems.append(exc)


def check_shares(series: pd.DataFrame, problems: list[DataError] | None) -> None:
    """Check that the three sector shares of one source, region, year and quote sum to 100.

    Parameters
    ----------
    series : pandas.DataFrame
        Rows as loaded (with ``file`` and ``line``).
    problems : list of DataError or None
        Where to append problems; None raises the first.
    """
    shares = series[series["indicator"].isin(SECTOR_SHARES)]
    keys = ["source", "region", "year", "vintage", "quote"]
    for _, group in shares.groupby(keys, sort=False, dropna=False):
        if set(group["indicator"]) != set(SECTOR_SHARES) or len(group) != 3:
            continue
        total = float(group["value"].sum())
        if abs(total - 100.0) > SHARE_SUM_TOLERANCE:
            first = group.iloc[0]
            _report(
                DataError(
                    f"sector shares {'+'.join(group['value'].astype(str))} sum to {total:g}, "
                    f"expected 100 ± {SHARE_SUM_TOLERANCE}",
                    file=first["file"],
                    row=int(first["line"]),
                    key="value",
                ),
                problems,
            )


class _Level(NamedTuple):
    year: int
    value: float
    unit: str
    quantity: str
    base_value: float
    file: str
    line: int


def _levels(series: pd.DataFrame) -> dict[tuple[str, str, str], list[_Level]]:
    """Positive levels and counts by indicator, region and measure, in load order."""
    columns = ["indicator", "region", "measure", "year", "value", "unit", "file", "line"]
    groups: defaultdict[tuple[str, str, str], list[_Level]] = defaultdict(list)
    for indicator, region, measure, year, value, unit, file, line in series[columns].itertuples(
        index=False
    ):
        if measure in ("level", "count") and value > 0:
            quantity, multiple = SCALES.get(unit, (unit, 1.0))
            groups[indicator, region, measure].append(
                _Level(int(year), float(value), unit, quantity, float(value) * multiple, file, line)
            )
    return groups


def _adjacent(a: _Level, b: _Level, years: list[int]) -> bool:
    """Tell whether two levels are of one year, or of nearest years with a figure, close enough."""
    lo, hi = sorted((a.year, b.year))
    if hi - lo > LEVEL_NEIGHBOUR_YEARS:
        return False
    return not any(lo < y < hi for y in years)


def check_levels(series: pd.DataFrame, problems: list[DataError] | None) -> None:
    """Levels of one indicator and region agree with the same and adjacent years within 100×.

    Each positive ``level`` or ``count`` is converted to its base quantity (``万元`` and
    ``亿元`` to yuan, ``人`` and ``万人`` to persons; units that do not convert are only
    compared with the same unit) and compared with the figures of the same year and of the
    nearest earlier and later years with a figure (at most
    :data:`~zzsim.data.schema.LEVEL_NEIGHBOUR_YEARS` apart). Two figures
    :data:`~zzsim.data.schema.LEVEL_FACTOR_LIMIT` times or more apart cannot both be right:
    the problem names both, located at the one read later (a planner's row before a
    built-in one).

    Parameters
    ----------
    series : pandas.DataFrame
        Rows as loaded (with ``file`` and ``line``), in load order.
    problems : list of DataError or None
        Where to append problems; None raises the first.
    """
    for (indicator, region, _), rows in _levels(series).items():
        if len(rows) < 2:
            continue
        years = {
            q: sorted({r.year for r in rows if r.quantity == q}) for q in {r.quantity for r in rows}
        }
        for i, earlier in enumerate(rows):
            for later in rows[i + 1 :]:
                if later.quantity != earlier.quantity:
                    continue
                if not _adjacent(earlier, later, years[later.quantity]):
                    continue
                factor = later.base_value / earlier.base_value
                if max(factor, 1 / factor) < LEVEL_FACTOR_LIMIT:
                    continue
                how = "larger" if factor > 1 else "smaller"
                _report(
                    DataError(
                        f"{indicator} ({region}) {later.year}: {later.value:g} {later.unit} is "
                        f"{max(factor, 1 / factor):,.0f} times {how} than {earlier.value:g} "
                        f"{earlier.unit} for {earlier.year} ({earlier.file} row "
                        f"{earlier.line}); levels {LEVEL_FACTOR_LIMIT:g} times or more apart "
                        "in the same or adjacent years mean a wrong unit (万元 for 亿元?) or a "
                        "mistyped value in one of the two",
                        file=later.file,
                        row=later.line,
                        key="unit" if later.unit != earlier.unit else "value",
                    ),
                    problems,
                )
