"""Every kind of bad input gets a typed error naming the file, the row and the key.

Each case breaks one thing in a copy of the shipped figure base.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

import zzsim.data as zd
from zzsim.errors import DataError, ProvenanceError


def _edit_csv(path: Path, row_id: str, **changes: str) -> int:
    """Change columns of the row with ``row_id``; return its line number."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    for number, row in enumerate(rows[1:], start=2):
        if row[0] == row_id:
            for key, value in changes.items():
                row[header.index(key)] = value
            with path.open("w", encoding="utf-8", newline="") as fh:
                csv.writer(fh, lineterminator="\n").writerows(rows)
            return number
    raise AssertionError(f"{row_id} not in {path}")


def _first_id(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as fh:
        return next(iter(csv.DictReader(fh)))["id"]


SERIES = "series/004.csv"


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("unit", "furlongs", "unknown unit"),
        ("measure", "vibes", "unknown measure"),
        ("indicator", "no_such_indicator", "unknown indicator"),
        ("source", "", "missing"),
        ("source", "999_unknown.txt", "unknown source"),
        ("quote", "", "missing quote"),
        ("value", "98765.4", "does not contain the value"),
        ("value", "3,105.8", "expected a number"),
        ("status", "guessed", "unknown status"),
        ("vintage", "2022", "differs from"),
        ("year", "2030", "cannot be published"),
        ("unit", "万人", "does not fit"),
        ("value", "-3000", "must be positive"),
        ("value", "0", "must be positive"),
        ("value", "3" * 401, "significant digits"),
        ("quote", "全市经济总量 2019年突破 3000\x00 亿元大关", "NUL"),
    ],
)
def test_series_row_errors(data_copy: Path, column: str, value: str, message: str) -> None:
    path = data_copy / SERIES
    row_id = _first_id(path)
    line = _edit_csv(path, row_id, **{column: value})
    with pytest.raises(DataError, match=message) as info:
        zd.load_series(data_copy)
    assert info.value.file is not None and info.value.file.endswith("004.csv")
    assert info.value.row == line
    assert info.value.key == column


def test_unknown_column(data_copy: Path) -> None:
    path = data_copy / SERIES
    text = path.read_text(encoding="utf-8").replace("price_basis", "price_base", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=r"unknown column\(s\) \['price_base'\]") as info:
        zd.load_series(data_copy)
    assert info.value.row == 1


def test_duplicate_id_across_files(data_copy: Path) -> None:
    first = _first_id(data_copy / "series/001.csv")
    _edit_csv(data_copy / SERIES, _first_id(data_copy / SERIES), id=first)
    with pytest.raises(DataError, match=f"duplicate id '{first}'"):
        zd.load_series(data_copy)


def test_shares_must_sum_to_100(data_copy: Path) -> None:
    series = zd.load_series(data_copy)
    structure = series[
        series.source.str.startswith("004") & series.indicator.str.startswith("share_")
    ]
    year = structure["year"].iloc[0]
    tertiary = structure[(structure.year == year) & (structure.indicator == "share_tertiary")].iloc[
        0
    ]
    secondary = structure[
        (structure.year == year) & (structure.indicator == "share_secondary")
    ].iloc[0]
    # the secondary share's digits are in the same quote, so only the sum check can object
    _edit_csv(data_copy / SERIES, tertiary["id"], value=f"{secondary['value']:g}")
    with pytest.raises(DataError, match="sum to") as info:
        zd.load_series(data_copy)
    group = structure[(structure.year == year) & (structure.quote == tertiary["quote"])]
    assert (info.value.key, info.value.row) == ("value", int(group["line"].min()))


def test_agency_that_does_not_resolve(data_copy: Path) -> None:
    path = data_copy / "tasks/table2016.csv"
    line = _edit_csv(path, _first_id(path), leads="市不存在局")
    with pytest.raises(DataError, match="市不存在局") as info:
        zd.load_tasks(data_dir=data_copy)
    assert (info.value.row, info.value.key) == (line, "leads")


def test_target_range_needs_upper_bound(data_copy: Path) -> None:
    path = data_copy / "targets/fyp14.csv"
    line = _edit_csv(path, _first_id(path), operator="range", value_hi="")
    with pytest.raises(DataError, match="missing value") as info:
        zd.load_targets(data_dir=data_copy)
    assert (info.value.row, info.value.key) == (line, "value_hi")


def test_target_in_wrong_plan_file(data_copy: Path) -> None:
    path = data_copy / "targets/fyp14.csv"
    _edit_csv(path, _first_id(path), plan="fyp13")
    with pytest.raises(DataError, match=r"plan 'fyp13' in file fyp14\.csv"):
        zd.load_targets(data_dir=data_copy)


def _yaml_edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


