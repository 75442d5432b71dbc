"""Word tables of the target grammar.

The table in the docstring of :mod:`zzsim.targets` documents these words; keep the two in
step. Every word here is matched on the text with white space removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# -- after the number ------------------------------------------------------------------

#: qualifiers written right after the number (and its unit)
QUALIFIERS: dict[str, str] = {
    "及以上": ">=",
    "以上": ">=",
    "以下": "<=",
    "以内": "<=",
    "左右": "around",
    "上下": "around",
}

#: separators of a range ``8%-9%``, ``3至5个``
RANGE_SEPARATORS = "-–—~～至到"

#: unit spellings that are not in ``units.yaml`` -> the registry's unit
UNIT_ALIASES: dict[str, str] = {
    "公里时速": "公里/小时",
    "公里/时": "公里/小时",
    "平米": "平方米",
}

# -- right before the number -----------------------------------------------------------

#: change verbs that state a rise (with %: growth; with 个百分点: change in points)
RISE_VERBS = ("增长", "递增", "增加", "提高", "提升", "上升", "上涨")
#: change verbs that state a fall (with %: reduction; with 个百分点: negative change)
FALL_VERBS = ("下降", "降低", "减少")
#: words allowed between 年均 and the change verb
FILLERS = ("实际", "名义", "分别", "均")
#: comparison words right before the number (or before the change verb's number)
COMPARISONS: dict[str, str] = {
    **dict.fromkeys(
        (
            "达到",
            "达",
            "不低于",
            "不少于",
            "不小于",
            "至少",
            "提高到",
            "提高至",
            "提升到",
            "提升至",
            "增加到",
            "增加至",
            "增长到",
            "增长至",
            "上升到",
            "上升至",
            "占到",
        ),
        ">=",
    ),
    **dict.fromkeys(("突破", "超过", "过", "高于", "多于", "大于"), ">"),
    **dict.fromkeys(
        (
            "控制在",
            "不超过",
            "不高于",
            "不大于",
            "不多于",
            "最多",
            "至多",
            "降到",
            "降至",
            "下降到",
            "下降至",
            "降低到",
            "降低至",
            "减少到",
            "减少至",
        ),
        "<=",
    ),
    **dict.fromkeys(("低于", "少于", "小于"), "<"),
}

# -- anywhere before the number ----------------------------------------------------------

#: window word of a sum over the plan period (searched in the number's clause)
CUMULATIVE_WORD = "累计"
#: bounds that may stand apart from the number ("至少建成1个")
BOUND_WORDS: dict[str, str] = {"至少": ">=", "最多": "<=", "至多": "<="}
#: verbs that lay out a planned structure: a bare number is a point (around)
STRUCTURE_VERBS = ("形成", "按照")
#: commitment words ("strive for", "ensure": a bare rate of change after one becomes a
#: floor) -> the commitment recorded on the target (争取 is read as 力争)
COMMITMENTS: dict[str, str] = {"力争": "力争", "争取": "力争", "确保": "确保"}
#: words that state a level for every year of the window (searched in the number's clause)
PER_YEAR = re.compile(
    "每年|年年|保持|稳定在|始终|持续(?=稳定|控制|在|不低于|不少于|不超过|不高于|低于|高于|达到|处于)"
)
#: 年均 ("on average a year") before a level: the level is stated for every year
AVERAGE_WORD = "年均"
#: verbs that produce or add things within the window (the quantity is a flow)
FLOW_VERBS = (
    "新增",
    "新建",
    "建成",
    "建设",
    "开工",
    "竣工",
    "制定",
    "培育",
    "打造",
    "获得",
    "转化",
    "引进",
    "吸引",
    "招引",
    "设立",
    "创建",
    "争创",
    "完成",
    "推出",
    "实施",
    "改造",
    "整治",
    "治理",
    "修复",
    "解决",
    "减贫",
    "转移",
    "评选",
    "开展",
    "签约",
)
#: verbs of making that are also used for growing what exists (培育 100 家企业 may count
#: new firms or all of them at the end): with only these the wording admits both readings
AMBIGUOUS_FLOW_VERBS = ("培育", "打造")
#: nouns that name a stock (a total held at the end of the window), whatever the verb
STOCK_WORDS = ("总数", "总量", "总规模", "总里程", "拥有", "保有")
#: nouns that contain a flow verb (建成区 = built-up area) and are removed before the search
FLOW_FALSE_FRIENDS = ("建成区",)
#: unit dimensions that cannot be summed over years (no flow, no 累计)
NON_ADDITIVE = frozenset(
    {"percent", "percentage_point", "speed", "concentration", "multiple", "years"}
)
#: characters that end a clause: clause-level words are searched back to the last one
CLAUSE_BOUNDARIES = ",，;；。:：!！?？"

# -- numbers in words ---------------------------------------------------------------------

#: value of a Chinese digit
CN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
#: value of a Chinese multiplier inside a section (below 万)
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
#: value of a Chinese section multiplier
CN_LARGE_UNITS: dict[str, int] = {"万": 10**4, "亿": 10**8}
#: a number in words; it must start with a digit or 十 (so 万人, 千瓦 are units, not numbers)
CN_NUMBER = re.compile("[一二两三四五六七八九十〇零][一二两三四五六七八九十百千万亿〇零]*")
#: fixed phrases that state a number in words: phrase -> (value, unit)
WORD_NUMBERS: dict[str, tuple[float, str]] = {"一半": (50.0, "%")}
#: doubling: 翻番 / 翻一番 = 2, 翻两番 = 4, 翻倍 = 2
DOUBLING = re.compile("翻([一二两三四])?番|翻倍")
#: elimination phrases: the remaining quantity is at most 0
ZERO_PHRASES = re.compile('清零|全部[“”"「」『』]?(?:脱贫|摘帽|消除|清零)')


def alternation(words: Iterable[str]) -> str:
    """Regex alternation of ``words``, longest first (so 不低于 wins over 低于)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


#: the words right before the number: [年均] [fillers] [change verb] [comparison], at the end
CHAIN = re.compile(
    f"(?P<avg>年均)?(?:{alternation(FILLERS)})*"
    f"(?P<change>{alternation(RISE_VERBS + FALL_VERBS)})?"
    f"(?P<cmp>{alternation(COMPARISONS)})?$"
)
