"""Load a township's workbook into typed, validated records.

`load_records(path)` reads every sheet with pandas' python-calamine engine, finds each
declared sheet and its header row (a title line above the header is fine), parses every
column with `fazhi.workbook.cells` and validates it against `fazhi.workbook.schema` in one pass, collecting
every problem as a located `Issue`. It raises `ValidationFailed` with all of them when any is
an error; otherwise it returns `Records`, whose DataFrames

* hold only the sheets present in the workbook (an absent sheet means "not reported"),
* have exactly the schema's Chinese column names, in schema order, and are indexed by the row
  number Excel shows (index name ``行号``),
* carry dates as datetime64, 是/否 as bool and counts as int64 (``boolean`` and ``Int64``
  when the column is optional), scores as float64, text and enumerations as str (NA if blank),
* never contain a personal column (当事人, 顾问姓名): those are validated, then dropped.

Rows that are entirely empty are skipped. Hidden rows and hidden sheets are loaded like any
other: hiding is a display choice, and python-calamine does not report it. Extra sheets and
columns are ignored with a note. Cells calamine reads as blank although they are not (Excel
error values, formulas saved without a value, merged cells in the data) are errors where they
are (`fazhi.workbook.cell_marks`), never blanks.

Validation is vectorised pandas per column rather than pydantic or pandera: a pydantic model
per row costs seconds on 50,000 rows, and pandera's checks cannot see the mess we accept
(text dates, √ for 是) nor name the Excel row and the user's original cell text.
docs/records.md has the developer notes: accepted mess, rejections, decisions, limitations.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from ..errors import InputError, Issue, Reason, ValidationFailed
from ..fonts import project_font_paths
from ..glyphs import FALLBACK, shown, unsettable
from ..project import Project, not_a_file, report_file_stem
from . import sheet_rules
from .cell_marks import mark_cells, mark_merged, package_problem, scan_workbook
from .cells import fold
from .headers import HEADER_SCAN_ROWS, find_header, find_vertical
from .parts import DocumentParts, read_parts
from .schema import INSTRUCTIONS_SHEET, SHEET_NAMES, SHEETS, Info, sheet
from .sheet_context import MAX_PER_PROBLEM, SheetContext
from .validate import header_issues, validate_sheet

ROW_INDEX_NAME = "行号"
MAX_STEM_BYTES = 240  # a report's file name without ".html": file systems allow 255 bytes


@dataclass(frozen=True)
class BasicInfo:
    """The 基本信息 sheet: who reports, for which year, to whom and when."""

    county: str  # 区县
    township: str  # 乡镇
    year: int  # 年度
    villages: int  # 行政村（社区）数
    issuer: str  # 发文机关
    recipient: str | None  # 主送机关
    date: dt.date  # 成文日期
    parts: DocumentParts = DocumentParts()  # 标题, 发文字号, 加盖印章, 不列图表

    @property
    def title(self) -> str:
        """The report's title: 标题, or the default 湟中区土门关乡2024年法治政府建设情况报告."""
        return self.parts.title_for(self.county, self.township, self.year)


@dataclass(frozen=True)
class Records:
    """A loaded workbook. `sheets` holds the record sheets present (基本信息 is `info`), in
    schema order; treat it and its frames as read-only. Picklable, for worker processes."""

    path: Path
    info: BasicInfo
    sheets: Mapping[str, pd.DataFrame]
    issues: tuple[Issue, ...] = ()

    def sheet(self, name: str) -> pd.DataFrame | None:
        """The sheet's records, or None when the workbook does not report it."""
        sheet(name)  # a misspelt name is a bug, not "not reported"
        return self.sheets.get(name)


@dataclass(frozen=True)
class _Loaded:
    info: BasicInfo | None
    sheets: dict[str, pd.DataFrame]
    issues: list[Issue]


def load_records(path: Path, *, township: str | None = None, year: int | None = None) -> Records:
    """Load and validate a workbook; raise `ValidationFailed` listing every issue on any error.

    `township` and `year` default to the file name and its folder (data/2024/土门关乡.xlsx);
    基本信息 must agree with them.
    """
    loaded = _load(Path(path), township, year)
    if loaded.info is None or any(i.severity == "error" for i in loaded.issues):
        raise ValidationFailed(loaded.issues)
    return Records(Path(path), loaded.info, loaded.sheets, tuple(loaded.issues))


