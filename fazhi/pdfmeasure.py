"""Measure a PDF's page layout from the PDF itself: what `fazhi check-pdf` compares with GB/T 9704.

Reads glyph positions with pdfplumber (pure Python, so the check runs wherever fazhi runs, no
poppler needed), the font dictionaries and XMP packet with its pdfminer layer, and the ink
boxes of the page number's dashes with pypdfium2 (pdfplumber's own renderer). Text is grouped
into lines by baseline. The margins are the extremes of every glyph box on every page
(punctuation, table cells and chart labels included; page numbers excluded), so a mark that
reaches into a margin moves the figure, as it would for anyone measuring the PDF.

*Running text* is the lines of ten or more glyphs with no gap wider than a character between
two of them (so not table rows or chart labels); the body size is their most common size, and
*body lines* are the lines in that size. From them: the line pitch (most common distance
between consecutive body lines on a page), the grid (the most common baseline position modulo
the pitch), characters per line (lines running margin to margin), lines per page (those the
pitch fits in the text block, checked against the fullest page). A *full body page* is a page
other than the last whose lines are all body lines and that holds as many as any such page.
What a reviewer looks for page by page is listed too: blank share, widows, a lone 落款, notes
apart from their table, lines off the grid, stretched lines. Lengths are in millimetres.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError

PT_MM = 25.4 / 72
PAGE_NUMBER = re.compile(r"^[—–―－\-]+(\d+)[—–―－\-]+$")
DASHES = "—–―－-"
SIZE_TOLERANCE = 0.6  # pt: same nominal size despite rounding in the PDF
BLOCK = (28.0, 37.0, 184.0, 262.0)  # GB/T 9704 text block: left, top, right, bottom (mm)
DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
NOTE = re.compile(r"^(数据来源|资料来源|注[：:])")
LIST_MARKS = "•·-–—*"


@dataclass(frozen=True)
class Line:
    """One line of glyphs on a page, in millimetres from the top-left corner."""

    page: int
    baseline: float
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    size: float
    widest_gap: float = 0.0  # mm: the widest space between two neighbouring glyphs
    gaps: tuple[float, ...] = ()  # mm: the space between each glyph and the next

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def is_cjk(self) -> bool:
        """Only full-width characters (ideographs, CJK punctuation): each takes one grid cell."""
        return all(ord(ch) >= 0x2E80 or ch in "“”‘’—…·" for ch in self.text)


@dataclass(frozen=True)
class PageNumber:
    page: int
    text: str
    number: int
    x0: float
    x1: float
    top: float
    size: float


@dataclass(frozen=True)
class FontUse:
    name: str
    embedded: bool


@dataclass(frozen=True)
class PdfReport:
    """Everything check-pdf compares; None where the PDF gave nothing to measure."""

    path: Path
    pages: int
    page_sizes: tuple[tuple[float, float], ...]
    body_size: float | None
    full_pages: tuple[int, ...]
    lines_per_page: int | None
    chars_per_line: int | None
    line_pitch_pt: float | None
    margin_top: float | None
    margin_bottom: float | None
    margin_left: float | None
    margin_right: float | None
    page_numbers: tuple[PageNumber, ...]
    dash_gaps: tuple[tuple[int, float], ...]  # (page, mm from the block's bottom to the dash's ink top)
    blank: tuple[tuple[int, float], ...]  # (page, share of the text block left blank), last page excluded
    widows: tuple[Line, ...]  # a paragraph's last line, shorter than a third of a line, starting a page
    signature_alone: bool | None  # the 落款 (issuer and date) with nothing above it on its page; None: none found
    notes_apart: tuple[Line, ...]  # a table's 数据来源/注 line not right below its table
    off_grid: tuple[Line, ...]  # body lines whose baseline is off the grid
    stretched: tuple[tuple[Line, float], ...]  # justified lines and their widest added space, in characters
    fonts: tuple[FontUse, ...]
    pdfa_part: str | None
    pdfa_conformance: str | None
    title: str | None
    author: str | None
    subject: str | None
    keywords: str | None


def _lines(page_index: int, chars: Iterable[dict[str, Any]], page_height: float) -> list[Line]:
    """Glyphs grouped by baseline (robust to fonts with different descents on one line)."""
    rows: dict[float, list[dict[str, Any]]] = {}
    for ch in chars:
        if not ch.get("upright", True) or not ch["text"].strip():
            continue
        baseline = round((page_height - ch["matrix"][5]) * 4) / 4  # quarter-point buckets
        rows.setdefault(baseline, []).append(ch)
    lines = []
    for baseline, row in sorted(rows.items()):
        row.sort(key=lambda c: c["x0"])
        sizes = Counter(round(c["size"], 1) for c in row)
        gaps = tuple((b["x0"] - a["x1"]) * PT_MM for a, b in zip(row, row[1:], strict=False))
        lines.append(Line(
            page=page_index,
            baseline=baseline * PT_MM,
            top=min(c["top"] for c in row) * PT_MM,
            bottom=max(c["bottom"] for c in row) * PT_MM,
            x0=min(c["x0"] for c in row) * PT_MM,
            x1=max(c["x1"] for c in row) * PT_MM,
            text="".join(c["text"] for c in row),
            size=sizes.most_common(1)[0][0],
            widest_gap=max(gaps, default=0.0),
            gaps=gaps,
        ))
    return lines


def _page_number(line: Line) -> PageNumber | None:
    match = PAGE_NUMBER.match(line.text)
    if not match:
        return None
    return PageNumber(line.page, line.text, int(match[1]), line.x0, line.x1, line.top, line.size)


def _full_pages(pages: list[list[Line]], body_size: float) -> dict[int, list[Line]]:
    """Body-only pages (last page excluded) holding the most lines."""
    candidates = {
        i: lines for i, lines in enumerate(pages[:-1], start=1)
        if lines and all(abs(line.size - body_size) < SIZE_TOLERANCE for line in lines)
    }
    if not candidates:
        return {}
    most = max(len(lines) for lines in candidates.values())
    return {i: lines for i, lines in candidates.items() if len(lines) == most}


def _chars_per_line(lines: list[Line]) -> int | None:
    """Most common glyph count of the lines as wide as the widest (those running margin to margin)."""
    widest = max((ln.x1 - ln.x0 for ln in lines), default=0)
    full = [ln for ln in lines if ln.x1 - ln.x0 > widest - 0.5]
    pure = [ln for ln in full if ln.is_cjk] or full
    counts = Counter(len(ln.text) for ln in pure)
    return counts.most_common(1)[0][0] if counts else None


def _running(line: Line) -> bool:
    """Running text: ten glyphs or more, none further than a character from the next."""
    return len(line.text) >= 10 and line.widest_gap < line.size * PT_MM


def _body_size(pages: list[list[Line]]) -> float | None:
    """The most common size of running text, weighted by glyphs (tables and charts do not count)."""
    weights: Counter[float] = Counter()
    for line in (ln for lines in pages for ln in lines if _running(ln)):
        weights[line.size] += len(line.text)
    return weights.most_common(1)[0][0] if weights else None


def _pitch(body: list[list[Line]]) -> float | None:
    """The most common distance (mm) between consecutive body lines on a page."""
    diffs = [b.baseline - a.baseline for lines in body for a, b in zip(lines, lines[1:], strict=False)]
    steps = Counter(round(d, 1) for d in diffs if d > 0)
    if not steps:
        return None
    mode = steps.most_common(1)[0][0]
    return statistics.fmean(d for d in diffs if abs(d - mode) <= 0.1)


def _grid_phase(body: list[list[Line]], pitch: float) -> float:
    phases = Counter(round((ln.baseline - BLOCK[1]) % pitch, 1) for lines in body for ln in lines)
    return phases.most_common(1)[0][0]


def _off_grid(body: list[list[Line]], pitch: float | None) -> tuple[Line, ...]:
    """Body lines more than a tenth of a line off the grid the most lines sit on."""
    if not pitch:
        return ()
    phase = _grid_phase(body, pitch)
    def off(line: Line) -> float:
        d = (line.baseline - BLOCK[1] - phase) % pitch
        return min(d, pitch - d)
    return tuple(ln for lines in body for ln in lines if off(ln) > 0.1 * pitch)


def _blank_share(lines: list[Line], shapes: list[tuple[float, float]], pitch_mm: float) -> float:
    """Share of the text block's height in gaps of a line or more with nothing in them."""
    spans = sorted([(ln.top, ln.bottom) for ln in lines] + shapes)
    top, bottom = BLOCK[1], BLOCK[3]
    blank, reached = 0.0, top
    for start, end in spans:
        start, end = max(start, top), min(end, bottom)
        if end <= start:
            continue
        if start - reached >= pitch_mm:
            blank += start - reached
        reached = max(reached, end)
    if bottom - reached >= pitch_mm:
        blank += bottom - reached
    return blank / (bottom - top)


