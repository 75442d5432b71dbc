"""The task network: kinds, key flags, collectives as groups, stand-ins, progress classes."""

from __future__ import annotations

import math

import pytest

from zzsim.abm.classify import classify_progress, classify_task, is_key_task, short_name
from zzsim.abm.figures import source_figure, target_row
from zzsim.abm.network import OUTSIDE, OWNER, UNASSIGNED
from zzsim.abm.params import default_config

CONFIG = default_config()
RULES = CONFIG.classification
COUNTIES_2016 = {
    "hetang",
    "lusong",
    "shifeng",
    "tianyuan",
    "zhuzhou_county",
    "you_county",
    "chaling",
    "yanling",
    "liling",
}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("加快公共资源交易体制改革", "reform"),
        ("市特殊教育学校搬迁扩建项目建设完成投资,1300万元", "project"),
        ("统筹城乡就业,加强就业培训", "service"),
        ("打造株都市圈", RULES.default_kind),  # no keyword
        ("进一步完善政府投资项目制度。", "reform"),  # 项目 1 : 制度 1, the tie goes to reform
    ],
)
def test_kind_is_the_most_frequent_keyword_class(text, kind):
    assert classify_task(text, RULES) == kind


def test_key_flag_needs_a_project_naming_key_projects_or_its_investment():
    assert is_key_task("全年实施重点项目200个以上", "project", RULES)
    assert is_key_task("市妇幼保健院整体搬迁改扩建项目,完成投资2200万元", "project", RULES)
    assert not is_key_task("全年实施重点项目200个以上", "reform", RULES)
    assert not is_key_task("继续实施农村电网改造。", "project", RULES)


def test_short_names_stop_at_the_first_clause_and_are_cut():
    assert short_name("加快株醴融城步伐。", RULES) == "加快株醴融城步伐"
    assert short_name("大力推进大众创业、万众创新。推行众创", RULES) == "大力推进大众创业、万众创新"
    long = short_name("探索建立农业转移人口市民化成本分担机制,加大", RULES)
    assert len(long) == RULES.short_name_length and long.endswith("…")


def _read(progress: str, text: str = "某项任务", pct: float = math.nan):
    return classify_progress(
        text, progress, pct, on_track_share=0.5, slow_label="进展较慢", rule=CONFIG.progress
    )


@pytest.mark.parametrize(
    ("progress", "pct", "label", "rule"),
    [
        ("52%", 52.0, "on_track", "stated_share"),  # 时间过半、任务过半: at least half
        ("17.2%,进展较慢", 17.2, "behind", "stated_share"),
        ("全年任务已全面完成", math.nan, "done", "done"),
        ("已建成5家众创空间", math.nan, "on_track", "result"),
        ("已拟定方案", math.nan, "behind", "draft"),
        ("待省政府审核批复后执行", math.nan, "behind", "draft"),
        ("开展了实地调研,学校正在研究提出意见", math.nan, "no_progress", "none"),
        ("项目进展较慢,已开工", math.nan, "behind", "notice_slow"),  # the label wins
    ],
)
def test_progress_rule_reads_each_kind_of_row(progress, pct, label, rule):
    reading = _read(progress, pct=pct)
    assert (reading.label, reading.rule) == (label, rule)


def test_the_notice_calls_the_146_programme_slow_whatever_its_row_says():
    reading = _read(
        "全市在建标准化厂房256.38万平方米,建成107.4万平方米", "大力推进创新创业园区“146”工程"
    )
    assert reading.label == "behind" and reading.rule == "notice_slow"


def test_the_quotes_the_rules_rely_on_are_verbatim_in_the_notice(abm_net2016, seeds):
    text = (seeds / abm_net2016.source).read_text(encoding="utf-8")
    assert CONFIG.progress.notice_slow.quote in text
    assert CONFIG.moments.statement.quote in text


