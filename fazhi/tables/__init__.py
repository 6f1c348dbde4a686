"""The report's tables: a plain registry of specs and `build_table` to build one by its key.

Narratives place a table by its Chinese key (``{{ 表格("主要指标") }}``); the report numbers
its caption (表1 …) and renders it as an accessible HTML table and a Typst table. Cells are
strings already formatted by `fazhi.fmt` (no thousands separators, one-decimal percentages,
0 as 0, 未报送 / 不适用 spelled out and explained in the note). `build_table` returns None when
the table's data was not reported (or is empty).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..registry import lookup
from ..workbook.schema import (
    Adviser,
    Case,
    CaseType,
    Decision,
    Dispute,
    DisputeType,
    Enforcement,
    EnforcementType,
    Exam,
    Mediator,
    Petition,
    PetitionChannel,
    Publicity,
    PublicityOccasion,
    Review,
    ReviewType,
    ServedParty,
    StaffCategory,
    Study,
    StudyForm,
)
from ..yeardata import YearData
from . import summary
from .breakdown import Breakdown
from .model import Table, TableBody, TableSpec

if TYPE_CHECKING:
    from ..indicators import IndicatorSet
    from ..workbook import Records

_DISPUTE_COLUMNS = (("受理（件）", "矛盾纠纷受理数"), ("调解成功（件）", "调解成功数"),
                    ("正在调解（件）", "正在调解数"), ("调解成功率", "调解成功率"))

_SPECS = (
    TableSpec("主要指标", "主要指标完成情况", (), summary.key_indicators),
    TableSpec("学法考试", "年度学法考试情况", (Exam.SHEET,), Breakdown(
        Exam.SHEET, Exam.CATEGORY, StaffCategory.ALL,
        (("应考（人）", "学法考试应考人数"), ("参考（人）", "学法考试参考人数"), ("参考率", "学法考试参考率"),
         ("完成学习（人）", "学习完成人数"), ("学习完成率", "学习完成率"),
         ("合格（人）", "学法考试合格人数"), ("合格率", "学法考试合格率")),
        label="人员类别")),
    TableSpec("学法活动按形式", "学法活动按形式统计", (Study.SHEET,), Breakdown(
        Study.SHEET, Study.FORM, StudyForm.ALL,
        (("次数（次）", "学法活动次数"), ("参加（人次）", "学法参加人次")), label="学法形式")),
    TableSpec("普法宣传按节点", "普法宣传活动按节点统计", (Publicity.SHEET,), Breakdown(
        Publicity.SHEET, Publicity.OCCASION, PublicityOccasion.ALL,
        (("场次（场）", "普法宣传场次"), ("受众（人次）", "普法受众人次"), ("发放资料（份）", "普法发放资料份数")),
        label="普法节点")),
    TableSpec("法律顾问", "法律顾问聘用和服务情况", (Adviser.SHEET,), Breakdown(
        Adviser.SHEET, Adviser.CLIENT_KIND, ServedParty.ALL,
        (("聘用协议（份）", "法律顾问签约数"), ("咨询（次）", "法律顾问咨询次数"),
         ("审查合同（份）", "法律顾问审查合同数"), ("修订村规民约（份）", "修订村规民约数")),
        label="服务对象")),
    TableSpec("重大行政决策", "重大行政决策法定程序履行情况", (Decision.SHEET,), summary.decisions),
    TableSpec("合法性审查按类型", "合法性审查按类型统计", (Review.SHEET,), Breakdown(
        Review.SHEET, Review.TYPE, ReviewType.ALL,
        (("审查（件）", "合法性审查件数"), ("提出意见（件）", "合法性审查提出意见件数")), label="审查类型")),
    TableSpec("矛盾纠纷按类型", "矛盾纠纷按类型统计", (Dispute.SHEET,), Breakdown(
        Dispute.SHEET, Dispute.TYPE, DisputeType.ALL, _DISPUTE_COLUMNS, by_size=True)),
    TableSpec("矛盾纠纷按调解组织", "矛盾纠纷按调解组织统计", (Dispute.SHEET,), Breakdown(
        Dispute.SHEET, Dispute.MEDIATOR, Mediator.ALL, _DISPUTE_COLUMNS)),
    TableSpec("信访按渠道", "信访事项按渠道统计", (Petition.SHEET,), Breakdown(
        Petition.SHEET, Petition.CHANNEL, PetitionChannel.ALL,
        (("受理（件）", "信访受理数"), ("办结（件）", "信访办结数"), ("办结率", "信访办结率"),
         ("按期办结率", "信访按期办结率")), label="信访渠道")),
    TableSpec("行政执法按类型", "行政执法按类型统计", (Enforcement.SHEET,), Breakdown(
        Enforcement.SHEET, Enforcement.TYPE, EnforcementType.ALL,
        (("案件（件）", "行政执法案件数"), ("执法人员持证率", "执法人员持证率"), ("法制审核率", "法制审核率")),
        label="执法类型")),
    TableSpec("复议诉讼", "行政复议和行政诉讼案件情况", (Case.SHEET,), Breakdown(
        Case.SHEET, Case.TYPE, CaseType.ALL,
        (("收案（件）", "复议诉讼案件数"), ("结案（件）", "复议诉讼结案数"), ("败诉（件）", "败诉数"),
         ("败诉率", "败诉率"), ("调撤率", "调撤率"), ("负责人出庭应诉率", "负责人出庭应诉率")),
        label="案件类型")),
)

TABLES: Mapping[str, TableSpec] = MappingProxyType({spec.key: spec for spec in _SPECS})


def build_table(
    key: str,
    records: Records,
    history: Sequence[Records] = (),
    indicators: IndicatorSet | None = None,
    tables: Mapping[str, TableSpec] = TABLES,
) -> Table | None:
    """Build table `key` for a year's records; None when there is nothing to show."""
    spec = lookup(tables, key, "表格", f"可用的表格：{'、'.join(tables)}。")
    body = spec.build(YearData.of(records, history, indicators))
    if body is None:
        return None
    return Table(key, body.caption or spec.caption, body.header, body.rows, body.align, body.note)


__all__ = ["TABLES", "Table", "TableBody", "TableSpec", "build_table"]
