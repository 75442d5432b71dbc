"""``zzsim targets read``: output formats, files, and the errors a planner can make."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from zzsim.cli import main
from zzsim.data.schema import TARGET_COLUMNS

DRAFT = "“十五五”期间,GDP年均增长5%左右,城镇调查失业率控制在5.5%以内。\n推进5G建设。\n"


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def test_csv_goes_to_stdout_and_the_unread_sentences_to_stderr(draft, capsys) -> None:
    assert main(["targets", "read", str(draft), "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == list(TARGET_COLUMNS)
    assert [(r["indicator"], r["value"], r["source"]) for r in rows] == [
        ("gdp", "5", "draft.txt"),
        ("unemployment_rate_surveyed", "5.5", "draft.txt"),
    ]
    assert "推进5G建设" in err and "no unit after the number" in err


def test_markdown_prints_both_tables(draft, capsys) -> None:
    assert main(["targets", "read", str(draft)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| id | plan | indicator |")
    assert "1 sentence(s) with a number but no target" in out
    assert "| 2 | 推进5G建设。 |" in out


def test_window_and_plan_options(tmp_path: Path, capsys) -> None:
    path = tmp_path / "plain.md"
    path.write_text("新建学校10所。", encoding="utf-8")
    assert main(["targets", "read", str(path), "--format", "csv", "--window", "2026-2028",
                 "--plan", "draft-a"]) == 0  # fmt: skip
    row = next(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert (row["plan"], row["start_year"], row["end_year"]) == ("draft-a", "2026", "2028")


@pytest.mark.parametrize("suffix", [".csv", ".md"])
def test_out_writes_the_file(draft: Path, tmp_path: Path, suffix: str, capsys) -> None:
    out = tmp_path / "sub" / f"targets{suffix}"
    out.parent.mkdir()  # an output folder must exist: zzsim does not create one silently
    assert main(["targets", "read", str(draft), "--out", str(out)]) == 0
    assert "2 target(s) written to" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    if suffix == ".csv":
        assert len(list(csv.DictReader(io.StringIO(text)))) == 2
    else:
        assert "## Sentences with a number but no target" in text
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left


def test_errors_name_the_file(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nothing.txt"
    assert main(["targets", "read", str(missing)]) == 1
    assert "nothing.txt" in capsys.readouterr().err
    wrong = tmp_path / "draft.docx"
    wrong.write_bytes(b"PK")
    assert main(["targets", "read", str(wrong)]) == 1
    assert "expected a .txt or .md file" in capsys.readouterr().err
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("第一行\n增长9%".encode("gbk"))
    assert main(["targets", "read", str(gbk)]) == 1
    err = capsys.readouterr().err
    assert "gbk.txt" in err and "not UTF-8" in err and "row 1" in err


@pytest.mark.parametrize(
    "args",
    [["--window", "2030-2026"], ["--window", "soon"], ["--out", "targets.xlsx"],
     ["--format", "tex"]],
)  # fmt: skip
def test_bad_options_are_usage_errors(draft: Path, args: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["targets", "read", str(draft), *args])
    assert exc.value.code == 2
    assert "error: argument" in capsys.readouterr().err


def test_a_bom_is_accepted(tmp_path: Path, capsys) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff“十五五”期间,GDP年均增长5%左右。".encode())
    assert main(["targets", "read", str(path), "--format", "csv"]) == 0
    assert "gdp" in capsys.readouterr().out
