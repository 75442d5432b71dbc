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
from .target import Target

__all__ = ["RATE_BASES", "ParsedTarget", "parse"]

#: bases that state a rate of change: a bare number is a point target (around)
RATE_BASES = frozenset({"yoy_growth", "avg_growth", "reduction", "change_pp"})

_MIRROR = {">=": "<=", ">": "<", "<=": ">=", "<": ">"}
_DIRECTION = {">=": 1, ">": 1, "<=": -1, "<": -1}


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
        The number as printed; negated for ``下降 x 个百分点`` (a change in points), and
        ``n + 1`` for ``增长 n 倍`` (a multiple of the base).
    unit : str or None
        The unit as stated (a unit of ``units.yaml``); None when the wording states no
        number (``清零``, ``全部脱贫``): the unit is then the indicator's.
    basis : str
        ``level``, ``yoy_growth``, ``avg_growth``, ``cumulative``, ``change_pp``,
        ``reduction`` or ``multiple``.
    value_hi : float, optional
        Upper bound of a range.
    flow : bool
        True when the quantity is made within the window (``新增``, ``建成``, ``引进``,
        ``累计`` ... N 个/万人/亿元): a plan may then count it at ``end_year`` (basis
        ``level``) or summed over the window (``cumulative``), and the wording alone says
        which only with ``累计``. See :attr:`bases`.
    span : tuple of int
        ``(start, end)`` offsets of the number and its unit in the parsed text.
    """

    operator: str
    value: float
    unit: str | None
    basis: str
    value_hi: float | None = None
    flow: bool = False
    span: tuple[int, int] = (0, 0)

    @property
    def bases(self) -> frozenset[str]:
        """Bases the wording admits: ``{basis}``, plus ``cumulative`` for a flow level."""
        if self.flow and self.basis == "level":
            return frozenset({"level", "cumulative"})
        return frozenset({self.basis})

    def conflicts(self, target: Target) -> list[str]:
        """Fields of ``target`` that its wording contradicts.

        Parameters
        ----------
        target : Target
            A target, typically built from a data row whose ``text`` was parsed.

        Returns
        -------
        list of str
            One message per disagreeing field (operator, value, value_hi, unit, basis);
            empty when the target is what the wording says. The unit is checked only
            when the wording states one; the basis must be one of :attr:`bases`.
        """
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
        if target.basis not in self.bases:
            found.append(_disagree("basis", sorted(self.bases), target.basis))
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
    ) -> Target:
        """Complete the parsed wording into a :class:`Target`.

        Parameters
        ----------
        start_year, end_year : int
            The window (see :class:`Target`).
        basis : str, optional
            One of :attr:`bases`; default :attr:`basis` (pass ``'cumulative'`` to sum a
            flow over the window).
        unit : str, optional
            Required when the wording states no unit; else it must agree with it.
        tolerance, id, indicator, text, item
            Passed to :class:`Target`.

        Returns
        -------
        Target

        Raises
        ------
        TargetError
            If ``basis`` or ``unit`` contradict the wording, or the fields are
            inconsistent.
        """
        chosen = self.basis if basis is None else basis
        name = f"target {id or text!r}"
        if chosen not in self.bases:
            admitted = sorted(self.bases)
            raise TargetError(f"{name}: the wording admits basis {admitted}, not {chosen!r}")
        if self.unit is not None and unit is not None and unit != self.unit:
            raise TargetError(f"{name}: the wording states unit {self.unit!r}, not {unit!r}")
        stated = self.unit if self.unit is not None else unit
        if stated is None:
            raise TargetError(f"{name}: the wording states no unit; pass unit=")
        return Target(
            operator=self.operator,
            value=self.value,
            unit=stated,
            basis=chosen,
            value_hi=self.value_hi,
            tolerance=tolerance,
            id=id,
            indicator=indicator,
            start_year=start_year,
            end_year=end_year,
            text=text,
            item=item,
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
        Operator, value(s), unit and basis the wording determines.

    Raises
    ------
    TargetParseError
        When the wording cannot be read: no number, several numbers and no ``item``, a
        number without a unit, contradictory words (``控制在 5% 以上``), or a basis the
        library does not model (``年均下降``, ``累计增长 x%``). The error carries the
        character ``position`` and the ``reason``. No other exception is raised for any
        string.
    TypeError
        If ``text`` is not a string or ``item`` not an integer.

    Examples
    --------
    >>> p = parse("GDP年均增长9%左右")
    >>> p.operator, p.value, p.unit, p.basis
    ('around', 9.0, '%', 'avg_growth')
    >>> parse("分别增长8%、8.2%、10%", item=2).value
    8.2
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
    basis, value, value_hi, flow, fall_pp = _basis(q, chain, segment, seg_start)
    op = _comparison(q, qual, chain.group("cmp"), segment, s[: q.start], basis)
    if fall_pp:
        op = _MIRROR.get(op, op)
        value, value_hi = (-value, None) if value_hi is None else (-value_hi, -value)
    span = (c.position(q.start), c.position(max(q.end - 1, q.start)) + 1)
    return ParsedTarget(op, value, q.unit, basis, value_hi, flow, span)


def _basis(
    q: Quantity, chain: re.Match[str], segment: str, seg_start: int
) -> tuple[str, float, float | None, bool, bool]:
    """Basis, value, value_hi, flow flag and whether a fall in points is to be negated."""
    value, value_hi = q.value, q.value_hi
    change = chain.group("change")
    rise = change in lx.RISE_VERBS
    fall = change in lx.FALL_VERBS
    avg = chain.group("avg") is not None
    summed = segment.find(lx.CUMULATIVE_WORD)
    kind = dimension(q.unit)
    if q.tag == "zero":
        return "level", value, value_hi, False, False
    if avg and not (rise and kind == "percent"):
        raise Fail(
            chain.start("avg"),
            "年均 is read only as 年均增长 x% (compound average "
            "growth); state other averages over the window",
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
        return "multiple", value, value_hi, False, False
    if kind == "percentage_point":
        if not (rise or fall):
            raise Fail(q.start, "个百分点 needs a change verb (提高/增加/下降 x 个百分点)")
        return "change_pp", value, value_hi, False, fall
    if kind == "percent" and rise:
        return ("avg_growth" if avg else "yoy_growth"), value, value_hi, False, False
    if kind == "percent" and fall:
        return "reduction", value, value_hi, False, False
    if summed >= 0:
        return "cumulative", value, value_hi, True, False
    plain = segment
    for noun in lx.FLOW_FALSE_FRIENDS:
        plain = plain.replace(noun, "")
    made = rise or fall or any(v in plain for v in lx.FLOW_VERBS)
    flow = made and kind not in lx.NON_ADDITIVE
    return "level", value, value_hi, flow, False


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
    if basis in RATE_BASES:
        return ">=" if any(w in before for w in lx.COMMITMENT_WORDS) else "around"
    return ">="
