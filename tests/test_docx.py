"""The DOCX: the sample township rendered to Word, read back with python-docx and LibreOffice.

What a reader (or a district office opening it in Word) checks: the page setup and grid, the
styles of body, headings and title, odd/even page numbers, real tables with a repeating header
row, charts as print-resolution pictures with captions, and every number of the PDF. LibreOffice
then converts it to PDF and `check-pdf` measures that like the Typst PDF.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pdfplumber
import pytest
from docx.oxml.ns import qn
from docx.shared import Emu, Mm
from sample import SAMPLE
from test_render_e2e import squash

from fazhi import openxml
from fazhi.checkpdf import check_pdf
from fazhi.layout import load_layout
from fazhi.render import render_township
from fazhi.render.docx_reference import STYLES, build_reference

LAYOUT = load_layout(Path(__file__).resolve().parents[1] / "templates")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) not installed: apt-get install libreoffice-writer-nogui")
NUMBER = re.compile(r"\d+(?:\.\d+)?%?")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, project_copy_module):
    out = tmp_path_factory.mktemp("docx-output")
    result = render_township(project_copy_module, *SAMPLE, formats=("pdf", "docx"), output_dir=out)
    return result.outputs["docx"], result.outputs["pdf"]


@pytest.fixture(scope="module")
def project_copy_module(tmp_path_factory: pytest.TempPathFactory):
    from sample import copy_project

    return copy_project(tmp_path_factory.mktemp("docx-project"))


@pytest.fixture(scope="module")
def document(rendered):
    return docx.Document(str(rendered[0]))


def body_xml_text(document) -> str:
    """Every character of the body, tables included, in document order."""
    return "".join(t.text or "" for t in document.element.body.iter(qn("w:t")))


def pdf_numbers(path: Path) -> list[str]:
    """Numbers a reader sees in the PDF's text (body, tables, captions; chart labels and page
    numbers left out: those are in the pictures and the footers, whose PAGE field Word fills in).
    A page number is whatever lies below the text block (GB/T 9704: 35 mm above the page's foot)."""
    numbers = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            block_bottom = page.height - LAYOUT.bottom_mm * 72 / 25.4
            words = page.extract_words(extra_attrs=["size"], use_text_flow=True)
            text = "".join(w["text"] for w in words if round(w["size"]) in (12, 14, 16, 22) and w["top"] < block_bottom)
            numbers += NUMBER.findall(text)
    return numbers


def to_pdf(docx_path: Path, out_dir: Path) -> Path:
    profile = out_dir / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out_dir), str(docx_path)], check=True, capture_output=True, timeout=240)
    return out_dir / f"{docx_path.stem}.pdf"


# ---- page and styles ------------------------------------------------------------------------


