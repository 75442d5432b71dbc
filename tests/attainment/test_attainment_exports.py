"""Exports with Chinese labels, written atomically; the printed table; the command line."""

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


@pytest.mark.parametrize("suffix", [".csv", ".md", ".tex"])
def test_export_formats_carry_chinese_labels(result, tmp_path: Path, suffix: str) -> None:
    path = export(result, tmp_path / f"table{suffix}")
    text = path.read_text(encoding="utf-8-sig")
    assert LABELS["text"] in text and LABELS["p_attain"] in text and LABELS["reading"] in text
    assert "fyp14-001" in text


def test_xlsx_has_a_sheet_per_view(result, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(export(result, tmp_path / "t.xlsx"))
    assert book.sheetnames == ["摘要", "完整表", "未模拟", "所用数据", "说明"]
    cells = {
        name: [[c.value for c in row] for row in book[name].iter_rows()] for name in book.sheetnames
    }
    simulated = [str(p.target.id) for p in result.planned if p.simulated]
    assert [row[0] for row in cells["摘要"][1:]] == [*simulated, "joint"]
    not_modelled = [r for r in cells["未模拟"][1:]]
    assert len(not_modelled) == sum(not p.simulated for p in result.planned)
    assert all(r[-1] for r in not_modelled)  # every one with its reason
    sources = cells["所用数据"]
    assert "来源" in sources[0] and len(sources) - 1 == len(result.figures_used)


def test_docx_is_a_three_line_table(result, tmp_path: Path) -> None:
    import docx

    document = docx.Document(str(export(result, tmp_path / "t.docx")))
    (table,) = document.tables
    simulated = [str(p.target.id) for p in result.planned if p.simulated]
    assert [row.cells[0].text for row in table.rows] == ["编号", *simulated, "joint"]
    xml = table._tbl.xml
    assert xml.count("<w:top ") == len(table.columns)  # one rule above the header
    assert xml.count("<w:bottom ") == 2 * len(table.columns)  # under the header and the table
    assert "<w:left " not in xml and "<w:insideV" not in xml  # no vertical rules
    assert any(p.text.startswith("注：") for p in document.paragraphs)


def test_the_printed_table_fits_a_100_column_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    from zzsim.formatting import display_width as width

    args = ["attain", "baseline", "downside", "upside", "--plan", "fyp14", "--draws", "1000"]
    assert main(args) == 0
    out = capsys.readouterr().out
    table = [line for line in out.splitlines() if line.startswith("|")]
    assert table and max(width(line) for line in table) <= 100
    assert all(width(line) <= 100 for line in out.splitlines() if line.startswith(("-", " ")))
    assert "Not modelled:" in out and "--all" in out
    assert all(width(line) <= 100 for line in out.splitlines())
    assert main([*args, "--all"]) == 0
    out = capsys.readouterr().out
    listed = [line for line in out.splitlines() if line.startswith("| fyp14")]
    assert len(listed) == 120
    assert max(width(line) for line in out.splitlines()) <= 100
    assert "| 未模拟：无序列的一次性数量目标 |" in out


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
    from zzsim.attainment.commands import CSV_COLUMNS

    assert list(rows[0]) == CSV_COLUMNS
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
    assert "| fyp14-001 |" in capsys.readouterr().out


def test_cli_unknown_scenario_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["attain", "nope", "--plan", "fyp14", "--draws", "10"]) == 1
    assert "unknown scenario 'nope'" in capsys.readouterr().err


def test_tex_escapes_what_latex_would_read_as_markup(result, tmp_path: Path) -> None:
    """'R&D' and '3.2%' in the wording must not add a column or comment out a line."""
    text = export(result, tmp_path / "t.tex").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.rstrip().endswith("\\\\")]
    assert len(rows) == len(result.planned) + 3  # two header lines, the targets, joint
    counts = {line.replace("\\&", "").count("&") for line in rows}
    assert len(counts) == 1  # every row has the same number of columns
    assert all("%" not in line.replace("\\%", "") for line in rows)
    assert "R\\&D" in text
