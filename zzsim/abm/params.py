"""Parameters of the task ABM, read from ``params.yaml`` and validated by pydantic models.

The YAML file shipped inside the package (``zzsim/abm/params.yaml``) documents every
parameter: each leaf is ``{value, unit, description[, basis][, bounds]}`` (:class:`Leaf`).
:func:`load_config` validates the file against :class:`ParamsFile` (known sections and keys,
a unit and a description on every leaf), then each section's values against its model:
:class:`Params` (the model's numbers) and the rules that read the data (task kinds, progress
classes, moments, calibration, interventions, coupling). The limits of every value live in
these models, once; types are strict (a bool is not a number, a string is not a list).
Errors name the file and the dotted key. A parameter is never a literal in the code: change
the YAML file, or derive new :class:`Params` with :meth:`Params.replace`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..data._yaml import read_yaml
from ..data.schema import AGENCY_KINDS
from ..errors import DataError, ModelError

__all__ = [
    "KEY_FIRST",
    "PROJECT",
    "RECORD_SUFFIXES",
    "STATUS_QUO",
    "AbmConfig",
    "CalibrationSettings",
    "Classification",
    "CouplingSettings",
    "Intervention",
    "Leaf",
    "MomentDefs",
    "Params",
    "PortfolioSources",
    "ProgressRule",
    "TableSettings",
    "default_config",
    "load_config",
    "read_overrides",
    "write_overrides",
]

#: the task kind of construction and investment projects (the key-project portfolio's kind)
PROJECT = "project"
#: name of the comparison run without intervention
STATUS_QUO = "status_quo"
#: suffixes :func:`write_overrides` writes, the format following the suffix
RECORD_SUFFIXES = (".yaml", ".yml", ".json")
#: priority rule that serves key tasks before the others
KEY_FIRST = "key_first"

Int = Annotated[int, Strict()]
Float = Annotated[float, Strict()]
Str = Annotated[str, Strict(), Field(min_length=1)]
Bool = Annotated[bool, Strict()]
Week = Annotated[int, Strict(), Field(ge=1)]
Positive = Annotated[float, Strict(), Field(gt=0)]
NonNegative = Annotated[float, Strict(), Field(ge=0)]
Share = Annotated[float, Strict(), Field(ge=0, le=1)]
GateShare = Annotated[float, Strict(), Field(ge=0, lt=1)]

_M = TypeVar("_M", bound=BaseModel)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Params(_Model):
    """The numbers of the task ABM (see ``params.yaml`` for meanings, units and reasons).

    Mappings by task kind (``duration_weeks``, ``desks``, ``gates``, ``uncertainty``)
    share one set of kinds; mappings by agency kind (``capacity``, ``responsiveness``)
    cover every kind of the agency registry. Use :meth:`replace` to derive a variant: the
    result is validated.
    """

    weeks: Week
    report_weeks: tuple[Week, ...]
    midyear_week: Week
    surge_weeks: Annotated[int, Strict(), Field(ge=0)]
    surge_factor: Positive
    report_load: Annotated[float, Strict(), Field(ge=0, lt=1)]
    check_weeks: tuple[Week, ...]
    laggard_ratio: NonNegative
    pressure: Positive
    capacity: dict[str, Positive]
    capacity_override: dict[str, Positive]
    capacity_multiplier: dict[str, Positive]
    capacity_scale: Positive
    responsiveness: dict[str, Share]
    responsiveness_scale: NonNegative
    approval_scale: NonNegative
    outside_share: Share
    outside_responsiveness: Share
    clearance_cost: NonNegative
    max_participants: Annotated[int, Strict(), Field(ge=0)] | None
    collective_quorum: Annotated[float, Strict(), Field(gt=0, le=1)]
    duration_weeks: dict[str, Positive]
    duration_scale: Positive
    duration_sigma: NonNegative
    desks: dict[str, Positive]
    gates: dict[str, tuple[GateShare, ...]]
    priority_rule: Literal["share", "key_first"]
    key_weight: Positive
    exception_rate: Share
    uncertainty: dict[str, NonNegative]
    rework_share: NonNegative
    new_share: Share
    start_span: Annotated[float, Strict(), Field(gt=0, le=1)]
    final_share: Share
    final_remaining: Annotated[float, Strict(), Field(gt=0, le=1)]
    project_sigma: NonNegative
    money_sigma: NonNegative

    @field_validator("report_weeks", "check_weeks", "midyear_week", "surge_weeks")
    @classmethod
    def _within_year(cls, value: Any, info: ValidationInfo) -> Any:
        weeks = info.data.get("weeks")
        values = value if isinstance(value, tuple) else (value,)
        if weeks is not None and any(w > weeks for w in values):
            raise ValueError(f"expected weeks within 1..{weeks}, got {value}")
        if isinstance(value, tuple) and list(value) != sorted(set(value)):
            raise ValueError(f"expected increasing weeks, got {list(value)}")
        return value

    @field_validator("desks", "gates", "uncertainty")
    @classmethod
    def _task_kinds(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        kinds = info.data.get("duration_weeks")
        if kinds is not None and set(value) != set(kinds):
            raise ValueError(f"expected the task kinds {sorted(kinds)}, got {sorted(value)}")
        return value

    @field_validator("capacity", "responsiveness")
    @classmethod
    def _agency_kinds(cls, value: dict[str, Any]) -> dict[str, Any]:
        if set(value) != AGENCY_KINDS:
            raise ValueError(
                f"expected the agency kinds {sorted(AGENCY_KINDS)}, got {sorted(value)}"
            )
        return value

    @field_validator("gates")
    @classmethod
    def _increasing(cls, value: dict[str, tuple[float, ...]]) -> dict[str, tuple[float, ...]]:
        for kind, gates in value.items():
            if list(gates) != sorted(set(gates)):
                raise ValueError(f"gates of {kind!r}: expected increasing shares, got {gates}")
        return value

    @model_validator(mode="after")
    def _project_kind(self) -> Params:
        if PROJECT not in self.duration_weeks:
            raise ValueError(f"duration_weeks: the task kinds must include {PROJECT!r}")
        return self

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Return the parameter names, in the order of the YAML file.

        Returns
        -------
        tuple of str
        """
        return tuple(cls.model_fields)

    def replace(self, **changes: Any) -> Params:
        """Return a copy with some parameters changed (validated).

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
            If a name is not a parameter or a value is out of its range; the message names
            the parameter.
        """
        unknown = sorted(set(changes) - set(self.names()))
        if unknown:
            raise ModelError(f"unknown ABM parameter(s) {unknown}; known: {list(self.names())}")
        try:
            return _validated(Params, {**self.model_dump(), **changes})
        except _Invalid as exc:
            raise ModelError(f"parameter {exc.key(exc.field)!r}: {exc.message}") from None

    @property
    def kinds(self) -> tuple[str, ...]:
        """Task kinds the parameters cover (keys of ``duration_weeks``)."""
        return tuple(self.duration_weeks)


