"""The document's parts set in 基本信息 (标题, 主送机关, 发文字号, 加盖印章, 不列图表): each
changes what it should in HTML, PDF and DOCX, and a bad value is a located error."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
from sample import SAMPLE, SAMPLE_STEM
from test_render_e2e import squash

from fazhi.errors import Reason
from fazhi.project import Project
from fazhi.render import render_township
from fazhi.workbook import check_township
from fazhi.workbook.parts import default_title
from fazhi.workbook.schema import Info

TITLE = "土门关乡人民政府关于2024年度法治政府建设情况的报告"
NUMBER = "土政〔2025〕3号"


def set_info(project: Project, **values: object) -> None:
    """Write 基本信息 cells by column name (a column the workbook lacks is added)."""
    path = project.workbook(*SAMPLE)
    book = openpyxl.load_workbook(path)
    sheet = book[Info.SHEET]
    header = [c.value for c in sheet[1]]
    for name, value in values.items():
        if name not in header:
            header.append(name)
            sheet.cell(1, len(header), name)
        sheet.cell(2, header.index(name) + 1).value = value  # (cell(r, c, None) would keep the old value)
    book.save(path)


def issues_at(project: Project, column: str) -> list:
    return [i for i in check_township(project, *SAMPLE) if i.sheet == Info.SHEET and i.column == column]


@pytest.fixture(scope="module")
def with_parts(tmp_path_factory: pytest.TempPathFactory):
    """The sample with every part set: own title, 发文字号, no seal, two elements left out."""
    from sample import copy_project

    project = copy_project(tmp_path_factory.mktemp("parts"))
    set_info(project, **{Info.TITLE: TITLE, Info.DOC_NUMBER: NUMBER, Info.SEALED: "否", Info.OMITTED: "主要指标、调解结果"})
    result = render_township(project, *SAMPLE, formats=("html", "pdf", "docx"))
    pdf = subprocess.run(["pdftotext", "-layout", str(result.outputs["pdf"]), "-"], capture_output=True, text=True,
                         check=True).stdout
    return result, result.outputs["html"].read_text(encoding="utf-8"), pdf, docx.Document(str(result.outputs["docx"]))


def test_default_title_and_file_name():
    assert default_title("湟中区", "土门关乡", 2024) == SAMPLE_STEM


def test_own_title_in_every_format_file_name_unchanged(with_parts):
    result, html, pdf, document = with_parts
    assert all(p.stem == SAMPLE_STEM for p in result.outputs.values())
    assert f'<h1 class="title">{TITLE}</h1>' in html and f"<title>{TITLE}</title>" in html
    assert TITLE in squash(pdf)[:200] and SAMPLE_STEM not in squash(pdf)
    title = next(p for p in document.paragraphs if p.style.style_id == "Title")
    assert title.text.replace("\n", "") == TITLE
    assert document.core_properties.title == TITLE


def test_doc_number_centred_above_the_title(with_parts):
    _, html, pdf, document = with_parts
    assert html.index(f'<p class="doc-number">{NUMBER}</p>') < html.index('<h1 class="title">')
    text = squash(pdf)
    assert text.index(NUMBER) < text.index(TITLE[:10])
    first = next(p for p in document.paragraphs if p.text.strip())
    assert first.text == NUMBER and first.style.style_id == "DocNumber"
    assert first.style.paragraph_format.alignment == 1  # centred


def test_unsealed_signature_in_every_format(with_parts):
    _, html, _, document = with_parts
    assert 'class="signature unsealed"' in html
    issuer, date = [p for p in document.paragraphs if p.style.style_id in ("Issuer", "SignatureDate")]
    char = (16 - 0.25) * 20  # a body character in twips
    assert issuer.paragraph_format.right_indent.twips == pytest.approx(2 * char, abs=2)  # 右空二字
    # the date's first character two characters right of the issuer's: both in characters
    issuer_start = issuer.paragraph_format.right_indent.twips / char + 8
    date_start = date.paragraph_format.right_indent.twips / char + 6  # 2025年1月9日: 6 characters
    assert issuer_start - date_start == pytest.approx(2, abs=0.01)


def test_left_out_table_and_chart_in_every_format(with_parts):
    _, html, pdf, document = with_parts
    assert "主要指标完成情况" not in html and "主要指标完成情况" not in pdf
    captions = [p.text for p in document.paragraphs if p.style.style_id in ("TableCaption", "ImageCaption")]
    assert captions and not any("主要指标完成情况" in c or "调解结果" in c for c in captions)
    assert "调解结果" not in "".join(re.findall(r"<figcaption>(.*?)</figcaption>", html))
    assert captions[0].startswith(("表1", "图1"))  # numbering closes up


def test_sealed_by_default(project_copy):
    out = render_township(project_copy, *SAMPLE, formats=("docx",)).outputs["docx"]
    issuer, date = [p for p in docx.Document(str(out)).paragraphs if p.style.style_id in ("Issuer", "SignatureDate")]
    char = (16 - 0.25) * 20
    assert date.paragraph_format.right_indent.twips == pytest.approx(4 * char, abs=2)  # 右空四字
    issuer_centre = issuer.paragraph_format.right_indent.twips / char + 8 / 2
    date_centre = date.paragraph_format.right_indent.twips / char + 6 / 2
    assert issuer_centre == pytest.approx(date_centre, abs=0.01)


# ---- bad values ----------------------------------------------------------------------------


def test_title_naming_another_year_is_a_located_error(project_copy):
    set_info(project_copy, **{Info.TITLE: "土门关乡人民政府关于2023年度法治政府建设情况的报告"})
    (issue,) = issues_at(project_copy, Info.TITLE)
    assert (issue.reason, issue.severity, issue.row) == (Reason.TITLE_YEAR, "error", 2)
    assert "2023" in (issue.value or "")


def test_unknown_element_is_a_located_error_with_a_suggestion(project_copy):
    set_info(project_copy, **{Info.OMITTED: "主要指标、调解结过"})
    (issue,) = issues_at(project_copy, Info.OMITTED)
    assert (issue.reason, issue.severity, issue.row, issue.value) == (Reason.ELEMENT_UNKNOWN, "error", 2, "调解结过")
    assert "调解结果" in (issue.expected or "")


def test_doc_number_not_in_gbt9704_form_is_warned(project_copy):
    set_info(project_copy, **{Info.DOC_NUMBER: "土政[2025]第03号"})
    (issue,) = issues_at(project_copy, Info.DOC_NUMBER)
    assert (issue.reason, issue.severity, issue.value) == (Reason.DOC_NUMBER_FORM, "warning", "土政[2025]第03号")


def test_sealed_takes_yes_or_no_only(project_copy):
    set_info(project_copy, **{Info.SEALED: "盖章"})
    (issue,) = issues_at(project_copy, Info.SEALED)
    assert (issue.reason, issue.severity, issue.row) == (Reason.VALUE_INVALID, "error", 2)


def test_empty_recipient_is_warned_by_check(project_copy, capsys):
    from fazhi.cli import main

    set_info(project_copy, **{Info.RECIPIENT: None})
    (issue,) = issues_at(project_copy, Info.RECIPIENT)
    assert (issue.reason, issue.severity) == (Reason.RECIPIENT_MISSING, "warning")
    assert main(["check", "--root", str(project_copy.root), "--township", SAMPLE[0], "--year", str(SAMPLE[1])]) == 0
    assert "主送机关" in capsys.readouterr().err


def test_the_blank_workbook_has_the_part_columns(tmp_path: Path):
    from fazhi.workbook.template import write_template

    path = write_template(tmp_path / "2024" / "新乡.xlsx", township="新乡", year=2024)
    header = [c.value for c in openpyxl.load_workbook(path)[Info.SHEET][1]]
    assert {Info.TITLE, Info.DOC_NUMBER, Info.SEALED, Info.OMITTED} <= set(header)
