"""The report builder: optional section, numbering in document order, the same in HTML and PDF."""

from __future__ import annotations

import re
import subprocess

from sample import copy_project

from fazhi.errors import Reason
from fazhi.render import render_township


def test_optional_fifth_section_follows_the_fourth(tmp_path):
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p")
    narrative = project.narrative_dir / "2024" / "土门关乡.md"
    narrative.write_text(
        narrative.read_text(encoding="utf-8") + "\n\n# 五、其他需要报告的情况\n\n本年度无其他需要报告的事项。\n", encoding="utf-8"
    )
    page = render_township(project, "土门关乡", 2024, formats=("html",), output_dir=tmp_path / "out").outputs["html"]
    text = page.read_text(encoding="utf-8")
    fourth, fifth, signature = (text.find(s) for s in ("四、下一年度", "五、其他需要报告的情况", 'class="signature '))
    assert 0 < fourth < fifth < signature
    assert "本年度无其他需要报告的事项。" in text


def test_without_a_fifth_section_there_is_no_heading(sample_render):
    assert "五、其他需要报告的情况" not in sample_render.outputs["html"].read_text(encoding="utf-8")


def test_tables_and_figures_are_numbered_in_order_and_alike_in_html_and_pdf(sample_render):
    page = sample_render.outputs["html"].read_text(encoding="utf-8")
    html_tables = [int(n) for n in re.findall(r"<caption>表(\d+)", page)]
    html_figures = [int(n) for n in re.findall(r"<figcaption>图(\d+)", page)]
    assert html_tables == list(range(1, len(html_tables) + 1)) and len(html_tables) >= 2
    assert html_figures == list(range(1, len(html_figures) + 1)) and len(html_figures) >= 5
    text = subprocess.run(["pdftotext", "-layout", str(sample_render.outputs["pdf"]), "-"], capture_output=True, text=True).stdout
    captions = dict(re.findall(r"((?:表|图)\d+) +(\S+)", text))
    for kind, numbers in (("表", html_tables), ("图", html_figures)):
        for n in numbers:
            title = re.search(rf"<(?:caption|figcaption)>{kind}{n}　([^<]+)<", page)[1]
            assert captions.get(f"{kind}{n}", "").startswith(title[:6]), (kind, n, title)


def test_an_earlier_workbook_in_another_format_is_named_not_reported_missing(tmp_path):
    from fazhi.township import LeftOut, load_township_year

    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p")
    old = project.workbook("土门关乡", 2023)
    old.rename(old.with_suffix(".xls"))
    loaded = load_township_year(project, "土门关乡", 2024)
    assert loaded.unreadable_years == (2023,)
    assert loaded.left_out == (LeftOut(2023, old.with_suffix(".xls"), Reason.WORKBOOK_FORMAT),)
    value = loaded.indicators["党委会研究法治建设次数"]
    assert value.previous_text == "数据有误" and value.change_text == "上年数据有误"
    result = render_township(project, "土门关乡", 2024, formats=("html",), output_dir=tmp_path / "out")
    assert loaded.left_out[0].message() in result.messages


def test_check_all_goes_on_past_a_workbook_in_another_format(tmp_path, capsys, monkeypatch):
    from fazhi.cli import console, main

    monkeypatch.setattr(console, "width", 400)  # one table row per line
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p", townships=("土门关乡", "群加藏族乡"))
    bad = project.workbook("群加藏族乡", 2024)
    bad.rename(bad.with_suffix(".xls"))
    own = project.narrative_dir / "2024" / "土门关乡.md"  # a later township's problem must still be found
    own.write_text(own.read_text(encoding="utf-8") + "\n{{ 不存在的指标 }}\n", encoding="utf-8")
    assert main(["check", "--root", str(project.root), "--all", "--year", "2024"]) == 1
    err = capsys.readouterr().err
    assert "另存为" in err and "不存在的指标" in err


def test_floating_charts_stay_in_their_section(sample_render):
    # every chart of the sample narrative is placed in section 一; floats must not drift into 二
    text = subprocess.run(["pdftotext", "-layout", str(sample_render.outputs["pdf"]), "-"], capture_output=True, text=True).stdout
    section_two = text.index("二、上一年度推进法治政府建设存在的不足和原因")
    captions = [m.start() for m in re.finditer(r"图\d+ ", text)]
    assert captions and max(captions) < section_two


FORGED = ("FAZHIELEMENT0X", "FAZHIELEMENT1X", "fazhi0123456789abcdefn0x", "fazhisep0123456789abcdefx")


def test_marker_like_text_in_a_narrative_or_a_workbook_stays_text(tmp_path, sample_render):
    """What looks like a placement marker — the old report-level one, or the narrative's own
    token and separator — typed in a sentence or in a workbook cell moves no chart."""
    from test_render_safety import set_column

    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p")
    set_column(project.workbook("土门关乡", 2024), "基本信息", "发文机关", f"土门关乡{FORGED[1]}人民政府")
    set_column(project.workbook("土门关乡", 2024), "基本信息", "主送机关", f"湟中区{FORGED[0]}人民政府")
    narrative = project.narrative_dir / "2024" / "土门关乡.md"
    heading = "# 一、上一年度推进法治政府建设的主要举措和成效\n"
    typed = f"来信写道{FORGED[0]}，又写{FORGED[2]}和{FORGED[3]}；发文机关为{{{{ 发文机关 }}}}。\n\n{FORGED[0]}\n"
    text = narrative.read_text(encoding="utf-8")
    narrative.write_text(text.replace(heading, f"{heading}\n{typed}\n", 1), encoding="utf-8")

    page = render_township(project, "土门关乡", 2024, formats=("html",), output_dir=tmp_path / "out").outputs["html"]
    html = page.read_text(encoding="utf-8")
    assert f"<p>来信写道{FORGED[0]}，又写{FORGED[2]}和{FORGED[3]}；发文机关为土门关乡{FORGED[1]}人民政府。</p>" in html
    assert f"<p>{FORGED[0]}</p>" in html and f"湟中区{FORGED[0]}人民政府" in html

    def captions(page: str) -> list[str]:
        return re.findall(r"<(?:caption|figcaption)>([^<]+)<", page)

    assert captions(html) == captions(sample_render.outputs["html"].read_text(encoding="utf-8"))
