"""Rows of the figure base's tables, read from CSV, .xlsx or a DataFrame as located text.

Every reader yields :class:`Row` objects: the cells as text, keyed by column, with the
place they come from (file, line or sheet row) so that every error names it. Cells that
cannot be data never reach a parser: bytes that are not UTF-8, control characters (NUL),
a quoted CSV field that is never closed, a spreadsheet date or percentage cell.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
import stat
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
#: C0 control characters other than tab, line feed and carriage return
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: lone surrogates left by ``errors="surrogateescape"`` for bytes that are not UTF-8
_UNDECODED = re.compile(r"[\udc80-\udcff]+")
#: digits a float64 carries exactly; a value printed with more cannot be held as printed
SIGNIFICANT_DIGITS = 15
#: the largest file read (the shipped base is ~100 KB; a planner's file far less)
MAX_BYTES = 64 * 2**20
CSV_SUFFIXES = (".csv",)
XLSX_SUFFIXES = (".xlsx", ".xlsm")


class Row:
    """One record with typed accessors that raise errors naming file, row and column.

    Parameters
    ----------
    file : str or Path
        Where the record is written, as errors name it.
    line : int
        Its line (CSV; the line where the record starts), sheet row (.xlsx) or position.
    values : dict of str to str
        The cells as text, keyed by column.
    stem : str
        A short name of the file, for ids made up from it.
    """

    def __init__(self, file: str | Path, line: int, values: dict[str, str], stem: str) -> None:
        self.file, self.line, self.values, self.stem = file, line, values, stem

    def error(self, message: str, key: str | None = None) -> DataError:
        """Return a :class:`DataError` located at this row (and column ``key``)."""
        return DataError(message, file=self.file, row=self.line, key=key)

    def text(self, key: str, *, required: bool = False) -> str:
        """Return the cell, stripped (``quote`` is kept byte for byte)."""
        value = self.values[key].strip() if key != "quote" else self.values[key]
        if required and not value.strip():
            raise self.error("missing value", key)
        return value

    def choice(
        self, key: str, allowed: frozenset[str] | tuple[str, ...], *, required: bool = True
    ) -> str:
        """Return the cell, which must be one of ``allowed`` (or empty if not required)."""
        value = self.text(key)
        if not value and not required:
            return ""
        if value not in allowed:
            raise self.error(f"unknown {key} {value!r}, expected one of {sorted(allowed)}", key)
        return value

    def integer(
        self, key: str, *, required: bool = True, lo: int = 1949, hi: int = 2100
    ) -> int | None:
        """Return the cell as a whole number in ``[lo, hi]``; None if empty and optional."""
        value = self.text(key)
        if not value:
            if required:
                raise self.error("missing value", key)
            return None
        if not re.fullmatch(r"\d{1,9}", value) or not lo <= int(value) <= hi:
            raise self.error(f"expected a whole number in [{lo}, {hi}], got {_short(value)}", key)
        return int(value)

    def number(self, key: str, *, required: bool = True) -> float:
        """Return the cell as a finite float held exactly as printed; NaN if empty."""
        value = self.text(key)
        if not value:
            if required:
                raise self.error("missing value", key)
            return math.nan
        if not _NUMBER.match(value):
            raise self.error(
                f"expected a number as printed (e.g. 3105.8), got {_short(value)}", key
            )
        digits = len(value.lstrip("-").replace(".", "").lstrip("0"))
        number = float(value)
        if digits > SIGNIFICANT_DIGITS or not math.isfinite(number):
            raise self.error(
                f"{_short(value)} has {digits} significant digits; a figure is held exactly "
                f"with at most {SIGNIFICANT_DIGITS}",
                key,
            )
        return number


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _read_bytes(path: Path) -> bytes:
    """Read a regular file of at most :data:`MAX_BYTES`, with located errors."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DataError("file not found", file=path) from None
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror or exc}", file=path) from None
    if stat.S_ISDIR(info.st_mode):
        raise DataError("is a folder, expected a file", file=path)
    if not stat.S_ISREG(info.st_mode):
        raise DataError("not a regular file (a device or a pipe?)", file=path)
    if info.st_size > MAX_BYTES:
        raise DataError(
            f"file of {info.st_size:,} bytes; the largest accepted is {MAX_BYTES:,}", file=path
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror or exc}", file=path) from None


