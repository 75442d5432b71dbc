"""Load scenarios, validate them, and turn their levers into model adjustments."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..data._yaml import read_yaml
from ..data.registries import load_indicators
from ..errors import ScenarioError
from ..models import Adjustments, Shock
from ..resources import scenarios_dir
from .schema import ExternalLever, LeverSet, ScenarioSpec, _HorizonError

__all__ = [
    "Hook",
    "Scenario",
    "list_scenarios",
    "load_scenario",
    "register_hook",
]

#: an external model: given the simulated years and the lever's options, return pp by year
Hook = Callable[..., Mapping[int, float]]
_HOOKS: dict[str, Hook] = {}
#: hooks zzsim provides, imported only when a scenario names them
_BUILTIN_HOOKS = {"task_abm": ("zzsim.abm.coupling", "investment_hook")}


def register_hook(name: str, hook: Hook) -> None:
    """Register an external model that can set a scenario lever.

    A scenario's ``levers.external`` entry names the hook; when the scenario is applied,
    the hook is called as ``hook(years, **options)`` and must return the lever's value in
    percentage points by year. zzsim itself provides ``task_abm``: the task ABM's
    completion of key investment projects as a shift of fixed-asset investment growth
    (:func:`zzsim.abm.investment_hook`).

    Parameters
    ----------
    name : str
        The name scenario files use.
    hook : callable
        ``hook(years: Sequence[int], **options) -> Mapping[int, float]``.
    """
    _HOOKS[name] = hook


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
            indicators, years outside the horizon, impossible values.
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
            If the file is missing, not YAML, or does not validate; the message names the
            file and the key.
        """
        path = Path(path)
        scenario = cls.from_dict(read_yaml(path, ScenarioError), source=path)
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
            If an external lever names a hook that is not registered, or its options do not
            fit the hook.
        """
        first, last = self.spec.horizon
        if start is not None:
            first = max(first, start)
        years = tuple(y for y in years if first <= y <= last)
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

    def _external(
        self, i: int, external: ExternalLever, years: tuple[int, ...]
    ) -> dict[int, float]:
        hook = _HOOKS.get(external.hook)
        if hook is None and external.hook in _BUILTIN_HOOKS:
            module, name = _BUILTIN_HOOKS[external.hook]
            hook = getattr(importlib.import_module(module), name)
        if hook is None:
            raise ScenarioError(
                f"no external model registered as {external.hook!r} "
                f"(known: {sorted({*_HOOKS, *_BUILTIN_HOOKS})})",
                file=self.path,
                key=f"levers.external.{i}.hook",
            )
        try:
            values = hook(years, **external.options)
        except TypeError as exc:
            raise ScenarioError(
                f"options do not fit the hook {external.hook!r}: {exc}",
                file=self.path,
                key=f"levers.external.{i}.options",
            ) from None
        return {int(y): float(v) for y, v in values.items()}


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
        If no such scenario exists (the message lists the known names) or it is invalid.
    """
    candidate = Path(name_or_path)
    if candidate.suffix in {".yaml", ".yml"} or candidate.exists():
        return Scenario.from_yaml(candidate)
    root = Path(folder) if folder is not None else scenarios_dir()
    path = root / f"{name_or_path}.yaml"
    if not path.is_file():
        raise ScenarioError(
            f"unknown scenario {str(name_or_path)!r}; known: {', '.join(list_scenarios(root))} "
            "(or give a path to a YAML file)"
        )
    return Scenario.from_yaml(path)
