"""Computed indicator values for one year, with the earlier years for comparison.

`compute_indicators(records, history)` evaluates the whole catalogue for a year's records
and for up to two earlier years. Each `Value` knows why a figure is missing: its sheet was not
reported (未报送) or its rate has nothing to take a share of (不适用, e.g. 负责人出庭应诉率 in a
year without lawsuits). A `Value` prints as its formatted text and compares like its number,
so a narrative can write ``{{ 调解成功率 }}`` and ``{% if 矛盾纠纷受理数 > 0 %}``; a missing
value is neither greater, smaller nor equal to any number.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import fmt
from ..project import HISTORY_YEARS
from ..registry import lookup
from .catalogue import CATALOGUE, Indicator
from .measures import reported

if TYPE_CHECKING:
    from ..workbook import Records

UNREADABLE = "数据有误"  # an earlier workbook exists but has errors, so it was left out
NOT_APPLICABLE = "不适用"


def _number(other: Any) -> int | float | None:
    if isinstance(other, Value):
        return other.value
    if isinstance(other, bool) or not isinstance(other, int | float):
        return None
    return other


@dataclass(frozen=True, eq=False)
class Value:
    """One indicator's value for `year`, its earlier years (ascending) and why any is missing.

    `missing` maps a year whose value is None to the text shown instead (未报送 / 不适用).
    `change` is absolute; for rates it is in percentage points.
    """

    indicator: Indicator
    year: int
    value: int | float | None
    history: tuple[tuple[int, int | float | None], ...] = ()
    missing: tuple[tuple[int, str], ...] = ()

    @property
    def key(self) -> str:
        return self.indicator.key

    @property
    def unit(self) -> str:
        return self.indicator.unit

    def reason(self, year: int) -> str:
        """Why `year` has no value: 未报送 unless the sheet was reported with nothing to divide."""
        return dict(self.missing).get(year, fmt.NOT_REPORTED)

    @property
    def previous(self) -> int | float | None:
        return dict(self.history).get(self.year - 1)

    @property
    def change(self) -> int | float | None:
        if self.value is None or self.previous is None:
            return None
        delta = self.value - self.previous
        return delta * 100 if self.indicator.kind == "rate" else delta

    def text_for(self, value: int | float | None, year: int) -> str:
        """`value` (this indicator's value in `year`) as the reader sees it."""
        if value is None:
            return self.reason(year)
        return fmt.number(value, self.unit)

    @property
    def text(self) -> str:
        return self.text_for(self.value, self.year)

    @property
    def previous_text(self) -> str:
        return self.text_for(self.previous, self.year - 1)

    @property
    def change_text(self) -> str:
        """"同比增长12.5%" …; a missing year is named with its reason ("上年未报送", "本年不适用")."""
        return self.change_words()

    def change_words(self, prefix: str = "同比") -> str:
        """The change in words with `prefix` ("" for a table's 变化 column: "增长12.5%", "持平")."""
        if self.previous is None and self.value is None:
            return "—"  # nothing to compare in either year
        if self.previous is None:
            return f"上年{self.reason(self.year - 1)}"
        if self.value is None:
            return f"本年{self.reason(self.year)}"
        return fmt.change(self.value, self.previous, self.indicator.kind, self.unit, prefix)

    def __str__(self) -> str:
        return self.text

    def __format__(self, spec: str) -> str:
        """Empty spec: the formatted text; a numeric spec formats the bare number (None → text)."""
        if not spec or self.value is None:
            return format(self.text, spec)
        return format(self.value, spec)

    def __bool__(self) -> bool:
        return bool(self.value)

    def _compare(self, other: Any, op: str) -> bool:
        mine, theirs = self.value, _number(other)
        if mine is None or theirs is None:
            return False
        return {"lt": mine < theirs, "le": mine <= theirs, "gt": mine > theirs, "ge": mine >= theirs,
                "eq": mine == theirs}[op]

    def __lt__(self, other: Any) -> bool:
        return self._compare(other, "lt")

    def __le__(self, other: Any) -> bool:
        return self._compare(other, "le")

    def __gt__(self, other: Any) -> bool:
        return self._compare(other, "gt")

    def __ge__(self, other: Any) -> bool:
        return self._compare(other, "ge")

    def __eq__(self, other: object) -> bool:
        return self._compare(other, "eq")

    def __ne__(self, other: object) -> bool:
        return not self._compare(other, "eq")

    def __hash__(self) -> int:
        return hash((self.indicator.key, self.year, self.value))


@dataclass(frozen=True)
class IndicatorSet:
    """Every catalogue indicator's `Value` for `year`, looked up by its Chinese name."""

    year: int
    values: Mapping[str, Value]
    earlier_years: tuple[int, ...] = ()

    def __getitem__(self, key: str) -> Value:
        return lookup(self.values, key, "指标", "运行 fazhi indicators 可列出全部指标。")

    def __contains__(self, key: object) -> bool:
        return key in self.values

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def keys(self) -> list[str]:
        return list(self.values)

    @property
    def years(self) -> tuple[int, ...]:
        """The years these values cover, ascending (this year last)."""
        return (*self.earlier_years, self.year)


def _evaluate(indicator: Indicator, records: Records) -> tuple[int | float | None, str | None]:
    """The indicator's value, and the reason text when it is None."""
    value = indicator.compute(records)
    if value is not None:
        return value, None
    return None, (NOT_APPLICABLE if reported(records, indicator.sheet) else fmt.NOT_REPORTED)


def compute_indicators(
    records: Records,
    history: Sequence[Records] = (),
    catalogue: Sequence[Indicator] = CATALOGUE,
    unreadable_years: Sequence[int] = (),
) -> IndicatorSet:
    """Evaluate `catalogue` for `records` and the (up to two) latest earlier years in `history`.

    `history` may come in any order; years not before `records.info.year` are ignored, and
    only the two latest earlier years are kept. `unreadable_years` are earlier years whose
    workbook exists but has errors: their figures read 数据有误, not 未报送.
    """
    year = records.info.year
    earlier = sorted((r for r in history if r.info.year < year), key=lambda r: r.info.year)[-HISTORY_YEARS:]
    values: dict[str, Value] = {}
    for indicator in catalogue:
        value, reason = _evaluate(indicator, records)
        past: list[tuple[int, int | float | None]] = []
        missing: list[tuple[int, str]] = [(year, reason)] if reason else []
        missing += [(y, UNREADABLE) for y in unreadable_years]
        for old in earlier:
            old_value, old_reason = _evaluate(indicator, old)
            past.append((old.info.year, old_value))
            if old_reason:
                missing.append((old.info.year, old_reason))
        values[indicator.key] = Value(indicator, year, value, tuple(past), tuple(missing))
    return IndicatorSet(year, values, tuple(r.info.year for r in earlier))
