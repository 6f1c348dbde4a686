"""`fazhi check`'s table: every issue shown as text, then counted by reason."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from fazhi.errors import Issue, Reason
from fazhi.report_issues import count_by_reason, print_issues
from fazhi.workbook.records import check_workbook

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "workbooks"


def test_issues_are_counted_by_reason_most_frequent_first():
    issues = check_workbook(FIXTURES / "many_problems.xlsx", township="土门关乡", year=2024)
    counts = count_by_reason(issues)
    assert sum(n for _, n in counts) == len(issues)
    assert [n for _, n in counts] == sorted((n for _, n in counts), reverse=True)
    assert dict(counts) == {reason: sum(i.reason == reason for i in issues) for reason in {i.reason for i in issues}}


def test_the_printed_table_ends_with_the_count_by_reason_and_shows_markup_as_text():
    issues = [Issue("a.xlsx", "必填项为空", sheet="会议研究", row=r, column="议题", reason=Reason.VALUE_REQUIRED) for r in (2, 3)]
    issues.append(Issue("a.xlsx", "无法识别的值", sheet="会议研究", row=4, column="日期", value="[red]去年[/]",
                        reason=Reason.VALUE_INVALID))
    console = Console(width=300, record=True)
    print_issues(issues, console)
    text = console.export_text()
    assert "'[red]去年[/]'" in text  # a cell's value is never read as rich markup
    last = text.strip().splitlines()[-1]
    assert last == f"按类型：{Reason.VALUE_REQUIRED.label} 2 处，{Reason.VALUE_INVALID.label} 1 处。"


def test_every_reason_has_a_distinct_code_and_a_chinese_label():
    assert len({r.value for r in Reason}) == len(Reason) == len({r.label for r in Reason})
    assert all(r.value.isascii() and r.value == r.value.lower() for r in Reason)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in r.label) for r in Reason)
