"""Exports in four formats with Chinese labels, written atomically; the command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from zzsim.attainment import LABELS, export, run_attainment
from zzsim.cli import main


@pytest.fixture(scope="module")
def result():
    return run_attainment(
        "fyp14", ["baseline", "downside"], 2_000, rng=5, progress=False, lever_grid=(-1.0, 0.0, 1.0)
    )


@pytest.mark.parametrize("suffix", [".csv", ".md", ".tex", ".xlsx"])
def test_export_formats_carry_chinese_labels(result, tmp_path: Path, suffix: str) -> None:
    path = export(result, tmp_path / f"table{suffix}")
    if suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path).active
        text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    else:
        text = path.read_text(encoding="utf-8-sig")
    assert LABELS["text"] in text and LABELS["p_attain"] in text
    assert "fyp14-001" in text


def test_export_rejects_unknown_format(result, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        export(result, tmp_path / "table.pdf")


def test_failed_export_leaves_existing_file_intact(result, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "table.md"
    path.write_text("previous table", encoding="utf-8")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("zzsim.attainment.exports.markdown_table", broken)
    with pytest.raises(RuntimeError):
        export(result, path)
    assert path.read_text(encoding="utf-8") == "previous table"
    assert list(tmp_path.iterdir()) == [path]


def test_export_refuses_the_figure_base_folder(result) -> None:
    from zzsim.errors import OutputError
    from zzsim.resources import data_dir

    with pytest.raises(OutputError, match="figure base"):
        export(result, data_dir() / "table.md")


def test_cli_csv_columns_and_reproducibility(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "attain",
        "baseline",
        "downside",
        "--plan",
        "fyp14",
        "--draws",
        "1500",
        "--seed",
        "9",
        "--format",
        "csv",
    ]
    assert main(args) == 0
    first = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(first)))
    assert {"target_id", "scenario", "method", "p_attain", "mc_se"} <= set(rows[0])
    assert {r["scenario"] for r in rows} == {"baseline", "downside"}
    assert any(r["target_id"] == "joint" for r in rows)
    assert main(args) == 0
    assert capsys.readouterr().out == first


def test_cli_writes_the_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "fyp14.xlsx"
    assert (
        main(["attain", "baseline", "--plan", "fyp14", "--draws", "1000", "--out", str(out)]) == 0
    )
    assert out.is_file()
    assert "达成概率" in capsys.readouterr().out


def test_cli_unknown_scenario_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["attain", "nope", "--plan", "fyp14", "--draws", "10"]) == 1
    assert "unknown scenario 'nope'" in capsys.readouterr().err
