"""``zzsim tasks simulate | calibrate | compare``: outputs, and one-line errors for bad input."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
import yaml

from zzsim.abm.params import read_overrides
from zzsim.cli import main

FAST = ("--workers", "1", "--no-progress")


def _run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def _usage_error(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.strip().splitlines()[-1]


def test_simulate_csv_has_one_row_per_task(capsys):
    argv = ("tasks", "simulate", "--table", "2016", "--replications", "16", *FAST)
    out = _run(capsys, *argv, "--format", "csv")
    frame = pd.read_csv(io.StringIO(out))
    assert {"task_id", "name", "lead", "observed", "p_complete", "p_on_track_midyear"} <= set(
        frame.columns
    )
    assert len(frame) == 23 and frame["task_id"].iloc[0] == "t2016-001"
    assert frame["p_complete"].between(0, 1).all()
    assert _run(capsys, *argv) == out  # same seed, same output


def test_simulate_markdown_with_an_intervention(capsys):
    out = _run(
        capsys,
        *("tasks", "simulate", "--table", "2008", "--replications", "8", *FAST),
        *("--format", "md", "--intervention", "key_first"),
    )
    lines = out.strip().splitlines()
    assert lines[0].startswith("| task_id |") and len(lines) == 2 + 57


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--replications", "-1", "expected at least 1, got -1"),
        ("--replications", "0", "expected at least 1, got 0"),
        ("--replications", "many", "expected a whole number"),
        ("--workers", "-2", "expected at least 1, got -2"),
        ("--seed", "-1", "expected at least 0, got -1"),
        ("--intervention", "more_meetings", "invalid choice"),
    ],
)
def test_bad_arguments_are_one_line_usage_errors(capsys, option, value, message):
    line = _usage_error(capsys, "tasks", "simulate", "--table", "2016", option, value)
    assert message in line


@pytest.mark.parametrize("command", ["calibrate", "compare"])
def test_every_subcommand_checks_its_numbers(capsys, command):
    table = () if command == "calibrate" else ("--table", "2016")
    assert "at least 1" in _usage_error(capsys, "tasks", command, *table, "--workers", "0")
    assert "at least 1" in _usage_error(capsys, "tasks", command, *table, "--replications", "-3")


def test_replications_beyond_memory_are_refused_with_the_figure(capsys):
    code = main(["tasks", "simulate", "--table", "2016", "--replications", "10" + "0" * 20])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "replications need about" in err and "of memory is available" in err


def test_bad_params_file_is_an_error(tmp_path, capsys):
    bad = tmp_path / "p.yaml"
    bad.write_text("capacity_scale: -1\n", encoding="utf-8")
    code = main(
        ["tasks", "simulate", "--table", "2008", "--replications", "2", *FAST, "--params", str(bad)]
    )
    assert code == 1
    assert "p.yaml" in capsys.readouterr().err


def test_calibrate_out_refuses_an_unknown_suffix_before_any_work(tmp_path, capsys):
    line = _usage_error(capsys, "tasks", "calibrate", "--out", str(tmp_path / "cal.txt"))
    assert "the format follows the suffix" in line
    assert not (tmp_path / "cal.txt").exists()


@pytest.fixture(scope="module")
def calibration_output(tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("cal")
    argv = [
        *("tasks", "calibrate", "--replications", "4", "--test-replications", "20"),
        *("--workers", "1", "--no-progress"),
        *("--out", str(out_dir / "cal.json")),
    ]
    buffer = io.StringIO()
    from contextlib import redirect_stdout

    with redirect_stdout(buffer):
        assert main(argv) == 0
    return buffer.getvalue(), out_dir / "cal.json"


def test_calibrate_prints_moments_parameters_tasks_and_j(calibration_output):
    out, _ = calibration_output
    moments = pd.read_csv(io.StringIO(out.split("\n\n")[0]), index_col=0)
    assert moments.loc["started", "observed"] == pytest.approx(108 / 200)
    assert {"observed", "simulated", "z"} <= set(moments.columns)
    assert "on track t2016-020" in moments.index
    assert "\nJ = " in out and " dof " in out and "calibration took" in out
    assert "(reference: J simulated under the fit, 20 draws - not chi2" in out


def test_calibrate_out_json_is_json_and_readable_as_params(calibration_output):
    _, path = calibration_output
    record = json.loads(path.read_text(encoding="utf-8"))  # not YAML in a .json file
    assert record["command"].startswith("zzsim tasks calibrate --replications 4 --seed ")
    assert record["command"].endswith("--test-replications 20")
    assert record["test_replications"] == 20 and len(record["logit_scale"]["estimate"]) == 5
    from zzsim.abm.params import default_config

    free = set(default_config().calibration.free)
    assert set(read_overrides(path)) == set(record["estimates"]) == free


def test_calibrate_out_yaml(tmp_path, monkeypatch, capsys):
    # the record's writer is the same; a .yaml suffix gives YAML
    from zzsim.abm.params import write_overrides

    path = write_overrides(tmp_path / "cal.yaml", {"estimates": {"new_share": 0.5}}, comment="c")
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == {"estimates": {"new_share": 0.5}}


def test_compare_prints_differences_with_intervals_and_drivers(capsys):
    out = _run(capsys, "tasks", "compare", "--table", "2008", "--replications", "8", *FAST)
    effects, explained = out.split("\n\n")[:2]
    frame = pd.read_csv(io.StringIO(effects))
    assert {"intervention", "metric", "difference", "ci_low", "ci_high"} <= set(frame.columns)
    assert set(frame["intervention"]) == {
        "fgw_capacity",
        "fewer_participants",
        "stronger_supervision",
        "key_first",
        "faster_approvals",
    }
    sentences = pd.read_csv(io.StringIO(explained), index_col=0)
    assert sentences["sentence"].str.contains("主要来源").all()
