"""Building blocks of indicator formulas: row filters and measures that describe themselves.

An indicator's formula is a small expression — "rows of 会议研究 where 会议类型 = 党委会 and
是否研究法治建设 = 是" — built from the pieces below. Each piece both computes (over a
`Records`) and describes itself in Chinese, so the formula printed in docs/indicators.md is
the formula that runs. A measure returns None when its sheet was not reported; a `Ratio`
returns None when its denominator is 0 (nothing to take a share of).

Example::

    党委会 = Rows(Meeting.SHEET, Is(Meeting.TYPE, MeetingType.PARTY))
    党委会(records)        # 3, or None when the workbook has no 会议研究 sheet
    党委会.describe()      # "「会议研究」中 会议类型 = 党委会 的行数"
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import pandas as pd

from ..workbook.schema import YES, Info

if TYPE_CHECKING:
    from ..workbook import BasicInfo, Records

Number = int | float


# ---- row filters -------------------------------------------------------------------------------


class Filter(Protocol):
    """Selects rows of a sheet: a boolean mask over the frame, and its Chinese description."""

    def __call__(self, df: pd.DataFrame) -> pd.Series: ...

    def describe(self) -> str: ...


def yes_mask(values: pd.Series) -> pd.Series:
    """True where a 是/否 column says 是; blank (NA) is not 是. Loaded columns are bool/boolean."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.fillna(False).astype(bool)
    return values.isin([True, YES])


@dataclass(frozen=True)
class Is:
    """Rows whose `column` holds one of `values` (with `negate`, rows whose column holds none)."""

    column: str
    values: tuple[str, ...] | str
    negate: bool = False

    def _values(self) -> tuple[str, ...]:
        return (self.values,) if isinstance(self.values, str) else self.values

    def __call__(self, df: pd.DataFrame) -> pd.Series:
        mask = df[self.column].isin(self._values())
        return ~mask if self.negate else mask

    def describe(self) -> str:
        values = self._values()
        if len(values) == 1:
            return f"{self.column} {'≠' if self.negate else '='} {values[0]}"
        return f"{self.column} {'不' if self.negate else ''}为 {'、'.join(values)} 之一"


@dataclass(frozen=True)
class Yes:
    """Rows whose 是/否 `column` says 是."""

    column: str

    def __call__(self, df: pd.DataFrame) -> pd.Series:
        return yes_mask(df[self.column])

    def describe(self) -> str:
        return f"{self.column} = 是"


@dataclass(frozen=True)
class Answered:
    """Rows whose optional `column` is filled in (是 or 否, or any value)."""

    column: str

    def __call__(self, df: pd.DataFrame) -> pd.Series:
        return df[self.column].notna() & (df[self.column].astype("string").str.strip() != "")

    def describe(self) -> str:
        return f"{self.column} 已填写"


@dataclass(frozen=True)
class AtLeast:
    """Rows whose numeric `column` is at least `bound` (blank is not)."""

    column: str
    bound: float

    def __call__(self, df: pd.DataFrame) -> pd.Series:
        return pd.to_numeric(df[self.column], errors="coerce").ge(self.bound).fillna(False).astype(bool)

    def describe(self) -> str:
        bound = int(self.bound) if float(self.bound).is_integer() else self.bound
        return f"{self.column} ≥ {bound}"


@dataclass(frozen=True)
class All:
    """Rows every one of `filters` selects."""

    filters: tuple[Filter, ...]

    def __call__(self, df: pd.DataFrame) -> pd.Series:
        mask = pd.Series(True, index=df.index)
        for f in self.filters:
            mask &= f(df)
        return mask

    def describe(self) -> str:
        return " 且 ".join(f.describe() for f in self.filters)


def where(*filters: Filter) -> Filter | None:
    """One filter from several (None for none, the filter itself for one)."""
    if not filters:
        return None
    return filters[0] if len(filters) == 1 else All(tuple(filters))


# ---- measures ------------------------------------------------------------------------------


class Measure(Protocol):
    """Computes one figure from a year's records; None when it cannot be known."""

    def __call__(self, records: Records) -> Number | None: ...

    def describe(self) -> str: ...


