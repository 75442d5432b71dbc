"""Scenario input: strict types, files that are not files, names given twice, horizons that
miss the simulated years, and hook options checked when the file is read."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Annotated

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, Field

import zzsim.scenarios.scenario as scenario_module
from zzsim.errors import ScenarioError
from zzsim.scenarios import (
    MAX_SCENARIO_BYTES,
    Scenario,
    load_scenario,
    load_scenarios,
    register_hook,
)

YEARS = tuple(range(2021, 2026))


def _base(**levers: object) -> dict:
    return {"name": "custom", "description": "测试情景", "levers": levers}


def _write(folder: Path, content: dict, name: str = "custom") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _own_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hooks registered by a test are forgotten after it."""
    monkeypatch.setattr(scenario_module, "_HOOKS", dict(scenario_module._HOOKS))


# --- strict types --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("levers", "key", "message"),
    [
        ({"volatility": True}, "levers.volatility", "valid number"),
        ({"volatility": "1.5"}, "levers.volatility", "valid number"),
        ({"volatility": float("nan")}, "levers.volatility", "finite number"),
        ({"growth_shift": {2023: True}}, "levers.growth_shift.2023", "valid number"),
        ({"growth_shift": {"2023": 1.0}}, "levers.growth_shift.2023", r"a year \(a whole number\)"),
        ({"growth_shift": {"al": 1.0}}, "levers.growth_shift.al", "or 'all', got 'al'"),
        ({"deflator": {"all": "2%"}}, "levers.deflator.all", "valid number"),
        ({"shocks": [{"size": -2.0, "year": 2022.0}]}, "levers.shocks.0.year", "valid integer"),
        ({"shocks": [{"size": False}]}, "levers.shocks.0.size", "valid number"),
        (
            {"external": [{"hook": "h", "lever": "growth_shift", "options": {"k": [1, 2]}}]},
            "levers.external.0.options.k",
            "a number, a string or true/false",
        ),
    ],
)
def test_a_bool_or_a_string_is_not_a_number(levers: dict, key: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message) as info:
        Scenario.from_dict(_base(**levers))
    assert info.value.key == key


def test_whole_numbers_are_fine_for_numbers() -> None:
    scenario = Scenario.from_dict(
        _base(volatility=2, growth_shift={"all": -1, 2023: 1}, shocks=[{"size": -3, "year": 2022}])
    )
    assert scenario.levers.volatility == 2.0 and isinstance(scenario.levers.volatility, float)
    assert scenario.adjustments(YEARS).growth_shift == {
        2021: -1.0,
        2022: -1.0,
        2023: 1.0,
        2024: -1.0,
        2025: -1.0,
    }


def test_horizon_years_are_whole_numbers() -> None:
    with pytest.raises(ScenarioError) as info:
        Scenario.from_dict({"name": "c", "description": "x", "horizon": [True, 2025]})
    assert info.value.key == "horizon.0"


# --- files -------------------------------------------------------------------------------


def test_a_folder_is_not_a_scenario(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="is a folder") as info:
        load_scenario(tmp_path)
    assert info.value.file == str(tmp_path)


def test_a_symlink_loop_is_not_a_scenario(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    with pytest.raises(ScenarioError, match="symbolic links"):
        load_scenario(tmp_path / "a.yaml")


def test_a_broken_symlink_says_so(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "gone.yaml")
    with pytest.raises(ScenarioError, match="symbolic link to a missing file"):
        load_scenario(tmp_path / "a.yaml")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_not_read(device: str) -> None:
    with pytest.raises(ScenarioError, match="not a regular file"):
        load_scenario(device)


def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")  # reading it would block for ever
    with pytest.raises(ScenarioError, match="not a regular file"):
        load_scenario(tmp_path / "pipe.yaml")


def test_an_oversized_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "custom.yaml"
    content = yaml.safe_dump(_base(), allow_unicode=True)
    path.write_text(content + "#" * (MAX_SCENARIO_BYTES - len(content.encode()) + 1), "utf-8")
    with pytest.raises(ScenarioError, match=f"at most {MAX_SCENARIO_BYTES}"):
        load_scenario(path)
    path.write_text(content + "#" * (MAX_SCENARIO_BYTES - len(content.encode()) - 1), "utf-8")
    assert load_scenario(path).name == "custom"  # just under the limit is read


def test_a_name_is_looked_up_first_and_a_path_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "baseline").mkdir()  # a folder that happens to share the name
    assert load_scenario("baseline").name == "baseline"
    with pytest.raises(ScenarioError, match="is a folder"):
        load_scenario("./baseline")
    _write(tmp_path, _base(), name="custom")
    os.rename(tmp_path / "custom.yaml", tmp_path / "custom")  # an existing file, no suffix
    assert load_scenario("custom").name == "custom"


# --- one table, each scenario once ---------------------------------------------------------


def test_load_scenarios_keeps_the_order() -> None:
    assert [s.name for s in load_scenarios(["upside", "baseline"])] == ["upside", "baseline"]
    assert [s.name for s in load_scenarios("downside")] == ["downside"]


@pytest.mark.parametrize("second", ["baseline", "path", "object"])
def test_a_scenario_given_twice_is_an_error(second: str) -> None:
    first = load_scenario("baseline")
    other = {"baseline": "baseline", "path": first.path, "object": first}[second]
    with pytest.raises(ScenarioError, match="'baseline' is given twice") as info:
        load_scenarios(["baseline", other])
    assert info.value.key == "name"


