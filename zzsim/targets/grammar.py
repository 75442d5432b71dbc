"""Reading Chinese plan wording into the structured parts of a target.

The rules are tabulated in the docstring of :mod:`zzsim.targets`; the word lists live in
``zzsim/targets/_lexicon.py``.
"""

from __future__ import annotations

import math
import operator as _operator
import re
from dataclasses import dataclass

from ..errors import TargetError, TargetParseError
from . import _lexicon as lx
from ._quantities import Compact, Fail, Quantity, dimension, scan
from ._registry import indicator_family
from .plans import plan_period
from .target import PER_YEAR_BASES, Target

__all__ = ["COUNT_READINGS", "RATE_BASES", "ParsedTarget", "parse", "wording_commitment"]

#: bases that state a rate of change: a bare number is a point target (around)
RATE_BASES = frozenset({"yoy_growth", "avg_growth", "reduction", "change_pp"})
#: how the wording reads a quantity made within the window (see ``data/README.md``):
#: ``summed`` (累计), ``flow`` (a verb of making: the sum over the window), ``either``
#: (only 培育 / 打造: stock or flow, the row decides), ``stock`` (the level at the end)
COUNT_READINGS = frozenset({"summed", "flow", "either", "stock"})

_MIRROR = {">=": "<=", ">": "<", "<=": ">=", "<": ">"}
_DIRECTION = {">=": 1, ">": 1, "<=": -1, "<": -1}
_COUNT_BASES = frozenset({"level", "cumulative"})
#: bases that concern one year (the window is collapsed to end_year unless per year)
_ONE_YEAR = frozenset({"level", "yoy_growth"})


