"""``zzsim tasks simulate | calibrate | compare``."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from zzsim.abm.params import read_overrides
from zzsim.cli import main


def _run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_simulate_csv_has_one_row_per_task(capsys):
    out = _run(
        capsys,
        "tasks",
        "simulate",
        "--table",
        "2016",
        "--replications",
        "16",
        "--workers",
        "1",
        "--no-progress",
        "--format",
        "csv",
    )
    frame = pd.read_csv(io.StringIO(out))
    assert {"task_id", "lead", "p_complete", "p_on_track_midyear"} <= set(frame.columns)
    assert len(frame) == 23 and frame["task_id"].iloc[0] == "t2016-001"
    assert frame["p_complete"].between(0, 1).all()
    again = _run(
        capsys,
        "tasks",
        "simulate",
        "--table",
        "2016",
        "--replications",
        "16",
        "--workers",
        "1",
        "--no-progress",
    )
    assert again == out  # same seed, same output


def test_simulate_markdown_with_an_intervention(capsys):
    out = _run(
        capsys,
        "tasks",
        "simulate",
        "--table",
        "2008",
        "--replications",
        "8",
        "--workers",
        "1",
        "--no-progress",
        "--format",
        "md",
        "--intervention",
        "key_first",
    )
    lines = out.strip().splitlines()
    assert lines[0].startswith("| task_id |") and len(lines) == 2 + 57


def test_unknown_intervention_is_a_usage_error():
    with pytest.raises(SystemExit) as exc:
        main(["tasks", "simulate", "--table", "2016", "--intervention", "more_meetings"])
    assert exc.value.code == 2


def test_bad_params_file_is_an_error(tmp_path, capsys):
    bad = tmp_path / "p.yaml"
    bad.write_text("capacity_scale: -1\n", encoding="utf-8")
    assert (
        main(
            [
                "tasks",
                "simulate",
                "--table",
                "2008",
                "--replications",
                "2",
                "--workers",
                "1",
                "--params",
                str(bad),
            ]
        )
        == 1
    )
    assert "p.yaml" in capsys.readouterr().err


def test_calibrate_prints_each_moment_observed_and_simulated(tmp_path, capsys):
    out_file = tmp_path / "fit.yaml"
    out = _run(
        capsys,
        "tasks",
        "calibrate",
        "--replications",
        "4",
        "--workers",
        "1",
        "--no-progress",
        "--out",
        str(out_file),
    )
    moments_csv = out.split("\n\n")[0]
    moments = pd.read_csv(io.StringIO(moments_csv), index_col=0)
    assert list(moments.index) == [
        "started",
        "completed",
        "half_plan",
        "named_slow",
        "investment_h1",
        "listed_progress",
    ]
    assert moments.loc["started", "observed"] == pytest.approx(108 / 200)
    assert {"observed", "simulated"} <= set(moments.columns)
    assert set(read_overrides(out_file)) == {
        "capacity_scale",
        "responsiveness_scale",
        "exception_rate",
        "new_share",
        "final_share",
    }


def test_compare_prints_differences_with_intervals(capsys):
    out = _run(
        capsys,
        "tasks",
        "compare",
        "--table",
        "2008",
        "--replications",
        "8",
        "--workers",
        "1",
        "--no-progress",
    )
    frame = pd.read_csv(io.StringIO(out))
    assert {"intervention", "metric", "difference", "ci_low", "ci_high"} <= set(frame.columns)
    assert set(frame["intervention"]) == {
        "fgw_capacity",
        "fewer_participants",
        "stronger_supervision",
        "key_first",
    }
