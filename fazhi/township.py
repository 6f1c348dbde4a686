"""One township-year as every consumer needs it: records, earlier years, indicators.

The report, `fazhi check`, `fazhi indicators`, the preview and the district summary all state
the same figures, so they load them here: this year's workbook (errors raise
`ValidationFailed`) and the earlier years' workbooks for comparisons. An earlier workbook
with errors, or saved in another format, is left out; `LeftOut` says which and why, and is
shown as a message after a render or as a located warning by `fazhi check`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import Issue, Reason, ValidationFailed
from .indicators import CATALOGUE, Indicator, IndicatorSet, compute_indicators
from .project import HISTORY_YEARS, Project
from .workbook import Records, display_name, load_records_cached


@dataclass(frozen=True)
class LeftOut:
    """An earlier year left out of a township's comparisons: its workbook (`path`) has
    `errors` errors (`Reason.WORKBOOK_INVALID`) or is not an .xlsx (`Reason.WORKBOOK_FORMAT`)."""

    year: int
    path: Path
    reason: Reason
    errors: int = 0

    @property
    def why(self) -> str:
        if self.reason == Reason.WORKBOOK_FORMAT:
            return "不是 .xlsx 工作簿（请另存为 .xlsx）"
        return f"有 {self.errors} 处错误"

    def message(self) -> str:
        """The sentence shown after a render: 2023/土门关乡.xlsx 有 3 处错误，2023 年度的对比数据从略。"""
        return f"{display_name(self.path)} {self.why}，{self.year} 年度的对比数据从略。"

    def issue(self) -> Issue:
        """The warning `fazhi check` shows at the earlier workbook."""
        fix = ("用 Excel 或 WPS 另存为 .xlsx" if self.reason == Reason.WORKBOOK_FORMAT
               else f"运行 fazhi check --township {self.path.stem} --year {self.year} 查看并改正这些错误")
        return Issue(display_name(self.path), f"{self.year} 年度的工作簿{self.why}，报告和叙述稿中{self.year} 年度的"
                     "对比数据（上年值、同比）从略。", "warning", expected=fix, reason=Reason.EARLIER_YEAR_LEFT_OUT)


@dataclass(frozen=True)
class TownshipYear:
    records: Records
    history: tuple[Records, ...]
    indicators: IndicatorSet
    left_out: tuple[LeftOut, ...] = ()  # earlier years missing from the comparisons

    @property
    def unreadable_years(self) -> tuple[int, ...]:
        return tuple(gone.year for gone in self.left_out)


def load_township_year(project: Project, township: str, year: int,
                       catalogue: Sequence[Indicator] = CATALOGUE) -> TownshipYear:
    records = load_records_cached(project.root, project.require_workbook(township, year), township=township, year=year)
    history: list[Records] = []
    left_out: list[LeftOut] = []
    for earlier, path in project.earlier_workbooks(township, year):
        try:
            history.append(load_records_cached(project.root, path, township=township, year=earlier))
        except ValidationFailed as exc:
            errors = sum(i.severity == "error" for i in exc.issues)
            left_out.append(LeftOut(earlier, path, Reason.WORKBOOK_INVALID, errors))
    compared = {y for y, _ in project.earlier_workbooks(township, year)}
    for back in range(1, HISTORY_YEARS + 1):
        other = project.other_format(township, year - back)
        if year - back not in compared and other is not None:
            left_out.append(LeftOut(year - back, other, Reason.WORKBOOK_FORMAT))
    unreadable = [gone.year for gone in left_out]
    indicators = compute_indicators(records, history, catalogue, unreadable_years=unreadable)
    return TownshipYear(records, tuple(history), indicators, tuple(left_out))
