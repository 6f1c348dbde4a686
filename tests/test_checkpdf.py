"""`fazhi check-pdf` must fail the rules a wrongly laid-out PDF breaks, and only those.

The PDFs here are small Typst documents written to break one rule each (Letter paper, 1 inch
margins, 12 pt text, no page numbers, no PDF/A); the correct layout is covered by
test_layout.py, which runs the same checks on the real sample report.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
import typst

from fazhi.checkpdf import check_pdf, failed
from fazhi.cli import main
from fazhi.errors import InputError
from fazhi.pdfmeasure import measure_pdf

REPO = Path(__file__).resolve().parents[1]
PARAGRAPH = "依法行政是政府工作的基本准则，各项工作都要在法治轨道上运行。" * 12
FONTS = [str(REPO / ".fonts")] if (REPO / ".fonts").is_dir() else []


def compile_doc(tmp_path: Path, page: str, body_size: str = "16pt", footer: str = "", standard: str | None = "a-2b",
                paragraph: str = PARAGRAPH) -> Path:
    source = f"""
#set document(title: "测试", author: "测试机关", description: "主题", keywords: ("甲",), date: datetime(year: 2025, month: 1, day: 9))
#set page({page}, footer: {footer or "none"})
#set text(font: ("FandolFang R", "Noto Serif CJK SC"), size: {body_size}, lang: "zh")
#set par(justify: true, first-line-indent: (amount: 2em, all: true))
{(paragraph + chr(10) + chr(10)) * 6}
"""
    path = tmp_path / "doc.pdf"
    pdf = typst.compile(source.encode("utf-8"), font_paths=FONTS, pdf_standards=standard or [])
    path.write_bytes(pdf)
    return path


def verdicts(path: Path) -> dict[str, bool | None]:
    return {c.key: c.ok for c in check_pdf(path)}


def test_letter_paper_with_inch_margins_fails_size_and_margins(tmp_path):
    path = compile_doc(tmp_path, 'paper: "us-letter", margin: 20mm')
    result = verdicts(path)
    for key in ("page", "margin_top", "margin_bottom", "margin_left", "margin_right"):
        assert result[key] is False, key
    assert result["body_size"] is True
    assert result["fonts_embedded"] is True and result["pdfa"] is True and result["metadata"] is True
    report = measure_pdf(path)
    assert report.page_sizes[0] == pytest.approx((215.9, 279.4), abs=0.1)
    assert report.margin_left == pytest.approx(20, abs=0.3)


def test_half_width_marks_in_the_margins_fail_the_margins(tmp_path):
    """Typst's own CJK rules set a mark ending or starting a line half width: its glyph box
    then reaches half a character past the text block, and the margins must say so."""
    page = 'paper: "a4", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm)'
    words = "依法行政建设法治政府" * 3
    # 16 pt cells, 27.6 to a line: each line holds 27 ideographs and a trimmed mark.
    marks = '#set par(linebreaks: "simple")\n' + words[:25] + "。" + words[:27] + "，" + "“" + words[:26] + "”" + words[:10]
    path = compile_doc(tmp_path, page, paragraph=marks)
    result = verdicts(path)
    assert result["page"] is True and result["body_size"] is True and result["margin_top"] is True
    assert result["margin_left"] is False and result["margin_right"] is False
    report = measure_pdf(path)
    assert report.margin_left == pytest.approx(28 - 16 / 2 * 25.4 / 72, abs=0.3)  # half a character out


def test_small_type_fails_size_grid_and_page_numbers(tmp_path):
    page = 'paper: "a4", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm)'
    result = verdicts(compile_doc(tmp_path, page, body_size="12pt"))
    assert result["page"] is True and result["margin_left"] is True
    assert result["body_size"] is False
    assert result["chars_per_line"] is False and result["lines_per_page"] is False
    assert result["page_number_text"] is False  # no page numbers at all


def test_centred_hyphen_numbers_fail_outside_position(tmp_path):
    page = 'paper: "a4", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm), footer-descent: 7mm'
    footer = 'context align(center, text(size: 14pt, top-edge: 0.88em, "- " + str(counter(page).get().first()) + " -"))'
    result = verdicts(compile_doc(tmp_path, page, footer=footer))
    assert result["page_number_text"] is True  # any dash reads as a page number…
    assert result["page_number_odd"] is False and result["page_number_even"] is False  # …but not placed outside
    assert result["page_number_size"] is True
    # the line's top is 7 mm below the block, so the hyphen's stroke, lower in the line, is not
    assert result["page_number_gap"] is False
    assert measure_pdf(compile_doc(tmp_path, page, footer=footer)).dash_gaps[0][1] > 8


def test_plain_pdf_is_not_pdfa(tmp_path):
    result = verdicts(compile_doc(tmp_path, 'paper: "a4"', standard=None))
    assert result["pdfa"] is False


def test_cli_exit_code_and_table(tmp_path, capsys):
    path = compile_doc(tmp_path, 'paper: "us-letter", margin: 20mm')
    assert main(["check-pdf", str(path)]) == 1
    err = capsys.readouterr().err
    assert "纸张" in err and "不合格" in err
    assert len(failed(check_pdf(path))) >= 5


def test_unreadable_files_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="找不到"):
        check_pdf(tmp_path / "missing.pdf")
    bogus = tmp_path / "bogus.pdf"
    bogus.write_text("不是 PDF", encoding="utf-8")
    with pytest.raises(InputError, match="不是可读的 PDF"):
        check_pdf(bogus)
    assert main(["check-pdf", str(bogus)]) == 1


# ---- The reviewer's checks: each PDF below breaks one of them. ----
GB_PAGE = 'paper: "a4", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm), footer-descent: 7mm'
GB_FOOTER = 'context align(center, text(size: 14pt, "— " + str(counter(page).get().first()) + " —"))'


def gb_doc(tmp_path: Path, body: str, name: str = "doc.pdf", paragraphs: str = f"{PARAGRAPH}\n\n{PARAGRAPH}") -> Path:
    """A GB/T 9704-like page (grid 29.6 pt) with `body` after `paragraphs` (two by default)."""
    source = f"""
