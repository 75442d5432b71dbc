"""The task network: kinds, key flags, agencies expanded from the registry, the portfolio."""

from __future__ import annotations

import pytest

from zzsim.abm.classify import classify_task, is_key_task
from zzsim.abm.figures import source_figure, target_row
from zzsim.abm.params import UNASSIGNED, default_config

RULES = default_config().classification
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


def test_table2016_network(abm_net2016):
    net = abm_net2016
    assert net.n_tasks == 23 and net.year == 2016
    frame = net.tasks_frame()
    assert frame.loc["t2016-008", "key"] and frame.loc["t2016-022", "key"]
    i = net.task_ids.index("t2016-001")
    assert net.leads[i] == "fgw"
    assert COUNTIES_2016 <= set(net.participants[i])  # 各县市区 expanded to its members
    assert "all_counties" not in net.participants[i]
    assert "relevant_depts" in net.participants[net.task_ids.index("t2016-008")]  # not enumerated
    j = net.task_ids.index("t2016-022")  # 市教育局、市发改委: the second lead clears
    assert net.leads[j] == "jiaoyu" and net.participants[j] == ("fgw",)
    assert net.slow_threshold == pytest.approx((17.2 + 52) / 200)


def test_table2008_collective_lead_and_missing_lead(abm_net2008):
    net = abm_net2008
    assert net.n_tasks == 57 and net.portfolio is None and net.slow_threshold is None
    assert (
        net.leads[net.task_ids.index("t2008-044")] == "all_counties"
    )  # a lead collective acts as one
    assert net.leads[net.task_ids.index("t2008-004")] == UNASSIGNED
    assert net.agency_kinds[net.agency_index[UNASSIGNED]] == UNASSIGNED


def test_portfolio_is_read_from_the_figure_base(abm_net2016):
    portfolio = abm_net2016.portfolio
    config = default_config()
    assert portfolio.count == target_row(config.portfolio.count_target)["value"] == 200
    assert portfolio.named == source_figure("work_report_key_projects", abm_net2016.source) == 38
    project_tasks = [
        t for t, k in zip(abm_net2016.task_ids, abm_net2016.kinds, strict=True) if k == "project"
    ]
    assert set(portfolio.template_tasks) == set(project_tasks)
    assert (
        portfolio.leads.count("fgw") > len(portfolio.leads) / 2
    )  # 市发改委 leads most project tasks


def test_roles_matrix(abm_net2016):
    roles = abm_net2016.roles()
    assert roles.shape == (abm_net2016.n_agencies, abm_net2016.n_tasks)
    assert (roles == "lead").sum().eq(1).all()
    assert roles.loc["市发展和改革委员会", "t2016-022"] == "participant"
