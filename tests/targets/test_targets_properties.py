"""Property-based tests of the target grammar (hypothesis).

Generated phrases (indicator name + verb + number + unit + qualifier, with stray spaces)
parse back to what generated them; arbitrary text raises nothing but TargetParseError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zzsim.data import load_indicators, load_units
from zzsim.errors import TargetParseError
from zzsim.targets import parse
from zzsim.targets._lexicon import FLOW_VERBS

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# words that change a reading when they occur in a name (the grammar table of zzsim.targets)
_NAME_EXCLUDES = re.compile(
    r"[0-9]|形成|按照|力争|确保|争取|至少|最多|至多|累计|年均|翻|以上|以下|以内|左右|上下|清零|全部|一半"
    r"|每年|年年|保持|稳定在|始终|持续|总数|总量|总规模|总里程|拥有|保有"
)
# words that must not end a name: they would join the words right before the number
_NAME_ENDINGS = (
    "增长",
    "递增",
    "增加",
    "提高",
    "提升",
    "上升",
    "上涨",
    "下降",
    "降低",
    "减少",
    "达",
    "到",
    "在",
    "于",
    "过",
    "破",
    "保持",
    "占",
    "实际",
    "名义",
    "分别",
    "均",
    "至",
)
NAMES = sorted(
    n
    for n in load_indicators()["name"]
    if not _NAME_EXCLUDES.search(n) and not n.endswith(_NAME_ENDINGS)
)
# names without a verb of making: a level stated of them is a stock (data/README.md)
STOCK_NAMES = [n for n in NAMES if not any(v in n for v in FLOW_VERBS)]
_DIMENSIONS = load_units()
# units of quantities (not rates, not years: 2025年 is a date)
QUANTITY_UNITS = sorted(
    u
    for u, d in _DIMENSIONS.items()
    if d not in ("percent", "percentage_point", "multiple", "years")
)
QUALIFIERS = {"": None, "以上": ">=", "以内": "<=", "左右": "around", "以下": "<="}


@dataclass(frozen=True)
class Phrase:
    text: str
    item: int | None
    operator: str
    value: float
    value_hi: float | None
    unit: str
    basis: str
    per_year: bool = False


space = st.sampled_from(["", " ", "  ", "\u3000"])


@st.composite
def numbers(draw: st.DrawFn) -> tuple[str, float]:
    """A number as printed (``12``, ``3.2``, ``1.05``) and its value."""
    places = draw(st.integers(0, 2))
    scaled = draw(st.integers(1, 10**6))
    printed = f"{scaled / 10**places:.{places}f}"
    return printed, float(printed)


def _join(draw: st.DrawFn, *parts: str) -> str:
    out = parts[0]
    for part in parts[1:]:
        out += draw(space) + part
    return out


@st.composite
def rate_phrases(draw: st.DrawFn) -> Phrase:
    """增长 / 年均增长 / 下降 x% [以上|以内|左右|以下]."""
    verb, basis = draw(
        st.sampled_from(
            [
                ("增长", "yoy_growth"),
                ("年均增长", "avg_growth"),
                ("下降", "reduction"),
                ("降低", "reduction"),
                ("提高", "yoy_growth"),
            ]
        )
    )
    printed, value = draw(numbers())
    qual = draw(st.sampled_from(sorted(QUALIFIERS)))
    op = QUALIFIERS[qual] or "around"  # a bare rate of change is a point target
    text = _join(draw, draw(st.sampled_from(NAMES)), verb, printed, "%", qual)
    return Phrase(text, None, op, value, None, "%", basis)


@st.composite
def level_phrases(draw: st.DrawFn) -> Phrase:
    """达到 / 控制在 / 突破 / 不低于 ... x unit [qualifier of the same direction]."""
    word, op = draw(
        st.sampled_from(
            [
                ("达到", ">="),
                ("提高到", ">="),
                ("不低于", ">="),
                ("不少于", ">="),
                ("突破", ">"),
                ("超过", ">"),
                ("控制在", "<="),
                ("不超过", "<="),
                ("低于", "<"),
                ("", ">="),
            ]
        )
    )
    unit = draw(st.sampled_from(["%", *QUANTITY_UNITS]))
    qual = draw(
        st.sampled_from(["", "左右", "以上"] if op in (">=", ">") else ["", "左右", "以内", "以下"])
    )
    printed, value = draw(numbers())
    text = _join(draw, draw(st.sampled_from(STOCK_NAMES)), word, printed, unit, qual)
    return Phrase(text, None, QUALIFIERS[qual] or op, value, None, unit, "level")


@st.composite
def point_change_phrases(draw: st.DrawFn) -> Phrase:
    """提高 / 增加 / 下降 x 个百分点 [qualifier]: a change in points (a fall is negative)."""
    verb = draw(st.sampled_from(["提高", "增加", "下降"]))
    printed, value = draw(numbers())
    qual = draw(st.sampled_from(sorted(QUALIFIERS)))
    op = QUALIFIERS[qual] or "around"
    if verb == "下降":
        value, op = -value, {">=": "<=", "<=": ">="}.get(op, op)
    text = _join(draw, draw(st.sampled_from(NAMES)), verb, printed, "个百分点", qual)
    return Phrase(text, None, op, value, None, "个百分点", "change_pp")


@st.composite
def range_phrases(draw: st.DrawFn) -> Phrase:
    """[增长] a-b unit, a至b unit."""
    growth = draw(st.booleans())
    unit = "%" if growth else draw(st.sampled_from(QUANTITY_UNITS))
    lo_printed, lo = draw(numbers())
    hi_printed, hi = draw(numbers().filter(lambda n: n[1] > lo))
    sep = draw(st.sampled_from(["-", "至", "~"]))
    first = lo_printed + (unit if draw(st.booleans()) else "")
    text = _join(
        draw,
        draw(st.sampled_from(STOCK_NAMES)),
        "增长" if growth else "达到",
        first,
        sep,
        hi_printed,
        unit,
    )
    return Phrase(text, None, "range", lo, hi, unit, "yoy_growth" if growth else "level")


_ADDITIVE_UNITS = [u for u in QUANTITY_UNITS if _DIMENSIONS[u] not in ("speed", "concentration")]


@st.composite
def quantity_phrases(draw: st.DrawFn) -> Phrase:
    """[累计] 新增 / 建成 ... x unit [以上]: a task quantity, a floor when bare; summed over
    the window, except after 培育 alone (stock or flow: the level is the default)."""
    summed = draw(st.booleans())
    verb = draw(st.sampled_from(["新增", "建成", "引进", "完成", "培育"]))
    unit = draw(st.sampled_from(_ADDITIVE_UNITS))
    printed, value = draw(numbers())
    qual = draw(st.sampled_from(["", "以上"]))
    name = draw(st.sampled_from(STOCK_NAMES))
    text = _join(draw, "累计" if summed else "", verb, name, printed, unit, qual)
    basis = "cumulative" if summed or verb != "培育" else "level"
    return Phrase(text, None, ">=", value, None, unit, basis)


@st.composite
def per_year_phrases(draw: st.DrawFn) -> Phrase:
    """每年 / 保持 ... x unit [以上|以内]: a level in every year of the window."""
    word = draw(st.sampled_from(["每年", "保持", "稳定在", "始终保持在"]))
    unit = draw(st.sampled_from(["%", *_ADDITIVE_UNITS]))
    printed, value = draw(numbers())
    qual = draw(st.sampled_from(["以上", "以内"]))
    name = draw(st.sampled_from(STOCK_NAMES))
    first, second = (word, name) if word == "每年" else (name, word)
    parts = (first, second, printed, unit, qual)
    return Phrase(
        _join(draw, *parts),
        None,
        QUALIFIERS[qual] or ">=",
        value,
        None,
        unit,
        "level",
        per_year=True,
    )


@st.composite
def change_phrases(draw: st.DrawFn) -> Phrase:
    """提高 / 增加 / 下降 / 减少 x unit [qualifier]: a change of the level (a fall is negative)."""
    verb = draw(st.sampled_from(["提高", "增加", "下降", "减少"]))
    unit = draw(st.sampled_from([*QUANTITY_UNITS, "岁"]))
    printed, value = draw(numbers())
    qual = draw(st.sampled_from(sorted(QUALIFIERS)))
    op = QUALIFIERS[qual] or "around"
    if verb in ("下降", "减少"):
        value, op = -value, {">=": "<=", "<=": ">="}.get(op, op)
    text = _join(draw, draw(st.sampled_from(STOCK_NAMES)), verb, printed, unit, qual)
    return Phrase(text, None, op, value, None, unit, "change")


@st.composite
def list_phrases(draw: st.DrawFn) -> Phrase:
    """分别增长 a%、b%、c% with item."""
    drawn = draw(st.lists(numbers(), min_size=2, max_size=5))
    item = draw(st.integers(1, len(drawn)))
    listed = "、".join(p + "%" for p, _ in drawn)
    text = _join(draw, draw(st.sampled_from(NAMES)), "分别增长", listed)
    return Phrase(text, item, "around", drawn[item - 1][1], None, "%", "yoy_growth")


@st.composite
def doubling_phrases(draw: st.DrawFn) -> Phrase:
    """翻番 / 翻一番 / 翻两番 (no digits but years)."""
    word, value = draw(
        st.sampled_from([("翻番", 2.0), ("翻一番", 2.0), ("翻两番", 4.0), ("翻倍", 2.0)])
    )
    year = draw(st.sampled_from(["", "比2010年", "比 2020 年"]))
    name = draw(st.sampled_from(["GDP", "地区生产总值", "城乡居民收入", "人均地区生产总值"]))
    return Phrase(_join(draw, name, year, word), None, ">=", value, None, "倍", "multiple")


PHRASES = st.one_of(
    rate_phrases(),
    level_phrases(),
    point_change_phrases(),
    range_phrases(),
    quantity_phrases(),
    list_phrases(),
    doubling_phrases(),
    per_year_phrases(),
    change_phrases(),
)


@SETTINGS
@given(PHRASES)
def test_generated_phrases_parse_back(phrase: Phrase) -> None:
    p = parse(phrase.text, item=phrase.item)
    got = (p.operator, p.value, p.value_hi, p.unit, p.basis, p.per_year)
    want = (
        phrase.operator,
        phrase.value,
        phrase.value_hi,
        phrase.unit,
        phrase.basis,
        phrase.per_year,
    )
    assert got == want, phrase


@SETTINGS
@given(st.text(), st.one_of(st.none(), st.integers(-3, 8)))
def test_arbitrary_text_raises_only_target_parse_error(text: str, item: int | None) -> None:
    try:
        parse(text, item=item)
    except TargetParseError as exc:
        assert 0 <= exc.position <= len(text)


# text made of the grammar's own pieces reaches deeper into it than random characters
_PIECES = st.sampled_from(
    [
        "增长",
        "年均",
        "下降",
        "累计",
        "个百分点",
        "达到",
        "控制在",
        "以上",
        "以内",
        "左右",
        "突破",
        "翻番",
        "翻一番",
        "清零",
        "全部脱贫",
        "一半",
        "三百",
        "十",
        "万",
        "亿",
        "个",
        "%",
        "万元",
        "-",
        "至",
        "、",
        ",",
        "，",
        "2025年",
        "5",
        "0",
        "3.2",
        "12",
        ".",
        " ",
        "GDP",
        "力争",
        "形成",
        "新增",
        "至少",
        "倍",
        "公里时速",
        "１",
        "％",
    ]
)


@SETTINGS
@given(st.lists(_PIECES, max_size=12).map("".join), st.one_of(st.none(), st.integers(-1, 4)))
def test_grammar_pieces_raise_only_target_parse_error(text: str, item: int | None) -> None:
    try:
        p = parse(text, item=item)
    except TargetParseError as exc:
        assert 0 <= exc.position <= len(text)
    else:
        assert p.operator in {">=", ">", "<=", "<", "around", "range"}
        assert p.value_hi is None or p.value_hi > p.value