def check_workbook(path: Path, *, township: str | None = None, year: int | None = None) -> list[Issue]:
    """Every issue in the workbook (errors, warnings, notes); never raises for bad content."""
    return _load(Path(path), township, year).issues


def check_township(project: Project, township: str, year: int) -> list[Issue]:
    """Workbook issues for one township and year (InputError when the workbook is missing;
    one saved as .xls is an error issue, so that `check --all` still checks the others)."""
    try:
        path = project.require_workbook(township, year)
    except InputError as exc:
        other = project.other_format(township, year)
        if other is None:
            raise
        return [Issue(display_name(other), str(exc), expected=".xlsx 工作簿", reason=Reason.WORKBOOK_FORMAT)]
    loaded = _load(path, township, year)
    return loaded.issues + _glyph_issues(display_name(path), loaded, project_font_paths(project.root))


def _glyph_issues(file: str, loaded: _Loaded, font_paths: list[Path]) -> list[Issue]:
    """A warning for each text cell holding a character no PDF font has (the PDF shows 〓 in
    its place; see `fazhi.glyphs`), at most `MAX_PER_PROBLEM` per column."""
    cells: list[tuple[str, int | None, str, str]] = []  # (sheet, row, column, text)
    if loaded.info is not None:
        info = loaded.info
        cells += [(Info.SHEET, None, name, text) for name, text in
                  ((Info.COUNTY, info.county), (Info.TOWNSHIP, info.township), (Info.ISSUER, info.issuer),
                   (Info.RECIPIENT, info.recipient or ""), (Info.TITLE, info.parts.title or ""),
                   (Info.DOC_NUMBER, info.parts.doc_number or ""))]
    for name, frame in loaded.sheets.items():
        for column in frame.columns:
            if sheet(name).column(column).kind == "text":
                texts = frame[column].dropna()
                cells += [(name, int(row), column, str(text)) for row, text in zip(texts.index.to_numpy(int), texts, strict=True)]
    refused = unsettable("".join(text for *_, text in cells), font_paths)
    if not refused:
        return []
    issues: list[Issue] = []
    per_column: dict[tuple[str, str], int] = {}
    for name, row, column, text in cells:
        found = {ch for ch in text if ch in refused}
        count = per_column[name, column] = per_column.get((name, column), 0) + bool(found)
        if found and count <= MAX_PER_PROBLEM:
            issues.append(Issue(file, f"PDF 的字体中没有字符{shown(found)}，PDF 中将显示为{FALLBACK}", "warning",
                                name, row, column, expected="改用常用字，或删去该字符（HTML 不受影响）",
                                reason=Reason.GLYPH_MISSING))
    return issues


def display_name(path: Path) -> str:
    """How messages name a workbook: its year folder and file name, e.g. 2024/土门关乡.xlsx."""
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def _defaults(path: Path, township: str | None, year: int | None) -> tuple[str, int | None]:
    if year is None and path.parent.name.isdigit():
        year = int(path.parent.name)
    return township or path.stem, year


def _read(path: Path) -> dict[str, pd.DataFrame]:
    if not os.path.lexists(path):  # a broken or looping link is named by `not_a_file`
        raise InputError(f"找不到工作簿：{path}")
    if (problem := not_a_file(path)) is not None:
        raise _Unreadable(problem, Reason.NOT_A_FILE)
    try:
        if (problem := package_problem(path)) is not None:
            raise _Unreadable(problem, Reason.WORKBOOK_TOO_LARGE)
        sheets: dict[str, pd.DataFrame] = pd.read_excel(path, sheet_name=None, header=None, engine="calamine", dtype=object)
        return sheets
    except PermissionError as exc:  # Windows: open with a lock in another program, or no read permission
        raise _Unreadable("无法打开工作簿：没有读取权限，或文件正被其他程序（如 WPS、Excel）独占打开。"
                          "请关闭该文件或检查权限后重试") from exc
    except _Unreadable:
        raise
    except Exception as exc:  # calamine raises its own, zipfile and ValueError types alike
        raise _Unreadable() from exc


class _Unreadable(Exception):
    """The workbook cannot be read; the message, when given, says why in Chinese."""

    def __init__(self, why: str = "无法读取工作簿：文件可能已损坏、加密或不是 Excel 格式。请用 Excel 或 WPS 另存为 .xlsx 后重试",
                 reason: Reason = Reason.WORKBOOK_UNREADABLE):
        super().__init__(why)
        self.reason = reason


