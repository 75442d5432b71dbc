"""The parameter file: every value documented, every mistake reported with file and key."""

from __future__ import annotations

import dataclasses
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
    for key, (unit, description) in config.documentation.items():
        assert unit.strip() and len(description) > 10, key


def test_shipped_file_loads_from_explicit_path():
    assert load_config(SHIPPED).params == default_config().params


def test_unknown_key_is_reported_with_file_and_key(tmp_path):
    path = _edit(
        tmp_path,
        "    weeks:\n      value: 52\n",
        "    weeks:\n      value: 52\n      colour: red\n",
    )
    with pytest.raises(DataError, match=r"params\.yaml.*model\.calendar\.weeks.*colour"):
        load_config(path)


def test_undocumented_parameter_is_rejected(tmp_path):
    path = _edit(
        tmp_path,
        "      unit: week\n      description: Length of the simulated year",
        "      unit: week\n      basis: Length of the simulated year",
    )
    with pytest.raises(DataError, match=r"model\.calendar\.weeks.*description"):
        load_config(path)


def test_out_of_range_value_names_the_parameter(tmp_path):
    path = _edit(
        tmp_path, "    surge_factor:\n      value: 1.5", "    surge_factor:\n      value: -1.5"
    )
    with pytest.raises(DataError, match=r"model\.calendar\.surge_factor.*> 0"):
        load_config(path)


def test_missing_parameter_is_rejected(tmp_path):
    path = _edit(tmp_path, "    rework_share:", "    rework_fraction:")
    with pytest.raises(DataError, match="missing parameters \\['rework_share'\\]"):
        load_config(path)


def test_replace_validates_and_rejects_unknown_names():
    params = default_config().params
    assert params.replace(capacity_scale=2.0).capacity_scale == 2.0
    with pytest.raises(ModelError, match="report_load"):
        params.replace(report_load=1.5)
    with pytest.raises(ModelError, match="unknown ABM parameter"):
        params.replace(capacities=3)
    with pytest.raises(ModelError, match=r"gates\.project"):
        params.replace(gates={**params.gates, "project": (0.5, 0.2)})
    with pytest.raises(ModelError, match="priority_rule"):
        params.replace(priority_rule="loudest_first")


def test_interventions_change_parameters_and_status_quo_does_not():
    config = default_config()
    base = config.params
    assert config.intervention(STATUS_QUO).apply(base) == base
    for name in config.interventions:
        changed = config.intervention(name).apply(base)
        assert changed != base, name
        assert {
            f.name
            for f in dataclasses.fields(Params)
            if getattr(changed, f.name) != getattr(base, f.name)
        }
    with pytest.raises(ModelError, match="unknown intervention"):
        config.intervention("more_meetings")


def test_fgw_capacity_is_the_number_of_its_internal_units_in_table2016():
    # the basis of capacity_override.fgw: one desk per 委内责任科室 named in the table
    units = {u for cell in load_tasks("table2016")["internal_units"] for u in cell}
    assert len(units) == default_config().params.capacity_override["fgw"] == 13
    basis = SHIPPED.read_text(encoding="utf-8")
    assert all(u in basis for u in units)


def test_overrides_round_trip(tmp_path):
    path = write_overrides(
        tmp_path / "fit.yaml", {"capacity_scale": 1.25, "new_share": 0.4}, comment="test"
    )
    assert path.read_text(encoding="utf-8").startswith("# test\n")
    assert read_overrides(path) == {"capacity_scale": 1.25, "new_share": 0.4}
    (tmp_path / "bad.yaml").write_text("capacity_scal: 1\n", encoding="utf-8")
    with pytest.raises(DataError, match=re.escape("bad.yaml")):
        read_overrides(tmp_path / "bad.yaml")
