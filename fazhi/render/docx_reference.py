"""Generate the Word reference document that gives a DOCX the GB/T 9704 layout.

pandoc builds the DOCX (`fazhi.render.docx`) with ``--reference-doc``: it takes from that file
the styles, the page (section properties: size, margins, document grid), the headers and
footers and the document settings. fazhi generates the file with python-docx from pandoc's own
default reference document (so every style pandoc writes exists) and the numbers the PDF uses:
`templates/layout.json` (page, grid, sizes, indent, page number, signature) and
`templates/fonts.json` (one face per role). Nothing in it is written by hand.

What it sets, all from those two files:

- A4; a document grid (``w:docGrid``, lines and characters) of 22 lines at the PDF's pitch
  and 28 characters, which the styles do not snap to: their tracking and exact pitch give the
  same 28 × 22 in Word, WPS and LibreOffice; body 3号 仿宋, first-line indent of two characters. The
  text area is the 37/35/28/26 mm block grown by half a line's leading at the top and bottom
  (`half_leading_pt`), so the ink of the first and last lines lies on the block as in the PDF.
- Headings: 一、 黑体, （一） 楷体, 1. and （1） 仿宋, all 3号, not bold, indented like the body.
- Title 2号 小标宋 centred; the 主送 line flush left; tables, captions and page numbers 4号.
- Page numbers "— N —" in 4号 宋体, one character in from the outside edge: different odd and
  even footers (``w:evenAndOddHeaders``), the dash's stroke 7 mm below the text block.

Word has no per-run font fallback: each role names the first government face written in
Chinese (仿宋_GB2312 …) and, in the font table, the next one as its ``w:altName`` (仿宋), which
Word and WPS substitute when the first is missing.

Styles that fazhi's own raw OpenXML refers to (`fazhi.openxml`) are added here under the names
in `STYLES`.
"""

from __future__ import annotations

import io
import math
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import docx
import pypandoc
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.text.paragraph import Paragraph

from ..errors import RenderError
from ..fonts import FontRole, load_roles
from ..layout import Layout, load_layout

# Custom paragraph styles fazhi's raw OpenXML uses: style id → the name Word shows.
STYLES: Mapping[str, str] = {
    "DocNumber": "发文字号",
    "Recipient": "主送机关",
    "Issuer": "发文机关署名",
    "SignatureDate": "成文日期",
    "BodyKeep": "正文（与落款同页）",
    "TableHead": "表头",
    "TableCell": "表格文字",
    "TableNote": "表注",
    "FigureSource": "图表来源",
}
TITLE_PITCH_PT = 35.0  # the title's line pitch (as gongwen.typ's `leading: 35pt - size-title`)
TWIPS_PER_PT = 20


@dataclass(frozen=True)
class Face:
    """The font a role names in Word, and the alternative Word substitutes when it is missing."""

    name: str
    alternative: str | None


def _chinese(name: str) -> bool:
    return any(ord(ch) > 0x2E80 for ch in name)


def face(role: FontRole) -> Face:
    """The role's first government face written in Chinese (as Chinese Windows names it), and
    the next such face of another name as its alternative: 仿宋_GB2312 → 仿宋."""
    names = [n for n in role.official if _chinese(n)] or list(role.official) or list(role.free)
    return Face(names[0], next((n for n in names[1:]), None))


def faces(templates_dir: Path) -> dict[str, Face]:
    return {role.name: face(role) for role in load_roles(templates_dir)}


def line_pitch_twips(layout: Layout) -> int:
    """The body pitch in twips: the PDF's (29.6 pt = 592), so lines fall where the PDF's do."""
    return round(layout.line_pitch_pt * TWIPS_PER_PT)


def half_leading_pt(layout: Layout) -> float:
    """The room above (and below) a body character inside its line box: (pitch − size) / 2.

    Word and LibreOffice set a 16 pt line's glyphs in the middle of its 29.6 pt box, where Typst
    lets the ink of the first and last lines touch the block. The Word page's text area is the
    GB/T 9704 block grown by this much at the top and the bottom, so the ink lies on the block
    (37 and 35 mm) as in the PDF: 22 boxes = 21 pitches + one 16 pt line + 2 × this."""
    return (layout.line_pitch_pt - layout.body_pt) / 2


def char_space(layout: Layout) -> int:
    """`w:charSpace` of the document grid: (cell − Normal's size) in 1/4096 pt (ECMA-376
    17.6.5), rounded down so that `chars_per_line` cells fit the block (−848: 15.79 pt)."""
    return math.floor((layout.char_pt - layout.body_pt) * 4096)


