"""The district's status board: where each township of the roster stands for a year.

`build_board(project, config, year)` answers, for every township of `fazhi.toml`'s roster:
has its workbook come in (已报送 / 未报送 / 数据有误 n 处 / 格式不对), does it have its own
narrative or the default one, has its report been rendered (and when) and is it still current
or are its inputs changed since (过期, naming what changed), and did its PDF embed stand-in
fonts (替代字体). The answers come from the files and the output folder's `manifest.json`
(read through `fazhi.manifest`): a report that is current was rendered from a valid workbook,
so only the workbooks of townships without a current report are validated, and a warm board
imports no pandas. `board_rows` is the one place the board is put in words, for the terminal
(`print_board`), the HTML page beside the reports (`board_html`) and the export's sheet.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .config import CONFIG_FILE, ProjectConfig, unknown_file_issues
from .errors import Issue
from .fonts import FontRole, load_roles
from .inputs import township_inputs
from .manifest import Entry, FileHash, Fingerprint, fingerprint, is_current, read_manifest, sha256_file
from .project import Project

WorkbookState = Literal["reported", "missing", "invalid", "other_format"]
ReportState = Literal["current", "stale", "missing"]
WORKBOOK_LABELS = {"reported": "已报送", "missing": "未报送", "invalid": "数据有误", "other_format": "格式不对"}
BOARD_NAME = "报送情况"
VERSIONS_CHANGED = "程序或工具版本"
OUTPUTS_CHANGED = "输出文件被改动或删除"


@dataclass(frozen=True)
class Report:
    """A report as the manifest knows it: current, stale (with what changed) or never rendered."""

    state: ReportState
    rendered_at: datetime | None = None
    changed: tuple[str, ...] = ()  # input paths changed since, or VERSIONS_CHANGED / OUTPUTS_CHANGED
    outputs: tuple[Path, ...] = ()
    stand_in_fonts: tuple[str, ...] = ()  # stand-in faces the PDF embeds


@dataclass(frozen=True)
class TownshipStatus:
    name: str
    category: str
    workbook: WorkbookState
    errors: int  # errors in the workbook (0 unless invalid)
    own_narrative: bool
    report: Report

    @property
    def ready(self) -> bool:
        """Its workbook is valid and its report current, with the government fonts."""
        return self.workbook == "reported" and self.report.state == "current" and not self.report.stand_in_fonts


@dataclass(frozen=True)
class Board:
    county: str
    year: int
    townships: tuple[TownshipStatus, ...]
    stray_files: tuple[Issue, ...]  # workbooks and narratives named for no township of the roster
    summary: Report  # the district summary (render --district)

    @property
    def ready(self) -> bool:
        return all(t.ready for t in self.townships) and not self.stray_files and self.summary.state == "current"

    def count(self, workbook: WorkbookState) -> int:
        return sum(t.workbook == workbook for t in self.townships)


def township_key(township: str) -> str:
    return f"乡镇/{township}"  # = batch.Target.key, without importing the batch


def district_key(county: str) -> str:
    return f"区县/{county}"


# -- building -------------------------------------------------------------------------------------
def build_board(project: Project, config: ProjectConfig, year: int, output_dir: Path | None = None) -> Board:
    """The board for `year` (see the module doc); `output_dir` defaults to output/<year>/."""
    from .district import district_inputs

    folder = output_dir or project.output_dir(year)
    manifest = read_manifest(folder)
    stand_ins = _stand_in_names(load_roles(project.templates_dir))
    found = set(project.townships(year))
    townships = []
    for entry in config.ordered:
        name = entry.name
        workbook: WorkbookState = "missing"
        errors = 0
        report = Report("missing")
        if name in found and not project.workbook(name, year).exists():
            workbook = "other_format"
        elif name in found:
            report = _report(manifest.get(township_key(name)), township_inputs(project, name, year).files, project, folder,
                             stand_ins)
            errors = 0 if report.state == "current" else _errors(project, name, year)
            workbook = "invalid" if errors else "reported"
        own = (project.narrative_dir / str(year) / f"{name}.md").exists()
        townships.append(TownshipStatus(name, entry.category or "", workbook, errors, own, report))
    summary = _report(manifest.get(district_key(config.county)), district_inputs(project, year).files, project, folder, stand_ins)
    return Board(config.county, year, tuple(townships), tuple(unknown_file_issues(project, config, year)), summary)


def _errors(project: Project, township: str, year: int) -> int:
    """The workbook's errors, through the records cache (a valid workbook loaded before costs
    an unpickle; one with errors is validated every time, as `fazhi check` does)."""
    from .errors import ValidationFailed
    from .workbook import load_records_cached

    try:
        load_records_cached(project.root, project.workbook(township, year), township=township, year=year)
    except ValidationFailed as exc:
        return sum(i.severity == "error" for i in exc.issues)
    return 0


def _report(entry: Entry | None, inputs: Sequence[tuple[str, Path]], project: Project, folder: Path,
            stand_ins: frozenset[str]) -> Report:
    if entry is None:
        return Report("missing")
    rendered = datetime.fromisoformat(entry.rendered_at)
    outputs = tuple(folder / o.path for o in entry.outputs)
    fonts = tuple(sorted({f for p in outputs if p.suffix == ".pdf" and p.is_file() for f in embedded_stand_ins(p, stand_ins)}))
    try:
        now = fingerprint(project, [(role, path) for role, path in inputs if path.exists()], engine=entry.fingerprint.engine)
    except FileNotFoundError:  # removed while we looked
        return Report("stale", rendered, (OUTPUTS_CHANGED,), outputs, fonts)
    if is_current(entry, now, entry.formats, folder):
        return Report("current", rendered, (), outputs, fonts)
    return Report("stale", rendered, _changes(entry, now, folder), outputs, fonts)


def _changes(entry: Entry, now: Fingerprint, folder: Path) -> tuple[str, ...]:
    """What differs between the recorded fingerprint and today's: input paths, versions, outputs."""
    before = {f.path: f.sha256 for f in entry.fingerprint.inputs}
    after = {f.path: f.sha256 for f in now.inputs}
    changed = [path for path in sorted(before.keys() | after.keys()) if before.get(path) != after.get(path)]
    if entry.fingerprint.versions != now.versions:
        changed.append(VERSIONS_CHANGED)
    if any(not _intact(folder, o) for o in entry.outputs):
        changed.append(OUTPUTS_CHANGED)
    return tuple(changed)