class _Invalid(Exception):
    """A validation failure: where (top-level field, rest of the path) and what."""

    def __init__(self, field: str, rest: str, message: str) -> None:
        super().__init__(message)
        self.field, self.rest, self.message = field, rest, message

    def key(self, field_key: str) -> str:
        """Return the dotted key of the failure, the field spelled as ``field_key``."""
        return ".".join(k for k in (field_key, self.rest) if k)


def _validated(model: type[_M], values: Any) -> _M:
    """Validate ``values`` against ``model``; raise :class:`_Invalid` for the first error."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [str(p) for p in first["loc"]]
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = "unknown key"
        got = "" if first["type"] == "value_error" else f"; got {first.get('input')!r}"
        field, rest = (loc[0], ".".join(loc[1:])) if loc else ("", "")
        raise _Invalid(field, rest, f"{message}{got}") from None


class Leaf(_Model):
    """One documented entry of ``params.yaml``."""

    value: Any
    unit: Str
    description: Annotated[str, Strict(), Field(min_length=10)]
    basis: Str | None = None
    bounds: tuple[Float, Float] | None = None

    @field_validator("bounds")
    @classmethod
    def _ordered(cls, bounds: tuple[float, float] | None) -> tuple[float, float] | None:
        if bounds is not None and not bounds[0] < bounds[1]:
            raise ValueError(f"expected [lower, upper] with lower < upper, got {list(bounds)}")
        return bounds


class ParamsFile(_Model):
    """The sections of ``params.yaml``, each a mapping of names to documented leaves."""

    model: dict[str, dict[str, Leaf]]
    classification: dict[str, Leaf]
    progress: dict[str, Leaf]
    tables: dict[str, Leaf]
    collectives: dict[str, Leaf]
    portfolio: dict[str, Leaf]
    moments: dict[str, Leaf]
    calibration: dict[str, Leaf]
    interventions: dict[str, Leaf]
    coupling: dict[str, Leaf]


class Classification(_Model):
    """Rule that reads a task's kind, key flag and short name from its text."""

    kinds: tuple[Str, ...]
    keywords: dict[str, tuple[Str, ...]]
    default_kind: Str
    key_keywords: tuple[Str, ...]
    key_investment_pattern: Str
    slow_label: Str
    short_name_length: Annotated[int, Strict(), Field(ge=4)]

    @model_validator(mode="after")
    def _consistent(self) -> Classification:
        if set(self.keywords) != set(self.kinds):
            raise ValueError(f"keywords: expected one list per kind {list(self.kinds)}")
        if self.default_kind not in self.kinds:
            raise ValueError(f"default_kind: expected one of {list(self.kinds)}")
        try:
            re.compile(self.key_investment_pattern)
        except re.error as exc:
            raise ValueError(f"key_investment_pattern: invalid regular expression: {exc}") from None
        return self