@dataclass(frozen=True)
class ParsedTarget:
    """What the wording of a target determines.

    The window (``start_year``, ``end_year``), the indicator and the id come from the
    plan or the row, not from the wording; :meth:`to_target` adds them.

    Parameters
    ----------
    operator : {'>=', '>', '<=', '<', 'around', 'range'}
        The comparison.
    value : float
        The number as printed; negated for a fall stated as a change (``下降 x 个百分点``,
        ``年均下降 x%``, ``减少 x 万吨``), and ``n + 1`` for ``增长 n 倍`` (a multiple of
        the base).
    unit : str or None
        The unit as stated (a unit of ``units.yaml``); None when the wording states no
        number (``清零``, ``全部脱贫``): the unit is then the indicator's.
    basis : str
        ``level``, ``yoy_growth``, ``avg_growth``, ``cumulative``, ``change_pp``,
        ``reduction``, ``multiple``, ``change`` (change of a level in its unit:
        ``人均预期寿命提高1岁``) or ``avg_change`` (its average a year: ``年均提高1个百分点``).
    value_hi : float, optional
        Upper bound of a range.
    span : tuple of int
        ``(start, end)`` offsets of the number and its unit in the parsed text.
    count_reading : {'summed', 'flow', 'either', 'stock'} or None
        For a quantity (not a rate or a change): ``summed`` (累计) and ``flow`` (a verb
        of making) are sums over the window (basis ``cumulative``); ``either`` (only
        培育 / 打造) admits the level at the end or the sum; ``stock`` is the level at the
        end. None for rates, changes and per-year levels. See :meth:`admitted`.
    per_year : bool
        The wording states the target for every year of the window (``每年``, ``保持``,
        ``稳定在``, ``始终``, ``持续`` before a level, ``年均`` before a quantity).
    commitment : {'力争', '确保'} or None
        The commitment word governing the target (``争取`` is read as ``力争``).
    better : {'higher', 'lower', 'band'} or None
        The direction of good the wording implies for the level: ``band`` for a planned
        structure (``形成``, ``按照``), else the direction of the comparison or of the
        change verb; None when the wording says nothing.
    """

    operator: str
    value: float
    unit: str | None
    basis: str
    value_hi: float | None = None
    span: tuple[int, int] = (0, 0)
    count_reading: str | None = None
    per_year: bool = False
    commitment: str | None = None
    better: str | None = None

    @property
    def bases(self) -> frozenset[str]:
        """Bases the wording alone admits.

        ``{basis}``; both ``level`` and ``cumulative`` when the count reading is ``either``.
        """
        if self.count_reading == "either":
            return _COUNT_BASES
        return frozenset({self.basis})

    @property
    def flow(self) -> bool:
        """Whether the quantity is made within the window.

        True for ``新增``, ``建成``, ``引进``, ``累计`` ... N 个/万人/亿元;
        :attr:`count_reading` says how it is counted.
        """
        return self.count_reading in ("summed", "flow", "either")

    def admitted(
        self,
        indicator: str | None = None,
        *,
        start_year: int | None = None,
        end_year: int | None = None,
    ) -> frozenset[str]:
        """Bases the stock-or-flow rule admits for this wording, indicator and window.

        Parameters
        ----------
        indicator : str, optional
            The target's indicator. For a quantity made within the window (a verb of
            making, not 累计) the indicator's family decides: a ``count`` (a stock, e.g.
            5G基站数) is read at ``end_year`` (``level``), a ``flow`` (new jobs) is summed.
        start_year, end_year : int, optional
            The window. Over one year the level and the sum of a count are the same
            amount, so both are admitted.

        Returns
        -------
        frozenset of str
        """
        found = self.bases
        if self.count_reading in ("flow", "either"):
            family = indicator_family(indicator)
            if family == "count":
                found = frozenset({"level"})
            elif family == "flow":
                found = frozenset({"cumulative"})
        if (
            start_year is not None
            and start_year == end_year
            and self.count_reading is not None
            and found <= _COUNT_BASES
        ):
            found = _COUNT_BASES
        return found

    def conflicts(self, target: Target, *, period: tuple[int, int] | None = None) -> list[str]:
        """Fields of ``target`` that its wording contradicts.

        Parameters
        ----------
        target : Target
            A target, typically built from a data row whose ``text`` was parsed.
        period : tuple of int, optional
            The plan's window, which decides whether a count is counted over one year or
            several (a level target's own window is always its last year); default
            :func:`~zzsim.targets.plan_period` of the target's plan, else its window.

        Returns
        -------
        list of str
            One message per disagreeing field (operator, value, value_hi, unit, basis);
            empty when the target is what the wording says. The unit is checked only
            when the wording states one; the basis must be one of :meth:`admitted` for
            the target's indicator and the period.
        """
        start, end = period or plan_period(target.plan) or (target.start_year, target.end_year)
        found = []
        if target.operator != self.operator:
            found.append(_disagree("operator", self.operator, target.operator))
        if not math.isclose(target.value, self.value, rel_tol=1e-12, abs_tol=1e-12):
            found.append(_disagree("value", self.value, target.value))
        if (self.value_hi is None) != (target.value_hi is None) or (
            self.value_hi is not None
            and target.value_hi is not None
            and not math.isclose(target.value_hi, self.value_hi, rel_tol=1e-12)
        ):
            found.append(_disagree("value_hi", self.value_hi, target.value_hi))
        if self.unit is not None and target.unit != self.unit:
            found.append(_disagree("unit", self.unit, target.unit))
        admitted = self.admitted(target.indicator, start_year=start, end_year=end)
        if target.basis not in admitted:
            found.append(_disagree("basis", sorted(admitted), target.basis))
        return found

    def to_target(
        self,
        *,
        start_year: int,
        end_year: int,
        basis: str | None = None,
        unit: str | None = None,
        tolerance: float | None = None,
        id: str | None = None,
        indicator: str | None = None,
        text: str | None = None,
        item: int | None = None,
        plan: str | None = None,
        better: str | None = None,
    ) -> Target:
        """Complete the parsed wording into a :class:`Target`.

        Parameters
        ----------
        start_year, end_year : int
            The window (see :class:`Target`). A level, or a per-year target, concerns
            ``end_year`` alone unless :attr:`per_year` (then every year of the window).
        basis : str, optional
            One of :meth:`admitted`; default the only admitted basis, or :attr:`basis`
            when the wording admits both (pass ``'cumulative'`` to sum such a count).
            Over a one-year window a count is written as ``level`` (the year's amount).
        unit : str, optional
            Required when the wording states no unit; else it must agree with it.
        tolerance, id, indicator, text, item, plan
            Passed to :class:`Target`.
        better : str, optional
            Direction of good; default :attr:`better` (the indicator's, when the caller
            knows it, should be passed).

        Returns
        -------
        Target

        Raises
        ------
        TargetError
            If ``basis`` or ``unit`` contradict the wording, or the fields are
            inconsistent.
        """
        admitted = self.admitted(indicator, start_year=start_year, end_year=end_year)
        if basis is None:
            chosen = next(iter(admitted)) if len(admitted) == 1 else self.basis
            if start_year == end_year and chosen in _COUNT_BASES and self.count_reading:
                chosen = "level"
        else:
            chosen = basis
        name = f"target {id or text!r}"
        if chosen not in admitted:
            raise TargetError(
                f"{name}: the wording admits basis {sorted(admitted)}, not {chosen!r}"
            )
        if self.unit is not None and unit is not None and unit != self.unit:
            raise TargetError(f"{name}: the wording states unit {self.unit!r}, not {unit!r}")
        stated = self.unit if self.unit is not None else unit
        if stated is None:
            raise TargetError(f"{name}: the wording states no unit; pass unit=")
        per_year = self.per_year and chosen in PER_YEAR_BASES
        return Target(
            operator=self.operator,
            value=self.value,
            unit=stated,
            basis=chosen,
            value_hi=self.value_hi,
            tolerance=tolerance,
            id=id,
            plan=plan,
            indicator=indicator,
            start_year=end_year if chosen in _ONE_YEAR and not per_year else start_year,
            end_year=end_year,
            text=text,
            item=item,
            better=better if better is not None else self.better,
            per_year=per_year,
            commitment=self.commitment,
        )


