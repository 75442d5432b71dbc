"""The Monte Carlo attainment engine.

For each scenario, one set of joint paths is simulated for every indicator a plan's targets
need (GDP level, real growth and per-capita GDP from one path; the three shares from one
composition), and every target is judged on each whole path. The same root seed drives
every scenario (common random numbers), so differences between scenarios are differences
of levers, not of Monte Carlo noise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from ..errors import ModelError
from ..models import fit, simulate_joint
from ..rng import RngLike, root_seed
from ..scenarios import Scenario, load_scenario
from ..targets import Target, evaluate
from ..units import convert
from .fan import fan_quantiles
from .levers import growth_needed
from .plan import NOT_MODELLED, PlannedTarget, plan_targets, present_year

if TYPE_CHECKING:
    from ..models import PathSet

__all__ = ["Attainment", "attainment_table", "run_attainment"]

#: descriptive columns and per-scenario statistics of the wide table
_DESCRIBED = ("text", "indicator", "method", "unit")
_STATISTICS = ("p_attain", "mc_se", "median", "lo", "hi", "shift_p50", "shift_p80")
_SHIFTS = ("shift_p50", "shift_p80")
#: the probabilities for which the growth needed is reported
LEVER_PROBABILITIES = (0.5, 0.8)
#: quantiles of the outcome reported beside the probability (an 80% interval)
INTERVAL = (0.1, 0.9)


def _scenarios(scenarios: Iterable[str | Scenario] | str | Scenario) -> list[Scenario]:
    if isinstance(scenarios, (str, Scenario)):
        scenarios = [scenarios]
    return [s if isinstance(s, Scenario) else load_scenario(s) for s in scenarios]


def in_model_units(planned: PlannedTarget) -> Target:
    """Return the target with its value(s) in the unit of the model's path."""
    t = planned.target
    if t.basis not in ("level", "cumulative") or t.unit == planned.unit:
        return t
    return replace(
        t,
        value=convert(t.value, t.unit, planned.unit),
        value_hi=None if t.value_hi is None else convert(t.value_hi, t.unit, planned.unit),
        tolerance=None if t.tolerance is None else convert(t.tolerance, t.unit, planned.unit),
        unit=planned.unit,
    )


@dataclass(frozen=True)
class Judged:
    """Outcome of one target on every path of one scenario (model units).

    ``fan`` holds quantiles of the outcome as if the window ended in each year.
    """

    value: np.ndarray
    attained: np.ndarray
    fan: pd.DataFrame | None = None


def judge(
    planned: Sequence[PlannedTarget], paths: PathSet, *, fans: bool = False
) -> dict[str, Judged]:
    """Evaluate every simulated target on the joint paths.

    Parameters
    ----------
    planned : sequence of PlannedTarget
        Targets as classified by :func:`~zzsim.attainment.plan.plan_targets`.
    paths : zzsim.models.PathSet
        Joint simulated paths covering every target's years.
    fans : bool, default False
        Also compute the fan-chart quantiles.

    Returns
    -------
    dict of str to Judged
        Keyed by target id; targets not modelled are absent.
    """
    out: dict[str, Judged] = {}
    years = list(paths.years)
    for p in planned:
        if not p.simulated:
            continue
        target = in_model_units(p)
        indicator = str(target.indicator)
        levels = (
            paths.growth_index(indicator) if p.path == "growth_index" else paths.level(indicator)
        )
        outcome = evaluate(target, levels, years)
        fan = fan_quantiles(target, levels, years) if fans else None
        out[str(target.id)] = Judged(np.asarray(outcome.value), np.asarray(outcome.attained), fan)
    return out


def _statistics(planned: PlannedTarget, judged: Judged | None) -> dict[str, float]:
    """P(attain), its Monte Carlo SE, and the median and 80% interval of the outcome.

    The outcome is reported in the target's own unit (a level target stated in 万元 is
    simulated in 元). A target answered by the task ABM has a probability and no outcome.
    """
    if judged is None:
        prob, se = planned.task_probability or (np.nan, np.nan)
        return {"p_attain": prob, "mc_se": se, "median": np.nan, "lo": np.nan, "hi": np.nan}
    t = planned.target
    scale = convert(1.0, planned.unit, t.unit) if t.basis in ("level", "cumulative") else 1.0
    lo, median, hi = np.nanquantile(judged.value, [INTERVAL[0], 0.5, INTERVAL[1]]) * scale
    prob = float(judged.attained.mean())
    return {
        "p_attain": prob,
        "mc_se": float(np.sqrt(prob * (1 - prob) / judged.attained.size)),
        "median": float(median),
        "lo": float(lo),
        "hi": float(hi),
    }


