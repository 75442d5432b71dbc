"""A model for every indicator with a figure: :func:`fit`, :func:`fit_many`, :func:`list_models`.

Nothing here names an indicator. An id is modelled by its **family** (``indicators.yaml``)
with the family's defaults, its group's and its own entries in ``models.yaml``
(:mod:`zzsim.models.config`), and a prior pooled from every other indicator of the
family in the figure base (:mod:`zzsim.models.pooling`). Groups serve several ids from
one fit (``gdp``: GDP, its real growth, per-capita GDP and resident population;
``structure``: the three sector shares); any other id is its own group. An indicator
with at least one usable city-wide figure gets a model; otherwise :func:`fit` raises
:class:`~zzsim.errors.ModelError` with a one-line reason (``no city-wide figure``,
``only bounds``, ``only cumulative sums``, ...).

Options passed to :func:`fit` replace fields of the specification
(:class:`~zzsim.models.growth.GrowthSpec` or :class:`~zzsim.models.walk.WalkSpec`); for
the growth engine, ``deflator`` and ``population`` accept a
:class:`~zzsim.models.assumptions.PathAssumption`, a mean rate (%), ``{year: %}`` or
``"default"``.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..data.schema import GROWTH_MEASURES
from ..data.series import FiguresLike
from ..errors import ModelError
from ..resources import data_dir as _default_data_dir
from .assumptions import DEFLATOR, POPULATION_GROWTH, PathAssumption, as_assumption
from .config import ModelConfig, load_config
from .growth import GrowthModel, GrowthSpec
from .observations import per_frame, select
from .pooling import FamilyPrior, Summary, family_prior
from .results import Core, Member, Results
from .walk import WalkModel, WalkSpec

__all__ = [
    "ModelPlan",
    "family_spec",
    "fit",
    "fit_many",
    "fit_spec",
    "group_of",
    "list_models",
    "model_plan",
    "spec_for",
]

_ENGINES: dict[str, Any] = {"growth": (GrowthSpec, GrowthModel), "walk": (WalkSpec, WalkModel)}
#: the specification fields each engine takes the family's pooled drift prior in
_POOLED = {"growth": ("init_growth", "init_sd"), "walk": ("drift_mean", "drift_sd")}
#: fitted cores and family summaries, by what determines them
_FITS: dict[tuple, Core | ModelError] = {}
_SUMMARIES: dict[tuple, list[Summary]] = {}


@dataclass(frozen=True)
class ModelPlan:
    """How an id is modelled.

    Attributes
    ----------
    group : str
        The fit serving the id (ids of one group share one fit and one set of draws).
    family : str
        The family (``indicators.yaml``, or the group's).
    engine : str
        ``growth`` or ``walk``.
    key : str
        The indicator whose figures the fit reads (a growth group's ``indicator``; a
        composition's first part).
    parts : tuple of str
        The indicators of a walk (one rate, or the parts of a composition).
    members : dict of str to Member
        Ids served, with their quantity, name and unit.
    declared : bool
        True for a group of ``models.yaml``.
    """

    group: str
    family: str
    engine: str
    key: str
    parts: tuple[str, ...]
    members: dict[str, Member]
    declared: bool


def _stamp(path: Path) -> tuple[str, int]:
    return str(path), path.stat().st_mtime_ns


@lru_cache(maxsize=8)
def _indicators_at(stamp: tuple[str, int]) -> pd.DataFrame:
    from ..data import load_indicators

    return load_indicators(Path(stamp[0]).parent)


def _indicators(data_dir: str | Path | None) -> pd.DataFrame:
    """``indicators.yaml`` (read once per file version; do not modify the frame)."""
    root = Path(data_dir) if data_dir is not None else _default_data_dir()
    return _indicators_at(_stamp(root / "indicators.yaml"))


def _name_unit(ind: str, group: Mapping[str, Any], registry: pd.DataFrame) -> tuple[str, str]:
    named = group.get("names", {}).get(ind)
    if named is not None:
        return str(named["name"]), str(named["unit"])
    if ind not in registry.index:
        raise ModelError(f"{ind!r} of a models.yaml group has no name: add it to 'names'")
    return str(registry.at[ind, "name"]), str(registry.at[ind, "unit"])


def model_plan(indicator: str, data_dir: str | Path | None = None) -> ModelPlan:
    """Return how ``indicator`` is modelled (its group, family, engine and members).

    Parameters
    ----------
    indicator : str
        An id of ``indicators.yaml`` or of a group of ``models.yaml``.
    data_dir : str or Path, optional
        Folder of the figure base.

    Returns
    -------
    ModelPlan

    Raises
    ------
    ModelError
        If the id is unknown, or a composition part has no declared group.
    """
    cfg, registry = load_config(data_dir), _indicators(data_dir)
    name = cfg.group_of(indicator)
    if name is not None:
        group = cfg.groups[name]
        if "members" in group:
            key = str(group["indicator"])
            members = {}
            for ind, quantity in group["members"].items():
                label, unit = _name_unit(ind, group, registry)
                members[ind] = Member(quantity, label, "%" if quantity == "growth" else unit)
            parts: tuple[str, ...] = ()
        else:
            parts = tuple(group["parts"])
            key = parts[0]
            members = {p: Member(p, *_name_unit(p, group, registry)) for p in parts}
        fam = str(group.get("family") or registry.at[key, "family"])
        return ModelPlan(name, fam, cfg.engine(fam), key, parts, members, True)
    if indicator not in registry.index:
        raise ModelError(
            f"{indicator!r} is not an indicator of indicators.yaml nor served by a group of "
            "models.yaml"
        )
    fam = str(registry.at[indicator, "family"])
    engine = cfg.engine(fam)
    label, unit = str(registry.at[indicator, "name"]), str(registry.at[indicator, "unit"])
    if fam == "composition":
        raise ModelError(
            f"{indicator}: a part of a composition is modelled with its whole; declare the "
            "parts as a group in models.yaml"
        )
    quantity = "level" if engine == "growth" else indicator
    member = Member(quantity, label, unit)
    parts = () if engine == "growth" else (indicator,)
    return ModelPlan(indicator, fam, engine, indicator, parts, {indicator: member}, False)


def group_of(indicator: str, data_dir: str | Path | None = None) -> str:
    """Return the fit group of an id (see :func:`model_plan`).

    Raises
    ------
    ModelError
        If the id is unknown.
    """
    return model_plan(indicator, data_dir).group


#: fingerprints of the frames seen (see :func:`~zzsim.models.observations.per_frame`)
_PRINTS: dict[int, tuple[weakref.ref, int]] = {}


def _content_hash(series: pd.DataFrame) -> int:
    cols = [c for c in series.columns if c not in ("quote", "file", "line")]
    return int(pd.util.hash_pandas_object(series[cols], index=False).sum())


def _fingerprint(series: pd.DataFrame) -> int:
    """Return a hash of the figure base's content (keys the caches; once per frame)."""
    return per_frame(_PRINTS, series, _content_hash)


def _price_basis(series: pd.DataFrame, plan: ModelPlan, unit: str, cutoff: int | None) -> str:
    """``real`` where the indicator's growth figures (known at the cutoff) are real."""
    obs = select(series, plan.key, kind="growth", unit=unit, cutoff=cutoff)
    growth = obs[obs["used"] & obs["measure"].isin(GROWTH_MEASURES)]
    return "real" if (growth["price_basis"] == "real").any() else "nominal"


def _assumption(value: Any, default: PathAssumption) -> PathAssumption | None:
    if value is None:
        return None
    if value == "default":
        return default
    if isinstance(value, dict) and "mean" in value:
        return PathAssumption(default.name, **value)
    return as_assumption(value, default)


def _options(
    plan: ModelPlan,
    cfg: ModelConfig,
    series: pd.DataFrame,
    cutoff: int | None,
    options: Mapping[str, Any],
) -> dict[str, Any]:
    """Return the specification fields of an id: models.yaml's, then the caller's."""
    opts = cfg.options(plan.family, plan.group if plan.declared else None, plan.key)
    opts.update(options)
    spec_type = _ENGINES[plan.engine][0]
    known = {f.name for f in fields(spec_type)}
    unknown = set(opts) - known
    if unknown:
        raise ModelError(
            f"{plan.group}: unknown option(s) {sorted(unknown)}; known: {sorted(known)}"
        )
    if isinstance(opts.get("census"), str):
        if opts["census"] not in cfg.calendars:
            raise ModelError(f"{plan.group}: unknown census calendar {opts['census']!r}")
        opts["census"] = cfg.calendars[opts["census"]]
    _normalise(opts, plan.engine)
    if plan.engine == "growth":
        unit = plan.members[plan.key].unit if plan.key in plan.members else ""
        opts.setdefault("census", None)
        if opts.get("price_basis", "auto") == "auto":
            opts["price_basis"] = _price_basis(series, plan, unit, cutoff)
    return opts


def _normalise(opts: dict[str, Any], engine: str) -> None:
    """Turn the YAML forms of ``models.yaml`` options into the specification's, in place."""
    for key in ("sigma", "sigma_trend", "sigma_irregular", "grid"):
        if isinstance(opts.get(key), list):
            opts[key] = tuple(opts[key])
    if engine == "growth":
        opts["deflator"] = _assumption(opts.get("deflator"), DEFLATOR)
        opts["population"] = _assumption(opts.get("population"), POPULATION_GROWTH)


def _build(
    plan: ModelPlan, opts: dict[str, Any], prior: FamilyPrior | None, data_dir: str | Path | None
) -> GrowthSpec | WalkSpec:
    """Return the specification, with the family prior where the caller did not set it."""
    registry = _indicators(data_dir)
    if plan.engine == "growth":
        unit = str(registry.at[plan.key, "unit"])
        base: dict[str, Any] = {"indicator": plan.key, "unit": unit}
    else:
        base = {"indicators": plan.parts}
    spec = _ENGINES[plan.engine][0](members=plan.members, label=plan.group, **base, **opts)
    if prior is None:
        return spec
    given: dict[str, Any] = {
        k: v
        for k, v in (zip(_POOLED[plan.engine], (prior.drift_mean, prior.drift_sd), strict=True))
        if k not in opts
    }
    if "grid_prior" not in opts:
        given["grid_prior"] = prior.grid_log_prior
    return replace(spec, **given)


def _flat(family: str, cfg: ModelConfig) -> FamilyPrior:
    """Return the top level's predictive alone (an indicator's own fit for pooling)."""
    h = cfg.hyper(family)
    return FamilyPrior(h.mean, float(np.hypot(h.sd, h.spread)), None, ())


def spec_for(
    indicator: str,
    *,
    cutoff: int | None = None,
    series: pd.DataFrame | None = None,
    data_dir: str | Path | None = None,
    pooled: bool = True,
    **options: Any,
) -> GrowthSpec | WalkSpec:
    """Return the specification :func:`fit` would fit for ``indicator``.

    Parameters
    ----------
    indicator : str
        An id (see :func:`model_plan`).
    cutoff : int, optional
        Figures known by then decide the price basis and the pooled prior.
    series : pandas.DataFrame, optional
        The figure base (default: :func:`zzsim.data.load_series` of ``data_dir``).
    data_dir : str or Path, optional
        Folder of the figure base.
    pooled : bool
        False: the family's top-level prior, without pooling (faster; for structure).
    **options
        Fields to replace.

    Returns
    -------
    GrowthSpec or WalkSpec
    """
    series = figure_base(series, data_dir)
    plan = model_plan(indicator, data_dir)
    cfg = load_config(data_dir)
    opts = _options(plan, cfg, series, cutoff, options)
    flat = _build(plan, opts, _flat(plan.family, cfg), data_dir)
    if not pooled:
        return flat
    others = [
        s for s in _summaries(plan.family, cfg, series, cutoff, data_dir) if s.group != plan.group
    ]
    prior = family_prior(others, cfg.hyper(plan.family), flat.grid_axes())
    return _build(plan, opts, prior, data_dir)


def family_spec(
    family: str, *, data_dir: str | Path | None = None, **fields_: Any
) -> GrowthSpec | WalkSpec:
    """Return a specification with a family's defaults and its top-level prior (no pooling).

    For indicators outside the figure base (synthetic data, a planner's new series).

    Parameters
    ----------
    family : str
        A family of ``models.yaml``.
    data_dir : str or Path, optional
        Folder of ``models.yaml``.
    **fields_
        The identity of the series (``indicator``, ``unit``, ``members`` for the growth
        engine; ``indicators``, ``members`` for the walk engine) and any field to replace.

    Returns
    -------
    GrowthSpec or WalkSpec
    """
    cfg = load_config(data_dir)
    engine = cfg.engine(family)
    opts = cfg.options(family, None, "")
    _normalise(opts, engine)
    if engine == "growth" and opts.get("price_basis") == "auto":
        opts["price_basis"] = "nominal"
    prior = _flat(family, cfg)
    opts.update(zip(_POOLED[engine], (prior.drift_mean, prior.drift_sd), strict=True))
    opts.update(fields_)
    spec_type = _ENGINES[engine][0]
    return spec_type(**opts)


def fit_spec(
    spec: GrowthSpec | WalkSpec, *, series: pd.DataFrame, cutoff: int | None = None
) -> Results:
    """Fit a specification on a figure base (the model class of its engine).

    Parameters
    ----------
    spec : GrowthSpec or WalkSpec
    series : pandas.DataFrame
    cutoff : int, optional

    Returns
    -------
    Results
    """
    return _ENGINES[spec.engine][1](spec, cutoff=cutoff, series=series).fit()


def figure_base(
    series: pd.DataFrame | None,
    data_dir: str | Path | None,
    figures: FiguresLike | None = None,
) -> pd.DataFrame:
    """Return ``series``, or the figure base of ``data_dir`` merged with ``figures``.

    Raises
    ------
    ModelError
        If both ``series`` and ``figures`` are given (merge the figures into the series
        with :func:`zzsim.data.load_series` instead).
    """
    if series is not None and figures is not None:
        raise ModelError("give either series= or figures=, not both")
    if series is not None:
        return series
    from ..data import load_series

    return load_series(data_dir, figures=figures)


def _summaries(
    family: str,
    cfg: ModelConfig,
    series: pd.DataFrame,
    cutoff: int | None,
    data_dir: str | Path | None,
) -> list[Summary]:
    """Return what each group of the family says on its own (top-level prior only)."""
    key = (family, cutoff, _fingerprint(series), str(cfg.path))
    if key in _SUMMARIES:
        return _SUMMARIES[key]
    registry = _indicators(data_dir)
    plans: dict[str, ModelPlan] = {}
    for ind in registry.index[registry["family"] == family]:
        try:
            plan = model_plan(str(ind), data_dir)
        except ModelError:
            continue
        if plan.family == family:
            plans.setdefault(plan.group, plan)
    hyper = cfg.hyper(family)
    out = []
    for plan in plans.values():
        try:
            opts = _options(plan, cfg, series, cutoff, {})
            flat = _flat(plan.family, cfg)
            spec = _build(plan, opts, flat, data_dir)
            core = _ENGINES[plan.engine][1](spec, cutoff=cutoff, series=series).fit().core
        except ModelError:
            continue
        prior = (hyper.mean, flat.drift_sd)
        loglike = core.fit_result.posterior.loglike
        out.append(Summary.of(plan.group, core.pooled(), prior, loglike, spec.grid_axes()))
    _SUMMARIES[key] = out
    return out


def fit(
    indicator: str,
    *,
    cutoff: int | None = None,
    series: pd.DataFrame | None = None,
    data_dir: str | Path | None = None,
    figures: FiguresLike | None = None,
    **options: Any,
) -> Results:
    """Fit the model of any indicator with a usable city-wide figure.

    Parameters
    ----------
    indicator : str
        An id of ``indicators.yaml`` (or of a group of ``models.yaml``, such as
        ``gdp_real_growth``).
    cutoff : int, optional
        Use only figures about years ``<= cutoff`` published by ``cutoff + 1`` (for
        the indicator's own figures and for the family's pooled prior alike).
    series : pandas.DataFrame, optional
        The figure base (default: :func:`zzsim.data.load_series` of ``data_dir``); may
        hold the planner's rows (``origin``, ``superseded_by``).
    data_dir : str or Path, optional
        Folder of the figure base and of ``models.yaml`` / ``priors.yaml``.
    figures : path, list of paths or DataFrame, optional
        The planner's own figures (:func:`zzsim.data.load_figures`), merged with the
        base (instead of ``series``).
    **options
        Replace fields of the specification (e.g. ``trend="damped"``, ``deflator=2.5``,
        ``revision_sd=0``).

    Returns
    -------
    Results

    Raises
    ------
    ModelError
        If the id is unknown, an option is unknown, or no figure is usable (one line
        saying why: ``no city-wide figure``, ``only bounds``, ``only cumulative sums``,
        ``no figure known by 2015``, ...).
    """
    series = figure_base(series, data_dir, figures)
    plan = model_plan(indicator, data_dir)
    cfg = load_config(data_dir)
    key = (plan.group, cutoff, _fingerprint(series), str(cfg.path))
    known = _FITS.get(key) if not options else None
    if isinstance(known, ModelError):
        raise ModelError(str(known))
    if known is not None:
        return Results(known, indicator)
    try:
        spec = spec_for(indicator, cutoff=cutoff, series=series, data_dir=data_dir, **options)
        core = _ENGINES[plan.engine][1](spec, cutoff=cutoff, series=series).fit().core
    except ModelError as exc:
        if not options:
            _FITS[key] = exc
        raise
    core.family = plan.family
    if not options:
        _FITS[key] = core
    return Results(core, indicator)


def fit_many(
    indicators: Iterable[str],
    *,
    cutoff: int | None = None,
    data_dir: str | Path | None = None,
    series: pd.DataFrame | None = None,
    figures: FiguresLike | None = None,
) -> dict[str, Results]:
    """Fit the models of several ids, once per group.

    Parameters
    ----------
    indicators : iterable of str
        Ids (see :func:`list_models`).
    cutoff : int, optional
        As in :func:`fit`.
    data_dir : str or Path, optional
        Folder of the figure base.
    series : pandas.DataFrame, optional
        The figure base.
    figures : path, list of paths or DataFrame, optional
        As in :func:`fit`.

    Returns
    -------
    dict of str to Results
        One view per id; ids of one group share the fitted core.
    """
    series = figure_base(series, data_dir, figures)
    return {ind: fit(ind, cutoff=cutoff, series=series, data_dir=data_dir) for ind in indicators}


def _candidates(data_dir: str | Path | None) -> list[str]:
    """Every id that may be modelled: indicators.yaml's and the groups' members."""
    cfg = load_config(data_dir)
    ids = [str(i) for i in _indicators(data_dir).index]
    for group in cfg.groups.values():
        ids += [str(i) for i in group.get("members", {})]
    return list(dict.fromkeys(ids))


def list_models(
    *,
    series: pd.DataFrame | None = None,
    cutoff: int | None = None,
    data_dir: str | Path | None = None,
    figures: FiguresLike | None = None,
) -> pd.DataFrame:
    """List every indicator that can be modelled, with the evidence behind its model.

    Parameters
    ----------
    series : pandas.DataFrame, optional
        The figure base (default: :func:`zzsim.data.load_series` of ``data_dir``).
    cutoff : int, optional
        The planning date (figures known by then).
    data_dir : str or Path, optional
        Folder of the figure base.
    figures : path, list of paths or DataFrame, optional
        As in :func:`fit`.

    Returns
    -------
    pandas.DataFrame
        Columns ``id, name, unit, family, model, group, growth_only, figures,
        last_year, evidence``: one row per id with at least one usable city-wide figure
        (``unit`` is ``%`` for growth-only ids); ``figures``, ``last_year`` and
        ``evidence`` as :class:`~zzsim.models.results.Evidence`.
    """
    series = figure_base(series, data_dir, figures)
    rows = []
    for ind in _candidates(data_dir):
        try:
            res = fit(ind, cutoff=cutoff, series=series, data_dir=data_dir)
        except ModelError:
            continue
        ev = res.evidence
        member = res.core.members[ind]
        rows.append(
            {
                "id": ind,
                "name": res.name,
                "unit": res.unit,
                "family": res.core.family,
                "model": res.model,
                "group": model_plan(ind, data_dir).group,
                "growth_only": member.growth_only,
                "figures": ev.figures,
                "last_year": ev.last_year,
                "evidence": ev.grade,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "id",
            "name",
            "unit",
            "family",
            "model",
            "group",
            "growth_only",
            "figures",
            "last_year",
            "evidence",
        ],
    )
