"""The results object of the attainment engine: tables a planner can paste into a draft.

:class:`Attainment` holds, for every target and scenario, the running statistics the
engine accumulated over all simulated paths (:mod:`zzsim.attainment.accumulate`), the
fan-chart quantiles, the growth needed and what each probability rests on, and renders
them as the long table (one row per target and scenario), the wide table (one row per
target, a column group per scenario) and the compact table printed by ``zzsim attain``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..scenarios import Scenario
from ..targets import Target
from ..units import convert
from .accumulate import OutcomeAccumulator, joint_share
from .plan import LEVEL_BASES, Method, PlannedTarget, stated_unit
from .progress import Progress

__all__ = ["INTERVAL", "LONG_COLUMNS", "Attainment", "Evidence"]

#: quantiles of the outcome reported beside the probability (an 80% interval)
INTERVAL = (0.1, 0.9)
#: the per-scenario statistics of the wide table
STATISTICS = ("p_attain", "mc_se", "median", "lo", "hi", "shift_p50", "shift_p80")
_SHIFTS = ("shift_p50", "shift_p80")
#: descriptive columns of the wide table
DESCRIBED = (
    "text",
    "indicator",
    "reading",
    "method",
    "unit",
    "figures",
    "last_year",
    "evidence",
    "binding",
    "commitment",
    "progress",
    "time_share",
)
#: columns of :attr:`Attainment.long`, in order
LONG_COLUMNS = (
    "target_id",
    "plan",
    "text",
    "indicator",
    "scenario",
    "method",
    "reason",
    "reading",
    *STATISTICS,
    "unit",
    "figures",
    "last_year",
    "evidence",
    "binding",
    "commitment",
    "per_year",
    "progress",
    "time_share",
)


@dataclass(frozen=True)
class Evidence:
    """What a probability rests on.

    Attributes
    ----------
    figures : int
        Figures that fed the indicator's model up to the planning date.
    last_year : int or None
        Year of the last of them.
    grade : str
        ``data``, ``data+prior`` or ``prior``: whether the figures or the prior dominate
        the forecast (see :mod:`zzsim.models`).
    """

    figures: int
    last_year: int | None
    grade: str


#: Chinese names of the shipped scenarios (other scenarios are shown by their file name)
SCENARIO_LABELS = {"baseline": "基线", "downside": "下行", "upside": "上行", "shock": "冲击"}


def scenario_label(name: str) -> str:
    """Return the Chinese name of a shipped scenario, else the scenario's own name."""
    return SCENARIO_LABELS.get(name, name)


def outcome_unit(target: Target) -> str:
    """Return the unit of a target's outcome: its own unit for levels, else % or points."""
    if target.basis in LEVEL_BASES:
        return target.unit
    return "个百分点" if target.basis == "change_pp" else "%"


def to_target_unit(planned: PlannedTarget, values: np.ndarray) -> np.ndarray:
    """Convert outcomes from the model's unit to the unit of the target's wording."""
    t = planned.target
    unit = stated_unit(t)
    if t.basis in LEVEL_BASES and planned.unit and planned.unit != unit:
        return values * convert(1.0, planned.unit, unit)
    return values