def _outcome_unit(target: Target) -> str:
    """Return the unit of a target's outcome: its own unit for levels, else % or points."""
    if target.basis in ("level", "cumulative"):
        return target.unit
    return "个百分点" if target.basis == "change_pp" else "%"


def _answer_with_tasks(planned: list[PlannedTarget], tasks: Any) -> list[PlannedTarget]:
    """Give not-modelled count targets the completion probability of a matching task."""
    from ..abm import task_target_probabilities

    rows = pd.DataFrame(
        {
            "plan": [p.target.plan for p in planned],
            "indicator": [p.target.indicator or "" for p in planned],
            "text": [p.target.text or "" for p in planned],
            "end_year": [p.target.end_year for p in planned],
        },
        index=[str(p.target.id) for p in planned],
    )
    answers = task_target_probabilities(rows, tasks)
    matched = {
        str(tid): (str(r["task_id"]), float(r["p_attain"]), float(r["mc_se"]))
        for tid, r in answers[answers["method"] != NOT_MODELLED].to_dict("index").items()
    }
    out = []
    for p in planned:
        answer = matched.get(str(p.target.id))
        if p.simulated or answer is None:
            out.append(p)
            continue
        task_id, prob, se = answer
        out.append(
            replace(p, method=f"task ABM: {task_id}", reason="", task_probability=(prob, se))
        )
    return out


def _fit_models(
    planned: list[PlannedTarget], cutoff: int | None
) -> tuple[list[PlannedTarget], dict[str, Any]]:
    """Fit the model of every indicator the simulated targets need.

    An indicator whose model cannot be fitted with what was known at ``cutoff`` (one figure,
    say) leaves its targets *not modelled*, with the model's reason.
    """
    fitted: dict[str, Any] = {}
    failed: dict[str, str] = {}
    for indicator in sorted({str(p.target.indicator) for p in planned if p.simulated}):
        try:
            fitted[indicator] = fit(indicator, cutoff=cutoff)
        except ModelError as exc:
            failed[indicator] = f"the {indicator} model cannot be fitted: {exc}"
    out = [
        replace(
            p, method=NOT_MODELLED, reason=failed[str(p.target.indicator)], path="level", unit=""
        )
        if p.simulated and str(p.target.indicator) in failed
        else p
        for p in planned
    ]
    return out, fitted


