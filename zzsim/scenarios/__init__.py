"""Scenarios: named sets of levers applied to a copy of the fitted baseline.

Scenario files live in ``scenarios/*.yaml`` (shipped with the package); see
:mod:`zzsim.scenarios.schema` for every lever, its meaning and unit.
"""

from .scenario import (
    MAX_SCENARIO_BYTES,
    Hook,
    Scenario,
    list_scenarios,
    load_scenario,
    load_scenarios,
    register_hook,
)
from .schema import HORIZON, ExternalLever, LeverSet, ScenarioSpec, ShockSpec

__all__ = [
    "HORIZON",
    "MAX_SCENARIO_BYTES",
    "ExternalLever",
    "Hook",
    "LeverSet",
    "Scenario",
    "ScenarioSpec",
    "ShockSpec",
    "list_scenarios",
    "load_scenario",
    "load_scenarios",
    "register_hook",
]
