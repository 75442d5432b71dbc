"""Compare targets read from text with reference rows (the catalogue of ``data/targets/``).

A read row and a reference row are the same target when they state the same comparison
over the same window: operator, value, upper value, unit, basis and window agree (a count
over one year may be written ``level`` or ``cumulative``: the same amount). The indicator,
the region and the wording are compared after the match and reported beside it, so that a
right number with a wrong indicator shows as such rather than as a miss.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..errors import TargetParseError
from .grammar import parse

__all__ = ["Comparison", "compare_targets"]

_KEY = ("operator", "value", "value_hi", "unit", "basis", "start_year", "end_year")


@dataclass(frozen=True)
class Comparison:
    """Matches between read rows and reference rows.

    Attributes
    ----------
    pairs : pandas.DataFrame
        One row per match: ``reference_id``, ``read_id``, ``same_indicator``,
        ``same_region``.
    misses : pandas.DataFrame
        Reference rows that no read row states (their ``id`` and ``text``).
    extra : pandas.DataFrame
        Read rows that state no reference row.
    """

    pairs: pd.DataFrame
    misses: pd.DataFrame
    extra: pd.DataFrame

    @property
    def recall(self) -> float:
        """Share of reference rows that were read (NaN without reference rows)."""
        total = len(self.pairs) + len(self.misses)
        return len(self.pairs) / total if total else float("nan")

    @property
    def precision(self) -> float:
        """Share of read rows that state a reference row (NaN when nothing was read)."""
        total = len(self.pairs) + len(self.extra)
        return len(self.pairs) / total if total else float("nan")

    @property
    def indicator_agreement(self) -> float:
        """Share of matches that also agree on the indicator (NaN without matches)."""
        return float(self.pairs["same_indicator"].mean()) if len(self.pairs) else float("nan")


def _either(row: pd.Series) -> bool:
    """Whether the row's wording admits a count's level or its sum (培育 / 打造 alone)."""
    item = row.get("item")
    try:
        index = None if item is None or pd.isna(item) or item == "" else int(item)
        return parse(str(row.get("text") or ""), item=index).count_reading == "either"
    except TargetParseError:
        return False


def _key(row: pd.Series, relaxed: bool = False) -> tuple[object, ...]:
    def cell(name: str) -> object:
        value = row.get(name)
        if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
            return None
        return float(value) if name in ("value", "value_hi") else value

    basis = cell("basis")
    start, end = cell("start_year"), cell("end_year")
    start = None if start is None else int(float(str(start)))
    end = None if end is None else int(float(str(end)))
    if basis in ("level", "cumulative") and (start == end or relaxed):
        basis, start = "count or level", end
    if basis in ("level", "yoy_growth"):
        start = end  # these concern the last year only
    values = {"basis": basis, "start_year": start, "end_year": end}
    return tuple(values[k] if k in values else cell(k) for k in _KEY)


def compare_targets(read: pd.DataFrame, reference: pd.DataFrame) -> Comparison:
    """Match read rows to reference rows one to one.

    Parameters
    ----------
    read : pandas.DataFrame
        Rows in the columns of ``data/targets/*.csv`` (e.g. ``read_targets(...).targets``).
    reference : pandas.DataFrame
        The rows they should state (e.g. ``zzsim.data.load_targets()`` of one source).

    Returns
    -------
    Comparison
        Each reference row is matched to the first unmatched read row with the same
        comparison (see the module docstring), preferring one with the same indicator.
    """
    free: dict[tuple[object, ...], list[int]] = {}
    for i, row in read.iterrows():
        free.setdefault(_key(row), []).append(int(i))  # type: ignore[call-overload]
        if _either(row):
            free.setdefault(_key(row, relaxed=True), []).append(int(i))  # type: ignore[call-overload]
    pairs, misses = [], []
    taken: set[int] = set()
    for _, ref in reference.iterrows():
        candidates = [i for i in free.get(_key(ref, relaxed=_either(ref)), []) if i not in taken]
        if not candidates:
            misses.append({"id": ref["id"], "text": ref["text"]})
            continue
        indicator = ref.get("indicator") or ""
        same = [i for i in candidates if (read.at[i, "indicator"] or "") == indicator]
        chosen = (same or candidates)[0]
        taken.add(chosen)
        pairs.append(
            {
                "reference_id": ref["id"],
                "read_id": read.at[chosen, "id"],
                "same_indicator": (read.at[chosen, "indicator"] or "") == indicator,
                "same_region": read.at[chosen, "region"] == ref.get("region"),
            }
        )
    extra = read.drop(index=list(taken))
    return Comparison(
        pd.DataFrame(pairs, columns=["reference_id", "read_id", "same_indicator", "same_region"]),
        pd.DataFrame(misses, columns=["id", "text"]),
        extra,
    )
