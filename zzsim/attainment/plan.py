"""Which targets the trajectory models can judge, how, and from which planning date.

A target is *simulated* when it concerns the whole city, names an indicator whose
trajectory model can be fitted on the figures known at the planning date, states its
value in a unit the model's path converts to, and its years lie within what the model
covers. Every other target is listed with :attr:`Method.NOT_MODELLED` and the reason —
never with a made-up probability.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from ..data import load_series, load_targets
from ..data.schema import CITY, PLANS
from ..errors import ModelError
from ..targets import Target, plan_period
from ..units import convert, convertible

__all__ = [
    "NOT_MODELLED",
    "Method",
    "PlannedTarget",
    "in_model_units",
    "plan_targets",
    "present_year",
]

#: kinds of reasons a target is not modelled (the key) and what they mean (the value)
REASON_KINDS = {
    "one-off count": "a count of projects, firms or facilities with no series behind it",
    "no indicator": "a draft's wording names no indicator of indicators.yaml",
    "not city-wide": "concerns a county, district or area, not the whole city",
    "no usable figure": "no figure of the indicator that a model can read",
    "unit or basis": "stated in a unit or on a basis the indicator's model cannot judge",
    "growth only": "only the growth of the indicator is known, not its level",
    "model not fitted": "the indicator's model cannot be fitted on the figures known",
    "before the figures": "the target's years lie before the first figure",
    "zero target": "a target of zero (清零, 全部脱贫) on an indicator the models keep above zero",
}
#: bases judged on the index the indicator's growth is reported in (real for GDP)
GROWTH_BASES = frozenset({"yoy_growth", "avg_growth", "multiple"})
#: bases stated in the unit of the level (converted to the model's unit of the level)
LEVEL_BASES = frozenset({"level", "cumulative", "change", "avg_change"})


class Method(enum.Enum):
    """How a target's probability is obtained."""

    SIMULATED = "simulated"
    TASK_ABM = "task ABM"
    NOT_MODELLED = "not modelled"

    def __str__(self) -> str:
        return self.value


#: the method of a target with no probability (kept as a name for readable comparisons)
NOT_MODELLED = Method.NOT_MODELLED


@dataclass(frozen=True)
class PlannedTarget:
    """A target with what the engine needs to judge it.

    Attributes
    ----------
    target : Target
        The structured target.
    method : Method
        Simulated, answered by the task ABM, or not modelled.
    model : str
        The trajectory model (simulated) or the task id (task ABM); empty otherwise.
    reason : str
        Why a target is not modelled (empty otherwise).
    reason_kind : str
        The kind of that reason (one of :data:`REASON_KINDS`), for counts by kind.
    path : {"level", "growth_index"}
        Which simulated path the target is judged on.
    unit : str
        The unit of the model's path (the target's value is converted to it).
    task_probability : tuple of float, optional
        For a count target answered by the task ABM: P(the matching task is completed by
        the year's end) and its Monte Carlo standard error.
    """

    target: Target
    method: Method
    model: str = ""
    reason: str = ""
    reason_kind: str = ""
    path: str = "level"
    unit: str = ""
    task_probability: tuple[float, float] | None = None

    @property
    def simulated(self) -> bool:
        """True when the trajectory models judge this target."""
        return self.method is Method.SIMULATED

    @property
    def label(self) -> str:
        """The method as shown in tables: ``simulated: <model>``, ``task ABM: <task>``, ..."""
        return f"{self.method}: {self.model}" if self.model else str(self.method)

    @property
    def years(self) -> tuple[int, int]:
        """First and last year the path must cover (the base year for growth bases)."""
        start, end = self.target.window
        base = self.target.base_year
        return (base if base is not None else start), end

    @property
    def period_start(self) -> int:
        """First year of the period the target speaks of.

        Its window's start; for a level target named for its end year (达到12万元 by 2025),
        the start of its plan's period (the 14th FYP: 2021), which the fan chart shows and
        the mid-term review's straight line starts from.
        """
        start, end = self.target.window
        period = plan_period(self.target.plan)
        if self.target.basis == "level" and period is not None and period[0] <= end:
            return min(start, period[0])
        return start

    def skipped(self, kind: str, reason: str) -> PlannedTarget:
        """Return this target as not modelled, for ``reason`` of kind ``kind``."""
        if kind not in REASON_KINDS:
            raise ValueError(f"unknown kind of reason {kind!r}")
        return replace(
            self,
            method=Method.NOT_MODELLED,
            model="",
            reason=reason,
            reason_kind=kind,
            path="level",
            unit="",
        )


#: a sum over the years of yearly counts of persons counts person-times (人次): 累计25万人次
#: of new urban jobs is the sum of the yearly 万人, so these units convert one to one
_TALLIES = {"万人次": "万人", "人次": "人"}


def stated_unit(target: Target) -> str:
    """Return the unit a target's number converts from (person-times summed: persons)."""
    if target.basis == "cumulative":
        return _TALLIES.get(target.unit, target.unit)
    return target.unit


def in_model_units(planned: PlannedTarget) -> Target:
    """Return the target with its value(s) in the unit of the model's path.

    Parameters
    ----------
    planned : PlannedTarget

    Returns
    -------
    Target
        Unchanged unless a level or cumulative target is stated in another unit of the
        same dimension (``12万元`` against a path in ``元``; a sum in ``万人次`` against
        yearly counts in ``万人``).
    """
    t = planned.target
    unit = stated_unit(t)
    if t.basis not in LEVEL_BASES or unit == planned.unit:
        return t
    return replace(
        t,
        value=convert(t.value, unit, planned.unit),
        value_hi=None if t.value_hi is None else convert(t.value_hi, unit, planned.unit),
        tolerance=None if t.tolerance is None else convert(t.tolerance, unit, planned.unit),
        unit=planned.unit,
    )