#set document(title: "测试", author: "测试机关", description: "主题", keywords: ("甲",), date: datetime(year: 2025, month: 1, day: 9))
#set page({GB_PAGE}, footer: {GB_FOOTER})
#set text(font: ("FandolFang R", "Noto Serif CJK SC"), size: 16pt, lang: "zh", top-edge: 0.88em, bottom-edge: -0.12em, tracking: -0.22pt)
#set par(justify: true, leading: 13.6pt, spacing: 13.6pt, first-line-indent: (amount: 2em, all: true))
{paragraphs}

{body}
"""
    path = tmp_path / name
    path.write_bytes(typst.compile(source.encode("utf-8"), font_paths=FONTS, pdf_standards="a-2b"))
    return path


SIGNATURE = '#align(right)[土门关乡人民政府#h(2em)]\n#align(right)[2025年1月9日#h(4em)]'


def test_reviewer_checks_pass_on_a_plain_good_page(tmp_path):
    result = verdicts(gb_doc(tmp_path, PARAGRAPH + "\n\n" + SIGNATURE))
    for key in ("blank", "widows", "signature_alone", "notes_apart", "off_grid", "stretched"):
        assert result[key] is True, key


def test_half_blank_page_fails(tmp_path):
    path = gb_doc(tmp_path, "#pagebreak()\n" + PARAGRAPH)
    assert verdicts(path)["blank"] is False
    assert max(b for _, b in measure_pdf(path).blank) > 0.5


def test_page_starting_with_a_short_fragment_fails(tmp_path):
    path = gb_doc(tmp_path, "#pagebreak()\n#par(first-line-indent: 0pt)[题。]\n\n" + PARAGRAPH)
    assert verdicts(path)["widows"] is False
    assert [w.text for w in measure_pdf(path).widows] == ["题。"]


def test_signature_alone_on_its_page_fails(tmp_path):
    assert verdicts(gb_doc(tmp_path, "#pagebreak()\n" + SIGNATURE))["signature_alone"] is False
    assert verdicts(gb_doc(tmp_path, PARAGRAPH, name="none.pdf"))["signature_alone"] is None  # no 落款: 未测


def test_note_at_the_top_of_a_page_fails(tmp_path):
    table = '#table(columns: 2, text(size: 14pt)[甲], text(size: 14pt)[1])'
    note = '#text(size: 12pt)[数据来源：测试台账。]'
    assert verdicts(gb_doc(tmp_path, table + "\n" + note))["notes_apart"] is True
    assert verdicts(gb_doc(tmp_path, table + "\n#pagebreak()\n" + note, name="apart.pdf"))["notes_apart"] is False


def test_lines_off_the_grid_fail(tmp_path):
    path = gb_doc(tmp_path, "#v(9pt)\n" + PARAGRAPH)
    assert verdicts(path)["off_grid"] is False
    assert len(measure_pdf(path).off_grid) >= 4


def test_stretched_line_fails(tmp_path):
    # a line that must break before an unbreakable run is spread over few gaps
    path = gb_doc(tmp_path, "依法行政建设法治政府依法行政#box(width: 60%)[法治]法治政府。")
    result = verdicts(path)
    assert result["stretched"] is False
    assert max(e for _, e in measure_pdf(path).stretched) > 0.5


def gongwen_doc(tmp_path: Path, signature: bool) -> Path:
    """A short report in fazhi's own layout (templates/gongwen.typ)."""
    sig = '#gongwen-signature(issuer: "土门关乡人民政府", date: "2025年1月9日")' if signature else ""
    source = f"""#import "/templates/gongwen.typ": *
#show: gongwen.with(title: "测试", author: "测试机关", subject: "主题", keywords: ("甲",), date: "2025-01-09")
{(PARAGRAPH + chr(10) + chr(10)) * 3}{sig}
"""
    path = tmp_path / f"gongwen-{signature}.pdf"
    path.write_bytes(typst.compile(source.encode("utf-8"), root=str(REPO), font_paths=FONTS, pdf_standards="a-2b"))
    return path


