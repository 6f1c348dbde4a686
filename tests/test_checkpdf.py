"""`fazhi check-pdf` must fail the rules a wrongly laid-out PDF breaks, and only those.

The PDFs here are small Typst documents written to break one rule each (Letter paper, 1 inch
margins, 12 pt text, no page numbers, no PDF/A); the correct layout is covered by
test_layout.py, which runs the same checks on the real sample report.
"""

from __future__ import annotations

from pathlib import Path

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
    assert result["page_number_gap"] is True and result["page_number_size"] is True


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
