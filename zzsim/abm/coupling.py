"""Coupling of the task ABM to the attainment engine.

**Investment lever.** The simulated key-project portfolio carries money: the share φ of the
year's planned key-project investment that is done by the year's end (money-weighted plan
fulfilment). The key projects carry a share s of all fixed-asset investment, read from the
mid-year report as H1 key-project investment / H1 fixed-asset investment (381.6 / 896.9),
and the year's investment goal G is last year's level × (1 + g), g the plan's growth target
(18%). A change Δφ of key-project fulfilment moves the year's investment by s·G·Δφ, i.e. its
growth on last year by

    shift (pp) = 100 · s · (1 + g/100) · (φ - φ_ref),

with φ_ref the fulfilment of a reference run (the status quo, so that the lever measures an
intervention) or 1 (the full plan) when no reference is given. The result goes to the
engine as ``Adjustments.growth_shift_by_indicator = {"fixed_asset_investment": {year: pp}}``.

**Task targets.** Targets without an indicator are "not modelled" by the trajectory models.
Such a target takes the ABM's completion probability of a task when (matching rule) it
belongs to the plan the table serves, is due in the table's year, and its wording (white
space removed, full- and half-width commas unified) occurs verbatim in the task's text; the
first such task in table order is used. No match, no probability.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError, field_validator

from ..errors import ModelError
from ..rng import SEED_BOUND
from .figures import source_figure, target_row
from .outputs import SimulationResults
from .params import STATUS_QUO, AbmConfig, default_config
from .rules import interval_z

__all__ = [
    "InvestmentHookOptions",
    "InvestmentLever",
    "investment_hook",
    "investment_lever",
    "task_target_probabilities",
]

#: method label of a target answered by the ABM
ABM_METHOD = "abm task completion"
#: method label of a target nobody models
NOT_MODELLED = "not modelled"


@dataclass(frozen=True)
class InvestmentLever:
    """The investment lever set from the ABM's key-project portfolio.

    Attributes
    ----------
    indicator : str
        Indicator whose growth is shifted (``fixed_asset_investment``).
    year : int
        The simulated year.
    plan_done : float
        Mean share of key projects whose plan for the year is done.
    fulfilment : float
        Mean share of planned key-project investment done (φ).
    reference : float
        φ of the reference (status quo), or 1 for the full plan.
    key_share : float
        Key projects' share of fixed-asset investment (s).
    growth_target : float
        The plan's investment growth target (g, %).
    growth_shift : float
        Shift of investment growth, percentage points.
    ci_low, ci_high : float
        Confidence interval of the shift (paired runs when a reference is given).
    """

    indicator: str
    year: int
    plan_done: float
    fulfilment: float
    reference: float
    key_share: float
    growth_target: float
    growth_shift: float
    ci_low: float
    ci_high: float

    def adjustments(self) -> dict[str, dict[int, float]]:
        """Return the lever in the engine's ``growth_shift_by_indicator`` form.

        Returns
        -------
        dict
            ``{indicator: {year: shift_pp}}``.
        """
        return {self.indicator: {self.year: self.growth_shift}}


def investment_lever(
    results: SimulationResults,
    *,
    reference: SimulationResults | None = None,
    config: AbmConfig | None = None,
    data_dir: str | Path | None = None,
) -> InvestmentLever:
    """Map the simulated key-project fulfilment to a growth shift of fixed-asset investment.

    Parameters
    ----------
    results : SimulationResults
        Replications of a table with a portfolio (``table2016``), e.g. under an intervention.
    reference : SimulationResults, optional
        The status quo on the same seeds; the shift is then relative to it (paired).
        Without it the shift is relative to the full plan (φ_ref = 1).
    config : AbmConfig, optional
        Ids of the growth target and the indicators (``coupling`` in params.yaml).
    data_dir : str or Path, optional
        Folder of the figure base.

    Returns
    -------
    InvestmentLever

    Raises
    ------
    ModelError
        If the results have no portfolio, or the reference ran other seeds.
    """
    config = config or default_config()
    coupling = config.coupling
    if results.network.portfolio is None:
        raise ModelError(
            f"{results.network.table} has no key-project portfolio: no investment lever"
        )
    source = results.network.source
    key_share = source_figure(coupling.key_investment_indicator, source, data_dir=data_dir) / (
        source_figure(coupling.total_investment_indicator, source, data_dir=data_dir)
    )
    growth = float(target_row(coupling.growth_target, data_dir=data_dir)["value"])
    scale = 100.0 * key_share * (1.0 + growth / 100.0)
    phi = results.metrics()["key_money_fulfilment"].to_numpy()
    if reference is not None:
        if [s.entropy for s in reference.seeds] != [s.entropy for s in results.seeds] or len(
            reference
        ) != len(results):
            raise ModelError("the reference must run the same seeds as the results (paired runs)")
        base = reference.metrics()["key_money_fulfilment"].to_numpy()
    else:
        base = np.ones_like(phi)
    shifts = scale * (phi - base)
    level = config.calibration.interval_level
    half = float(interval_z(level) * shifts.std(ddof=1) / np.sqrt(len(shifts)))
    mean = float(shifts.mean())
    return InvestmentLever(
        indicator=coupling.lever_indicator,
        year=results.network.year,
        plan_done=float(results.metrics()["key_plan_done"].mean()),
        fulfilment=float(phi.mean()),
        reference=float(base.mean()),
        key_share=key_share,
        growth_target=growth,
        growth_shift=mean,
        ci_low=mean - half,
        ci_high=mean + half,
    )


class InvestmentHookOptions(BaseModel):
    """Options of the ``task_abm`` scenario hook (:func:`investment_hook`), validated once.

    Scenario files name these under ``levers.external[i].options``; a scenario loader can
    validate them with ``InvestmentHookOptions.model_validate(options)`` before anything
    runs. Types are strict (a bool is not a number, a string is not a number).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    intervention: Annotated[
        str,
        Strict(),
        Field(description="intervention of params.yaml (status_quo for none); unit: -"),
    ] = STATUS_QUO
    replications: Annotated[
        int,
        Strict(),
        Field(ge=1, le=1_000_000, description="simulated years; unit: replication"),
    ] = 200
    seed: Annotated[
        int,
        Strict(),
        Field(ge=0, lt=SEED_BOUND, description="root seed of the runs; unit: -"),
    ] = 2016
    relative: Annotated[
        bool,
        Strict(),
        Field(description="shift against the status quo (true) or the full plan; unit: -"),
    ] = True
    workers: Annotated[
        int | None,
        Strict(),
        Field(ge=1, description="processes of a local pool (1: this process); unit: process"),
    ] = 1

    @field_validator("intervention")
    @classmethod
    def _known(cls, name: str) -> str:
        known = [STATUS_QUO, *default_config().interventions]
        if name not in known:
            raise ValueError(f"unknown intervention {name!r}; known: {known}")
        return name


