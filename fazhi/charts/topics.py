"""The report's charts, one draw function per topic: what to count, the figure, the alt text.

Every function returns None when its sheet is absent (not reported) or holds no rows — an
empty chart says nothing. Counts come straight from the records; shares and rates are
written with `fazhi.fmt`, exactly as tables and the narrative write them.
"""

from __future__ import annotations

import pandas as pd

from .. import fmt
from ..indicators import NOT_APPLICABLE
from ..workbook.schema import (
    Dispute,
    DisputeType,
    Enforcement,
    EnforcementField,
    MediationResult,
    Mediator,
    Petition,
    PetitionCategory,
    Publicity,
    PublicityOccasion,
    Review,
    ReviewConclusion,
    ReviewType,
    Study,
    StudyForm,
)
from ..yeardata import YearData, crosstab, ranked, tally
from .bars import labelled_lines, listing, ranked_bars, share_label, stacked_bars
from .model import Bars, Drawing, Panels, Series
from .style import INK, RAMP, category_label, shades

MONTHS = tuple(f"{m}月" for m in range(1, 13))
QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")
# Counts compared year over year in the trend chart (rates have their own table rows).
TREND_KEYS = ("会议研究法治建设次数", "学法活动次数", "普法宣传场次", "合法性审查件数", "矛盾纠纷受理数", "信访受理数")


def _rows(data: YearData, sheet: str) -> pd.DataFrame | None:
    """The sheet's rows, or None when it is absent or empty (nothing to draw)."""
    df = data.records.sheet(sheet)
    return None if df is None or df.empty else df


def _ranked_drawing(df: pd.DataFrame, column: str, order: tuple[str, ...], unit: str, what: str,
                    year: int) -> Drawing:
    counts = ranked(tally(df[column], order))
    total = sum(counts.values())
    parts = listing(f"{name}{share_label(n, total, unit)}" for name, n in counts.items())
    alt = f"条形图：{year}年{what}共{fmt.number(total, unit)}，按{column}分：{parts}。"
    return Drawing(ranked_bars(counts, unit), alt)


def disputes_by_type(data: YearData) -> Drawing | None:
    df = _rows(data, Dispute.SHEET)
    if df is None:
        return None
    return _ranked_drawing(df, Dispute.TYPE, DisputeType.ALL, "件", "受理矛盾纠纷", data.year)


def petitions_by_category(data: YearData) -> Drawing | None:
    df = _rows(data, Petition.SHEET)
    if df is None:
        return None
    return _ranked_drawing(df, Petition.CATEGORY, PetitionCategory.ALL, "件", "受理信访事项", data.year)


def enforcement_by_field(data: YearData) -> Drawing | None:
    df = _rows(data, Enforcement.SHEET)
    if df is None:
        return None
    return _ranked_drawing(df, Enforcement.FIELD, EnforcementField.ALL, "件", "行政执法", data.year)


def _per_month(df: pd.DataFrame, column: str) -> list[int]:
    months = pd.to_datetime(df[column]).dt.month.value_counts()
    return [int(months.get(m, 0)) for m in range(1, 13)]


def disputes_petitions_by_month(data: YearData) -> Drawing | None:
    series: dict[str, list[int]] = {}
    for name, sheet, column in (("矛盾纠纷", Dispute.SHEET, Dispute.ACCEPTED),
                                ("信访", Petition.SHEET, Petition.ACCEPTED)):
        df = _rows(data, sheet)
        if df is not None:
            series[name] = _per_month(df, column)
    if not series:
        return None
    plot = labelled_lines(MONTHS, series, "件")
    described = []
    for name, counts in series.items():
        peak = max(range(12), key=lambda m: counts[m])
        described.append(f"{name}共{sum(counts)}件，最多的是{MONTHS[peak]}（{counts[peak]}件），各月依次为"
                         + "、".join(map(str, counts)))
    alt = f"折线图：{data.year}年各月受理量。" + "；".join(described) + "。"
    caption = "" if len(series) == 2 else f"{next(iter(series))}受理量按月分布"
    return Drawing(plot, alt, caption)


def _parts(segments: dict[str, list[int]], i: int, unit: str) -> str:
    """The non-zero segments of bar `i` in words: "合法2件、修改后合法1件"."""
    return listing(f"{name}{counts[i]}{unit}" for name, counts in segments.items() if counts[i])


def mediation_results(data: YearData) -> Drawing | None:
    df = _rows(data, Dispute.SHEET)
    if df is None:
        return None
    mediators = list(tally(df[Dispute.MEDIATOR], Mediator.ALL))
    segments = crosstab(df[Dispute.MEDIATOR], mediators, df[Dispute.RESULT], MediationResult.ALL)
    totals, described = [], []
    for i, m in enumerate(mediators):
        success = segments.get(MediationResult.SUCCESS, [0] * len(mediators))[i]
        closed = sum(segments.get(r, [0] * len(mediators))[i] for r in MediationResult.CLOSED)
        total = sum(seg[i] for seg in segments.values())
        rate = fmt.pct(success / closed) if closed else NOT_APPLICABLE
        totals.append(f"{total}件 成功率{rate}")
        described.append(f"{m}{total}件（{_parts(segments, i, '件')}，成功率{rate}）")
    plot = stacked_bars(mediators, segments, "件", horizontal=True, totals=totals)
    alt = f"堆积条形图：{data.year}年各调解组织调解结果。" + "；".join(described) + "。"
    return Drawing(plot, alt)


