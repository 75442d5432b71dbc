"""Scenario files: validation with located errors, immutability, translation to adjustments."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from zzsim.errors import ScenarioError
from zzsim.models import Adjustments
from zzsim.scenarios import Scenario, list_scenarios, load_scenario, register_hook

YEARS = tuple(range(2021, 2026))


def _write(tmp_path: Path, content: dict, name: str = "custom") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return path


def _base(**levers: object) -> dict:
    return {"name": "custom", "description": "测试情景", "levers": levers}


def test_shipped_scenarios_load() -> None:
    names = list_scenarios()
    assert {"baseline", "downside", "upside", "shock"} <= set(names)
    for name in names:
        scenario = load_scenario(name)
        assert scenario.name == name
        assert scenario.description and scenario.assumptions


def test_baseline_moves_no_lever() -> None:
    assert load_scenario("baseline").adjustments(YEARS) == Adjustments()


def test_downside_translates_to_adjustments() -> None:
    adj = load_scenario("downside").adjustments(YEARS)
    assert adj.growth_shift == {y: -1.0 for y in YEARS}
    assert adj.growth_shift_by_indicator == {"fixed_asset_investment": {y: -3.0 for y in YEARS}}
    assert adj.volatility == 1.25
    assert len(adj.shocks) == 1 and adj.shocks[0].probability == 0.10
    assert adj.share_drift == {"share_secondary": -0.3, "share_tertiary": 0.3}


def test_year_specific_values_override_all() -> None:
    scenario = Scenario.from_dict(_base(growth_shift={"all": -1.0, 2023: 0.5}))
    assert scenario.adjustments(YEARS).growth_shift == {
        2021: -1.0,
        2022: -1.0,
        2023: 0.5,
        2024: -1.0,
        2025: -1.0,
    }


@pytest.mark.parametrize(
    ("levers", "key", "message"),
    [
        ({"colour": "red"}, "levers.colour", "unknown key"),
        ({"volatility": -1.0}, "levers.volatility", "greater than 0"),
        ({"growth_shift": {2040: 1.0}}, "levers.growth_shift.2040", "outside the scenario horizon"),
        ({"growth_shift": {2022: 55.0}}, "levers.growth_shift.2022", "less than or equal to 20"),
        (
            {"shocks": [{"size": -2.0, "probability": 1.5}]},
            "levers.shocks.0.probability",
            "less than or equal to 1",
        ),
        ({"shocks": [{"size": -2.0, "rebound": 0.5}]}, "levers.shocks.0", "give its year"),
        (
            {"shocks": [{"size": -2.0, "year": 2050}]},
            "levers.shocks.0.year",
            "outside the scenario horizon",
        ),
        (
            {"share_drift": {"share_quaternary": 1.0}},
            "levers.share_drift.share_quaternary",
            "share_primary",
        ),
        (
            {"growth_shift_by_indicator": {"no_such_thing": {"all": 1.0}}},
            "levers.growth_shift_by_indicator.no_such_thing",
            "unknown indicator",
        ),
    ],
)
def test_invalid_scenarios_name_file_and_key(
    tmp_path: Path, levers: dict, key: str, message: str
) -> None:
    path = _write(tmp_path, _base(**levers))
    with pytest.raises(ScenarioError, match=message) as info:
        load_scenario(path)
    assert info.value.key == key
    assert info.value.file == str(path)


def test_missing_description(tmp_path: Path) -> None:
    path = _write(tmp_path, {"name": "custom", "levers": {}})
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.key == "description"


def test_name_must_match_file(tmp_path: Path) -> None:
    path = _write(tmp_path, _base(), name="other")
    with pytest.raises(ScenarioError, match="differs from the file name"):
        load_scenario(path)


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("name: broken\nlevers: {growth_shift: [1, 2\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="line") as info:
        load_scenario(path)
    assert info.value.file == str(path)


def test_duplicate_yaml_key_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("name: dup\ndescription: x\ndescription: y\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="duplicate key"):
        load_scenario(path)


def test_unknown_scenario_lists_known_names() -> None:
    with pytest.raises(ScenarioError, match=r"known: .*baseline"):
        load_scenario("no_such_scenario")


def test_scenarios_are_never_mutated() -> None:
    downside = load_scenario("downside")
    before = downside.spec.model_dump()
    shifted = downside.shifted(1.5)
    assert downside.spec.model_dump() == before
    assert shifted.adjustments(YEARS).growth_shift == {y: 0.5 for y in YEARS}
    with pytest.raises(ValidationError, match="frozen"):
        downside.spec.levers.volatility = 3.0  # type: ignore[misc]


def test_external_hook_sets_a_lever() -> None:
    calls: list[tuple[tuple[int, ...], dict]] = []

    def fake(years: tuple[int, ...], **options: object) -> dict[int, float]:
        calls.append((years, options))
        return {y: 0.25 for y in years}

    register_hook("test_fake", fake)
    scenario = Scenario.from_dict(
        _base(
            growth_shift_by_indicator={"fixed_asset_investment": {"all": 1.0}},
            external=[
                {
                    "hook": "test_fake",
                    "lever": "growth_shift_by_indicator",
                    "indicator": "fixed_asset_investment",
                    "options": {"k": 2},
                }
            ],
        )
    )
    adj = scenario.adjustments(YEARS)
    assert adj.growth_shift_by_indicator["fixed_asset_investment"] == {y: 1.25 for y in YEARS}
    assert calls == [(YEARS, {"k": 2})]


def test_unregistered_hook_is_a_scenario_error() -> None:
    scenario = Scenario.from_dict(_base(external=[{"hook": "nobody", "lever": "growth_shift"}]))
    with pytest.raises(ScenarioError, match="no external model registered as 'nobody'") as info:
        scenario.adjustments(YEARS)
    assert info.value.key == "levers.external.0.hook"


@pytest.mark.parametrize(
    ("content", "key", "message"),
    [
        ({"horizon": [2030, 2020]}, "horizon", "ends before it starts"),
        ({"horizon": [2010, 2020]}, "horizon", "must lie within"),
        (
            {"levers": {"growth_shift_by_indicator": {"urbanization_rate": {"all": 1.0}}}},
            "levers.growth_shift_by_indicator.urbanization_rate",
            "bounded indicator",
        ),
    ],
)
def test_horizon_and_lever_targets_are_checked(
    tmp_path: Path, content: dict, key: str, message: str
) -> None:
    path = _write(tmp_path, {"name": "custom", "description": "x", **content})
    with pytest.raises(ScenarioError, match=message) as info:
        load_scenario(path)
    assert info.value.key == key


def test_hook_options_that_do_not_fit_are_a_scenario_error_on_load() -> None:
    register_hook("test_strict", lambda years, *, k=1: {y: float(k) for y in years})
    content = _base(
        external=[{"hook": "test_strict", "lever": "growth_shift", "options": {"bogus": 3}}]
    )
    with pytest.raises(ScenarioError, match="options do not fit") as info:
        Scenario.from_dict(content)
    assert info.value.key == "levers.external.0.options"


def test_levers_act_only_inside_the_horizon_and_from_start() -> None:
    scenario = Scenario.from_dict(
        {
            "name": "custom",
            "description": "x",
            "horizon": [2022, 2024],
            "levers": {"growth_shift": {"all": -1.0}, "shocks": [{"year": 2023, "size": -3.0}]},
        }
    )
    adj = scenario.adjustments(range(2019, 2027))
    assert adj.growth_shift == {2022: -1.0, 2023: -1.0, 2024: -1.0}
    assert [s.year for s in adj.shocks] == [2023]
    later = scenario.adjustments(range(2019, 2027), start=2024)
    assert later.growth_shift == {2024: -1.0}
    assert later.shocks == ()  # dated before the first year levers may act in
