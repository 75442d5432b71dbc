"""The models as data: ``data/models.yaml`` read and checked.

``models.yaml`` holds the census calendars, the defaults of each family (its engine and
the fields of the engine's specification), the groups (ids served by one fit: GDP with
its growth, per-capita GDP and population; the three-sector composition) and
per-indicator overrides. :func:`load_config` checks every key against the engine's
specification, so a typo is a :class:`~zzsim.errors.DataError` naming the file and key,
not a silent default. The specification of an indicator is the family's defaults, then
its group's entries, then its own (:meth:`ModelConfig.options`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..data._yaml import read_yaml
from ..errors import DataError
from ..resources import data_dir as _default_data_dir
from .revisions import CensusCalendar

__all__ = ["ENGINES", "GROUP_KEYS", "Hyper", "ModelConfig", "load_config"]

#: keys of a group besides specification fields
GROUP_KEYS = frozenset({"indicator", "members", "parts", "names", "family"})
#: keys of a family besides specification fields
_FAMILY_KEYS = frozenset({"engine", "hyper"})
#: quantities a growth fit can serve
QUANTITIES = frozenset({"level", "growth", "per_capita", "population"})


def _spec_fields(engine: str) -> frozenset[str]:
    from .growth import GrowthSpec
    from .walk import WalkSpec

    spec = {"growth": GrowthSpec, "walk": WalkSpec}[engine]
    return frozenset(f.name for f in fields(spec)) | {"cumulative_sums"}


#: the engines a family can use
ENGINES = ("growth", "walk")


@dataclass(frozen=True)
class Hyper:
    """The weakly informative top of a family's hierarchical prior.

    Attributes
    ----------
    mean, sd : float
        Prior of the family mean of the pooled drift (the engine's units: pp of growth,
        % a year of a level, logit or ilr units a year).
    spread : float
        Half-normal scale of the spread of the drift across the family's indicators.
    volatility_spread : tuple of float
        Candidate s.d. (log units) of the innovation s.d. across indicators.
    """

    mean: float
    sd: float
    spread: float
    volatility_spread: tuple[float, ...]


@dataclass(frozen=True)
class ModelConfig:
    """``models.yaml``, checked.

    Attributes
    ----------
    path : Path
        The file.
    calendars : dict of str to CensusCalendar
    families : dict of str to dict
        Family defaults (``engine``, ``hyper`` and specification fields).
    groups : dict of str to dict
        Groups by name.
    indicators : dict of str to dict
        Per-indicator overrides.
    """

    path: Path
    calendars: dict[str, CensusCalendar]
    families: dict[str, dict[str, Any]]
    groups: dict[str, dict[str, Any]]
    indicators: dict[str, dict[str, Any]]

    def engine(self, family: str) -> str:
        """Return the engine of a family."""
        return str(self.families[family]["engine"])

    def hyper(self, family: str) -> Hyper:
        """Return the hyperprior of a family."""
        h = self.families[family]["hyper"]
        d = h["drift"]
        return Hyper(
            float(d["mean"]),
            float(d["sd"]),
            float(d["spread"]),
            tuple(float(v) for v in h["volatility_spread"]),
        )

    def group_of(self, indicator: str) -> str | None:
        """Return the declared group serving ``indicator``, or None (its own group)."""
        for name, group in self.groups.items():
            if indicator in group.get("members", {}) or indicator in group.get("parts", ()):
                return name
        return None

    def options(self, family: str, group: str | None, indicator: str) -> dict[str, Any]:
        """Return the specification options: family, then group, then indicator entries."""
        out = {k: v for k, v in self.families[family].items() if k not in _FAMILY_KEYS}
        if group is not None:
            out.update({k: v for k, v in self.groups[group].items() if k not in GROUP_KEYS})
        out.update(self.indicators.get(indicator, {}))
        return out


def _mapping(value: Any, path: Path, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DataError("expected a mapping", file=path, key=key)
    return value


def _check_keys(entry: dict[str, Any], allowed: frozenset[str], path: Path, key: str) -> None:
    unknown = set(entry) - allowed
    if unknown:
        raise DataError(
            f"unknown key(s) {sorted(unknown)}; known: {sorted(allowed)}", file=path, key=key
        )


def _calendars(doc: dict[str, Any], path: Path) -> dict[str, CensusCalendar]:
    out = {}
    for name, entry in _mapping(doc.get("calendars", {}), path, "calendars").items():
        entry = _mapping(entry, path, f"calendars.{name}")
        _check_keys(entry, frozenset({"years", "lag", "note"}), path, f"calendars.{name}")
        years = entry.get("years")
        if not isinstance(years, list) or not years or years != sorted(years):
            raise DataError("expected increasing census years", file=path, key=f"{name}.years")
        out[str(name)] = CensusCalendar(str(name), tuple(int(y) for y in years), int(entry["lag"]))
    return out


def _families(doc: dict[str, Any], path: Path) -> dict[str, dict[str, Any]]:
    from ..data.schema import FAMILIES

    out = {}
    for name, entry in _mapping(doc.get("families"), path, "families").items():
        key = f"families.{name}"
        entry = _mapping(entry, path, key)
        if name not in FAMILIES:
            raise DataError(f"unknown family; families: {sorted(FAMILIES)}", file=path, key=key)
        if entry.get("engine") not in ENGINES:
            raise DataError(f"engine must be one of {ENGINES}", file=path, key=f"{key}.engine")
        _check_keys(entry, _spec_fields(entry["engine"]) | _FAMILY_KEYS, path, key)
        hyper = _mapping(entry.get("hyper"), path, f"{key}.hyper")
        drift = _mapping(hyper.get("drift"), path, f"{key}.hyper.drift")
        if set(drift) != {"mean", "sd", "spread"} or "volatility_spread" not in hyper:
            raise DataError(
                "hyper needs drift {mean, sd, spread} and volatility_spread",
                file=path,
                key=f"{key}.hyper",
            )
        out[str(name)] = entry
    missing = FAMILIES - set(out)
    if missing:
        raise DataError(f"no defaults for the families {sorted(missing)}", file=path)
    return out


def _groups(
    doc: dict[str, Any], families: dict[str, dict[str, Any]], path: Path
) -> dict[str, dict[str, Any]]:
    out = {}
    for name, entry in _mapping(doc.get("groups", {}), path, "groups").items():
        key = f"groups.{name}"
        entry = _mapping(entry, path, key)
        if ("members" in entry) == ("parts" in entry):
            raise DataError("a group has either members (growth) or parts", file=path, key=key)
        if "members" in entry:
            members = _mapping(entry["members"], path, f"{key}.members")
            bad = {q for q in members.values() if q not in QUANTITIES}
            if bad or "indicator" not in entry:
                raise DataError(
                    f"members map ids to {sorted(QUANTITIES)} and the group names its indicator",
                    file=path,
                    key=f"{key}.members",
                )
            engine = "growth"
        else:
            engine = "walk"
        _check_keys(entry, _spec_fields(engine) | GROUP_KEYS, path, key)
        out[str(name)] = entry
    return out


def load_config(data_dir: str | Path | None = None) -> ModelConfig:
    """Read and check ``models.yaml``.

    Parameters
    ----------
    data_dir : str or Path, optional
        Folder of the figure base.

    Returns
    -------
    ModelConfig

    Raises
    ------
    DataError
        Naming the file and key of an unknown key, family or engine, a malformed
        calendar or group.
    """
    path = (Path(data_dir) if data_dir is not None else _default_data_dir()) / "models.yaml"
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise DataError("file not found", file=path) from None
    return _load(path, stamp)


@lru_cache(maxsize=8)
def _load(path: Path, stamp: int) -> ModelConfig:
    doc = _mapping(read_yaml(path), path, "(top)")
    _check_keys(doc, frozenset({"calendars", "families", "groups", "indicators"}), path, "(top)")
    calendars = _calendars(doc, path)
    families = _families(doc, path)
    groups = _groups(doc, families, path)
    indicators = {}
    for name, entry in _mapping(doc.get("indicators", {}), path, "indicators").items():
        indicators[str(name)] = _mapping(entry, path, f"indicators.{name}")
    for name, entry in {**groups, **indicators}.items():
        census = entry.get("census")
        if census is not None and census not in calendars:
            raise DataError(
                f"unknown calendar {census!r}; calendars: {sorted(calendars)}",
                file=path,
                key=f"{name}.census",
            )
    return ModelConfig(path, calendars, families, groups, indicators)
