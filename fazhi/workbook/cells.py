"""Turn raw workbook cells into typed values, one whole column at a time.

Excel and WPS users write the same value many ways: full-width digits and spaces, numbers
stored as text, dates as real dates, serial numbers or text in several spellings, 是/否 as
√ / ✓ / Y / 1. Each kind has a small per-value reader (`read_int`, `read_date`, …) that
returns the typed value, `BLANK` or `INVALID`; `parse_column` applies one to a column of raw
cells as python-calamine hands them to pandas (str, int, float, bool, datetime, time, NaN).

Speed: a column is factorised first and each *distinct* value is read once, so an enumeration
column of 50,000 rows costs a dozen reads. Blank cells are never invalid here; whether a blank
is allowed is the validator's business.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from .cell_marks import Broken
from .schema import Column

# Unicode whitespace plus the invisible characters users paste in (zero-width space, BOM).
_STRIP = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "\u200b\u200c\u200d\ufeff"
_ALL_SPACE = re.compile(f"[{re.escape(_STRIP)}]+")
_DATE_TEXT = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    r"|(\d{4})(\d{2})(\d{2})"
)
# A number, optionally followed by the unit the column counts in ("12人", "3次", "2024年"):
# the unit does not change the number. "15余" (more than 15) is not a number and is rejected.
_NUMBER_TEXT = re.compile(r"(?P<n>[+-]?(\d+(\.\d*)?|\.\d+))(人次|人|次|份|件|个|名|场|年|分)?")
_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3})")
# Excel serial day numbers for 2000-01-01 .. 2099-12-31: a bare number in a date column that
# falls here is a date whose cell format was lost (WPS exports, paste as values).
_SERIAL_MIN, _SERIAL_MAX = 36526, 73415
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MAX_EXACT = 2**53
_WHOLE_TOLERANCE = 1e-12
# An ID cell that holds only 2–6 Chinese characters (· for minority names) is likely a name.
_NAME_LIKE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff·]{2,6}")

TRUE_WORDS = ("是", "√", "✓", "✔", "☑", "Y", "YES", "TRUE", "T", "1", "对", "有")
FALSE_WORDS = ("否", "×", "✗", "✘", "☒", "N", "NO", "FALSE", "F", "0", "无")
_BOOL_WORDS = {w: True for w in TRUE_WORDS} | {w: False for w in FALSE_WORDS}


class _Marker:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


BLANK = _Marker("BLANK")
INVALID = _Marker("INVALID")


@dataclass(frozen=True)
class Parsed:
    """A parsed column: typed `values` (missing where blank, invalid or broken) and masks.

    `broken` marks the cells holding a `cell_marks.Broken` (an Excel error value, a formula
    without a value, a merged cell). A quiet one (error value, merged cell) is also `blank`:
    alone, it does not make its row a record.
    """

    values: pd.Series
    blank: pd.Series
    invalid: pd.Series
    broken: pd.Series


def fold(text: str) -> str:
    """The comparison form of a name or choice: NFKC (full-width → ASCII), no spaces at all."""
    return _ALL_SPACE.sub("", unicodedata.normalize("NFKC", text))


def strip(text: str) -> str:
    """Text without edge whitespace of any width, nor zero-width characters."""
    return text.strip(_STRIP)


def display(value: object) -> str:
    """A raw cell as the user sees it: 12.0 → "12", a date cell → 2024-03-05."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else f"{value:g}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _text_or_blank(value: object) -> str | _Marker:
    """Common first step: NaN and whitespace-only text are blank; other text is stripped."""
    if isinstance(value, str):
        text = strip(value)
        return text if text else BLANK
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return BLANK
    return display(value)


def read_text(value: object) -> object:
    """Text as written, edge spaces removed; a number typed into a text column becomes text."""
    return _text_or_blank(value)


def _number(value: object) -> float | _Marker:
    if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        return INVALID
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return BLANK
        return float(value) if math.isfinite(value) else INVALID
    text = _text_or_blank(value)
    if text is BLANK:
        return BLANK
    text = _ALL_SPACE.sub("", _THOUSANDS.sub("", unicodedata.normalize("NFKC", str(text))))
    match = _NUMBER_TEXT.fullmatch(text)
    return float(match["n"]) if match else INVALID


def read_int(value: object) -> object:
    """Whole numbers (counts, years); 12.0, "１,２００" and "12人" are accepted, 12.5 and "约12" are not.

    A formula's result may miss its whole number by a rounding error (499.99999999999994 for
    500, which Excel shows as 500): within a relative 1e-12 it is that whole number."""
    number = _number(value)
    if isinstance(number, float):
        whole = round(number)
        close = abs(number - whole) <= _WHOLE_TOLERANCE * max(1.0, abs(number))
        # Beyond 2**53 a float is no longer an exact whole number, and no count is that big.
        return whole if close and abs(number) <= _MAX_EXACT else INVALID
    return number


