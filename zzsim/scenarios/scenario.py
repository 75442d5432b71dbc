"""Load scenarios, validate them, and turn their levers into model adjustments."""

from __future__ import annotations

import importlib
import inspect
import os
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..data._yaml import read_yaml
from ..data.registries import load_indicators
from ..errors import ScenarioError
from ..models import Adjustments, Shock
from ..resources import scenarios_dir
from .schema import ExternalLever, LeverSet, ScenarioSpec, _HorizonError

__all__ = [
    "MAX_SCENARIO_BYTES",
    "Hook",
    "Scenario",
    "list_scenarios",
    "load_scenario",
    "load_scenarios",
    "register_hook",
]

#: a scenario file larger than this is refused unread (the shipped ones are under 2 KB)
MAX_SCENARIO_BYTES = 1_000_000

#: an external model: given the simulated years and the lever's options, return pp by year
Hook = Callable[..., Mapping[int, float]]


@dataclass(frozen=True)
class _Registered:
    hook: Hook
    options: type[BaseModel] | None


_HOOKS: dict[str, _Registered] = {}
#: hooks zzsim provides, imported only when a scenario names them: module, hook, options model
_BUILTIN_HOOKS = {
    "task_abm": ("zzsim.abm.coupling", "investment_hook", "InvestmentHookOptions"),
}


def register_hook(name: str, hook: Hook, options: type[BaseModel] | None = None) -> None:
    """Register an external model that can set a scenario lever.

    A scenario's ``levers.external`` entry names the hook; when the scenario is applied,
    the hook is called as ``hook(years, **options)`` and must return the lever's value in
    percentage points by year. zzsim itself provides ``task_abm``: the task ABM's
    completion of key investment projects as a shift of fixed-asset investment growth
    (:func:`zzsim.abm.investment_hook`).

    A scenario's options are checked when its file is read (if the hook is registered by
    then) and again when it is applied: against ``options`` if given, and against the
    hook's signature (an unknown option is an error naming the key).

    Parameters
    ----------
    name : str
        The name scenario files use.
    hook : callable
        ``hook(years: Sequence[int], **options) -> Mapping[int, float]``.
    options : pydantic model class, optional
        The hook's options: types and limits (forbid extra keys and use strict types to
        catch typos and ``true`` for a number).
    """
    if options is not None and not (isinstance(options, type) and issubclass(options, BaseModel)):
        raise TypeError(f"options must be a pydantic model class, got {options!r}")
    _HOOKS[name] = _Registered(hook, options)


def _lookup_hook(name: str) -> _Registered | None:
    """Return the hook registered as ``name``, or zzsim's own (imported on first use)."""
    if name in _HOOKS:
        return _HOOKS[name]
    if name not in _BUILTIN_HOOKS:
        return None
    module_name, hook_name, options_name = _BUILTIN_HOOKS[name]
    module = importlib.import_module(module_name)
    # a module without its options model still works: options then meet the signature only
    return _Registered(getattr(module, hook_name), getattr(module, options_name, None))


def _check_options(
    i: int, external: ExternalLever, registered: _Registered, source: str | Path | None
) -> None:
    """Check a lever's options against its hook's options model and signature."""
    key = f"levers.external.{i}.options"
    if registered.options is not None:
        try:
            registered.options.model_validate(external.options)
        except ValidationError as exc:
            where, message = _first_location(exc)
            raise ScenarioError(
                message, file=source, key=key if where == "<root>" else f"{key}.{where}"
            ) from None
    try:
        inspect.signature(registered.hook).bind((), **external.options)
    except TypeError as exc:
        raise ScenarioError(
            f"options do not fit the hook {external.hook!r}: {exc}", file=source, key=key
        ) from None
    except ValueError:  # a callable without an inspectable signature: checked by the call
        pass


