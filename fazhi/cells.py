"""Turn raw workbook cells into typed values, one whole column at a time.

Excel and WPS users write the same value many ways: full-width digits and spaces, numbers
stored as text, dates as real dates, serial numbers or text in several spellings, 是/否 as
√ / ✓ / Y / 1. Each `parse_*` function takes a column of raw cells (as python-calamine hands
them to pandas: str, int, float, bool, datetime, time or NaN) and returns the typed column
plus a mask of cells that are filled but cannot be trusted. Blank cells are never invalid
here; whether a blank is allowed is the validator's business.

The work is vectorised with pandas string methods on the text cells (the common case); the
few non-text cells of a column go through small per-cell functions. This keeps a
50,000-row sheet well inside the loader's time budget.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

# Characters Python's str.strip() leaves alone but users paste in: zero-width space, BOM.
_INVISIBLE = "\u200b\ufeff\u200c\u200d"
_EDGE = re.compile(rf"^[\s{_INVISIBLE}]+|[\s{_INVISIBLE}]+$")
_ALL_SPACE = re.compile(rf"[\s{_INVISIBLE}]+")
_DATE_TEXT = re.compile(
    r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
    r"|^(?P<y8>\d{4})(?P<m8>\d{2})(?P<d8>\d{2})$"
)
_NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
# Excel serial day numbers for 2000-01-01 .. 2099-12-31: a bare number in a date column that
# falls here is a date whose cell format was lost (WPS exports, copy-paste as values).
_SERIAL_MIN, _SERIAL_MAX = 36526, 73415
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")

TRUE_WORDS = ("是", "√", "✓", "✔", "☑", "Y", "YES", "TRUE", "T", "1", "对", "有")
FALSE_WORDS = ("否", "×", "✗", "✘", "☒", "N", "NO", "FALSE", "F", "0", "无")
_BOOL_WORDS = {w: True for w in TRUE_WORDS} | {w: False for w in FALSE_WORDS}


@dataclass(frozen=True)
class Parsed:
    """A parsed column: typed `values` (missing where blank or invalid) and two masks."""

    values: pd.Series
    blank: pd.Series
    invalid: pd.Series


def fold(text: str) -> str:
    """The comparison form of a name or choice: NFKC (full-width → ASCII) without any spaces."""
    return _ALL_SPACE.sub("", unicodedata.normalize("NFKC", text))


def _types(raw: pd.Series) -> pd.Series:
    return raw.map(type)


def _text_cells(raw: pd.Series, types: pd.Series) -> pd.Series:
    """The str cells of `raw`, stripped of edge whitespace (full-width and invisible too)."""
    return raw[types == str].astype(object).str.replace(_EDGE, "", regex=True)


def _blank_mask(raw: pd.Series, types: pd.Series, stripped: pd.Series) -> pd.Series:
    blank = raw.isna()
    blank.loc[stripped.index] = stripped == ""
    return blank


def _number_text(value: object) -> str:
    """A non-text cell shown as text the way the user typed it (12.0 → "12")."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def display(value: object) -> str:
    """A raw cell as a message shows it."""
    return value if isinstance(value, str) else _number_text(value)


def parse_text(raw: pd.Series) -> Parsed:
    """Text as written, edge spaces removed; numbers typed into a text column become text."""
    types = _types(raw)
    stripped = _text_cells(raw, types)
    blank = _blank_mask(raw, types, stripped)
    values = pd.Series(None, index=raw.index, dtype=object)
    values.loc[stripped.index] = stripped
    other = ~blank & (types != str)
    values.loc[other] = raw[other].map(_number_text)
    values[blank] = None
    return Parsed(values.astype("str"), blank, pd.Series(False, index=raw.index))


