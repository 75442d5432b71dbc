"""Loaders of the plan targets and task rows of the figure base.

Each loader reads every file of its kind, validates each row against the schema of
``data/README.md`` and returns a pandas DataFrame. A problem raises
:class:`~zzsim.errors.DataError` naming the file, the line and the column;
:func:`zzsim.data.check` collects every problem instead of stopping at the first.
The historical series are in :mod:`zzsim.data.series`.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import DataError
from ._records import Row
from ._rows import (
    Context,
    base_files,
    base_sources,
    check_quote_has_value,
    check_source,
    collect,
    frame,
)
from .registries import AgencyRegistry, _root, load_agencies
from .schema import (
    AGENCY_SEPARATOR,
    BASES,
    BINDINGS,
    OPERATORS,
    PLANS,
    TABLES,
    TARGET_COLUMNS,
    TASK_COLUMNS,
)

__all__ = ["load_targets", "load_tasks", "split_agencies"]


def _target_row(row: Row, ctx: Context) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row.text("id", required=True)}
    plan = row.choice("plan", PLANS)
    if plan != row.stem:
        raise row.error(f"plan {plan!r} in file {row.stem}.csv; expected {row.stem!r}", "plan")
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
    check_source(row, ctx, None)
    if vintage is not None and end < vintage:
        raise row.error(f"a target for {end} set in a document of {vintage}", "end_year")
    if not row.text("text"):
        raise row.error("missing the target's wording", "text")
    check_quote_has_value(row, ("value", "value_hi"))
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


def _task_row(row: Row, ctx: Context, registry: AgencyRegistry) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row.text("id", required=True)}
    table = row.choice("table", TABLES)
    if table != row.stem:
        raise row.error(f"table {table!r} in file {row.stem}.csv", "table")
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
    check_source(row, ctx, None)
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
    ctx = Context.load(root)
    files = base_files(root, "targets", PLANS)
    if plan is not None:
        files = [f for f in files if f.stem == plan]
    sources = base_sources(files, TARGET_COLUMNS)
    rows = collect(sources, lambda r: _target_row(r, ctx), _problems)
    return frame(rows, list(TARGET_COLUMNS), ("item", "start_year", "end_year"))


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
    ctx = Context.load(root)
    registry = AgencyRegistry(load_agencies(root))
    files = base_files(root, "tasks", TABLES)
    if table is not None:
        files = [f for f in files if f.stem == table]
    sources = base_sources(files, TASK_COLUMNS)
    rows = collect(sources, lambda r: _task_row(r, ctx, registry), _problems)
    columns = [*TASK_COLUMNS[:7], "lead_ids", "participant_ids", *TASK_COLUMNS[7:]]
    return frame(rows, columns, ())