def chars_twips(layout: Layout, chars: float, size_pt: float | None = None) -> int:
    """`chars` character cells (of the body, or of `size_pt` characters) in twips."""
    return round(chars * (size_pt or layout.char_pt) * TWIPS_PER_PT)


@cache
def pandoc_reference() -> bytes:
    """pandoc's own default reference document (every style its DOCX writer uses)."""
    try:
        return subprocess.run(
            [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
            check=True, capture_output=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise RenderError("pandoc", f"无法取得 pandoc 的默认参考文档：{exc}") from exc


def build_reference(templates_dir: Path) -> bytes:
    """The reference document for `templates_dir`'s layout.json and fonts.json, as bytes."""
    layout = load_layout(templates_dir)
    roles = faces(templates_dir)
    document = docx.Document(io.BytesIO(pandoc_reference()))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)  # pandoc's sample paragraphs: only styles and page matter
    _styles(document, layout, roles)
    _page(document, layout, roles)
    _font_table(document, roles)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def reference_path(templates_dir: Path, cache_dir: Path) -> Path:
    """The reference document in `cache_dir`, written when missing; its name is a hash of what
    it is generated from, so an edited layout.json or fonts.json gives a new file."""
    import hashlib
    import os
    from importlib.metadata import version

    digest = hashlib.sha256(f"fazhi {version('fazhi')}|python-docx {version('python-docx')}".encode())
    digest.update(pandoc_reference())
    for name in ("layout.json", "fonts.json"):
        digest.update((templates_dir / name).read_bytes())
    path = cache_dir / f"reference-{digest.hexdigest()[:16]}.docx"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp")
        tmp.write_bytes(build_reference(templates_dir))
        os.replace(tmp, path)
    return path


# ---- styles ---------------------------------------------------------------------------------


def _fonts(style: BaseStyle, font: Face) -> None:
    """One face for every script (theme fonts removed: they would win over named ones)."""
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{script}"), font.name)
    rfonts.set(qn("w:hint"), "eastAsia")


def _paragraph_style(document: docx.document.Document, name: str, style_id: str | None = None) -> ParagraphStyle:
    styles = document.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if style_id:
            style.element.set(qn("w:styleId"), style_id)
        style.base_style = styles["Normal"]
        style.quick_style = True
    assert isinstance(style, ParagraphStyle)
    return style


def _set(
    style: ParagraphStyle,
    layout: Layout,
    font: Face,
    *,
    size: float,
    pitch: float | None,
    indent_chars: float = 0,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    keep_with_next: bool = False,
    space_before: float = 0,
    space_after: float = 0,
) -> None:
    """Font, size, colour, alignment, spacing and indent of a paragraph style; `pitch` None is
    single spacing (images and table cells, which an exact pitch would clip)."""
    _fonts(style, font)
    style.font.size = Pt(size)
    style.font.bold = False
    style.font.italic = False
    if size == layout.body_pt:
        _tracking(style, layout)
    style.font.color.rgb = RGBColor(0, 0, 0)
    color = style.element.rPr.find(qn("w:color"))
    if color is not None:
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            color.attrib.pop(qn(attr), None)
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(space_before), Pt(space_after)
    if pitch is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing, fmt.line_spacing_rule = Pt(pitch), WD_LINE_SPACING.EXACTLY
    fmt.left_indent = fmt.right_indent = Pt(0)
    fmt.first_line_indent = Pt(indent_chars * layout.char_pt)
    fmt.keep_with_next = keep_with_next
    fmt.widow_control = False  # fill every page to the grid's 22 lines, as gongwen.typ does
    ppr = style.element.get_or_add_pPr()
    _typography(ppr)
    szcs = style.element.rPr.find(qn("w:szCs"))
    if szcs is not None:
        szcs.set(qn("w:val"), str(round(size * 2)))
    ind = ppr.find(qn("w:ind"))
    if ind is not None:  # Word measures the indent in characters (hundredths), so it follows the grid
        ind.set(qn("w:firstLineChars"), str(round(indent_chars * 100)))
        ind.set(qn("w:leftChars"), "0")
        ind.set(qn("w:rightChars"), "0")


_RPR_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
                      "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout")


def tracking_twips(layout: Layout) -> int:
    """Character spacing (twentieths of a point, rounded down) that makes a body character at most
    one grid cell wide (−5 = −0.25 pt): LibreOffice gives a wider character two cells."""
    return math.floor((layout.char_pt - layout.body_pt) * TWIPS_PER_PT)


