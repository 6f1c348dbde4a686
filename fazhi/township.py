"""One township-year as every consumer needs it: records, earlier years, indicators.

The report, `fazhi check`, `fazhi indicators` and the preview all state the same figures, so
they load them here: this year's workbook (errors raise `ValidationFailed`) and the earlier
years' workbooks for comparisons (one with errors is left out, with a message saying so).
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ValidationFailed
from .indicators import IndicatorSet, compute_indicators
from .project import Project
from .records import Records, load_records


@dataclass(frozen=True)
class TownshipYear:
    records: Records
    history: tuple[Records, ...]
    indicators: IndicatorSet
    left_out: tuple[str, ...] = ()  # why an earlier year is missing from the comparisons


def load_township_year(project: Project, township: str, year: int) -> TownshipYear:
    records = load_records(project.require_workbook(township, year), township=township, year=year)
    history, left_out = [], []
    for earlier, path in project.earlier_workbooks(township, year):
        try:
            history.append(load_records(path, township=township, year=earlier))
        except ValidationFailed as exc:
            errors = sum(i.severity == "error" for i in exc.issues)
            left_out.append(f"{path} 有 {errors} 处错误，{earlier} 年度的对比数据从略。")
    return TownshipYear(records, tuple(history), compute_indicators(records, history), tuple(left_out))