def _check_file(path: Path) -> None:
    """Refuse what is not a readable scenario file before reading a byte of it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        broken = " (a symbolic link to a missing file)" if path.is_symlink() else ""
        raise ScenarioError(f"file not found{broken}", file=path) from None
    except OSError as exc:  # a symbolic link loop, a permission
        raise ScenarioError(f"cannot read the file: {exc.strerror or exc}", file=path) from None
    if stat.S_ISDIR(info.st_mode):
        raise ScenarioError("is a folder; expected a scenario YAML file", file=path)
    if not stat.S_ISREG(info.st_mode):
        raise ScenarioError(
            "is not a regular file (a device, pipe or socket); expected a scenario YAML file",
            file=path,
        )
    if info.st_size > MAX_SCENARIO_BYTES:
        raise ScenarioError(
            f"is {info.st_size} bytes; a scenario file has at most {MAX_SCENARIO_BYTES}",
            file=path,
        )


def _by_year(values: Mapping[Any, float] | None, years: Sequence[int]) -> dict[int, float]:
    if not values:
        return {}
    out = {y: float(values["all"]) for y in years} if "all" in values else {}
    out.update({int(y): float(v) for y, v in values.items() if y != "all" and int(y) in years})
    return out


def _first_location(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors()[0]
    parts = [str(p) for p in err["loc"] if not str(p).startswith("function-after")]
    loc = ".".join(p for p in parts if p != "[key]")
    ctx_error = err.get("ctx", {}).get("error")
    if isinstance(ctx_error, _HorizonError):
        return ctx_error.key, str(ctx_error)
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        message = "unknown key"
    return loc or "<root>", message


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: description, assumptions and levers.

    Scenarios are immutable. :meth:`shifted` and :meth:`replace_levers` return new
    scenarios; nothing ever changes the fitted baseline, to which :meth:`adjustments`
    is applied as a copy by the simulator.

    Parameters
    ----------
    spec : ScenarioSpec
        The validated content.
    path : Path, optional
        The file it was read from.
    """

    spec: ScenarioSpec
    path: Path | None = None

    @property
    def name(self) -> str:
        """Short name (the file stem)."""
        return self.spec.name

    @property
    def description(self) -> str:
        """One-paragraph description."""
        return self.spec.description

    @property
    def assumptions(self) -> tuple[str, ...]:
        """The assumptions behind the levers, in words."""
        return self.spec.assumptions

    @property
    def levers(self) -> LeverSet:
        """The levers (read-only)."""
        return self.spec.levers

    @classmethod
    def from_dict(cls, content: Any, *, source: str | Path = "<dict>") -> Scenario:
        """Validate a scenario given as a mapping (the content of a YAML file).

        Parameters
        ----------
        content : mapping
            ``name``, ``description``, ``assumptions``, ``horizon``, ``levers``.
        source : str or Path
            Where it came from, for error messages.

        Returns
        -------
        Scenario

        Raises
        ------
        ScenarioError
            Naming the source and the dotted key at fault: unknown keys, unknown
            indicators, years outside the horizon, impossible values, a bool or a string
            where a number belongs, options that do not fit a registered hook.
        """
        if not isinstance(content, Mapping):
            raise ScenarioError("expected a mapping at the top level", file=source)
        try:
            spec = ScenarioSpec.model_validate(dict(content))
        except ValidationError as exc:
            key, message = _first_location(exc)
            raise ScenarioError(message, file=source, key=key) from None
        families = load_indicators()["family"]
        for name in spec.levers.growth_shift_by_indicator:
            key = f"levers.growth_shift_by_indicator.{name}"
            if name not in families.index:
                raise ScenarioError(
                    "unknown indicator; see data/indicators.yaml", file=source, key=key
                )
            if families[name] != "growth":
                raise ScenarioError(
                    f"{name} is a {families[name]} indicator: a growth shift applies only to "
                    "indicators that grow (family 'growth' in data/indicators.yaml)",
                    file=source,
                    key=key,
                )
        for i, external in enumerate(spec.levers.external):
            if external.indicator is not None and external.indicator not in families.index:
                raise ScenarioError(
                    "unknown indicator", file=source, key=f"levers.external.{i}.indicator"
                )
            registered = _lookup_hook(external.hook)
            if registered is not None:  # a hook registered later is checked when applied
                _check_options(i, external, registered, source)
        return cls(spec, Path(source) if isinstance(source, Path) else None)

    @classmethod
    def from_yaml(cls, path: str | Path) -> Scenario:
        """Read and validate a scenario file.

        Parameters
        ----------
        path : str or Path
            A YAML file.

        Returns
        -------
        Scenario

        Raises
        ------
        ScenarioError
            If the file is missing, is not a regular file (a folder, a device, a symbolic
            link loop), is larger than :data:`MAX_SCENARIO_BYTES`, is not YAML, or does not
            validate; the message names the file and the key.
        """
        path = Path(path)
        _check_file(path)
        try:
            content = read_yaml(path, ScenarioError)
        except OSError as exc:
            raise ScenarioError(f"cannot read the file: {exc.strerror or exc}", file=path) from None
        scenario = cls.from_dict(content, source=path)
        if path.suffix in {".yaml", ".yml"} and scenario.name != path.stem:
            raise ScenarioError(
                f"name {scenario.name!r} differs from the file name", file=path, key="name"
            )
        return scenario

    def replace_levers(self, **changes: Any) -> Scenario:
        """Return a copy with some levers replaced (validated like a file).

        Parameters
        ----------
        **changes
            Lever names and their new values, e.g. ``volatility=1.5``.

        Returns
        -------
        Scenario
        """
        content = self.spec.model_dump()
        content["levers"] = {**content["levers"], **changes}
        return Scenario.from_dict(content, source=self.path or f"<{self.name}>")

    def shifted(self, pp: float) -> Scenario:
        """Return a copy whose growth is shifted by ``pp`` points in every year.

        The shift is added on top of the scenario's own ``growth_shift``; it is the lever
        the attainment engine searches over ("growth needed").

        Parameters
        ----------
        pp : float
            Percentage points added to real growth in every year of the horizon.

        Returns
        -------
        Scenario
        """
        start, end = self.spec.horizon
        base = _by_year(self.levers.growth_shift, range(start, end + 1))
        shift = {y: base.get(y, 0.0) + pp for y in range(start, end + 1)}
        return self.replace_levers(growth_shift=shift)

    def adjustments(self, years: Iterable[int], *, start: int | None = None) -> Adjustments:
        """Translate the levers into model adjustments for the simulated years.

        A scenario speaks of the future: its levers act only in the years of its horizon
        from ``start`` on (the year after the last figure the models were fitted on), so
        the figures already known are never changed, whichever years are simulated.
        External levers are computed here by calling their registered hooks.

        Parameters
        ----------
        years : iterable of int
            The years that will be simulated.
        start : int, optional
            First year a lever may act in; default the first of ``years``.

        Returns
        -------
        zzsim.models.Adjustments

        Raises
        ------
        ScenarioError
            If the scenario moves a lever but no year of its horizon lies between the
            first year a lever may act in and the last simulated year (its levers would
            go unused; when that first year comes after the last simulated year, every
            figure is known and no scenario can act, which is not an error); if an
            external lever names a hook that is not registered, or its options do not fit
            the hook.
        """
        simulated = tuple(years)
        if simulated and self.levers != LeverSet():
            self._check_horizon(min(simulated) if start is None else start, max(simulated))
        first, last = self.spec.horizon
        if start is not None:
            first = max(first, start)
        years = tuple(y for y in simulated if first <= y <= last)
        levers = self.levers
        growth = _by_year(levers.growth_shift, years)
        by_indicator = {k: _by_year(v, years) for k, v in levers.growth_shift_by_indicator.items()}
        for i, external in enumerate(levers.external):
            values = self._external(i, external, years)
            if external.lever == "growth_shift":
                growth = {y: growth.get(y, 0.0) + values.get(y, 0.0) for y in years}
            else:
                assert external.indicator is not None
                current = by_indicator.get(external.indicator, {})
                by_indicator[external.indicator] = {
                    y: current.get(y, 0.0) + values.get(y, 0.0) for y in years
                }
        return Adjustments(
            growth_shift=growth,
            growth_shift_by_indicator=by_indicator,
            volatility=levers.volatility,
            shocks=tuple(
                Shock(
                    size=s.size,
                    probability=s.probability,
                    year=s.year,
                    persistence=s.persistence,
                    rebound=s.rebound,
                )
                for s in levers.shocks
                if s.year is None or s.year in years
            ),
            share_drift={str(k): v for k, v in levers.share_drift.items()},
            deflator=_by_year(levers.deflator, years) if levers.deflator is not None else None,
            population_growth=(
                _by_year(levers.population_growth, years)
                if levers.population_growth is not None
                else None
            ),
        )

    def _check_horizon(self, first: int, last: int) -> None:
        """Refuse to apply levers whose horizon misses every year they may act in."""
        begin, end = self.spec.horizon
        if first > last or (begin <= last and first <= end):
            return  # no year to act in whatever the horizon (all known), or they overlap
        raise ScenarioError(
            f"scenario {self.name!r} moves levers in its horizon {begin}-{end}, but it is "
            f"applied to {first}-{last} (from the first year a lever may act in to the last "
            "simulated year): no year of its horizon is among them, so its levers would go "
            "unused; widen or move 'horizon'",
            file=self.path,
            key="horizon",
        )

    def _external(
        self, i: int, external: ExternalLever, years: tuple[int, ...]
    ) -> dict[int, float]:
        registered = _lookup_hook(external.hook)
        if registered is None:
            raise ScenarioError(
                f"no external model registered as {external.hook!r} "
                f"(known: {sorted({*_HOOKS, *_BUILTIN_HOOKS})})",
                file=self.path,
                key=f"levers.external.{i}.hook",
            )
        _check_options(i, external, registered, self.path)
        values = registered.hook(years, **external.options)
        return {int(y): float(v) for y, v in values.items()}


