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
from ..workbook import BasicInfo


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
    return TownshipData(loaded.records.info, loaded.indicators, tuple(gone.issue() for gone in loaded.left_out))
