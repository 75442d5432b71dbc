"""The planner's own targets: a CSV in the columns of ``data/targets/*.csv`` or a text draft."""

from __future__ import annotations

import csv
from pathlib import Path

from ..data.schema import TARGET_COLUMNS
from ..errors import DataError, TargetError
from ..targets import Target

__all__ = ["load_target_file"]

#: columns a planner's targets CSV must have (the others of TARGET_COLUMNS are optional)
REQUIRED = ("operator", "value", "unit", "basis", "start_year", "end_year")


def _read_csv(path: Path) -> list[Target]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise DataError(f"cannot read the targets file: {exc.strerror}", file=path) from None
    with handle:
        try:
            reader = csv.DictReader(handle, strict=True)
            header = reader.fieldnames or []
            unknown = [c for c in header if c not in TARGET_COLUMNS]
            missing = [c for c in REQUIRED if c not in header]
            if unknown or missing:
                detail = f"unknown column(s) {unknown}" if unknown else f"missing {missing}"
                raise DataError(
                    f"{detail}; expected the columns of data/targets/*.csv "
                    f"({','.join(TARGET_COLUMNS)})",
                    file=path,
                    row=1,
                )
            targets = []
            for record in reader:
                line = reader.line_num
                if None in record or any(v is None for v in record.values()):
                    raise DataError(
                        f"expected {len(header)} fields as in the header", file=path, row=line
                    )
                if not any(v.strip() for v in record.values()):
                    continue
                record.setdefault("id", "")
                if not record["id"].strip():
                    record["id"] = f"{path.stem}-{line}"
                try:
                    targets.append(Target.from_row(record))
                except TargetError as exc:
                    raise DataError(str(exc), file=path, row=line) from None
        except UnicodeDecodeError:
            raise DataError("not UTF-8 text", file=path) from None
        except csv.Error as exc:
            raise DataError(f"malformed CSV: {exc}", file=path, row=reader.line_num) from None
    if not targets:
        raise DataError("no target rows", file=path)
    return targets


def load_target_file(path: str | Path, *, window: tuple[int, int] | None = None) -> list[Target]:
    """Read the planner's targets from a CSV of target rows or a text draft.

    Parameters
    ----------
    path : str or Path
        ``.csv``: rows in the columns of ``data/targets/*.csv`` (``operator``, ``value``,
        ``unit``, ``basis``, ``start_year`` and ``end_year`` required; ``id`` defaults to
        ``<file stem>-<line>``; ``source`` and ``quote`` optional). ``.txt``/``.md``: a
        draft in Chinese, read by :func:`zzsim.targets.read_targets`.
    window : (int, int), optional
        The plan period of a text draft whose sentences name no years.

    Returns
    -------
    list of Target

    Raises
    ------
    DataError
        Naming the file and the row, when a row cannot be read or the file has none.
    """
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return _read_csv(path)
    from ..targets.reader import read_targets, read_text_file

    reading = read_targets(read_text_file(path), window=window, source=path.name)
    if reading.targets.empty:
        raise DataError(
            f"no target read from the text ({len(reading.unread)} sentence(s) with a number "
            "gave none; `zzsim targets read` lists them with the reasons)",
            file=path,
        )
    return [Target.from_row(row) for _, row in reading.targets.iterrows()]
