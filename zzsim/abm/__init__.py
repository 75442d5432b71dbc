"""Agent-based model of inter-agency task completion (Mesa), calibrated on the mid-year notice.

Each task of a work report has a lead agency (牵头单位) and participating agencies (参与单位).
Agencies are Mesa agents with a weekly capacity, a queue of coordination requests and a
responsiveness; a lead shares its capacity over its open tasks; a task goes on past a
clearance point once its participants have cleared it (Pressman-Wildavsky, with Bowen's
repeated attempts) - the members of a collective in parallel, a quorum of them sufficing;
a listed task may also wait for a body outside the table; exceptions cause rework (the
Virtual Design Team's hidden work); quarterly reports, the mid-year 时间过半、任务过半 check
and a year-end surge shape the year. The key projects are generated each year: built by
their owners, new ones start on a schedule after their approvals. The week, phase by
phase, is in :mod:`zzsim.abm.week`; the assumptions and their sources in
:mod:`zzsim.abm.network` and ``params.yaml``.

Main entry points
-----------------
build_network
    Tasks, agencies and portfolio of ``table2016`` or ``table2008``.
TaskModel
    The Mesa model (agent loop; the reference the array core reproduces exactly).
simulate
    Many replications with the array core, on any executor -> SimulationResults.
moment_table, calibrate
    The moments of the 2016 notice; simulated method of moments -> CalibrationResult.
run_interventions, compare_interventions
    Interventions against the status quo, with confidence intervals
    (:func:`zzsim.abm.interventions.explain_interventions` says what drives each).
investment_lever, investment_hook, InvestmentHookOptions, task_target_probabilities
    Coupling to the attainment engine and to scenarios.

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