class NoticeSlow(_Model):
    """Tasks the notice's own text calls slow, with the quote that says so."""

    phrases: tuple[Str, ...]
    quote: Str


class ProgressRule(_Model):
    """How a row's mid-year progress text is read (see ``progress`` in params.yaml)."""

    notice_slow: NoticeSlow
    done_markers: tuple[Str, ...]
    result_markers: tuple[Str, ...]
    draft_markers: tuple[Str, ...]
    rule: tuple[Literal["stated_share", "notice_slow", "done", "result", "draft"], ...]


class TableSettings(_Model):
    """How a task table is simulated: its document year, its plan, and the portfolio flag."""

    year: Int
    plan: Str
    portfolio: Bool


class PortfolioSources(_Model):
    """Where the key-project portfolio's size and the work report's named count come from."""

    count_target: Str
    investment_target: Str
    named_indicator: Str


class RatioMoment(_Model):
    """A portfolio moment: a figure of the table's source over a target or another figure.

    ``tolerance`` is the standard deviation of the ratio as a measurement of the simulated
    share (0 for a count of the projects themselves).
    """

    numerator: Str
    denominator: dict[Literal["target", "indicator"], Str] = Field(min_length=1, max_length=1)
    tolerance: Annotated[float, Strict(), Field(ge=0, le=0.5)] = 0.0


class TasksMoment(_Model):
    """Per-task moments read from a column of the task table."""

    tasks: Literal["progress_pct", "progress"]


class Statement(_Model):
    """The notice's summary statement read as a share, with its measurement tolerance."""

    reading: Share
    tolerance: Annotated[float, Strict(), Field(gt=0, le=0.5)]
    quote: Str


class MomentDefs(_Model):
    """The calibration moments (``moments`` in params.yaml)."""

    started: RatioMoment
    completed: RatioMoment
    half_plan: RatioMoment
    named_slow: RatioMoment
    investment_h1: RatioMoment
    task_progress: TasksMoment
    task_on_track: TasksMoment
    statement: Statement

    def ratios(self) -> dict[str, RatioMoment]:
        """Return the portfolio moments by name, in order."""
        return {name: getattr(self, name) for name in PORTFOLIO_MOMENTS}


#: the portfolio moments, in order (see :mod:`zzsim.abm.summary`)
PORTFOLIO_MOMENTS = ("started", "completed", "half_plan", "named_slow", "investment_h1")


class CalibrationSettings(_Model):
    """Settings of the simulated-method-of-moments calibration (see ``params.yaml``)."""

    free: tuple[Str, ...]
    bounds: dict[str, tuple[Float, Float]]
    replications: Annotated[int, Strict(), Field(ge=2)]
    seed: Annotated[int, Strict(), Field(ge=0)]
    test_replications: Annotated[int, Strict(), Field(ge=2)]
    test_level: Annotated[float, Strict(), Field(gt=0, lt=1)]
    design_points: Annotated[int, Strict(), Field(ge=2)]
    starts: Annotated[int, Strict(), Field(ge=1)]
    max_evaluations: Annotated[int, Strict(), Field(ge=1)]
    simplex_step: Positive
    tolerance: Positive
    jacobian_step: Positive
    sd_floor: Positive
    unidentified_width: Annotated[float, Strict(), Field(gt=0, le=1)]
    cannot_match_z: Positive
    interval_level: Annotated[float, Strict(), Field(gt=0, lt=1)]
    predictive_draws: Annotated[int, Strict(), Field(ge=1)]
    predictive_years: Annotated[int, Strict(), Field(ge=1)]

    @field_validator("design_points")
    @classmethod
    def _power_of_two(cls, points: int) -> int:
        if points & (points - 1):
            raise ValueError(f"expected a power of 2 (Sobol design), got {points}")
        return points


