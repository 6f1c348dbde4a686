"""What charts and tables are built from: one year's records, earlier years, indicators.

Also what both need alike: the 数据来源 note naming the sheets' ledgers, and counting
a categorical column in the order a reader expects (schema order or largest first, 其他 last).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import pandas as pd

from .workbook.schema import LEDGERS

OTHER = "其他"
N = TypeVar("N", int, float)

if TYPE_CHECKING:
    from .indicators import IndicatorSet
    from .workbook import Records

def source_note(*sheets: str) -> str:
    """"数据来源：矛盾纠纷排查调处台账、信访事项登记台账"."""
    return "数据来源：" + "、".join(LEDGERS[s] for s in sheets)


def tally(values: pd.Series, order: Sequence[str]) -> dict[str, int]:
    """Count of each value, in `order` (unknown values after it, "其他" last), zeros left out."""
    counts = values.dropna().astype(str).value_counts()
    known = [v for v in order if v != OTHER] + sorted(set(counts.index) - set(order)) + [OTHER]
    return {v: int(counts[v]) for v in known if v in counts.index and counts[v] > 0}


def ranked(counts: Mapping[str, N]) -> dict[str, N]:
    """Largest first (ties keep their order), "其他" last whatever its size."""
    items = sorted((kv for kv in counts.items() if kv[0] != OTHER), key=lambda kv: -kv[1])
    if OTHER in counts:
        items.append((OTHER, counts[OTHER]))
    return dict(items)


def crosstab(rows: pd.Series, categories: Sequence[object], segments: pd.Series,
             segment_order: Sequence[str]) -> dict[str, list[int]]:
    """For each value of `segments` (tally order, absent values left out), its count in each of
    `categories` of `rows`: the data of a stacked bar chart."""
    table = pd.crosstab(segments.astype(str), rows)
    return {
        s: [int(table.at[s, c]) if c in table.columns else 0 for c in categories]
        for s in tally(segments, segment_order)
    }


@dataclass(frozen=True)
class YearData:
    """Everything a chart or table may use: this year's records, earlier years, indicators."""

    records: Records
    history: Sequence[Records]
    indicators: IndicatorSet

    @property
    def year(self) -> int:
        return self.records.info.year

    @classmethod
    def of(cls, records: Records, history: Sequence[Records], indicators: IndicatorSet | None) -> YearData:
        """Bundle the inputs, computing the indicators when the caller has none at hand."""
        if indicators is None:
            from .indicators import compute_indicators

            indicators = compute_indicators(records, history)
        return cls(records, tuple(history), indicators)