def _tracking(style: BaseStyle, layout: Layout) -> None:
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:spacing")):
        rpr.remove(old)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(tracking_twips(layout)))
    rpr.insert_element_before(spacing, *_RPR_AFTER_SPACING)


_PPR_AFTER_TYPOGRAPHY = ("w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                         "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                         "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _typography(ppr: BaseOxmlElement) -> None:
    """No punctuation hanging into the margin (Word allows it by default) and no automatic space
    between Chinese and digits or Latin letters, as gongwen.typ sets them; and the paragraph's
    lines set by its own exact pitch and the body's tracking rather than snapped to the document
    grid (`w:snapToGrid` off): the grid's 28 × 22 is what Word's 页面设置 shows, the styles give
    the same 28 × 22, and LibreOffice, which puts a 16 pt character into two of the grid's
    15.75 pt cells (14 a line), then sets it too."""
    for tag in ("w:overflowPunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:snapToGrid"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
        element = OxmlElement(tag)
        element.set(qn("w:val"), "0")
        after = _PPR_AFTER_TYPOGRAPHY[_PPR_AFTER_TYPOGRAPHY.index("w:snapToGrid") + 1:] if tag == "w:snapToGrid" \
            else _PPR_AFTER_TYPOGRAPHY
        ppr.insert_element_before(element, *after)


def _defaults(document: docx.document.Document, layout: Layout, font: Face) -> None:
    """The document defaults: Word and LibreOffice size the grid's character cell from them."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = rpr.find(qn("w:rFonts"))
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{script}"), font.name)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(round(layout.body_pt * 2)))
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")


def _styles(document: docx.document.Document, layout: Layout, roles: Mapping[str, Face]) -> None:
    _defaults(document, layout, roles["body"])
    pitch = line_pitch_twips(layout) / TWIPS_PER_PT
    body, small, note = layout.body_pt, layout.small_pt, layout.note_pt
    indent = layout.indent_chars
    for name in ("Normal", "Body Text", "First Paragraph", "Block Text", "Definition", "Bibliography"):
        _set(_paragraph_style(document, name), layout, roles["body"], size=body, pitch=pitch, indent_chars=indent)
    _set(_paragraph_style(document, "Compact"), layout, roles["body"], size=body, pitch=pitch)
    _set(_paragraph_style(document, "Title"), layout, roles["title"], size=layout.title_pt, pitch=TITLE_PITCH_PT,
         align=WD_ALIGN_PARAGRAPH.CENTER, space_after=pitch)
    heading_faces = (roles["heading1"], roles["heading2"], roles["body"], roles["body"])
    for level in range(1, 10):
        font = heading_faces[level - 1] if level <= len(heading_faces) else roles["body"]
        _set(_paragraph_style(document, f"Heading {level}"), layout, font, size=body, pitch=pitch, indent_chars=indent,
             keep_with_next=True)
    # a table's caption takes one body line (at a page's top its ink then starts on the block, as
    # the PDF's); a chart's sits just below its picture
    _set(_paragraph_style(document, "Table Caption"), layout, roles["strong"], size=small, pitch=pitch,
         align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True, space_after=6)
    _set(_paragraph_style(document, "Image Caption"), layout, roles["strong"], size=small, pitch=None,
         align=WD_ALIGN_PARAGRAPH.CENTER, space_before=3)
    for name in ("Figure", "Captioned Figure"):
        _set(_paragraph_style(document, name), layout, roles["body"], size=body, pitch=None,
             align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True, space_before=pitch - body)
    custom = {sid: _paragraph_style(document, name, sid) for sid, name in STYLES.items()}
    _set(custom["BodyKeep"], layout, roles["body"], size=body, pitch=pitch, indent_chars=indent, keep_with_next=True)
    _set(custom["DocNumber"], layout, roles["body"], size=body, pitch=pitch, align=WD_ALIGN_PARAGRAPH.CENTER,
         space_after=pitch)
    _set(custom["Recipient"], layout, roles["body"], size=body, pitch=pitch, align=WD_ALIGN_PARAGRAPH.LEFT)
    _set(custom["Issuer"], layout, roles["body"], size=body, pitch=pitch, align=WD_ALIGN_PARAGRAPH.RIGHT,
         keep_with_next=True, space_before=pitch)
    _set(custom["SignatureDate"], layout, roles["body"], size=body, pitch=pitch, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _set(custom["TableHead"], layout, roles["strong"], size=small, pitch=None, align=WD_ALIGN_PARAGRAPH.CENTER)
    _set(custom["TableCell"], layout, roles["body"], size=small, pitch=None, align=WD_ALIGN_PARAGRAPH.LEFT)
    _set(custom["TableNote"], layout, roles["body"], size=note, pitch=None, space_before=3)
    _set(custom["FigureSource"], layout, roles["body"], size=note, pitch=None, align=WD_ALIGN_PARAGRAPH.CENTER)
    for name in ("Footer", "Header"):  # one line exactly 4号 tall, so its top is where the page says
        _set(_paragraph_style(document, name), layout, roles["page-number"], size=layout.page_number_pt,
             pitch=layout.page_number_pt)
    for name in ("Heading 1 Char", "Heading 2 Char", "Title Char"):
        document.styles[name].element.remove_all("w:rPr")  # linked character styles: no theme fonts


# ---- page -----------------------------------------------------------------------------------


def _page(document: docx.document.Document, layout: Layout, roles: Mapping[str, Face]) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(layout.width_mm), Mm(layout.height_mm)
    leading = Pt(half_leading_pt(layout))
    section.top_margin = Emu(Mm(layout.top_mm) - leading)
    section.bottom_margin = Emu(Mm(layout.bottom_mm) - leading)
    section.left_margin, section.right_margin = Mm(layout.left_mm), Mm(layout.right_mm)
    section.gutter = Mm(0)
    section.header_distance = Mm(layout.top_mm / 2)
    # The footer's bottom edge. Its one line is exactly 4号 tall, and a CJK face draws the dash
    # (一字线) across the middle of its em box, so the stroke is half a 4号 em below the line's
    # top: the line ends half an em below the stroke, which sits `page_number_gap_mm` below the
    # GB/T 9704 block (7.5: 一字线上距版心下边缘 7 mm).
    section.footer_distance = Mm(layout.bottom_mm - layout.page_number_gap_mm) - Pt(layout.page_number_pt / 2)
    sect = section._sectPr
    for old in sect.findall(qn("w:docGrid")):
        sect.remove(old)
    grid = OxmlElement("w:docGrid")
    # 页面设置 → 文档网格: 指定行和字符网格, 每行 28 字, 每页 22 行. The styles do not snap to
    # it (see `_typography`); their tracking and exact pitch give the same 28 × 22.
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(line_pitch_twips(layout)))
    grid.set(qn("w:charSpace"), str(char_space(layout)))
    sect.append(grid)  # the last child of sectPr in the schema's order
    document.settings.odd_and_even_pages_header_footer = True
    inset = chars_twips(layout, layout.page_number_inset_chars, layout.page_number_pt)
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT, right=inset)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT, left=inset)
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False  # an empty header of its own: no stray text


def _page_number(paragraph: Paragraph, align: WD_ALIGN_PARAGRAPH, *, left: int = 0, right: int = 0) -> None:
    """"— N —" with a PAGE field, one 4号 character in from the block's outside edge."""
    paragraph.style = "Footer"
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.left_indent, fmt.right_indent, fmt.first_line_indent = Pt(left / TWIPS_PER_PT), Pt(right / TWIPS_PER_PT), Pt(0)
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph._p.append(_run(" —"))


def _run(text: str) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    return run


def _font_table(document: docx.document.Document, roles: Mapping[str, Face]) -> None:
    """Declare each role's face with its alternative (w:altName) and the GB2312 charset."""
    part = next((rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable")), None)
    if part is None:
        return
    table = parse_xml(part.blob)
    for old in table.findall(qn("w:font")):
        if old.get(qn("w:name")) in {f.name for f in roles.values()}:
            table.remove(old)
    for font in dict.fromkeys(roles.values()):
        element = OxmlElement("w:font")
        element.set(qn("w:name"), font.name)
        if font.alternative:
            alt = OxmlElement("w:altName")
            alt.set(qn("w:val"), font.alternative)
            element.append(alt)
        charset = OxmlElement("w:charset")
        charset.set(qn("w:val"), "86")  # GB2312
        element.append(charset)
        family = OxmlElement("w:family")
        family.set(qn("w:val"), "modern" if re.search("黑|Hei", font.name) else "roman")
        element.append(family)
        pitch = OxmlElement("w:pitch")
        pitch.set(qn("w:val"), "fixed")
        element.append(pitch)
        table.append(element)
    part._blob = serialize_part_xml(table)


__all__ = ["STYLES", "Face", "build_reference", "char_space", "chars_twips", "face", "faces", "half_leading_pt",
           "line_pitch_twips", "reference_path"]
