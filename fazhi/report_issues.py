"""Print located issues (workbook and narrative problems) as one table, then count them by reason."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .errors import Issue, Reason

_LABEL = {"error": "[red]错误[/]", "warning": "[yellow]警告[/]", "note": "[cyan]提示[/]"}


def count_by_reason(issues: Iterable[Issue]) -> list[tuple[Reason, int]]:
    """How many issues there are of each reason, the most frequent first (ties in enum order)."""
    counts = Counter(i.reason for i in issues)
    order = list(Reason)
    return sorted(counts.items(), key=lambda item: (-item[1], order.index(item[0])))


def print_issues(issues: Iterable[Issue], console: Console) -> None:
    issues = list(dict.fromkeys(issues))
    if not issues:
        console.print("[green]未发现问题。[/]")
        return
    table = Table(show_lines=False, expand=False)
    for col in ("级别", "位置", "问题", "现值", "应为"):
        table.add_column(col, overflow="fold")
    for i in issues:  # escaped: a cell value such as "[red]" is text, not rich markup
        cells = (i.location(), i.message, "" if i.value is None else repr(i.value), i.expected or "")
        table.add_row(_LABEL[i.severity], *(escape(c) for c in cells))
    console.print(table)
    errors = sum(i.severity == "error" for i in issues)
    warnings = sum(i.severity == "warning" for i in issues)
    console.print(f"共 {errors} 处错误，{warnings} 处警告。" + ("请修改错误后重试。" if errors else ""))
    kinds = count_by_reason(issues)
    if len(kinds) > 1:
        console.print("按类型：" + "，".join(escape(f"{reason.label} {n} 处") for reason, n in kinds) + "。")
