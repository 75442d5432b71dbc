"""The attainment pipeline: from a plan (or a draft) to :class:`~zzsim.attainment.Attainment`.

1. **Figures**: the built-in base merged with the planner's own figures; the planning
   date is the last year of a city-wide annual figure, or ``as_of``.
2. **Targets**: classified by wording and indicator (:func:`plan_targets`); each simulated
   indicator's model is fitted on the figures known at the planning date; a target whose
   model cannot be fitted, or does not reach back to its base year, is listed as not
   modelled with the reason.
3. **Paths**: simulated in chunks of :data:`CHUNK`. Chunk ``i`` draws its random numbers
   from ``SeedSequence(root).spawn(...)[i]``, so the first ``k`` chunks are the same
   whatever the number of paths asked for, and the same draw serves every scenario
   (common random numbers). Each chunk's outcomes go into running statistics
   (:mod:`zzsim.attainment.accumulate`) and are then dropped: memory does not grow with
   the number of paths, but for one bit per path and target (the joint probabilities).
4. **Growth needed**: one draw of ``lever_draws`` paths, composed at every grid point of
   a growth shift added in every year after the planning date (:mod:`.levers`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from .._memory import available_memory
from ..data import FiguresLike
from ..errors import ModelError
from ..models import PathSet, list_models
from ..models import fit as fit_model
from ..rng import RngLike, root_seed, spawn_seeds
from ..scenarios import Scenario, load_scenarios
from ..targets import Outcome, Target, evaluate
from .accumulate import OutcomeAccumulator
from .fan import fan_quantiles
from .levers import growth_needed
from .plan import Method, PlannedTarget, as_targets, in_model_units, plan_targets, present_year
from .progress import Progress, progress_at
from .results import Attainment, Evidence
from .simulation import Simulator

__all__ = ["CHUNK", "attainment_table", "check_memory", "judge", "run_attainment"]

#: paths simulated at once (the unit of memory and of the seeds: see the module docstring)
CHUNK = 20_000
#: the probabilities for which the growth needed is reported
LEVER_PROBABILITIES = (0.5, 0.8)
#: growth shifts (pp in every year after the planning date) searched by default
LEVER_GRID = tuple(float(x) for x in np.arange(-6.0, 6.01, 0.5))
#: bytes of working memory per path of a chunk and simulated year, per indicator
_BYTES_PER_PATH_YEAR = 400


def judge(
    planned: Sequence[PlannedTarget], paths: PathSet, *, around: str = "one-sided"
) -> dict[str, Outcome]:
    """Evaluate every simulated target on the joint paths.

    Parameters
    ----------
    planned : sequence of PlannedTarget
        Targets as classified by :func:`~zzsim.attainment.plan_targets`.
    paths : zzsim.models.PathSet
        Joint simulated paths covering every target's years.
    around : {"one-sided", "band"}
        How 左右 is read (see :func:`zzsim.targets.evaluate`).

    Returns
    -------
    dict of str to Outcome
        Keyed by target id (model units); targets not simulated are absent.
    """
    out: dict[str, Outcome] = {}
    years = list(paths.years)
    for p in planned:
        if not p.simulated:
            continue
        target = in_model_units(p)
        out[str(target.id)] = evaluate(target, _path(p, paths), years, around=around)
    return out


def check_memory(draws: int, targets: int, scenarios: int, years: int, indicators: int) -> int:
    """Estimate the memory a table needs, and refuse one that cannot fit.

    The engine keeps one bit per path, target and scenario, and works on one chunk of
    paths at a time.

    Parameters
    ----------
    draws : int
        Paths per scenario.
    targets, scenarios, years, indicators : int
        Simulated targets, scenarios, simulated years and modelled indicators.

    Returns
    -------
    int
        The estimate, in bytes.

    Raises
    ------
    ModelError
        If the estimate exceeds the memory available, with both figures.
    """
    bits = draws * max(targets, 1) * max(scenarios, 1) // 8
    working = min(draws, CHUNK) * years * max(indicators, 1) * _BYTES_PER_PATH_YEAR
    need = bits + working
    available = available_memory()
    if available is not None and need > available:
        raise ModelError(
            f"{draws:,} paths per scenario need about {need / 2**30:,.1f} GiB "
            f"({targets} targets x {scenarios} scenarios x 1 bit per path, and a chunk of "
            f"{CHUNK:,} paths), but {available / 2**30:,.1f} GiB are available; "
            "ask for fewer paths"
        )
    return need


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
        for tid, r in answers[answers["method"] != str(Method.NOT_MODELLED)]
        .to_dict("index")
        .items()
    }
    out = []
    for p in planned:
        answer = matched.get(str(p.target.id))
        if p.simulated or answer is None:
            out.append(p)
            continue
        task_id, prob, se = answer
        out.append(
            replace(
                p,
                method=Method.TASK_ABM,
                model=task_id,
                reason="",
                reason_kind="",
                task_probability=(prob, se),
            )
        )
    return out


def _fit_models(
    planned: list[PlannedTarget],
    fit: Callable[[str], Any],
    progress: bool,
) -> tuple[list[PlannedTarget], dict[str, Any], tuple[int, ...]]:
    """Fit every indicator the simulated targets need; decide the simulated years.

    Returns the targets (those whose model cannot be fitted or does not reach back to the
    years they need become not modelled), the fitted models and the simulated years.
    """
    fitted: dict[str, Any] = {}
    failed: dict[str, str] = {}
    needed = sorted({str(p.target.indicator) for p in planned if p.simulated})
    for indicator in tqdm(needed, desc="fitting models", disable=not progress, leave=False):
        try:
            fitted[indicator] = fit(indicator)
        except ModelError as exc:
            failed[indicator] = f"the {indicator} model cannot be fitted: {exc}"
    out = []
    for p in planned:
        indicator = str(p.target.indicator)
        if p.simulated and indicator in failed:
            p = p.skipped("model not fitted", failed[indicator])
        elif p.simulated and p.years[0] < fitted[indicator].core.first_year:
            first = fitted[indicator].core.first_year
            p = p.skipped(
                "before the figures",
                f"its base year {p.years[0]} lies before the first year the {indicator} "
                f"figures reach back to ({first})",
            )
        out.append(p)
    simulated = [p for p in out if p.simulated]
    used = {str(p.target.indicator) for p in simulated}
    fitted = {i: fitted[i] for i in sorted(used)}
    if not simulated:
        return out, fitted, ()
    # from the earliest year a target needs, or a model knows last (its paths continue from
    # there), to the last year a target needs: not from the planning date, so that figures
    # of an indicator outside the table do not change the simulated years
    first = min(*(p.years[0] for p in simulated), *(r.last_year for r in fitted.values()))
    last = max(p.years[1] for p in simulated)
    return out, fitted, tuple(range(first, last + 1))


def _evidence(results: Any) -> Evidence:
    ev = results.evidence
    return Evidence(int(ev.figures), ev.last_year, str(ev.grade))


def _figures_used(fitted: Mapping[str, Any], series: pd.DataFrame) -> pd.DataFrame:
    """Return the rows that fed the models, with their provenance (for exports, explain)."""
    parts = []
    for indicator, res in fitted.items():
        obs = res.observations
        parts.append(obs.loc[obs["used"], ["id"]].assign(model=indicator))
    if not parts:
        return pd.DataFrame()
    frame = pd.concat(parts, ignore_index=True)
    keep = ["indicator", "measure", "year", "start_year", "value", "unit", "status", "vintage"]
    keep += ["source", "quote", "origin", "file"]
    keep = [c for c in keep if c in series.columns]
    rows = series[["id", *keep]].reset_index(drop=True)
    return frame[["model", "id"]].merge(rows, on="id", how="left")  # as the figures are printed


def _figures_unused(fitted: Mapping[str, Any], series: pd.DataFrame) -> pd.DataFrame:
    """Return the planner's rows about the table's indicators that fed no model, and why."""
    columns = ["id", "indicator", "year", "value", "unit", "source", "reason", "reads"]
    if "origin" not in series.columns:
        return pd.DataFrame(columns=columns)
    mine = series[series["origin"] == "user"]
    used: set[str] = set()
    reasons: dict[str, str] = {}
    served: dict[str, list[str]] = {}
    for indicator, res in fitted.items():
        obs = res.observations
        used.update(obs.loc[obs["used"], "id"])
        left = obs[~obs["used"]]
        reasons.update(zip(left["id"], left["reason"], strict=True))
        served[indicator] = sorted(set(obs["indicator"]))
    rows = []
    for rec in mine.to_dict("records"):
        if rec["id"] in used:
            continue
        reads = ""
        if rec["id"] in reasons:  # read by a model and left out, with the model's reason
            why = reasons[rec["id"]]
        elif rec["indicator"] in served:  # about an indicator of the table, not read at all
            reads = "、".join(served[rec["indicator"]])
            why = (
                f"the {rec['indicator']} model reads the figures of "
                f"{' and '.join(served[rec['indicator']])}"
            )
        else:  # about an indicator this table does not concern
            continue
        rows.append({**{c: rec[c] for c in columns[:-2]}, "reason": why, "reads": reads})
    return pd.DataFrame(rows, columns=columns)


def run_attainment(
    plan_or_targets: str | pd.DataFrame | Iterable[Target],
    scenarios: Iterable[str | Scenario] | str | Scenario = ("baseline",),
    draws: int = 100_000,
    *,
    rng: RngLike = None,
    as_of: int | None = None,
    figures: FiguresLike | None = None,
    series: pd.DataFrame | None = None,
    around: str = "one-sided",
    lever_draws: int = 10_000,
    lever_grid: Sequence[float] = LEVER_GRID,
    progress: bool = True,
    tasks: Any = None,
    fit: Callable[[str], Any] | None = None,
) -> Attainment:
    """Simulate a plan's targets under scenarios.

    Parameters
    ----------
    plan_or_targets : str, DataFrame or iterable of Target
        A plan id (``"fyp14"``), target rows (the columns of ``data/targets/*.csv``, e.g.
        from :func:`zzsim.targets.read_targets`), or structured targets.
    scenarios : name, Scenario, or iterable of them
        Scenario names from ``scenarios/``, paths to YAML files, or Scenario objects; each
        at most once.
    draws : int, default 100000
        Joint paths simulated per scenario.
    rng : int, SeedSequence or Generator, optional
        Root of the randomness; the same seed gives the same table to the last digit.
    as_of : int, optional
        The planning date: fit only on what was known then (figures about years up to it,
        published by the year after); default the last year of a city-wide figure.
    figures : path, list of paths or DataFrame, optional
        The planner's own figures (see :func:`zzsim.data.load_figures`), merged with the
        built-in base; they move the models, the planning date and the mid-term review.
    series : pandas.DataFrame, optional
        An already merged figure base (instead of ``figures``).
    around : {"one-sided", "band"}
        How 左右 targets are read: one-sided in the good direction (as plan evaluations
        grade them) or as a two-sided band.
    lever_draws : int, default 10000
        Paths of the growth-needed search.
    lever_grid : sequence of float
        Growth shifts (pp) searched; empty to skip the search.
    progress : bool, default True
        Show progress bars (fitting, each scenario, the search).
    tasks : zzsim.abm.SimulationResults, optional
        Replications of the task table that serves the plan: count targets the
        trajectory models leave not modelled take the completion probability of a
        matching task (the same under every scenario; not part of the joint probability).
    fit : callable, optional
        ``fit(indicator) -> Results``: the model of each indicator; default
        :func:`zzsim.models.fit` on the merged base at the planning date (the backtest
        passes its rate-of-change baseline here).

    Returns
    -------
    Attainment

    Raises
    ------
    ModelError
        On a non-positive number of paths, or one that needs more memory than available.
    ScenarioError
        On an unknown or repeated scenario.
    """
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise ModelError(f"draws must be a positive whole number of paths, got {draws!r}")
    if around not in ("one-sided", "band"):
        raise ModelError(f"around must be 'one-sided' or 'band', got {around!r}")
    if series is None:
        from ..data import load_series

        series = load_series(figures=figures)
    chosen = load_scenarios(scenarios)
    seed = root_seed(rng)
    present = present_year(series, as_of=as_of)
    targets = as_targets(plan_or_targets)
    models = list_models(series=series, cutoff=as_of).set_index("id")
    if fit is None:

        def fit(indicator: str) -> Any:
            return fit_model(indicator, cutoff=as_of, series=series)

    planned, fitted, years = _fit_models(plan_targets(targets, models=models), fit, progress)
    if tasks is not None:
        planned = _answer_with_tasks(planned, tasks)
    simulated = [p for p in planned if p.simulated]
    stats: dict[str, dict[str, OutcomeAccumulator]] = {s.name: {} for s in chosen}
    fans: dict[str, dict[str, pd.DataFrame]] = {s.name: {} for s in chosen}
    marks: dict[str, Progress] = {}
    lever = pd.DataFrame()
    if simulated:
        check_memory(draws, len(simulated), len(chosen), len(years), len(fitted))
        starts = {  # each indicator from what its own targets need (not its neighbours')
            i: min(r.last_year, *(_needed_from(p) for p in simulated if p.target.indicator == i))
            for i, r in fitted.items()
        }
        sim = Simulator(fitted, years, starts)
        # levers act on every year some model does not know; each model masks its own
        start = min(r.last_year for r in fitted.values()) + 1
        adjustments = {s.name: s.adjustments(years, start=start) for s in chosen}
        n_chunks = math.ceil(draws / CHUNK)
        seeds = spawn_seeds(seed, n_chunks)
        bar = tqdm(
            total=n_chunks * len(chosen), desc="simulating", disable=not progress, leave=False
        )
        for i, chunk_seed in enumerate(seeds):
            size = min(CHUNK, draws - i * CHUNK)
            draw = sim.draw(chunk_seed, size)
            for s in chosen:
                bar.set_postfix_str(s.name)
                paths = sim.compose(draw, adjustments[s.name])
                for tid, outcome in judge(simulated, paths, around=around).items():
                    acc = stats[s.name].setdefault(tid, OutcomeAccumulator(CHUNK))
                    acc.add(outcome.value, outcome.attained)
                if i == 0:
                    fans[s.name] = _fans(simulated, paths)
                    if s is chosen[0]:
                        marks = _progress(simulated, fitted, paths, present)
                bar.update()
        bar.close()
        if len(lever_grid):
            lever = growth_needed(
                sim,
                simulated,
                chosen,
                adjustments,
                grid=lever_grid,
                draws=lever_draws,
                seed=seeds[0],
                start=start,
                probabilities=LEVER_PROBABILITIES,
                judge=lambda planned, paths: judge(planned, paths, around=around),
                progress=progress,
            )
    return Attainment(
        planned=tuple(planned),
        scenarios=tuple(chosen),
        draws=draws,
        stats=stats,
        fans=fans,
        lever=lever,
        evidence={i: _evidence(r) for i, r in fitted.items()},
        progress=marks,
        present=present,
        seed=seed,
        around=around,
        figures_used=_figures_used(fitted, series),
        figures_unused=_figures_unused(fitted, series),
    )


def _path(p: PlannedTarget, paths: PathSet) -> np.ndarray:
    indicator = str(p.target.indicator)
    return paths.growth_index(indicator) if p.path == "growth_index" else paths.level(indicator)


def _needed_from(p: PlannedTarget) -> int:
    """Return the first year a target's path is needed from (the fan's and progress' base)."""
    return min(p.years[0], p.period_start - 1)


def _fans(simulated: Sequence[PlannedTarget], paths: PathSet) -> dict[str, pd.DataFrame]:
    years = list(paths.years)
    return {
        str(p.target.id): fan_quantiles(
            in_model_units(p), _path(p, paths), years, start=max(_needed_from(p), years[0])
        )
        for p in simulated
    }


def _known_years(results: Any) -> set[int]:
    """Return the years a fit's figures speak of (every year of a window figure's window)."""
    obs = results.observations
    used = obs[obs["used"]]
    years: set[int] = set()
    for start, end in zip(used["start_year"], used["year"], strict=True):
        years.update(range(int(start), int(end) + 1))
    return years


def _progress(
    simulated: Sequence[PlannedTarget],
    fitted: Mapping[str, Any],
    paths: PathSet,
    present: int,
) -> dict[str, Progress]:
    """Where each target stood at the planning date, where figures say it (not a forecast).

    A mark needs figures of the planning date and of the year before the window (for a
    sum over the window: of every year of it up to the planning date).
    """
    out = {}
    years = list(paths.years)
    known = {indicator: _known_years(results) for indicator, results in fitted.items()}
    for p in simulated:
        start = p.period_start
        needed = range(start, present + 1) if p.target.basis == "cumulative" else [start - 1]
        if not {present, *needed} <= known[str(p.target.indicator)]:
            continue
        cols = [years.index(y) for y in (start - 1, *range(start, present + 1)) if y in years]
        median = pd.Series(
            np.median(_path(p, paths)[:, cols], axis=0), index=[years[c] for c in cols]
        )
        mark = progress_at(p, median, present, window_start=p.period_start)
        if mark is not None:
            out[str(p.target.id)] = mark
    return out


def attainment_table(
    plan_or_targets: str | pd.DataFrame | Iterable[Target],
    scenarios: Iterable[str | Scenario] | str | Scenario = ("baseline",),
    draws: int = 100_000,
    *,
    rng: RngLike = None,
    **options: Any,
) -> pd.DataFrame:
    """Compute the attainment table of a plan under scenarios.

    Shorthand for ``run_attainment(...).table``; see :func:`run_attainment` for the
    parameters.

    Returns
    -------
    pandas.DataFrame
        The wide table (:attr:`Attainment.table`).
    """
    return run_attainment(plan_or_targets, scenarios, draws, rng=rng, **options).table