def _margin_bottom(text: list[Line], body: list[list[Line]], pitch: float | None, lines_per_page: int | None,
                   height: float) -> float | None:
    """White below the lowest glyph on any page. When no page fills its last grid line (every
    page ends a line or more short, as widow, heading and float rules may make a short report
    do), the lowest glyph says nothing about the margin: the white below that line, where the
    grid puts it (the top body line's top + pitches), is the margin then."""
    if not text:
        return None
    lowest = max(ln.bottom for ln in text)
    lines = [ln for page in body for ln in page]
    if not (pitch and lines_per_page and lines):
        return height - lowest
    first = min(lines, key=lambda ln: ln.top)
    last_line = first.bottom + (lines_per_page - 1) * pitch
    return height - (last_line if lowest < last_line - pitch / 2 else lowest)


def _widows(body: list[list[Line]], size: float) -> tuple[Line, ...]:
    """Pages (not the first) whose first body line is a paragraph's short last line: flush
    left (a first line is indented) and shorter than a third of the block."""
    third = (BLOCK[2] - BLOCK[0]) / 3
    found = []
    for lines in body[1:]:
        first = lines[0] if lines else None
        if first and abs(first.x0 - BLOCK[0]) < size * PT_MM / 2 and first.width < third:
            found.append(first)
    return tuple(found)