def test_pages_that_all_end_a_line_short_keep_the_bottom_margin(tmp_path):
    """Widow, heading and float rules can make every page of a short report end a line short
    (李家山镇 2023): the white below its lowest line is then not the margin, the grid's last line is."""
    three_lines = "依法行政是政府工作的基本准则，各项工作都要在法治轨道上运行。" * 2 + "推进法治政府建设。"
    page = "\n\n".join([three_lines] * 7)  # 21 of the 22 lines
    path = gb_doc(tmp_path, "", paragraphs="\n\n#pagebreak()\n\n".join([page] * 3))
    report = measure_pdf(path)
    with pdfplumber.open(path) as pdf:
        lowest = max(c["bottom"] for c in pdf.chars if c["size"] > 15) * 25.4 / 72
    assert lowest < 297 - 35 - 10 and report.pages == 3  # no page reaches its 22nd line
    assert report.lines_per_page == 22
    assert report.margin_bottom == pytest.approx(35, abs=1)
    assert verdicts(path)["margin_bottom"] is True


def test_all_passed_only_when_nothing_unmeasured(tmp_path, capsys):
    assert main(["check-pdf", str(gongwen_doc(tmp_path, signature=True))]) == 0
    assert "全部合格" in capsys.readouterr().err
    assert main(["check-pdf", str(gongwen_doc(tmp_path, signature=False))]) == 0  # 未测 is no failure…
    err = capsys.readouterr().err
    assert "全部合格" not in err and "未测" in err  # …but not "all passed"


def test_body_size_from_running_text_not_tables(tmp_path):
    rows = ", ".join(f'text(size: 14pt)[第{i}村], text(size: 14pt)[{i}]' for i in range(60))
    path = gb_doc(tmp_path, f"#table(columns: 2, {rows})")
    report = measure_pdf(path)
    assert report.body_size == 16  # the table holds more glyphs, but is not running text
    assert verdicts(path)["body_size"] is True


# ---- Every sample report (2023–2025) and the district summary, rendered once. ----
SAMPLE_YEARS = (2023, 2024, 2025)


@pytest.fixture(scope="session")
def sample_pdfs(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("samples")
    for year in SAMPLE_YEARS:
        assert main(["render", "--all", "--year", str(year), "--to", "pdf", "--root", str(REPO),
                     "--output-dir", str(out / str(year))]) == 0
    assert main(["render", "--district", "湟中区", "--year", "2024", "--to", "pdf", "--root", str(REPO),
                 "--output-dir", str(out / "district")]) == 0
    return sorted(out.rglob("*.pdf"))


def test_every_sample_pdf_passes_every_check(sample_pdfs):
    townships = {p.stem for p in sample_pdfs if "汇总" not in p.stem}
    workbooks = {f"湟中区{w.stem}{w.parent.name}年法治政府建设情况报告" for y in SAMPLE_YEARS for w in (REPO / "data" / str(y)).glob("*.xlsx")}
    assert townships == workbooks and len(townships) == 45
    assert any("汇总" in p.stem for p in sample_pdfs)
    problems = {p.name: [f"{c.label}：{c.measured}" for c in check_pdf(p) if c.ok is not True] for p in sample_pdfs}
    assert {name: bad for name, bad in problems.items() if bad} == {}
