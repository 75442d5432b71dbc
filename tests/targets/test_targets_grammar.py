"""The target grammar on hand-picked wordings: each reading, each error and its position."""

from __future__ import annotations

import pytest

from zzsim.errors import TargetError, TargetParseError
from zzsim.targets import ParsedTarget, Target, parse

# text, item -> operator, value, value_hi, unit, basis
READINGS = [
    ("城镇调查失业率控制在5.5%以内", None, ("<=", 5.5, None, "%", "level")),
    ("城镇调查失业率控制在 5.5 % 以内", None, ("<=", 5.5, None, "%", "level")),
    ("GDP年均增长9%左右", None, ("around", 9.0, None, "%", "avg_growth")),
    ("研究与试验发展经费投入强度突破3.2%", None, (">", 3.2, None, "%", "level")),
    ("万元GDP能耗下降3.5%以上", None, (">=", 3.5, None, "%", "reduction")),
    ("人均地区生产总值达到12万元", None, (">=", 12.0, None, "万元", "level")),
    ("人均地区生产总值达到 12万元", None, (">=", 12.0, None, "万元", "level")),
    ("新增城镇就业5万人", None, (">=", 5.0, None, "万人", "cumulative")),
    ("全市城镇化水平提高到55%", None, (">=", 55.0, None, "%", "level")),
    ("GDP比2010年翻番", None, (">=", 2.0, None, "倍", "multiple")),
    ("城乡居民收入翻一番", None, (">=", 2.0, None, "倍", "multiple")),
    ("地区生产总值翻两番", None, (">=", 4.0, None, "倍", "multiple")),
    ("GDP增长8%-9%", None, ("range", 8.0, 9.0, "%", "yoy_growth")),
    ("建成1-2个国家重大科学基础设施", None, ("range", 1.0, 2.0, "个", "cumulative")),
    ("创建 3 至 5 个示范点", None, ("range", 3.0, 5.0, "个", "cumulative")),
    ("城市生活垃圾回收利用率不低于35%", None, (">=", 35.0, None, "%", "level")),
    ("人均公园绿地面积不少于13平方米", None, (">=", 13.0, None, "平方米", "level")),
    ("政府性融资担保费率不超过1.5%", None, ("<=", 1.5, None, "%", "level")),
    ("城镇新增就业人数累计25万人次", None, (">=", 25.0, None, "万人次", "cumulative")),
    ("累计新增城镇就业25万人", None, (">=", 25.0, None, "万人", "cumulative")),
    ("分别增长8%、8.2%、10%", 1, ("around", 8.0, None, "%", "yoy_growth")),
    ("分别增长8%、8.2%、10%", 2, ("around", 8.2, None, "%", "yoy_growth")),
    ("分别增长8%、8.2%、10%", 3, ("around", 10.0, None, "%", "yoy_growth")),
    ("全社会固定资产投资增长18%", None, ("around", 18.0, None, "%", "yoy_growth")),
    ("力争到2025年,社会消费品零售总额年均增长11%", None, (">=", 11.0, None, "%", "avg_growth")),
    ("确保住院次均费用下降不低于12%", None, (">=", 12.0, None, "%", "reduction")),
    ("居民消费价格指数涨幅控制在3.5%左右", None, ("around", 3.5, None, "%", "level")),
    ("常住人口城镇化率提高2个百分点", None, ("around", 2.0, None, "个百分点", "change_pp")),
    ("城镇登记失业率下降1个百分点以上", None, ("<=", -1.0, None, "个百分点", "change_pp")),
    ("城镇登记失业率下降1-2个百分点", None, ("range", -2.0, -1.0, "个百分点", "change_pp")),
    ("全市高新技术企业突破700家", None, (">", 700.0, None, "家", "level")),
    ("税收过80亿元", None, (">", 80.0, None, "亿元", "level")),
    ("城区一半以上为绿地", None, (">=", 50.0, None, "%", "level")),
    ("持续保持“蓝天三百天、全域Ⅱ类水”", None, (">=", 300.0, None, "天", "level")),
    ("打造渌口区等七个慢行示范片区", None, (">=", 7.0, None, "个", "level")),
    ("确保每个县市区至少建成1个示范项目", None, (">=", 1.0, None, "个", "cumulative")),
    ("实现义务教育大班额清零", None, ("<=", 0.0, None, None, "level")),
    ("贫困县全部“摘帽”", None, ("<=", 0.0, None, None, "level")),
    ("形成 1 个一级城市、 2 个二级城市", 2, ("around", 2.0, None, "个", "level")),
    ("建成 5G 基站 1 万个", 2, (">=", 1.0, None, "万个", "cumulative")),
    ("通过电气化改造达到 160-200 公里时速", None, ("range", 160.0, 200.0, "公里/小时", "level")),
    ("市级名录项目达到 90 项左右", None, ("around", 90.0, None, "项", "level")),
    ("ＧＤＰ增长８％以上", None, (">=", 8.0, None, "%", "yoy_growth")),
    ("出口总额增长一倍", None, (">=", 2.0, None, "倍", "multiple")),
    ("达到2010年的3倍", None, (">=", 3.0, None, "倍", "multiple")),
    ("城镇居民收入年均实际增长8%", None, ("around", 8.0, None, "%", "avg_growth")),
    ("固定资产投资增长10%以内", None, ("<=", 10.0, None, "%", "yoy_growth")),
    ("PM2.5浓度低于35微克/立方米", 2, ("<", 35.0, None, "微克/立方米", "level")),
    ("单位GDP能耗累计下降18%", None, ("around", 18.0, None, "%", "reduction")),
    ("城镇化率累计提高 5 个百分点以上", None, (">=", 5.0, None, "个百分点", "change_pp")),
    # changes of a level in its own unit, and averages a year
    ("人均预期寿命提高1岁", None, ("around", 1.0, None, "岁", "change")),
    ("人均预期寿命提高 1 岁以上", None, (">=", 1.0, None, "岁", "change")),
    ("化学需氧量排放减少3万吨以上", None, ("<=", -3.0, None, "万吨", "change")),
    ("单位GDP能耗年均下降3%", None, ("around", -3.0, None, "%", "avg_growth")),
    ("单位GDP能耗年均下降3%以上", None, ("<=", -3.0, None, "%", "avg_growth")),
    ("城镇化率年均提高1个百分点以上", None, (">=", 1.0, None, "个百分点", "avg_change")),
    ("森林面积年均增加2万亩", None, ("around", 2.0, None, "万亩", "avg_change")),
    # stock or flow (data/README.md): stock words, verbs of making, 培育 / 打造, per year
    ("上市公司总数达到30家", None, (">=", 30.0, None, "家", "level")),
    ("全市国家级农业龙头企业达到 3 家", None, (">=", 3.0, None, "家", "level")),
    ("获得省级以上科技成果奖励达到 100 项", None, (">=", 100.0, None, "项", "cumulative")),
    ("培育200位国省级陶瓷艺术大师", None, (">=", 200.0, None, "位", "level")),
    ("每年新增城镇就业5万人以上", None, (">=", 5.0, None, "万人", "level")),
    ("年均新增城镇就业5万人", None, (">=", 5.0, None, "万人", "level")),
    # numbers in names, units with digits or slashes
    ("每千人口拥有3岁以下婴幼儿托位4.5个", 2, (">=", 4.5, None, "个", "level")),
    ("PM2.5平均浓度降至35微克/立方米以下", 2, ("<=", 35.0, None, "微克/立方米", "level")),
    ("新增4A级景区5个", 2, (">=", 5.0, None, "个", "cumulative")),
    ("二氧化碳排放量控制在0.5亿吨以内", None, ("<=", 0.5, None, "亿吨", "level")),
]