def investment_hook(years: Sequence[int], **options: Any) -> dict[int, float]:
    """Investment lever as an external-model hook of a scenario (``levers.external``).

    Runs the 2016 table under an intervention and returns its growth shift of fixed-asset
    investment for the simulated year, if it is among ``years``. zzsim registers it as
    ``task_abm``; a scenario then names the hook with ``lever: growth_shift_by_indicator``,
    ``indicator: fixed_asset_investment`` and the options of
    :class:`InvestmentHookOptions` (``intervention``, ``replications``, ``seed``,
    ``relative``, ``workers``).

    Parameters
    ----------
    years : sequence of int
        Years the scenario simulates.
    **options
        Fields of :class:`InvestmentHookOptions`; each is validated before anything runs.

    Returns
    -------
    dict of int to float
        ``{year: pp}``; empty when the simulated year is not among ``years``.

    Raises
    ------
    ModelError
        If an option is unknown or out of range, naming the option.
    """
    from .interventions import run_interventions
    from .network import build_network

    try:
        opts = InvestmentHookOptions.model_validate(options)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "options"
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = f"unknown option; known: {sorted(InvestmentHookOptions.model_fields)}"
        raise ModelError(
            f"task_abm option {key!r}: {message} (got {first.get('input')!r})"
        ) from None
    config = default_config()
    network = build_network("table2016", config=config)
    if network.year not in set(years):
        return {}
    names = () if opts.intervention == STATUS_QUO else (opts.intervention,)
    runs = run_interventions(
        network,
        names,
        config=config,
        replications=opts.replications,
        rng=opts.seed,
        workers=opts.workers,
        progress=False,
    )
    reference = runs[STATUS_QUO] if opts.relative else None
    lever = investment_lever(runs[opts.intervention], reference=reference, config=config)
    return {lever.year: lever.growth_shift}


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text).replace(",", ",")


def task_target_probabilities(
    targets: pd.DataFrame, results: SimulationResults, *, config: AbmConfig | None = None
) -> pd.DataFrame:
    """Give "not modelled" count targets the completion probability of a matching task.

    Parameters
    ----------
    targets : pandas.DataFrame
        Plan targets as from :func:`zzsim.data.load_targets` (indexed by id, with
        ``plan``, ``indicator``, ``text``, ``end_year``).
    results : SimulationResults
        Replications of the task table that serves the plan.
    config : AbmConfig, optional
        Which plan each table serves (``tables`` in params.yaml).

    Returns
    -------
    pandas.DataFrame
        One row per target without an indicator, indexed by target id: ``text``,
        ``task_id`` (None without a match), ``p_attain`` (the task's P(complete by the
        year's end); NaN without a match), ``mc_se`` and ``method`` (``abm task
        completion`` or ``not modelled``).
    """
    config = config or default_config()
    network = results.network
    plan = config.table(network.table).plan
    tasks = results.tasks()
    texts = {
        tid: _normalise(text) for tid, text in zip(network.task_ids, network.texts, strict=True)
    }
    unmodelled = targets[targets["indicator"].fillna("") == ""]
    rows = []
    for target_id, target in unmodelled.iterrows():
        wording = _normalise(str(target["text"]))
        due = target["plan"] == plan and target["end_year"] == network.year
        task = next((tid for tid, text in texts.items() if due and wording in text), None)
        rows.append(
            {
                "target_id": target_id,
                "text": target["text"],
                "task_id": task,
                "p_attain": tasks.at[task, "p_complete"] if task else np.nan,
                "mc_se": tasks.at[task, "p_complete_se"] if task else np.nan,
                "method": ABM_METHOD if task else NOT_MODELLED,
            }
        )
    columns = ["target_id", "text", "task_id", "p_attain", "mc_se", "method"]
    return pd.DataFrame(rows, columns=columns).set_index("target_id")