def test_table2016_rows_are_classified_with_evidence(abm_net2016):
    readings = dict(zip(abm_net2016.task_ids, abm_net2016.progress, strict=True))
    labels = {t: r.label for t, r in readings.items()}
    assert labels["t2016-022"] == "on_track" and labels["t2016-023"] == "behind"  # 52%, 17.2%
    assert labels["t2016-001"] == "behind"  # the notice: "146"工程 ... 进展较慢
    assert labels["t2016-012"] == "behind" and "待" == readings["t2016-012"].evidence
    assert labels["t2016-020"] == "no_progress"  # research and contacts only
    assert labels["t2016-005"] == "on_track"  # 制定了《实施意见》... 审定通过
    for reading in readings.values():
        assert reading.label == "no_progress" or reading.evidence


def test_table2016_network(abm_net2016):
    net = abm_net2016
    assert net.n_tasks == 23 and net.year == 2016
    frame = net.tasks_frame()
    assert frame.loc["t2016-008", "key"] and frame.loc["t2016-022", "key"]
    assert frame.loc["t2016-015", "name"] == "积极争取渝长厦高铁采用“长沙―…"
    i = net.task_ids.index("t2016-001")
    assert net.leads[i] == "fgw"
    parts = dict(zip(net.participants[i], net.via[i], strict=True))
    assert COUNTIES_2016 <= set(parts)  # 各县市区 expanded to its members ...
    assert {parts[c] for c in COUNTIES_2016} == {"各县市区"}  # ... who form one group
    assert parts["guotu"] == ""  # a bureau named directly is its own group
    j = net.task_ids.index("t2016-008")  # 相关县市区 takes the members of 各县市区
    assert dict(zip(net.participants[j], net.via[j], strict=True))["liling"] == "相关县市区"
    assert "relevant_depts" in net.participants[j]  # not enumerated: a stand-in
    k = net.task_ids.index("t2016-022")  # 市教育局、市发改委: the second lead clears
    assert net.leads[k] == "jiaoyu" and net.participants[k] == ("fgw",)
    assert net.construction[k] and not net.construction[j]
    assert net.slow_threshold == pytest.approx((17.2 + 52) / 200)


def test_stand_ins_are_the_unnamed_bodies(abm_net2016):
    stand_in = dict(zip(abm_net2016.agency_ids, abm_net2016.stand_in, strict=True))
    assert stand_in["relevant_depts"] and stand_in["investment_companies"]
    assert stand_in[OUTSIDE] and stand_in[OWNER]
    assert not stand_in["fgw"] and not stand_in["liling"]
    assert "relevant_counties" not in stand_in  # expanded to members, not kept as a unit


def test_table2008_collective_lead_and_missing_lead(abm_net2008):
    net = abm_net2008
    assert net.n_tasks == 57 and net.portfolio is None and net.slow_threshold is None
    assert net.leads[net.task_ids.index("t2008-044")] == "all_counties"  # a lead acts as one
    assert net.leads[net.task_ids.index("t2008-004")] == UNASSIGNED
    assert net.agency_kinds[net.agency_index[UNASSIGNED]] == UNASSIGNED
    assert all(r is None for r in net.progress)  # no mid-year progress texts in 000


def test_portfolio_is_read_from_the_figure_base(abm_net2016):
    portfolio = abm_net2016.portfolio
    assert portfolio.count == target_row(CONFIG.portfolio.count_target)["value"] == 200
    assert portfolio.named == source_figure("work_report_key_projects", abm_net2016.source) == 38
    project_tasks = [
        t for t, k in zip(abm_net2016.task_ids, abm_net2016.kinds, strict=True) if k == "project"
    ]
    assert set(portfolio.template_tasks) == set(project_tasks)
    first = portfolio.template_tasks.index("t2016-001")
    assert portfolio.templates[first][0] == "fgw"  # 市发改委 approves (立项)
    assert set(portfolio.template_groups[first][0]) == COUNTIES_2016  # located in one county


def test_roles_matrix(abm_net2016):
    roles = abm_net2016.roles()
    assert roles.shape == (abm_net2016.n_agencies, abm_net2016.n_tasks)
    assert (roles == "lead").sum().eq(1).all()
    assert roles.loc["市发展和改革委员会", "市特殊教育学校搬迁扩建项目建设…"] == "participant"
