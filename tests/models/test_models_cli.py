"""``zzsim forecast`` and ``zzsim indicators``."""

from __future__ import annotations

import argparse
import io

import pandas as pd
import pytest

from zzsim.errors import ZzsimError
from zzsim.models import commands


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="zzsim")
    commands.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        code = args.handler(args)
    except ZzsimError as exc:  # as zzsim.cli.main does
        print(f"zzsim: error: {exc}", file=__import__("sys").stderr)
        code = 1
    out = capsys.readouterr()
    return code, out.out, out.err


def test_forecast_prints_one_row_per_indicator_and_year(capsys):
    code, out, _ = run(["forecast", "gdp", "share_tertiary", "--cutoff", "2020", "--years",
                        "2021", "2025", "--draws", "2000", "--seed", "3"], capsys)
    assert code == 0
    table = pd.read_csv(io.StringIO(out))
    assert list(table.columns) == ["indicator", "year", "median", "lo", "hi"]
    assert list(zip(table["indicator"], table["year"], strict=True)) == [
        ("gdp", 2021), ("gdp", 2025), ("share_tertiary", 2021), ("share_tertiary", 2025)]
    assert (table["lo"] < table["median"]).all() and (table["median"] < table["hi"]).all()
    again = run(["forecast", "gdp", "share_tertiary", "--cutoff", "2020", "--years", "2021",
                 "2025", "--draws", "2000", "--seed", "3"], capsys)[1]
    assert again == out


def test_forecast_markdown_and_level(capsys):
    code, out, _ = run(["forecast", "urbanization_rate", "--years", "2025", "--level", "0.5",
                        "--draws", "1000", "--format", "md"], capsys)
    lines = out.strip().splitlines()
    assert code == 0 and lines[0] == "| indicator | year | median | lo | hi |"
    assert lines[2].startswith("| urbanization_rate | 2025 |")


def test_unknown_indicator_names_it_and_lists_the_modelled_ids(capsys):
    code, out, err = run(["forecast", "gdp", "no_such_thing", "--years", "2025"], capsys)
    assert code == 1 and out == ""
    assert "'no_such_thing' is not an indicator of indicators.yaml" in err


def test_indicators_lists_ids_with_units(capsys):
    code, out, _ = run(["indicators", "--format", "csv"], capsys)
    table = pd.read_csv(io.StringIO(out))
    assert code == 0 and {"gdp", "gdp_per_capita", "share_primary"} <= set(table["id"])
    assert table.set_index("id").loc["gdp_per_capita", "unit"] == "元"
    assert {"figures", "last_year", "evidence"} <= set(table.columns)
    assert table.set_index("id").loc["high_tech_firms", "evidence"] == "prior"


@pytest.mark.parametrize("argv", [["forecast", "gdp"], ["forecast", "--years", "2025"]])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        run(argv, capsys)
    assert exc.value.code == 2