def _load(path: Path, township: str | None, year: int | None) -> _Loaded:
    file = display_name(path)
    township, year = _defaults(path, township, year)
    try:
        raw = _read(path)
    except _Unreadable as exc:
        return _Loaded(None, {}, [Issue(file, str(exc), expected=".xlsx 工作簿", reason=exc.reason)])
    marks = scan_workbook(path)
    raw = {name: mark_cells(frame, marks[name]) if name in marks else frame for name, frame in raw.items()}
    issues: list[Issue] = []
    found = _match_sheets(file, raw, issues)
    for name, sheet_name in found.items():
        if sheet_name in marks and marks[sheet_name].unlocated:
            issues.append(Issue(
                file, f"有 {marks[sheet_name].unlocated} 个单元格是 Excel 错误值或没有计算结果的公式，无法确定其行号",
                sheet=name, expected="在 Excel 或 WPS 中改正这些单元格并保存后再试", reason=Reason.CELLS_UNLOCATED,
            ))

    info_sheet = sheet(Info.SHEET)
    info = None
    if Info.SHEET not in found:
        issues.append(Issue(file, f"缺少必需的工作表「{Info.SHEET}」", expected="一个名为「基本信息」的工作表",
                            reason=Reason.SHEET_MISSING))
    else:
        info_issues: list[Issue] = []
        frame, rows = _parse_info(SheetContext(file, info_sheet, year), raw[found[Info.SHEET]], info_issues)
        if frame is not None:
            info = _basic_info(file, frame, township, year, info_issues)
        issues += [replace(i, row=rows[i.column]) if i.column in rows else i for i in info_issues]
    report_year = year if year is not None else (info.year if info else None)

    sheets: dict[str, pd.DataFrame] = {}
    for spec in SHEETS:
        if spec.name == Info.SHEET or spec.name not in found:
            continue
        merged = marks[found[spec.name]].merged if found[spec.name] in marks else ()
        frame = _parse_sheet(SheetContext(file, spec, report_year), raw[found[spec.name]], issues, merged)
        if frame is not None:
            sheets[spec.name] = frame
            if frame.empty:
                issues.append(Issue(
                    file, "本表没有记录，报告按“全年为零”处理；如本单位不涉及此项工作，请删除此工作表", "note", spec.name,
                    reason=Reason.SHEET_EMPTY,
                ))
    return _Loaded(info, sheets, sorted(issues, key=_issue_order))


def _issue_order(issue: Issue) -> tuple[int, int]:
    """Issues in workbook order: by declared sheet (others last), then by row."""
    position = SHEET_NAMES.index(issue.sheet) if issue.sheet in SHEET_NAMES else len(SHEET_NAMES)
    return position, issue.row or 0


def _match_sheets(file: str, raw: dict[str, pd.DataFrame], issues: list[Issue]) -> dict[str, str]:
    """The workbook's sheet name for each declared sheet found, by schema name; tolerant of
    spaces and full-width forms in sheet names.

    Another sheet whose name contains a declared name (2024年矛盾纠纷台账, 矛盾纠纷 (2)) is
    not read, with a warning: it may hold records the report would otherwise miss."""
    wanted = {fold(s.name): s.name for s in SHEETS}
    found: dict[str, str] = {}
    others = []
    for name in raw:
        key = wanted.get(fold(str(name)))
        if key is None:
            others.append(str(name))
        elif key in found:
            issues.append(Issue(
                file, f"有两个工作表都对应「{key}」，无法确定用哪一个", sheet=str(name),
                expected="每类数据只保留一个工作表", reason=Reason.SHEET_DUPLICATE,
            ))
        else:
            found[key] = str(name)
    for name in others:
        similar = [s.name for s in SHEETS if s.name in fold(name)]
        if similar:
            target = similar[0]
            message = (f"工作表「{name}」未读取：「{target}」的数据只从工作表「{target}」读取，如有记录请合并过去"
                       if target in found else f"工作表「{name}」未读取：如果它就是「{target}」，请把工作表改名为「{target}」")
            issues.append(Issue(file, message, "warning", name, reason=Reason.SHEET_NOT_READ))
        elif fold(name) != INSTRUCTIONS_SHEET and raw[name].notna().to_numpy().any():
            issues.append(Issue(file, f"工作表「{name}」不属于数据表，已忽略", "note", name, reason=Reason.SHEET_IGNORED))
    return found