def selected(records: Records, sheet: str, filter_: Filter | None) -> pd.DataFrame | None:
    """The rows of `sheet` that `filter_` keeps, or None when the sheet was not reported."""
    df = records.sheet(sheet)
    if df is None or filter_ is None:
        return df
    return df[filter_(df)]


def _scope(sheet: str, filter_: Filter | None) -> str:
    return f"「{sheet}」中 {filter_.describe()} 的" if filter_ else f"「{sheet}」的"


@dataclass(frozen=True)
class Rows:
    """Number of rows of `sheet` (that `filter_` keeps)."""

    sheet: str
    filter: Filter | None = None

    def __call__(self, records: Records) -> int | None:
        df = records.sheet(self.sheet)
        if df is None:
            return None
        return len(df) if self.filter is None else int(self.filter(df).sum())

    def describe(self) -> str:
        return f"{_scope(self.sheet, self.filter)}行数"


@dataclass(frozen=True)
class _OverColumn:
    """A figure reduced from one `column` over the kept rows of `sheet`."""

    sheet: str
    column: str
    filter: Filter | None = None

    def __call__(self, records: Records) -> int | float | None:
        df = selected(records, self.sheet, self.filter)
        return None if df is None else self.reduce(df[self.column])

    def reduce(self, values: pd.Series) -> int | float:
        raise NotImplementedError

    def describe(self) -> str:
        return f"{_scope(self.sheet, self.filter)}{self.what()}"

    def what(self) -> str:
        raise NotImplementedError


class Sum(_OverColumn):
    """Sum of the numeric `column` over the kept rows (blank cells count as 0)."""

    def reduce(self, values: pd.Series) -> int | float:
        total = pd.to_numeric(values, errors="coerce").fillna(0).sum()
        return int(total) if float(total).is_integer() else float(total)

    def what(self) -> str:
        return f"{self.column}之和"


class Distinct(_OverColumn):
    """Number of different non-blank values of `column` over the kept rows."""

    def reduce(self, values: pd.Series) -> int:
        text = values.dropna().astype("string").str.strip()
        return int(text[text != ""].nunique())

    def what(self) -> str:
        return f"不同{self.column}的个数"


class Quarters(_OverColumn):
    """Number of calendar quarters (1–4) in which the date `column` of the kept rows falls."""

    def reduce(self, values: pd.Series) -> int:
        return int(pd.to_datetime(values, errors="coerce").dropna().dt.quarter.nunique())

    def what(self) -> str:
        return f"{self.column}所在季度的个数（0–4）"


@dataclass(frozen=True)
class InfoField:
    """A number from the one-row 基本信息 sheet (always reported), read from `Records.info`."""

    column: str
    get: Callable[[BasicInfo], int | None]
    sheet: str = Info.SHEET

    def __call__(self, records: Records) -> int | None:
        return self.get(records.info)

    def describe(self) -> str:
        return f"「{self.sheet}」中填写的{self.column}"


def reported(records: Records, sheet: str) -> bool:
    """Whether the workbook reports `sheet` (基本信息 always is: loading requires it)."""
    return sheet == Info.SHEET or records.sheet(sheet) is not None


@dataclass(frozen=True)
class Ratio:
    """numerator ÷ denominator; None if either is None or the denominator is 0.

    A part that is itself a catalogue indicator is described by its name (`numerator_name`,
    `denominator_name`), otherwise by its own formula.
    """

    numerator: Measure
    denominator: Measure
    numerator_name: str = ""
    denominator_name: str = ""

    @property
    def sheet(self) -> str:
        return str(self.numerator.sheet)  # type: ignore[attr-defined]

    def __call__(self, records: Records) -> float | None:
        top, bottom = self.numerator(records), self.denominator(records)
        if top is None or bottom is None or bottom == 0:
            return None
        return top / bottom

    def describe(self) -> str:
        top = self.numerator_name or f"（{self.numerator.describe()}）"
        bottom = self.denominator_name or f"（{self.denominator.describe()}）"
        return f"{top} ÷ {bottom}"
