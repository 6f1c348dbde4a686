"""The GB/T 9704 layout (templates/gongwen.typ) measured on real PDFs compiled by the fast engine.

A realistic multi-page report (tests/fixtures/layout/sample.md: title, 主送, headings of four
levels, a long table that breaks across pages, an SVG chart, a pandoc table, signature) goes
through the same pandoc → Typst path as `fazhi render`, and is read back with pdfplumber and
poppler. Expected positions come from the standard (A4, 37/28/26/35 mm margins, 16 pt body,
28 × 22 grid, "— N —" one 4号 character in from the text block).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pdfplumber
import pypandoc
import pytest
import typst

from fazhi.checkpdf import check_pdf
from fazhi.pdfmeasure import PT_MM, _lines, measure_pdf
from fazhi.project import Project
from fazhi.render.pdf import PdfMeta, compile_pdf, to_typst

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests/fixtures/layout"
CELL = 156 / 28  # mm: one character of the 28-character line
META = PdfMeta(
    title="湟中区土门关乡2024年法治政府建设情况报告",
    author="土门关乡人民政府",
    subject="湟中区土门关乡2024年度法治政府建设情况报告",
    keywords=("湟中区", "土门关乡", "2024年", "法治政府建设"),
    issued=dt.date(2025, 1, 9),
)


def make_project(root: Path) -> Project:
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(FIXTURE / "figures", root / "figures")
    if (REPO / ".fonts").is_dir():
        (root / ".fonts").symlink_to(REPO / ".fonts")
    return Project.at(root)


def build(project: Project, markdown: str, meta: PdfMeta = META, name: str = "doc.pdf") -> Path:
    pdf, _ = compile_pdf(to_typst(markdown, meta, project), meta, project)
    path = project.root / name
    path.write_bytes(pdf)
    return path


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    return make_project(tmp_path_factory.mktemp("layout"))


@pytest.fixture(scope="module")
def sample(project) -> Path:
    return build(project, (FIXTURE / "sample.md").read_text(encoding="utf-8"))


def page_lines(path: Path):
    with pdfplumber.open(path) as pdf:
        return [_lines(i, p.chars, p.height) for i, p in enumerate(pdf.pages, start=1)]


def test_sample_passes_every_check(sample):
    checks = check_pdf(sample)
    assert [c.label for c in checks if c.ok is not True] == []


def test_grid_from_the_pdf(sample):
    pages = page_lines(sample)
    assert len(pages) >= 5
    body = [ln for ln in pages[1] if ln.size == 16]  # page 2 is all body text
    assert len(body) == 22
    assert body[0].top == pytest.approx(37, abs=1)
    assert 297 - body[-1].bottom == pytest.approx(35, abs=1)
    pitch = (body[-1].baseline - body[0].baseline) / 21 / PT_MM
    assert 28 <= pitch <= 30
    full = [ln for ln in body if abs(ln.x0 - 28) < 0.3 and ln.x1 > 183 and ln.is_cjk]
    # 28 cells a line; a compressed pair of marks takes one and a half, and a line whose next
    # character may not start a line ("资料，") breaks one character early.
    assert full and Counter(len(ln.text) for ln in full).most_common(1)[0][0] == 28
    assert all(27 <= len(ln.text) <= 29 for ln in full)


def hanzi(n: int) -> str:
    """n ideographs, no punctuation."""
    return ("依法行政建设法治政府" * 3)[:n]


# Lines of a paragraph engineered against the 28-character grid (the first line is indented 2):
# a 。 and a ， end lines 1 and 2, a “ starts line 3 (which also holds an adjacent pair ”，),
# a 《 would be the 28th character of line 4 and a 。 the 29th of line 5.
PUNCTUATED = [
    hanzi(25) + "。",
    hanzi(27) + "，",
    "“" + hanzi(12) + "”，" + hanzi(5) + "、" + hanzi(6) + "：",
    hanzi(27),
    "《" + hanzi(4) + "》" + hanzi(21),
    hanzi(1) + "。" + hanzi(3) + "。",
]


@pytest.fixture(scope="module")
def punctuated(project) -> Path:
    return build(project, "".join(PUNCTUATED) + "\n", name="punctuated.pdf")


def test_punctuation_stays_full_width_inside_the_block(punctuated):
    """A mark at a line's end or start takes one full cell, never reaching into the margin, so
    the 28 cells of a line sit on the grid; two closing marks in a row ("”，") share one and a
    half cells, and justification spreads the half cell saved over the line."""
    with pdfplumber.open(punctuated) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["text"].strip() and c["size"] == pytest.approx(16)]
    assert chars
    for c in chars:
        assert 28 - 0.5 <= c["x0"] * PT_MM and c["x1"] * PT_MM <= 184 + 0.5, (c["text"], c["x0"] * PT_MM, c["x1"] * PT_MM)
    lines = [ln for ln in page_lines(punctuated)[0] if ln.size == 16]

    def starts(line):
        return sorted(c["x0"] * PT_MM for c in chars if abs(c["top"] * PT_MM - line.top) < 0.5)

    for line, indent in ((lines[0], 2), (lines[1], 0)):
        grid = [28 + (indent + i) * CELL for i in range(len(starts(line)))]
        assert starts(line) == pytest.approx(grid, abs=0.2), line.text
    x = starts(lines[2])
    steps = [b - a for a, b in zip(x, x[1:], strict=False)]
    pair = lines[2].text.index("”，")
    assert steps[pair] == pytest.approx(CELL / 2, abs=0.2)
    spread = CELL / 2 / (len(x) - 1)  # the saved half cell, over the line's gaps
    others = steps[:pair] + steps[pair + 1:]
    assert others == pytest.approx([CELL + spread] * len(others), abs=0.25)
    assert x[0] == pytest.approx(28, abs=0.2) and lines[2].x1 == pytest.approx(184, abs=0.3)


def test_punctuation_keeps_the_line_breaking_rules(punctuated):
    """A closing mark never starts a line, an opening mark never ends one: the line breaks a
    character early instead (and is justified to the full width)."""
    lines = [ln for ln in page_lines(punctuated)[0] if ln.size == 16]
    assert [ln.text for ln in lines] == PUNCTUATED
    assert [len(ln.text) for ln in lines[1:3]] == [28, 28]
    for line in lines[1:5]:
        assert line.x0 == pytest.approx(28, abs=0.3) and line.x1 == pytest.approx(184, abs=0.3)
    text = subprocess.run(["pdftotext", str(punctuated), "-"], capture_output=True, text=True, check=True).stdout
    assert "".join(PUNCTUATED) in text.replace("\n", "")  # extracted in reading order


def test_a_chart_that_does_not_fit_floats_and_the_text_fills_the_page(project):
    """16 lines leave about 63 mm; the chart with its caption needs about 100 mm. It goes to
    the top of the next page with its caption and source, and the text after it fills page 1."""
    paragraphs = [hanzi(26) + hanzi(27) + "。"] * 16  # two full lines each
    chart = ('```{=typst}\n#fazhi-figure(image("/figures/disputes.svg", alt: "柱形图", width: 100%), '
             'number: "1", caption: "测试图", source: "数据来源：测试。")\n```')
    path = build(project, "\n\n".join(paragraphs[:8] + [chart] + paragraphs[8:]) + "\n", name="float.pdf")
    first, second = page_lines(path)[:2]
    assert len([ln for ln in first if ln.size == 16]) == 22
    assert not any(ln.text.startswith("图1") for ln in first)
    caption = next(i for i, ln in enumerate(second) if ln.text.startswith("图1"))
    assert second[caption + 1].text == "数据来源：测试。"
    body = [ln for ln in second if ln.size == 16]
    assert body and second[caption].baseline < body[0].baseline  # at the top, above the text


def test_paragraph_indent_and_heading_faces(sample):
    lines = [ln for page in page_lines(sample) for ln in page]
    h1 = next(ln for ln in lines if ln.text.startswith("一、推进"))
    h2 = next(ln for ln in lines if ln.text.startswith("（一）压实"))
    h3 = next(ln for ln in lines if ln.text.startswith("1.明确"))
    h4 = next(ln for ln in lines if ln.text.startswith("（1）建立"))
    for heading in (h1, h2, h3, h4):
        assert heading.size == 16
        assert heading.x0 == pytest.approx(28 + 2 * CELL, abs=0.3)  # indented like a paragraph

    def font_of(prefix: str) -> str:
        with pdfplumber.open(sample) as pdf:
            for page in pdf.pages:
                text = "".join(c["text"] for c in page.chars)
                at = text.find(prefix)
                if at >= 0:
                    return page.chars[at]["fontname"].split("+")[-1]
        raise AssertionError(prefix)

    body, hei, kai = font_of("乡党委把法治"), font_of("一、推进"), font_of("（一）压实")
    assert len({body, hei, kai}) == 3
    assert font_of("1. 明确") == body and font_of("（1）建立") == body
    assert font_of("重点做法") == hei  # strong → 黑体, not a bold variant of 仿宋
    assert "Bold" not in hei
    first = next(ln for ln in lines if ln.text.startswith("乡党委把法治"))
    assert first.x0 == pytest.approx(28 + 2 * CELL, abs=0.3)


def test_title_recipient_and_signature(sample):
    first = page_lines(sample)[0]
    title = [ln for ln in first if ln.size == 22]
    assert [ln.text for ln in title] == ["湟中区土门关乡", "2024年法治政府建设情况报告"]
    for ln in title:  # centred on the text block
        assert (ln.x0 + ln.x1) / 2 == pytest.approx(28 + 156 / 2, abs=1)
    recipient = next(ln for ln in first if ln.text.startswith("中共湟中区委"))
    assert recipient.text.endswith("：") and recipient.x0 == pytest.approx(28, abs=0.3)
    gap = (recipient.baseline - title[-1].baseline) / PT_MM
    assert gap > 2 * 29  # one blank line between title and what follows
    lines = [ln for page in page_lines(sample) for ln in page]
    issuer = next(ln for ln in lines if ln.text == "土门关乡人民政府")
    date = next(ln for ln in lines if ln.text == "2025年1月9日")
    # sealed (the default, 7.3.5.1): date four characters in, issuer centred over it
    assert 184 - date.x1 == pytest.approx(4 * CELL, abs=0.3)
    assert (issuer.x0 + issuer.x1) / 2 == pytest.approx((date.x0 + date.x1) / 2, abs=0.3)
    assert date.page == issuer.page and date.baseline > issuer.baseline


PARAGRAPH = "依法行政是政府工作的基本准则，各项工作都要在法治轨道上运行。" * 3  # four lines
PITCH_MM = 29.6 * PT_MM


def signature_doc(project: Project, paragraphs: int, issuer: str, date: str, sealed: bool) -> list:
    markdown = "\n\n".join([PARAGRAPH] * paragraphs) + (
        f'\n\n```{{=typst}}\n#gongwen-signature(issuer: "{issuer}", date: "{date}", '
        f'sealed: {"true" if sealed else "false"})\n```\n')
    path = build(project, markdown, name=f"sig-{paragraphs}-{len(issuer)}-{sealed}.pdf")
    return page_lines(path)


@pytest.mark.parametrize(
    ("issuer", "date", "sealed"),
    [
        ("土门关乡人民政府", "2025年1月9日", True),
        ("湟中区人民政府", "2025年12月31日", True),
        ("土门关乡人民政府", "2025年1月9日", False),
        ("湟中区司法局", "2025年12月31日", False),  # date longer than the issuer
    ],
)
def test_signature_follows_gbt9704_7_3_5(project, issuer, date, sealed):
    lines = [ln for page in signature_doc(project, 2, issuer, date, sealed) for ln in page]
    text = [ln for ln in lines if ln.text.endswith("运行。")][-1]
    who = next(ln for ln in lines if ln.text == issuer)
    when = next(ln for ln in lines if ln.text == date)
    assert when.baseline - who.baseline == pytest.approx(PITCH_MM, abs=0.1)  # the next line
    blank_lines = 2 if sealed else 1
    assert who.baseline - text.baseline == pytest.approx((blank_lines + 1) * PITCH_MM, abs=0.1)
    if sealed:  # 7.3.5.1: 成文日期右空四字, 署名以成文日期为准居中
        assert 184 - when.x1 == pytest.approx(4 * CELL, abs=0.3)
        assert (who.x0 + who.x1) / 2 == pytest.approx((when.x0 + when.x1) / 2, abs=0.3)
    else:  # 7.3.5.2: 署名右空二字, 日期首字比署名首字右移二字; a longer date sits 右空二字
        assert when.x0 - who.x0 == pytest.approx(2 * CELL, abs=0.3)
        assert 184 - when.x1 >= 2 * CELL - 0.3
        if who.x1 - who.x0 >= when.x1 - when.x0 + 2 * CELL:
            assert 184 - who.x1 == pytest.approx(2 * CELL, abs=0.3)
        else:
            assert 184 - when.x1 == pytest.approx(2 * CELL, abs=0.3)


@pytest.mark.parametrize(("paragraphs", "sealed"), [(5, True), (5, False), (6, True)])
def test_signature_never_stands_alone(project, paragraphs, sealed):
    """Five four-line paragraphs leave two lines free: not room for the 落款, which then takes
    the paragraph's last line with it to the next page (GB/T 9704 7.3.5.5)."""
    pages = signature_doc(project, paragraphs, "土门关乡人民政府", "2025年1月9日", sealed)
    page = next(p for p in pages if any(ln.text == "土门关乡人民政府" for ln in p))
    above = [ln for ln in page if ln.text.endswith("运行。") or ln.text.startswith("依法行政")]
    assert above, "the 落款 stands alone on its page"
    assert len(pages[0]) >= 20  # the first page stays (nearly) full