@dataclass(frozen=True)
class Attainment:
    """Attainment probabilities of a plan's targets under scenarios (a results object).

    Use :func:`~zzsim.attainment.run_attainment` to build one.

    Attributes
    ----------
    planned : tuple of PlannedTarget
        The targets, with their method, in the plan's order.
    scenarios : tuple of Scenario
        The scenarios, in column order.
    draws : int
        Simulated paths per scenario.
    stats : Mapping[str, Mapping[str, OutcomeAccumulator]]
        ``{scenario: {target id: accumulator}}`` for the simulated targets.
    fans : Mapping[str, Mapping[str, DataFrame]]
        ``{scenario: {target id: quantiles by year}}`` of the outcome as if the window
        ended in each year (model units), from the first chunk of paths.
    lever : pandas.DataFrame
        Growth shift (pp in every year after the planning date) at which P(attain)
        reaches 0.5 and 0.8, indexed by (target id, scenario); empty if not searched.
    evidence : Mapping[str, Evidence]
        What each simulated indicator's model rests on.
    progress : Mapping[str, Progress]
        Where each target whose window has begun stood at the planning date.
    present : int
        The planning date: the last year of known figures; levers act after it.
    seed : int
        The root seed.
    around : str
        How 左右 was read (``one-sided`` or ``band``).
    figures_used : pandas.DataFrame
        The figures that fed the models, with source, vintage and origin.
    figures_unused : pandas.DataFrame
        The planner's figures about the table's indicators that fed no model, with the
        reason (e.g. per-capita GDP, which the models derive from GDP and population).
    """

    planned: tuple[PlannedTarget, ...]
    scenarios: tuple[Scenario, ...]
    draws: int
    stats: Mapping[str, Mapping[str, OutcomeAccumulator]]
    fans: Mapping[str, Mapping[str, pd.DataFrame]]
    lever: pd.DataFrame
    evidence: Mapping[str, Evidence]
    progress: Mapping[str, Progress]
    present: int
    seed: int
    around: str = "one-sided"
    figures_used: pd.DataFrame = field(default_factory=pd.DataFrame)
    figures_unused: pd.DataFrame = field(default_factory=pd.DataFrame)
    _long: pd.DataFrame = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_long", self._build_long())

    @classmethod
    def from_outcomes(
        cls,
        planned: Iterable[PlannedTarget],
        scenarios: Iterable[Scenario],
        outcomes: Mapping[str, Mapping[str, Any]],
        *,
        present: int,
        seed: int = 0,
        evidence: Mapping[str, Evidence] | None = None,
    ) -> Attainment:
        """Build a result from per-path outcomes computed elsewhere (one chunk of paths).

        Parameters
        ----------
        planned : iterable of PlannedTarget
        scenarios : iterable of Scenario
        outcomes : Mapping[str, Mapping[str, Outcome]]
            ``{scenario: {target id: outcome}}``; each outcome has ``value`` and
            ``attained`` arrays over the same paths (model units).
        present : int
            The planning date.
        seed : int
            The seed the paths came from.
        evidence : Mapping[str, Evidence], optional
            By indicator.

        Returns
        -------
        Attainment
            No fans, no growth needed, no progress.
        """
        stats: dict[str, dict[str, OutcomeAccumulator]] = {}
        draws = 0
        for name, judged in outcomes.items():
            stats[name] = {}
            for tid, outcome in judged.items():
                value = np.asarray(outcome.value, dtype=float)
                acc = OutcomeAccumulator(max(value.size, 1))
                acc.add(value, np.asarray(outcome.attained, dtype=bool))
                stats[name][tid] = acc
                draws = value.size
        chosen = tuple(scenarios)
        return cls(
            planned=tuple(planned),
            scenarios=chosen,
            draws=draws,
            stats=stats,
            fans={s.name: {} for s in chosen},
            lever=pd.DataFrame(),
            evidence=dict(evidence or {}),
            progress={},
            present=present,
            seed=seed,
        )

    # -- per-target statistics --------------------------------------------------------
    def _statistics(self, planned: PlannedTarget, scenario: str) -> dict[str, float]:
        acc = self.stats.get(scenario, {}).get(str(planned.target.id))
        if acc is None:
            prob, se = planned.task_probability or (np.nan, np.nan)
            return {"p_attain": prob, "mc_se": se, "median": np.nan, "lo": np.nan, "hi": np.nan}
        quantiles = acc.sketch.quantiles((INTERVAL[0], 0.5, INTERVAL[1]))
        lo, median, hi = to_target_unit(planned, quantiles)
        prob = acc.hits / acc.paths
        return {
            "p_attain": prob,
            "mc_se": float(np.sqrt(prob * (1 - prob) / acc.paths)),
            "median": float(median),
            "lo": float(lo),
            "hi": float(hi),
        }

    def _build_long(self) -> pd.DataFrame:
        rows = []
        levers: dict[Any, dict[Any, Any]] = self.lever.to_dict("index")
        for s in self.scenarios:
            for p in self.planned:
                t = p.target
                shifts = levers.get((str(t.id), s.name), {})
                evidence = self.evidence.get(str(t.indicator)) if p.simulated else None
                progress = self.progress.get(str(t.id))
                rows.append(
                    {
                        "target_id": str(t.id),
                        "plan": t.plan,
                        "text": t.text,
                        "indicator": t.indicator or "",
                        "scenario": s.name,
                        "method": p.label,
                        "reason": p.reason,
                        "reading": t.describe(around=self.around),
                        **self._statistics(p, s.name),
                        **{k: float(shifts.get(k, np.nan)) for k in _SHIFTS},
                        "unit": outcome_unit(t),
                        "figures": evidence.figures if evidence else pd.NA,
                        "last_year": evidence.last_year if evidence else pd.NA,
                        "evidence": evidence.grade if evidence else "",
                        "binding": t.binding or "",
                        "commitment": t.commitment or "",
                        "per_year": t.per_year,
                        "progress": progress.done if progress else np.nan,
                        "time_share": progress.elapsed if progress else np.nan,
                    }
                )
        frame = pd.DataFrame(rows, columns=list(LONG_COLUMNS))
        for col in ("figures", "last_year"):
            frame[col] = frame[col].astype("Int64")
        return frame

    # -- tables -----------------------------------------------------------------------
    @property
    def long(self) -> pd.DataFrame:
        """One row per target and scenario (columns :data:`LONG_COLUMNS`).

        ``median``/``lo``/``hi`` are the outcome in the target's own terms and unit
        (level, growth %, ...), ``lo``/``hi`` the 10% and 90% quantiles; ``figures``,
        ``last_year`` and ``evidence`` say what the probability rests on; ``progress``
        and ``time_share`` where the target stood at the planning date (share of the
        required change achieved, share of the window elapsed).
        """
        return self._long.copy()

    @property
    def table(self) -> pd.DataFrame:
        """The wide table: one row per target, one column group per scenario.

        The last row, ``joint``, is the probability that all simulated targets of the plan
        are attained together on the same path.
        """
        long = self._long
        ids = [str(p.target.id) for p in self.planned]
        first = self.scenarios[0].name
        described = long[long["scenario"] == first].set_index("target_id")[list(DESCRIBED)]
        stats = pd.DataFrame(
            long.set_index(["target_id", "scenario"])[list(STATISTICS)].unstack("scenario")
        )
        stats = stats.swaplevel(axis=1).reindex(
            columns=pd.MultiIndex.from_tuples(
                [(s.name, v) for s in self.scenarios for v in STATISTICS],
                names=["scenario", "statistic"],
            )
        )
        flat = described.loc[ids].copy()
        flat.columns = pd.MultiIndex.from_tuples([(c, "") for c in DESCRIBED])
        wide = pd.concat([flat, stats.loc[ids]], axis=1)
        n_simulated = sum(p.simulated for p in self.planned)
        joint = pd.DataFrame(
            [["全部可模拟目标同时达成", "", "", f"simulated: all {n_simulated} on one path"]],
            index=["joint"],
            columns=flat.columns[:4],
        )
        for s in self.scenarios:
            joint[(s.name, "p_attain")] = self.joint[s.name]
        out = pd.concat([wide, joint])
        out.index.name = "target_id"
        return out

    @property
    def joint(self) -> pd.Series:
        """P(all simulated targets attained on the same path), by scenario."""
        ids = [str(p.target.id) for p in self.planned if p.simulated]
        if not ids:
            return pd.Series({s.name: np.nan for s in self.scenarios}, name="joint")
        return self.joint_probability(ids)

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
            {s.name: joint_share([self.stats[s.name][i] for i in ids]) for s in self.scenarios},
            name="joint",
        )

    def cdf(self, target_id: str, scenario: str, value: float) -> float:
        """Share of simulated outcomes at or below ``value`` (in the target's unit).

        Parameters
        ----------
        target_id : str
            A simulated target.
        scenario : str
            A scenario of this result.
        value : float
            An outcome in the target's own unit (as in :attr:`long`).

        Returns
        -------
        float
            The probability integral transform of ``value`` (within the histogram's
            resolution once there are more paths than one chunk).

        Raises
        ------
        KeyError
            If the target is not simulated or the scenario unknown.
        """
        planned = {str(p.target.id): p for p in self.planned}[target_id]
        acc = self.stats[scenario][target_id]
        t = planned.target
        model_value = value
        if t.basis in LEVEL_BASES and planned.unit and planned.unit != stated_unit(t):
            model_value = convert(value, stated_unit(t), planned.unit)
        return acc.sketch.cdf(model_value)

    def not_modelled(self) -> pd.DataFrame:
        """Return the targets without a probability, with the reason for each.

        Returns
        -------
        pandas.DataFrame
            Indexed by target id: ``text``, ``indicator``, ``reason``.
        """
        rows = [
            {
                "target_id": str(p.target.id),
                "text": p.target.text,
                "indicator": p.target.indicator or "",
                "reason": p.reason,
            }
            for p in self.planned
            if p.method is Method.NOT_MODELLED
        ]
        return pd.DataFrame(rows, columns=["target_id", "text", "indicator", "reason"]).set_index(
            "target_id"
        )

    def reasons(self) -> pd.Series:
        """Count the targets that are not modelled, by kind of reason (most frequent first)."""
        kinds = [p.reason_kind for p in self.planned if p.method is Method.NOT_MODELLED]
        return pd.Series(kinds, dtype=str).value_counts().rename("targets")

    def summary(self) -> pd.DataFrame:
        """Count targets by method, with the joint probability by scenario."""
        counts = pd.Series([str(p.method) for p in self.planned]).value_counts()
        frame = pd.DataFrame({"targets": counts})
        for s in self.scenarios:
            frame[f"joint P ({s.name})"] = [
                self.joint[s.name] if m == str(Method.SIMULATED) else np.nan for m in frame.index
            ]
        return frame

    def __repr__(self) -> str:
        simulated = sum(p.simulated for p in self.planned)
        return (
            f"<Attainment {len(self.planned)} targets ({simulated} simulated) x "
            f"{', '.join(s.name for s in self.scenarios)}; {self.draws} paths; "
            f"planning date {self.present}>"
        )
