"""Registries of the figure base: sources, units, indicators and agencies."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import DataError
from ..resources import data_dir as _default_data_dir
from ._yaml import read_yaml
from .schema import AGENCY_KEYS, AGENCY_KINDS, BETTER, FAMILIES, INDICATOR_KEYS, SOURCE_KEYS

__all__ = [
    "AgencyRegistry",
    "load_agencies",
    "load_indicators",
    "load_sources",
    "load_units",
]

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _root(data_dir: str | Path | None) -> Path:
    root = Path(data_dir) if data_dir is not None else _default_data_dir()
    if not root.is_dir():
        what = "is a file" if root.exists() else "does not exist"
        raise DataError(
            f"{what}; the figure base is a folder that holds sources.yaml, series/, "
            "targets/ and tasks/",
            file=root,
        )
    return root


def _section(path: Path, key: str, kind: type) -> Any:
    doc = read_yaml(path)
    if not isinstance(doc, dict) or set(doc) != {key}:
        found = sorted(doc) if isinstance(doc, dict) else type(doc).__name__
        raise DataError(f"expected a single top-level key {key!r}, found {found}", file=path)
    body = doc[key]
    if not isinstance(body, kind):
        raise DataError(f"expected {kind.__name__} under {key!r}", file=path, key=key)
    return body


def load_sources(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load the registry of seed documents (``sources.yaml``).

    Parameters
    ----------
    data_dir : str or Path, optional
        Folder of the figure base; default :func:`zzsim.resources.data_dir`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``file`` (the seed file name), with columns ``title``, ``vintage``
        (publication year, ``<NA>`` where each row states its own) and ``note``.

    Raises
    ------
    DataError
        On unknown keys, duplicate files or a vintage that is not a year.
    """
    path = _root(data_dir) / "sources.yaml"
    rows = []
    seen: set[str] = set()
    for i, entry in enumerate(_section(path, "sources", list), start=1):
        if not isinstance(entry, dict):
            raise DataError("expected a mapping", file=path, row=i)
        unknown = set(entry) - SOURCE_KEYS
        if unknown:
            raise DataError(f"unknown key(s) {sorted(unknown)}", file=path, row=i)
        name = entry.get("file")
        if not isinstance(name, str) or not name:
            raise DataError("missing file name", file=path, row=i, key="file")
        if name in seen:
            raise DataError(f"duplicate source {name!r}", file=path, row=i, key="file")
        seen.add(name)
        vintage = entry.get("vintage")
        if vintage is not None and not (isinstance(vintage, int) and 1949 <= vintage <= 2100):
            raise DataError(f"vintage must be a year, got {vintage!r}", file=path, row=i)
        rows.append(
            {
                "file": name,
                "title": entry.get("title", ""),
                "vintage": vintage,
                "note": entry.get("note", ""),
            }
        )
    frame = pd.DataFrame(rows).set_index("file")
    frame["vintage"] = frame["vintage"].astype("Int64")
    return frame


def load_units(data_dir: str | Path | None = None) -> pd.Series:
    """Load the unit registry (``units.yaml``).

    Parameters
    ----------
    data_dir : str or Path, optional
        Folder of the figure base.

    Returns
    -------
    pandas.Series
        Dimension (``money``, ``percent``, ``persons``, ...) indexed by unit.
    """
    path = _root(data_dir) / "units.yaml"
    units = _section(path, "units", dict)
    for unit, dim in units.items():
        if not isinstance(unit, str) or not isinstance(dim, str):
            raise DataError("expected 'unit: dimension' strings", file=path, key=str(unit))
    return pd.Series(units, name="dimension", dtype=object)


