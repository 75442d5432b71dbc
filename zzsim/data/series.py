"""The historical series: the shipped figures and the planner's own, merged.

The built-in rows (``data/series/*.csv``) cite a seed document and quote it verbatim. The
planner's rows (``--figures``: CSV, .xlsx or a DataFrame in the same columns) cite their
own source (a yearbook table, a bulletin) and may leave most columns to documented
defaults. Both pass the same row checks, and the same checks across rows on the merged
base. Every row is tagged with its ``origin``; where a planner's row and a built-in row
describe the same figure, both are kept and the later vintage supersedes the other.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeAlias

import pandas as pd

from ..errors import DataError
from ._records import CSV_SUFFIXES, XLSX_SUFFIXES, Row, read_csv, read_frame, read_xlsx
from ._rows import (
    Context,
    Source,
    base_files,
    base_sources,
    check_quote_has_value,
    check_source,
    collect,
    frame,
)
from .consistency import check_levels, check_shares
from .registries import _root
from .schema import (
    CITY,
    COUNTED_DIMENSIONS,
    FIGURE_REQUIRED_COLUMNS,
    GROWTH_MEASURES,
    MEASURES,
    NOMINAL_GROWTH_INDICATORS,
    PRICE_BASES,
    REAL_GROWTH_INDICATORS,
    SAME_FIGURE_KEYS,
    SERIES_COLUMNS,
    STATUSES,
    WINDOW_MEASURES,
)

__all__ = ["FiguresLike", "load_figures", "load_series"]

#: the planner's figures: a file (CSV or .xlsx), a DataFrame, or a list of them
FiguresLike: TypeAlias = str | Path | pd.DataFrame | Sequence[str | Path | pd.DataFrame]

_PP_MEASURES = frozenset({"change_pp", "avg_change_pp"})
#: columns that the loader adds, ignored when a loaded frame is given back as figures
_DERIVED = ("file", "line", "origin", "superseded_by")


def _this_year() -> int:
    return datetime.date.today().year


def _check_unit_kind(row: Row, ctx: Context, indicator: str, measure: str, unit: str) -> None:
    """Check that the unit's dimension fits the measure and the indicator (no GDP in 万人)."""
    indicator_unit = ctx.indicators[indicator][0]
    indicator_dim = ctx.units[indicator_unit]
    if measure in GROWTH_MEASURES:
        allowed, what = {"percent", "multiple"}, f"{measure} is in % (or 倍)"
    elif measure in _PP_MEASURES:
        allowed, what = {"percentage_point"}, f"{measure} is in 个百分点"
    elif measure == "share":
        allowed, what = {"percent"}, "a share is in %"
    else:
        allowed = (
            set(COUNTED_DIMENSIONS) if indicator_dim in COUNTED_DIMENSIONS else {indicator_dim}
        )
        what = f"{indicator} is measured in {indicator_unit} ({indicator_dim})"
    dim = ctx.units[unit]
    if dim not in allowed:
        raise row.error(f"unit {unit!r} is {dim}, which does not fit: {what}", "unit")


def _check_value(
    row: Row, ctx: Context, indicator: str, measure: str, unit: str, value: float
) -> None:
    """Positive levels of growing quantities; shares and bounded rates in [0, 100]."""
    family = ctx.indicators[indicator][1]
    if family == "growth" and measure in ("level", "cumulative") and value <= 0:
        raise row.error(
            f"a {measure} of {indicator} (a growing quantity) must be positive, got {value:g}",
            "value",
        )
    bounded = family in ("composition", "bounded") and measure in ("level", "ratio")
    if (measure == "share" or bounded) and ctx.units[unit] == "percent":
        if not 0 <= value <= 100:
            raise row.error(f"a share or bounded rate lies in [0, 100] %, got {value:g}", "value")
    if measure in GROWTH_MEASURES and unit == "%" and value <= -100:
        raise row.error(f"a fall of 100% or more leaves nothing, got {value:g}", "value")


def _price_basis(
    row: Row, ctx: Context, indicator: str, measure: str, unit: str, *, user: bool
) -> str:
    """Return the price basis; for the planner's rows an empty cell follows the convention."""
    given = row.choice("price_basis", PRICE_BASES, required=False)
    money_indicator = ctx.units[ctx.indicators[indicator][0]] == "money"
    growth_of_money = measure in GROWTH_MEASURES and money_indicator
    if given and not (growth_of_money or ctx.units[unit] == "money"):
        raise row.error(
            "price_basis is only for money figures and the growth of money indicators",
            "price_basis",
        )
    if given or not user:
        return given
    if ctx.units[unit] == "money":
        return "nominal"
    if not growth_of_money:
        return ""
    if measure != "cumulative_growth":
        if indicator in REAL_GROWTH_INDICATORS:
            return "real"
        if indicator in NOMINAL_GROWTH_INDICATORS:
            return "nominal"
    raise row.error(
        f"price_basis needed: the statistical convention does not say whether {measure} of "
        f"{indicator} is at comparable prices (real) or current prices (nominal)",
        "price_basis",
    )


