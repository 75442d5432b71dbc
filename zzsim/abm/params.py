"""Parameters of the task ABM, read from ``params.yaml``.

The YAML file shipped inside the package (``zzsim/abm/params.yaml``) documents every
parameter with its value, unit and meaning; :func:`load_config` reads it, checks every key
and value, and returns an :class:`AbmConfig`. The model's numbers are in
:class:`Params`, the rules that read the data (task kinds, moments, targets, interventions,
coupling) in the other fields of :class:`AbmConfig`. A parameter is never a literal in the
code: change the YAML file, or derive a new :class:`Params` with :meth:`Params.replace`.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..data._yaml import read_yaml
from ..data.schema import AGENCY_KINDS
from ..errors import DataError, ModelError

__all__ = [
    "KEY_FIRST",
    "PROJECT",
    "STATUS_QUO",
    "UNASSIGNED",
    "AbmConfig",
    "CalibrationSettings",
    "Classification",
    "CouplingSettings",
    "Intervention",
    "MomentDef",
    "Params",
    "PortfolioSources",
    "TableSettings",
    "default_config",
    "load_config",
    "read_overrides",
    "write_overrides",
]

#: the task kind of construction and investment projects (the key-project portfolio's kind)
PROJECT = "project"
#: agency kind (and id) of the stand-in lead of a task that names no lead
UNASSIGNED = "unassigned"
#: name of the comparison run without intervention
STATUS_QUO = "status_quo"
#: priority rule that serves key tasks before the others
KEY_FIRST = "key_first"

_LEAF_KEYS = frozenset({"value", "unit", "description", "basis", "bounds"})
_RULES = ("share", KEY_FIRST)


@dataclass(frozen=True)
class Params:
    """The numbers of the task ABM (see ``params.yaml`` for meanings and units).

    Mappings by task kind (``duration_weeks``, ``desks``, ``gates``, ``uncertainty``)
    share one set of kinds; mappings by agency kind (``capacity``, ``responsiveness``)
    share another. Use :meth:`replace` to derive a variant: the result is validated.
    """

    weeks: int
    report_weeks: tuple[int, ...]
    midyear_week: int
    surge_weeks: int
    surge_factor: float
    report_load: float
    check_weeks: tuple[int, ...]
    laggard_ratio: float
    pressure: float
    capacity: dict[str, float]
    capacity_override: dict[str, float]
    capacity_multiplier: dict[str, float]
    capacity_scale: float
    responsiveness: dict[str, float]
    responsiveness_scale: float
    clearance_cost: float
    max_participants: int | None
    duration_weeks: dict[str, float]
    duration_sigma: float
    desks: dict[str, float]
    gates: dict[str, tuple[float, ...]]
    priority_rule: str
    key_weight: float
    exception_rate: float
    uncertainty: dict[str, float]
    rework_share: float
    new_share: float
    final_share: float
    final_remaining: float
    money_sigma: float

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            object.__setattr__(self, f.name, _coerce(f.name, getattr(self, f.name)))
        _validate(self)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Return the parameter names, in the order of the YAML file.

        Returns
        -------
        tuple of str
        """
        return tuple(f.name for f in dataclasses.fields(cls))

    def replace(self, **changes: Any) -> Params:
        """Return a copy with some parameters changed.

        Parameters
        ----------
        **changes
            New values by parameter name, e.g. ``capacity_scale=2.0``.

        Returns
        -------
        Params

        Raises
        ------
        ModelError
            If a name is not a parameter or a value is out of its range.
        """
        unknown = sorted(set(changes) - set(self.names()))
        if unknown:
            raise ModelError(f"unknown ABM parameter(s) {unknown}; known: {list(self.names())}")
        return dataclasses.replace(self, **changes)

    @property
    def kinds(self) -> tuple[str, ...]:
        """Task kinds the parameters cover (keys of ``duration_weeks``)."""
        return tuple(self.duration_weeks)