def _classify(target: Target, models: pd.DataFrame) -> PlannedTarget:
    """Decide from the wording and the modelled ids whether a target can be simulated."""
    skip = PlannedTarget(target, Method.NOT_MODELLED).skipped
    if not target.indicator and target.plan not in PLANS:
        return skip(
            "no indicator",
            "the wording names no indicator of data/indicators.yaml: fill the row's "
            "indicator, or name the indicator as indicators.yaml does (or an alias of it)",
        )
    if not target.indicator:
        return skip("one-off count", "a one-off count (projects, firms, talents): no series")
    if target.region and target.region != CITY:
        return skip("not city-wide", f"concerns {target.region}, not the whole city")
    if target.indicator not in models.index:
        return skip("no usable figure", f"no figure of {target.indicator} that a model can read")
    model_unit = str(models.at[target.indicator, "unit"])
    growth = target.basis in GROWTH_BASES or target.basis == "reduction"
    if growth and target.basis != "multiple" and target.unit != "%":
        return skip("unit or basis", f"a {target.basis} target stated in {target.unit!r}")
    if target.basis == "change_pp" and target.unit not in ("个百分点", "%"):
        return skip("unit or basis", f"a change in points stated in {target.unit!r}")
    if target.basis in LEVEL_BASES and not convertible(stated_unit(target), model_unit):
        return skip(
            "unit or basis", f"stated in {target.unit!r}; the model's path is in {model_unit!r}"
        )
    if target.basis == "level" and target.operator in ("<=", "<") and target.value <= 0:
        family = str(models.at[target.indicator, "family"])
        return skip(
            "zero target",
            f"a target of zero: the {family} model of {target.indicator} keeps it above "
            "zero and cannot say when it reaches zero",
        )
    path = "growth_index" if target.basis in GROWTH_BASES else "level"
    if path == "level" and bool(models.at[target.indicator, "growth_only"]):
        return skip("growth only", f"no level of {target.indicator} is known, only its growth")
    return PlannedTarget(
        target,
        Method.SIMULATED,
        model=str(models.at[target.indicator, "model"]),
        path=path,
        unit=model_unit,
    )


def present_year(series: pd.DataFrame | None = None, *, as_of: int | None = None) -> int:
    """Return the planning date: the last year whose figures the models may know.

    Parameters
    ----------
    series : pandas.DataFrame, optional
        The figure base, merged with the planner's figures (default: the built-in base).
    as_of : int, optional
        A planning date chosen by the user (a backtest's cutoff, ``--as-of``): a year up
        to the last figure.

    Returns
    -------
    int
        ``as_of`` if given; else the last year that an annual figure about the whole city
        describes (a figure published after the year it describes).

    Raises
    ------
    ModelError
        If ``as_of`` lies after the last figure: the planning date is a year whose
        figures are known.
    """
    frame = load_series() if series is None else series
    annual = frame[(frame["region"] == CITY) & (frame["vintage"] > frame["year"])]
    last = int(annual["year"].max())
    if as_of is None:
        return last
    if as_of > last:
        raise ModelError(
            f"as of {as_of}: the last city-wide figure is about {last}, so nothing is known "
            f"of {last + 1}-{as_of}; give an as-of year up to {last}, or your figures up to "
            f"{as_of} (--figures)"
        )
    return int(as_of)


def as_targets(plan_or_targets: str | pd.DataFrame | Iterable[Target]) -> list[Target]:
    """Return structured targets from a plan id, a frame of target rows or targets.

    Parameters
    ----------
    plan_or_targets : str, DataFrame or iterable of Target

    Returns
    -------
    list of Target

    Raises
    ------
    ModelError
        If no target is given.
    """
    if isinstance(plan_or_targets, str):
        frame = load_targets(plan_or_targets)
        targets: Sequence[Target] = [Target.from_row(r) for _, r in frame.iterrows()]
    elif isinstance(plan_or_targets, pd.DataFrame):
        targets = [Target.from_row(r) for _, r in plan_or_targets.iterrows()]
    else:
        targets = list(plan_or_targets)
    if not targets:
        raise ModelError("no targets to evaluate")
    return list(targets)


def plan_targets(
    plan_or_targets: str | pd.DataFrame | Iterable[Target],
    *,
    models: pd.DataFrame | None = None,
) -> list[PlannedTarget]:
    """Classify the targets of a plan from their wording and the modelled indicators.

    This is the first pass, before any model is fitted: :func:`~zzsim.attainment.
    run_attainment` then leaves *not modelled* the targets whose model cannot be fitted
    on the figures known at the planning date, or does not reach back to their base year.

    Parameters
    ----------
    plan_or_targets : str, DataFrame or iterable of Target
        A plan id (``"fyp14"``), a frame of target rows as returned by
        :func:`zzsim.data.load_targets`, or structured targets.
    models : pandas.DataFrame, optional
        The modelled ids (:func:`zzsim.models.list_models`), indexed by id with columns
        ``unit``, ``model`` and ``growth_only``; default the built-in list.

    Returns
    -------
    list of PlannedTarget
        In the order of the plan.

    Raises
    ------
    ModelError
        If no target is given.
    """
    targets = as_targets(plan_or_targets)
    if models is None:
        from ..models import list_models

        models = list_models().set_index("id")
    return [_classify(t, models) for t in targets]