def _clean(
    file: str | Path, line: int | None, columns: Sequence[str], record: Sequence[str]
) -> None:
    """Refuse cells holding bytes that are not UTF-8 or control characters."""
    for column, cell in zip(columns, record, strict=False):
        bad = _UNDECODED.search(cell)
        if bad:
            raw = bad.group().encode("utf-8", "surrogateescape")
            raise DataError(
                f"not UTF-8 text: bytes {raw[:4].hex(' ')} (save the file as UTF-8)",
                file=file,
                row=line,
                key=column,
            )
        control = _CONTROL.search(cell)
        if control:
            char = control.group()
            name = "NUL" if char == "\x00" else f"U+{ord(char):04X}"
            raise DataError(
                f"control character {name} in the cell; figures are plain text",
                file=file,
                row=line,
                key=column,
            )


def _header(
    found: Sequence[str],
    columns: Sequence[str],
    required: Sequence[str] | None,
    file: str | Path,
    line: int | None = 1,
) -> list[str]:
    """Check a header row; return it. ``required`` None: exactly ``columns``, in order."""
    _clean(file, line, [f"column {i + 1}" for i in range(len(found))], found)
    names = [name.strip() for name in found]
    unknown = [c for c in names if c not in columns]
    if required is None:
        if tuple(names) == tuple(columns):
            return names
        missing = [c for c in columns if c not in names]
        detail = (
            f"unknown column(s) {unknown}"
            if unknown
            else f"missing column(s) {missing}"
            if missing
            else "columns out of order"
        )
        raise DataError(f"{detail}; expected {','.join(columns)}", file=file, row=line)
    if unknown:
        raise DataError(
            f"unknown column(s) {unknown}; the columns are those of data/series/*.csv: "
            f"{','.join(columns)}",
            file=file,
            row=line,
        )
    twice = sorted({c for c in names if names.count(c) > 1})
    if twice:
        raise DataError(f"column(s) {twice} given twice", file=file, row=line)
    missing = [c for c in required if c not in names]
    if missing:
        raise DataError(f"missing required column(s) {missing}", file=file, row=line)
    return names


def read_csv(
    path: Path,
    columns: Sequence[str],
    *,
    required: Sequence[str] | None = None,
    label: str | Path | None = None,
) -> Iterator[Row]:
    """Yield the records of a UTF-8 CSV file (with or without BOM).

    Parameters
    ----------
    path : Path
        The file.
    columns : sequence of str
        The columns of its kind.
    required : sequence of str, optional
        None: the header must be exactly ``columns`` (the shipped base). Otherwise the
        header may be any subset of ``columns`` in any order that holds ``required``;
        the other columns are given as empty cells.
    label : str or Path, optional
        How errors name the file (default ``path``).

    Yields
    ------
    Row
        One per record; blank records are skipped.
    """
    file = path if label is None else label
    text = _read_bytes(path).decode("utf-8-sig", errors="surrogateescape")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        header = next(reader, None)
        if header is None:
            raise DataError(f"empty file; expected the header {','.join(columns)}", file=file)
        names = _header(header, columns, required, file)
        start = reader.line_num + 1
        for record in reader:
            if not any(field.strip() for field in record):
                start = reader.line_num + 1
                continue
            _clean(file, start, names, record)
            if len(record) != len(names):
                hint = (
                    f" (the record runs from line {start} to {reader.line_num}: "
                    "is a closing double quote missing?)"
                    if reader.line_num > start
                    else ""
                )
                raise DataError(
                    f"expected {len(names)} fields, found {len(record)}{hint}", file=file, row=start
                )
            values = dict.fromkeys(columns, "") | dict(zip(names, record, strict=True))
            yield Row(file, start, values, path.stem)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(
            f"malformed CSV in the record that starts here: {exc} (reading line "
            f"{reader.line_num}); a field that opens with a double quote must close with one",
            file=file,
            row=start,
        ) from None