class Intervention(_Model):
    """A named change of parameters compared with the status quo.

    ``changes`` sets parameters to new values; ``scale`` multiplies numeric parameters
    (so that an intervention on a calibrated parameter stays relative to its estimate).
    """

    name: Str
    description: Str
    changes: dict[str, Any] = Field(default_factory=dict)
    scale: dict[str, Positive] = Field(default_factory=dict)

    def apply(self, params: Params) -> Params:
        """Return ``params`` with this intervention's changes.

        Parameters
        ----------
        params : Params

        Returns
        -------
        Params

        Raises
        ------
        ModelError
            If a scaled parameter is not a number, or a result is out of range.
        """
        scaled = {}
        for name, factor in self.scale.items():
            value = getattr(params, name, None)
            if isinstance(value, bool) or not isinstance(value, float):
                raise ModelError(f"intervention {self.name!r}: {name!r} is not a scalable number")
            scaled[name] = value * factor
        return params.replace(**self.changes, **scaled)


class CouplingSettings(_Model):
    """Ids the coupling to the attainment engine reads (see ``params.yaml``)."""

    growth_target: Str
    key_investment_indicator: Str
    total_investment_indicator: Str
    lever_indicator: Str


class Collectives(_Model):
    """Collectives whose members the model takes from another collective."""

    members_from: dict[str, Str]


class AbmConfig(_Model):
    """Everything ``params.yaml`` holds.

    Attributes
    ----------
    path : Path
        The file read.
    params : Params
        The model's numbers.
    classification : Classification
    progress : ProgressRule
    tables : dict of str to TableSettings
    collectives : Collectives
    portfolio : PortfolioSources
    moments : MomentDefs
    calibration : CalibrationSettings
    interventions : dict of str to Intervention
    coupling : CouplingSettings
    documentation : dict
        ``(unit, description, basis)`` of every leaf, by dotted key (basis "" if none).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    path: Path
    params: Params
    classification: Classification
    progress: ProgressRule
    tables: dict[str, TableSettings]
    collectives: Collectives
    portfolio: PortfolioSources
    moments: MomentDefs
    calibration: CalibrationSettings
    interventions: dict[str, Intervention]
    coupling: CouplingSettings
    documentation: dict[str, tuple[str, str, str]] = Field(repr=False)

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
            return Intervention(name=STATUS_QUO, description="No intervention.", changes={})
        try:
            return self.interventions[name]
        except KeyError:
            known = [STATUS_QUO, *self.interventions]
            raise ModelError(f"unknown intervention {name!r}; known: {known}") from None

    def describe(self, name: str) -> str:
        """Return the description of a leaf by its last key (e.g. ``new_share``).

        Parameters
        ----------
        name : str

        Returns
        -------
        str
            Empty if no leaf has that name.
        """
        return self._doc(name)[1]

    def basis(self, name: str) -> str:
        """Return where the value of a leaf comes from (its ``basis``; "" if none).

        Parameters
        ----------
        name : str
            The leaf's last key.

        Returns
        -------
        str
        """
        return self._doc(name)[2]

    def _doc(self, name: str) -> tuple[str, str, str]:
        found = (d for k, d in self.documentation.items() if k.rsplit(".", 1)[-1] == name)
        return next(found, ("", "", ""))


def _under(prefix: str) -> Callable[[str], str]:
    """Return a function that puts a field's name under a dotted key."""
    return lambda field: f"{prefix}.{field}"


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

    def check(model: type[_M], values: Any, key: Callable[[str], str]) -> _M:
        try:
            return _validated(model, values)
        except _Invalid as exc:
            raise DataError(exc.message, file=file, key=exc.key(key(exc.field))) from None

    def fail(message: str, key: str) -> DataError:
        return DataError(message, file=file, key=key)

    doc = check(ParamsFile, read_yaml(file), lambda field: field or "(top level)")
    docs: dict[str, tuple[str, str, str]] = {}
    where: dict[str, str] = {}
    values: dict[str, Any] = {}
    bounds: dict[str, tuple[float, float]] = {}
    for group, leaves in doc.model.items():
        for name, leaf in leaves.items():
            key = f"model.{group}.{name}"
            if name in values:
                raise fail(f"parameter {name!r} is defined twice", key)
            values[name], where[name] = leaf.value, key
            docs[key] = (leaf.unit, leaf.description, leaf.basis or "")
            if leaf.bounds is not None:
                bounds[name] = leaf.bounds
    missing = [n for n in Params.names() if n not in values]
    if missing:
        raise fail(f"missing parameters {missing}", "model")
    params = check(Params, values, lambda field: where.get(field, "model"))

    def section(model: type[_M], name: str, **extra: Any) -> _M:
        leaves: dict[str, Leaf] = getattr(doc, name)
        docs.update(
            {
                f"{name}.{k}": (leaf.unit, leaf.description, leaf.basis or "")
                for k, leaf in leaves.items()
            }
        )
        content = {k: leaf.value for k, leaf in leaves.items()}
        return check(model, {**content, **extra}, _under(name))

    calibration = section(CalibrationSettings, "calibration", bounds=bounds)
    for name in calibration.free:
        if name not in bounds:
            raise fail(f"free parameter {name!r} has no bounds", "calibration.free")
        lo, hi = bounds[name]
        if not lo <= getattr(params, name) <= hi:
            raise fail(
                f"value {getattr(params, name)} lies outside its bounds [{lo}, {hi}]", where[name]
            )
    interventions = {}
    for name, leaf in doc.interventions.items():
        key = f"interventions.{name}"
        docs[key] = (leaf.unit, leaf.description, leaf.basis or "")
        if name == STATUS_QUO:
            raise fail(f"{STATUS_QUO!r} is reserved for no intervention", key)
        content = leaf.value if isinstance(leaf.value, Mapping) else {"changes": leaf.value}
        intervention = check(Intervention, {"name": name, **content}, _under(key))
        try:
            intervention.apply(params)
        except ModelError as exc:
            raise fail(str(exc), f"{key}.changes") from None
        interventions[name] = intervention
    tables = {}
    for name, leaf in doc.tables.items():
        docs[f"tables.{name}"] = (leaf.unit, leaf.description, leaf.basis or "")
        tables[name] = check(TableSettings, leaf.value, _under(f"tables.{name}"))
    classification = section(Classification, "classification")
    if set(classification.kinds) != set(params.kinds):
        raise fail(
            f"kinds must be the task kinds of the model parameters {sorted(params.kinds)}",
            "classification.kinds",
        )
    return AbmConfig(
        path=file,
        params=params,
        classification=classification,
        progress=section(ProgressRule, "progress"),
        tables=tables,
        collectives=section(Collectives, "collectives"),
        portfolio=section(PortfolioSources, "portfolio"),
        moments=section(MomentDefs, "moments"),
        calibration=calibration,
        interventions=interventions,
        coupling=section(CouplingSettings, "coupling"),
        documentation=docs,
    )


