"""Numbers, units and ranges in a target's wording.

The wording is first *compacted*: white space is dropped (documents print ``达到 12万元``
and ``5.5 % 以内``) and full-width digits and signs are folded to ASCII, while a map keeps
each character's offset in the original text for error messages.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from ..data import load_units
from . import _lexicon as lx

_FOLD = str.maketrans("０１２３４５６７８９％．－", "0123456789%.-")
_DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_YEAR_RANGE = (1900, 2100)
#: longest number in words read (一亿三千五百万 has 7 characters)
_MAX_NUMERAL = 16


class Fail(Exception):
    """A parse failure at an offset of the compacted text."""

    def __init__(self, index: int, reason: str) -> None:
        super().__init__(reason)
        self.index = index
        self.reason = reason


@dataclass(frozen=True)
class Compact:
    """Wording without white space, with the original offset of every character."""

    text: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, original: str) -> Compact:
        chars: list[str] = []
        origin: list[int] = []
        for i, ch in enumerate(original.translate(_FOLD)):
            if not ch.isspace():
                chars.append(ch)
                origin.append(i)
        origin.append(len(original))
        return cls("".join(chars), tuple(origin))

    def position(self, index: int) -> int:
        """Offset in the original text of compacted offset ``index``."""
        return self.origin[min(max(index, 0), len(self.origin) - 1)]


@dataclass(frozen=True)
class Quantity:
    """A number (or range) found in the wording, with its unit and its kind.

    ``tag`` is ``"year"`` for a calendar year (``2025年``), ``"zero"`` for an elimination
    phrase (``清零``), ``"doubling"`` for ``翻番`` and its kin, else ``""``.
    """

    start: int
    end: int
    value: float
    value_hi: float | None = None
    unit: str | None = None
    tag: str = ""


@lru_cache(maxsize=1)
def units() -> dict[str, str]:
    """Registry unit -> its dimension (``percent``, ``count``, ``money``, ...)."""
    registry = load_units()
    return {str(u): str(d) for u, d in registry.items()}


@lru_cache(maxsize=1)
def _spellings() -> tuple[tuple[str, str], ...]:
    known = units()
    pairs = [(u, u) for u in known] + [(a, u) for a, u in lx.UNIT_ALIASES.items() if u in known]
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


def dimension(unit: str | None) -> str | None:
    """Dimension of a registry unit (``percent``, ``count``, ...), None if unknown."""
    return None if unit is None else units().get(unit)


def match_unit(text: str, at: int) -> tuple[str, int] | None:
    """Longest unit spelled at ``text[at:]``: (registry unit, length), or None."""
    for spelling, unit in _spellings():
        if text.startswith(spelling, at):
            return unit, len(spelling)
    return None


def _is_year(value: float, unit: str | None) -> bool:
    return unit == "年" and value.is_integer() and _YEAR_RANGE[0] <= value <= _YEAR_RANGE[1]


def _finite(digits: str, at: int) -> float:
    value = float(digits)
    if not math.isfinite(value):
        raise Fail(at, "a number too large to be a target")
    return value


def _digit_quantities(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    pos = 0
    while (m := _DIGITS.search(text, pos)) is not None:
        start = m.start()
        if (
            start > 0
            and text[start - 1] == "-"
            and not (start > 1 and text[start - 2].isascii() and text[start - 2].isalnum())
        ):
            raise Fail(start - 1, "a negative number; state a fall with 下降/降低/减少")
        value = _finite(m.group(), start)
        end = m.end()
        hit = match_unit(text, end)
        unit = hit[0] if hit else None
        end += hit[1] if hit else 0
        value_hi = None
        hi_start = end + 1
        joined = text[end : end + 1] in tuple(lx.RANGE_SEPARATORS)
        second = _DIGITS.match(text, end + 1) if joined else None
        if second is not None:
            value_hi = _finite(second.group(), second.start())
            end = second.end()
            hit = match_unit(text, end)
            if hit is not None:
                if unit is not None and hit[0] != unit:
                    raise Fail(end, f"a range in two units, {unit!r} and {hit[0]!r}")
                unit = hit[0]
                end += hit[1]
        years = _is_year(value, unit) and (value_hi is None or _is_year(value_hi, unit))
        if not years and value_hi is not None and not value_hi > value:
            raise Fail(hi_start, "a range needs its second number above the first")
        found.append(Quantity(start, end, value, value_hi, unit, "year" if years else ""))
        pos = end
    return found


def cn_number(numeral: str) -> int | None:
    """Value of a Chinese numeral (``三百`` -> 300, ``十五`` -> 15), None if malformed."""
    total = wan = section = 0
    digit: int | None = None
    for ch in numeral:
        if ch in lx.CN_DIGITS:
            if digit is not None:
                return None
            digit = lx.CN_DIGITS[ch] or None
        elif ch in lx.CN_SMALL_UNITS:
            if digit is None and not (ch == "十" and section == 0):
                return None
            section += (digit or 1) * lx.CN_SMALL_UNITS[ch]
            digit = None
        elif ch == "万":
            block = section + (digit or 0)
            if block == 0 or wan:
                return None
            wan, section, digit = block * lx.CN_LARGE_UNITS[ch], 0, None
        else:
            block = wan + section + (digit or 0)
            if block == 0 or total:
                return None
            total, wan, section, digit = block * lx.CN_LARGE_UNITS[ch], 0, 0, None
    value = total + wan + section + (digit or 0)
    return value if value > 0 else None


def _word_quantities(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    for m in lx.DOUBLING.finditer(text):
        times = lx.CN_DIGITS[m.group(1)] if m.group(1) else 1
        found.append(Quantity(m.start(), m.end(), float(2**times), None, "倍", "doubling"))
    for m in lx.ZERO_PHRASES.finditer(text):
        found.append(Quantity(m.start(), m.end(), 0.0, None, None, "zero"))
    for phrase, (value, unit) in lx.WORD_NUMBERS.items():
        for m in re.finditer(re.escape(phrase), text):
            found.append(Quantity(m.start(), m.end(), value, None, unit))
    taken = [(q.start, q.end) for q in found]
    for m in lx.CN_NUMBER.finditer(text):
        if len(m.group()) > _MAX_NUMERAL or any(s < m.end() and m.start() < e for s, e in taken):
            continue
        best: Quantity | None = None
        best_len = 0
        for cut in range(len(m.group()), 0, -1):
            number = cn_number(m.group()[:cut])
            hit = match_unit(text, m.start() + cut)
            if number is not None and hit is not None and hit[1] > best_len:
                best_len = hit[1]
                end = m.start() + cut + hit[1]
                best = Quantity(m.start(), end, float(number), None, hit[0])
        if best is not None:
            found.append(best)
    return sorted(found, key=lambda q: q.start)


def scan(text: str) -> list[Quantity]:
    """The target numbers of a compacted wording, in order, years left out.

    Numbers in digits are read first; numbers in words (``三百天``, ``一半``, ``翻一番``,
    ``清零``) only when the wording has no number in digits other than years.
    """
    digits = [q for q in _digit_quantities(text) if q.tag != "year"]
    return digits if digits else _word_quantities(text)