def _is_name(text: str) -> bool:
    """Tell a bare scenario name (no folder, no suffix) from a path."""
    return "/" not in text and os.sep not in text and not Path(text).suffix


def list_scenarios(folder: str | Path | None = None) -> list[str]:
    """Names of the scenarios shipped with zzsim (or found in ``folder``).

    Parameters
    ----------
    folder : str or Path, optional
        Default :func:`zzsim.resources.scenarios_dir`.

    Returns
    -------
    list of str
    """
    root = Path(folder) if folder is not None else scenarios_dir()
    return sorted(p.stem for p in root.glob("*.yaml"))


def load_scenario(name_or_path: str | Path, *, folder: str | Path | None = None) -> Scenario:
    """Load a scenario by name (from ``scenarios/``) or from a YAML file path.

    A bare name (no folder, no suffix) is looked up in ``folder`` first; anything else, or
    a bare name that is not there but exists as a file, is read as a YAML file.

    Parameters
    ----------
    name_or_path : str or Path
        ``"baseline"``, ``"downside"``, ... or a path to a YAML file.
    folder : str or Path, optional
        Where named scenarios are looked up; default :func:`zzsim.resources.scenarios_dir`.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        If no such scenario exists (the message lists the known names), the path is not
        a readable scenario file, or it is invalid.
    """
    root = Path(folder) if folder is not None else scenarios_dir()
    text = str(name_or_path)
    if _is_name(text) and (root / f"{text}.yaml").is_file():
        return Scenario.from_yaml(root / f"{text}.yaml")
    candidate = Path(name_or_path)
    if not _is_name(text) or os.path.lexists(candidate):
        return Scenario.from_yaml(candidate)
    raise ScenarioError(
        f"unknown scenario {text!r}; known: {', '.join(list_scenarios(root))} "
        "(or give a path to a YAML file)"
    )