def _disagree(field: str, wording: object, target: object) -> str:
    return f"{field}: the wording reads {wording!r}, the target has {target!r}"


def parse(text: str, *, item: int | None = None) -> ParsedTarget:
    """Read the wording of a plan target.

    Parameters
    ----------
    text : str
        The target's wording, e.g. ``"城镇调查失业率控制在5.5%以内"``. White space is
        ignored (``"达到 12万元"``), full-width digits and ``％`` are accepted.
    item : int, optional
        When the wording states several numbers (``"分别增长8%、8.2%、10%"``), the
        1-based position of the target's number among them. Every number in digits
        counts (the 5 of ``5G`` too) except calendar years (``2025年``).

    Returns
    -------
    ParsedTarget
        Operator, value(s), unit and basis the wording determines, and how it is read:
        stock or flow, per year, commitment, direction of good.

    Raises
    ------
    TargetParseError
        When the wording cannot be read: no number, several numbers and no ``item``, a
        number without a unit, contradictory words (``控制在 5% 以上``), or a basis the
        library does not model (``累计增长 x%``). The error carries the character
        ``position`` and the ``reason``. No other exception is raised for any string.
    TypeError
        If ``text`` is not a string or ``item`` not an integer.

    Examples
    --------
    >>> p = parse("GDP年均增长9%左右")
    >>> p.operator, p.value, p.unit, p.basis
    ('around', 9.0, '%', 'avg_growth')
    >>> parse("分别增长8%、8.2%、10%", item=2).value
    8.2
    >>> p = parse("人均预期寿命提高1岁")
    >>> p.basis, p.value
    ('change', 1.0)
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    index = None if item is None else _operator.index(item)
    compact = Compact.of(text)
    try:
        return _parse(compact, index)
    except Fail as exc:
        raise TargetParseError(text, compact.position(exc.index), exc.reason) from None


def _select(found: list[Quantity], item: int | None, length: int) -> int:
    if not found:
        raise Fail(
            length,
            "no target number: expected a number with its unit (9%, 12万元, 三百天) or 翻番/清零",
        )
    if item is None:
        if len(found) > 1:
            raise Fail(
                found[1].start,
                f"{len(found)} numbers in the text; pass item=1..{len(found)} to choose one",
            )
        return 0
    if not 1 <= item <= len(found):
        raise Fail(length, f"item {item} asked for, but the text states {len(found)} number(s)")
    return item - 1


def _qualifier(text: str, at: int) -> tuple[str, str] | None:
    for word in sorted(lx.QUALIFIERS, key=len, reverse=True):
        if text.startswith(word, at):
            return word, lx.QUALIFIERS[word]
    return None


def _head(text: str, found: list[Quantity], index: int) -> Quantity:
    """First number of the 、-list the chosen number belongs to (``增长8%、8.2%、10%``)."""
    while index > 0:
        prev = found[index - 1]
        between = text[prev.end : found[index].start]
        qual = _qualifier(text, prev.end)
        if qual is not None:
            between = between[len(qual[0]) :]
        if between != "、":
            break
        index -= 1
    return found[index]


@dataclass(frozen=True)
class _Basis:
    """What :func:`_basis` reads: the basis, the value(s), and how a count is read."""

    basis: str
    value: float
    value_hi: float | None
    count_reading: str | None = None
    negate: bool = False  # a fall stated as a change: negate the value, mirror the operator
    per_year: bool = False


def _parse(c: Compact, item: int | None) -> ParsedTarget:
    s = c.text
    if not s:
        raise Fail(0, "empty text; expected a target such as 'GDP增长9%以上'")
    found = scan(s)
    index = _select(found, item, len(s))
    q = found[index]
    if q.unit is None and q.tag != "zero":
        raise Fail(q.end, "expected a unit after the number (%, 万元, 个, ... as in units.yaml)")
    qual = None if q.tag == "zero" else _qualifier(s, q.end)
    if qual is not None and q.value_hi is not None:
        raise Fail(q.end, f"a range takes no qualifier, found {qual[0]!r}")
    seg_start = max(s.rfind(ch, 0, q.start) for ch in lx.CLAUSE_BOUNDARIES) + 1
    segment = s[seg_start : q.start]
    chain = lx.CHAIN.search(s, seg_start, _head(s, found, index).start)
    assert chain is not None  # every group is optional: it matches at the end at least
    read = _basis(q, chain, segment, seg_start)
    before = s[: q.start]
    op = _comparison(q, qual, chain.group("cmp"), segment, before, read.basis)
    value, value_hi = read.value, read.value_hi
    if read.negate:
        op = _MIRROR.get(op, op)
        value, value_hi = (-value, None) if value_hi is None else (-value_hi, -value)
    span = (c.position(q.start), c.position(max(q.end - 1, q.start)) + 1)
    return ParsedTarget(
        op,
        value,
        q.unit,
        read.basis,
        value_hi,
        span=span,
        count_reading=read.count_reading,
        per_year=read.per_year,
        commitment=wording_commitment(before),
        better=_better(op, read.basis, chain.group("change"), chain.group("cmp"), segment),
    )


def wording_commitment(before: str) -> str | None:
    """Find the commitment word nearest the end of ``before`` (力争, 确保; 争取 = 力争).

    Parameters
    ----------
    before : str
        The wording before a target's number.

    Returns
    -------
    str or None
        ``'力争'``, ``'确保'`` or None.
    """
    where = {w: before.rfind(w) for w in lx.COMMITMENTS}
    word = max(where, key=lambda w: where[w])
    return lx.COMMITMENTS[word] if where[word] >= 0 else None


def _better(op: str, basis: str, change: str | None, cmp: str | None, segment: str) -> str | None:
    """Direction of good of the level implied by the wording (None: not stated)."""
    if any(w in segment for w in lx.STRUCTURE_VERBS):
        return "band"
    sign = _DIRECTION.get(op, 0)
    if sign == 0:  # around, range: the comparison word or the change verb gives the way
        sign = _DIRECTION.get(lx.COMPARISONS.get(cmp or "", ""), 0)
    if sign == 0:
        sign = 1 if change in lx.RISE_VERBS else -1 if change in lx.FALL_VERBS else 0
    elif basis == "reduction":  # the operator bounds the fall, not the level
        sign = -sign
    return {1: "higher", -1: "lower"}.get(sign)


def _basis(q: Quantity, chain: re.Match[str], segment: str, seg_start: int) -> _Basis:
    """Read the basis from the unit, the change verb and the clause's words."""
    value, value_hi = q.value, q.value_hi
    change = chain.group("change")
    rise = change in lx.RISE_VERBS
    fall = change in lx.FALL_VERBS
    avg = chain.group("avg") is not None
    average = avg or lx.AVERAGE_WORD in segment
    summed = segment.find(lx.CUMULATIVE_WORD)
    per_year = lx.PER_YEAR.search(segment) is not None
    kind = dimension(q.unit)
    if q.tag == "zero":
        return _Basis("level", value, value_hi, per_year=per_year)
    if avg and not (rise or fall) and kind in ("percent", "percentage_point", "multiple"):
        raise Fail(
            chain.start("avg"),
            "年均 before a rate needs a change verb: 年均增长 / 年均下降 x% (compound average "
            "growth) or 年均提高 x 个百分点",
        )
    # 累计下降 x% is the reduction over the window and 累计提高 x 个百分点 the change over it;
    # any other rate or ratio cannot be summed
    window_change = (fall and kind == "percent") or kind == "percentage_point"
    if summed >= 0 and kind in lx.NON_ADDITIVE and not window_change:
        hint = " (累计增长 x% is not a target basis; use 年均增长 or 翻番)" if rise else ""
        raise Fail(
            seg_start + summed,
            f"累计 sums a quantity over the window; {q.unit!r} cannot be summed{hint}",
        )
    if kind == "multiple":
        if fall:
            raise Fail(chain.start("change"), "a fall stated in 倍")
        if rise and q.tag != "doubling":  # 增长一倍 = twice the base
            value, value_hi = value + 1, None if value_hi is None else value_hi + 1
        return _Basis("multiple", value, value_hi)
    if kind == "percentage_point":
        if not (rise or fall):
            raise Fail(q.start, "个百分点 needs a change verb (提高/增加/下降 x 个百分点)")
        if avg:
            return _Basis("avg_change", value, value_hi, negate=fall)
        return _Basis("change_pp", value, value_hi, negate=fall, per_year=per_year)
    if kind == "percent" and (rise or fall):
        if avg:  # 年均下降 x% is a negative compound average growth
            return _Basis("avg_growth", value, value_hi, negate=fall)
        return _Basis("yoy_growth" if rise else "reduction", value, value_hi, per_year=per_year)
    if (rise or fall) and summed < 0 and kind not in (None, "percent"):
        # 人均预期寿命提高1岁, 排放减少3万吨: a change of the level in its own unit
        basis = "avg_change" if avg else "change"
        return _Basis(basis, value, value_hi, negate=fall, per_year=per_year and not avg)
    if summed >= 0:
        return _Basis("cumulative", value, value_hi, count_reading="summed")
    if kind in lx.NON_ADDITIVE:
        return _Basis("level", value, value_hi, per_year=per_year or average)
    return _count(value, value_hi, segment, per_year or average)