_KIND_MAPS = ("duration_weeks", "desks", "gates", "uncertainty")
_AGENCY_MAPS = ("capacity", "responsiveness")


@cache
def _hints() -> dict[str, Any]:
    return typing.get_type_hints(Params)


def _coerce(name: str, value: Any) -> Any:
    """Convert a YAML value to the type annotated on ``Params.name``."""
    hint = _hints()[name]
    try:
        return _as(hint, value)
    except (TypeError, ValueError) as exc:
        raise ModelError(f"parameter {name!r}: {exc}") from None


def _as(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"expected an integer, got {value!r}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"expected a number, got {value!r}")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise TypeError(f"expected a string, got {value!r}")
        return value
    if origin in (types.UnionType, typing.Union):  # int | None
        if value is None:
            return None
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return _as(inner, value)
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise TypeError(f"expected a list, got {value!r}")
        item = typing.get_args(hint)[0]
        return tuple(_as(item, v) for v in value)
    if origin is dict:
        if not isinstance(value, Mapping):
            raise TypeError(f"expected a mapping, got {value!r}")
        key_type, item = typing.get_args(hint)
        return {_as(key_type, k): _as(item, v) for k, v in value.items()}
    raise TypeError(f"unsupported annotation {hint!r}")  # pragma: no cover - programming error


def _check(ok: bool, name: str, expected: str, value: Any) -> None:
    if not ok:
        raise ModelError(f"parameter {name!r} = {value!r}: expected {expected}")


def _validate(p: Params) -> None:
    weeks = p.weeks
    _check(weeks >= 1, "weeks", ">= 1", weeks)
    in_year = f"weeks within 1..{weeks}"
    _check(1 <= p.midyear_week <= weeks, "midyear_week", in_year, p.midyear_week)
    for name in ("report_weeks", "check_weeks"):
        values = getattr(p, name)
        _check(all(1 <= w <= weeks for w in values), name, in_year, values)
        _check(list(values) == sorted(set(values)), name, "increasing weeks", values)
    _check(0 <= p.surge_weeks <= weeks, "surge_weeks", f"0..{weeks}", p.surge_weeks)
    _check(p.surge_factor > 0, "surge_factor", "> 0", p.surge_factor)
    _check(0 <= p.report_load < 1, "report_load", "a share in [0, 1)", p.report_load)
    _check(p.laggard_ratio >= 0, "laggard_ratio", ">= 0", p.laggard_ratio)
    _check(p.pressure > 0, "pressure", "> 0", p.pressure)
    for name in ("capacity", "capacity_override", "capacity_multiplier", "desks", "duration_weeks"):
        values = getattr(p, name)
        _check(all(v > 0 for v in values.values()), name, "positive values", values)
    for name in ("capacity_scale", "key_weight"):
        _check(getattr(p, name) > 0, name, "> 0", getattr(p, name))
    _check(
        all(0 <= v <= 1 for v in p.responsiveness.values()),
        "responsiveness",
        "probabilities in [0, 1]",
        p.responsiveness,
    )
    for name in ("responsiveness_scale", "clearance_cost", "duration_sigma", "rework_share"):
        _check(getattr(p, name) >= 0, name, ">= 0", getattr(p, name))
    _check(p.money_sigma >= 0, "money_sigma", ">= 0", p.money_sigma)
    _check(
        p.max_participants is None or p.max_participants >= 0,
        "max_participants",
        "null or >= 0",
        p.max_participants,
    )
    _check(all(v >= 0 for v in p.uncertainty.values()), "uncertainty", ">= 0", p.uncertainty)
    _check(0 < p.final_remaining <= 1, "final_remaining", "a share in (0, 1]", p.final_remaining)
    for name in ("exception_rate", "new_share", "final_share"):
        _check(0 <= getattr(p, name) <= 1, name, "a probability in [0, 1]", getattr(p, name))
    _check(p.priority_rule in _RULES, "priority_rule", f"one of {list(_RULES)}", p.priority_rule)
    for kind, gates in p.gates.items():
        ok = all(0 <= g < 1 for g in gates) and list(gates) == sorted(set(gates))
        _check(ok, f"gates.{kind}", "increasing shares in [0, 1)", gates)
    kinds = set(p.duration_weeks)
    for name in _KIND_MAPS:
        _check(
            set(getattr(p, name)) == kinds,
            name,
            f"the task kinds {sorted(kinds)}",
            getattr(p, name),
        )
    agency_kinds = set(p.capacity)
    for name in _AGENCY_MAPS:
        _check(
            set(getattr(p, name)) == agency_kinds,
            name,
            f"the agency kinds {sorted(agency_kinds)}",
            getattr(p, name),
        )


@dataclass(frozen=True)
class Classification:
    """Rule that reads a task's kind and key flag from its text.

    Attributes
    ----------
    kinds : tuple of str
        Task kinds, in the order that breaks ties.
    keywords : dict
        Keywords of each kind.
    default_kind : str
        Kind of a text with no keyword.
    key_keywords : tuple of str
        Phrases that make a project-kind task a key task.
    key_investment_pattern : str
        Regular expression of a project that states its own investment (also key).
    slow_label : str
        Label of a slow task in the mid-year progress text (进展较慢).
    """

    kinds: tuple[str, ...]
    keywords: dict[str, tuple[str, ...]]
    default_kind: str
    key_keywords: tuple[str, ...]
    key_investment_pattern: str
    slow_label: str


@dataclass(frozen=True)
class TableSettings:
    """How a task table is simulated: its document year, its plan, and the portfolio flag."""

    year: int
    plan: str
    portfolio: bool


@dataclass(frozen=True)
class PortfolioSources:
    """Where the key-project portfolio's size and the work report's named count come from."""

    count_target: str
    investment_target: str
    named_indicator: str


@dataclass(frozen=True)
class MomentDef:
    """One calibration moment: an observed ratio read from the figure base.

    Attributes
    ----------
    name : str
        The simulated statistic it matches (see :data:`zzsim.abm.summary.MOMENTS`).
    numerator : str or None
        Indicator id of a series row from the table's source; None for ``tasks``.
    denominator : dict or None
        ``{"target": <portfolio key>}`` or ``{"indicator": <id>}``; None for a mean.
    tasks_column : str or None
        Column of the task table averaged (as a percentage) instead of a ratio.
    description : str
        Meaning, from the YAML file.
    """

    name: str
    numerator: str | None
    denominator: dict[str, str] | None
    tasks_column: str | None
    description: str


@dataclass(frozen=True)
class CalibrationSettings:
    """Settings of the simulated-method-of-moments calibration (see ``params.yaml``)."""

    free: tuple[str, ...]
    bounds: dict[str, tuple[float, float]]
    design_points: int
    max_evaluations: int
    simplex_step: float
    tolerance: float
    jacobian_step: float
    sd_floor: float
    unidentified_width: float
    cannot_match_z: float
    interval_level: float


@dataclass(frozen=True)
class Intervention:
    """A named change of parameters compared with the status quo.

    Attributes
    ----------
    name : str
    description : str
    changes : dict
        New values by parameter name.
    """

    name: str
    description: str
    changes: dict[str, Any]

    def apply(self, params: Params) -> Params:
        """Return ``params`` with this intervention's changes.

        Parameters
        ----------
        params : Params

        Returns
        -------
        Params
        """
        return params.replace(**self.changes)


@dataclass(frozen=True)
class CouplingSettings:
    """Ids the coupling to the attainment engine reads (see ``params.yaml``)."""

    growth_target: str
    key_investment_indicator: str
    total_investment_indicator: str
    lever_indicator: str


@dataclass(frozen=True)
class AbmConfig:
    """Everything ``params.yaml`` holds.

    Attributes
    ----------
    path : Path
        The file read.
    params : Params
        The model's numbers.
    classification : Classification
    tables : dict of str to TableSettings
    portfolio : PortfolioSources
    moments : tuple of MomentDef
    calibration : CalibrationSettings
    interventions : dict of str to Intervention
    coupling : CouplingSettings
    documentation : dict
        ``(unit, description)`` of every leaf, by dotted key.
    """

    path: Path
    params: Params
    classification: Classification
    tables: dict[str, TableSettings]
    portfolio: PortfolioSources
    moments: tuple[MomentDef, ...]
    calibration: CalibrationSettings
    interventions: dict[str, Intervention]
    coupling: CouplingSettings
    documentation: dict[str, tuple[str, str]] = field(repr=False)

    def table(self, table: str) -> TableSettings:
        """Return the settings of a task table.

        Parameters
        ----------
        table : str
            ``table2016`` or ``table2008``.

        Returns
        -------
        TableSettings

        Raises
        ------
        ModelError
            If the table has no settings.
        """
        try:
            return self.tables[table]
        except KeyError:
            raise ModelError(
                f"no ABM settings for table {table!r} in {self.path}; known: {sorted(self.tables)}"
            ) from None

    def intervention(self, name: str) -> Intervention:
        """Return an intervention by name (``status_quo`` changes nothing).

        Parameters
        ----------
        name : str

        Returns
        -------
        Intervention

        Raises
        ------
        ModelError
            If the name is unknown.
        """
        if name == STATUS_QUO:
            return Intervention(STATUS_QUO, "No intervention.", {})
        try:
            return self.interventions[name]
        except KeyError:
            known = [STATUS_QUO, *self.interventions]
            raise ModelError(f"unknown intervention {name!r}; known: {known}") from None


class _Reader:
    """Walks the YAML document, unwrapping leaves and naming the key at fault."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.docs: dict[str, tuple[str, str]] = {}
        self.bounds: dict[str, tuple[float, float]] = {}

    def error(self, message: str, key: str) -> DataError:
        return DataError(message, file=self.path, key=key)

    def section(self, node: Any, key: str) -> dict[str, Any]:
        if not isinstance(node, dict):
            raise self.error("expected a mapping", key)
        return node

    def leaf(self, node: Any, key: str) -> Any:
        if not isinstance(node, dict) or "value" not in node:
            raise self.error("expected a parameter {value, unit, description}", key)
        unknown = set(node) - _LEAF_KEYS
        if unknown:
            raise self.error(
                f"unknown key(s) {sorted(unknown)}; allowed: {sorted(_LEAF_KEYS)}", key
            )
        for required in ("unit", "description"):
            if not isinstance(node.get(required), str) or not node[required]:
                raise self.error(f"missing {required!r} (every parameter documents it)", key)
        self.docs[key] = (node["unit"], node["description"])
        if "bounds" in node:
            bounds = node["bounds"]
            ok = (
                isinstance(bounds, list)
                and len(bounds) == 2
                and all(isinstance(b, int | float) for b in bounds)
                and bounds[0] < bounds[1]
            )
            if not ok:
                raise self.error("bounds must be [lower, upper] with lower < upper", key)
            self.bounds[key.rsplit(".", 1)[-1]] = (float(bounds[0]), float(bounds[1]))
        return node["value"]

    def leaves(self, node: Any, key: str, names: tuple[str, ...]) -> dict[str, Any]:
        body = self.section(node, key)
        if set(body) != set(names):
            raise self.error(
                f"expected exactly the keys {sorted(names)}, found {sorted(body)}", key
            )
        return {name: self.leaf(body[name], f"{key}.{name}") for name in names}

    def typed(self, value: Any, kind: type, key: str) -> Any:
        if isinstance(value, bool) and kind is not bool:
            raise self.error(f"expected {kind.__name__}, got {value!r}", key)
        if kind is float and isinstance(value, int):
            return float(value)
        if not isinstance(value, kind):
            raise self.error(f"expected {kind.__name__}, got {value!r}", key)
        return value

    def strings(self, value: Any, key: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.error("expected a list of non-empty strings", key)
        return tuple(value)


def _read_params(reader: _Reader, node: Any) -> Params:
    model = reader.section(node, "model")
    values: dict[str, Any] = {}
    where: dict[str, str] = {}
    for group, body in model.items():
        for name, leaf in reader.section(body, f"model.{group}").items():
            key = f"model.{group}.{name}"
            if name in values:
                raise reader.error(f"parameter {name!r} is defined twice", key)
            values[name] = reader.leaf(leaf, key)
            where[name] = key
    expected = Params.names()
    missing = [n for n in expected if n not in values]
    unknown = [n for n in values if n not in expected]
    if missing or unknown:
        raise reader.error(f"missing parameters {missing}, unknown parameters {unknown}", "model")
    try:
        return Params(**values)
    except ModelError as exc:
        found = re.search(r"parameter '([a-z_]+)", str(exc))
        key = where.get(found.group(1), "model") if found else "model"
        raise reader.error(str(exc), key) from None


def _read_classification(reader: _Reader, node: Any, params: Params) -> Classification:
    names = (
        "kinds",
        "keywords",
        "default_kind",
        "key_keywords",
        "key_investment_pattern",
        "slow_label",
    )
    leaves = reader.leaves(node, "classification", names)
    kinds = reader.strings(leaves["kinds"], "classification.kinds")
    if set(kinds) != set(params.kinds) or PROJECT not in kinds:
        raise reader.error(
            f"kinds must be the task kinds of the model parameters {sorted(params.kinds)}, "
            f"including {PROJECT!r}",
            "classification.kinds",
        )
    keywords_node = reader.section(leaves["keywords"], "classification.keywords")
    if set(keywords_node) != set(kinds):
        raise reader.error(
            f"expected keywords for each kind {list(kinds)}", "classification.keywords"
        )
    keywords = {k: reader.strings(keywords_node[k], f"classification.keywords.{k}") for k in kinds}
    default = reader.typed(leaves["default_kind"], str, "classification.default_kind")
    if default not in kinds:
        raise reader.error(f"expected one of {list(kinds)}", "classification.default_kind")
    pattern = reader.typed(
        leaves["key_investment_pattern"], str, "classification.key_investment_pattern"
    )
    try:
        re.compile(pattern)
    except re.error as exc:
        raise reader.error(
            f"invalid regular expression: {exc}", "classification.key_investment_pattern"
        ) from None
    return Classification(
        kinds=kinds,
        keywords=keywords,
        default_kind=default,
        key_keywords=reader.strings(leaves["key_keywords"], "classification.key_keywords"),
        key_investment_pattern=pattern,
        slow_label=reader.typed(leaves["slow_label"], str, "classification.slow_label"),
    )


def _read_tables(reader: _Reader, node: Any) -> dict[str, TableSettings]:
    tables = {}
    for name, leaf in reader.section(node, "tables").items():
        key = f"tables.{name}"
        value = reader.section(reader.leaf(leaf, key), key)
        if set(value) != {"year", "plan", "portfolio"}:
            raise reader.error("expected {year, plan, portfolio}", key)
        tables[name] = TableSettings(
            year=reader.typed(value["year"], int, f"{key}.year"),
            plan=reader.typed(value["plan"], str, f"{key}.plan"),
            portfolio=reader.typed(value["portfolio"], bool, f"{key}.portfolio"),
        )
    return tables


def _read_moments(reader: _Reader, node: Any, portfolio_keys: set[str]) -> tuple[MomentDef, ...]:
    from .summary import MOMENTS

    body = reader.section(node, "moments")
    if tuple(body) != MOMENTS:
        raise reader.error(f"expected the moments {list(MOMENTS)} in this order", "moments")
    out = []
    for name in MOMENTS:
        key = f"moments.{name}"
        value = reader.section(reader.leaf(body[name], key), key)
        numerator = value.get("numerator")
        denominator = value.get("denominator")
        if set(value) - {"numerator", "denominator"}:
            raise reader.error("expected {numerator, denominator}", key)
        if isinstance(numerator, dict):
            if set(numerator) != {"tasks"} or denominator is not None:
                raise reader.error("a task-table moment is {numerator: {tasks: <column>}}", key)
            tasks_column, numerator = reader.typed(numerator["tasks"], str, key), None
        else:
            tasks_column = None
            numerator = reader.typed(numerator, str, f"{key}.numerator")
            ok = (
                isinstance(denominator, dict)
                and len(denominator) == 1
                and (
                    denominator.get("target") in portfolio_keys
                    or isinstance(denominator.get("indicator"), str)
                )
            )
            if not ok:
                raise reader.error(
                    f"denominator must be {{target: one of {sorted(portfolio_keys)}}} "
                    "or {indicator: <id>}",
                    f"{key}.denominator",
                )
        out.append(MomentDef(name, numerator, denominator, tasks_column, reader.docs[key][1]))
    return tuple(out)


def _read_calibration(reader: _Reader, node: Any, params: Params) -> CalibrationSettings:
    names = (
        "free",
        "design_points",
        "max_evaluations",
        "simplex_step",
        "tolerance",
        "jacobian_step",
        "sd_floor",
        "unidentified_width",
        "cannot_match_z",
        "interval_level",
    )
    leaves = reader.leaves(node, "calibration", names)
    free = reader.strings(leaves["free"], "calibration.free")
    missing = [n for n in free if n not in reader.bounds]
    if missing:
        raise reader.error(f"free parameters {missing} have no bounds in model", "calibration.free")
    for name in free:
        lo, hi = reader.bounds[name]
        if not lo <= getattr(params, name) <= hi:
            raise reader.error(f"value of {name} lies outside its bounds [{lo}, {hi}]", name)
    points = reader.typed(leaves["design_points"], int, "calibration.design_points")
    if points < 2 or points & (points - 1):
        raise reader.error("expected a power of 2 (Sobol design)", "calibration.design_points")
    level = reader.typed(leaves["interval_level"], float, "calibration.interval_level")
    if not 0 < level < 1:
        raise reader.error("expected a probability in (0, 1)", "calibration.interval_level")
    return CalibrationSettings(
        free=free,
        bounds=dict(reader.bounds),
        design_points=points,
        max_evaluations=reader.typed(leaves["max_evaluations"], int, "calibration.max_evaluations"),
        simplex_step=reader.typed(leaves["simplex_step"], float, "calibration.simplex_step"),
        tolerance=reader.typed(leaves["tolerance"], float, "calibration.tolerance"),
        jacobian_step=reader.typed(leaves["jacobian_step"], float, "calibration.jacobian_step"),
        sd_floor=reader.typed(leaves["sd_floor"], float, "calibration.sd_floor"),
        unidentified_width=reader.typed(
            leaves["unidentified_width"], float, "calibration.unidentified_width"
        ),
        cannot_match_z=reader.typed(leaves["cannot_match_z"], float, "calibration.cannot_match_z"),
        interval_level=level,
    )


def _read_interventions(reader: _Reader, node: Any, params: Params) -> dict[str, Intervention]:
    out = {}
    for name, leaf in reader.section(node, "interventions").items():
        key = f"interventions.{name}"
        value = reader.section(reader.leaf(leaf, key), key)
        if set(value) != {"description", "changes"} or name == STATUS_QUO:
            raise reader.error(
                f"expected {{description, changes}} (and a name other than {STATUS_QUO})", key
            )
        changes = dict(reader.section(value["changes"], f"{key}.changes"))
        intervention = Intervention(name, reader.typed(value["description"], str, key), changes)
        try:
            intervention.apply(params)
        except ModelError as exc:
            raise reader.error(str(exc), f"{key}.changes") from None
        out[name] = intervention
    return out


def load_config(path: str | Path | None = None) -> AbmConfig:
    """Read and check a parameter file of the task ABM.

    Parameters
    ----------
    path : str or Path, optional
        A YAML file in the layout of ``zzsim/abm/params.yaml`` (the default).

    Returns
    -------
    AbmConfig

    Raises
    ------
    DataError
        On a missing, unknown or undocumented key, or a value of the wrong type or range;
        the message names the file and the dotted key.
    """
    file = Path(path) if path is not None else Path(__file__).with_name("params.yaml")
    reader = _Reader(file)
    doc = reader.section(read_yaml(file), "(top level)")
    sections = (
        "model",
        "classification",
        "tables",
        "portfolio",
        "moments",
        "calibration",
        "interventions",
        "coupling",
    )
    if tuple(doc) != sections:
        raise reader.error(f"expected the sections {list(sections)} in this order", "(top level)")
    params = _read_params(reader, doc["model"])
    missing_kinds = sorted((AGENCY_KINDS | {UNASSIGNED}) - set(params.capacity))
    if missing_kinds:
        raise reader.error(
            f"no capacity for agency kinds {missing_kinds}", "model.agencies.capacity"
        )
    portfolio = reader.leaves(
        doc["portfolio"], "portfolio", ("count_target", "investment_target", "named_indicator")
    )
    coupling = reader.leaves(
        doc["coupling"],
        "coupling",
        (
            "growth_target",
            "key_investment_indicator",
            "total_investment_indicator",
            "lever_indicator",
        ),
    )
    return AbmConfig(
        path=file,
        params=params,
        classification=_read_classification(reader, doc["classification"], params),
        tables=_read_tables(reader, doc["tables"]),
        portfolio=PortfolioSources(
            **{k: reader.typed(v, str, f"portfolio.{k}") for k, v in portfolio.items()}
        ),
        moments=_read_moments(reader, doc["moments"], set(portfolio)),
        calibration=_read_calibration(reader, doc["calibration"], params),
        interventions=_read_interventions(reader, doc["interventions"], params),
        coupling=CouplingSettings(
            **{k: reader.typed(v, str, f"coupling.{k}") for k, v in coupling.items()}
        ),
        documentation=dict(reader.docs),
    )


def read_overrides(path: str | Path) -> dict[str, Any]:
    """Read a YAML file of parameter values (``name: value``), e.g. from ``calibrate --out``.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    dict
        Values by parameter name, checked against :class:`Params`.

    Raises
    ------
    DataError
        If the file is not a mapping or names an unknown parameter or a bad value.
    """
    file = Path(path)
    doc = read_yaml(file)
    if not isinstance(doc, dict):
        raise DataError("expected a mapping of parameter names to values", file=file)
    try:
        default_config().params.replace(**doc)
    except ModelError as exc:
        raise DataError(str(exc), file=file) from None
    return dict(doc)


def write_overrides(path: str | Path, values: Mapping[str, Any], *, comment: str = "") -> Path:
    """Write parameter values as YAML (atomically), readable by :func:`read_overrides`.

    Parameters
    ----------
    path : str or Path
    values : mapping
        Values by parameter name.
    comment : str
        First line of the file, written as a YAML comment (e.g. the producing command).

    Returns
    -------
    Path
    """
    import yaml

    from .._io import atomic_write

    text = (f"# {comment}\n" if comment else "") + yaml.safe_dump(dict(values), sort_keys=False)
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


@cache
def default_config() -> AbmConfig:
    """Return the configuration shipped with zzsim (``zzsim/abm/params.yaml``), read once.

    Returns
    -------
    AbmConfig
    """
    return load_config()