def _signature_alone(pages: list[list[Line]], size: float) -> bool | None:
    """Whether the 落款 (a date line under an issuer line, both right of the centre) has no other
    line above it on its page; None when the PDF has no such 落款."""
    centre = (BLOCK[0] + BLOCK[2]) / 2
    for lines in reversed(pages):
        body = [ln for ln in lines if abs(ln.size - size) < SIZE_TOLERANCE]
        for i in range(len(body) - 1, 0, -1):
            date, issuer = body[i], body[i - 1]
            if DATE.match(date.text) and date.x0 > centre and issuer.x0 > centre - 2 * size * PT_MM:
                return not any(ln.baseline < issuer.baseline for ln in lines)
    return None


def _notes_apart(pages: list[list[Line]], size: float) -> tuple[Line, ...]:
    """Note lines (数据来源… / 注：…) in a smaller size not directly below a table row or their
    figure's caption: at the top of a page, or under another note or under a figure set apart."""
    found = []
    for lines in pages:
        for i, line in enumerate(lines):
            if not NOTE.match(line.text) or line.size >= size - SIZE_TOLERANCE:
                continue
            above = lines[i - 1] if i else None
            close = above is not None and line.top - above.bottom < 2 * line.size * PT_MM
            if above is None or not close or NOTE.match(above.text) or above.size < line.size - SIZE_TOLERANCE:
                found.append(line)
    return tuple(found)


def _stretched(body: list[list[Line]], size: float) -> tuple[tuple[Line, float], ...]:
    """Justified body lines (reaching the block's right edge, not a paragraph's last) whose
    widest space between neighbouring glyphs exceeds the document's usual one by more than
    half a character; with that excess in characters."""
    lines = [ln for page in body for ln in page]
    usual = statistics.median([g for ln in lines for g in ln.gaps]) if any(ln.gaps for ln in lines) else 0.0
    right = BLOCK[2]
    em = size * PT_MM
    found = []
    for ln in lines:
        gaps = ln.gaps[1:] if ln.text[0] in LIST_MARKS else ln.gaps  # a list marker's own space
        if gaps and ln.x1 > right - em / 2 and len(ln.text) >= 10:
            extra = (max(gaps) - usual) / em
            if extra > 0.5:
                found.append((ln, round(extra, 2)))
    return tuple(found)


def _dash_gaps(path: Path, numbers: Sequence[PageNumber]) -> tuple[tuple[int, float], ...]:
    """For each numbered page: millimetres from the block's bottom to the top of the ink of the
    page number's first dash (pdfium's tight glyph box, i.e. the stroke itself)."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    gaps = []
    doc = pdfium.PdfDocument(path)
    try:
        for number in numbers:
            page = doc[number.page - 1]
            height = page.get_height()
            text = page.get_textpage()
            tops = []
            for i in range(text.count_chars()):
                if text.get_text_range(i, 1) in DASHES:
                    left, bottom, right, top = text.get_charbox(i)
                    y = (height - top) * PT_MM
                    if y > BLOCK[3] and number.x0 - 1 <= left * PT_MM <= number.x1 + 1:
                        tops.append(y)
            if tops:
                gaps.append((number.page, min(tops) - BLOCK[3]))
    finally:
        doc.close()
    return tuple(gaps)


def _shapes(page: Any) -> list[tuple[float, float]]:
    """Vertical extents (mm) of the page's drawings and images: table rules, charts."""
    objects = page.rects + page.lines + page.curves + page.images
    return [(o["top"] * PT_MM, o["bottom"] * PT_MM) for o in objects]