def test_page_numbers_outside_one_character_in(sample):
    with pdfplumber.open(sample) as pdf:
        for n, page in enumerate(pdf.pages, start=1):
            foot = [c for c in page.chars if c["top"] * PT_MM > 262]
            text = "".join(c["text"] for c in foot)
            assert re.fullmatch(rf"— {n} —", text), text
            assert all(c["size"] == pytest.approx(14) for c in foot)
            if n % 2:
                assert 184 - max(c["x1"] for c in foot) * PT_MM == pytest.approx(14 * PT_MM, abs=0.5)
            else:
                assert min(c["x0"] for c in foot) * PT_MM - 28 == pytest.approx(14 * PT_MM, abs=0.5)
    # GB/T 9704 7.5: the dash's stroke (its ink, not the text line's top) 7 mm below the block
    gaps = measure_pdf(sample).dash_gaps
    assert len(gaps) == len(page_lines(sample))
    assert all(gap == pytest.approx(7, abs=0.3) for _, gap in gaps), gaps


def test_centred_page_numbers_option(project):
    markdown = (FIXTURE / "sample.md").read_text(encoding="utf-8")
    path = build(project, "---\npage-number-align: center\n---\n\n" + markdown, name="centred.pdf")
    outside = {c.key: c.ok for c in check_pdf(path)}
    centred = {c.key: c.ok for c in check_pdf(path, page_number_align="center")}
    assert outside["page_number_odd"] is False and outside["page_number_even"] is False
    assert centred["page_number_center"] is True


