"""What the district office hands on: a workbook of key indicators and a zip of every report.

`export_year(project, config, year)` writes, beside the reports (output/<year>/):

- `<区县><年度>年法治政府建设主要指标汇总.xlsx`: sheet 主要指标 has one row per township of the
  roster, for each key indicator (the township report's 主要指标 table, `SUMMARY_KEYS`) this
  year's value beside last year's, units in the header, rates as percentages, and a 全区合计 row
  computed as the district summary computes it (counts summed, rates re-computed from summed
  parts, last year over the same townships); a township without a valid workbook keeps its row
  with its state; sheet 报送情况 is the status board; sheet 说明 says how the numbers are made.
- `<区县><年度>年法治政府建设情况报告汇总.zip`: every report's PDF (and DOCX when rendered)
  recorded in the folder's manifest.json whose file is intact, a manifest.json of those files
  (so every hash can be checked against the files beside it) and the workbook above.

Both files are written atomically (`fazhi.atomic`): a failed export leaves the previous one.
"""

from __future__ import annotations

import dataclasses
import io
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .atomic import write_all
from .config import ProjectConfig
from .indicators import Indicator, IndicatorSet, Value
from .manifest import MANIFEST, Entry, read_manifest, sha256_file, write_manifest
from .project import REPORT_NAME, Project
from .status import BOARD_HEADER, BOARD_NAME, Board, board_rows, build_board

TOTAL_ROW = "全区合计"
# Outputs that go into the zip, by role (the manifest's output roles): what is submitted. The
# HTML pages stay out (each carries its own 4.8 MB of plotly.js, and nobody submits them).
ZIPPED_ROLES = ("pdf", "docx")
# Already compressed inside: stored as they are (deflating them again costs time, saves nothing).
STORED_SUFFIXES = (".pdf", ".docx", ".xlsx")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_MISSING_FONT = Font(color="7F7F7F", italic=True)


@dataclass(frozen=True)
class Export:
    workbook: Path
    archive: Path
    zipped: tuple[str, ...]  # names inside the zip
    left_out: tuple[str, ...]  # outputs named by the manifest but missing or modified
    board: Board  # the status board the export was made with


def workbook_name(county: str, year: int) -> str:
    return f"{county}{year}年法治政府建设主要指标汇总.xlsx"


def archive_name(county: str, year: int) -> str:
    """湟中区2024年法治政府建设情况报告汇总.zip."""
    return f"{county}{year}年{REPORT_NAME}汇总.zip"


def export_year(project: Project, config: ProjectConfig, year: int, output_dir: Path | None = None,
                now: datetime | None = None) -> Export:
    """Write the workbook and the zip (see the module doc) and say what went in."""
    from .district.summary import district_indicators, load_district

    folder = output_dir or project.output_dir(year)
    board = build_board(project, config, year, folder)
    catalogue = export_catalogue()
    data = load_district(project, config.county, year, allow_empty=True, catalogue=catalogue)
    totals = district_indicators(data.townships, catalogue) if data.townships else None
    values = {t.name: t.indicators for t in data.townships}
    book = indicator_workbook(board, values, totals, now=now)
    workbook = folder / workbook_name(config.county, year)
    archive = folder / archive_name(config.county, year)
    payload, zipped, left_out = _archive(folder, {workbook.name: book}, now)
    write_all({workbook: book, archive: payload})
    return Export(workbook, archive, zipped, left_out, board)


# -- the workbook ---------------------------------------------------------------------------------
def export_keys() -> tuple[str, ...]:
    from .tables.summary import SUMMARY_KEYS

    return SUMMARY_KEYS


def export_catalogue() -> tuple[Indicator, ...]:
    """The indicators the export shows and the ones their rates are computed from: a third of
    the catalogue, so an export of many townships computes no figure it does not print."""
    from .indicators import CATALOGUE
    from .indicators.measures import Ratio

    wanted = set(export_keys())
    for indicator in CATALOGUE:
        if indicator.key in wanted and isinstance(indicator.compute, Ratio):
            wanted |= {indicator.compute.numerator_name, indicator.compute.denominator_name} - {""}
    return tuple(i for i in CATALOGUE if i.key in wanted)