def _parse_sheet(ctx: SheetContext, raw: pd.DataFrame, issues: list[Issue],
                 merged: tuple[tuple[int, int, int, int], ...] = ()) -> pd.DataFrame | None:
    header = find_header(ctx.spec, raw)
    if header is None:
        wanted = "、".join(c.name for c in ctx.spec.columns if c.required)
        issues.append(Issue(
            ctx.file, f"前{HEADER_SCAN_ROWS}行中找不到表头行，本表未读取", sheet=ctx.spec.name,
            expected=f"表头行包含列名：{wanted}", reason=Reason.HEADER_NOT_FOUND,
        ))
        return None
    header_row = header.row + 1
    body = mark_merged(raw.iloc[header.body:], merged, header.body)
    body.index = pd.RangeIndex(header.body + 1, header.body + 1 + len(body), name=ROW_INDEX_NAME)
    issues.extend(header_issues(ctx, raw.iloc[header.row], body, header.columns, header_row))
    columns: dict[str, pd.Series] = {}
    for j, name in header.columns.items():
        columns.setdefault(name, body.iloc[:, j])
    return validate_sheet(ctx, columns, body.index, issues)


def _parse_info(ctx: SheetContext, raw: pd.DataFrame, issues: list[Issue]) -> tuple[pd.DataFrame | None, dict[str, int]]:
    """基本信息 laid out as a header row, or vertically as label | value rows. Returns the
    frame and, for the vertical layout, each field's Excel row (to locate its issues)."""
    fields = find_vertical(ctx.spec, raw)
    if fields is None:
        return _parse_sheet(ctx, raw, issues), {}
    rows = {name: pos + 1 for name, (pos, _) in fields.items()}
    index = pd.RangeIndex(min(rows.values()), min(rows.values()) + 1, name=ROW_INDEX_NAME)
    columns = {name: pd.Series([value], index=index, dtype=object) for name, (_, value) in fields.items()}
    for col in ctx.spec.columns:
        if col.required and col.name not in columns:
            issues.append(Issue(ctx.file, f"缺少「{col.name}」一项", "error", ctx.spec.name, None, col.name,
                                expected=f"一行写「{col.name}」，右侧单元格写值：{col.description}",
                                reason=Reason.COLUMN_MISSING))
    return validate_sheet(ctx, columns, index, issues), rows


def _basic_info(file: str, frame: pd.DataFrame, township: str, year: int | None,
                issues: list[Issue]) -> BasicInfo | None:
    if len(frame) == 0:
        issues.append(Issue(file, "基本信息没有填写", sheet=Info.SHEET, expected="表头下填写一行基本信息",
                            reason=Reason.INFO_EMPTY))
        return None
    if len(frame) > 1:
        issues.append(Issue(
            file, "基本信息只应填写一行", sheet=Info.SHEET, row=int(frame.index[1]),
            expected="删除多余的行", reason=Reason.INFO_SEVERAL_ROWS,
        ))
        return None
    row = frame.iloc[0]
    at = int(frame.index[0])
    issues.extend(sheet_rules.info_matches(file, row, at, township, year))
    county = row[Info.COUNTY]
    stem = report_file_stem(str(county), township, year or 0)
    if pd.notna(county) and len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        issues.append(Issue(file, "区县名称太长，报告的文件名会超过文件系统的上限", "error", Info.SHEET, at, Info.COUNTY,
                            expected="区县的正式名称，如 湟中区", reason=Reason.FILE_NAME_TOO_LONG))
    if any(pd.isna(row[c.name]) for c in sheet(Info.SHEET).columns if c.required):
        return None  # already reported as an error by validate_sheet
    recipient = row[Info.RECIPIENT]
    parts = read_parts(file, row, at, year, issues)
    return BasicInfo(
        county=str(row[Info.COUNTY]), township=str(row[Info.TOWNSHIP]), year=int(row[Info.YEAR]),
        villages=int(row[Info.VILLAGES]), issuer=str(row[Info.ISSUER]),
        recipient=None if pd.isna(recipient) else str(recipient), date=row[Info.DATE].date(), parts=parts,
    )


__all__ = ["BasicInfo", "Records", "check_township", "check_workbook", "display_name", "load_records"]
