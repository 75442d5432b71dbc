"""Which targets of a plan the trajectory models can judge, and how.

A target is *simulated* when it concerns the whole city, names an indicator with a
trajectory model, and states its value in a unit the model's path converts to. Every
other target is listed with method ``not modelled`` and the reason — never with a
made-up probability.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from ..data import load_series, load_targets
from ..data.schema import CITY
from ..errors import ModelError
from ..models import list_models
from ..targets import Target
from ..units import convertible

__all__ = ["NOT_MODELLED", "PlannedTarget", "plan_targets", "present_year"]

NOT_MODELLED = "not modelled"
#: bases judged on the index the indicator's growth is reported in (real for GDP)
GROWTH_BASES = frozenset({"yoy_growth", "avg_growth", "multiple"})


@dataclass(frozen=True)
class PlannedTarget:
    """A target with what the engine needs to judge it.

    Attributes
    ----------
    target : Target
        The structured target.
    method : str
        ``"simulated: <model>"``, ``"task ABM: <task id>"`` or ``"not modelled"``.
    reason : str
        Why a target is not modelled (empty when simulated).
    path : str
        ``"growth_index"`` for growth bases, ``"level"`` otherwise.
    unit : str
        The unit of the model's path (the target's value is converted to it).
    task_probability : tuple of float, optional
        For a count target answered by the task ABM: P(the matching task is completed by
        the year's end) and its Monte Carlo standard error.
    """

    target: Target
    method: str
    reason: str = ""
    path: str = "level"
    unit: str = ""
    task_probability: tuple[float, float] | None = None

    @property
    def simulated(self) -> bool:
        """True when the trajectory models judge this target."""
        return self.method.startswith("simulated")

    @property
    def years(self) -> tuple[int, int]:
        """First and last year the path must cover (base year for growth bases)."""
        start, end = self.target.window
        base = self.target.base_year
        return (base if base is not None else start), end


def _classify(target: Target, models: pd.DataFrame) -> PlannedTarget:
    def skip(reason: str) -> PlannedTarget:
        return PlannedTarget(target, NOT_MODELLED, reason)

    if not target.indicator:
        return skip("a one-off count (projects, firms, talents): no series to model")
    if target.region and target.region != CITY:
        return skip(f"concerns {target.region}, not the whole city")
    if target.indicator not in models.index:
        return skip(f"no trajectory model for {target.indicator}")
    model_unit = str(models.at[target.indicator, "unit"])
    growth = target.basis in GROWTH_BASES or target.basis == "reduction"
    if growth and target.basis != "multiple" and target.unit != "%":
        return skip(f"a {target.basis} target stated in {target.unit!r}, expected '%'")
    if target.basis == "change_pp" and target.unit not in ("个百分点", "%"):
        return skip(f"a change in points stated in {target.unit!r}")
    if target.basis in ("level", "cumulative") and not convertible(target.unit, model_unit):
        return skip(f"stated in {target.unit!r}; the model's path is in {model_unit!r}")
    path = "growth_index" if target.basis in GROWTH_BASES else "level"
    return PlannedTarget(
        target, f"simulated: {models.at[target.indicator, 'model']!s}", path=path, unit=model_unit
    )


def present_year(cutoff: int | None = None) -> int:
    """Return the planning date: the last year whose figures the models may know.

    Scenario levers act from the year after it, and simulations always start from it, so
    that a target's probability does not depend on which other targets share the table.

    Parameters
    ----------
    cutoff : int, optional
        A backtest's cutoff. Without one, the last year that an annual figure about the
        whole city describes (a figure published after the year it describes).

    Returns
    -------
    int
    """
    if cutoff is not None:
        return cutoff
    series = load_series()
    annual = series[(series["region"] == CITY) & (series["vintage"] > series["year"])]
    return int(annual["year"].max())


def plan_targets(plan_or_targets: str | pd.DataFrame | Iterable[Target]) -> list[PlannedTarget]:
    """Classify the targets of a plan.

    Parameters
    ----------
    plan_or_targets : str, DataFrame or iterable of Target
        A plan id (``"fyp14"``), a frame of target rows as returned by
        :func:`zzsim.data.load_targets`, or structured targets.

    Returns
    -------
    list of PlannedTarget
        In the order of the plan.

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
    models = list_models().set_index("id")
    return [_classify(t, models) for t in targets]
