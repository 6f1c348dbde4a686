"""One township-year as every consumer needs it: records, earlier years, indicators.

The report, `fazhi check`, `fazhi indicators` and the preview all state the same figures, so
they load them here: this year's workbook (errors raise `ValidationFailed`) and the earlier
years' workbooks for comparisons (one with errors is left out, with a message saying so).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import ValidationFailed
from .indicators import CATALOGUE, Indicator, IndicatorSet, compute_indicators
from .project import HISTORY_YEARS, Project
from .workbook import Records, load_records_cached


@dataclass(frozen=True)
class TownshipYear:
    records: Records
    history: tuple[Records, ...]
    indicators: IndicatorSet
    left_out: tuple[str, ...] = ()  # why an earlier year is missing from the comparisons
    unreadable_years: tuple[int, ...] = ()  # earlier years whose workbook has errors


def load_township_year(project: Project, township: str, year: int,
                       catalogue: Sequence[Indicator] = CATALOGUE) -> TownshipYear:
    records = load_records_cached(project.root, project.require_workbook(township, year), township=township, year=year)
    history, left_out, unreadable = [], [], []
    for earlier, path in project.earlier_workbooks(township, year):
        try:
            history.append(load_records_cached(project.root, path, township=township, year=earlier))
        except ValidationFailed as exc:
            errors = sum(i.severity == "error" for i in exc.issues)
            left_out.append(f"{path} 有 {errors} 处错误，{earlier} 年度的对比数据从略。")
            unreadable.append(earlier)
    compared = {y for y, _ in project.earlier_workbooks(township, year)}
    for back in range(1, HISTORY_YEARS + 1):
        other = project.other_format(township, year - back)
        if year - back not in compared and other is not None:
            left_out.append(f"{other} 不是 .xlsx 工作簿（请另存为 .xlsx），{year - back} 年度的对比数据从略。")
            unreadable.append(year - back)
    indicators = compute_indicators(records, history, catalogue, unreadable_years=unreadable)
    return TownshipYear(records, tuple(history), indicators, tuple(left_out), tuple(unreadable))
