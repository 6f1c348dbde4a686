"""Measure a PDF's page layout from the PDF itself: what `fazhi check-pdf` compares with GB/T 9704.

Reads glyph positions with pdfplumber (pure Python, so the check runs wherever fazhi runs, no
poppler needed) and the font dictionaries and XMP packet with its pdfminer layer. Text is
grouped into lines by baseline. The margins are the extremes of every glyph box on every page
(punctuation, table cells and chart labels included; page numbers excluded), so a mark that
reaches into a margin moves the figure, as it would for anyone measuring the PDF. A *full body
page* is a page other than the last whose text is all in the body size (headings included, no
table, caption or chart) and that holds as many lines as any such page; lines per page,
characters per line and the line pitch are taken from those. The page number is the line
reading "— N —" (any dash). Lengths are in millimetres.
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
SIZE_TOLERANCE = 0.6  # pt: same nominal size despite rounding in the PDF


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
        lines.append(Line(
            page=page_index,
            baseline=baseline * PT_MM,
            top=min(c["top"] for c in row) * PT_MM,
            bottom=max(c["bottom"] for c in row) * PT_MM,
            x0=min(c["x0"] for c in row) * PT_MM,
            x1=max(c["x1"] for c in row) * PT_MM,
            text="".join(c["text"] for c in row),
            size=sizes.most_common(1)[0][0],
        ))
    return lines


def _page_number(line: Line) -> PageNumber | None:
    match = PAGE_NUMBER.match(line.text)
    if not match:
        return None
    return PageNumber(line.page, line.text, int(match[1]), line.x0, line.x1, line.top, line.size)


def _median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


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
        numbers = []
        for lines in pages:  # the page number is the page's lowest line, when it reads "— N —"
            number = _page_number(lines[-1]) if lines else None
            if number:
                numbers.append(number)
                lines.pop()
        weights: Counter[float] = Counter()
        for line in (ln for lines in pages for ln in lines):
            weights[line.size] += len(line.text)
        body_size = weights.most_common(1)[0][0] if weights else None
        full = _full_pages(pages, body_size) if body_size else {}
        text = [ln for lines in pages for ln in lines]
        width = sizes[0][0] if sizes else 0
        height = sizes[0][1] if sizes else 0
        pitches = [(lines[-1].baseline - lines[0].baseline) / (len(lines) - 1) / PT_MM
                   for lines in full.values() if len(lines) > 1]
        fonts = _fonts(pdf.doc)
        part, conformance = _xmp_pdfa(pdf.doc)
        meta = pdf.metadata
    return PdfReport(
        path=path,
        pages=len(sizes),
        page_sizes=sizes,
        body_size=body_size,
        full_pages=tuple(full),
        lines_per_page=len(next(iter(full.values()))) if full else None,
        chars_per_line=_chars_per_line([ln for lines in full.values() for ln in lines]) if full else None,
        line_pitch_pt=_median(pitches),
        margin_top=min(ln.top for ln in text) if text else None,
        margin_bottom=height - max(ln.bottom for ln in text) if text else None,
        margin_left=min(ln.x0 for ln in text) if text else None,
        margin_right=width - max(ln.x1 for ln in text) if text else None,
        page_numbers=tuple(numbers),
        fonts=fonts,
        pdfa_part=part,
        pdfa_conformance=conformance,
        title=_info(meta, "Title"),
        author=_info(meta, "Author"),
        subject=_info(meta, "Subject"),
        keywords=_info(meta, "Keywords"),
    )
