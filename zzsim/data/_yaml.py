"""A YAML loader that rejects duplicate keys (PyYAML silently keeps the last one).

Files are parsed with libyaml's C parser when PyYAML has it, and each parse is cached by
path, size and modification time (callers get a deep copy), so that registries read many
times in a session (indicators, units) cost one parse.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import yaml

from ..errors import DataError, ScenarioError

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Base):
    pass


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path, error: type[DataError] | type[ScenarioError] = DataError) -> Any:
    """Read a YAML file strictly: UTF-8, no duplicate keys, errors name the file and line."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise error("file not found", file=path) from None
    return copy.deepcopy(_parse(path, stat.st_size, stat.st_mtime_ns, cast(Any, error)))


@lru_cache(maxsize=64)
def _parse(path: Path, size: int, mtime_ns: int, error: Any) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error("file not found", file=path) from None
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=path) from None
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(f"{line}invalid YAML: {problem}", file=path) from None