def _intact(folder: Path, output: FileHash) -> bool:
    path = folder / output.path
    return path.is_file() and sha256_file(path) == output.sha256


# -- fonts in a PDF -------------------------------------------------------------------------------
_BASE_FONT = re.compile(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^\s/<>\[\]()]+)")


def _squash(name: str) -> str:
    return re.sub(r"[\s_-]", "", name).casefold()


def _stand_in_names(roles: Sequence[FontRole]) -> frozenset[str]:
    return frozenset(_squash(f) for role in roles for f in role.free)


def embedded_stand_ins(pdf: Path, stand_ins: frozenset[str]) -> list[str]:
    """The stand-in faces (a `free` family of templates/fonts.json) a PDF embeds, by their
    PostScript names ("FandolFang-Regular"). Typst writes font dictionaries uncompressed, so
    the names are read from the bytes without parsing the PDF (~1 ms)."""
    names = {m.decode("latin-1").removesuffix("-Identity-H") for m in _BASE_FONT.findall(pdf.read_bytes())}
    return sorted(n for n in names if any(_squash(n).startswith(s) for s in stand_ins))


# -- in words -------------------------------------------------------------------------------------
BOARD_HEADER = ("序号", "乡镇", "类别", "工作簿", "叙述稿", "报告", "字体", "是否就绪")


