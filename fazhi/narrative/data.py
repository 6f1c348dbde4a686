"""A township-year's indicators with their history, for the narrative commands.

`fazhi check`, `fazhi indicators` and the preview need the same figures the report states,
loaded by `fazhi.township.load_township_year`.
"""

from __future__ import annotations

from ..indicators import IndicatorSet
from ..project import Project
from ..records import BasicInfo
from ..township import load_township_year


def township_indicators(project: Project, township: str, year: int) -> tuple[BasicInfo, IndicatorSet]:
    """The basic information and indicators of `township` in `year`; ValidationFailed when
    this year's workbook has errors (an earlier workbook with errors is left out)."""
    loaded = load_township_year(project, township, year)
    return loaded.records.info, loaded.indicators
