"""Cached look-ups in the indicator registry (``indicators.yaml``) for the target grammar."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ..data import load_indicators

__all__ = [
    "BRACKETS",
    "find_names",
    "fold",
    "indicator_better",
    "indicator_family",
    "indicator_names",
    "indicator_unit",
    "indicators",
]


@lru_cache(maxsize=1)
def indicators() -> pd.DataFrame:
    """The indicator registry, loaded once."""
    return load_indicators()


def _field(indicator: str | None, column: str) -> str | None:
    if not indicator:
        return None
    table = indicators()
    if indicator not in table.index:
        return None
    return str(table.at[indicator, column])


def indicator_family(indicator: str | None) -> str | None:
    """Family of an indicator (``growth``, ``count``, ``flow``, ...); None if unknown."""
    return _field(indicator, "family")


def indicator_better(indicator: str | None) -> str | None:
    """Direction of good of an indicator's level (``higher``, ``lower``, ``band``)."""
    return _field(indicator, "better")


def indicator_unit(indicator: str | None) -> str | None:
    """Unit of an indicator's figures (``亿元``, ``%``, ...)."""
    return _field(indicator, "unit")


#: full-width brackets and signs folded before names are matched
BRACKETS = str.maketrans("（）＆［］", "()&[]")


def fold(text: str) -> str:
    """Drop white space and fold full-width brackets, as names are matched."""
    return "".join(text.translate(BRACKETS).split())


@lru_cache(maxsize=1)
def indicator_names() -> tuple[tuple[str, str], ...]:
    """Every name and alias of the registry (folded) with its indicator, longest first."""
    table = indicators()
    pairs = [
        (fold(name), str(ind))
        for ind, row in table.iterrows()
        for name in (row["name"], *row["aliases"])
    ]
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


def find_names(text: str) -> list[tuple[int, int, str]]:
    """Indicator names in a folded text: ``(start, end, indicator)``, left to right.

    At each position the longest name wins and matches do not overlap, so 人均地区生产总值
    is ``gdp_per_capita``, not ``gdp``.
    """
    found = []
    at = 0
    names = indicator_names()
    while at < len(text):
        hit = next(((n, i) for n, i in names if text.startswith(n, at)), None)
        if hit is None:
            at += 1
            continue
        found.append((at, at + len(hit[0]), hit[1]))
        at += len(hit[0])
    return found