def _when(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


def report_words(report: Report) -> str:
    """已生成（2025-01-20 10:31） / 过期（data/2024/甲镇.xlsx 已变化） / 未生成."""
    if report.state == "missing":
        return "未生成"
    if report.state == "current":
        return f"已生成（{_when(report.rendered_at)}）"
    return f"过期（{_when(report.rendered_at)} 生成后有变化：{'、'.join(report.changed)}）"


def workbook_words(t: TownshipStatus) -> str:
    return f"数据有误（{t.errors} 处）" if t.workbook == "invalid" else WORKBOOK_LABELS[t.workbook]


def board_rows(board: Board) -> list[tuple[str, ...]]:
    """The board as text, one row per township (the header is `BOARD_HEADER`)."""
    rows: list[tuple[str, ...]] = []
    for number, t in enumerate(board.townships, 1):
        fonts = "" if t.report.state == "missing" else ("替代字体：" + "、".join(t.report.stand_in_fonts)
                                                        if t.report.stand_in_fonts else "公文字体")
        narrative = "自有" if t.own_narrative else "默认"
        rows.append((str(number), t.name, t.category, workbook_words(t), narrative, report_words(t.report), fonts,
                     "就绪" if t.ready else "未就绪"))
    return rows


def board_summary(board: Board) -> list[str]:
    """The lines under the board: counts, the summary report, stray files, what to do."""
    total = len(board.townships)
    lines = [f"{board.county}{board.year}年度：名单 {total} 个乡镇，已报送 {board.count('reported')} 个，"
             f"未报送 {board.count('missing')} 个，数据有误 {board.count('invalid')} 个，"
             f"格式不对 {board.count('other_format')} 个；就绪 {sum(t.ready for t in board.townships)} 个。",
             f"区县汇总报告：{report_words(board.summary)}。"]
    lines += [f"名单外的文件：{i.file}。{i.message}" for i in board.stray_files]
    if board.ready:
        lines.append("全部就绪：可以运行 fazhi export 导出报送材料。")
    else:
        lines.append(f"尚未全部就绪。数据有误的乡镇运行 fazhi check --township <乡镇> --year {board.year} 查看错误；"
                     f"过期或未生成的报告运行 fazhi render --all --district {board.county} --year {board.year}。")
    return lines


def print_board(board: Board, console: Console) -> None:
    table = Table(title=f"{board.county}{board.year}年度{BOARD_NAME}", title_justify="left")
    for column in BOARD_HEADER:
        table.add_column(column, overflow="fold")
    styles = {"就绪": "green", "未就绪": "yellow"}
    for row in board_rows(board):
        cells = [Text(c) for c in row]  # Text: names are data, never markup
        cells[-1].stylize(styles[row[-1]])
        if row[3] != WORKBOOK_LABELS["reported"]:
            cells[3].stylize("red")
        table.add_row(*cells)
    console.print(table)
    for line in board_summary(board):
        console.print(Text(line))


def board_file_name(board: Board) -> str:
    return f"{board.county}{board.year}年度{BOARD_NAME}.html"


def board_html(board: Board, generated: datetime) -> str:
    """The board as one self-contained HTML page (no script, no external resource)."""
    e = html.escape
    head = "".join(f"<th scope=\"col\">{e(h)}</th>" for h in BOARD_HEADER)
    body = []
    for row, t in zip(board_rows(board), board.townships, strict=True):
        cells = "".join(f"<td>{e(c)}</td>" for c in row)
        body.append(f"<tr class=\"{'ready' if t.ready else 'pending'}\">{cells}</tr>")
    notes = "".join(f"<p>{e(line)}</p>" for line in board_summary(board))
    title = e(f"{board.county}{board.year}年度{BOARD_NAME}")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: "FangSong", "仿宋", "Noto Serif CJK SC", serif; margin: 2em; color: #111; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #999; padding: .3em .6em; text-align: left; vertical-align: top; }}
th {{ background: #eee; font-family: "SimHei", "黑体", sans-serif; }}
tr.pending td:last-child {{ color: #a40; font-weight: bold; }}
tr.ready td:last-child {{ color: #060; }}
</style></head><body>
<h1>{title}</h1>
<p>生成时间：{e(_when(generated))}（由 fazhi status 生成，名单见 {CONFIG_FILE}）</p>
<table><thead><tr>{head}</tr></thead><tbody>
{chr(10).join(body)}
</tbody></table>
{notes}
</body></html>
"""


__all__ = [
    "BOARD_HEADER", "Board", "Report", "TownshipStatus", "board_file_name", "board_html", "board_rows",
    "board_summary", "build_board", "embedded_stand_ins", "print_board",
]