@pytest.mark.parametrize(("text", "item", "expected"), READINGS)
def test_reading(text: str, item: int | None, expected: tuple[object, ...]) -> None:
    p = parse(text, item=item)
    assert (p.operator, p.value, p.value_hi, p.unit, p.basis) == expected


def test_stock_or_flow_readings_of_counts() -> None:
    """The rule of data/README.md: 累计 and verbs of making sum the window; 培育 / 打造 alone
    admit both; a stock noun or no verb of making is the level at the end."""
    assert parse("累计新增就业25万人").count_reading == "summed"
    assert parse("新增上市公司10家").count_reading == "flow"
    assert parse("新增上市公司10家").bases == {"cumulative"}
    assert parse("培育打造2个体育赛事品牌").bases == {"level", "cumulative"}
    assert parse("引进培育20个以上尖端创新团队").count_reading == "flow"  # 引进 decides
    assert parse("中心城区常住人口达到180万人").count_reading == "stock"
    assert parse("建成高速公路100公里,通车总里程600公里", item=2).count_reading == "stock"
    assert parse("新建公租房总量达到1万套").count_reading == "stock"  # a stock noun wins
    assert not parse("新增城镇就业率达到60%").flow  # a rate is never summed
    assert parse("排放减少3万吨").count_reading is None  # a change, not a count
    assert not parse("城市建成区面积达到 180 平方公里").flow  # 建成区 is a noun


