"""A township-year's indicators with their history, for the narrative commands.

`fazhi check`, `fazhi indicators` and the preview need the same figures the report states,
loaded by `fazhi.township.load_township_year`. An earlier year's workbook with errors is left
out of the comparisons; `TownshipData` says which, so no command calls its figures 未报送
without saying why.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Issue
from ..indicators import IndicatorSet
from ..project import Project
from ..township import load_township_year
from ..workbook import BasicInfo, display_name


@dataclass(frozen=True)
class TownshipData:
    """This year's basic information and indicators, and a warning located at each earlier
    workbook left out of the comparisons (errors, or not .xlsx)."""

    info: BasicInfo
    indicators: IndicatorSet
    warnings: tuple[Issue, ...] = ()


def township_data(project: Project, township: str, year: int) -> TownshipData:
    """The figures of `township` in `year`; ValidationFailed when this year's workbook has errors."""
    loaded = load_township_year(project, township, year)
    warnings = tuple(
        Issue(display_name(project.other_format(township, earlier) or project.workbook(township, earlier)),
              f"{earlier} 年度的工作簿有错误或不是 .xlsx 格式，报告和叙述稿中{earlier} 年度的对比数据（上年值、同比）从略。"
              f"运行 fazhi check --township {township} --year {earlier} 可查看并修改这些错误。", "warning")
        for earlier in loaded.unreadable_years
    )
    return TownshipData(loaded.records.info, loaded.indicators, warnings)