def _vintage(row: Row, year: int, *, user: bool) -> int:
    if not user:
        vintage = row.integer("vintage")
        assert vintage is not None
        return vintage
    given = row.integer("vintage", required=False)
    vintage = year + 1 if given is None else given
    if vintage > _this_year():
        default = (
            " (empty: the year after the figure's, like a yearbook's)" if given is None else ""
        )
        raise row.error(
            f"vintage {vintage}{default} is after this year ({_this_year()}); give the year "
            "the source was published",
            "vintage",
        )
    return vintage


def _series_row(row: Row, ctx: Context, *, user: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": (row.text("id") or f"u-{row.stem}-{row.line}")
        if user
        else row.text("id", required=True)
    }
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
    _check_unit_kind(row, ctx, indicator, measure, unit)
    value = row.number("value")
    _check_value(row, ctx, indicator, measure, unit, value)
    vintage = _vintage(row, year, user=user)
    if year > vintage:
        raise row.error(f"a figure about {year} cannot be published in {vintage}", "year")
    if user:
        row.text("source", required=True)
    else:
        check_source(row, ctx, vintage)
    check_quote_has_value(row, ("value",), required=not user)
    status = row.choice("status", STATUSES, required=not user)
    out.update(
        indicator=indicator,
        region=(row.text("region") or CITY) if user else row.text("region", required=True),
        year=year,
        start_year=start,
        value=value,
        unit=unit,
        measure=measure,
        price_basis=_price_basis(row, ctx, indicator, measure, unit, user=user),
        status=status or "actual",
        vintage=vintage,
        source=row.text("source"),
        quote=row.values["quote"],
        value_text=row.text("value_text"),
        note=row.text("note"),
    )
    return out


def _figure_sources(figures: FiguresLike) -> list[Source]:
    """Readers of the planner's files and frames, named as the rows' ``file`` column."""
    items = [figures] if isinstance(figures, str | Path | pd.DataFrame) else list(figures)
    n_frames = sum(isinstance(item, pd.DataFrame) for item in items)
    sources: list[Source] = []
    k = 0
    for item in items:
        if isinstance(item, pd.DataFrame):
            # a frame from load_series / load_figures, edited, goes back in as it is
            item = item.drop(columns=[c for c in _DERIVED if c in item.columns])
            k += 1
            label, stem = (
                ("DataFrame", "frame") if n_frames == 1 else (f"DataFrame {k}", f"frame{k}")
            )
            read = partial(
                read_frame, item, label, stem, SERIES_COLUMNS, required=FIGURE_REQUIRED_COLUMNS
            )
            sources.append((label, read))
        elif isinstance(item, str | Path):
            sources.append((str(item), partial(_read_figures_file, Path(item))))
        else:
            raise TypeError(
                f"figures: expected a path, a DataFrame or a list of them, got "
                f"{type(item).__name__}"
            )
    return sources


def _read_figures_file(path: Path) -> Iterator[Row]:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return read_csv(path, SERIES_COLUMNS, required=FIGURE_REQUIRED_COLUMNS)
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(path, SERIES_COLUMNS, required=FIGURE_REQUIRED_COLUMNS)
    raise DataError(f"a figures file is .csv or .xlsx, got {suffix or 'no suffix'!r}", file=path)


def _superseded_by(series: pd.DataFrame) -> list[str]:
    """For each row, the id of the row of the other origin that replaces it, or ``""``.

    Rows describe the same figure when they agree on
    :data:`~zzsim.data.schema.SAME_FIGURE_KEYS`. A row is replaced by the latest-vintage
    row of the other origin that is later, or as late and the planner's (a tie goes to
    the planner). Rows of one origin never replace each other.
    """
    groups: defaultdict[tuple[Any, ...], list[int]] = defaultdict(list)
    keys = (
        series[list(SAME_FIGURE_KEYS)]
        .astype(object)
        .where(series[list(SAME_FIGURE_KEYS)].notna(), None)
    )
    for position, key in enumerate(keys.itertuples(index=False, name=None)):
        groups[key].append(position)
    ids, origins = series["id"].tolist(), series["origin"].tolist()
    vintages = [int(v) for v in series["vintage"]]
    out = [""] * len(series)
    for members in groups.values():
        if len({origins[p] for p in members}) < 2:
            continue
        for p in members:
            later = [
                q
                for q in members
                if origins[q] != origins[p]
                and (
                    vintages[q] > vintages[p]
                    or (vintages[q] == vintages[p] and origins[q] == "user")
                )
            ]
            if later:
                latest = max(vintages[q] for q in later)
                out[p] = ids[next(q for q in later if vintages[q] == latest)]
    return out


