"""The registry of the report's charts (`CHARTS`) and `build_chart`, which draws one by its key.

`build_chart` returns None when the chart's data was not reported (or is empty), and raises
`UnknownName` with the closest keys for a misspelt one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..registry import lookup
from ..workbook.schema import Dispute, Enforcement, Petition, Publicity, Review, Study
from ..yeardata import YearData, source_note
from . import topics
from .model import Chart, ChartSpec

if TYPE_CHECKING:
    from ..indicators import IndicatorSet
    from ..workbook import Records

_SPECS = (
    ChartSpec("矛盾纠纷类型", "矛盾纠纷按类型分布", source_note(Dispute.SHEET), (Dispute.SHEET,),
              topics.disputes_by_type),
    ChartSpec("矛盾纠纷信访月度", "矛盾纠纷和信访受理量按月分布", source_note(Dispute.SHEET, Petition.SHEET),
              (Dispute.SHEET, Petition.SHEET), topics.disputes_petitions_by_month),
    ChartSpec("调解结果", "各调解组织矛盾纠纷调解结果", source_note(Dispute.SHEET), (Dispute.SHEET,),
              topics.mediation_results),
    ChartSpec("普法宣传节点", "普法宣传活动场次和受众人次按节点分布", source_note(Publicity.SHEET),
              (Publicity.SHEET,), topics.publicity_by_occasion),
    ChartSpec("学法季度", "学法活动按季度和形式分布", source_note(Study.SHEET), (Study.SHEET,),
              topics.study_by_quarter),
    ChartSpec("合法性审查类型", "合法性审查按类型和结论分布", source_note(Review.SHEET), (Review.SHEET,),
              topics.reviews_by_type),
    ChartSpec("主要指标年度对比", "主要指标年度对比", "数据来源：各年度法治政府建设工作台账", (),
              topics.key_indicators_by_year),
    ChartSpec("信访类别", "信访事项按类别分布", source_note(Petition.SHEET), (Petition.SHEET,),
              topics.petitions_by_category),
    ChartSpec("行政执法领域", "行政执法按领域分布", source_note(Enforcement.SHEET), (Enforcement.SHEET,),
              topics.enforcement_by_field),
)

CHARTS: Mapping[str, ChartSpec] = MappingProxyType({spec.key: spec for spec in _SPECS})


def build_chart(
    key: str,
    records: Records,
    history: Sequence[Records] = (),
    indicators: IndicatorSet | None = None,
    charts: Mapping[str, ChartSpec] = CHARTS,
) -> Chart | None:
    """Draw chart `key` for a year's records; None when there is nothing to draw."""
    spec = lookup(charts, key, "图表", f"可用的图表：{'、'.join(charts)}。")
    drawing = spec.draw(YearData.of(records, history, indicators))
    if drawing is None:
        return None
    return Chart(key, drawing.plot, drawing.caption or spec.caption, drawing.alt, spec.source)