@dataclass(frozen=True)
class Attainment:
    """Attainment probabilities of a plan's targets under scenarios (a results object).

    Use :func:`run_attainment` to build one. ``table`` is the wide table for a planning
    draft; ``long`` has one row per target and scenario.

    Attributes
    ----------
    planned : tuple of PlannedTarget
        The targets, with their method.
    scenarios : tuple of Scenario
        The scenarios, in column order.
    draws : int
        Simulated paths per scenario.
    outcomes : dict
        ``{scenario name: {target id: Judged}}``, the per-path outcomes (model units).
    lever : pandas.DataFrame
        Growth shift (pp, added to every year) at which P(attain) reaches 0.5 and 0.8, by
        target and scenario; NaN where the shift does not move the target.
    joint : pandas.Series
        P(all simulated targets attained on the same path), by scenario.
    seed : int or None
        The root seed.
    """

    planned: tuple[PlannedTarget, ...]
    scenarios: tuple[Scenario, ...]
    draws: int
    outcomes: Mapping[str, Mapping[str, Judged]]
    lever: pd.DataFrame
    joint: pd.Series
    seed: int | None = None
    _long: pd.DataFrame = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_long", self._build_long())

    def _build_long(self) -> pd.DataFrame:
        rows = []
        levers: dict[Any, dict[Any, Any]] = self.lever.to_dict("index")
        for s in self.scenarios:
            for p in self.planned:
                t = p.target
                shifts = levers.get((str(t.id), s.name), {})
                rows.append(
                    {
                        "target_id": t.id,
                        "plan": t.plan,
                        "text": t.text,
                        "indicator": t.indicator or "",
                        "scenario": s.name,
                        "method": p.method,
                        "reason": p.reason,
                        **_statistics(p, self.outcomes[s.name].get(str(t.id))),
                        **{k: float(shifts.get(k, np.nan)) for k in _SHIFTS},
                        "unit": _outcome_unit(t),
                    }
                )
        return pd.DataFrame(rows)

    @property
    def long(self) -> pd.DataFrame:
        """One row per target and scenario.

        Columns: ``target_id, plan, text, indicator, scenario, method, reason, p_attain,
        mc_se, median, lo, hi, shift_p50, shift_p80, unit``. ``median``/``lo``/``hi`` are
        the outcome in the target's own terms (level, growth %, ...), ``lo``/``hi`` the 10%
        and 90% quantiles.
        """
        return self._long.copy()

    @property
    def table(self) -> pd.DataFrame:
        """The wide table: one row per target, one column group per scenario.

        The last row, ``joint``, is the probability that all simulated targets of the plan
        are attained together.
        """
        long = self._long
        ids = [str(p.target.id) for p in self.planned]
        first = self.scenarios[0].name
        described = long[long["scenario"] == first].set_index("target_id")[list(_DESCRIBED)]
        stats = pd.DataFrame(
            long.set_index(["target_id", "scenario"])[list(_STATISTICS)].unstack("scenario")
        )
        stats = stats.swaplevel(axis=1).reindex(
            columns=pd.MultiIndex.from_tuples(
                [(s.name, v) for s in self.scenarios for v in _STATISTICS],
                names=["scenario", "statistic"],
            )
        )
        flat = pd.DataFrame(
            described.loc[ids].to_numpy(),
            index=ids,
            columns=pd.MultiIndex.from_tuples([(c, "") for c in _DESCRIBED]),
        )
        wide = pd.concat([flat, stats.loc[ids]], axis=1)
        n_simulated = sum(p.simulated for p in self.planned)
        joint = pd.DataFrame(
            [["全部可模拟目标同时达成", "", f"simulated: all {n_simulated} on one path", ""]],
            index=["joint"],
            columns=flat.columns,
        )
        for s in self.scenarios:
            joint[(s.name, "p_attain")] = self.joint[s.name]
        out = pd.concat([wide, joint])
        out.index.name = "target_id"
        return out

    def joint_probability(self, target_ids: Iterable[str]) -> pd.Series:
        """P(every target of a chosen group is attained on the same path), by scenario.

        Parameters
        ----------
        target_ids : iterable of str
            Simulated targets of the plan (e.g. the binding ones, or one chapter's).

        Returns
        -------
        pandas.Series
            Indexed by scenario name.

        Raises
        ------
        KeyError
            If a target is not in the plan or not simulated (its attainment is not
            known path by path).
        """
        ids = [str(i) for i in target_ids]
        simulated = {str(p.target.id) for p in self.planned if p.simulated}
        missing = [i for i in ids if i not in simulated]
        if missing or not ids:
            raise KeyError(f"not simulated targets of this plan: {missing or 'none given'}")
        return pd.Series(
            {
                s.name: float(
                    np.logical_and.reduce([self.outcomes[s.name][i].attained for i in ids]).mean()
                )
                for s in self.scenarios
            },
            name="joint",
        )

    def summary(self) -> pd.DataFrame:
        """Count targets by method, with the joint probability by scenario."""
        counts = pd.Series([p.method.split(":")[0] for p in self.planned]).value_counts()
        frame = pd.DataFrame({"targets": counts})
        for s in self.scenarios:
            frame[f"joint P ({s.name})"] = [
                self.joint[s.name] if m == "simulated" else np.nan for m in frame.index
            ]
        return frame