def load_indicators(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load the indicator registry (``indicators.yaml``).

    Parameters
    ----------
    data_dir : str or Path, optional
        Folder of the figure base.

    Returns
    -------
    pandas.DataFrame
        Indexed by indicator id, with ``name`` (Chinese), ``unit``, ``family`` (``growth``,
        ``composition``, ``bounded``, ``rate``, ``flow``, ``count``, ``other``), ``better``
        (``higher``, ``lower`` or ``band``: the direction of good of the level),
        ``aliases`` (tuple of other names met in plan wording) and ``note``.

    Raises
    ------
    DataError
        On unknown keys, a malformed id, an unknown unit, family or direction, or a name
        or alias used by two indicators.
    """
    root = _root(data_dir)
    path = root / "indicators.yaml"
    units = load_units(root)
    rows = []
    owner: dict[str, str] = {}
    for ind, spec in _section(path, "indicators", dict).items():
        if not isinstance(ind, str) or not _ID.match(ind):
            raise DataError("indicator ids are lower-case ascii snake_case", file=path, key=ind)
        if not isinstance(spec, dict):
            raise DataError("expected a mapping {name, unit, family}", file=path, key=ind)
        unknown = set(spec) - INDICATOR_KEYS
        if unknown:
            raise DataError(f"unknown key(s) {sorted(unknown)}", file=path, key=ind)
        for req in ("name", "unit", "family", "better"):
            if not spec.get(req):
                raise DataError(f"missing {req!r}", file=path, key=ind)
        if spec["unit"] not in units.index:
            raise DataError(f"unknown unit {spec['unit']!r}", file=path, key=ind)
        if spec["family"] not in FAMILIES:
            raise DataError(
                f"unknown family {spec['family']!r}, expected one of {sorted(FAMILIES)}",
                file=path,
                key=ind,
            )
        if spec["better"] not in BETTER:
            raise DataError(
                f"unknown better {spec['better']!r}, expected one of {sorted(BETTER)}",
                file=path,
                key=ind,
            )
        aliases = spec.get("aliases") or []
        if not (isinstance(aliases, list) and all(isinstance(a, str) and a for a in aliases)):
            raise DataError("aliases must be a list of names", file=path, key=ind)
        for name in (spec["name"], *aliases):
            if name in owner:
                raise DataError(
                    f"name {name!r} is already used by {owner[name]!r}", file=path, key=ind
                )
            owner[name] = ind
        rows.append({"indicator": ind, "note": "", **spec, "aliases": tuple(aliases)})
    return pd.DataFrame(rows).set_index("indicator")


@dataclass(frozen=True)
class AgencyRegistry:
    """Agencies and collectives, with name resolution and expansion.

    Parameters
    ----------
    frame : pandas.DataFrame
        As returned by :func:`load_agencies`.
    """

    frame: pd.DataFrame
    _by_name: Mapping[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        names: dict[str, str] = {}
        for aid, row in self.frame.iterrows():
            for name in (row["name"], *row["aliases"]):
                names[name] = str(aid)
        object.__setattr__(self, "_by_name", names)

    def resolve(self, name: str) -> str:
        """Return the id of the agency (or collective) called ``name``.

        Parameters
        ----------
        name : str
            A canonical name or an alias, as written in a task table.

        Returns
        -------
        str
            The agency id.

        Raises
        ------
        KeyError
            If no entry has that name or alias.
        """
        try:
            return self._by_name[name.strip()]
        except KeyError:
            raise KeyError(f"agency {name!r} is not in agencies.yaml") from None

    def expand(self, ids: Iterable[str], year: int) -> tuple[str, ...]:
        """Replace collectives by their members for the document year, keeping order.

        A collective that the documents do not enumerate (``members: null``) stays as one
        generic unit. Duplicates are dropped (first occurrence wins).

        Parameters
        ----------
        ids : iterable of str
            Agency ids.
        year : int
            The year of the document (member lists change when units are renamed).

        Returns
        -------
        tuple of str
        """
        out: dict[str, None] = {}
        for aid in ids:
            members = self.frame.at[aid, "members"]
            if isinstance(members, dict) and members:
                known = [y for y in members if y <= year] or sorted(members)
                chosen = max(known) if any(y <= year for y in members) else min(known)
                for member in self.expand(members[chosen], year):
                    out.setdefault(member, None)
            else:
                out.setdefault(aid, None)
        return tuple(out)


def load_agencies(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load the agency registry (``agencies.yaml``).

    Parameters
    ----------
    data_dir : str or Path, optional
        Folder of the figure base.

    Returns
    -------
    pandas.DataFrame
        Indexed by agency id, with ``name``, ``aliases`` (tuple), ``kind``, ``successor``
        (id or None), ``members`` (for collectives: ``{year: [ids]}`` or None) and ``note``.

    Raises
    ------
    DataError
        On unknown keys, duplicate ids, a name or alias used twice, an unknown kind, or a
        successor or member that is not an entry.
    """
    path = _root(data_dir) / "agencies.yaml"
    entries = _section(path, "agencies", list)
    rows: list[dict[str, Any]] = []
    owner: dict[str, str] = {}
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise DataError("expected a mapping", file=path, row=i)
        unknown = set(entry) - AGENCY_KEYS
        if unknown:
            raise DataError(f"unknown key(s) {sorted(unknown)}", file=path, row=i)
        aid = entry.get("id")
        if not isinstance(aid, str) or not _ID.match(aid):
            raise DataError(f"bad id {aid!r}: lower-case ascii snake_case", file=path, row=i)
        if any(r["id"] == aid for r in rows):
            raise DataError(f"duplicate id {aid!r}", file=path, row=i, key="id")
        kind = entry.get("kind")
        if kind not in AGENCY_KINDS:
            raise DataError(
                f"unknown kind {kind!r}, expected one of {sorted(AGENCY_KINDS)}",
                file=path,
                row=i,
                key="kind",
            )
        name = entry.get("name")
        aliases = entry.get("aliases") or []
        if not isinstance(name, str) or not name or not isinstance(aliases, list):
            raise DataError("expected a name and a list of aliases", file=path, row=i)
        for n in (name, *aliases):
            if n in owner:
                raise DataError(
                    f"name {n!r} is already used by {owner[n]!r}", file=path, row=i, key="aliases"
                )
            owner[n] = aid
        members = entry.get("members")
        if members is not None and kind != "collective":
            raise DataError("only collectives have members", file=path, row=i, key="members")
        if members is not None and not (
            isinstance(members, dict)
            and all(isinstance(y, int) and isinstance(m, list) for y, m in members.items())
        ):
            raise DataError("members must map a year to a list of ids", file=path, row=i)
        rows.append(
            {
                "id": aid,
                "name": name,
                "aliases": tuple(aliases),
                "kind": kind,
                "successor": entry.get("successor"),
                "members": members,
                "note": entry.get("note", "") or "",
                "_row": i,
            }
        )
    ids = {r["id"] for r in rows}
    for r in rows:
        if r["successor"] is not None and r["successor"] not in ids:
            raise DataError(
                f"successor {r['successor']!r} is not an agency id",
                file=path,
                row=r["_row"],
                key="successor",
            )
        for year, members in (r["members"] or {}).items():
            missing = [m for m in members if m not in ids]
            if missing:
                raise DataError(
                    f"members {missing} for {year} are not agency ids",
                    file=path,
                    row=r["_row"],
                    key="members",
                )
    frame = pd.DataFrame(rows).drop(columns="_row").set_index("id")
    return frame
