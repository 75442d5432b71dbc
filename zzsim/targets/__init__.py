"""Plan targets: reading Chinese plan wording, and judging targets on simulated paths.

:func:`parse` reads the wording of a target ("城镇调查失业率控制在5.5%以内") into a
:class:`ParsedTarget` (operator, value, unit, basis, and how it is judged);
:class:`Target` adds the window and the indicator (:meth:`Target.from_row` builds one
from a row of :func:`zzsim.data.load_targets`); :func:`evaluate` judges a target on
simulated paths; :func:`read_targets` drafts the targets of a whole text (a pasted
chapter) in the columns of ``data/targets/*.csv`` (see :mod:`zzsim.targets.reader`).

Grammar
-------
White space is ignored and full-width digits are folded. The wording is read around the
target's number (``item`` chooses it when there are several): the words right before it,
the qualifier right after it, and some words anywhere earlier in its clause (back to the
last ``，`` / ``;`` / ``。``).

Basis (what the number measures):

=====================================  ==============  =====================================
wording                                basis           example
=====================================  ==============  =====================================
年均 + 增长/递增/提高 + x%             ``avg_growth``  GDP年均增长9%左右
年均 + 下降/降低/减少 + x%             ``avg_growth``  能耗年均下降3% (value -3, operator
                                                       mirrored: 以上 -> <= -3)
增长/递增/增加/提高/上升/上涨 + x%     ``yoy_growth``  GDP增长9%以上
下降/降低/减少 + x%                    ``reduction``   万元GDP能耗下降3.5%以上
提高/增加/下降 + x 个百分点            ``change_pp``   (下降: value negated, operator
                                                       mirrored: 下降2个百分点以上 -> <= -2)
年均 + 提高/下降 + x 个百分点 or unit  ``avg_change``  城镇化率年均提高1个百分点
提高/增加/下降/减少 + x unit           ``change``      人均预期寿命提高1岁 (+1, not a level
(a change of the level in its unit)                    of 1); 排放减少3万吨 (-3)
翻番 / 翻一番 (2), 翻两番 (4), 翻倍;   ``multiple``    GDP比2010年翻一番 (value 2, unit 倍)
增长 n 倍 (n + 1), n 倍
累计 before the number                 ``cumulative``  城镇新增就业人数累计 25 万人次
a verb of making + a quantity          ``cumulative``  新增上市公司 10 家 (see *Stock or flow*)
anything else                          ``level``       人均地区生产总值达到12万元; 提高到55%
=====================================  ==============  =====================================

Stock or flow (the rule of ``data/README.md``) — a quantity that can be summed (not a rate,
speed or concentration) is read, in this order: ``累计`` -> summed over the window; a stock
noun (总数, 总量, 总规模, 总里程, 拥有, 保有) -> the level at the end; a verb of making (新增,
新建, 建成, 建设, 引进, 创建, 完成, 获得 ...; 达到 after such a verb compares the amount made)
-> summed over the window; only 培育 / 打造 (which grow what exists as well as make new)
-> either, the row decides (:attr:`ParsedTarget.bases` admits ``level`` and
``cumulative``); no verb of making -> the level at the end. When the target names an
indicator, its family settles a verb of making (a ``count`` such as 5G基站数 is a stock, a
``flow`` such as 新增城镇就业 is summed), and over a one-year window the two readings are
the same amount (the annual plans keep ``level``). See :meth:`ParsedTarget.admitted`.

Operator:

=============================================  =========  ===============================
wording                                        operator   example
=============================================  =========  ===============================
x 以上 / x 及以上; 达到, 达, 不低于, 不少于,   ``>=``     研发经费投入强度达到3.2%以上
不小于, 至少, 提高到, 占到
突破, 超过, 过, 高于, 多于, 大于               ``>``      R&D经费投入强度突破3.2%
x 以内 / x 以下; 控制在, 不超过, 不高于,       ``<=``     城镇调查失业率控制在5.5%以内
最多, 至多, 降到/降至/下降到
低于, 少于, 小于                               ``<``
x 左右 / x 上下                                ``around`` 居民消费价格涨幅控制在3.5%左右
x-y, x~y, x至y, x到y                           ``range``  8%-9%, 1-2 项, 创建 3 至 5 个
清零, 全部脱贫, 全部摘帽, 全部消除             ``<=`` 0   实现义务教育大班额清零 (no unit)
bare rate of change or change (growth,         ``around`` 全社会固定资产投资增长18%
reduction, change in points or units)
  ... with 力争 / 确保 / 争取 in the text      ``>=``     力争 ... 年均增长 11%
bare number under 形成 / 按照 (a structure)    ``around`` 形成 1 个一级城市、2 个二级城市
bare level, quantity or multiple               ``>=``     新增城镇就业5万人; 翻番
=============================================  =========  ===============================

The qualifier after the number wins over the word before it (控制在3.5%左右 is
``around``); opposite directions (控制在5%以上) are an error. 以上 and 以内 include the
number itself, as in Chinese legal usage, so 以上 is ``>=``; 突破, 超过 and 过 ("break
through", "exceed") are strict, ``>``. 保持 / 稳定在 state no direction (保持在5%以内,
稳定在320万亩以上); bare, they read as a floor. The bare-number rules follow the extracted
data: annual reports' unqualified growth targets ("增长18%") are point targets (judged as
below), unqualified task quantities ("新增城镇就业5万人") are floors.

How it is judged (:class:`ParsedTarget`, then :class:`Target`):

=====================================  ================================================
wording                                reading
=====================================  ================================================
``around`` (左右, bare rates)          one-sided in the good direction by default:
                                       ≥ x − h when the level is better higher, ≤ x + h
                                       when lower (CPI, unemployment, energy intensity);
                                       x ± h when ``better`` is ``band`` (a structure,
                                       形成 / 按照, sector shares) or unknown, and with
                                       ``evaluate(..., around="band")``
每年, 年年, 保持, 稳定在, 始终, 持续 +  per year: judged in every year of the window
level (持续稳定/控制/在/达到 ...);      (``per_year``; a level stored for one year is
年均 + a quantity                      widened to its plan's period)
力争 / 争取 -> 力争; 确保 -> 确保      ``commitment`` (does not change the judgement)
=====================================  ================================================

``better`` comes from the indicator registry (``indicators.yaml``), else from the wording
(控制在 -> lower, 达到 / 增长 -> higher, 下降 x% -> lower, 形成 -> band), else from the
operator. :attr:`Target.reading` says it in Chinese: ``2016-2020年年均增长 ≥ 8.5%（9%左右，
单侧）``, ``2021-2025年每年 ≥ 300天``, ``2021-2025年累计 ≥ 25万人次``.

Numbers: digits (``12``, ``3.2``, ``1.0``), with the unit that follows (the longest unit of
``units.yaml``; ``公里时速`` is read as ``公里/小时``). Calendar years (``2025年``) are not
target numbers. Numbers in words (``三百天``, ``七个``, ``一名``, ``一半`` = 50%) are read only
when the text has no number in digits, so names such as “五个一批” or 三品一标 do not count.
``item`` counts every number in digits except years: the 5 of ``5G`` is a number, and so
are the 2.5 of ``PM2.5`` and the 3 of ``3岁以下``.

Anything else raises :class:`~zzsim.errors.TargetParseError` with the position and the
reason; no other exception escapes :func:`parse` for any string.

Tolerance of 左右: see :mod:`zzsim.targets.tolerance` (0.5 points for % and 个百分点, 5% of
the value otherwise).
"""