def read_id(value: object) -> object:
    """A registration number (编号) in its comparison form, so that spellings of one number are
    one number: full-width characters made ASCII, spaces and zero-width characters removed."""
    text = _text_or_blank(value)
    if isinstance(text, _Marker) or (text.isascii() and text.isprintable() and " " not in text):
        return text  # already in comparison form (the common case, and much faster)
    return fold(text)


def looks_like_name(text: str) -> bool:
    """True for an ID that is only Chinese characters, as a person's name is (上官婉儿)."""
    return bool(_NAME_LIKE.fullmatch(text))


def read_float(value: object) -> object:
    """Decimal numbers (scores)."""
    return _number(value)


def read_bool(value: object) -> object:
    """是/否 in the usual spellings (√ ✓ Y 1 / × ✗ N 0); Excel TRUE/FALSE too."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and not (isinstance(value, float) and math.isnan(value)):
        return bool(value) if value in (0, 1) else INVALID
    text = _text_or_blank(value)
    if text is BLANK:
        return BLANK
    return _BOOL_WORDS.get(unicodedata.normalize("NFKC", str(text)).upper(), INVALID)


def read_enum(value: object, lookup: dict[str, str]) -> object:
    """One of the choices, compared by `fold`. A number or date cell is read as the text it
    shows: Excel turns a typed 4.15 into a number and may turn 12.4 into a date."""
    if isinstance(value, dt.datetime | dt.date):
        key = f"{value.month}.{value.day}"
    elif isinstance(value, float) and not math.isnan(value) and not value.is_integer():
        key = repr(value)
    else:
        text = _text_or_blank(value)
        if text is BLANK:
            return BLANK
        key = fold(str(text))
    return lookup.get(key, INVALID)


def read_date(value: object) -> object:
    """Dates: Excel dates, serial numbers, or text 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日,
    20240305 (full-width digits too). Day-first or two-digit years are ambiguous and rejected;
    a time of day is dropped."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or isinstance(value, dt.time | dt.timedelta):
        return INVALID
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return BLANK
        return _date_of_number(value)
    text = _text_or_blank(value)
    if text is BLANK:
        return BLANK
    match = _DATE_TEXT.fullmatch(unicodedata.normalize("NFKC", str(text)))
    if not match:
        return INVALID
    y, m, d = (int(g) for g in (match.groups()[:3] if match.group(1) else match.groups()[3:]))
    return _date(y, m, d)


def _date(y: int, m: int, d: int) -> dt.date | _Marker:
    try:
        return dt.date(y, m, d)
    except ValueError:  # 2024-02-30
        return INVALID


def _date_of_number(value: float) -> dt.date | _Marker:
    if float(value).is_integer() and 19000101 <= value <= 20991231:
        v = int(value)
        return _date(v // 10000, v // 100 % 100, v % 100)
    if _SERIAL_MIN <= value <= _SERIAL_MAX:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    return INVALID


_DTYPE = {"text": "str", "enum": "str", "int": "Int64", "float": "float64", "bool": "boolean",
          "date": "datetime64[us]"}


def reader(col: Column) -> Callable[[object], object]:
    """The per-value reader for a declared column."""
    if col.unique and col.kind == "text":
        return read_id
    if col.kind == "enum":
        lookup = {fold(c): c for c in col.choices} | {fold(a): c for a, c in col.value_aliases}
        return partial(read_enum, lookup=lookup)
    return {"text": read_text, "int": read_int, "float": read_float, "bool": read_bool, "date": read_date}[col.kind]


def parse_column(col: Column, raw: pd.Series) -> Parsed:
    """Read every cell of `raw` as `col` declares; each distinct value is read once.

    Booleans are kept apart from the factorisation because Python hashes True like 1.
    A `Broken` cell reads as missing; it is flagged in `broken` (and `blank` if quiet).
    """
    cells = raw.to_numpy(dtype=object)
    is_bool = np.fromiter((type(v) is bool for v in cells), bool, len(cells))
    codes, uniques = pd.factorize(np.where(is_bool, None, cells))
    read = reader(col)
    broken_u = np.fromiter((isinstance(v, Broken) for v in uniques), bool, len(uniques))
    results = [(BLANK if v.quiet else None) if b else read(v) for v, b in zip(uniques, broken_u)] + [BLANK]
    out = np.empty(len(results), dtype=object)
    out[:] = results  # code -1 (NaN/None) → the last entry, BLANK
    mapped = out[codes]
    if is_bool.any():
        mapped[is_bool] = [read(v) for v in cells[is_bool]]
    blank = np.fromiter((v is BLANK for v in mapped), bool, len(mapped))
    invalid = np.fromiter((v is INVALID for v in mapped), bool, len(mapped))
    mapped[blank | invalid] = None
    values = pd.Series(mapped, index=raw.index, dtype=object)
    values = pd.to_datetime(values) if col.kind == "date" else values
    broken = np.append(broken_u, False)[codes]
    return Parsed(values.astype(_DTYPE[col.kind]), pd.Series(blank, index=raw.index),
                  pd.Series(invalid, index=raw.index), pd.Series(broken, index=raw.index))