def test_captions_carry_our_numbers_only(sample):
    text = subprocess.run(["pdftotext", "-layout", str(sample), "-"], capture_output=True, text=True, check=True).stdout
    assert "Figure" not in text and "Table" not in text
    assert not re.search(r"表\s*\d\s*表|图\s*\d\s*图", text)
    assert re.search(r"表1\s+2024年各行政村法治工作主要指标", text)
    assert re.search(r"图1\s+2024年矛盾纠纷类型分布", text)
    assert "表2 矛盾纠纷类型" in text


def test_fixture_table_kept_whole_with_caption_and_note(sample):
    pages = page_lines(sample)
    rows = [i for i, page in enumerate(pages) if any(ln.text.startswith(("上山庄村", "黑城村", "合计")) for ln in page)]
    caption = next(i for i, page in enumerate(pages) if any(ln.text.startswith("表1") for ln in page))
    note = next(i for i, page in enumerate(pages) if any(ln.text.startswith("数据来源：土门关乡司法所") for ln in page))
    assert {caption, note} == set(rows)  # 21 rows fit a page: one block, caption and note with it


def long_table(project: Project, rows: int) -> list:
    """A 40-row table after a paragraph: cut into page parts by the layout."""
    body = ", ".join(f'("第{i}村", "{i}", "{i * 2}")' for i in range(1, rows)) + ', ("合计", "0", "0")'
    markdown = (PARAGRAPH + "\n\n```{=typst}\n"
                f'#fazhi-table(number: "1", caption: "各村情况", header: ("行政村", "场次（场）", "人次（人）"), '
                f'rows: ({body}), align: ("left", "right", "right"), note: "数据来源：测试。")\n```\n\n' + PARAGRAPH)
    return page_lines(build(project, markdown, name=f"long-{rows}.pdf"))


