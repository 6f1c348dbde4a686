"""Cells that python-calamine reads as blank although they are not: Excel error values
(`#N/A`, `#REF!`), formulas saved without a computed value, and the covered cells of a merged
range. Each becomes a `Broken` marker in the raw sheet so validation reports it where it is
instead of reading a blank (a silently wrong total).

python-calamine 0.9 turns error cells and value-less formulas into empty strings and exposes
no formulas, so `scan_workbook` reads the sheet XML of an .xlsx itself. It is cheap: one
decompression per sheet and a few substring searches; the regular expressions run only on the
cells a search found. Merged ranges come from the same XML. Another format (.xls, .ods) or an
unreadable package gives no marks (and calamine reports the unreadable file).

`package_problem` runs before calamine reads anything: calamine holds a sheet as one dense
block from its first to its last filled cell, so one stray value at XFD1048576 would ask for
17 billion cells, and a small zip bomb for gigabytes. Both are refused with the sheet and cell.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from xml.etree import ElementTree

import pandas as pd

from ..errors import Reason

BrokenKind = Literal["error", "formula", "merged"]
BROKEN_KINDS: tuple[BrokenKind, ...] = ("error", "formula", "merged")
BROKEN_REASONS: dict[BrokenKind, Reason] = {
    "error": Reason.CELL_ERROR_VALUE, "formula": Reason.CELL_FORMULA_WITHOUT_VALUE, "merged": Reason.CELL_MERGED,
}


@dataclass(frozen=True)
class Broken:
    """A cell whose value cannot be read: `text` is the error value ("#N/A"), the formula
    ("SUM(F2:F9)"; "" for a shared formula, whose text is in another cell) or the merged
    range ("F3:F4")."""

    kind: BrokenKind
    text: str

    @property
    def quiet(self) -> bool:
        """True when the cell alone does not make its row a record: error values fill rows
        below a table when a lookup formula is dragged down, merged ranges cover empty rows.
        A formula without a value may hide anything, so its row is always read."""
        return self.kind != "formula"

    def shown(self) -> str | None:
        """What a message quotes as the cell's value (nothing for a merged cell)."""
        if self.kind == "merged" or not self.text:
            return None
        return self.text if self.kind == "error" else f"={self.text}"

    def message(self, row: int) -> str:
        if self.kind == "error":
            return f"单元格为 Excel 错误值{f' {self.text}' if self.text else ''}，请改为正确的值"
        if self.kind == "formula":
            return "公式没有计算结果，请在 Excel 或 WPS 中打开并保存后再试"
        return f"合并单元格（{self.text}）：第{row}行读不到值，请取消合并并逐行填写"


@dataclass(frozen=True)
class SheetMarks:
    """One sheet's unreadable cells by 0-based (row, column), its merged ranges as 0-based
    inclusive (first row, first column, last row, last column), and how many error or formula
    cells had no cell reference to locate them by."""

    cells: Mapping[tuple[int, int], Broken] = field(default_factory=dict)
    merged: tuple[tuple[int, int, int, int], ...] = ()
    unlocated: int = 0


_P = rb"(?:[\w.-]+:)?"  # an optional namespace prefix: some writers emit <x:c>
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_STRING_TYPE = re.compile(rb'\bt="str"')
_ERROR_VALUE = re.compile(rb"<" + _P + rb"v>([^<]*)</" + _P + rb"v>|</" + _P + rb"c>")
_FORMULA = re.compile(rb"<" + _P + rb"f\b[^>]*?(?:/>|>([^<]*)</" + _P + rb"f>)")
_NO_VALUE = re.compile(rb"\s*(?:<" + _P + rb"v\s*/>|<" + _P + rb"v>\s*</" + _P + rb"v>)?\s*</" + _P + rb"c>")
_MERGE = re.compile(rb"<" + _P + rb'mergeCell\b[^>]*\bref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')
_CELL_TAG = re.compile(rb"<" + _P + rb"c\b")
_VALUE_TAG = re.compile(rb"<" + _P + rb"v\b")


# Bounds of what a township workbook may hold: a large real one is 50,000 rows × 20 columns
# (20 MB of XML). Beyond these calamine would allocate hundreds of megabytes or more.
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes, all parts of the package together
MAX_CELLS = 3_000_000  # rows × columns of a sheet's block, first row and column to last filled cell
_WIDE = re.compile(rb' r="([A-Z]{2,3})(\d+)"')  # columns from AA on: rare, so the search is fast
_DEEP = re.compile(rb' r="([A-Z]{1,3})(\d{6,7})"')  # rows from 100,000 on
_ANY_REF = re.compile(rb' r="([A-Z]{1,3})(\d+)"')
_EMPTY_BODY = re.compile(rb"\s*(?:<" + _P + rb"v\s*/>|<" + _P + rb"v></" + _P + rb"v>)?\s*</" + _P + rb"c>")
_CELL_TYPE = re.compile(rb'\bt="(\w+)"')