def _cell_text(value: Any, number_format: str = "General") -> str:
    """Text of a spreadsheet or DataFrame cell, as the CSV would hold it.

    Raises
    ------
    ValueError
        For a cell that does not hold a figure as typed (a date, TRUE/FALSE, a number
        shown as a percentage).
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        raise ValueError(f"a TRUE/FALSE cell ({value}); type the figure")
    if isinstance(value, datetime.date | datetime.time | pd.Timestamp):
        raise ValueError(f"a date cell ({value}); type the year or the figure as a number")
    if isinstance(value, int | np.integer):
        number: int | float = int(value)
    elif isinstance(value, float | np.floating):
        number = float(value)
        if math.isnan(number):
            return ""
    else:
        raise ValueError(f"a cell of type {type(value).__name__}; expected text or a number")
    if "%" in number_format:
        raise ValueError(
            f"a cell formatted as a percentage holds {number!r}; format it as a number and "
            f"type the percentage itself ({number!r} × 100, unit %)"
        )
    if isinstance(number, float) and number.is_integer() and abs(number) < 1e15:
        number = int(number)
    return str(number) if isinstance(number, int) else format(Decimal(repr(number)), "f")


def _from_cells(
    file: str | Path,
    stem: str,
    rows: Iterable[tuple[int, Sequence[tuple[Any, str]]]],
    columns: Sequence[str],
    required: Sequence[str],
) -> Iterator[Row]:
    """Rows of a grid of (value, number format) cells whose first row is the header."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        raise DataError(f"empty sheet; expected a header row of {','.join(columns)}", file=file)
    header_line, header_cells = first
    header = [
        _cell_text(v) if isinstance(v, str) else "" if v is None else str(v)
        for v, _ in header_cells
    ]
    while header and not header[-1].strip():
        header.pop()
    if not header:
        raise DataError(
            f"the first row of the first sheet must hold the column names ({','.join(required)}, "
            "...)",
            file=file,
            row=header_line,
        )
    blank = next((i for i, name in enumerate(header) if not name.strip()), None)
    if blank is not None:
        raise DataError(f"empty column name in column {blank + 1}", file=file, row=header_line)
    names = _header(header, columns, required, file, header_line)
    for line, cells in iterator:
        if any(v is not None and str(v).strip() for v, _ in cells[len(names) :]):
            raise DataError(
                f"a value beyond the last named column ({names[-1]})", file=file, row=line
            )
        record: list[str] = []
        for name, (value, number_format) in zip(names, cells, strict=False):
            try:
                record.append(_cell_text(value, number_format))
            except ValueError as exc:
                raise DataError(str(exc), file=file, row=line, key=name) from None
        record += [""] * (len(names) - len(record))
        if not any(cell.strip() for cell in record):
            continue
        _clean(file, line, names, record)
        yield Row(
            file, line, dict.fromkeys(columns, "") | dict(zip(names, record, strict=True)), stem
        )


def read_xlsx(path: Path, columns: Sequence[str], *, required: Sequence[str]) -> Iterator[Row]:
    """Yield the records of the first sheet of an .xlsx workbook (header in row 1).

    Errors name the file, the sheet and the sheet row. Cells hold figures as typed:
    formulas are read by their last computed value.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    data = _read_bytes(path)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise DataError(f"not an .xlsx workbook ({type(exc).__name__})", file=path) from None
    try:
        sheet = book.worksheets[0]
        file = f"{path} [sheet {sheet.title}]"
        cells = (
            (
                number,
                [(c.value, getattr(c, "number_format", "General") or "General") for c in row],
            )
            for number, row in enumerate(sheet.iter_rows(), start=1)
        )
        yield from _from_cells(file, path.stem, cells, columns, required)
    except zipfile.BadZipFile:
        raise DataError("not an .xlsx workbook (damaged archive)", file=path) from None
    finally:
        book.close()


def read_frame(
    frame: pd.DataFrame, label: str, stem: str, columns: Sequence[str], *, required: Sequence[str]
) -> Iterator[Row]:
    """Yield the rows of a DataFrame in the columns of its kind (row n = ``frame.iloc[n-1]``)."""
    if not all(isinstance(c, str) for c in frame.columns):
        raise DataError("column names must be text", file=label)
    names = _header(list(frame.columns), columns, required, label, None)
    for position, values in enumerate(frame.itertuples(index=False, name=None), start=1):
        record: list[str] = []
        for name, value in zip(names, values, strict=True):
            try:
                record.append(_cell_text(value))
            except ValueError as exc:
                raise DataError(str(exc), file=label, row=position, key=name) from None
        if not any(cell.strip() for cell in record):
            continue
        _clean(label, position, names, record)
        yield Row(
            label,
            position,
            dict.fromkeys(columns, "") | dict(zip(names, record, strict=True)),
            stem,
        )