@pytest.mark.parametrize("rows", [40, 45])
def test_long_table_parts_repeat_header_and_keep_two_rows(project, rows):
    pages = long_table(project, rows)
    per_page = [[ln for ln in page if ln.size == 14 and re.match(r"^(第\d+村|合计)", ln.text)] for page in pages]
    with_rows = [i for i, r in enumerate(per_page) if r]
    assert len(with_rows) >= 2
    for i in with_rows:
        assert len(per_page[i]) >= 2  # never a single row at a page's foot or top
        assert any(ln.text.startswith("行政村") for ln in pages[i])  # header on every part
        head = next(ln for ln in pages[i] if ln.text.startswith(("表1", "续表1")))
        assert head.text.startswith("表1" if i == with_rows[0] else "续表1")
    last = per_page[with_rows[-1]]
    assert last[-1].text.startswith("合计")
    note = next(ln for ln in pages[with_rows[-1]] if ln.text.startswith("数据来源"))
    assert note.top > last[-1].bottom  # the note under the last part


EXAM_HEADER = ("人员类别", "应考（人）", "参考（人）", "参考率", "完成学习（人）", "学习完成率", "合格（人）", "合格率")


def test_table_headers_never_leave_a_character_alone(project):
    """Eight columns of figures leave narrow columns: a header breaks before its unit and into
    lines of two characters or more ("参考率" is never "参考 / 率")."""
    rows = ", ".join(f'("{who}", "{n}", "{m}", "{rate}", "{n}", "100.0%", "{m}", "100.0%")'  # 上五庄镇 2023
                     for who, n, m, rate in (("领导干部", 5, 3, "60.0%"), ("一般干部", 23, 22, "95.7%"), ("合计", 28, 25, "89.3%")))
    markdown = ("```{=typst}\n"
                f'#fazhi-table(number: "2", caption: "年度学法考试情况", header: {EXAM_HEADER!r}, rows: ({rows}), '
                'note: "数据来源：测试。")\n```\n').replace("'", '"')
    path = build(project, markdown, name="headers.pdf")
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        header = [c for c in page.chars if "Hei" in c["fontname"] and c["size"] == pytest.approx(14)]
        words = [w["text"] for w in pdfplumber.utils.extract_words(header, x_tolerance=1.5, y_tolerance=1)]
    words = [w for w in words if w not in ("表2", "年度学法考试情况")]
    assert "".join(words).count("（人）") == 4 and "（人）" in words  # units on lines of their own
    assert [w for w in words if len(w) == 1] == []
    assert all(name in "".join(words) for name in ("人员类别", "参考率", "合格率"))


