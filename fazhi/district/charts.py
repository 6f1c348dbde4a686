"""The district summary's charts, in fazhi's house style (`fazhi.charts`).

Rankings of a count across townships reuse the report's ranked bars (each bar labelled with
its count and its share of the district); a rate across townships is drawn as bars sorted
high to low with the district's value as a dashed reference line; the district's totals over
the years reuse the report's year-over-year small multiples. Each returns a `Chart` (caption,
alt text, source note), or None when there is nothing to draw.
"""

from __future__ import annotations

from .. import fmt
from ..charts import Chart
from ..charts.bars import listing, ranked_bars, share_label
from ..charts.model import Dots, Series
from ..charts.style import INK, RAMP
from ..charts.topics import key_indicators_by_year
from ..indicators import IndicatorSet
from ..workbook.schema import LEDGERS
from ..yeardata import YearData
from .summary import DistrictData


def source(sheet: str) -> str:
    """"数据来源：各乡镇矛盾纠纷排查调处台账"."""
    return f"数据来源：各乡镇{LEDGERS.get(sheet, '工作台账')}"


def ranking(data: DistrictData, key: str) -> Chart | None:
    """Townships ranked by a count, largest on top, with each one's share of the district."""
    reported = {name: int(v.value) for name, v in data.values(key) if v.value is not None}  # a count
    if not reported or not any(reported.values()):
        return None
    indicator = data.townships[0].indicators[key].indicator
    unit = indicator.unit
    total = sum(reported.values())
    ordered = sorted(reported.items(), key=lambda kv: -kv[1])
    parts = listing(f"{name}{share_label(n, total, unit)}" for name, n in ordered)
    alt = f"条形图：{data.year}年各乡镇{key}，全区合计{fmt.number(total, unit)}，从多到少：{parts}。"
    return Chart(key, ranked_bars(reported, unit), f"各乡镇{key}", alt, source(indicator.sheet))


def rate_comparison(data: DistrictData, district: IndicatorSet, key: str) -> Chart | None:
    """Townships' values of a rate as dots, high to low, against the district's value (dashed).

    Dots, not bars: rates cluster near 100%, and bars cut off above zero would mislead.
    """
    shown = sorted(((n, v.value) for n, v in data.values(key) if v.value is not None), key=lambda kv: -kv[1])
    overall = district[key]
    if not shown or overall.value is None:
        return None
    names, values = [n for n, _ in shown], [v for _, v in shown]
    labels = [fmt.pct(v) for v in values]
    hover = tuple(f"{n}：{t}" for n, t in zip(names, labels, strict=True))
    dots = Series(key, tuple(values), tuple(labels), hover, (RAMP[1],), INK)
    plot = Dots(tuple(names), dots, overall.value, f"全区 {overall.text}")
    parts = listing(f"{n}{t}" for n, t in zip(names, labels, strict=False))
    alt = f"点图：{data.year}年各乡镇{key}，全区为{overall.text}，从高到低：{parts}。"
    note = f"{source(overall.indicator.sheet)}；全区值按分子、分母分别加总计算。"
    return Chart(key, plot, f"各乡镇{key}", alt, note)


def trend(district: YearData) -> Chart | None:
    """The district's totals of the report's trend indicators, year by year (the report's chart,
    given the district as a `YearData` whose records are empty and whose indicators are totals)."""
    drawing = key_indicators_by_year(district)
    if drawing is None:
        return None
    caption = f"全区{drawing.caption}"
    note = "数据来源：各乡镇各年度法治政府建设工作台账。各年合计只计本年有数据的乡镇。"
    return Chart("全区年度对比", drawing.plot, caption, drawing.alt.replace("主要指标", "全区主要指标", 1), note)