from .evaluation import ON_BOUND_RTOL, Outcome, evaluate
from .grammar import COUNT_READINGS, RATE_BASES, ParsedTarget, parse
from .plans import five_year_plan, period_in_text, periods_in_text, plan_id, plan_period
from .reader import UNREAD_COLUMNS, DraftReading, read_targets
from .reading import describe
from .target import COMMITMENTS, GROWTH_BASES, PER_YEAR_BASES, Target
from .tolerance import (
    AROUND_READINGS,
    DEFAULT_AROUND_TOLERANCE,
    DEFAULT_RELATIVE_TOLERANCE,
    around_halfwidth,
    around_side,
)

__all__ = [
    "AROUND_READINGS",
    "COMMITMENTS",
    "COUNT_READINGS",
    "DEFAULT_AROUND_TOLERANCE",
    "DEFAULT_RELATIVE_TOLERANCE",
    "GROWTH_BASES",
    "ON_BOUND_RTOL",
    "PER_YEAR_BASES",
    "RATE_BASES",
    "UNREAD_COLUMNS",
    "DraftReading",
    "Outcome",
    "ParsedTarget",
    "Target",
    "around_halfwidth",
    "around_side",
    "describe",
    "evaluate",
    "five_year_plan",
    "parse",
    "period_in_text",
    "periods_in_text",
    "plan_id",
    "plan_period",
    "read_targets",
]