def _read_mapping(file: Path) -> Any:
    if file.suffix.lower() == ".json":
        try:
            return json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DataError(f"cannot read JSON: {exc}", file=file) from None
    return read_yaml(file)


def read_overrides(path: str | Path) -> dict[str, Any]:
    """Read parameter values from a YAML or JSON file, e.g. a ``calibrate --out`` record.

    Parameters
    ----------
    path : str or Path
        A mapping of parameter names to values, or a calibration record (its
        ``estimates`` are read). ``.json`` files are read as JSON, others as YAML.

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
    doc = _read_mapping(file)
    if isinstance(doc, dict) and isinstance(doc.get("estimates"), dict):
        doc = doc["estimates"]
    if not isinstance(doc, dict):
        raise DataError("expected a mapping of parameter names to values", file=file)
    try:
        default_config().params.replace(**doc)
    except ModelError as exc:
        raise DataError(str(exc), file=file) from None
    return dict(doc)


def write_overrides(path: str | Path, content: Mapping[str, Any], *, comment: str = "") -> Path:
    """Write a mapping atomically as YAML, or as JSON when the suffix is ``.json``.

    Parameters
    ----------
    path : str or Path
        ``.yaml``, ``.yml`` or ``.json``.
    content : mapping
        Parameter values by name, or a calibration record.
    comment : str
        First line of a YAML file, written as a comment (e.g. the producing command);
        JSON has no comments, so a JSON file leaves it out (a calibration record carries
        its command under ``command``).

    Returns
    -------
    Path

    Raises
    ------
    ModelError
        If the suffix is none of ``.yaml``, ``.yml``, ``.json``.
    """
    import yaml

    from .._io import atomic_write

    file = Path(path)
    suffix = file.suffix.lower()
    if suffix == ".json":
        text = json.dumps(dict(content), ensure_ascii=False, indent=2) + "\n"
    elif suffix in (".yaml", ".yml"):
        text = (f"# {comment}\n" if comment else "") + yaml.safe_dump(
            dict(content), sort_keys=False, allow_unicode=True
        )
    else:
        raise ModelError(
            f"{file}: the format follows the suffix, one of {', '.join(RECORD_SUFFIXES)}"
        )
    return atomic_write(file, lambda tmp: tmp.write_text(text, encoding="utf-8"))


@cache
def default_config() -> AbmConfig:
    """Return the configuration shipped with zzsim (``zzsim/abm/params.yaml``), read once.

    Returns
    -------
    AbmConfig
    """
    return load_config()