def run_attainment(
    plan_or_targets: str | pd.DataFrame | Iterable[Target],
    scenarios: Iterable[str | Scenario] | str | Scenario = ("baseline",),
    draws: int = 100_000,
    *,
    rng: RngLike = None,
    cutoff: int | None = None,
    lever_draws: int = 10_000,
    lever_grid: Sequence[float] = tuple(np.arange(-6.0, 6.01, 0.5)),
    progress: bool = True,
    tasks: Any = None,
) -> Attainment:
    """Simulate a plan's targets under scenarios.

    Parameters
    ----------
    plan_or_targets : str, DataFrame or iterable of Target
        A plan id (``"fyp14"``), target rows, or structured targets.
    scenarios : name, Scenario, or iterable of them
        Scenario names from ``scenarios/``, paths to YAML files, or Scenario objects.
    draws : int, default 100000
        Joint paths simulated per scenario.
    rng : int, SeedSequence or Generator, optional
        Root of the randomness. Every scenario and every grid point of the growth-needed
        search reuses the same root (common random numbers); the same seed gives the same
        table to the last digit. A Generator is consumed once to draw the root.
    cutoff : int, optional
        Fit the trajectory models only on what was known at this year (backtests).
    lever_draws : int, default 10000
        Paths per grid point of the growth-needed search (common random numbers).
    lever_grid : sequence of float
        Uniform growth shifts (pp) searched for the growth needed; empty to skip the
        search (the ``shift_*`` columns are then NaN).
    progress : bool, default True
        Show a progress bar.
    tasks : zzsim.abm.SimulationResults, optional
        Replications of the task table that serves the plan. Count targets the
        trajectory models leave *not modelled* then take the completion probability of a
        matching task (method ``task ABM: <task id>``), the same under every scenario;
        targets without a matching task stay not modelled. They are not part of the joint
        probability, which is over simulated paths.

    Returns
    -------
    Attainment
    """
    if draws < 1:
        raise ModelError(f"draws must be a positive number of paths, got {draws}")
    planned, fitted = _fit_models(plan_targets(plan_or_targets), cutoff)
    if tasks is not None:
        planned = _answer_with_tasks(planned, tasks)
    chosen = _scenarios(scenarios)
    seed = root_seed(rng)
    simulated = [p for p in planned if p.simulated]
    indicators = sorted({str(p.target.indicator) for p in simulated})
    outcomes: dict[str, dict[str, Judged]] = {}
    lever_rows: list[pd.DataFrame] = []
    joint: dict[str, float] = {}
    if not simulated:
        outcomes = {s.name: {} for s in chosen}
        joint = {s.name: np.nan for s in chosen}
        lever = pd.DataFrame()
    else:
        present = present_year(cutoff)
        first = min(present, *(p.years[0] for p in simulated))
        last = max(p.years[1] for p in simulated)
        years = tuple(range(first, last + 1))
        bar = tqdm(chosen, desc="scenarios", disable=not progress, leave=False)
        for scenario in bar:
            bar.set_postfix_str(scenario.name)
            paths = simulate_joint(
                indicators,
                years,
                draws,
                rng=seed,
                cutoff=cutoff,
                adjustments=scenario.adjustments(years, start=present + 1),
                fitted=fitted,
            )
            judged = judge(simulated, paths, fans=True)
            outcomes[scenario.name] = judged
            joint[scenario.name] = float(
                np.logical_and.reduce([j.attained for j in judged.values()]).mean()
            )
            if len(lever_grid) == 0:
                continue
            lever_rows.append(
                growth_needed(
                    simulated,
                    scenario,
                    years,
                    lever_grid,
                    lever_draws,
                    rng=seed,
                    cutoff=cutoff,
                    fitted=fitted,
                    probabilities=LEVER_PROBABILITIES,
                    start=present + 1,
                    simulate=simulate_joint,
                    judge=judge,
                )
            )
        lever = pd.concat(lever_rows) if lever_rows else pd.DataFrame()
    return Attainment(
        planned=tuple(planned),
        scenarios=tuple(chosen),
        draws=draws,
        outcomes=outcomes,
        lever=lever,
        joint=pd.Series(joint, name="joint"),
        seed=seed,
    )


def attainment_table(
    plan_or_targets: str | pd.DataFrame | Iterable[Target],
    scenarios: Iterable[str | Scenario] | str | Scenario = ("baseline",),
    draws: int = 100_000,
    *,
    rng: int | None = None,
    **options: object,
) -> pd.DataFrame:
    """Compute the attainment table of a plan under scenarios.

    Shorthand for ``run_attainment(...).table``; see :func:`run_attainment` for the
    parameters.

    Returns
    -------
    pandas.DataFrame
        One row per target (``target_id`` index; ``text``, ``indicator``, ``method``,
        ``unit``) and, per scenario, ``p_attain``, ``mc_se``, ``median``, ``lo``, ``hi``
        (80% interval of the outcome), ``shift_p50`` and ``shift_p80`` (growth shift in pp
        needed for a 50% / 80% chance). The last row ``joint`` is the probability that all
        simulated targets are attained together.
    """
    return run_attainment(plan_or_targets, scenarios, draws, rng=rng, **options).table  # type: ignore[arg-type]
