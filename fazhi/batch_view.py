"""What `fazhi render` shows for a batch: a progress bar while it runs, a result table after.

The table has one row per report (已生成 / 未变化，跳过 / 失败 / 已中断) with its time and
messages; a message every rendered report shares (e.g. which substitute fonts the PDF used) is
printed once under the table instead of on every row.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from .batch import BatchResult, Outcome, Target

LABELS = {
    "rendered": "[green]已生成[/]",
    "skipped": "[dim]未变化，跳过[/]",
    "failed": "[bold red]失败[/]",
    "interrupted": "[yellow]已中断[/]",
}


def target_name(target: Target) -> str:
    return target.name if target.kind == "township" else f"{target.name}（汇总报告）"


class BatchView:
    """A rich progress bar over the reports that need rendering (a `batch.Listener`)."""

    def __init__(self, console: Console):
        self.console = console
        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, transient=True,
        )
        self.task: TaskID | None = None

    def __enter__(self) -> BatchView:
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def planned(self, to_render: Sequence[Target], skipped: Sequence[Target]) -> None:
        if skipped:
            self.console.print(f"{len(skipped)} 份报告的输入未变化，跳过（加 --force 可强制重新生成）。")
        if to_render:
            self.task = self.progress.add_task(f"生成 {len(to_render)} 份报告", total=len(to_render))
            self.progress.start()

    def finished(self, outcome: Outcome) -> None:
        if self.task is not None:
            text = f"{escape(target_name(outcome.target))} {LABELS[outcome.status]}"
            self.progress.update(self.task, advance=1, description=text)


def print_results(result: BatchResult, console: Console, folders: Sequence[Path]) -> None:
    """The table of every report's result, shared messages once, and a one-line summary."""
    rendered = [o for o in result.outcomes if o.status == "rendered"]
    shared = set.intersection(*(set(o.messages) for o in rendered)) if len(rendered) > 1 else set()
    table = Table(title="生成结果", title_justify="left", show_lines=False)
    table.add_column("报告")
    table.add_column("结果")
    table.add_column("用时", justify="right")
    table.add_column("说明", overflow="fold")
    for outcome in result.outcomes:
        notes = [m for m in outcome.messages if m not in shared]
        seconds = f"{outcome.seconds:.1f} 秒" if outcome.status in ("rendered", "failed") else ""
        table.add_row(escape(target_name(outcome.target)), LABELS[outcome.status], seconds, escape("\n".join(notes)))
    console.print(table)
    for message in sorted(shared):
        console.print(f"[yellow]提示：[/]{escape(message)}")
    counts = {status: sum(o.status == status for o in result.outcomes) for status in LABELS}
    summary = f"已生成 {counts['rendered']} 份，跳过 {counts['skipped']} 份，失败 {counts['failed']} 份"
    if result.interrupted:
        summary += f"，中断 {counts['interrupted']} 份（已完成的报告保持完整，再次运行将从中断处继续）"
    console.print(summary + "。输出目录：" + "、".join(escape(str(f)) for f in folders))


def print_single(outcome: Outcome, console: Console) -> None:
    """One report: its messages, then each output with what happened to it."""
    for message in outcome.messages:
        console.print(f"[yellow]提示：[/]{escape(message)}")
    if outcome.status == "skipped":
        console.print("输入与上次生成时相同，未重新生成（加 --force 可强制重新生成）：")
    for path in outcome.outputs:
        console.print(f"{LABELS[outcome.status]} {escape(str(path))}")
    if outcome.status == "interrupted":
        console.print("已中断，未生成。")