def test_the_indicator_family_and_a_one_year_window_settle_a_count() -> None:
    five_g = parse("建成 5G 基站 1 万个", item=2)
    assert five_g.admitted("base_stations_5g") == {"level"}  # 5G基站数 is a stock
    assert five_g.admitted(None) == {"cumulative"}
    either = parse("培育打造2个体育赛事品牌")
    assert either.admitted("new_urban_jobs") == {"cumulative"}  # a flow indicator sums
    assert five_g.admitted(None, start_year=2020, end_year=2020) == {"level", "cumulative"}
    one_year = five_g.to_target(start_year=2020, end_year=2020)
    assert (one_year.basis, one_year.window) == ("level", (2020, 2020))
    window = five_g.to_target(start_year=2021, end_year=2025)
    assert (window.basis, window.window) == ("cumulative", (2021, 2025))
    stock = five_g.to_target(start_year=2021, end_year=2025, indicator="base_stations_5g")
    assert (stock.basis, stock.window) == ("level", (2025, 2025))


def test_per_year_commitment_and_direction_from_the_wording() -> None:
    grain = parse("确保每年粮食播种面积 330 万亩、总产 145 万吨以上", item=2)
    assert grain.per_year and grain.commitment == "确保"
    assert parse("持续保持“蓝天三百天、全域Ⅱ类水”").per_year
    assert parse("空气优良率持续稳定在80%以上").per_year
    assert not parse("城镇化率持续提高到75%").per_year  # 持续 before a rise is not a level kept
    assert not parse("GDP年均增长9%左右").per_year  # an average is a statement about the window
    assert parse("力争到2025年,人均地区生产总值达到12万元").commitment == "力争"
    assert parse("争取国家级名录项目达到3项").commitment == "力争"
    assert parse("GDP增长9%").commitment is None
    assert parse("居民消费价格涨幅控制在3%左右").better == "lower"
    assert parse("市级名录项目达到 90 项左右").better == "higher"
    assert parse("GDP增长9%").better == "higher"
    assert parse("万元GDP能耗下降3.5%以上").better == "lower"
    assert parse("形成 1 个一级城市、 2 个二级城市", item=1).better == "band"
    assert parse("增长8%-9%").better == "higher"
    assert parse("12万元").better == "higher"  # a bare level is a floor


def test_span_points_at_the_number_in_the_original_text() -> None:
    text = "人均地区生产总值达到 12万元以上"
    start, end = parse(text).span
    assert text[start:end] == "12万元"


