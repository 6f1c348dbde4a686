"""The formatting rules every surface shares (fazhi/fmt.py docstring)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi import fmt


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (12, "12"), (12345, "12345"), (3.0, "3"), (None, "未报送")],
)
def test_count(value, text):
    assert fmt.count(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.1234, "12.3%"),
        (1.0, "100.0%"),
        (0, "0.0%"),
        (0.125, "12.5%"),
        (0.00125, "0.1%"),  # half up, not banker's rounding
        (2 / 3, "66.7%"),
        (None, "未报送"),
    ],
)
def test_pct_one_decimal_always(value, text):
    assert fmt.pct(value) == text


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (12, "次", "12次"),
        (0, "件", "0件"),
        (0.5, "%", "50.0%"),
        (2.5, "万元", "2.5万元"),
        (3.0, "人", "3人"),
        (2.96, "万元", "3万元"),
        (None, "次", "未报送"),
    ],
)
def test_number(value, unit, text):
    assert fmt.number(value, unit) == text


@pytest.mark.parametrize(
    ("current", "previous", "kind", "unit", "text"),
    [
        (9, 8, "count", "件", "同比增长12.5%"),
        (6, 8, "count", "件", "同比下降25.0%"),
        (3, 0, "count", "件", "同比增加3件"),
        (5, 5, "count", "件", "与上年持平"),
        (5, None, "count", "件", "上年未报送"),
        (None, 5, "count", "件", "本年未报送"),
        (0.95, 0.929, "rate", "%", "同比提高2.1个百分点"),
        (0.9, 1.0, "rate", "%", "同比下降10.0个百分点"),
        (0.9001, 0.9, "rate", "%", "与上年持平"),
        (20001, 20000, "count", "人次", "同比增加1人次"),  # 0.005% shows as 0.0%: say the amount
    ],
)
def test_change(current, previous, kind, unit, text):
    assert fmt.change(current, previous, kind, unit) == text


def test_change_short_form_for_table_columns():
    assert fmt.change(9, 8, "count", "件", prefix="") == "增长12.5%"
    assert fmt.change(0.95, 0.929, "rate", "%", prefix="") == "提高2.1个百分点"
    assert fmt.change(5, 5, "count", "件", prefix="") == "持平"


def test_date_cn_has_no_leading_zeros():
    assert fmt.date_cn(date(2025, 1, 9)) == "2025年1月9日"
    assert fmt.date_cn(date(2024, 12, 31)) == "2024年12月31日"


def test_rate_change_agrees_with_the_shown_values():
    # 93.75% shows as 93.8% and 100% as 100.0%: the reader subtracts 6.2, not 6.25 → 6.3
    assert fmt.change(0.9375, 1.0, "rate") == "同比下降6.2个百分点"
    # 96.3% against 96.4% is a visible difference, not 持平
    assert fmt.change(0.963, 0.9642, "rate") == "同比下降0.1个百分点"