def _fonts(doc: Any) -> tuple[FontUse, ...]:
    """Every simple or CID font dictionary in the file and whether its program is embedded."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    def name(value: Any) -> str:
        value = resolve1(value)
        return str(value.name) if isinstance(value, PSLiteral) else str(value)

    found: dict[str, bool] = {}
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            try:
                obj = resolve1(doc.getobj(objid))
            except Exception:  # a damaged or free object: nothing to say about fonts
                continue
            if not isinstance(obj, dict) or name(obj.get("Type")) != "Font":
                continue
            subtype = name(obj.get("Subtype"))
            if subtype == "Type0":  # its descendant CIDFont is listed on its own
                continue
            descriptor = resolve1(obj.get("FontDescriptor")) or {}
            embedded = subtype == "Type3" or any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3"))
            base = name(obj.get("BaseFont")) if obj.get("BaseFont") else f"对象 {objid}"
            found[base] = found.get(base, True) and embedded
    return tuple(FontUse(n, e) for n, e in sorted(found.items()))


def _xmp_pdfa(doc: Any) -> tuple[str | None, str | None]:
    from pdfminer.pdftypes import resolve1

    stream = resolve1(doc.catalog.get("Metadata"))
    if stream is None:
        return None, None
    xmp = stream.get_data().decode("utf-8", "replace")
    part = re.search(r"pdfaid:part(?:=[\"']|>)\s*(\d)", xmp)
    conformance = re.search(r"pdfaid:conformance(?:=[\"']|>)\s*([A-Za-z])", xmp)
    return (part[1] if part else None), (conformance[1].upper() if conformance else None)


def _info(metadata: dict[str, Any], key: str) -> str | None:
    value = metadata.get(key)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value) if value else None


def measure_pdf(path: Path | str) -> PdfReport:
    """Measure page size, margins, grid, page numbers, fonts and PDF/A claim of `path`."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    path = Path(path)
    try:
        pdf = pdfplumber.open(path)
    except (FileNotFoundError, IsADirectoryError) as exc:
        raise InputError(f"找不到 PDF 文件：{path}") from exc
    except (PdfminerException, PDFSyntaxError, ValueError) as exc:
        raise InputError(f"{path} 不是可读的 PDF 文件（{exc}）。") from exc
    with pdf:
        sizes = tuple((p.width * PT_MM, p.height * PT_MM) for p in pdf.pages)
        pages = [_lines(i, p.chars, p.height) for i, p in enumerate(pdf.pages, start=1)]
        shapes = [_shapes(p) for p in pdf.pages]
        numbers = []
        for lines in pages:  # the page number is the page's lowest line, when it reads "— N —"
            number = _page_number(lines[-1]) if lines else None
            if number:
                numbers.append(number)
                lines.pop()
        body_size = _body_size(pages)
        body = [[ln for ln in lines if abs(ln.size - body_size) < SIZE_TOLERANCE] for lines in pages] if body_size else []
        full = _full_pages(pages, body_size) if body_size else {}
        text = [ln for lines in pages for ln in lines]
        width = sizes[0][0] if sizes else 0
        height = sizes[0][1] if sizes else 0
        pitch = _pitch(body)
        lines_per_page = None
        if pitch and body_size:  # as many lines as the pitch fits in the block, and never more on a page
            fits = int((BLOCK[3] - BLOCK[1] - body_size * PT_MM) / pitch + 1e-6) + 1
            lines_per_page = max([fits] + [len(b) for b in body])
        blank = tuple((i, _blank_share(lines, shapes[i - 1], pitch or 10.4))
                      for i, lines in enumerate(pages[:-1], start=1))
        widest = [ln for lines in body for ln in lines if _running(ln)]
        fonts = _fonts(pdf.doc)
        part, conformance = _xmp_pdfa(pdf.doc)
        meta = pdf.metadata
    return PdfReport(
        path=path,
        pages=len(sizes),
        page_sizes=sizes,
        body_size=body_size,
        full_pages=tuple(full),
        lines_per_page=lines_per_page,
        chars_per_line=_chars_per_line(widest) if widest else None,
        line_pitch_pt=pitch / PT_MM if pitch else None,
        margin_top=min(ln.top for ln in text) if text else None,
        margin_bottom=_margin_bottom(text, body, pitch, lines_per_page, height),
        margin_left=min(ln.x0 for ln in text) if text else None,
        margin_right=width - max(ln.x1 for ln in text) if text else None,
        page_numbers=tuple(numbers),
        dash_gaps=_dash_gaps(path, numbers),
        blank=blank,
        widows=_widows(body, body_size) if body_size else (),
        signature_alone=_signature_alone(pages, body_size) if body_size else None,
        notes_apart=_notes_apart(pages, body_size) if body_size else (),
        off_grid=_off_grid(body, pitch),
        stretched=_stretched(body, body_size) if body_size else (),
        fonts=fonts,
        pdfa_part=part,
        pdfa_conformance=conformance,
        title=_info(meta, "Title"),
        author=_info(meta, "Author"),
        subject=_info(meta, "Subject"),
        keywords=_info(meta, "Keywords"),
    )
