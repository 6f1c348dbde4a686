"""The report's own elements as WordprocessingML for the DOCX: title, 主送, tables, 落款.

`fazhi.emit` puts each of these beside its HTML and Typst forms in a ```` ```{=openxml} ````
raw block, which pandoc copies into the DOCX body (and drops for every other format). The
paragraph styles they name are generated in the reference document
(`fazhi.render.docx_reference.STYLES`), so these builders carry no fonts or sizes, only the
geometry that depends on the text (column widths, the 落款 indents, the title's line break).

Text from a workbook reaches the XML only through `text()`: escaped, and stripped of the
characters XML 1.0 cannot hold, so a cell can never become markup. A chart cannot be raw
XML (its image needs a relationship that only pandoc writes): `figure()` is a JSON spec in a
```` ```{=fazhi-figure} ```` block, which `fazhi.render.docx` turns into a pandoc image and
every other writer drops.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from xml.sax.saxutils import escape

from .layout import Layout, load_layout

FIGURE_FORMAT = "fazhi-figure"  # raw-block format of a chart's spec (see `figure`)
SIGNATURE_START = '<w:p><w:pPr><w:pStyle w:val="Issuer"/>'  # how `signature()` begins
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
TWIPS_PER_PT = 20
TABLE_INSET_PT = 5.0  # left and right of a cell (halved when a table is tight), as gongwen.typ's table-inset x
TABLE_INSET_Y_PT = 3.5  # above and below a cell's text, as gongwen.typ's table-inset y
HALF_WIDTH_ROOM = 0.65  # cells a digit or Latin letter is given in a table column


@cache
def _layout() -> Layout:
    from .fonts import DEFAULT_TEMPLATES

    return load_layout(DEFAULT_TEMPLATES)


def text(value: object) -> str:
    """`value` as XML character data: escaped, quotes too, without characters XML forbids."""
    return escape(_NOT_XML.sub("", str(value)), {'"': "&quot;"})


def width_chars(value: str, half: float = 0.5) -> float:
    """The width of `value` in character cells: full-width 1, half-width (digits, Latin) `half`."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" or ord(ch) >= 0x2E80 else half for ch in value)


def _run(value: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text(value)}</w:t></w:r>'


def paragraph(value: str, style: str, *, align: str | None = None, right_twips: int | None = None,
              before_twips: int | None = None, breaks: Sequence[str] = (), keep_with_next: bool = False) -> str:
    """One paragraph of `style`; `breaks` are further lines after a line break (title)."""
    props = f'<w:pStyle w:val="{style}"/>' + ("<w:keepNext/>" if keep_with_next else "")
    if before_twips is not None:
        props += f'<w:spacing w:before="{before_twips}"/>'
    if right_twips is not None:
        props += f'<w:ind w:right="{right_twips}"/>'
    if align:
        props += f'<w:jc w:val="{align}"/>'
    runs = _run(value) + "".join(f"<w:r><w:br/></w:r>{_run(line)}" for line in breaks)
    return f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>"


# ---- title and 主送 ---------------------------------------------------------------------------


def title_lines(title: str, layout: Layout | None = None) -> list[str]:
    """The title's lines, as gongwen.typ breaks them: one line when it leaves a character free
    at each side, else before the year (2024年…), else before 法治政府建设, when both parts fit."""
    layout = layout or _layout()
    room = layout.block_width_pt / layout.title_pt - 2

    def fits(part: str) -> bool:
        return width_chars(part) <= room

    if fits(title):
        return [title]
    year = re.search(r"\d{4}年", title)
    for cut in (year.start() if year else None, title.find("法治政府建设")):
        if cut is not None and cut > 0:
            parts = [title[:cut], title[cut:]]
            if all(fits(p) for p in parts):
                return parts
    return [title]


def title(value: str) -> str:
    first, *rest = title_lines(value)
    return paragraph(first, "Title", breaks=rest)


def recipient(name: str) -> str:
    """The 主送 line, flush left, ending with a full-width colon."""
    return paragraph(name if name.endswith(("：", ":")) else f"{name}：", "Recipient")


# ---- 落款 ---------------------------------------------------------------------------------------