def load_scenarios(
    scenarios: Iterable[str | Path | Scenario] | str | Path | Scenario,
    *,
    folder: str | Path | None = None,
) -> list[Scenario]:
    """Load the scenarios of one table: names, paths or Scenario objects, each once.

    Parameters
    ----------
    scenarios : name, path, Scenario, or iterable of them
        As :func:`load_scenario` takes them; a Scenario is used as it is.
    folder : str or Path, optional
        Where named scenarios are looked up; default :func:`zzsim.resources.scenarios_dir`.

    Returns
    -------
    list of Scenario
        In the order given.

    Raises
    ------
    ScenarioError
        If none is given, one cannot be loaded, or two share a name (each scenario is a
        column of the table, named by its ``name``).
    """
    items = [scenarios] if isinstance(scenarios, str | Path | Scenario) else list(scenarios)
    if not items:
        raise ScenarioError("no scenario given; name at least one (e.g. baseline)")
    chosen: list[Scenario] = []
    given: dict[str, str] = {}
    for item in items:
        scenario = item if isinstance(item, Scenario) else load_scenario(item, folder=folder)
        label = str(scenario.path or scenario.name) if isinstance(item, Scenario) else str(item)
        if scenario.name in given:
            raise ScenarioError(
                f"scenario {scenario.name!r} is given twice ({given[scenario.name]!r} and "
                f"{label!r}): each scenario is one column of the table; give it once, or "
                "give the other a name of its own",
                file=scenario.path,
                key="name",
            )
        given[scenario.name] = label
        chosen.append(scenario)
    return chosen
