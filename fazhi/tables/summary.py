"""The key-indicator summary (this year, last year, change) and the list of major decisions."""

from __future__ import annotations

from .. import fmt
from ..indicators.measures import yes_mask
from ..workbook.schema import NO, YES, Decision
from ..yeardata import YearData, source_note
from .breakdown import cell, explain
from .model import CENTER, RIGHT, Align, TableBody

# The summary table's rows, in the report's order of topics.
SUMMARY_KEYS = (
    "会议研究法治建设次数", "党委会研究法治建设次数", "学法活动次数", "集中学法次数",
    "学法考试参考人数", "学法考试参考率", "学习完成率", "学法考试合格率",
    "普法宣传场次", "普法受众人次", "政府法律顾问数", "村居法律顾问覆盖率",
    "重大行政决策数", "重大行政决策合法性审查率", "合法性审查件数",
    "矛盾纠纷受理数", "调解成功率", "信访受理数", "信访按期办结率",
    "行政执法案件数", "执法人员持证率", "复议诉讼案件数", "败诉数", "负责人出庭应诉率",
)


def key_indicators(data: YearData) -> TableBody | None:
    """指标 | 单位 | this year | last year | 变化; the last two only when last year's workbook
    was loaded. An indicator not reported in any shown year is left out."""
    year = data.year
    with_previous = year - 1 in data.indicators.earlier_years
    shown = (year, year - 1) if with_previous else (year,)
    rows = []
    for key in SUMMARY_KEYS:
        v = data.indicators[key]
        by_year = dict(v.history) | {year: v.value}
        if all(by_year.get(y) is None and v.reason(y) == fmt.NOT_REPORTED for y in shown):
            continue
        cells = [cell(v.indicator, by_year.get(y), v.reason(y)) for y in shown]
        unit = "" if v.unit == "%" else v.unit  # rates already read "100.0%": no "%" beside them
        rows.append((key, unit, *cells, *((v.change_words(prefix=""),) if with_previous else ())))
    if not rows:
        return None
    header = ("指标", "单位", *(f"{y}年" for y in shown), *(("变化",) if with_previous else ()))
    align: tuple[Align, ...] = ("left", "center", *(RIGHT * len(shown)), *(("left",) if with_previous else ()))
    years = "和".join(f"{y}年度" for y in sorted(shown))
    note = f"数据来源：{years}法治政府建设工作台账。" + ("比率的变化按百分点计。" if with_previous else "")
    note += explain([c for row in rows for c in row[2:2 + len(shown)]])
    return TableBody(header, tuple(rows), align, note)


def decisions(data: YearData) -> TableBody | None:
    """Each major decision with its date and whether each statutory step was taken."""
    df = data.records.sheet(Decision.SHEET)
    if df is None or df.empty:
        return None
    steps = (Decision.LEGALITY_REVIEW, Decision.COLLECTIVE, Decision.PARTICIPATION, Decision.RISK)
    df = df.sort_values(Decision.DATE, kind="stable")
    marks = [yes_mask(df[s]).map({True: YES, False: NO}) for s in steps]
    rows = [
        (str(matter), fmt.date_cn(day.date()), *(m.iloc[i] for m in marks))
        for i, (matter, day) in enumerate(zip(df[Decision.MATTER], df[Decision.DATE]))
    ]
    header = ("决策事项", "决策日期", *steps)
    align: tuple[Align, ...] = ("left", "center", *(CENTER * len(steps)))
    return TableBody(header, tuple(rows), align, source_note(Decision.SHEET) + "。")
