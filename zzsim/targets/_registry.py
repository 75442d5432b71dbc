"""Cached look-ups in the indicator registry (``indicators.yaml``) for the target grammar."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ..data import load_indicators

__all__ = ["indicator_better", "indicator_family", "indicators"]


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