def signature_indents(issuer: str, date: str, sealed: bool, layout: Layout | None = None) -> tuple[float, float]:
    """Right indents (in characters) of the issuer and the date, GB/T 9704 7.3.5, as
    gongwen.typ's `_signature-right` sets them (docs/layout.md).

    Sealed (7.3.5.1): the date 右空四字, the issuer centred over it (never past the edge).
    Unsealed (7.3.5.2): the issuer 右空二字, the date's first character two characters right of
    the issuer's; a date that would then come closer than two characters to the edge sits two
    characters in and the issuer moves left with it.
    """
    layout = layout or _layout()
    issuer_w, date_w = width_chars(issuer), width_chars(date)
    if sealed:
        date_right = layout.sealed_date_right_chars
        return max(0.0, date_right + (date_w - issuer_w) / 2), date_right
    issuer_right = layout.unsealed_issuer_right_chars
    date_right = issuer_right + issuer_w - layout.unsealed_date_indent_chars - date_w
    least = layout.unsealed_date_right_min_chars
    return (issuer_right, date_right) if date_right >= least else (issuer_right + least - date_right, least)


def _chars_twips(chars: float, layout: Layout) -> int:
    """Characters of the body in twips, at the advance a body character really has (its
    tracking included: `docx_reference.tracking_twips`)."""
    from .render.docx_reference import tracking_twips

    return round(chars * (layout.body_pt * TWIPS_PER_PT + tracking_twips(layout)))


def signature(issuer: str, date: str, sealed: bool = True) -> str:
    """Issuer and date after `blank_lines` blank lines (two for a seal, one without)."""
    from .render.docx_reference import line_pitch_twips

    layout = _layout()
    issuer_right, date_right = signature_indents(issuer, date, sealed, layout)
    blank = layout.sealed_blank_lines if sealed else layout.unsealed_blank_lines
    return (paragraph(issuer, "Issuer", right_twips=_chars_twips(issuer_right, layout),
                      before_twips=round(blank * line_pitch_twips(layout)))
            + paragraph(date, "SignatureDate", right_twips=_chars_twips(date_right, layout)))


# ---- tables -------------------------------------------------------------------------------------


_UNIT = re.compile(r"^(.+?)([（(][^（）()]+[）)])$")


def header_parts(cell: str) -> tuple[str, str | None]:
    """A header's name and its unit in brackets, if any: 应考（人） → 应考, （人）."""
    found = _UNIT.match(cell)
    return (found.group(1), found.group(2)) if found else (cell, None)


def header_lines(cell: str, width_pt: float, size_pt: float) -> list[str]:
    """A header set in a column `width_pt` wide, as gongwen.typ's `_header-lines`: one line if it
    fits; otherwise the name in lines of near-equal length, none of a single character, then
    the unit on a line of its own (never a bracket alone)."""
    if width_chars(cell) * size_pt <= width_pt:
        return [cell]
    name, unit = header_parts(cell)
    per_line = max(1, math.floor(width_pt / size_pt))
    count = max(1, min(math.ceil(len(name) / per_line), len(name) // 2))
    size = math.ceil(len(name) / count)
    lines = [name[at:at + size] for at in range(0, len(name), size)]
    if len(lines) > 1 and len(lines[-1]) == 1:
        lines = [name[at:at + size + 1] for at in range(0, len(name), size + 1)]
    return lines + ([unit] if unit else [])


def column_widths(header: Sequence[str], rows: Sequence[Sequence[str]],
                  layout: Layout | None = None) -> tuple[list[int], int]:
    """Column widths and the cells' side inset, in twips, for a full-width table, as
    gongwen.typ's `_column-widths`: each column asks for its widest cell (its header's name may
    take two lines, its unit one of its own); when they do not fit with 5 pt each side the inset shrinks to 2.5 pt; when all
    fit they share the block in proportion, otherwise the widest are cut to one common width."""
    layout = layout or _layout()
    size = layout.small_pt
    natural = []
    for i, head in enumerate(header):
        # digits are measured a little wide: a substitute font's may be 0.6 em, not ½
        body = max((width_chars(str(row[i]), HALF_WIDTH_ROOM) for row in rows if i < len(row)), default=0.0)
        name, unit = header_parts(head)
        head_chars = max(math.ceil(len(name) / 2), width_chars(unit) if unit else 0.0)
        natural.append(max(body, head_chars, 1.0) * size + 0.5)
    block = layout.block_width_pt
    inset = TABLE_INSET_PT if sum(natural) + len(natural) * 2 * TABLE_INSET_PT <= block else TABLE_INSET_PT / 2
    wanted = [w + 2 * inset for w in natural]
    total = sum(wanted)
    if total <= block:
        widths = [w / total * block for w in wanted]
    else:
        remaining, left, cap = block, len(wanted), None
        for w in sorted(wanted):
            if w * left <= remaining:
                remaining, left = remaining - w, left - 1
            else:
                cap = remaining / left
                break
        widths = [min(w, cap) if cap is not None else w for w in wanted]
    return [round(w * TWIPS_PER_PT) for w in widths], round(inset * TWIPS_PER_PT)


_JC = {"left": "left", "right": "right", "center": "center"}
_BORDERS = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                   for side in ("top", "left", "bottom", "right", "insideH", "insideV"))


def _cell(value: str, width: int, style: str, align: str, keep_with_next: bool = False,
          lines: Sequence[str] = ()) -> str:
    """One cell; `lines`, when given, are its text's lines (a header's name and unit)."""
    first, *rest = lines or [value]
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
            f"{paragraph(first, style, align=align, keep_with_next=keep_with_next, breaks=rest)}</w:tc>")