def package_problem(path: Path) -> str | None:
    """Why the .xlsx package at `path` is too big to read (in Chinese), or None. A package that
    is not a readable zip is left to calamine, which reports it."""
    try:
        with zipfile.ZipFile(path) as z:
            size = sum(i.file_size for i in z.infolist())
            if size > MAX_UNCOMPRESSED:
                return (f"工作簿解压后达 {size // 2**20} MB，超过 {MAX_UNCOMPRESSED // 2**20} MB 的上限"
                        "（文件可能已损坏或被构造）。请把数据复制到新的空白工作簿（fazhi template 生成）后保存")
            for name, part in _sheet_parts(z).items():
                extent = sheet_extent(z.read(part))
                if extent is not None and extent[0] * extent[1] > MAX_CELLS:
                    return (f"工作表「{name}」的 {extent[2]} 单元格有内容，使表格区域达 {extent[0]} 行 × {extent[1]} 列，"
                            f"超过 {MAX_CELLS} 个单元格的上限。请删除远处多余的单元格（或整行整列）后保存")
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, ElementTree.ParseError, StopIteration):
        return None
    return None


def sheet_extent(xml: bytes) -> tuple[int, int, str] | None:
    """An upper bound of the block calamine allocates for a worksheet's XML: (rows, columns,
    the farthest filled cell's reference); None for a sheet with no filled cell. Empty cells
    (``<c r="…" s="1"/>``, formatting only) do not count. Only references with a two-letter
    column or a six-digit row are looked at one by one (a normal sheet has none); otherwise
    the columns are bounded by Z."""
    end = xml.rfind(b"sheetData>")
    last = None
    for m in _ANY_REF.finditer(xml, max(xml.rfind(b"<row", 0, end if end >= 0 else len(xml)), 0)):
        if _filled(xml, m.end()):
            last = m
    if last is None:
        return None
    rows, cols, far = int(last[2]), 26, (int(last[2]), _column(last[1]))
    for m in (*_WIDE.finditer(xml), *_DEEP.finditer(xml)):
        if _filled(xml, m.end()):
            row, col = int(m[2]), _column(m[1]) + 1
            rows, cols = max(rows, row), max(cols, col)
            far = max(far, (row, col - 1), key=lambda rc: rc[0] * (rc[1] + 1))
    return rows, cols, _ref(far[0] - 1, far[1])


def _filled(xml: bytes, inside: int) -> bool:
    """Whether the cell whose tag contains position `inside` holds something calamine reads
    (and so allocates up to). Formatting alone is no content: ``<c r="…" s="1"/>``, ``<c …></c>``
    and an empty value of a number, shared-string or boolean cell (``<c …><v></v></c>``) are
    empty to calamine too; an inline or formula string, a date, an error value or a formula
    is content even when empty (calamine keeps an empty string; `scan_sheet` marks the others,
    and `mark_cells` grows the sheet to reach them)."""
    close = xml.find(b">", inside)
    if close < 0:
        return False
    kind = _CELL_TYPE.search(xml, xml.rfind(b"<", 0, inside), close)
    if xml[close - 1:close] == b"/":
        return kind is not None and kind[1] == b"e"
    return _EMPTY_BODY.match(xml, close + 1) is None or (kind is not None and kind[1] not in (b"n", b"s", b"b"))


def scan_workbook(path: Path) -> dict[str, SheetMarks]:
    """Marks of every sheet that has any, by sheet name; {} when `path` is not an .xlsx package."""
    try:
        with zipfile.ZipFile(path) as z:
            return {name: marks for name, part in _sheet_parts(z).items()
                    if (marks := scan_sheet(z.read(part))) != SheetMarks()}
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, ElementTree.ParseError, OSError,
            StopIteration):
        return {}  # calamine read it; without marks it loads as before


def scan_sheet(xml: bytes) -> SheetMarks:
    """The marks of one worksheet's XML. Substring searches find the few cells to look at:
    one regular expression over the sheet would cost 0.25 s on 20 MB of XML."""
    cells: dict[tuple[int, int], Broken] = {}
    unlocated = 0
    for tag, broken in (*_error_cells(xml), *_uncached_formulas(xml)):
        where = _position(tag)
        if where is None:
            unlocated += 1
        else:
            cells[where] = broken
    tail = max(xml.rfind(b"sheetData>"), 0)  # <mergeCells> follows the cells: search only there
    merged = tuple(_merged(m) for m in _MERGE.finditer(xml, tail)) if xml.find(b"mergeCell", tail) >= 0 else ()
    return SheetMarks(cells, merged, unlocated)


def _error_cells(xml: bytes) -> Iterator[tuple[bytes, Broken]]:
    """(cell tag, mark) for each cell of type "e". Every writer seen (Excel, WPS, LibreOffice,
    openpyxl) quotes attributes with "."""
    at = xml.find(b't="e"')
    while at >= 0:
        tag, end = _cell_tag(xml, at)
        if tag is not None:
            value = None if tag.endswith(b"/>") else _ERROR_VALUE.search(xml, end)
            yield tag, Broken("error", _text(value[1] or b"") if value else "")
        at = xml.find(b't="e"', at + 1)


