"""The author's reference: every name a narrative may write, with this year's value.

`fazhi indicators --township X --year Y` prints these rows; the VS Code snippets
(`fazhi.narrative.snippets`) are generated from the same names.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .template import CHART_FUNCTION, INFO_NAMES, TABLE_FUNCTION, info_values, placeholder_name

if TYPE_CHECKING:
    from ..indicators import IndicatorSet
    from ..workbook import BasicInfo


@dataclass(frozen=True)
class Row:
    """One line of the reference: what to write, its value now and last year, and what it means."""

    placeholder: str
    value: str
    previous: str
    change: str
    meaning: str


def indicator_rows(indicators: IndicatorSet) -> Iterator[Row]:
    """One row per indicator: value, last year's value and the change (an earlier workbook
    with errors reads 数据有误, from the indicators themselves)."""
    for key in indicators.keys():
        v = indicators[key]
        meaning = f"{v.indicator.meaning}（单位：{v.unit}；来源：{v.indicator.sheet}）"
        yield Row(f"{{{{ {placeholder_name(key)} }}}}", v.text, v.previous_text, v.change_text, meaning)


def info_rows(info: BasicInfo) -> Iterator[Row]:
    values = info_values(info)
    for name, meaning in INFO_NAMES.items():
        yield Row(f"{{{{ {name} }}}}", str(values[name]), "", "", meaning)


def element_rows() -> Iterator[Row]:
    """Every chart and table a narrative can place, as the line to write."""
    from ..charts import CHARTS
    from ..tables import TABLES

    for function, registry in ((CHART_FUNCTION, CHARTS), (TABLE_FUNCTION, TABLES)):
        for key, spec in registry.items():
            yield Row(f'{{{{ {function}("{key}") }}}}', "", "", "", f"{function}：{spec.caption}")