def table(number: int, caption: str, header: Sequence[str], rows: Sequence[Sequence[str]],
          align: Sequence[str], note: str = "") -> str:
    """"表N 标题" above a Word table whose header row repeats on every page (w:tblHeader) and
    whose rows never split (w:cantSplit), then the note, kept on the last row's page (the last
    row's paragraphs keep with the next)."""
    widths, inset = column_widths(header, rows)
    size = _layout().small_pt
    inset_y = round(TABLE_INSET_Y_PT * TWIPS_PER_PT)
    props = (f'<w:tblPr><w:tblStyle w:val="Table"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
             f"<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
             f'<w:tblCellMar><w:top w:w="{inset_y}" w:type="dxa"/><w:left w:w="{inset}" w:type="dxa"/>'
             f'<w:bottom w:w="{inset_y}" w:type="dxa"/><w:right w:w="{inset}" w:type="dxa"/></w:tblCellMar>'
             '<w:tblLook w:val="0020" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
             'w:noHBand="1" w:noVBand="1"/></w:tblPr>')
    grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
    head = ("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
            + "".join(_cell(h, w, "TableHead", "center", lines=header_lines(h, (w - 2 * inset) / TWIPS_PER_PT, size))
                      for h, w in zip(header, widths, strict=False)) + "</w:tr>")
    body = "".join(
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        + "".join(_cell(str(c), w, "TableCell", _JC.get(a, "left"), keep_with_next=bool(note) and i == len(rows) - 1)
                  for c, w, a in zip(row, widths, align, strict=False))
        + "</w:tr>"
        for i, row in enumerate(rows)
    )
    note_xml = paragraph(note, "TableNote") if note else ""
    return paragraph(f"表{number}\u3000{caption}", "TableCaption") + f"<w:tbl>{props}{grid}{head}{body}</w:tbl>" + note_xml


# ---- charts -------------------------------------------------------------------------------------


def figure(number: int, caption: str, alt: str, source: str, image: str) -> str:
    """A chart's spec for the DOCX writer: the image (relative to the project root) and its texts."""
    return json.dumps({"image": image, "number": number, "caption": caption, "alt": alt, "source": source},
                      ensure_ascii=False)


def figure_caption(number: int, caption: str, source: str) -> str:
    """"图N 标题" below the image, then the source note."""
    xml = paragraph(f"图{number}\u3000{caption}", "ImageCaption")
    return xml + (paragraph(source, "FigureSource") if source else "")



__all__ = ["FIGURE_FORMAT", "SIGNATURE_START", "column_widths", "figure", "figure_caption", "header_lines", "header_parts",
           "paragraph", "recipient", "signature", "signature_indents", "table", "text", "title", "title_lines",
           "width_chars"]