def test_no_scenario_is_an_error() -> None:
    with pytest.raises(ScenarioError, match="no scenario given"):
        load_scenarios([])


# --- horizon -------------------------------------------------------------------------------


def _horizon(start: int, end: int, **levers: object) -> Scenario:
    return Scenario.from_dict({**_base(**levers), "horizon": [start, end]})


def test_a_horizon_that_misses_the_simulated_years_is_an_error() -> None:
    scenario = _horizon(2016, 2020, growth_shift={"all": -1.0})
    with pytest.raises(ScenarioError) as info:
        scenario.adjustments(range(2020, 2026), start=2021)
    message = str(info.value)
    assert "'custom'" in message and "2016-2020" in message and "2021-2025" in message
    assert info.value.key == "horizon"


@pytest.mark.parametrize(
    "levers",
    [
        {"volatility": 1.5},
        {"shocks": [{"size": -2.0, "probability": 0.1}]},
        {"share_drift": {"share_tertiary": 0.3}},
    ],
)
def test_any_lever_counts(levers: dict) -> None:
    with pytest.raises(ScenarioError, match="would go unused"):
        _horizon(2030, 2035, **levers).adjustments(YEARS)


def test_no_error_when_the_horizon_overlaps_or_nothing_moves() -> None:
    assert _horizon(2025, 2030, growth_shift={"all": 1.0}).adjustments(YEARS).growth_shift == {
        2025: 1.0
    }
    assert _horizon(2016, 2020).adjustments(YEARS).growth_shift == {}  # no lever: nothing lost
    # every simulated year is known (levers may act only after them): no scenario can act
    assert _horizon(2021, 2025, volatility=1.5).adjustments(range(2015, 2021), start=2021)


# --- hook options --------------------------------------------------------------------------


class _Options(BaseModel):
    """A stand-in for zzsim.abm.coupling.InvestmentHookOptions."""

    model_config = ConfigDict(extra="forbid", strict=True)
    replications: Annotated[int, Field(ge=1)] = 200
    relative: bool = True


def _hook(years: tuple[int, ...], *, replications: int = 200, relative: bool = True) -> dict:
    return {year: replications / 100 for year in years}


def _external(hook: str, **options: object) -> dict:
    return _base(external=[{"hook": hook, "lever": "growth_shift", "options": options}])


@pytest.mark.parametrize(
    ("options", "key", "message"),
    [
        ({"replications": -5}, "levers.external.0.options.replications", "greater than or equal"),
        ({"replications": 2.5}, "levers.external.0.options.replications", "valid integer"),
        ({"relative": 1}, "levers.external.0.options.relative", "valid boolean"),
        ({"replicatons": 5}, "levers.external.0.options.replicatons", "unknown key"),
    ],
)
def test_hook_options_are_checked_against_their_model_on_load(
    tmp_path: Path, options: dict, key: str, message: str
) -> None:
    register_hook("stand_in", _hook, options=_Options)
    path = _write(tmp_path, _external("stand_in", **options))
    with pytest.raises(ScenarioError, match=message) as info:
        load_scenario(path)
    assert info.value.key == key and info.value.file == str(path)


def test_valid_hook_options_reach_the_hook() -> None:
    register_hook("stand_in", _hook, options=_Options)
    scenario = Scenario.from_dict(_external("stand_in", replications=50))
    assert scenario.adjustments(YEARS).growth_shift == {y: 0.5 for y in YEARS}


def test_a_hook_registered_after_loading_is_checked_when_applied() -> None:
    scenario = Scenario.from_dict(_external("late", replications=-5))
    register_hook("late", _hook, options=_Options)
    with pytest.raises(ScenarioError, match="greater than or equal") as info:
        scenario.adjustments(YEARS)
    assert info.value.key == "levers.external.0.options.replications"


def test_an_error_inside_a_hook_is_not_blamed_on_its_options() -> None:
    def broken(years: tuple[int, ...]) -> dict:
        raise TypeError("a bug in the hook")

    register_hook("broken", broken)
    scenario = Scenario.from_dict(_external("broken"))
    with pytest.raises(TypeError, match="a bug in the hook"):
        scenario.adjustments(YEARS)


def test_register_hook_wants_a_model_class() -> None:
    with pytest.raises(TypeError, match="pydantic model class"):
        register_hook("bad", _hook, options={"replications": int})  # type: ignore[arg-type]


def test_builtin_task_abm_options_use_its_model_when_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The built-in hook's options model is looked up in zzsim.abm.coupling on use."""
    coupling = importlib.import_module("zzsim.abm.coupling")
    content = _base(
        external=[
            {
                "hook": "task_abm",
                "lever": "growth_shift_by_indicator",
                "indicator": "fixed_asset_investment",
                "options": {"replications": -5},
            }
        ]
    )
    monkeypatch.setattr(coupling, "InvestmentHookOptions", _Options, raising=False)
    with pytest.raises(ScenarioError, match="greater than or equal") as info:
        Scenario.from_dict(content)
    assert info.value.key == "levers.external.0.options.replications"
    # without the model, the signature alone is checked: a known option passes on load
    monkeypatch.delattr(coupling, "InvestmentHookOptions", raising=False)
    assert Scenario.from_dict(content).levers.external[0].options == {"replications": -5}
    content["levers"]["external"][0]["options"] = {"replicatons": 5}
    with pytest.raises(ScenarioError, match="options do not fit the hook 'task_abm'"):
        Scenario.from_dict(content)
