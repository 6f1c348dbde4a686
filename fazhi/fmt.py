"""The one formatting module: every number a reader sees goes through here.

Table cells, chart labels and hover text, and narrative sentences all call these functions, so
"12.3%" is written the same way everywhere. The rules (Chinese report conventions):

- counts are plain integers without thousands separators ("1234"), 0 is "0";
- percentages and percentage points always carry one decimal ("12.3%", "100.0%", "0.0%",
  "提高10.0个百分点"), rounded half up;
- other decimals carry at most one decimal, a trailing ".0" dropped ("2.5万元", "3万元");
- a value that was not reported (None) is "未报送", never 0;
- dates are "2025年1月9日" (Arabic numerals, no leading zeros);
- changes read "同比增长12.5%", "同比减少3件", "与上年持平", "上年未报送"; a rate changes by
  percentage points ("同比提高2.1个百分点"). A count whose previous value was 0 changes by an
  absolute amount ("同比增加3件") because a percentage of zero is meaningless.

Example: ``pct(0.1234) == "12.3%"``, ``change(9, 8, "count") == "同比增长12.5%"``.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

NOT_REPORTED = "未报送"

Kind = Literal["count", "rate", "amount"]

__all__ = ["NOT_REPORTED", "Kind", "change", "count", "date_cn", "number", "pct"]


def _round1(x: float) -> Decimal:
    """Round to one decimal half-up (not banker's rounding: 0.125 → 12.5%, as a reader expects)."""
    return Decimal(repr(float(x))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _decimal(x: float) -> str:
    """At most one decimal, trailing ".0" dropped: 2.5 → "2.5", 3.0 → "3", 2.96 → "3"."""
    text = f"{_round1(x):f}"
    return text[:-2] if text.endswith(".0") else text


def count(n: int | float | None) -> str:
    """An integer count: 12 → "12"; None → "未报送"."""
    if n is None:
        return NOT_REPORTED
    return str(int(round(n)))


def pct(x: float | None) -> str:
    """A ratio as a percentage with one decimal: 0.1234 → "12.3%", 1.0 → "100.0%"."""
    if x is None:
        return NOT_REPORTED
    text = f"{_round1(x * 100):f}"
    return "0.0%" if text == "-0.0" else f"{text}%"


def number(x: int | float | None, unit: str) -> str:
    """A value with its unit: (12, "次") → "12次", (0.5, "%") → "50.0%", (2.5, "万元") → "2.5万元"."""
    if x is None:
        return NOT_REPORTED
    if unit == "%":
        return pct(x)
    if isinstance(x, int) or float(x).is_integer():
        return f"{int(x)}{unit}"
    return f"{_decimal(x)}{unit}"


def change(
    current: int | float | None,
    previous: int | float | None,
    kind: Kind,
    unit: str = "",
    prefix: str = "同比",
) -> str:
    """Year-over-year change in words; `unit` is used when the change is absolute.

    Counts and amounts change by a percentage of last year's value, or by an absolute amount
    when last year's value was 0; rates change by percentage points. A change that rounds to
    nothing at the shown precision is "与上年持平". A table whose column is headed 变化 passes
    ``prefix=""`` for the short forms "增长12.5%", "持平".
    """
    if previous is None:
        return "上年未报送"
    if current is None:
        return "本年未报送"
    same = "与上年持平" if prefix else "持平"
    if kind == "rate":
        # from the shown values, so "96.3%" against "96.4%" reads 下降0.1个百分点, never 持平
        points = _round1(current * 100) - _round1(previous * 100)
        if points == 0:
            return same
        word = "提高" if points > 0 else "下降"
        return f"{prefix}{word}{abs(points):f}个百分点"
    delta = current - previous
    if delta == 0:
        return same
    if previous != 0:
        ratio = delta / previous
        if _round1(abs(ratio) * 100) != 0:
            return f"{prefix}{'增长' if delta > 0 else '下降'}{pct(abs(ratio))}"
    return f"{prefix}{'增加' if delta > 0 else '减少'}{number(abs(delta), unit)}"


def date_cn(d: date) -> str:
    """date(2025, 1, 9) → "2025年1月9日"."""
    return f"{d.year}年{d.month}月{d.day}日"