def indicator_workbook(board: Board, values: dict[str, IndicatorSet], totals: IndicatorSet | None,
                       now: datetime | None = None) -> bytes:
    """The .xlsx as bytes: 主要指标 (one row per township, a totals row), 报送情况, 说明."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "主要指标"
    _indicator_sheet(sheet, board, values, totals)
    _board_sheet(book.create_sheet(BOARD_NAME), board)
    _notes_sheet(book.create_sheet("说明"), board)
    if now is not None:
        book.properties.created = book.properties.modified = now.replace(tzinfo=None)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _indicator_sheet(ws: Worksheet, board: Board, values: dict[str, IndicatorSet], totals: IndicatorSet | None) -> None:
    year = board.year
    keys = export_keys()
    ws.cell(1, 1, "乡镇")
    ws.cell(1, 2, "报送情况")
    ws.merge_cells(start_row=1, start_column=1, end_row=2, end_column=1)
    ws.merge_cells(start_row=1, start_column=2, end_row=2, end_column=2)
    sample = next(iter(values.values()), totals)
    for i, key in enumerate(keys):
        column = 3 + 2 * i
        unit = sample[key].unit if sample is not None else ""
        ws.cell(1, column, f"{key}（{unit}）" if unit else key)
        ws.merge_cells(start_row=1, start_column=column, end_row=1, end_column=column + 1)
        ws.cell(2, column, f"{year}年")
        ws.cell(2, column + 1, f"{year - 1}年")
    row = 3
    for township, words in zip(board.townships, board_rows(board), strict=True):
        ws.cell(row, 1, township.name)
        ws.cell(row, 2, words[BOARD_HEADER.index("工作簿")])
        if township.name in values:
            _values(ws, row, values[township.name], keys)
        row += 1
    ws.cell(row, 1, TOTAL_ROW)
    ws.cell(row, 2, f"{len(values)} 个乡镇")
    if totals is not None:
        _values(ws, row, totals, keys)
    _style(ws, header_rows=2, last_row=row, last_column=2 + 2 * len(keys), total_row=row)
    ws.freeze_panes = "C3"
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 14
    for column in range(3, 3 + 2 * len(keys)):
        ws.column_dimensions[get_column_letter(column)].width = 11
    ws.row_dimensions[1].height = 48


def _values(ws: Worksheet, row: int, indicators: IndicatorSet, keys: Sequence[str]) -> None:
    """This year's and last year's value of each key; a missing one as its reason (未报送 …)."""
    for i, key in enumerate(keys):
        v = indicators[key]
        for offset, (year, value) in enumerate(((v.year, v.value), (v.year - 1, v.previous))):
            _number(ws.cell(row, 3 + 2 * i + offset), v, value, year)


def _number(cell: object, v: Value, value: int | float | None, year: int) -> None:
    from openpyxl.cell.cell import Cell

    assert isinstance(cell, Cell)
    if value is None:
        cell.value = v.reason(year)
        cell.font = _MISSING_FONT
        cell.alignment = Alignment(horizontal="center")
        return
    cell.value = value
    cell.number_format = "0.0%" if v.indicator.kind == "rate" else ("0" if float(value).is_integer() else "0.00")


def _style(ws: Worksheet, *, header_rows: int, last_row: int, last_column: int, total_row: int | None) -> None:
    for row in ws.iter_rows(min_row=1, max_row=last_row, max_col=last_column):
        for cell in row:
            cell.border = _BORDER
            if cell.row <= header_rows:
                cell.font = Font(bold=True)
                cell.fill = _HEADER_FILL
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            elif cell.row == total_row:
                cell.font = Font(bold=True, italic=cell.font.italic)
                cell.fill = _TOTAL_FILL


def _board_sheet(ws: Worksheet, board: Board) -> None:
    ws.append(list(BOARD_HEADER))
    for row in board_rows(board):
        ws.append([int(row[0]), *row[1:]])
    _style(ws, header_rows=1, last_row=len(board.townships) + 1, last_column=len(BOARD_HEADER), total_row=None)
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGH", (6, 14, 8, 16, 14, 40, 30, 10), strict=True):
        ws.column_dimensions[letter].width = width


def _notes_sheet(ws: Worksheet, board: Board) -> None:
    lines = (
        f"{board.county}{board.year}年度法治政府建设主要指标汇总，由 fazhi export 从各乡镇工作簿生成。",
        "“主要指标”每个乡镇一行，每项指标本年与上年并列；单位见表头。",
        "“未报送”：该乡镇工作簿未填报相应工作表；“不适用”：比率的分母为 0；“数据有误”的乡镇未计入。",
        f"“{TOTAL_ROW}”：数量为各乡镇合计（只计报送了相应工作表的乡镇）；比率按各乡镇分子、分母分别加总后计算；"
        "上年合计只计本年同一批乡镇，其中有乡镇缺上年数据时为“部分乡镇未报送”。",
        "“报送情况”与 fazhi status 的报送情况表相同。",
    )
    for line in lines:
        ws.append([line])
    ws.column_dimensions["A"].width = 120


# -- the zip --------------------------------------------------------------------------------------
def _archive(folder: Path, extra: dict[str, bytes], now: datetime | None) -> tuple[bytes, tuple[str, ...], tuple[str, ...]]:
    """The zip's bytes: every intact submitted output the manifest records, `extra`, and a
    manifest.json of the zipped files only (each entry as recorded, its other outputs dropped),
    so every output it lists is in the zip with its hash."""
    entries = read_manifest(folder)
    files: dict[str, bytes] = {}
    kept: list[Entry] = []
    left_out: list[str] = []
    for key in sorted(entries):
        outputs = []
        for output in entries[key].outputs:
            path = folder / output.path
            if output.role not in ZIPPED_ROLES:
                continue
            if not path.is_file() or sha256_file(path) != output.sha256:
                left_out.append(output.path)
                continue
            files[output.path] = path.read_bytes()
            outputs.append(output)
        if outputs:
            kept.append(dataclasses.replace(entries[key], outputs=tuple(outputs)))
    with tempfile.TemporaryDirectory(prefix="fazhi-export-") as scratch:
        files[MANIFEST] = write_manifest(Path(scratch), kept).read_bytes()
    files.update(extra)
    stamp = (now or datetime.now()).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            _add(archive, name, data, stamp)
    return out.getvalue(), tuple(files), tuple(left_out)


def _add(archive: zipfile.ZipFile, name: str, data: bytes, stamp: tuple[int, ...]) -> None:
    info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
    info.compress_type = zipfile.ZIP_STORED if name.endswith(STORED_SUFFIXES) else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


__all__ = ["Export", "archive_name", "export_year", "indicator_workbook", "workbook_name"]