def _count(value: float, value_hi: float | None, segment: str, per_year: bool) -> _Basis:
    """Apply the stock-or-flow rule of ``data/README.md`` to a quantity that can be summed."""
    plain = segment
    for noun in lx.FLOW_FALSE_FRIENDS:
        plain = plain.replace(noun, "")
    verbs = [v for v in lx.FLOW_VERBS if v in plain]
    if per_year:  # 每年新增 5 万人: the amount made in every year
        return _Basis("level", value, value_hi, per_year=True)
    if any(w in plain for w in lx.STOCK_WORDS) or not verbs:
        return _Basis("level", value, value_hi, count_reading="stock")
    if all(v in lx.AMBIGUOUS_FLOW_VERBS for v in verbs):
        return _Basis("level", value, value_hi, count_reading="either")
    return _Basis("cumulative", value, value_hi, count_reading="flow")


def _comparison(
    q: Quantity,
    qual: tuple[str, str] | None,
    cmp: str | None,
    segment: str,
    before: str,
    basis: str,
) -> str:
    """Read the operator: qualifier, else comparison word, else the default for bare numbers."""
    if q.tag == "zero":
        return "<="
    if q.value_hi is not None:
        return "range"
    word = cmp or next((w for w in lx.BOUND_WORDS if w in segment), None)
    stated = None if word is None else lx.COMPARISONS.get(word, lx.BOUND_WORDS.get(word))
    if qual is not None:
        if stated is not None and _DIRECTION.get(stated, 0) * _DIRECTION.get(qual[1], 0) < 0:
            raise Fail(q.end, f"{qual[0]!r} contradicts {word!r}")
        return qual[1]
    if stated is not None:
        return stated
    if any(w in segment for w in lx.STRUCTURE_VERBS):
        return "around"
    if basis in RATE_BASES or basis in ("avg_change", "change"):
        return ">=" if any(w in before for w in lx.COMMITMENTS) else "around"
    return ">="
