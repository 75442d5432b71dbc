"""Draft targets from text: a sentence or a whole pasted chapter, read into target rows.

:func:`read_targets` splits the text into sentences (``。！？``, line ends, table cells),
reads every number in it with :func:`~zzsim.targets.parse`, and writes each target in the
columns of ``data/targets/*.csv``. Every sentence that holds a number but gave no target is
listed with the reason, so that the planner can fix the wording or add a row by hand.

How the parts of a row are found:

- **window**: a span in the sentence (``2026-2030年``), else the plan it names
  (“十五五”期间 -> 2026-2030), else its section (the nearest heading that names a plan or a
  year: ``第二节 “十四五”规划目标``, ``三、2016年总体要求``; a heading that names none keeps
  its previous sibling's), else ``window=``, else the latest plan the text has named before
  the sentence. A year right before the number sets the end year (``到2030年``); a
  year after 比 / 较 sets the base of a growth target (``比2025年翻一番`` -> 2026-2030);
  otherwise the base is the year before the window.
- **past figures** are not targets: a number whose year is before the window (``2020 年达到
  3105.8 亿元`` in a 14th FYP text), a number compared with the year before (同比增长), and
  every number under a heading of review (回顾, 成就, 成绩, 发展基础, 过去) or naming an earlier
  plan than the text's latest.
- **indicator**: the names and ``aliases`` of ``indicators.yaml`` in the number's clause,
  the nearest before the number (in a list, ``A和B分别达到 70%、95%``, paired in order),
  else after it; kept only when its unit fits the target's (5G基站 in 万个, not 亿元).
- **text** is the clause that states the target (back to the sentence's start when an earlier
  clause changes the reading, e.g. 力争 before a bare rate); **quote** is the sentence.
- the region is the whole city (株洲市); a target about a county needs its row edited.

Nor is a number that only qualifies the next one (``5000万元以上产业项目135个``), one without
a unit (``5G``, ``PM2.5``, ``4A``), an ordinal (第十四个), a duration (三年行动, 延长30年), a
grade (3000吨级), a size (2×100万千瓦), an age group (3岁以下婴幼儿), a count in quotation
marks (“四个全面”, “人才30条”), and, in words, 一 with a unit (一批, 一条: an article) or a
count after 以下 (抓好以下五个重点). Each is listed with its reason when its sentence gives no
target.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path

import pandas as pd

from ..data.schema import CITY, TARGET_COLUMNS
from ..errors import DataError, TargetError, TargetParseError
from . import _lexicon as lx
from ._quantities import Compact, Fail, Quantity, dimension, scan
from ._registry import (
    BRACKETS,
    find_names,
    fold,
    indicator_better,
    indicator_unit,
    indicators,
)
from .grammar import ParsedTarget, parse
from .plans import period_in_text, periods_in_text, plan_id
from .reading import number_text

__all__ = ["TEXT_SUFFIXES", "UNREAD_COLUMNS", "DraftReading", "read_targets", "read_text_file"]

#: columns of :attr:`DraftReading.unread`
UNREAD_COLUMNS = ("line", "sentence", "reason")

_SENTENCE_END = "。！？!?"
_HEADING = re.compile(
    r"^(?:(#{1,6})\s*|第[一二三四五六七八九十百〇零\d]+([篇章节])|"
    r"([一二三四五六七八九十]+)、|[（(]([一二三四五六七八九十]+)[)）])"
)
_LEVELS = {"篇": 1, "章": 2, "节": 3}
#: words of a heading over a review of the past: its numbers are outcomes, not targets
_REVIEW_WORDS = ("回顾", "成就", "成绩", "发展基础", "过去")
_CN_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
#: a calendar year in digits or in four Chinese digits (二〇三五年)
_YEAR = re.compile(r"((?:19|20)\d{2}|[一二][〇零一二三四五六七八九]{3})年")
_SPAN = re.compile(r"((?:19|20)\d{2})年?\s*[-–—~～至到]\s*((?:19|20)\d{2})年")
#: words right before a year that make it a base (比2025年) or a target year (到2030年)
_BASE_MARKS = ("比", "较", "与", "同")
_TARGET_MARKS = ("到", "至", "在")
#: what separates two numbers of one clause into separate statements
_ITEM_SEPARATORS = "、()（）[]【】和及与+＋"
_BINDING = {"约束性": "binding", "预期性": "anticipatory"}
_QUOTES = (("“", "”"), ("「", "」"), ("‘", "’"), ("『", "』"))
#: words of an outcome compared with the year before (同比增长 14%): reports, not targets
_OUTCOME_WORDS = ("同比",)
#: words before a number in words that announce a list (抓好以下五个重点)
_ENUMERATION = ("以下", "下列", "如下", "下面")


@dataclass(frozen=True)
class DraftReading:
    """What :func:`read_targets` found in a text.

    Attributes
    ----------
    targets : pandas.DataFrame
        One row per target in the columns of ``data/targets/*.csv``
        (:data:`zzsim.data.schema.TARGET_COLUMNS`); ``Target.from_row`` reads each row.
    unread : pandas.DataFrame
        Columns :data:`UNREAD_COLUMNS`: every sentence that holds a number (other than a
        year) but gave no target, with its line in the text and the reasons.
    window : tuple of int or None
        The text's own window (``window=``, else the latest plan it names).
    """

    targets: pd.DataFrame
    unread: pd.DataFrame
    window: tuple[int, int] | None = None


@dataclass(frozen=True)
class _Section:
    """What the headings above a sentence say: a window, and whether it reviews the past."""

    window: tuple[int, int] | None = None
    review: str | None = None  # the heading that makes it a review
    level: int = 0
    heading: str = ""  # the heading that gave the window


@dataclass
class _Sentence:
    line: int
    text: str
    section: _Section
    named: tuple[int, int] | None  # the latest plan the text has named so far
    reasons: list[str] = field(default_factory=list)
    found: int = 0


#: the kinds of text file read
TEXT_SUFFIXES = (".txt", ".md")


def read_text_file(path: str | Path) -> str:
    """Return the text of a UTF-8 ``.txt`` or ``.md`` file of plan wording.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    str

    Raises
    ------
    DataError
        Naming the file (and the line of the first byte that is not UTF-8) when it is not
        such a file or cannot be read.
    """
    path = Path(path)
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise DataError(f"expected a {' or '.join(TEXT_SUFFIXES)} file of plan text", file=path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read the file: {exc.strerror}", file=path) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            f"not UTF-8 text (byte {exc.start}); save the file as UTF-8", file=path, row=line
        ) from None


def read_targets(
    text: str,
    *,
    window: tuple[int, int] | None = None,
    plan: str | None = None,
    source: str = "",
) -> DraftReading:
    """Read the targets of a text (a sentence, or a whole pasted chapter).

    Parameters
    ----------
    text : str
        Plan wording; Markdown headings (``#``) and numbered Chinese headings (第一章, 一、,
        (一)) set the window and mark review sections (see the module docstring).
    window : tuple of int, optional
        ``(start, end)`` for sentences whose window neither they nor their section state.
    plan : str, optional
        The ``plan`` column of every row; default from each target's window (``fyp15`` for
        2026-2030, ``annual2026``, ``draft2026-2027``), which is what lets a per-year target
        (每年, 保持 ...) be judged over its whole plan.
    source : str, optional
        The ``source`` column (the file name).

    Returns
    -------
    DraftReading
        The targets, in the columns of ``data/targets/*.csv``, and the sentences with a
        number that gave none, with the reasons.

    Raises
    ------
    TargetError
        If ``window`` ends before it starts.

    Examples
    --------
    >>> found = read_targets("“十五五”期间,GDP年均增长5%左右,城镇调查失业率控制在5.5%以内。")
    >>> found.targets[["indicator", "operator", "value", "basis", "start_year", "end_year"]]
    ... # doctest: +NORMALIZE_WHITESPACE
                      indicator operator value       basis  start_year  end_year
    0                       gdp   around     5  avg_growth        2026      2030
    1  unemployment_rate_surveyed       <=   5.5       level        2030      2030
    """
    if window is not None and window[0] > window[1]:
        raise TargetError(f"window {window[0]}-{window[1]} ends before it starts")
    rows: list[dict[str, object]] = []
    unread: list[dict[str, object]] = []
    for sentence in _sentences(text):
        for row in _read_sentence(sentence, window, plan, source):
            row["id"] = f"{row['plan']}-{len(rows) + 1:03d}"
            rows.append(row)
        if sentence.found == 0 and sentence.reasons:
            reasons = "; ".join(dict.fromkeys(sentence.reasons))
            unread.append({"line": sentence.line, "sentence": sentence.text, "reason": reasons})
    targets = pd.DataFrame(rows, columns=list(TARGET_COLUMNS))
    frame = pd.DataFrame(unread, columns=list(UNREAD_COLUMNS))
    return DraftReading(targets, frame, window or max(periods_in_text(text), default=None))


# -- the text: headings, sections and sentences -------------------------------------------


def _heading(line: str) -> int | None:
    """Return the level of a heading line (1 = 篇 or #), None for running text."""
    m = _HEADING.match(line)
    stripped = line.rstrip("。 ")
    if m is None or any(ch in stripped for ch in _SENTENCE_END):
        return None
    if m.group(1):
        return len(m.group(1))
    if m.group(2):
        return _LEVELS[m.group(2)]
    return 2 if m.group(3) else 3


def _section(
    line: str,
    level: int,
    parent: _Section,
    sibling: _Section | None,
    latest: tuple[int, int] | None,
) -> _Section:
    """Open the section of a heading.

    Its window is its own, else its previous sibling's (三、 after 二、2020年 ...), else its
    parent's; it is a review when it or its parent is one.
    """
    compact = fold(line)
    window = period_in_text(compact)
    if window is None:
        years = [_year(m.group(1)) for m in _YEAR.finditer(compact)]
        window = (years[0], years[0]) if years else None
    review = parent.review
    if any(w in compact for w in _REVIEW_WORDS) or (
        window is not None and latest is not None and window[1] < latest[0]
    ):
        review = line.strip()
    if window is not None:
        return _Section(window, review, level, line.strip())
    if sibling is not None and sibling.window is not None and not sibling.review:
        return _Section(sibling.window, review, level, sibling.heading)
    return _Section(parent.window, review, level, parent.heading)


def _sentences(text: str) -> Iterator[_Sentence]:
    latest = max(periods_in_text(text), default=None)
    named: tuple[int, int] | None = None
    stack = [_Section()]
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("-*>").strip()
        if not line:
            continue
        named = max([named, *periods_in_text(line)], key=lambda p: p or (0, 0))
        level = _heading(line)
        if level is not None:
            sibling = None
            while stack[-1].level >= level and len(stack) > 1:
                popped = stack.pop()
                sibling = popped if popped.level == level else sibling
            stack.append(_section(line, level, stack[-1], sibling, latest))
            continue
        for cell in line.split("|"):
            for sentence in re.findall(f"[^{_SENTENCE_END}]+[{_SENTENCE_END}]?", cell):
                if sentence.strip():
                    yield _Sentence(number, sentence.strip(), stack[-1], named)


# -- one sentence ------------------------------------------------------------------------


def _year(text: str) -> int:
    return int(text.translate(_CN_YEAR_DIGITS))


def _clauses(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each clause of a compacted sentence, its boundary excluded."""
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in lx.CLAUSE_BOUNDARIES:
            out.append((start, i))
            start = i + 1
    out.append((start, len(text)))
    return [(a, b) for a, b in out if b > a]


def _numbers(s: _Sentence, text: str, clause: tuple[int, int]) -> list[Quantity]:
    """Find the numbers of one clause (digits, else words), at their offsets in the sentence."""
    a, b = clause
    try:
        found = scan(text[a:b])
    except Fail as exc:  # 增长-2%, 9%-8%: the clause cannot be read
        s.reasons.append(f"{text[a:b]}: {exc.reason}")
        return []
    return [replace(q, start=q.start + a, end=q.end + a) for q in found]


def _sentence_window(
    s: _Sentence, default: tuple[int, int] | None
) -> tuple[tuple[int, int], str] | None:
    """Find the sentence's window and say where it comes from."""
    compact = fold(s.text)
    span = _SPAN.search(compact)
    if span is not None and int(span.group(1)) <= int(span.group(2)):
        return (int(span.group(1)), int(span.group(2))), "the years in the sentence"
    named = period_in_text(compact)
    if named is not None:
        return named, "the plan the sentence names"
    if s.section.window is not None:
        return s.section.window, f"the heading {s.section.heading!r}"
    if default is not None:
        return default, "the window given"
    if s.named is not None:
        return s.named, "the latest plan the text names before it"
    return None


def _number_year(before: str) -> tuple[int | None, int | None]:
    """Find the year right before a number (到2030年, 2030年) and the base year (比2025年)."""
    target = base = None
    for m in _YEAR.finditer(before):
        mark = before[max(m.start() - 1, 0) : m.start()]
        if mark in _BASE_MARKS:
            base = _year(m.group(1))
        else:
            target = _year(m.group(1))
    return target, base


def _clause_before(text: str, at: int) -> str:
    """Return the number's clause up to the number."""
    return text[max(text.rfind(ch, 0, at) for ch in lx.CLAUSE_BOUNDARIES) + 1 : at]


def _marked(before: str, year: int) -> bool:
    """Whether the last mention of ``year`` before a number is a target year (到2030年)."""
    hits = [m for m in _YEAR.finditer(before) if _year(m.group(1)) == year]
    return bool(hits) and before[max(hits[-1].start() - 1, 0) : hits[-1].start()] in _TARGET_MARKS


def _strip_qualifier(text: str) -> str:
    for word in sorted(lx.QUALIFIERS, key=len, reverse=True):
        if text.startswith(word):
            return text[len(word) :]
    return text


def _is_modifier(text: str, q: Quantity, later: list[Quantity]) -> bool:
    """Whether ``q`` only qualifies the next number of its clause (5000万元以上产业项目135个)."""
    nxt = next((n for n in later if n.unit is not None), None)
    if nxt is None:
        return False
    between = _strip_qualifier(text[q.end : nxt.start])
    return bool(between) and not any(ch in _ITEM_SEPARATORS for ch in between)


def _list_of(text: str, inside: list[Quantity], k: int) -> tuple[int, int]:
    """First and last index of the 、-list that number ``k`` of a clause belongs to."""

    def joined(i: int) -> bool:
        return _strip_qualifier(text[inside[i].end : inside[i + 1].start]) == "、"

    head, last = k, k
    while head > 0 and joined(head - 1):
        head -= 1
    while last + 1 < len(inside) and joined(last):
        last += 1
    return head, last


def _read_sentence(
    s: _Sentence, default: tuple[int, int] | None, plan: str | None, source: str
) -> Iterator[dict[str, object]]:
    compact = Compact.of(s.text.translate(BRACKETS))
    text = compact.text
    clauses = _clauses(text)
    numbered = [(c, _numbers(s, text, c)) for c in clauses]
    if not any(q.tag != "year" for _, qs in numbered for q in qs):
        return
    where = _sentence_window(s, default)
    for clause, inside in numbered:
        chosen = []
        for k, q in enumerate(inside):
            reason = _skip(s, text, q, inside[k + 1 :], where)
            if reason:
                s.reasons.append(reason)
            else:
                chosen.append(q)
        for k, q in enumerate(chosen):
            assert where is not None
            try:
                rows = _rows(s, compact, chosen, k, clause, where, plan, source)
            except (TargetParseError, TargetError, Fail) as exc:
                s.reasons.append(f"{text[q.start : q.end]}: {getattr(exc, 'reason', exc)}")
                continue
            s.found += len(rows)
            yield from rows


def _skip(
    s: _Sentence,
    text: str,
    q: Quantity,
    later: list[Quantity],
    where: tuple[tuple[int, int], str] | None,
) -> str | None:
    """Why a number gives no target, or None."""
    shown = text[q.start : q.end]
    if q.unit is None and q.tag != "zero":
        return f"{shown}: no unit after the number (a name such as 5G, PM2.5, 4A级?)"
    if s.section.review:
        return f"under the review heading {s.section.review!r}: past outcomes, not targets"
    if where is None:
        return "no window: name the plan (“十五五”期间), a year (到2030年) or pass a window"
    if _is_modifier(text, q, later):
        return f"{shown}: qualifies the number after it, not a target"
    shape = _not_a_quantity(text, q) or _in_words(text, q)
    if shape:
        return f"{shown}: {shape}"
    if any(w in _clause_before(text, q.start) for w in _OUTCOME_WORDS):
        return f"{shown}: compared with the year before (同比), an outcome, not a target"
    year, _ = _number_year(text[: q.start])
    start, end = where[0]
    if year is not None and year < start and not _marked(text[: q.start], year):
        return f"{shown}: a figure for {year}, before the window {start}-{end}"
    return None


def _quoted(text: str, at: int) -> bool:
    """Whether offset ``at`` lies inside quotation marks (“三个代表”)."""
    before = text[:at]
    curly = sum(before.count(o) - before.count(c) for o, c in _QUOTES)
    return curly > 0 or before.count('"') % 2 == 1


def _not_a_quantity(text: str, q: Quantity) -> str | None:
    """Why a number with a unit names, orders or sizes something rather than counts it."""
    rest = text[q.end :]
    kind = dimension(q.unit)
    if text.endswith("第", 0, q.start):
        return "an ordinal (第十四个五年规划), not a target"
    if q.unit == "年":
        return "a duration (三年行动计划, 延长30年), not a target"
    if rest.startswith("级"):
        return "a grade (3000吨级航道, 4A级), not a target"
    if "×" in (text[q.start - 1 : q.start] + rest[:1]) or "x" == rest[:1]:
        return "a size (2×100万千瓦), not a target"
    if kind == "count" and _quoted(text, q.start):
        return "a count inside quotation marks: a slogan's name (“四个全面”, “人才30条”)"
    if q.unit == "岁" and rest[:2] in ("以下", "以上") and rest[2:3] not in lx.CLAUSE_BOUNDARIES:
        return "an age group (3岁以下婴幼儿), not a target"
    return None


def _in_words(text: str, q: Quantity) -> str | None:
    """Why a number written in words is an idiom rather than a target, or None."""
    if q.tag or re.match("[0-9]", text[q.start : q.end]):
        return None  # digits, 翻番, 清零
    rest = text[q.end :]
    if q.value == 1 and _strip_qualifier(rest) == rest:
        return "一 with a unit reads as an article (一批, 一条, 最后一公里), not a target"
    if any(text.endswith(w, 0, q.start) for w in _ENUMERATION):
        return "announces an enumeration (以下五个重点), not a target"
    return None


def _rows(
    s: _Sentence,
    compact: Compact,
    inside: list[Quantity],
    k: int,
    clause: tuple[int, int],
    where: tuple[tuple[int, int], str],
    plan: str | None,
    source: str,
) -> list[dict[str, object]]:
    """Write the row(s) of target number ``k`` of a clause.

    ``inside`` holds the clause's target numbers only. One number serving several named
    indicators (A和B增长10%) gives a row for each.
    """
    q = inside[k]
    text = compact.text
    begin, item, parsed = _wording(text, q, clause)
    wording = s.text[compact.position(begin) : compact.position(clause[1] - 1) + 1]
    window, how = where
    start, end = window
    year, base = _number_year(text[clause[0] : q.start])
    year = year or _number_year(text[: q.start])[0]
    if year is not None:
        start, end = (min(start, year), year) if year >= start else (year, year)
    if base is not None and base < end:
        start = base + 1
    rows: list[dict[str, object]] = []
    found: list[str | None] = [*_indicators(text, inside, k, clause, parsed)]
    for indicator in found or [None]:
        target = parsed.to_target(
            start_year=start,
            end_year=end,
            indicator=indicator,
            unit=None if parsed.unit is not None else indicator_unit(indicator),
            better=indicator_better(indicator),
            plan=plan or plan_id(window),
            text=wording,
            item=item,
        )
        rows.append(
            {
                "plan": target.plan,
                "indicator": indicator or "",
                "region": CITY,
                "text": wording,
                "item": item or "",
                "operator": target.operator,
                "value": number_text(target.value),
                "value_hi": "" if target.value_hi is None else number_text(target.value_hi),
                "tolerance": "",
                "unit": target.unit,
                "basis": target.basis,
                "start_year": target.end_year if target.per_year else target.start_year,
                "end_year": target.end_year,
                "binding": next((v for w, v in _BINDING.items() if w in wording), ""),
                "source": source,
                "quote": s.text,
                "value_text": _value_text(text[q.start : q.end]),
                "note": f"read from the text, window {window[0]}-{window[1]} from {how}; "
                f"reading: {target.reading}",
            }
        )
    return rows


def _wording(
    text: str, q: Quantity, clause: tuple[int, int]
) -> tuple[int, int | None, ParsedTarget]:
    """Where the wording of a number starts, its item and reading.

    The wording is the number's clause, or the sentence up to the clause's end when an
    earlier clause changes the reading (力争 before a bare rate).
    """
    readings = []
    for begin in dict.fromkeys((clause[0], 0)):
        piece = text[begin : clause[1]]
        try:
            numbers = scan(piece)
            at = [i + 1 for i, n in enumerate(numbers) if n.start + begin == q.start]
            if not at:  # the number is in words and the piece has digits: scan skips it
                continue
            item = at[0] if len(numbers) > 1 else None
            readings.append((begin, item, parse(piece, item=item)))
        except (Fail, TargetParseError):
            if begin == clause[0]:  # the clause itself does not read: the caller says why
                raise
            # the sentence up to the clause does not read as one (a range across clauses):
            # the clause alone is the wording
    clause_only, whole = readings[0], readings[-1]
    return clause_only if _same(clause_only[2], whole[2]) else whole


def _same(a: ParsedTarget, b: ParsedTarget) -> bool:
    keys = ("operator", "value", "value_hi", "unit", "basis", "per_year", "count_reading")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


def _indicators(
    text: str, inside: list[Quantity], k: int, clause: tuple[int, int], parsed: ParsedTarget
) -> list[str]:
    """Find the indicator ids of number ``k`` of a clause, from the names in the clause.

    Only names whose unit fits the target count. The name nearest before the number wins;
    several names joined by 和 / 、 before a lone number all count (A和B增长10%); the items
    of a list take the names before it in order (A和B分别达到 70%、95%) or share its one
    subject; without a name before it, a number takes the first name after it, up to the
    next item.
    """
    q = inside[k]
    names = [
        (a + clause[0], b + clause[0], i)
        for a, b, i in find_names(text[clause[0] : clause[1]])
        if _fits(i, parsed)
    ]
    head, last = _list_of(text, inside, k)
    size = last - head + 1
    since = inside[k - 1].end if k > 0 else clause[0]
    own = [n for n in names if since <= n[0] and n[1] <= q.start]
    before_list = [n for n in names if n[1] <= inside[head].start]
    if size > 1 and (k == head or not own) and len(before_list) >= size:
        own = [before_list[-size:][k - head]]
    elif k > head and not own:
        own = before_list[-1:]
    elif not own:
        stop = min([clause[1], *(n.start for n in inside[k + 1 :]), _find(text, "、", q.end)])
        own = [n for n in names if q.end <= n[0] and n[1] <= stop][:1]
    elif size > 1 or not _joined(text, own):
        own = own[-1:]
    return [i for _, _, i in own]


def _find(text: str, word: str, start: int) -> int:
    at = text.find(word, start)
    return len(text) if at < 0 else at


def _joined(text: str, names: list[tuple[int, int, str]]) -> bool:
    """Whether names are joined as the subjects of one number (A和B增长10%)."""
    return all(text[a[1] : b[0]] in ("和", "、", "及", "以及", "与") for a, b in pairwise(names))


def _fits(indicator: str, parsed: ParsedTarget) -> bool:
    """Whether the target's unit fits the indicator's (a level in 万个 of 5G基站数)."""
    unit = str(indicators().at[indicator, "unit"])
    if parsed.unit is None or parsed.basis in ("yoy_growth", "avg_growth", "reduction", "multiple"):
        return True
    if parsed.unit == "个百分点":
        return unit == "%"
    return dimension(parsed.unit) == dimension(unit)


def _value_text(shown: str) -> str:
    """Return the number as words when it is not written in digits (三百, 翻一番, 清零)."""
    return (
        ""
        if re.match("[0-9]", shown)
        else re.sub("[^一二两三四五六七八九十百千万亿〇零半翻番倍清]", "", shown)
    )
