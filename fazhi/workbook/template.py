"""The blank workbook a township fills in, derived from the schema (openpyxl).

`blank_workbook()` builds it in memory: a 说明 sheet first, then one sheet per declared sheet
with a bold frozen header row, a comment on every header (description, type, allowed values),
a dropdown for every enumeration and 是/否 column, date and text number formats, input checks
for counts and dates, and column widths that fit the content. 基本信息 is prefilled.
`write_template()` saves it without ever overwriting a file; `save_workbook()` saves any
workbook with fixed timestamps so that the same content gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.constants import ARC_CORE
from openpyxl.xml.functions import tostring

from ..errors import InputError
from .carryover import CarryOver, apply
from .column_text import KIND_NAMES, rule_texts
from .schema import INSTRUCTIONS_SHEET, NO, SHEETS, YES, Column, Info, Sheet

TEMPLATE_ROWS = 2000  # rows covered by dropdowns and input checks below the header
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FONT = Font(bold=True, color="C00000")
_OPTIONAL_FONT = Font(bold=True)
_KIND_WIDTH = {"text": 18, "int": 10, "float": 10, "date": 13, "bool": 8, "enum": 12}
DATE_FORMAT = "yyyy-mm-dd"


def write_template(path: Path, *, township: str, year: int, county: str = "湟中区",
                   now: dt.datetime | None = None, carry: CarryOver | None = None) -> Path:
    """Write the blank workbook to `path`, with what `carry` takes over from the previous
    year (`carryover`); refuse (InputError) if the file exists."""
    if path.exists():
        raise InputError(
            f"文件已存在：{path}。为避免覆盖已填写的数据，未写入。"
            "如需重新生成，请先将原文件改名或移走，或用 --output 指定其他路径。"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = blank_workbook(township=township, year=year, county=county)
    if carry is not None:
        apply(wb, carry)
    save_workbook(wb, path, now=now)
    return path


def blank_workbook(*, township: str, year: int, county: str = "湟中区") -> Workbook:
    """The blank workbook, 基本信息 prefilled with county, township, year and issuer."""
    wb = Workbook()
    _instructions(wb.active, township, year)
    for spec in SHEETS:
        ws = wb.create_sheet(spec.name)
        _data_sheet(ws, spec, year)
    info = wb[Info.SHEET]
    prefill = {Info.COUNTY: county, Info.TOWNSHIP: township, Info.YEAR: year, Info.ISSUER: f"{township}人民政府"}
    for j, col in enumerate(_info_columns(), start=1):
        if col.name in prefill:
            info.cell(2, j, prefill[col.name])
    return wb


def _info_columns() -> tuple[Column, ...]:
    return next(s for s in SHEETS if s.name == Info.SHEET).columns


def _instructions(ws: Worksheet, township: str, year: int) -> None:
    ws.title = INSTRUCTIONS_SHEET
    lines = [
        (f"{township}{year}年度法治政府建设工作台账（填写说明）", Font(bold=True, size=14)),
        ("1. 每个工作表第一行是表头，请勿修改表头文字和工作表名称；从第二行起每行填写一条记录。", None),
        ("2. 红色表头为必填列；把鼠标移到表头上可看到填写说明。带下拉箭头的单元格请从列表中选择。", None),
        ("3. 日期写成 2024-03-05、2024/3/5 或 2024年3月5日 均可；是/否列可填 是、否、√、×。", None),
        ("4. 除“基本信息”外，本单位没有的工作（如无行政执法权）请删除对应工作表，报告将不涉及该项；"
         "保留工作表但不填记录，表示该项工作全年为零。", None),
        (f"5. 日期应在 {year} 年内（法律顾问签约期限可跨年）；编号列在同一表内不能重复。", None),
        ("6. " + "".join(f"“{c}”" for s in SHEETS for c in s.personal_columns) + "等个人信息仅供本单位留存，不会出现在报告中。",
         None),
        ("7. 填好后运行 fazhi check 检查，所有问题会一次列出（工作表、行号、列名）。", None),
        ("", None),
        ("工作表", Font(bold=True)),
    ]
    for text, font in lines:
        ws.append([text])
        if font:
            ws.cell(ws.max_row, 1).font = font
    for spec in SHEETS:
        ws.append([f"{spec.name}（{'必填' if spec.required else '选填'}）：{spec.description}"])
    ws.column_dimensions["A"].width = 110
    for row in ws.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def _comment(col: Column, year: int) -> Comment:
    parts = [f"{col.description}。", f"类型：{KIND_NAMES[col.kind]}；{'必填' if col.required else '选填'}。"]
    parts += [f"{rule}。" for rule in rule_texts(col, year)]
    if col.example:
        parts.append(f"例：{col.example}")
    comment = Comment("\n".join(parts), "fazhi")
    comment.width, comment.height = 260, 40 + 18 * len(parts)
    return comment


def _width(col: Column) -> float:
    """Characters wide enough for the header and the longest choice (CJK counts double)."""
    def cells(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    longest = max([cells(col.name)] + [cells(c) for c in col.choices] + [cells(col.example) if col.kind == "text" else 0])
    return max(col.width or _KIND_WIDTH[col.kind], min(longest + 2, 40))


def _data_sheet(ws: Worksheet, spec: Sheet, year: int) -> None:
    ws.freeze_panes = "A2"
    last = 2 if spec.single_row else TEMPLATE_ROWS + 1
    for j, col in enumerate(spec.columns, start=1):
        letter = get_column_letter(j)
        cell = ws.cell(1, j, col.name)
        cell.font = _REQUIRED_FONT if col.required else _OPTIONAL_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.comment = _comment(col, year)
        dim = ws.column_dimensions[letter]
        dim.width = _width(col)
        # Text format keeps 编号 like 001 and 节点 like 4.15 as typed instead of numbers.
        dim.number_format = DATE_FORMAT if col.kind == "date" else ("@" if col.kind in ("text", "enum") else "General")
        validation = _validation(col, year)
        if validation is not None:
            ws.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{last}")
    ws.row_dimensions[1].height = 30


def _validation(col: Column, year: int) -> DataValidation | None:
    """A dropdown for choices and 是/否; a warning-style check for counts and dates.

    An enumeration's dropdown refuses other values ("stop"); a 是/否 dropdown only warns, so
    that √ and ×, which 说明 allows and the loader reads, can be typed in Excel and WPS."""
    if col.kind == "enum":
        dv = DataValidation(type="list", formula1='"' + ",".join(col.choices) + '"', allow_blank=True,
                            showErrorMessage=True, errorStyle="stop")
        dv.error = "请从下拉列表中选择：" + "、".join(col.choices)
    elif col.kind == "bool":
        dv = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True,
                            showErrorMessage=True, errorStyle="warning")
        dv.error = f"可从下拉列表选择 {YES} 或 {NO}；填 √ 或 × 也可以（点“是”保留）"
    elif col.kind == "int" and col.minimum is not None:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1=f"{col.minimum:g}",
                            allow_blank=True, showErrorMessage=True, errorStyle="warning")
        dv.error = f"应为不小于 {col.minimum:g} 的整数"
    elif col.kind == "date" and col.year_rule == "inside":
        dv = DataValidation(type="date", operator="between", formula1=f"DATE({year},1,1)",
                            formula2=f"DATE({year},12,31)", allow_blank=True, showErrorMessage=True,
                            errorStyle="warning")
        dv.error = f"应为 {year} 年内的日期"
    else:
        return None
    dv.errorTitle = col.name
    dv.prompt, dv.promptTitle, dv.showInputMessage = col.description, col.name, True
    return dv


_FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def save_workbook(wb: Workbook, path: Path, *, now: dt.datetime | None = None) -> None:
    """Save `wb` with its document dates set to `now` (default 2000-01-01) and zip entry
    times fixed, so that equal content gives equal bytes."""
    stamp = now or dt.datetime(*_FIXED_ZIP_TIME)
    buffer = io.BytesIO()
    wb.save(buffer)  # openpyxl stamps "modified" with the clock here; core.xml is rewritten below
    wb.properties.created = wb.properties.modified = stamp
    core = tostring(wb.properties.to_tree())
    buffer.seek(0)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, _FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, core if item.filename == ARC_CORE else src.read(item.filename))
