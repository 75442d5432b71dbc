"""Loaders of the figure base's CSV tables: historical series, plan targets, task rows.

Each loader reads every file of its kind, validates each row against the schema of
``data/README.md`` and returns a pandas DataFrame. A problem raises
:class:`~zzsim.errors.DataError` naming the file, the line and the column;
:func:`zzsim.data.check` collects every problem instead of stopping at the first.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import DataError
from .registries import AgencyRegistry, _root, load_agencies, load_indicators, load_sources
from .registries import load_units as _load_units
from .schema import (
    AGENCY_SEPARATOR,
    BASES,
    BINDINGS,
    MEASURES,
    OPERATORS,
    PLANS,
    PRICE_BASES,
    SECTOR_SHARES,
    SERIES_COLUMNS,
    SHARE_SUM_TOLERANCE,
    STATUSES,
    TABLES,
    TARGET_COLUMNS,
    TASK_COLUMNS,
    WINDOW_MEASURES,
)

__all__ = ["load_series", "load_targets", "load_tasks"]

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass
class _Context:
    """Registries needed to validate rows, loaded once per call."""

    root: Path
    units: frozenset[str]
    indicators: frozenset[str]
    vintages: dict[str, int | None]

    @classmethod
    def load(cls, root: Path) -> _Context:
        sources = load_sources(root)
        vintages = {str(f): (None if pd.isna(v) else int(v)) for f, v in sources["vintage"].items()}
        return cls(
            root=root,
            units=frozenset(_load_units(root).index),
            indicators=frozenset(load_indicators(root).index),
            vintages=vintages,
        )


class _Row:
    """One CSV record with typed accessors that raise located errors."""

    def __init__(self, file: Path, line: int, values: dict[str, str]) -> None:
        self.file, self.line, self.values = file, line, values

    def error(self, message: str, key: str | None = None) -> DataError:
        return DataError(message, file=self.file, row=self.line, key=key)

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.values[key].strip() if key != "quote" else self.values[key]
        if required and not value.strip():
            raise self.error("missing value", key)
        return value

    def choice(
        self, key: str, allowed: frozenset[str] | tuple[str, ...], *, required: bool = True
    ) -> str:
        value = self.text(key)
        if not value and not required:
            return ""
        if value not in allowed:
            raise self.error(f"unknown {key} {value!r}, expected one of {sorted(allowed)}", key)
        return value

    def integer(
        self, key: str, *, required: bool = True, lo: int = 1949, hi: int = 2100
    ) -> int | None:
        value = self.text(key)
        if not value:
            if required:
                raise self.error("missing value", key)
            return None
        if not re.fullmatch(r"\d+", value) or not lo <= int(value) <= hi:
            raise self.error(f"expected a whole number in [{lo}, {hi}], got {value!r}", key)
        return int(value)

    def number(self, key: str, *, required: bool = True) -> float:
        value = self.text(key)
        if not value:
            if required:
                raise self.error("missing value", key)
            return math.nan
        if not _NUMBER.match(value):
            raise self.error(f"expected a number as printed (e.g. 3105.8), got {value!r}", key)
        return float(value)


def _read_csv(path: Path, columns: tuple[str, ...]) -> Iterator[_Row]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise DataError("file not found", file=path) from None
    with handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                raise DataError(f"empty file; expected the header {','.join(columns)}", file=path)
            if tuple(header) != columns:
                unknown = [c for c in header if c not in columns]
                missing = [c for c in columns if c not in header]
                detail = (
                    f"unknown column(s) {unknown}"
                    if unknown
                    else f"missing column(s) {missing}"
                    if missing
                    else "columns out of order"
                )
                raise DataError(f"{detail}; expected {','.join(columns)}", file=path, row=1)
            start = reader.line_num + 1
            for record in reader:
                if not any(field.strip() for field in record):
                    start = reader.line_num + 1
                    continue
                if len(record) != len(columns):
                    raise DataError(
                        f"expected {len(columns)} fields, found {len(record)}", file=path, row=start
                    )
                yield _Row(path, start, dict(zip(columns, record, strict=True)))
                start = reader.line_num + 1
        except UnicodeDecodeError as exc:
            raise DataError(
                f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=path
            ) from None
        except csv.Error as exc:
            raise DataError(f"malformed CSV: {exc}", file=path, row=reader.line_num) from None


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _check_quote_has_value(row: _Row, keys: tuple[str, ...]) -> None:
    quote = _compact(row.values["quote"])
    if not quote:
        raise row.error("missing quote", "quote")
    if not row.text("source"):
        raise row.error("missing source", "source")
    value_text = row.text("value_text")
    if value_text:
        if _compact(value_text) not in quote:
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


def _check_source(row: _Row, ctx: _Context, vintage: int | None) -> None:
    source = row.text("source", required=True)
    if source not in ctx.vintages:
        raise row.error(f"unknown source {source!r}; list it in sources.yaml", "source")
    expected = ctx.vintages[source]
    if vintage is not None and expected is not None and vintage != expected:
        raise row.error(f"vintage {vintage} differs from {source}'s vintage {expected}", "vintage")


def _files(root: Path, folder: str, names: tuple[str, ...] | None) -> list[Path]:
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


def _series_row(row: _Row, ctx: _Context) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row.text("id", required=True)}
    indicator = row.text("indicator", required=True)
    if indicator not in ctx.indicators:
        raise row.error(f"unknown indicator {indicator!r}; add it to indicators.yaml", "indicator")
    measure = row.choice("measure", MEASURES)
    year = row.integer("year")
    start = row.integer("start_year", required=False)
    if measure in WINDOW_MEASURES and start is None:
        raise row.error(f"measure {measure!r} needs start_year", "start_year")
    if measure not in WINDOW_MEASURES and start is not None:
        raise row.error(
            f"start_year is only for window measures {sorted(WINDOW_MEASURES)}", "start_year"
        )
    assert year is not None
    if start is not None and start > year:
        raise row.error(f"start_year {start} after year {year}", "start_year")
    unit = row.text("unit", required=True)
    if unit not in ctx.units:
        raise row.error(f"unknown unit {unit!r}; add it to units.yaml", "unit")
    value = row.number("value")
    vintage = row.integer("vintage")
    assert vintage is not None
    if year > vintage:
        raise row.error(f"a figure about {year} cannot be published in {vintage}", "year")
    _check_source(row, ctx, vintage)
    _check_quote_has_value(row, ("value",))
    out.update(
        indicator=indicator,
        region=row.text("region", required=True),
        year=year,
        start_year=start,
        value=value,
        unit=unit,
        measure=measure,
        price_basis=row.choice("price_basis", PRICE_BASES, required=False),
        status=row.choice("status", STATUSES),
        vintage=vintage,
        source=row.text("source"),
        quote=row.values["quote"],
        value_text=row.text("value_text"),
        note=row.text("note"),
    )
    return out


def _target_row(row: _Row, ctx: _Context) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row.text("id", required=True)}
    plan = row.choice("plan", PLANS)
    if plan != row.file.stem:
        raise row.error(
            f"plan {plan!r} in file {row.file.name}; expected {row.file.stem!r}", "plan"
        )
    indicator = row.text("indicator")
    if indicator and indicator not in ctx.indicators:
        raise row.error(f"unknown indicator {indicator!r}; add it to indicators.yaml", "indicator")
    operator = row.choice("operator", OPERATORS)
    value = row.number("value")
    value_hi = row.number("value_hi", required=operator == "range")
    if operator != "range" and not math.isnan(value_hi):
        raise row.error("value_hi is only for operator 'range'", "value_hi")
    if operator == "range" and not value_hi > value:
        raise row.error(f"range needs value_hi > value, got {value}..{value_hi}", "value_hi")
    tolerance = row.number("tolerance", required=False)
    if not math.isnan(tolerance) and (operator != "around" or tolerance < 0):
        raise row.error("tolerance is a non-negative half-width, only for 'around'", "tolerance")
    unit = row.text("unit", required=True)
    if unit not in ctx.units:
        raise row.error(f"unknown unit {unit!r}; add it to units.yaml", "unit")
    basis = row.choice("basis", BASES)
    start = row.integer("start_year")
    end = row.integer("end_year")
    assert start is not None and end is not None
    if start > end:
        raise row.error(f"start_year {start} after end_year {end}", "start_year")
    if basis == "level" and start != end:
        raise row.error(
            "basis 'level' concerns one year: start_year must equal end_year", "start_year"
        )
    item = row.integer("item", required=False, lo=1, hi=99)
    vintage = ctx.vintages.get(row.text("source"))
    _check_source(row, ctx, None)
    if vintage is not None and end < vintage:
        raise row.error(f"a target for {end} set in a document of {vintage}", "end_year")
    if not row.text("text"):
        raise row.error("missing the target's wording", "text")
    _check_quote_has_value(row, ("value", "value_hi"))
    out.update(
        plan=plan,
        indicator=indicator,
        region=row.text("region", required=True),
        text=row.text("text"),
        item=item,
        operator=operator,
        value=value,
        value_hi=value_hi,
        tolerance=tolerance,
        unit=unit,
        basis=basis,
        start_year=start,
        end_year=end,
        binding=row.choice("binding", BINDINGS, required=False),
        source=row.text("source"),
        quote=row.values["quote"],
        value_text=row.text("value_text"),
        note=row.text("note"),
    )
    return out


def split_agencies(cell: str) -> tuple[str, ...]:
    """Split a lead/participant cell into agency names.

    Parameters
    ----------
    cell : str
        Names separated by ``、``.

    Returns
    -------
    tuple of str
        The names, stripped, empty ones dropped.
    """
    return tuple(n.strip() for n in cell.split(AGENCY_SEPARATOR) if n.strip())


def _task_row(row: _Row, ctx: _Context, registry: AgencyRegistry) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row.text("id", required=True)}
    table = row.choice("table", TABLES)
    if table != row.file.stem:
        raise row.error(f"table {table!r} in file {row.file.name}", "table")
    resolved: dict[str, tuple[str, ...]] = {}
    for key in ("leads", "participants"):
        names = split_agencies(row.text(key))
        ids = []
        for name in names:
            try:
                ids.append(registry.resolve(name))
            except KeyError as exc:
                raise row.error(str(exc.args[0]), key) from None
        out[key] = names
        resolved[key] = tuple(ids)
    pct = row.number("progress_pct", required=False)
    if not math.isnan(pct) and not 0 <= pct <= 100:
        raise row.error(f"progress_pct must be in [0, 100], got {pct}", "progress_pct")
    _check_source(row, ctx, None)
    if not row.values["quote"].strip():
        raise row.error("missing quote", "quote")
    out.update(
        table=table,
        section=row.text("section"),
        key_point=row.text("key_point"),
        text=row.text("text", required=True),
        lead_ids=resolved["leads"],
        participant_ids=resolved["participants"],
        progress=row.text("progress"),
        progress_pct=pct,
        internal_units=split_agencies(row.text("internal_units")),
        source=row.text("source"),
        quote=row.values["quote"],
        note=row.text("note"),
    )
    return out


def _collect(
    files: list[Path],
    columns: tuple[str, ...],
    parse: Callable[[_Row], dict[str, Any]],
    problems: list[DataError] | None,
) -> list[dict[str, Any]]:
    """Parse every row; raise on the first problem, or append problems to a list."""
    rows: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            for row in _read_csv(path, columns):
                try:
                    record = parse(row)
                    where = f"{path.name} line {row.line}"
                    if record["id"] in seen:
                        raise row.error(
                            f"duplicate id {record['id']!r} (first at {seen[record['id']]})", "id"
                        )
                    seen[record["id"]] = where
                except DataError as exc:
                    if problems is None:
                        raise
                    problems.append(exc)
                    continue
                record["file"] = str(path.relative_to(path.parents[1]))
                record["line"] = row.line
                rows.append(record)
        except DataError as exc:
            if problems is None:
                raise
            if exc not in problems:
                problems.append(exc)
    return rows


def _check_shares(frame: pd.DataFrame, problems: list[DataError] | None) -> None:
    shares = frame[frame["indicator"].isin(SECTOR_SHARES)]
    for _, group in shares.groupby(["source", "region", "year", "quote"], sort=False):
        if set(group["indicator"]) != set(SECTOR_SHARES) or len(group) != 3:
            continue
        total = float(group["value"].sum())
        if abs(total - 100.0) > SHARE_SUM_TOLERANCE:
            first = group.iloc[0]
            exc = DataError(
                f"sector shares {'+'.join(group['value'].astype(str))} sum to {total:g}, "
                f"expected 100 ± {SHARE_SUM_TOLERANCE}",
                file=first["file"],
                row=int(first["line"]),
                key="value",
            )
            if problems is None:
                raise exc
            problems.append(exc)


def _frame(rows: list[dict[str, Any]], columns: list[str], ints: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*columns, "file", "line"])
    for col in ints:
        frame[col] = frame[col].astype("Int64")
    return frame.set_index("id", drop=False).rename_axis(None)


def load_series(
    data_dir: str | Path | None = None, *, _problems: list[DataError] | None = None
) -> pd.DataFrame:
    """Load every historical figure (``series/*.csv``).

    Parameters
    ----------
    data_dir : str or Path, optional
        Folder of the figure base; default :func:`zzsim.resources.data_dir`.

    Returns
    -------
    pandas.DataFrame
        One row per figure, indexed by row id, with the columns of ``data/README.md``:
        ``id, indicator, region, year, start_year, value, unit, measure, price_basis,
        status, vintage, source, quote, value_text, note`` plus ``file`` and ``line``
        (where the row is written). ``value`` is a float, years are ``Int64``.

    Raises
    ------
    DataError
        On the first malformed row (unknown column, unit, measure or indicator, missing
        source or quote, a quote without its value, duplicate id, sector shares that do not
        sum to 100).
    """
    root = _root(data_dir)
    ctx = _Context.load(root)
    rows = _collect(
        _files(root, "series", None), SERIES_COLUMNS, lambda r: _series_row(r, ctx), _problems
    )
    frame = _frame(rows, list(SERIES_COLUMNS), ("year", "start_year", "vintage"))
    _check_shares(frame, _problems)
    return frame


def load_targets(
    plan: str | None = None,
    data_dir: str | Path | None = None,
    *,
    _problems: list[DataError] | None = None,
) -> pd.DataFrame:
    """Load the quantitative plan targets (``targets/<plan>.csv``).

    Parameters
    ----------
    plan : str, optional
        One of ``plan2008``, ``fyp13``, ``annual2016``, ``annual2020``, ``fyp14``; default
        all plans.
    data_dir : str or Path, optional
        Folder of the figure base.

    Returns
    -------
    pandas.DataFrame
        One row per target, indexed by target id, with the columns of ``data/README.md``
        plus ``file`` and ``line``.

    Raises
    ------
    DataError
        On the first malformed row, or an unknown plan.
    """
    if plan is not None and plan not in PLANS:
        raise DataError(f"unknown plan {plan!r}, expected one of {list(PLANS)}", key="plan")
    root = _root(data_dir)
    ctx = _Context.load(root)
    files = _files(root, "targets", PLANS)
    if plan is not None:
        files = [f for f in files if f.stem == plan]
    rows = _collect(files, TARGET_COLUMNS, lambda r: _target_row(r, ctx), _problems)
    return _frame(rows, list(TARGET_COLUMNS), ("item", "start_year", "end_year"))


def load_tasks(
    table: str | None = None,
    data_dir: str | Path | None = None,
    *,
    _problems: list[DataError] | None = None,
) -> pd.DataFrame:
    """Load the rows of the task-responsibility tables (``tasks/<table>.csv``).

    Parameters
    ----------
    table : str, optional
        ``table2008`` or ``table2016``; default both.
    data_dir : str or Path, optional
        Folder of the figure base.

    Returns
    -------
    pandas.DataFrame
        One row per task, indexed by task id, with ``id, table, section, key_point, text,
        leads, participants`` (tuples of names as written), ``lead_ids, participant_ids``
        (tuples of agency ids from ``agencies.yaml``), ``progress, progress_pct,
        internal_units, source, quote, note, file, line``.

    Raises
    ------
    DataError
        On the first malformed row, or an agency name that does not resolve.
    """
    if table is not None and table not in TABLES:
        raise DataError(f"unknown table {table!r}, expected one of {list(TABLES)}", key="table")
    root = _root(data_dir)
    ctx = _Context.load(root)
    registry = AgencyRegistry(load_agencies(root))
    files = _files(root, "tasks", TABLES)
    if table is not None:
        files = [f for f in files if f.stem == table]
    rows = _collect(files, TASK_COLUMNS, lambda r: _task_row(r, ctx, registry), _problems)
    columns = [*TASK_COLUMNS[:7], "lead_ids", "participant_ids", *TASK_COLUMNS[7:]]
    return _frame(rows, columns, ())