def publicity_by_occasion(data: YearData) -> Drawing | None:
    df = _rows(data, Publicity.SHEET)
    if df is None:
        return None
    occasions = list(tally(df[Publicity.OCCASION], PublicityOccasion.ALL))
    events = [int((df[Publicity.OCCASION] == o).sum()) for o in occasions]
    audience = [int(pd.to_numeric(df.loc[df[Publicity.OCCASION] == o, Publicity.AUDIENCE]).fillna(0).sum())
                for o in occasions]
    names = tuple(category_label(o) for o in occasions)
    panels = tuple(
        Bars(names, (Series(unit, tuple(values), tuple(fmt.count(v) for v in values),
                            tuple(f"{o}：{fmt.number(v, unit)}" for o, v in zip(names, values, strict=False)), (colour,), INK),),
             horizontal=True)
        for values, unit, colour in ((events, "场", RAMP[1]), (audience, "人次", RAMP[3]))
    )
    plot = Panels(("活动场次（场）", "受众人次"), panels, columns=2, shared_categories=True)
    parts = listing(f"{o}（{events[i]}场、{audience[i]}人次）" for i, o in enumerate(names))
    alt = (f"条形图：{data.year}年普法宣传共{sum(events)}场、受众{sum(audience)}人次，"
           f"按节点分：{parts}。")
    return Drawing(plot, alt)


def study_by_quarter(data: YearData) -> Drawing | None:
    df = _rows(data, Study.SHEET)
    if df is None:
        return None
    quarter = pd.to_datetime(df[Study.DATE]).dt.quarter
    segments = crosstab(quarter, (1, 2, 3, 4), df[Study.FORM], StudyForm.ALL)
    per_quarter = [sum(seg[q] for seg in segments.values()) for q in range(4)]
    plot = stacked_bars(QUARTERS, segments, "次", horizontal=False, totals=[f"{n}次" for n in per_quarter])
    described = listing(
        f"{QUARTERS[q]}{per_quarter[q]}次" + (f"（{_parts(segments, q, '次')}）" if per_quarter[q] else "")
        for q in range(4)
    )
    alt = f"堆积柱形图：{data.year}年学法活动共{len(df)}次，按季度分：{described}。"
    return Drawing(plot, alt)


def reviews_by_type(data: YearData) -> Drawing | None:
    df = _rows(data, Review.SHEET)
    if df is None:
        return None
    types = list(tally(df[Review.TYPE], ReviewType.ALL))
    segments = crosstab(df[Review.TYPE], types, df[Review.CONCLUSION], ReviewConclusion.ALL)
    per_type = [sum(seg[i] for seg in segments.values()) for i in range(len(types))]
    plot = stacked_bars(types, segments, "件", horizontal=True, totals=[f"{n}件" for n in per_type])
    described = listing(f"{t}{per_type[i]}件（{_parts(segments, i, '件')}）" for i, t in enumerate(types))
    alt = f"堆积条形图：{data.year}年合法性审查共{len(df)}件，按类型和结论分：{described}。"
    return Drawing(plot, alt)


def key_indicators_by_year(data: YearData) -> Drawing | None:
    """Small multiples, one panel per count in TREND_KEYS; None without an earlier year."""
    values = data.indicators
    if not values.earlier_years:
        return None
    panels = [values[k] for k in TREND_KEYS if values[k].value is not None]
    if not panels:
        return None
    years = values.years
    colours = tuple(reversed(shades(len(years))))  # oldest lightest, this year darkest
    bars, described = [], []
    for v in panels:
        by_year = dict(v.history) | {v.year: v.value}
        heights = tuple(by_year.get(y) for y in years)  # None: not reported, no bar (never a 0)
        texts = tuple(v.text_for(h, y) for h, y in zip(heights, years, strict=False))
        bars.append(Bars(tuple(f"{y}年" for y in years),
                         (Series(v.unit, heights, texts, tuple(f"{y}年{v.key}：{t}" for y, t in zip(years, texts, strict=False)),
                                 colours, INK),),
                         horizontal=False))
        described.append(f"{v.key}" + "、".join(f"{y}年{t}" for y, t in zip(years, texts, strict=False)))
    plot = Panels(tuple(f"{v.key}（{v.unit}）" for v in panels), tuple(bars), columns=min(3, len(panels)))
    alt = f"分组柱形图：主要指标{years[0]}—{years[-1]}年对比。" + "；".join(described) + "。"
    return Drawing(plot, alt, f"主要指标{years[0]}—{years[-1]}年对比")
