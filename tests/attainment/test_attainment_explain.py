"""zzsim explain: what one target's probability rests on, and its fan chart."""

from __future__ import annotations

from pathlib import Path

import pytest

import zzsim
from zzsim.cli import main

EXAMPLE = zzsim.examples_dir() / "figures_2021_2022_hypothetical.csv"


def test_explain_names_every_figure_with_its_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    png = tmp_path / "fan.png"
    args = ["explain", "fyp14-001", "--draws", "1000", "--figures", str(EXAMPLE), "--png", str(png)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "# fyp14-001: 人均地区生产总值达到 12万元" in out
    assert "- reading: 2025年 ≥ 12万元" in out
    assert "004_d6a808445c4787d7.txt" in out  # a built-in figure, by its document
    assert "hypothetical example" in out and "| user |" in out  # the planner's, by origin
    assert "at the planning date 2022" in out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_explain_a_target_without_a_probability(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "fyp14-006", "--draws", "100"]) == 0
    out = capsys.readouterr().out
    assert "not modelled: a one-off count" in out and "P(attain)" not in out


def test_explain_an_unknown_target_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "fyp14-999", "--draws", "100"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("zzsim: error: no target 'fyp14-999'") and len(err.splitlines()) == 1
    assert main(["explain", "nonsense", "--draws", "100"]) == 1
    assert "give --plan or --targets" in capsys.readouterr().err
