"""Tables that split a sheet by one column and show catalogue indicators for each part.

A breakdown row applies the catalogue's own measure to the rows of one category (e.g. the
调解成功率 of 婚姻家庭 disputes), and the 合计 row is the indicator for the whole year, so a
table can never disagree with the narrative or the summary table. Cells are formatted with
`fazhi.fmt` without units (the header carries them).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType

import pandas as pd

from .. import fmt
from ..indicators import NOT_APPLICABLE, Indicator, IndicatorSet
from ..workbook import Records
from ..yeardata import YearData, ranked, source_note, tally
from .model import RIGHT, Align, TableBody

TOTAL = "合计"


def cell(indicator: Indicator, value: int | float | None, missing: str = NOT_APPLICABLE) -> str:
    """A table cell: a count or a one-decimal percentage, or why it is missing."""
    if value is None:
        return missing
    return fmt.pct(value) if indicator.kind == "rate" else fmt.count(value)


def explain(cells: list[str]) -> str:
    """The note's explanation of the placeholder words that appear in `cells`."""
    words = []
    if fmt.NOT_REPORTED in cells:
        words.append(f"“{fmt.NOT_REPORTED}”表示当年未填报该项台账")
    if NOT_APPLICABLE in cells:
        words.append(f"“{NOT_APPLICABLE}”表示没有可计算比率的基数（分母为0）")
    return "；".join(words) + "。" if words else ""


@dataclass(frozen=True)
class Breakdown:
    """Split `sheet` by `column` (categories in `order`, or largest first when `by_size`) and
    show the indicators named in `columns` as (header, indicator key) pairs."""

    sheet: str
    column: str
    order: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]
    label: str = ""
    by_size: bool = False

    def __call__(self, data: YearData) -> TableBody | None:
        df = data.records.sheet(self.sheet)
        if df is None or df.empty:
            return None
        counts = tally(df[self.column], self.order)
        categories = list(ranked(counts) if self.by_size else counts)
        indicators = [data.indicators[key].indicator for _, key in self.columns]
        rows = []
        for category in categories:
            part = _only(data.records, self.sheet, df[self.column] == category)
            rows.append((category, *(cell(i, i.compute(part)) for i in indicators)))
        rows.append((TOTAL, *(_total(data.indicators, i) for i in indicators)))
        header = (self.label or self.column, *(h for h, _ in self.columns))
        align: tuple[Align, ...] = ("left", *(RIGHT * len(self.columns)))
        note = source_note(self.sheet) + "。" + explain([c for row in rows for c in row])
        return TableBody(header, tuple(rows), align, note)


def _only(records: Records, sheet: str, mask: pd.Series) -> Records:
    """`records` with `sheet` narrowed to the rows `mask` keeps (other sheets untouched)."""
    sheets = dict(records.sheets)
    sheets[sheet] = sheets[sheet][mask]
    return replace(records, sheets=MappingProxyType(sheets))


def _total(values: IndicatorSet, indicator: Indicator) -> str:
    value = values[indicator.key]
    return cell(indicator, value.value, value.reason(value.year))

