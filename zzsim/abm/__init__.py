"""Agent-based model of inter-agency task completion (Mesa), calibrated on the mid-year report.

Each task of a work report has a lead agency (牵头单位) and participating agencies (参与单位).
Agencies are Mesa agents with a weekly capacity, a queue of coordination requests, a
priority rule and a responsiveness; a task advances when its lead works on it and every
participant has cleared its current clearance point (Pressman-Wildavsky, with repeated
attempts as in Bowen); exceptions cause rework (the Virtual Design Team's hidden work);
quarterly reports, the mid-year 时间过半、任务过半 check and a year-end surge shape the year.
A generated key-project portfolio runs alongside the 2016 table and carries the calibration
moments of the mid-year report.

Main entry points
-----------------
build_network
    Tasks, agencies and portfolio of ``table2016`` or ``table2008``.
TaskModel
    The Mesa model (agent loop; reference implementation).
simulate
    Many replications with the array core, on any executor -> SimulationResults.
calibrate
    Simulated method of moments on the mid-year report -> CalibrationResult.
run_interventions, compare_interventions
    Interventions against the status quo, with confidence intervals.
investment_lever, task_target_probabilities
    Coupling to the attainment engine.

Parameters and their meanings are in ``zzsim/abm/params.yaml`` (:func:`load_config`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .calibration import CalibrationResult, calibrate
    from .coupling import (
        InvestmentHookOptions,
        InvestmentLever,
        investment_hook,
        investment_lever,
        task_target_probabilities,
    )
    from .interventions import compare_interventions, run_interventions
    from .model import TaskModel
    from .moments import MomentTable, moment_table
    from .network import TaskNetwork, build_network
    from .outputs import SimulationResults
    from .params import AbmConfig, Params, default_config, load_config
    from .runner import simulate
    from .summary import Summaries

#: where each public name lives; modules load on first use, so that the worker processes of
#: a pool (which only need the array core) do not import Mesa, scipy.optimize and the rest
_WHERE = {
    "AbmConfig": "params",
    "CalibrationResult": "calibration",
    "InvestmentHookOptions": "coupling",
    "InvestmentLever": "coupling",
    "MomentTable": "moments",
    "Params": "params",
    "SimulationResults": "outputs",
    "Summaries": "summary",
    "TaskModel": "model",
    "TaskNetwork": "network",
    "build_network": "network",
    "calibrate": "calibration",
    "compare_interventions": "interventions",
    "default_config": "params",
    "investment_hook": "coupling",
    "investment_lever": "coupling",
    "load_config": "params",
    "moment_table": "moments",
    "run_interventions": "interventions",
    "simulate": "runner",
    "task_target_probabilities": "coupling",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "AbmConfig",
    "CalibrationResult",
    "InvestmentHookOptions",
    "InvestmentLever",
    "MomentTable",
    "Params",
    "SimulationResults",
    "Summaries",
    "TaskModel",
    "TaskNetwork",
    "build_network",
    "calibrate",
    "compare_interventions",
    "default_config",
    "investment_hook",
    "investment_lever",
    "load_config",
    "moment_table",
    "run_interventions",
    "simulate",
    "task_target_probabilities",
]
