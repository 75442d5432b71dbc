"""The structured form of a plan target."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, NoReturn

import numpy as np
import pandas as pd

from ..data.schema import BASES, BETTER, OPERATORS
from ..errors import TargetError, TargetParseError
from ._registry import indicator_better
from .plans import plan_period
from .reading import describe

__all__ = ["COMMITMENTS", "GROWTH_BASES", "PER_YEAR_BASES", "Target"]

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
    "better",
    "per_year",
    "commitment",
    "quote",
)

#: bases that compare the level in ``end_year`` with a base level before the window
GROWTH_BASES = frozenset(
    {"yoy_growth", "avg_growth", "change_pp", "reduction", "multiple", "change", "avg_change"}
)
#: bases a per-year target may have: the statement is about each single year of the window
PER_YEAR_BASES = frozenset({"level", "yoy_growth", "reduction", "change", "change_pp"})
#: commitments a plan attaches to a target (争取 is recorded as 力争)
COMMITMENTS = frozenset({"力争", "确保"})
_TRUE = frozenset({"true", "1", "yes", "是"})
_FALSE = frozenset({"false", "0", "no", "否"})


_OPERATOR_BETTER = {">=": "higher", ">": "higher", "<=": "lower", "<": "lower"}


def _flag(value: Any, where: str | None) -> bool:
    """Read a yes/no cell (``True``, ``1``, ``是`` ...)."""
    if isinstance(value, (bool, np.bool_, int, float)):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise TargetError(f"target row {where!r}: per_year must be true or false, got {value!r}")


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
'multiple', 'change', 'avg_change'}
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
        ``level`` uses ``end_year`` (every year of the window when ``per_year``).
    item : int, optional
        1-based position of the target's number in ``text`` when it states several.
    better : {'higher', 'lower', 'band'}, optional
        Direction of good of the indicator's level. It decides how ``around`` (左右, and
        bare rates of change) is judged by default: at least ``value - h`` when higher is
        better, at most ``value + h`` when lower is better (for ``reduction`` the other
        way round: a larger fall is better when lower is better), ``value ± h`` for
        ``band`` or None (direction unknown).
    per_year : bool, default False
        The target holds in every year of the window (每年, 保持, 稳定在 ...); only for the
        bases of :data:`PER_YEAR_BASES`.
    commitment : {'力争', '确保'}, optional
        The plan's commitment word. It does not change how the target is judged.

    Raises
    ------
    TargetError
        On an unknown operator, basis, direction or commitment, a range without a larger
        ``value_hi``, a ``value_hi`` or ``tolerance`` where they do not belong, a
        per-year target of another basis, or a window that ends before it starts.
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
    better: str | None = None
    per_year: bool = False
    commitment: str | None = None

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
        if self.better is not None and self.better not in BETTER:
            self._fail(f"unknown better {self.better!r}, expected one of {sorted(BETTER)}")
        if self.commitment is not None and self.commitment not in COMMITMENTS:
            self._fail(
                f"unknown commitment {self.commitment!r}, expected one of {sorted(COMMITMENTS)}"
            )
        if self.per_year and self.basis not in PER_YEAR_BASES:
            self._fail(f"per_year is for bases {sorted(PER_YEAR_BASES)}, not {self.basis!r}")

    def _fail(self, message: str) -> NoReturn:
        raise TargetError(f"target {self.id or self.text or '(unnamed)'}: {message}")

    @classmethod
    def from_row(cls, row: Mapping[str, Any] | pd.Series) -> Target:
        """Build a target from one row of :func:`zzsim.data.load_targets`.

        The row's structured columns are taken as they stand; how the target is judged
        is derived from the wording (``text``, ``quote``) and the indicator registry
        unless the row states it in the optional columns ``better``, ``per_year`` or
        ``commitment``:

        - ``better``: the indicator's (``indicators.yaml``), else the wording's
          (:attr:`ParsedTarget.better`), else the direction of the operator;
        - ``per_year``: the wording's (每年, 保持, 稳定在 ...). A per-year target stored
          for one year (``start_year = end_year``, as the data files keep levels) is
          widened to its plan's period (:func:`~zzsim.targets.plan_period`) up to
          ``end_year``;
        - ``commitment``: 力争 / 确保 before the target's number in ``text``, else before
          the text in ``quote``.

        Parameters
        ----------
        row : mapping or pandas.Series
            A row of the targets table (a :class:`pandas.Series` or a dict) with at least
            ``operator``, ``value``, ``unit`` and ``basis``; the optional columns
            ``value_hi``, ``tolerance``, ``id``, ``plan``, ``indicator``, ``region``,
            ``start_year``, ``end_year``, ``text``, ``item``, ``binding``, ``quote``,
            ``better``, ``per_year`` and ``commitment`` may be missing or empty.

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

        target = cls(
            operator=str(cell["operator"]),
            value=number("value", float),
            unit=str(cell["unit"]),
            basis=str(cell["basis"]),
            value_hi=number("value_hi", float),
            tolerance=number("tolerance", float),
            start_year=number("start_year", int),
            end_year=number("end_year", int),
            item=number("item", int),
            better=cell["better"],
            commitment=cell["commitment"],
            **{key: cell[key] for key in ("id", "plan", "indicator", "region", "text", "binding")},
        )
        return target._judged_as(cell)

    def _judged_as(self, cell: Mapping[str, Any]) -> Target:
        """Fill ``better``, ``per_year`` and ``commitment`` from the wording and registry."""
        from .grammar import parse, wording_commitment

        parsed = None
        if self.text is not None:
            try:
                parsed = parse(self.text, item=self.item)
            except TargetParseError:
                parsed = None
        better = (
            self.better
            or indicator_better(self.indicator)
            or (parsed.better if parsed is not None else None)
            or _OPERATOR_BETTER.get(self.operator)
        )
        commitment = self.commitment or (parsed.commitment if parsed is not None else None)
        quote = cell.get("quote")
        if commitment is None and isinstance(quote, str):
            at = quote.find(self.text or "")
            commitment = wording_commitment(quote[: at if at > 0 else len(quote)])
        stated = cell.get("per_year")
        per_year = (
            _flag(stated, self.id)
            if stated is not None
            else parsed is not None and parsed.per_year and self.basis in PER_YEAR_BASES
        )
        start = self.start_year
        period = plan_period(self.plan)
        if (
            per_year
            and start is not None
            and start == self.end_year
            and period is not None
            and period[0] < start <= period[1]
        ):
            start = period[0]
        return replace(
            self, better=better, commitment=commitment, per_year=per_year, start_year=start
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
        """Year of the base level of a growth-type basis; None for level and cumulative.

        A per-year target compares every year with the year before, so its base year is
        the year before the window.
        """
        start, end = self.window
        if self.basis not in GROWTH_BASES:
            return None
        return end - 1 if self.basis == "yoy_growth" and not self.per_year else start - 1

    @property
    def reading(self) -> str:
        """How the target is judged by default, in short Chinese (see :meth:`describe`)."""
        return describe(self)

    def describe(self, *, around: str = "one-sided", tolerance: float | None = None) -> str:
        """Say how the target is judged under a reading of 左右 (:func:`zzsim.targets.describe`).

        Examples
        --------
        >>> t = Target("around", 9.0, "%", "avg_growth", start_year=2016, end_year=2020,
        ...            better="higher")
        >>> t.describe(around="band")
        '2016-2020年年均增长 8.5-9.5%（9%，区间）'
        """
        return describe(self, around=around, tolerance=tolerance)