def _numbers(raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(float values, blank, invalid) for a numeric column; text like "１,２００" is accepted."""
    types = _types(raw)
    stripped = _text_cells(raw, types)
    blank = _blank_mask(raw, types, stripped)
    values = pd.Series(np.nan, index=raw.index, dtype="float64")
    invalid = pd.Series(False, index=raw.index)
    text = stripped[stripped != ""].str.normalize("NFKC").str.replace(r"[\s,，]", "", regex=True)
    ok = text.str.fullmatch(_NUMBER_TEXT.pattern)
    values.loc[text.index[ok]] = pd.to_numeric(text[ok]).astype("float64")
    invalid.loc[text.index[~ok]] = True
    numeric = (types == int) | (types == float)
    numeric &= ~blank
    values.loc[numeric] = raw[numeric].astype("float64")
    invalid |= ~blank & ~numeric & (types != str)  # bools, dates, times in a number column
    invalid |= ~blank & ~np.isfinite(values.fillna(0))
    return values, blank, invalid


def parse_int(raw: pd.Series) -> Parsed:
    """Whole numbers (counts, years); 12.0 is accepted, 12.5 and "12人" are not."""
    values, blank, invalid = _numbers(raw)
    invalid |= ~blank & ~invalid & (values != values.round())
    values[invalid | blank] = np.nan
    return Parsed(values.astype("Int64"), blank, invalid)


def parse_float(raw: pd.Series) -> Parsed:
    """Decimal numbers (scores)."""
    values, blank, invalid = _numbers(raw)
    values[invalid] = np.nan
    return Parsed(values, blank, invalid)


def parse_bool(raw: pd.Series) -> Parsed:
    """是/否 in any of the usual spellings; Excel TRUE/FALSE and 1/0 too."""
    types = _types(raw)
    stripped = _text_cells(raw, types)
    blank = _blank_mask(raw, types, stripped)
    values = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    text = stripped[stripped != ""].str.normalize("NFKC").str.upper()
    mapped = text.map(_BOOL_WORDS)
    values.loc[mapped.index] = mapped
    invalid = pd.Series(False, index=raw.index)
    invalid.loc[mapped.index[mapped.isna()]] = True
    rest = ~blank & (types != str)
    values.loc[rest] = raw[rest].map(_bool_of)
    invalid |= rest & values.isna()
    return Parsed(values, blank, invalid)


def _bool_of(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    return None


def parse_enum(raw: pd.Series, choices: tuple[str, ...], aliases: tuple[tuple[str, str], ...] = ()) -> Parsed:
    """One of `choices`, compared without spaces and width differences; `aliases` map other
    spellings to a choice. A number or date in the cell is read as the text it shows
    (Excel turns a typed 4.15 into a number and 12.4 sometimes into a date)."""
    lookup = {fold(c): c for c in choices} | {fold(a): c for a, c in aliases}
    types = _types(raw)
    stripped = _text_cells(raw, types)
    blank = _blank_mask(raw, types, stripped)
    keys = pd.Series(None, index=raw.index, dtype=object)
    text = stripped[stripped != ""]
    keys.loc[text.index] = text.str.normalize("NFKC").str.replace(_ALL_SPACE, "", regex=True)
    rest = ~blank & (types != str)
    keys.loc[rest] = raw[rest].map(_enum_key)
    values = keys.map(lookup)
    invalid = ~blank & values.isna()
    return Parsed(values.astype("str"), blank, invalid)


def _enum_key(value: object) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.month}.{value.day}"
    if isinstance(value, float) and not math.isnan(value):
        return repr(value)
    return _number_text(value)


def parse_date(raw: pd.Series) -> Parsed:
    """Dates: Excel dates, Excel serial numbers, or text 2024-03-05, 2024/3/5, 2024.3.5,
    2024年3月5日, 20240305 (full-width digits too). Day-first or two-digit years are
    ambiguous and rejected. A time of day is dropped."""
    types = _types(raw)
    stripped = _text_cells(raw, types)
    blank = _blank_mask(raw, types, stripped)
    values = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[us]")
    invalid = pd.Series(False, index=raw.index)

    text = stripped[stripped != ""].str.normalize("NFKC")
    parts = text.str.extract(_DATE_TEXT.pattern)
    year = parts["y"].fillna(parts["y8"])
    month = parts["m"].fillna(parts["m8"])
    day = parts["d"].fillna(parts["d8"])
    parsed = pd.to_datetime(
        pd.DataFrame({"year": year, "month": month, "day": day}).astype("float64"), errors="coerce"
    )
    values.loc[text.index] = parsed
    invalid.loc[text.index[parsed.isna()]] = True

    stamps = types.isin([dt.datetime, dt.date, pd.Timestamp]) & ~blank
    if stamps.any():
        values.loc[stamps] = pd.to_datetime(raw[stamps].map(_as_datetime)).dt.normalize()
    numeric = types.isin([int, float]) & ~blank
    if numeric.any():
        values.loc[numeric] = raw[numeric].map(_date_of_number)
        invalid |= numeric & values.isna()
    invalid |= ~blank & ~(types == str) & ~stamps & ~numeric
    return Parsed(values, blank, invalid)


def _as_datetime(value: object) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())


def _date_of_number(value: float) -> pd.Timestamp:
    if float(value).is_integer() and 19000101 <= value <= 20991231:
        return pd.to_datetime(str(int(value)), format="%Y%m%d", errors="coerce")
    if _SERIAL_MIN <= value <= _SERIAL_MAX:
        return (_EXCEL_EPOCH + pd.Timedelta(days=int(value))).normalize()
    return pd.NaT


PARSERS = {"text": parse_text, "int": parse_int, "float": parse_float, "bool": parse_bool, "date": parse_date}
