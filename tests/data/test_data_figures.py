"""The planner's own figures: defaults, merging with the built-in base, located errors."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import pandas as pd
import pytest

import zzsim.data as zd
from zzsim.data import series as series_module
from zzsim.data.schema import FIGURE_REQUIRED_COLUMNS, SERIES_COLUMNS
from zzsim.errors import DataError

EXAMPLE = Path(__file__).resolve().parents[2] / "examples/figures_2021_2022_hypothetical.csv"
HYPOTHETICAL = "示例数据，非实际统计"
SOURCE = "株洲统计年鉴2022 表2-1 (test)"


def _write(path: Path, rows: list[dict[str, object]], columns: list[str] | None = None) -> Path:
    columns = columns or list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _row(**changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "indicator": "gdp",
        "year": 2021,
        "value": 3400,
        "unit": "亿元",
        "measure": "level",
        "source": SOURCE,
    }
    return row | changes


def _error(figures: object, **kwargs: object) -> DataError:
    with pytest.raises(DataError) as info:
        zd.load_figures(figures, **kwargs)  # type: ignore[arg-type]
    return info.value


# --- the shipped example ------------------------------------------------------------


def test_example_is_hypothetical_in_every_row() -> None:
    frame = pd.read_csv(EXAMPLE, dtype=str)
    assert set(frame.columns) >= set(FIGURE_REQUIRED_COLUMNS)
    assert frame["source"].str.contains(HYPOTHETICAL).all()
    assert (frame["year"].astype(int) > 2020).all()


def test_example_loads_with_the_documented_defaults() -> None:
    figures = zd.load_figures(EXAMPLE)
    assert list(figures.columns) == list(zd.load_series().columns)
    assert set(figures["origin"]) == {"user"}
    first = figures.iloc[0]
    assert first["id"] == "u-figures_2021_2022_hypothetical-2" and first["line"] == 2
    assert set(figures["region"]) == {"株洲市"}
    assert set(figures["status"]) == {"actual"}
    assert (figures["vintage"] == figures["year"] + 1).all()
    basis = figures.groupby(["indicator", "measure"])["price_basis"].agg(set).to_dict()
    assert basis[("gdp", "level")] == {"nominal"}
    assert basis[("gdp", "yoy_growth")] == {"real"}
    assert basis[("retail_sales", "yoy_growth")] == {"nominal"}
    assert basis[("population_resident", "level")] == {""}
    assert basis[("urbanization_rate", "ratio")] == {""}


def test_merged_series_keeps_the_built_in_rows_unchanged() -> None:
    base = zd.load_series()
    merged = zd.load_series(figures=EXAMPLE)
    pd.testing.assert_frame_equal(merged.iloc[: len(base)], base)
    user = merged.iloc[len(base) :]
    pd.testing.assert_frame_equal(user, zd.load_figures(EXAMPLE))
    assert merged.dtypes.equals(base.dtypes)


def test_a_file_in_exactly_the_series_columns_is_accepted(tmp_path: Path) -> None:
    row = dict.fromkeys(SERIES_COLUMNS, "") | {
        "id": "yb2022-001",
        "indicator": "gdp",
        "region": "株洲市",
        "year": "2021",
        "value": "3400.5",
        "unit": "亿元",
        "measure": "level",
        "price_basis": "nominal",
        "status": "preliminary",
        "vintage": "2022",
        "source": SOURCE,
        "quote": "全市地区生产总值3400.5亿元",
    }
    figures = zd.load_figures(_write(tmp_path / "yb.csv", [row], list(SERIES_COLUMNS)))
    got = figures.loc["yb2022-001"]
    assert (got["value"], got["status"], got["vintage"]) == (3400.5, "preliminary", 2022)
    assert got["quote"] == row["quote"]


def test_bom_and_column_order_do_not_matter(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    columns = ["source", "value", "measure", "unit", "year", "indicator"]
    _write(path, [_row()], columns)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert zd.load_figures(path).iloc[0]["value"] == 3400.0


# --- merging with the built-in base -------------------------------------------------


def _gdp2020() -> pd.Series:
    base = zd.load_series()
    rows = base[(base.indicator == "gdp") & (base.year == 2020) & (base.measure == "level")]
    assert len(rows) == 1
    return rows.iloc[0]


def test_a_user_row_of_the_same_vintage_supersedes_the_built_in_one(tmp_path: Path) -> None:
    built_in = _gdp2020()
    path = _write(tmp_path / "f.csv", [_row(year=2020, value=3105.9, vintage=built_in["vintage"])])
    merged = zd.load_series(figures=path)
    user_id = merged[merged.origin == "user"].index[0]
    assert merged.at[built_in["id"], "superseded_by"] == user_id
    assert merged.at[user_id, "superseded_by"] == ""
    assert len(merged) == len(zd.load_series()) + 1  # both rows are kept


def test_an_older_user_row_is_superseded_by_the_built_in_one(tmp_path: Path) -> None:
    built_in = _gdp2020()
    path = _write(tmp_path / "f.csv", [_row(year=2020, value=3100, vintage=2020)])
    merged = zd.load_series(figures=path)
    user_id = merged[merged.origin == "user"].index[0]
    assert built_in["vintage"] > 2020
    assert merged.at[user_id, "superseded_by"] == built_in["id"]
    assert merged.at[built_in["id"], "superseded_by"] == ""


def test_rows_of_another_measure_or_region_are_not_the_same_figure(tmp_path: Path) -> None:
    rows = [
        _row(year=2020, value=3105.8, vintage=2022, region="醴陵市"),
        _row(year=2020, value=7.1, unit="%", measure="yoy_growth", vintage=2022),
    ]
    merged = zd.load_series(figures=_write(tmp_path / "f.csv", rows))
    assert set(merged["superseded_by"]) == {""}


def test_supersession_ignores_the_unit_and_spans_built_in_vintages(tmp_path: Path) -> None:
    base = zd.load_series()
    share = base[(base.indicator == "share_primary") & (base.year == 2015)]
    assert share["vintage"].nunique() == 2  # two documents disagree on the 2015 structure
    population = base[(base.indicator == "population_resident") & (base.year == 2020)].iloc[0]
    assert population["unit"] == "人"
    path = _write(
        tmp_path / "f.csv",
        [
            _row(
                indicator="share_primary",
                year=2015,
                value=6.9,
                unit="%",
                measure="share",
                vintage=2022,
            ),
            _row(
                indicator="population_resident", year=2020, value=390.27, unit="万人", vintage=2022
            ),
        ],
    )
    merged = zd.load_series(figures=path)
    user = merged[merged.origin == "user"]
    assert set(merged.loc[share.index, "superseded_by"]) == {user.index[0]}
    assert merged.at[population["id"], "superseded_by"] == user.index[1]
    # built-in rows never supersede each other: without the user row both stay in use
    assert set(base.loc[share.index, "superseded_by"]) == {""}


def test_disagreements_list_user_and_built_in_pairs(tmp_path: Path) -> None:
    built_in = _gdp2020()
    path = _write(tmp_path / "f.csv", [_row(year=2020, value=built_in["value"], vintage=2022)])
    merged = zd.load_series(figures=path)
    table = zd.disagreements(merged)
    pair = table[(table.indicator == "gdp") & (table.year == 2020) & (table.measure == "level")]
    assert sorted(pair["origin"]) == ["built-in", "user"]
    by_origin = pair.set_index("origin")
    assert by_origin.at["built-in", "superseded_by"] == by_origin.at["user", "id"]
    # the built-in disagreements are listed as before, next to the pair
    before = zd.disagreements(zd.load_series())
    assert len(table) == len(before) + 2


def test_user_rows_that_disagree_among_themselves_are_listed(tmp_path: Path) -> None:
    path = _write(tmp_path / "f.csv", [_row(value=3400), _row(value=3410)])
    table = zd.disagreements(zd.load_series(figures=path))
    assert sorted(table[table.origin == "user"]["value"]) == [3400.0, 3410.0]
    assert set(table[table.origin == "user"]["superseded_by"]) == {""}


# --- .xlsx and DataFrames -----------------------------------------------------------


@pytest.fixture
def example_xlsx(tmp_path: Path) -> Path:
    """The example as a workbook typed by hand: numbers in number cells."""
    from openpyxl import Workbook

    frame = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(frame.columns))
    for record in frame.itertuples(index=False):
        cells = dict(zip(frame.columns, record, strict=True))
        cells["year"] = int(cells["year"])
        cells["value"] = float(cells["value"])
        sheet.append(list(cells.values()))
    path = tmp_path / f"{EXAMPLE.stem}.xlsx"
    book.save(path)
    return path


def test_xlsx_twin_loads_like_the_csv(example_xlsx: Path) -> None:
    from_xlsx = zd.load_figures(example_xlsx)
    from_csv = zd.load_figures(EXAMPLE)
    pd.testing.assert_frame_equal(from_xlsx.drop(columns="file"), from_csv.drop(columns="file"))
    assert set(from_xlsx["file"]) == {str(example_xlsx)}


def test_xlsx_errors_name_the_sheet_row_and_column(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "2021"
    sheet.append(["indicator", "year", "value", "unit", "measure", "source"])
    sheet.append(["gdp", 2021, 3400, "亿元", "level", SOURCE])
    sheet.append(["urbanization_rate", 2021, 0.718, "%", "ratio", SOURCE])
    sheet["C3"].number_format = "0.0%"
    path = tmp_path / "f.xlsx"
    book.save(path)
    error = _error(path)
    assert (error.row, error.key) == (3, "value")
    assert "sheet 2021" in str(error.file) and "percentage" in str(error)


@pytest.mark.parametrize(
    ("cell", "value", "row", "message"),
    [
        ("B2", datetime.date(2021, 12, 31), 2, "a date cell"),
        ("C2", True, 2, "TRUE/FALSE"),
        ("G2", 7, 2, "beyond the last named column"),
        ("A1", None, 1, "empty column name"),
    ],
)
def test_xlsx_cells_that_are_not_figures(
    tmp_path: Path, cell: str, value: object, row: int, message: str
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["indicator", "year", "value", "unit", "measure", "source"])
    sheet.append(["gdp", 2021, 3400, "亿元", "level", SOURCE])
    sheet[cell] = value
    path = tmp_path / "f.xlsx"
    book.save(path)
    error = _error(path)
    assert error.row == row and message in str(error)


def test_an_xlsx_whose_header_is_not_in_row_1(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A2"] = "indicator"
    path = tmp_path / "f.xlsx"
    book.save(path)
    assert "first row of the first sheet" in str(_error(path))


def test_a_csv_renamed_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    path.write_bytes(EXAMPLE.read_bytes())
    assert "not an .xlsx workbook" in str(_error(path))


def test_a_dataframe_is_read_like_a_file() -> None:
    frame = pd.read_csv(EXAMPLE)
    figures = zd.load_figures(frame)
    from_csv = zd.load_figures(EXAMPLE)
    assert figures["value"].tolist() == from_csv["value"].tolist()
    assert figures.index[0] == "u-frame-1" and set(figures["file"]) == {"DataFrame"}
    frame.loc[2, "unit"] = "万人"
    error = _error(frame)
    assert (error.file, error.row, error.key) == ("DataFrame", 3, "unit")


def test_loaded_figures_can_be_edited_and_given_back() -> None:
    figures = zd.load_figures(EXAMPLE)
    edited = figures.copy()
    edited.loc[edited.index[0], "value"] = 3401.5
    again = zd.load_figures(edited)
    assert again.index.tolist() == figures.index.tolist()
    assert again["value"].tolist() == [3401.5, *figures["value"].tolist()[1:]]
    pd.testing.assert_frame_equal(
        again.drop(columns=["file", "line", "value"]),
        figures.drop(columns=["file", "line", "value"]),
    )


def test_a_computed_float_is_refused_rather_than_rounded() -> None:
    frame = pd.DataFrame([_row(value=3105.8 * 1.1)])
    error = _error(frame)
    assert error.key == "value" and "significant digits" in str(error)


# --- located errors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "key", "message"),
    [
        ({"source": ""}, "source", "missing value"),
        ({"unit": "万人"}, "unit", "does not fit"),
        ({"unit": "%"}, "unit", "does not fit"),
        ({"value": "-3400"}, "value", "must be positive"),
        ({"value": "0"}, "value", "must be positive"),
        ({"value": "3" * 401}, "value", "significant digits"),
        ({"value": "3,400"}, "value", "expected a number"),
        (
            {"indicator": "share_tertiary", "unit": "%", "measure": "share", "value": "120"},
            "value",
            r"\[0, 100\]",
        ),
        (
            {"indicator": "urbanization_rate", "unit": "%", "measure": "ratio", "value": "-1"},
            "value",
            r"\[0, 100\]",
        ),
        ({"unit": "%", "measure": "yoy_growth", "value": "-100"}, "value", "100% or more"),
        (
            {"unit": "%", "measure": "avg_growth", "start_year": ""},
            "start_year",
            "needs start_year",
        ),
        ({"year": "2021", "vintage": "2020"}, "year", "cannot be published"),
        (
            {"measure": "cumulative_growth", "unit": "%", "start_year": "2016"},
            "price_basis",
            "price_basis needed",
        ),
        (
            {"indicator": "agri_gross_output", "unit": "%", "measure": "yoy_growth"},
            "price_basis",
            "price_basis needed",
        ),
        (
            {
                "indicator": "population_resident",
                "unit": "万人",
                "value": "390",
                "price_basis": "real",
            },
            "price_basis",
            "only for money",
        ),
        ({"quote": "全市地区生产总值3500亿元"}, "value", "does not contain the value"),
        ({"status": "guess"}, "status", "unknown status"),
        ({"note": "a\x00b"}, "note", "NUL"),
    ],
)
def test_row_errors_name_file_row_and_column(
    tmp_path: Path, changes: dict[str, object], key: str, message: str
) -> None:
    columns = [
        *FIGURE_REQUIRED_COLUMNS,
        "start_year",
        "vintage",
        "price_basis",
        "quote",
        "status",
        "note",
    ]
    rows = [_row(value=3500, year=2022), _row(**changes)]
    path = _write(tmp_path / "planner.csv", rows, columns)
    with pytest.raises(DataError, match=message) as info:
        zd.load_figures(path)
    assert (info.value.file, info.value.row, info.value.key) == (str(path), 3, key)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("indicator,year,value,unit,measure", r"missing required column\(s\) \['source'\]"),
        ("indicator,year,value,unit,measure,source,colour", r"unknown column\(s\) \['colour'\]"),
        ("indicator,year,value,unit,measure,source,year", r"given twice"),
    ],
)
def test_header_errors_are_on_row_1(tmp_path: Path, header: str, message: str) -> None:
    path = tmp_path / "f.csv"
    path.write_text(header + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=message) as info:
        zd.load_figures(path)
    assert info.value.row == 1


def test_a_user_id_colliding_with_a_built_in_id_names_both_places(tmp_path: Path) -> None:
    built_in = _gdp2020()
    path = _write(tmp_path / "f.csv", [_row(id=built_in["id"])])
    error = _error(path)
    assert (error.file, error.row, error.key) == (str(path), 2, "id")
    assert f"{built_in['file']} row {built_in['line']}" in str(error)


def test_the_same_file_twice_collides_on_its_default_ids() -> None:
    error = _error([EXAMPLE, EXAMPLE])
    assert error.key == "id" and f"first at {EXAMPLE} row 2" in str(error)


def test_vintage_after_this_year(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(series_module, "_this_year", lambda: 2022)
    path = _write(tmp_path / "f.csv", [_row(year=2021), _row(year=2022)])
    error = _error(path)
    assert (error.row, error.key) == (3, "vintage")
    assert "2023" in str(error) and "the year after" in str(error)
    path = _write(tmp_path / "g.csv", [_row(year=2021, vintage=2023)])
    assert "after this year (2022)" in str(_error(path))


def test_gdp_typed_in_wan_yuan_is_found_against_the_built_in_level(tmp_path: Path) -> None:
    built_in = _gdp2020()
    path = _write(tmp_path / "f.csv", [_row(value=3400), _row(year=2022, value=3600, unit="万元")])
    error = _error(path)
    assert (error.file, error.row, error.key) == (str(path), 3, "unit")
    assert "times smaller" in str(error) and f"{path} row 2" in str(error)
    # alone, the 2021 row in 万元 is compared with the built-in 2020 level
    path = _write(tmp_path / "g.csv", [_row(value=3400, unit="万元")])
    error = _error(path)
    assert f"{built_in['file']} row {built_in['line']}" in str(error)


@pytest.mark.parametrize(("factor", "accepted"), [(99, True), (100, False)])
def test_the_level_check_draws_the_line_at_100_times(
    tmp_path: Path, factor: int, accepted: bool
) -> None:
    value = _gdp2020()["value"] * factor
    path = _write(tmp_path / "f.csv", [_row(value=f"{value:g}")])
    if accepted:
        assert len(zd.load_figures(path)) == 1
    else:
        assert "100 times or more" in str(_error(path))


def test_levels_more_than_ten_years_apart_are_not_compared(tmp_path: Path) -> None:
    rows = [_row(year=2009, value=3400, vintage=2010), _row(year=1998, value=30)]
    assert len(zd.load_figures(_write(tmp_path / "f.csv", rows))) == 2
    rows[1]["year"] = 1999
    assert "times smaller" in str(_error(_write(tmp_path / "g.csv", rows)))


def test_user_sector_shares_must_sum_to_100(tmp_path: Path) -> None:
    shares = [
        _row(indicator=f"share_{s}", unit="%", measure="share", value=v)
        for s, v in (("primary", 7), ("secondary", 50), ("tertiary", 40))
    ]
    error = _error(_write(tmp_path / "f.csv", shares))
    assert "sum to 97" in str(error) and error.row == 2


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("missing.csv", None, "file not found"),
        ("folder.csv", "dir", "is a folder"),
        ("notes.txt", "file", "is .csv or .xlsx"),
        ("empty.csv", "empty", "empty file"),
    ],
)
def test_unreadable_figure_files(tmp_path: Path, name: str, make: str | None, message: str) -> None:
    path = tmp_path / name
    if make == "dir":
        path.mkdir()
    elif make == "file":
        path.write_text("indicator\n", encoding="utf-8")
    elif make == "empty":
        path.write_bytes(b"")
    error = _error(path)
    assert message in str(error) and error.file is not None and name in error.file


def test_non_utf8_bytes_are_reported_at_their_row_and_column(tmp_path: Path) -> None:
    first = _row(indicator="urbanization_rate", value=71.8, unit="%", measure="ratio", source="yb")
    path = _write(tmp_path / "f.csv", [first, first | {"year": 2022, "source": "株洲统计年鉴"}])
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    error = _error(path)
    assert (error.row, error.key) == (3, "source") and "not UTF-8" in str(error)


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    lines = ["indicator,year,value,unit,measure,source,note"]
    lines += [f"gdp,{y},{3400 + y - 2021},亿元,level,{SOURCE},ok" for y in range(2021, 2024)]
    lines[2] = lines[2].replace(",ok", ',"not closed')
    lines.append('gdp,2024,3500,亿元,level,"quoted source",ok')
    path = tmp_path / "f.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _error(path).row == 3


def test_check_lists_every_problem_of_the_figures(tmp_path: Path) -> None:
    path = _write(tmp_path / "f.csv", [_row(unit="万人"), _row(year=2022), _row(value="-1")])
    problems = zd.check(figures=path)
    assert [(p.row, p.key) for p in problems] == [(2, "unit"), (4, "value")]
    assert zd.check(figures=EXAMPLE) == []