YAML_CASES: list[tuple[str, Callable[[Path], None], Callable[[Path], object], str]] = [
    (
        "duplicate key in indicators.yaml",
        lambda d: _yaml_edit(
            d / "indicators.yaml",
            "  gdp_per_capita:",
            "  gdp: {name: 重复, unit: 亿元, family: growth}\n  gdp_per_capita:",
        ),
        zd.load_indicators,
        "duplicate key 'gdp'",
    ),
    (
        "unknown family",
        lambda d: _yaml_edit(d / "indicators.yaml", "family: composition", "family: pie"),
        zd.load_indicators,
        "unknown family",
    ),
    (
        "unknown unit of an indicator",
        lambda d: _yaml_edit(
            d / "indicators.yaml", "unit: 亿元, family: growth", "unit: 两, family: growth"
        ),
        zd.load_indicators,
        "unknown unit",
    ),
    (
        "unknown key in agencies.yaml",
        lambda d: _yaml_edit(d / "agencies.yaml", "    kind: ", "    colour: red\n    kind: "),
        zd.load_agencies,
        "unknown key",
    ),
    (
        "unknown agency kind",
        lambda d: _yaml_edit(d / "agencies.yaml", "kind: city_bureau", "kind: ministry"),
        zd.load_agencies,
        "unknown kind 'ministry'",
    ),
]


@pytest.mark.parametrize(
    ("name", "breaker", "loader", "message"), YAML_CASES, ids=[c[0] for c in YAML_CASES]
)
def test_registry_errors(
    data_copy: Path,
    name: str,
    breaker: Callable[[Path], None],
    loader: Callable[[Path], object],
    message: str,
) -> None:
    breaker(data_copy)
    with pytest.raises(DataError, match=message) as info:
        loader(data_copy)
    assert info.value.file is not None and info.value.file.endswith(".yaml")


def test_non_utf8_file_is_reported(data_copy: Path) -> None:
    path = data_copy / SERIES
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    with pytest.raises(DataError, match="not UTF-8") as info:
        zd.load_series(data_copy)
    assert info.value.file is not None and info.value.file.endswith("004.csv")
    assert (info.value.row, info.value.key) == (2, "region")  # the first non-ASCII cell


def test_non_utf8_bytes_in_one_row_are_reported_at_that_row(data_copy: Path) -> None:
    path = data_copy / SERIES
    lines = path.read_bytes().split(b"\n")
    unit = ",亿元,".encode()
    number = next(i for i, line in enumerate(lines) if unit in line and i > 2)
    lines[number] = lines[number].replace(unit, ",亿元,".encode("gbk"), 1)
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(DataError, match="not UTF-8") as info:
        zd.load_series(data_copy)
    assert (info.value.row, info.value.key) == (number + 1, "unit")


def test_missing_closing_quote_is_reported_at_its_row(data_copy: Path) -> None:
    path = data_copy / SERIES
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.endswith('"') and i > 2)
    lines[number] = lines[number][:-1]
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match="double quote") as info:
        zd.load_series(data_copy)
    assert info.value.row == number + 1


def test_gdp_in_wan_yuan_names_both_rows(data_copy: Path) -> None:
    series = zd.load_series(data_copy)
    gdp = series[(series.indicator == "gdp") & (series.measure == "level")]
    row = gdp[gdp.file == SERIES].iloc[-1]
    line = _edit_csv(data_copy / SERIES, row["id"], unit="万元")
    with pytest.raises(DataError, match="times smaller") as info:
        zd.load_series(data_copy)
    assert (info.value.row, info.value.key) == (line, "unit")
    others = gdp.drop(index=row["id"])
    assert any(f"{o.file} row {o.line}" in str(info.value) for o in others.itertuples())


def test_data_dir_that_is_a_file(shipped_data: Path) -> None:
    with pytest.raises(DataError, match="is a file") as info:
        zd.load_series(shipped_data / "units.yaml")
    assert info.value.file == str(shipped_data / "units.yaml")
    with pytest.raises(DataError, match="does not exist"):
        zd.load_targets(data_dir=shipped_data / "nowhere")


def test_check_collects_every_problem(data_copy: Path) -> None:
    path = data_copy / SERIES
    with path.open(encoding="utf-8", newline="") as fh:
        ids = [r["id"] for r in csv.DictReader(fh)][:3]
    for row_id in ids:
        _edit_csv(path, row_id, unit="furlongs")
    problems = zd.check(data_copy)
    assert [p.key for p in problems] == ["unit"] * 3
    assert len({p.row for p in problems}) == 3


def test_stray_file_in_targets(data_copy: Path) -> None:
    (data_copy / "targets/fyp15.csv").write_text("id\n", encoding="utf-8")
    with pytest.raises(DataError, match="unexpected file"):
        zd.load_targets(data_dir=data_copy)


def test_quote_not_in_source_is_a_provenance_error(data_copy: Path, seeds: Path) -> None:
    path = data_copy / SERIES
    row_id = _first_id(path)
    series = zd.load_series(data_copy)
    quote = series.loc[row_id, "quote"]
    line = _edit_csv(path, row_id, quote=quote + "(编造)")
    problems = zd.check(data_copy, seeds)
    assert len(problems) == 1
    assert isinstance(problems[0], ProvenanceError)
    assert (problems[0].row, problems[0].key) == (line, "quote")