def _uncached_formulas(xml: bytes) -> Iterator[tuple[bytes, Broken]]:
    """(cell tag, mark) for each formula followed by no value, or by an empty one outside a
    text formula (whose empty value is the empty string: rightly blank). A formula element
    ends in "f>" (</f>, </x:f>), or is a shared formula's <f si="…"/>."""
    if xml.find(b"f>") < 0:
        return
    for needle in (b"f>", b'si="'):
        at = xml.find(needle)
        while at >= 0:
            start = xml.rfind(b"<", 0, at)
            closing = xml.startswith(b"</", start)
            if needle == b"f>" and closing:
                start = xml.rfind(b"<", 0, start)  # the opening tag: formula text has no "<"
            formula = _FORMULA.match(xml, start) if closing or needle != b"f>" else None
            if formula and formula.end() > at and (needle == b"f>" or formula[0].endswith(b"/>")):
                value = _NO_VALUE.match(xml, formula.end())
                tag, _ = _cell_tag(xml, start) if value else (None, 0)
                if tag is not None and value is not None and not (_VALUE_TAG.search(value[0]) and _STRING_TYPE.search(tag)):
                    yield tag, Broken("formula", _text(formula[1] or b""))
            at = xml.find(needle, at + 1)


def mark_cells(frame: pd.DataFrame, marks: SheetMarks) -> pd.DataFrame:
    """A copy of a raw sheet (as read with header=None) with a `Broken` in each marked cell,
    grown when calamine's data range stops before a marked cell."""
    if not marks.cells:
        return frame
    rows = max([frame.shape[0]] + [r + 1 for r, _ in marks.cells])
    cols = max([frame.shape[1]] + [c + 1 for _, c in marks.cells])
    out = frame.reindex(index=range(rows), columns=range(cols)).astype(object)
    for (r, c), broken in marks.cells.items():
        out.iat[r, c] = broken
    return out


def mark_merged(body: pd.DataFrame, merged: tuple[tuple[int, int, int, int], ...], first: int) -> pd.DataFrame:
    """The data rows of a sheet (starting at 0-based row `first`) with a `Broken` in each blank
    cell that a merged range covers; the range's first cell keeps its value."""
    out = body
    for r0, c0, r1, c1 in merged:
        text = f"{_ref(r0, c0)}:{_ref(r1, c1)}"
        for r in range(max(r0, first), min(r1, first + len(body) - 1) + 1):
            for c in range(c0, min(c1, body.shape[1] - 1) + 1):
                if (r, c) != (r0, c0) and pd.isna(out.iat[r - first, c]):
                    out = out.copy() if out is body else out
                    out.iat[r - first, c] = Broken("merged", text)
    return out


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → worksheet part, following the package's relationships."""
    book = next(t for kind, t in _relations(z, "", "_rels/.rels") if kind.endswith("/officeDocument"))
    folder, name = posixpath.split(book)
    targets = dict(_relations(z, folder, posixpath.join(folder, "_rels", name + ".rels"), by_id=True))
    names = set(z.namelist())
    parts = {}
    for el in ElementTree.fromstring(z.read(book)).iter():
        if el.tag.rsplit("}", 1)[-1] == "sheet":
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
            if rid in targets and targets[rid] in names:
                parts[el.get("name", "")] = targets[rid]
    return parts


def _relations(z: zipfile.ZipFile, folder: str, rels: str, *, by_id: bool = False) -> list[tuple[str, str]]:
    out = []
    for el in ElementTree.fromstring(z.read(rels)).iter():
        if el.tag.rsplit("}", 1)[-1] == "Relationship":
            target = el.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out.append((el.get("Id" if by_id else "Type", ""), target))
    return out


def _cell_tag(xml: bytes, inside: int) -> tuple[bytes | None, int]:
    """The opening tag of the cell element around position `inside` (within its tag or its
    first child) and where it ends; None when the position is not in a cell."""
    start = xml.rfind(b"<", 0, inside + 1)
    if not _CELL_TAG.match(xml, start):
        start = xml.rfind(b"<", 0, start)  # `inside` was in the first child: <c ...><f>
        if start < 0 or not _CELL_TAG.match(xml, start):
            return None, 0
    end = xml.find(b">", start) + 1
    return xml[start:end], end


def _text(raw: bytes) -> str:
    return html.unescape(raw.decode("utf-8", "replace")).strip()


def _position(tag: bytes) -> tuple[int, int] | None:
    m = _REF.search(tag)
    return (int(m[2]) - 1, _column(m[1])) if m else None


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _merged(m: re.Match[bytes]) -> tuple[int, int, int, int]:
    r0, c0 = int(m[2]) - 1, _column(m[1])
    return (r0, c0, int(m[4]) - 1, _column(m[3])) if m[3] else (r0, c0, r0, c0)


def _ref(row: int, col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"
