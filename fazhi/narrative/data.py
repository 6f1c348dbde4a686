"""A township-year's indicators with their history, for the narrative commands.

`fazhi check`, `fazhi indicators` and the preview need the same figures the report states:
this year's workbook and, when they exist and load, the two years before it for comparisons.
"""

from __future__ import annotations

from ..errors import ValidationFailed
from ..indicators import IndicatorSet, compute_indicators
from ..project import Project
from ..records import BasicInfo, Records, load_records

HISTORY = (1, 2)  # years back compared with (上年, and the year before for a 3-year trend)


def township_indicators(project: Project, township: str, year: int) -> tuple[BasicInfo, IndicatorSet]:
    """The basic information and indicators of `township` in `year`; ValidationFailed when
    this year's workbook has errors (an earlier workbook with errors is left out)."""
    records = load_records(project.require_workbook(township, year), township=township, year=year)
    return records.info, compute_indicators(records, list(_earlier(project, township, year)))


def _earlier(project: Project, township: str, year: int) -> list[Records]:
    found = []
    for back in HISTORY:
        path = project.workbook(township, year - back)
        if path.exists():
            try:
                found.append(load_records(path, township=township, year=year - back))
            except ValidationFailed:
                continue
    return found
