"""The parameter file: every value documented, strict types, every mistake named by file and key."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from zzsim.abm.params import (
    STATUS_QUO,
    Params,
    default_config,
    load_config,
    read_overrides,
    write_overrides,
)
from zzsim.data import load_tasks
from zzsim.errors import DataError, ModelError

SHIPPED = Path(default_config().path)


def _edit(tmp_path: Path, old: str, new: str) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "params.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_every_parameter_has_value_unit_and_description():
    config = default_config()
    documented = {key.rsplit(".", 1)[-1] for key in config.documentation}
    assert set(Params.names()) <= documented
    for key, (unit, description, _) in config.documentation.items():
        assert unit.strip() and len(description) > 10, key


def test_every_fixed_parameter_says_why():
    # a parameter the calibration does not fit is fixed for a stated reason (its basis)
    config = default_config()
    for name in set(Params.names()) - set(config.calibration.free):
        assert len(config.basis(name)) > 10, name


def test_shipped_file_loads_from_explicit_path():
    assert load_config(SHIPPED).params == default_config().params


def test_unknown_key_is_reported_with_file_and_key(tmp_path):
    path = _edit(
        tmp_path,
        "    weeks:\n      value: 52\n",
        "    weeks:\n      value: 52\n      colour: red\n",
    )
    with pytest.raises(
        DataError, match=r"params\.yaml, key 'model\.calendar\.weeks\.colour'.*unknown key"
    ):
        load_config(path)


def test_undocumented_parameter_is_rejected(tmp_path):
    path = _edit(
        tmp_path, "    description: Kind of a task whose text has none of the keywords.\n", ""
    )
    with pytest.raises(
        DataError, match=r"key 'classification\.default_kind\.description'.*Field required"
    ):
        load_config(path)


def test_out_of_range_value_names_the_yaml_key(tmp_path):
    path = _edit(
        tmp_path, "    surge_factor:\n      value: 1.5", "    surge_factor:\n      value: -1.5"
    )
    with pytest.raises(DataError, match=r"model\.calendar\.surge_factor.*greater than 0"):
        load_config(path)


def test_a_bool_is_not_a_number(tmp_path):
    path = _edit(
        tmp_path, "    report_load:\n      value: 0.1", "    report_load:\n      value: true"
    )
    with pytest.raises(DataError, match=r"model\.calendar\.report_load.*valid number"):
        load_config(path)
    with pytest.raises(ModelError, match="new_share"):
        default_config().params.replace(new_share=True)
    with pytest.raises(ModelError, match="capacity_scale"):
        default_config().params.replace(capacity_scale="2")


def test_missing_parameter_is_rejected(tmp_path):
    path = _edit(tmp_path, "    rework_share:", "    rework_fraction:")
    with pytest.raises(DataError, match=r"missing parameters \['rework_share'\]"):
        load_config(path)


def test_bounds_must_hold_the_value_of_a_free_parameter(tmp_path):
    path = _edit(tmp_path, "      bounds: [0.01, 2.0]", "      bounds: [1.5, 2.0]")
    with pytest.raises(DataError, match=r"approval_scale.*outside its bounds"):
        load_config(path)


def test_replace_validates_and_rejects_unknown_names():
    params = default_config().params
    assert params.replace(capacity_scale=2.0).capacity_scale == 2.0
    with pytest.raises(ModelError, match="report_load"):
        params.replace(report_load=1.5)
    with pytest.raises(ModelError, match="unknown ABM parameter"):
        params.replace(capacities=3)
    with pytest.raises(ModelError, match=r"gates.*increasing"):
        params.replace(gates={**params.gates, "project": (0.5, 0.2)})
    with pytest.raises(ModelError, match="priority_rule"):
        params.replace(priority_rule="loudest_first")
    with pytest.raises(ModelError, match=r"check_weeks.*within 1\.\.52"):
        params.replace(check_weeks=(13, 60))


def test_interventions_change_parameters_and_status_quo_does_not():
    config = default_config()
    base = config.params
    assert config.intervention(STATUS_QUO).apply(base) == base
    for name in config.interventions:
        assert config.intervention(name).apply(base) != base, name
    faster = config.intervention("faster_approvals").apply(base)
    assert faster.approval_scale == pytest.approx(2 * base.approval_scale)  # relative change
    with pytest.raises(ModelError, match="unknown intervention"):
        config.intervention("more_meetings")


def test_fgw_capacity_is_the_number_of_its_internal_units_in_table2016():
    # the basis of capacity_override.fgw: one desk per 委内责任科室 named in the table
    units = {u for cell in load_tasks("table2016")["internal_units"] for u in cell}
    assert len(units) == default_config().params.capacity_override["fgw"] == 13
    basis = SHIPPED.read_text(encoding="utf-8")
    assert all(u in basis for u in units)


def test_desks_basis_counts_the_units_fgw_names_on_its_tasks():
    # "21 led tasks ... 32 (task, internal unit) pairs over 12 of its units"
    tasks = load_tasks("table2016")
    led = tasks[tasks["lead_ids"].map(lambda ids: ids[0] == "fgw")]
    pairs = sum(len(units) for units in led["internal_units"])
    units = {u for cell in led["internal_units"] for u in cell}
    assert (len(led), pairs, len(units)) == (21, 32, 12)
    assert "21 led tasks in table2016 name 32 (task, internal unit) pairs over 12" in (
        default_config().basis("desks")
    )


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_overrides_round_trip(tmp_path, suffix):
    path = write_overrides(
        tmp_path / f"fit{suffix}", {"capacity_scale": 1.25, "new_share": 0.4}, comment="test"
    )
    text = path.read_text(encoding="utf-8")
    if suffix == ".json":
        assert json.loads(text) == {"capacity_scale": 1.25, "new_share": 0.4}
    else:
        assert text.startswith("# test\n")
    assert read_overrides(path) == {"capacity_scale": 1.25, "new_share": 0.4}
    (tmp_path / "bad.yaml").write_text("capacity_scal: 1\n", encoding="utf-8")
    with pytest.raises(DataError, match=re.escape("bad.yaml")):
        read_overrides(tmp_path / "bad.yaml")


def test_overrides_read_the_estimates_of_a_calibration_record(tmp_path):
    path = write_overrides(
        tmp_path / "cal.yaml", {"command": "zzsim ...", "estimates": {"new_share": 0.5}}
    )
    assert read_overrides(path) == {"new_share": 0.5}


def test_unknown_output_suffix_is_refused(tmp_path):
    with pytest.raises(ModelError, match=r"\.yaml, \.yml, \.json"):
        write_overrides(tmp_path / "fit.txt", {"new_share": 0.5})
    assert not (tmp_path / "fit.txt").exists()
