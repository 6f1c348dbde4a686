"""Print located issues (workbook and narrative problems) as one table."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.table import Table

from .errors import Issue

_LABEL = {"error": "[red]错误[/]", "warning": "[yellow]警告[/]", "note": "[cyan]提示[/]"}


def print_issues(issues: Iterable[Issue], console: Console) -> None:
    issues = list(dict.fromkeys(issues))
    if not issues:
        console.print("[green]未发现问题。[/]")
        return
    table = Table(show_lines=False, expand=False)
    for col in ("级别", "位置", "问题", "现值", "应为"):
        table.add_column(col, overflow="fold")
    for i in issues:
        table.add_row(_LABEL[i.severity], i.location(), i.message, "" if i.value is None else repr(i.value), i.expected or "")
    console.print(table)
    errors = sum(i.severity == "error" for i in issues)
    warnings = sum(i.severity == "warning" for i in issues)
    console.print(f"共 {errors} 处错误，{warnings} 处警告。" + ("请修改错误后重试。" if errors else ""))