# text, item -> position, words of the reason
ERRORS = [
    ("", None, 0, "empty text"),
    ("   ", None, 3, "empty text"),
    ("加快建设现代化新株洲", None, 10, "no target number"),
    ("到2025年基本实现现代化", None, 13, "no target number"),
    ("GDP增长8", None, 6, "expected a unit"),
    ("GDP 增长 8 点", None, 9, "expected a unit"),
    ("分别增长8%、8.2%、10%", None, 7, "3 numbers in the text; pass item=1..3"),
    ("分别增长8%、8.2%、10%", 4, 15, "item 4 asked for"),
    ("分别增长8%、8.2%、10%", 0, 15, "item 0 asked for"),
    ("城镇调查失业率控制在5.5%以上", None, 14, "'以上' contradicts '控制在'"),
    ("地区生产总值不超过 9%以上", None, 12, "'以上' contradicts '不超过'"),
    ("研发投入强度年均3%", None, 6, "年均 before a rate needs a change verb"),
    ("GDP累计增长50%", None, 3, "累计增长 x% is not a target basis"),
    ("城镇化率提高到60个百分点", None, 7, "个百分点 needs a change verb"),
    ("增长-2%", None, 2, "a negative number"),
    ("GDP增长8%-9%左右", None, 10, "a range takes no qualifier"),
    ("增长9%-8%", None, 5, "second number above the first"),
    ("增长8%-9万元", None, 6, "a range in two units"),
]


@pytest.mark.parametrize(("text", "item", "position", "reason"), ERRORS)
def test_error_position_and_reason(text: str, item: int | None, position: int, reason: str) -> None:
    with pytest.raises(TargetParseError) as info:
        parse(text, item=item)
    assert info.value.position == position
    assert reason in info.value.reason
    assert info.value.text == text
    assert "⟨here⟩" in str(info.value)


def test_non_string_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        parse(9)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        parse("增长9%", item=1.5)  # type: ignore[arg-type]


def test_conflicts_name_each_disagreeing_field() -> None:
    parsed = parse("GDP年均增长9%左右")
    right = Target("around", 9.0, "%", "avg_growth", start_year=2016, end_year=2020)
    assert parsed.conflicts(right) == []
    wrong = Target(">=", 9.5, "万元", "yoy_growth", start_year=2016, end_year=2016)
    found = parsed.conflicts(wrong)
    assert [f.split(":")[0] for f in found] == ["operator", "value", "unit", "basis"]
    ranged = Target("range", 8.0, "%", "yoy_growth", value_hi=10.0)
    assert [f.split(":")[0] for f in parse("增长8%-9%").conflicts(ranged)] == ["value_hi"]


def test_to_target_adds_the_context() -> None:
    parsed = parse("新增上市公司10家")
    level = parsed.to_target(start_year=2025, end_year=2025, id="x-1")
    assert (level.basis, level.unit, level.id) == ("level", "家", "x-1")
    summed = parsed.to_target(start_year=2021, end_year=2025, basis="cumulative")
    assert summed.basis == "cumulative" and summed.window == (2021, 2025)
    with pytest.raises(TargetError, match="admits basis"):
        parse("GDP年均增长9%").to_target(start_year=2016, end_year=2020, basis="level")
    with pytest.raises(TargetError, match="states unit"):
        parsed.to_target(start_year=2025, end_year=2025, unit="个")
    zero = parse("实现义务教育大班额清零")
    with pytest.raises(TargetError, match="no unit"):
        zero.to_target(start_year=2020, end_year=2020)
    assert zero.to_target(start_year=2020, end_year=2020, unit="%").unit == "%"


def test_parsed_target_is_frozen() -> None:
    p = parse("GDP增长9%")
    assert isinstance(p, ParsedTarget)
    with pytest.raises(AttributeError):
        p.value = 1.0  # type: ignore[misc]
