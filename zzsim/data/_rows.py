"""Row validation shared by the loaders: registries, provenance checks, collection."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import DataError
from ._records import Row, read_csv
from .registries import load_indicators, load_sources
from .registries import load_units as _load_units

#: one table to read: the value of its rows' ``file`` column and a reader of its rows
Source = tuple[str, Callable[[], Iterator[Row]]]


@dataclass
class Context:
    """Registries needed to validate rows, loaded once per call."""

    root: Path
    #: unit -> dimension
    units: dict[str, str]
    #: indicator id -> (unit, family)
    indicators: dict[str, tuple[str, str]]
    vintages: dict[str, int | None]

    @classmethod
    def load(cls, root: Path) -> Context:
        sources = load_sources(root)
        vintages = {str(f): (None if pd.isna(v) else int(v)) for f, v in sources["vintage"].items()}
        units = _load_units(root)
        indicators = load_indicators(root)
        return cls(
            root=root,
            units={str(u): str(d) for u, d in units.items()},
            indicators={
                str(i): (str(u), str(f))
                for i, u, f in zip(
                    indicators.index, indicators["unit"], indicators["family"], strict=True
                )
            },
            vintages=vintages,
        )


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_quote_has_value(row: Row, keys: tuple[str, ...], *, required: bool = True) -> None:
    """The quote holds each value as printed (or ``value_text``); empty quote: see required."""
    quote = compact(row.values["quote"])
    if not quote:
        if required:
            raise row.error("missing quote", "quote")
        return
    if not row.text("source"):
        raise row.error("missing source", "source")
    value_text = row.text("value_text")
    if value_text:
        if compact(value_text) not in quote:
            raise row.error(f"value_text {value_text!r} does not occur in the quote", "value_text")
        return
    for key in keys:
        digits = row.text(key).lstrip("-")
        if digits and digits not in quote:
            raise row.error(
                f"the quote does not contain the value {digits!r} (as printed); "
                "fix the value or the quote, or give value_text",
                key,
            )


def check_source(row: Row, ctx: Context, vintage: int | None) -> None:
    """The source is a seed document of ``sources.yaml`` whose vintage the row repeats."""
    source = row.text("source", required=True)
    if source not in ctx.vintages:
        raise row.error(f"unknown source {source!r}; list it in sources.yaml", "source")
    expected = ctx.vintages[source]
    if vintage is not None and expected is not None and vintage != expected:
        raise row.error(f"vintage {vintage} differs from {source}'s vintage {expected}", "vintage")


def base_files(root: Path, folder: str, names: tuple[str, ...] | None) -> list[Path]:
    """The CSV files of one kind in the figure base (only ``names`` if given)."""
    base = root / folder
    if not base.is_dir():
        raise DataError(f"folder not found: {base}", file=base)
    files = sorted(base.glob("*.csv"))
    if names is not None:
        stray = [f for f in files if f.stem not in names]
        if stray:
            raise DataError(
                f"unexpected file; {folder}/ holds only {', '.join(n + '.csv' for n in names)}",
                file=stray[0],
            )
    return files


def base_sources(files: Iterable[Path], columns: tuple[str, ...]) -> list[Source]:
    """Readers of shipped CSV files, named by their path inside the figure base."""
    return [
        (str(path.relative_to(path.parents[1])), partial(read_csv, path, columns)) for path in files
    ]


def collect(
    sources: Iterable[Source],
    parse: Callable[[Row], dict[str, Any]],
    problems: list[DataError] | None,
    seen: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Parse every row; raise on the first problem, or append problems to a list.

    ``seen`` maps the ids met so far to where they are written; it is updated, so that a
    later call finds ids of an earlier one (the planner's ids against the built-in ones).
    """
    rows: list[dict[str, Any]] = []
    seen = {} if seen is None else seen
    for name, read in sources:
        try:
            for row in read():
                try:
                    record = parse(row)
                    if record["id"] in seen:
                        raise row.error(
                            f"duplicate id {record['id']!r} (first at {seen[record['id']]})", "id"
                        )
                    seen[record["id"]] = f"{name} row {row.line}"
                except DataError as exc:
                    if problems is None:
                        raise
                    problems.append(exc)
                    continue
                record["file"] = name
                record["line"] = row.line
                rows.append(record)
        except DataError as exc:
            if problems is None:
                raise
            if exc not in problems:
                problems.append(exc)
    return rows


def frame(rows: list[dict[str, Any]], columns: list[str], ints: tuple[str, ...]) -> pd.DataFrame:
    """A frame of parsed rows indexed by id, with ``file`` and ``line`` columns."""
    out = pd.DataFrame(rows, columns=[*columns, "file", "line"])
    for col in ints:
        out[col] = out[col].astype("Int64")
    return out.set_index("id", drop=False).rename_axis(None)