def test_page_setup_is_gbt9704(document):
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    grid = section._sectPr.find(qn("w:docGrid"))
    pitch_pt = int(grid.get(qn("w:linePitch"))) / 20
    assert pitch_pt == LAYOUT.line_pitch_pt  # the PDF's pitch
    # the text area is the GB/T 9704 block grown by half a line's leading at the top and the
    # bottom: a 16 pt glyph sits in the middle of its box, so the ink lies on 37 / 35 mm
    leading_mm = (pitch_pt - 16) / 2 * 25.4 / 72
    margins = [section.top_margin.mm + leading_mm, section.bottom_margin.mm + leading_mm,
               section.left_margin.mm, section.right_margin.mm]
    assert [round(m, 1) for m in margins] == [37.0, 35.0, 28.0, 26.0]
    assert int(Emu(section.page_height - section.top_margin - section.bottom_margin).pt // pitch_pt) == 22
    normal = document.styles["Normal"].paragraph_format
    assert normal.line_spacing.pt == pitch_pt  # exact: the grid's pitch
    assert document.settings.odd_and_even_pages_header_footer


def test_document_grid_is_28_characters_by_22_lines(document):
    """Word's 文档网格 (页面设置): lines and characters, its cell (Normal's 16 pt + charSpace/4096,
    ECMA-376 17.6.5) such that 28 fit the 156 mm block and 29 do not."""
    section = document.sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    block = Emu(section.page_width - section.left_margin - section.right_margin).pt
    cell = document.styles["Normal"].font.size.pt + int(grid.get(qn("w:charSpace"))) / 4096
    assert 28 * cell <= block < 29 * cell
    lines = Emu(section.page_height - section.top_margin - section.bottom_margin).pt / (int(grid.get(qn("w:linePitch"))) / 20)
    assert int(lines) == 22


def test_28_characters_fit_a_line_without_the_grid(document):
    """The body styles do not snap to the grid (LibreOffice would give a 16 pt character two
    15.75 pt cells): a body character's advance (size + tracking) times 28 fits, 29 do not."""
    for name in ("Body Text", "First Paragraph", "Heading 1", "Normal"):
        style = document.styles[name]
        assert style.element.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"
    spacing = document.styles["Body Text"].element.rPr.find(qn("w:spacing"))
    advance = 16 + int(spacing.get(qn("w:val"))) / 20
    block = Emu(document.sections[0].page_width - Mm(28) - Mm(26)).pt
    assert 28 * advance <= block < 29 * advance


def east_asia(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_styles_body_headings_title(document):
    styles = document.styles
    body = styles["Body Text"]
    assert east_asia(body) == "仿宋_GB2312" and body.font.size.pt == 16
    assert body.paragraph_format.first_line_indent.pt == pytest.approx(2 * LAYOUT.char_pt, abs=0.1)
    assert body.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    faces = {level: east_asia(styles[f"Heading {level}"]) for level in (1, 2, 3, 4)}
    assert faces == {1: "黑体", 2: "楷体_GB2312", 3: "仿宋_GB2312", 4: "仿宋_GB2312"}
    for level in (1, 2, 3):
        heading = styles[f"Heading {level}"]
        assert heading.font.size.pt == 16 and heading.font.bold is False
        assert heading.element.rPr.find(qn("w:rFonts")).get(qn("w:asciiTheme")) is None  # no theme font wins
    title = styles["Title"]
    assert east_asia(title) == "方正小标宋简体" and title.font.size.pt == 22
    assert title.paragraph_format.alignment == 1  # centred


def test_font_table_names_the_alternatives(rendered):
    fonts = zipfile.ZipFile(rendered[0]).read("word/fontTable.xml").decode("utf-8")
    assert re.search(r'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>', fonts)


def test_page_numbers_outside_on_odd_and_even_pages(document):
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    inset = LAYOUT.page_number_pt  # one 4号 character
    assert odd.alignment == 2 and odd.paragraph_format.right_indent.pt == pytest.approx(inset)
    assert even.alignment == 0 and even.paragraph_format.left_indent.pt == pytest.approx(inset)
    for footer in (odd, even):
        xml = footer._p.xml
        assert "PAGE" in xml and footer.text.startswith("— ") and footer.text.endswith(" —")
    assert document.styles["Footer"].font.size.pt == 14
    assert east_asia(document.styles["Footer"]) == "宋体"


# ---- content ----------------------------------------------------------------------------------


def test_title_recipient_and_signature(document, project_copy_module):
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    styles = [p.style.style_id for p in paragraphs]
    assert styles[0] == "Title" and styles[1] == "Recipient"
    info = openpyxl.load_workbook(project_copy_module.workbook(*SAMPLE), read_only=True)["基本信息"]
    header, values = list(info.iter_rows(values_only=True))[:2]
    row = dict(zip(header, values, strict=False))
    assert paragraphs[0].text == f"{row['区县']}{row['乡镇']}\n2024年法治政府建设情况报告"  # broken before the year
    assert paragraphs[1].text == f"{row['主送机关']}："
    issuer, date = paragraphs[-2:]
    assert (issuer.style.style_id, date.style.style_id) == ("Issuer", "SignatureDate")
    assert issuer.text == row["发文机关"] and date.text == "2025年1月9日"


def test_tables_are_word_tables_with_a_repeating_header(document, rendered):
    captions = [p.text for p in document.paragraphs if p.style.style_id == "TableCaption"]
    assert captions and len(captions) == len(document.tables)
    assert captions[0].startswith("表1")
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.trPr.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
        widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(widths) <= round(LAYOUT.block_width_pt * 20) + len(widths)
    # a table with a note keeps its last row with it: Word moves them to the next page together
    notes = [p for p in document.paragraphs if p.style.style_id == "TableNote"]
    assert notes
    for table in document.tables:
        if table._tbl.getnext() is not None and table._tbl.getnext().xpath("string(.//w:pStyle/@w:val)") == "TableNote":
            last = table.rows[-1]._tr
            assert all(p.pPr.keepNext is not None for p in last.iter(qn("w:p")))
    pdf = squash(subprocess.run(["pdftotext", str(rendered[1]), "-"], capture_output=True, text=True).stdout)
    key = document.tables[0]
    for row in key.rows[1:]:  # the 主要指标 table's row labels are in the PDF too
        assert squash(row.cells[0].text) in pdf


def test_table_headers_fit_their_columns_the_unit_on_a_line_of_its_own(document):
    """As gongwen.typ sets them: a header too wide for its column breaks its name into even
    lines and puts its unit (（人）) on a line of its own, never a bracket alone."""
    units = 0
    for table in document.tables:
        tbl = table._tbl
        inset = int(tbl.tblPr.find(qn("w:tblCellMar")).find(qn("w:left")).get(qn("w:w"))) / 20
        widths = [int(c.get(qn("w:w"))) / 20 for c in tbl.tblGrid.findall(qn("w:gridCol"))]
        for cell, width in zip(table.rows[0].cells, widths, strict=True):
            lines = cell.text.split("\n")
            name, unit = openxml.header_parts(cell.text.replace("\n", ""))
            assert all(openxml.width_chars(line) * LAYOUT.small_pt <= width - 2 * inset + 0.1 for line in lines), lines
            assert all(len(line) > 1 for line in lines), lines
            if unit and len(lines) > 1:
                assert lines[-1] == unit
                units += 1
    assert units  # the sample has such headers (学法考试: 应考（人）…)


def test_charts_are_print_resolution_pictures_with_captions(document):
    shapes = document.inline_shapes
    captions = [p.text for p in document.paragraphs if p.style.style_id == "ImageCaption"]
    assert shapes and len(shapes) == len(captions)
    assert captions[0].startswith("图1")
    for shape in shapes:
        assert round(shape.width.mm) == 156  # the text width
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        image = document.part.related_parts[blip.embed].image
        assert image.content_type == "image/png"
        assert image.px_width / (156 / 25.4) >= 299  # 300 dpi at print size


def test_every_number_of_the_pdf_is_in_the_docx(document, rendered):
    docx_numbers = set(NUMBER.findall(body_xml_text(document)))
    pdf = pdf_numbers(rendered[1])  # a list: the PDF repeats a table's header on its next page
    assert len(pdf) > 100
    missing = sorted(set(pdf) - docx_numbers)
    assert not missing, missing


def test_document_properties_and_identical_bytes(rendered, project_copy_module, tmp_path):
    props = docx.Document(str(rendered[0])).core_properties
    assert props.title == rendered[0].stem and props.author == "土门关乡人民政府"
    assert props.created.date().isoformat() == "2025-01-09"
    again = render_township(project_copy_module, *SAMPLE, formats=("docx",), output_dir=tmp_path).outputs["docx"]
    assert again.read_bytes() == rendered[0].read_bytes()


def test_reference_document_declares_the_styles_openxml_uses(tmp_path):
    reference = docx.Document(io.BytesIO(build_reference(Path(__file__).resolve().parents[1] / "templates")))
    ids = {s.style_id for s in reference.styles}
    used = set(STYLES) | {"Title", "TableCaption", "ImageCaption", "Figure"}
    assert used <= ids
    assert not [p for p in reference.paragraphs if p.text]  # pandoc's sample text is gone


# ---- workbook text stays text -----------------------------------------------------------------


HOSTILE = 'A</w:t></w:r><w:r><w:t>注入 & <b>"x"</b> ]]>\x07\x0b'


def test_openxml_escapes_workbook_text():
    for xml in (openxml.title(HOSTILE), openxml.recipient(HOSTILE), openxml.signature(HOSTILE, "2025年1月9日"),
                openxml.table(1, HOSTILE, [HOSTILE, "b"], [[HOSTILE, "1"]], ["left", "right"], HOSTILE)):
        wrapped = f'<root xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{xml}</root>'
        from xml.etree import ElementTree

        tree = ElementTree.fromstring(wrapped)
        texts = "".join(t.text or "" for t in tree.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
        assert HOSTILE[:-2] in texts  # every character but the two XML cannot hold
        assert not tree.findall(".//b")


def test_workbook_values_reach_the_docx_as_text(project_copy):
    path = project_copy.workbook(*SAMPLE)
    book = openpyxl.load_workbook(path)
    sheet = book["基本信息"]
    header = [c.value for c in sheet[1]]
    sheet.cell(2, header.index("发文机关") + 1, HOSTILE[:-2])
    sheet.cell(2, header.index("主送机关") + 1, HOSTILE[:-2])
    book.save(path)
    out = render_township(project_copy, *SAMPLE, formats=("docx",)).outputs["docx"]
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert f"{HOSTILE[:-2]}：" in texts and HOSTILE[:-2] in texts
    assert "注入" not in "".join(p.text for p in document.paragraphs if p.style.style_id not in ("Recipient", "Issuer"))


# ---- LibreOffice: it opens, and the result measures like the PDF -----------------------------


@needs_soffice
def test_libreoffice_converts_it_and_check_pdf_measures_the_layout(rendered, tmp_path):
    pdf = to_pdf(rendered[0], tmp_path)
    checks = {c.key: c for c in check_pdf(pdf)}
    for key in ("page", "margin_top", "margin_bottom", "margin_left", "body_size", "chars_per_line",
                "lines_per_page", "page_number_text", "page_number_size", "page_number_gap", "page_number_odd",
                "page_number_even", "fonts_embedded", "metadata"):
        assert checks[key].ok, (key, checks[key].measured)
    # LibreOffice 7.4 reads w:overflowPunct inverted (0 = hang, see docs/docx.md): a closing
    # mark may hang into the right margin, never more than that one character
    if not checks["margin_right"].ok:
        right = (LAYOUT.width_mm - LAYOUT.right_mm) * 72 / 25.4
        with pdfplumber.open(pdf) as converted:
            past = [line for page in converted.pages for line in page.extract_text_lines() if line["x1"] > right + 1]
        assert past
        for line in past:
            assert line["text"][-1] in "，。、；：？！”’）》" and line["x1"] - right <= LAYOUT.body_pt + 0.5, line["text"]
    docx_text = squash(body_xml_text(docx.Document(str(rendered[0]))))
    with pdfplumber.open(pdf) as converted:
        text = squash("".join(page.extract_text() or "" for page in converted.pages))
    assert len(text) > 0.9 * len(docx_text)


def test_default_formats_come_from_the_project_config(project_copy, tmp_path):
    from fazhi.cli import main

    (project_copy.root / "fazhi.toml").write_text(
        'county = "湟中区"\n[output]\nformats = ["docx"]\n[[townships]]\nname = "土门关乡"\n', encoding="utf-8")
    args = ["render", "--root", str(project_copy.root), "--township", SAMPLE[0], "--year", str(SAMPLE[1])]
    assert main([*args, "--output-dir", str(tmp_path / "a")]) == 0
    assert sorted(p.suffix for p in (tmp_path / "a").iterdir() if p.suffix != ".json") == [".docx"]
    assert main([*args, "--output-dir", str(tmp_path / "b"), "--to", "html"]) == 0  # --to still decides
    assert sorted(p.suffix for p in (tmp_path / "b").iterdir() if p.suffix != ".json") == [".html"]