def test_headings_never_end_a_page(sample):
    for page in page_lines(sample):
        body = [ln for ln in page if not re.fullmatch(r"—\d+—", ln.text)]
        last = body[-1].text
        assert not re.match(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", last), last


def test_minus_sign_is_drawn(sample):
    with pdfplumber.open(sample) as pdf:
        minus = [c for p in pdf.pages for c in p.chars if c["text"] == "\u2212"]
    assert minus, "U+2212 missing from the text layer"
    assert all(c["width"] > 1 for c in minus)
    # Fandol has no U+2212: the fallback list must have handed it to another face.
    assert all("Fandol" not in c["fontname"] for c in minus)


def test_fonts_embedded_and_pdfa_declared(sample):
    fonts = subprocess.run(["pdffonts", str(sample)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    xmp = subprocess.run(["pdfinfo", "-meta", str(sample)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"pdfaid:part(>|=\")2", xmp) and re.search(r"pdfaid:conformance(>|=\")B", xmp)
    info = subprocess.run(["pdfinfo", str(sample)], capture_output=True, text=True, check=True).stdout
    assert f"Title:           {META.title}" in info
    assert f"Author:          {META.author}" in info
    assert "Keywords:        湟中区, 土门关乡, 2024年, 法治政府建设" in info
    assert "CreationDate:    Thu Jan  9 00:00:00 2025 UTC" in info


def test_compiles_without_metadata(project):
    """Quarto without `-M issued`/`author-meta` passes nothing: the PDF takes the compiler's date."""
    source = '#import "/templates/gongwen.typ": gongwen\n#show: gongwen.with(title: "报告")\n正文。\n'
    pdf = typst.compile(source.encode("utf-8"), root=str(project.root), font_paths=[str(project.root / ".fonts")])
    assert pdf.startswith(b"%PDF")


def test_identical_inputs_identical_bytes(project, sample):
    again = build(project, (FIXTURE / "sample.md").read_text(encoding="utf-8"), name="again.pdf")
    assert again.read_bytes() == sample.read_bytes()
    later = build(project, (FIXTURE / "sample.md").read_text(encoding="utf-8"),
                  PdfMeta(META.title, META.author, META.subject, META.keywords, dt.date(2025, 1, 10)), name="later.pdf")
    assert later.read_bytes() != sample.read_bytes()


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("湟中区2024年法治政府建设情况报告", ["湟中区2024年法治政府建设情况报告"]),
        ("湟中区土门关乡2024年法治政府建设情况报告", ["湟中区土门关乡", "2024年法治政府建设情况报告"]),
        ("湟中区汉东回族乡2024年法治政府建设情况报告", ["湟中区汉东回族乡", "2024年法治政府建设情况报告"]),
        ("湟中区土门关乡人民政府关于本乡年度法治政府建设情况的报告",
         ["湟中区土门关乡人民政府关于本乡年度", "法治政府建设情况的报告"]),
        # "湟中区" over 19 characters is too lopsided: the more even cut
        ("湟中区2024年乡镇法治政府建设情况汇总报告", ["湟中区2024年乡镇", "法治政府建设情况汇总报告"]),
    ],
)
def test_title_breaks_on_a_phrase_boundary(project, title, lines):
    """One line when it leaves a character free each side; else before the year; else before 法治政府建设."""
    markdown = f'```{{=typst}}\n#gongwen-title("{title}")\n```\n\n正文。\n'
    path = build(project, markdown, name=f"title-{abs(hash(title))}.pdf")
    assert [ln.text for ln in page_lines(path)[0] if ln.size == 22] == lines


def test_quarto_partials_give_the_same_pdf(project, sample, tmp_path):
    """Quarto inlines typst-template.typ and typst-show.typ into its own template; a stand-in
    main template that does the same (Quarto itself cannot be installed here) must give the
    fast engine's layout, metadata included."""
    partials = tmp_path / "partials"
    partials.mkdir()
    for name in ("typst-template.typ", "typst-show.typ"):
        shutil.copy(REPO / "templates" / name, partials / name)
    (partials / "template.typ").write_text("$typst-template.typ()$\n\n$typst-show.typ()$\n\n$body$\n", encoding="utf-8")
    args = [f"--template={partials / 'template.typ'}"]
    args += [f"--metadata={k}:{v}" for k, v in META.metadata_pairs()]
    source = pypandoc.convert_text((FIXTURE / "sample.md").read_text(encoding="utf-8"), "typst", format="markdown", extra_args=args)
    (project.root / "report.typ").write_text(source, encoding="utf-8")  # Quarto writes it beside report.qmd

    fonts = [str(project.root / ".fonts")] if (project.root / ".fonts").is_dir() else []
    quarto_pdf = project.root / "quarto.pdf"
    typst.compile(str(project.root / "report.typ"), output=str(quarto_pdf), font_paths=fonts, pdf_standards="a-2b")
    assert [c.label for c in check_pdf(quarto_pdf) if c.ok is not True] == []
    assert page_lines(quarto_pdf) == page_lines(sample)
    info = subprocess.run(["pdfinfo", str(quarto_pdf)], capture_output=True, text=True, check=True).stdout
    assert f"Author:          {META.author}" in info and "CreationDate:    Thu Jan  9 00:00:00 2025 UTC" in info
