"""The structured form of a plan target."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

import pandas as pd

from ..data.schema import BASES, OPERATORS
from ..errors import TargetError

__all__ = ["GROWTH_BASES", "Target"]

_ROW_KEYS = (
    "operator",
    "value",
    "unit",
    "basis",
    "value_hi",
    "tolerance",
    "id",
    "plan",
    "indicator",
    "region",
    "start_year",
    "end_year",
    "text",
    "binding",
    "item",
)

#: bases that compare the level in ``end_year`` with a base level before the window
GROWTH_BASES = frozenset({"yoy_growth", "avg_growth", "change_pp", "reduction", "multiple"})


def _optional(value: Any) -> Any:
    """None for a missing cell (``NaN``, ``<NA>``, empty string), else the value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) and pd.isna(value):
        return None
    return value


@dataclass(frozen=True)
class Target:
    """One quantitative target of a plan, in the terms of ``data/README.md``.

    Parameters
    ----------
    operator : {'>=', '>', '<=', '<', 'around', 'range'}
        How the outcome is compared with ``value``.
    value : float
        The number as printed (the lower bound of a range).
    unit : str
        A unit of ``units.yaml``.
    basis : {'level', 'yoy_growth', 'avg_growth', 'cumulative', 'change_pp', 'reduction', \
'multiple'}
        What the number measures; see :func:`zzsim.targets.evaluate`.
    value_hi : float, optional
        Upper bound, for ``operator='range'`` only.
    tolerance : float, optional
        Half-width of ``around`` in the target's unit; None uses the library default
        (:func:`zzsim.targets.around_halfwidth`).
    id, plan, indicator, region, text, binding : str, optional
        Row id, plan id, indicator id of ``indicators.yaml``, region (``株洲市`` or a
        county/district), the wording and ``binding``/``anticipatory``, when known.
    start_year, end_year : int, optional
        The window. Growth-type bases compare with the level in ``start_year - 1``
        (``yoy_growth``: ``end_year - 1``); ``cumulative`` sums ``start_year..end_year``;
        ``level`` uses ``end_year``.
    item : int, optional
        1-based position of the target's number in ``text`` when it states several.

    Raises
    ------
    TargetError
        On an unknown operator or basis, a range without a larger ``value_hi``, a
        ``value_hi`` or ``tolerance`` where they do not belong, or a window that ends
        before it starts.
    """

    operator: str
    value: float
    unit: str
    basis: str
    value_hi: float | None = None
    tolerance: float | None = None
    id: str | None = None
    plan: str | None = None
    indicator: str | None = None
    region: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    text: str | None = None
    item: int | None = None
    binding: str | None = None

    def __post_init__(self) -> None:
        if self.operator not in OPERATORS:
            self._fail(f"unknown operator {self.operator!r}, expected one of {sorted(OPERATORS)}")
        if self.basis not in BASES:
            self._fail(f"unknown basis {self.basis!r}, expected one of {sorted(BASES)}")
        if not math.isfinite(self.value):
            self._fail(f"value must be a finite number, got {self.value!r}")
        if self.operator == "range":
            if self.value_hi is None or not self.value_hi > self.value:
                self._fail(f"a range needs value_hi > value, got {self.value}..{self.value_hi}")
        elif self.value_hi is not None:
            self._fail("value_hi is only for operator 'range'")
        if self.tolerance is not None and (
            self.operator != "around" or not (math.isfinite(self.tolerance) and self.tolerance >= 0)
        ):
            self._fail("tolerance is a finite non-negative half-width, only for 'around'")
        if (self.start_year is None) != (self.end_year is None):
            self._fail("give both start_year and end_year, or neither")
        if (
            self.start_year is not None
            and self.end_year is not None
            and self.start_year > self.end_year
        ):
            self._fail(f"start_year {self.start_year} after end_year {self.end_year}")

    def _fail(self, message: str) -> NoReturn:
        raise TargetError(f"target {self.id or self.text or '(unnamed)'}: {message}")

    @classmethod
    def from_row(cls, row: Mapping[str, Any] | pd.Series) -> Target:
        """Build a target from one row of :func:`zzsim.data.load_targets`.

        Parameters
        ----------
        row : mapping or pandas.Series
            A row of the targets table (a :class:`pandas.Series` or a dict) with at least
            ``operator``, ``value``, ``unit`` and ``basis``; the optional columns
            ``value_hi``, ``tolerance``, ``id``, ``plan``, ``indicator``, ``region``,
            ``start_year``, ``end_year``, ``text``, ``item`` and ``binding`` may be
            missing or empty.

        Returns
        -------
        Target

        Raises
        ------
        TargetError
            If a required column is missing or the fields are inconsistent.
        """
        cell = {key: _optional(row.get(key)) for key in _ROW_KEYS}
        missing = [k for k in ("operator", "value", "unit", "basis") if cell[k] is None]
        if missing:
            raise TargetError(f"target row {cell['id']!r}: missing {', '.join(missing)}")

        def number(key: str, kind: type[float] | type[int]) -> Any:
            if cell[key] is None:
                return None
            try:
                return kind(cell[key])
            except (TypeError, ValueError):
                raise TargetError(
                    f"target row {cell['id']!r}: {key} must be a number, got {cell[key]!r}"
                ) from None

        return cls(
            operator=str(cell["operator"]),
            value=number("value", float),
            unit=str(cell["unit"]),
            basis=str(cell["basis"]),
            value_hi=number("value_hi", float),
            tolerance=number("tolerance", float),
            start_year=number("start_year", int),
            end_year=number("end_year", int),
            item=number("item", int),
            **{key: cell[key] for key in ("id", "plan", "indicator", "region", "text", "binding")},
        )

    @property
    def window(self) -> tuple[int, int]:
        """``(start_year, end_year)``.

        Raises
        ------
        TargetError
            If the target has no window.
        """
        if self.start_year is None or self.end_year is None:
            self._fail("no window: set start_year and end_year")
        return self.start_year, self.end_year

    @property
    def base_year(self) -> int | None:
        """Year of the base level of a growth-type basis; None for level and cumulative."""
        start, end = self.window
        if self.basis not in GROWTH_BASES:
            return None
        return end - 1 if self.basis == "yoy_growth" else start - 1