def _load(
    data_dir: str | Path | None, figures: FiguresLike | None, problems: list[DataError] | None
) -> pd.DataFrame:
    root = _root(data_dir)
    ctx = Context.load(root)
    seen: dict[str, str] = {}
    built_in = collect(
        base_sources(base_files(root, "series", None), SERIES_COLUMNS),
        lambda r: _series_row(r, ctx, user=False),
        problems,
        seen,
    )
    user: list[dict[str, Any]] = []
    if figures is not None:
        user = collect(
            _figure_sources(figures),
            lambda r: _series_row(r, ctx, user=True),
            problems,
            seen,
        )
    series = frame(built_in + user, list(SERIES_COLUMNS), ("year", "start_year", "vintage"))
    series["origin"] = ["built-in"] * len(built_in) + ["user"] * len(user)
    series["superseded_by"] = _superseded_by(series)
    check_shares(series, problems)
    check_levels(series, problems)
    return series


def load_series(
    data_dir: str | Path | None = None,
    *,
    figures: FiguresLike | None = None,
    _problems: list[DataError] | None = None,
) -> pd.DataFrame:
    """Load every historical figure (``series/*.csv``), merged with the planner's own.

    Parameters
    ----------
    data_dir : str or Path, optional
        Folder of the figure base; default :func:`zzsim.resources.data_dir`.
    figures : path, DataFrame or list of them, optional
        The planner's figures (see :func:`load_figures`), validated and merged.

    Returns
    -------
    pandas.DataFrame
        One row per figure, indexed by row id, with the columns of ``data/README.md``:
        ``id, indicator, region, year, start_year, value, unit, measure, price_basis,
        status, vintage, source, quote, value_text, note``, then ``file`` and ``line``
        (where the row is written), ``origin`` (``built-in`` or ``user``) and
        ``superseded_by`` (the id of a row of the other origin that describes the same
        figure in a later vintage, or as late and from the planner; else ``""``). Both
        rows of a superseded pair are kept. ``value`` is a float, years are ``Int64``.
        Built-in rows come first, in file order.

    Raises
    ------
    DataError
        On the first malformed row (unknown column, unit, measure or indicator, a unit
        that does not fit the indicator, a value out of range, missing source or quote, a
        quote without its value, duplicate id), sector shares that do not sum to 100, or
        levels of adjacent years 100 times apart.
    """
    return _load(data_dir, figures, _problems)


def load_figures(figures: FiguresLike, *, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load the planner's own figures, validated against the figure base.

    A figures file is CSV (UTF-8, with or without BOM) or ``.xlsx`` (first sheet, header
    in row 1) in the columns of ``data/series/*.csv``, in any order. ``indicator, year,
    value, unit, measure, source`` are required; ``id, start_year, price_basis, status,
    vintage, region, quote, value_text, note`` may be left out or empty, with the defaults
    of ``data/README.md`` (id ``u-<file stem>-<line>``, status ``actual``, vintage the
    year after ``year``, region 株洲市, price basis by statistical convention). ``source``
    is the planner's citation; it is not looked up in ``sources.yaml``, and a ``quote``,
    when given, must hold the value but is not checked against the seed documents.

    Parameters
    ----------
    figures : path, DataFrame or list of them
        Files (``str`` or ``Path``) and DataFrames in the columns above. The rows of a
        DataFrame are numbered from 1 (row n is ``frame.iloc[n - 1]``); its default ids
        are ``u-frame-<n>``. A frame returned by this function, edited, can be given
        back: the columns the loader adds (``file, line, origin, superseded_by``) are
        ignored.
    data_dir : str or Path, optional
        Folder of the figure base whose registries (indicators, units) and rows the
        figures are checked against.

    Returns
    -------
    pandas.DataFrame
        The planner's rows only, with the columns of :func:`load_series` (``origin`` is
        ``user``; ``file`` is the path as given, ``line`` the CSV line or sheet row).

    Raises
    ------
    DataError
        On the first problem, naming the file, the row and the column: every check of the
        built-in rows, an id that collides with another (naming both places), a vintage
        after this year, and the checks across rows against the built-in figures.
    """
    series = _load(data_dir, figures, None)
    return series[series["origin"] == "user"]
