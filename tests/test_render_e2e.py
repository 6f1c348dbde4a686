"""End to end: the sample township's real workbook and narrative → HTML + PDF, read back.

The expected figures are computed here straight from the workbook with openpyxl (not through
fazhi's loader) and checked against what a reader sees in the PDF text and the HTML tables.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from browser import chromium, external_urls, load_offline
from sample import ROOT, SAMPLE_STEM

from fazhi.narrative import SECTIONS

REQUIRED_SECTIONS = [s.heading for s in SECTIONS if s.required]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def workbook_rows(sheet: str) -> list[dict]:
    ws = openpyxl.load_workbook(ROOT / "data/2024/土门关乡.xlsx", read_only=True)[sheet]
    header, *rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(header, r)) for r in rows if any(v is not None for v in r)]


class Tables(HTMLParser):
    """Collects every <table> as rows of cell texts, keyed by caption."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption, self._rows, self._cell, self._in = "", [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows = []
        elif tag == "caption":
            self._in, self._caption = "caption", ""
        elif tag == "tr":
            self._rows.append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in = None
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append(self._cell.strip())
            self._cell = None
        elif tag == "table":
            self.tables[self._caption.strip()] = self._rows

    def handle_data(self, data):
        if self._in == "caption":
            self._caption += data
        elif self._cell is not None:
            self._cell += data


@pytest.fixture(scope="module")
def outputs(sample_render):
    html = sample_render.outputs["html"]
    pdf = sample_render.outputs["pdf"]
    return html, pdf, html.read_text(encoding="utf-8"), pdf_text(pdf)


def test_outputs_are_named_as_a_township_submits_them(sample_render):
    assert {p.name for p in sample_render.outputs.values()} == {f"{SAMPLE_STEM}.html", f"{SAMPLE_STEM}.pdf"}


def summary_table(page: str) -> dict[str, list[str]]:
    parser = Tables()
    parser.feed(page)
    caption = next(c for c in parser.tables if c.startswith("表1"))
    return {row[0]: row[1:] for row in parser.tables[caption][1:]}


def test_seed_figures_in_the_html_summary_table(outputs):
    _, _, page, _ = outputs
    table = summary_table(page)
    meetings = [r for r in workbook_rows("会议研究") if r["会议类型"] == "党委会" and r["是否研究法治建设"] == "是"]
    exam = workbook_rows("学法考试")
    took = [r for r in exam if r["是否参考"] == "是"]
    done = [r for r in took if r["是否完成学习"] == "是"]
    assert len(meetings) == 3  # the seed report's figure
    assert table["党委会研究法治建设次数"][1] == str(len(meetings))
    assert len(took) == 12 and table["学法考试参考人数"][1] == "12"
    assert table["学习完成率"][1] == f"{100 * len(done) / len(took):.1f}%" == "100.0%"
    villages = {r["服务对象"] for r in workbook_rows("法律顾问") if r["服务类别"] == "村（社区）"}
    assert len(villages) == 19 and table["村居法律顾问覆盖率"][1] == "100.0%"
    government = [r for r in workbook_rows("法律顾问") if r["服务类别"] == "政府"]
    assert len(government) == 1 and table["政府法律顾问数"][1] == "1"
    collective = [r for r in workbook_rows("学法活动") if r["形式"] == "集中学法"]
    assert len(collective) >= 15 and table["集中学法次数"][1] == str(len(collective))
    occasions = {r["节点"] for r in workbook_rows("普法宣传")}
    assert occasions == {"4.15", "6.26", "12.4", "反邪教宣传月", "平安建设宣传月"}


def test_pdf_reads_back_with_title_sections_figures_and_signature(outputs):
    _, _, _, text = outputs
    flat = squash(text)
    assert "湟中区土门关乡" in flat and "2024年法治政府建设情况报告" in flat
    positions = [flat.find(squash(s)) for s in REQUIRED_SECTIONS]
    assert all(p >= 0 for p in positions), REQUIRED_SECTIONS
    assert positions == sorted(positions)  # the mandated order
    assert "表1" in flat and "图1" in flat and "图5" in flat
    assert "土门关乡人民政府" in flat and "2025年1月9日" in flat
    assert re.search(r"—\s*1\s*—", text)
    meetings = len([r for r in workbook_rows("会议研究") if r["会议类型"] == "党委会" and r["是否研究法治建设"] == "是"])
    # the summary table row (the cell may wrap, leaving "数" after the row's other cells)
    assert re.search(rf"党委会研究法治建设次数?次{meetings}\d", flat)


def test_pdf_is_a4_with_every_font_embedded(outputs):
    _, pdf, _, _ = outputs
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    assert "Title:           湟中区土门关乡2024年法治政府建设情况报告" in info
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts


def test_pdf_charts_are_vector(outputs):
    _, pdf, _, _ = outputs
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(images.splitlines()) == 2  # header lines only: no raster images, charts are vector paths


def test_html_is_self_contained_with_one_plotly(outputs):
    _, _, page, _ = outputs
    assert page.count("plotly.js v") == 1
    assert page.count('class="plotly-graph-div"') >= 5
    assert external_urls(page) == []
    assert '<nav id="TOC"' in page and "目录" in page
    assert 'lang="zh-CN"' in page and "@media print" in page
    assert '<th scope="col"' in page and '<th scope="row"' in page
    for section in REQUIRED_SECTIONS:
        assert section in page


@pytest.mark.skipif(chromium() is None, reason="Chromium is not installed")
def test_html_draws_its_charts_with_the_network_off(outputs):
    html, _, page, _ = outputs
    loaded = load_offline(html)
    assert loaded.requests == ()
    drawn = loaded.dom.count('class="main-svg"')
    assert drawn >= 2 * page.count('class="plotly-graph-div"')  # plotly draws two SVG layers per chart


def test_a_rerender_compiles_the_previous_typst_source_first_and_a_spoilt_one_costs_nothing(project_copy, monkeypatch):
    from fazhi import batch
    from fazhi.render import pdf

    settings = batch.Settings(formats=("pdf",), force=True, jobs=1)
    target = batch.Target("township", "土门关乡", 2024)
    first = batch.run_batch(project_copy, [target], settings)
    kept = project_copy.root / pdf.PREVIOUS_SOURCES / "2024-土门关乡.typ"
    source = kept.read_text(encoding="utf-8")
    assert "#fazhi-figure(" in source and "土门关乡" in source  # the PDF's own Typst source
    (made,) = first.outcomes[0].outputs
    good = made.read_bytes()

    warmed: list[str] = []
    warm_up = pdf._warm_up
    monkeypatch.setattr(pdf, "_warm_up", lambda project, text: (warmed.append(text), warm_up(project, text)))
    kept.write_text("#let spoilt = (", encoding="utf-8")
    second = batch.run_batch(project_copy, [target], settings)  # charts cached: no drawing process
    assert [o.status for o in second.outcomes] == ["rendered"]
    assert warmed == ["#let spoilt = ("]  # the head start compiled what was kept, and failed quietly
    assert made.read_bytes() == good
    assert kept.read_text(encoding="utf-8") == source  # kept anew
