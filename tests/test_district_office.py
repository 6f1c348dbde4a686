"""The district office's January: a roster, the status board, the export, the summary's own words.

One real district is rendered once: a roster of five townships of which one never sent a
workbook (甘河滩镇, whose file arrived misspelt as 甘河滩.xlsx), one sent a workbook with errors
(多巴镇) and three are fine; then the board, the export and the summary are read back as the
district staffer would read them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sample import ROOT, copy_project
from test_render_safety import set_column

from fazhi import fmt
from fazhi.cli import main
from fazhi.config import NewTownship, load_config, write_default_config
from fazhi.district import render_district
from fazhi.district.report import summary_title
from fazhi.district.words import district_narrative_issues
from fazhi.errors import ValidationFailed
from fazhi.export import archive_name, export_year, workbook_name
from fazhi.indicators import compute_indicators
from fazhi.manifest import MANIFEST
from fazhi.status import Board, Report, TownshipStatus, build_board
from fazhi.tables.summary import SUMMARY_KEYS
from fazhi.workbook import check_workbook, load_records
from fazhi.workbook.schema import Dispute

YEAR = 2024
VALID = ("土门关乡", "鲁沙尔镇", "群加藏族乡")
BROKEN = "多巴镇"
MISSING = "甘河滩镇"
ROSTER = (*VALID, BROKEN, MISSING)


def office_project(root: Path):
    project = copy_project(root, (*VALID, BROKEN), (2023, YEAR))
    set_column(project.workbook(BROKEN, YEAR), Dispute.SHEET, Dispute.ACCEPTED, "明年")
    shutil.copy2(ROOT / "data" / str(YEAR) / f"{MISSING}.xlsx", project.data_dir / str(YEAR) / "甘河滩.xlsx")
    write_default_config(project.root, "湟中区", [NewTownship(n, "乡" if n.endswith("乡") else "镇") for n in ROSTER],
                         recipient="区委全面依法治区委员会")
    text = (project.root / "fazhi.toml").read_text(encoding="utf-8").replace("# date = 2025-01-20", "date = 2025-01-09")
    (project.root / "fazhi.toml").write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory):
    project = office_project(tmp_path_factory.mktemp("office"))
    code = main(["render", "--root", str(project.root), "--all", "--district", "湟中区", "--year", str(YEAR), "--jobs", "1"])
    assert code == 1  # 多巴镇 fails; the others are rendered
    return project


def independent(project, name: str):
    """A township's indicators computed straight from its workbooks, without fazhi's district code."""
    now = load_records(project.workbook(name, YEAR))
    return compute_indicators(now, [load_records(project.workbook(name, YEAR - 1))])


# -- the board ----------------------------------------------------------------------------------------
def test_the_board_says_where_every_township_of_the_roster_stands(office):
    config = load_config(office.root)
    assert config is not None
    board = build_board(office, config, YEAR)
    by_name = {t.name: t for t in board.townships}
    assert [t.name for t in board.townships] == list(ROSTER)
    for name in VALID:
        assert by_name[name].workbook == "reported" and by_name[name].report.state == "current"
        assert by_name[name].report.rendered_at is not None and by_name[name].report.outputs
    assert by_name["土门关乡"].own_narrative and not by_name["鲁沙尔镇"].own_narrative
    errors = sum(i.severity == "error" for i in check_workbook(office.workbook(BROKEN, YEAR), township=BROKEN, year=YEAR))
    assert errors > 0
    assert (by_name[BROKEN].workbook, by_name[BROKEN].errors, by_name[BROKEN].report.state) == ("invalid", errors, "missing")
    assert by_name[MISSING].workbook == "missing"
    assert [i.value for i in board.stray_files] == ["甘河滩"]
    assert board.summary.state == "current" and not board.ready


def test_stand_in_fonts_are_those_the_pdf_embeds(office):
    config = load_config(office.root)
    assert config is not None
    report = {t.name: t for t in build_board(office, config, YEAR).townships}["土门关乡"].report
    pdf = next(p for p in report.outputs if p.suffix == ".pdf")
    listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    embedded = {line.split()[0].split("+", 1)[-1].removesuffix("-Identity-H") for line in listed.splitlines()[2:]}
    assert report.stand_in_fonts and set(report.stand_in_fonts) <= embedded
    assert all(name.startswith(("Fandol", "Noto", "ARPL")) for name in report.stand_in_fonts)


def test_a_changed_input_makes_the_report_stale_and_names_it(office, tmp_path):
    project = copy_project(tmp_path, VALID[:1], (2023, YEAR))
    write_default_config(project.root, "湟中区", VALID[:1])
    assert main(["render", "--root", str(project.root), "--township", VALID[0], "--year", str(YEAR), "--to", "html"]) == 0
    config = load_config(project.root)
    assert config is not None
    assert build_board(project, config, YEAR).townships[0].report.state == "current"
    narrative = project.narrative_dir / str(YEAR) / f"{VALID[0]}.md"
    narrative.write_text(narrative.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    report = build_board(project, config, YEAR).townships[0].report
    assert report.state == "stale" and report.changed == (f"narrative/{YEAR}/{VALID[0]}.md",)


def test_status_prints_the_board_writes_it_as_html_and_exits_1_until_ready(office, capsys):
    assert main(["status", "--root", str(office.root), "--year", str(YEAR)]) == 1
    page = (office.output_dir(YEAR) / f"湟中区{YEAR}年度报送情况.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr class=\"(\w+)\">(.*?)</tr>", page, flags=re.S)
    cells = {re.findall(r"<td>(.*?)</td>", r)[1]: (kind, re.findall(r"<td>(.*?)</td>", r)) for kind, r in rows}
    assert list(cells) == list(ROSTER)
    assert cells[MISSING][1][3] == "未报送" and cells[BROKEN][1][3].startswith("数据有误（")
    assert cells["土门关乡"][1][4] == "自有" and cells["鲁沙尔镇"][1][4] == "默认"
    assert cells["鲁沙尔镇"][1][5].startswith("已生成（") and cells["鲁沙尔镇"][1][6].startswith("替代字体")
    assert "<script" not in page


def _status(name: str, ready: bool) -> TownshipStatus:
    report = Report("current", dt.datetime(2025, 1, 9, tzinfo=dt.UTC)) if ready else Report("stale", changed=("x",))
    return TownshipStatus(name, "", "reported", 0, True, report)


def test_the_board_is_ready_only_when_every_township_is():
    summary = Report("current")
    assert Board("湟中区", YEAR, (_status("甲镇", True), _status("乙乡", True)), (), summary).ready
    assert not Board("湟中区", YEAR, (_status("甲镇", True), _status("乙乡", False)), (), summary).ready
    assert not Board("湟中区", YEAR, (_status("甲镇", True),), (), Report("missing")).ready


# -- the export ---------------------------------------------------------------------------------------
def test_the_export_workbook_holds_every_townships_figures_and_the_district_totals(office):
    config = load_config(office.root)
    assert config is not None
    result = export_year(office, config, YEAR)
    assert result.workbook.name == workbook_name("湟中区", YEAR)
    book = openpyxl.load_workbook(result.workbook)
    sheet = book["主要指标"]
    assert sheet.freeze_panes == "C3" and book.sheetnames == ["主要指标", "报送情况", "说明"]
    header = [c.value for c in sheet[1]]
    years = [c.value for c in sheet[2]]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert list(rows) == [*ROSTER, "全区合计"]
    column = {key: header.index(next(h for h in header if h and h.startswith(f"{key}（"))) for key in SUMMARY_KEYS}
    assert header[column["矛盾纠纷受理数"]] == "矛盾纠纷受理数（件）" and header[column["调解成功率"]] == "调解成功率（%）"
    assert years[column["矛盾纠纷受理数"]] == f"{YEAR}年" and years[column["矛盾纠纷受理数"] + 1] == f"{YEAR - 1}年"
    sets = {name: independent(office, name) for name in VALID}
    for name in VALID:
        for key in SUMMARY_KEYS:
            v = sets[name][key]
            this, last = rows[name][column[key]], rows[name][column[key] + 1]
            assert this == (v.value if v.value is not None else v.reason(YEAR)), (name, key)
            assert last == (v.previous if v.previous is not None else v.reason(YEAR - 1)), (name, key)
    total = rows["全区合计"]
    for key in ("矛盾纠纷受理数", "普法宣传场次", "学法活动次数", "合法性审查件数"):
        assert total[column[key]] == sum(sets[n][key].value for n in VALID), key
        assert total[column[key] + 1] == sum(sets[n][key].previous for n in VALID), key
    settled = sum(sets[n]["调解成功数"].value for n in VALID)
    closed = sum(sets[n]["矛盾纠纷调结数"].value for n in VALID)
    assert total[column["调解成功率"]] == pytest.approx(settled / closed)
    assert sheet.cell(3 + ROSTER.index("土门关乡"), column["调解成功率"] + 1).number_format == "0.0%"
    assert rows[MISSING][1] == "未报送" and rows[MISSING][2] is None
    assert rows[BROKEN][1].startswith("数据有误（") and rows[BROKEN][2] is None
    board = [r for r in book["报送情况"].iter_rows(min_row=2, values_only=True)]
    assert [r[1] for r in board] == list(ROSTER)


def test_the_zip_holds_every_report_and_a_manifest_whose_hashes_are_true(office):
    config = load_config(office.root)
    assert config is not None
    result = export_year(office, config, YEAR)
    assert result.archive.name == archive_name("湟中区", YEAR) == "湟中区2024年法治政府建设情况报告汇总.zip"
    with zipfile.ZipFile(result.archive) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read(MANIFEST))
        for key, entry in manifest["reports"].items():
            for output in entry["outputs"]:
                assert hashlib.sha256(archive.read(output["path"])).hexdigest() == output["sha256"], key
        inner = openpyxl.load_workbook(io.BytesIO(archive.read(result.workbook.name)))
    assert set(manifest["reports"]) == {f"乡镇/{n}" for n in VALID} | {"区县/湟中区"}
    for name in VALID:
        assert f"湟中区{name}{YEAR}年法治政府建设情况报告.pdf" in names
    assert f"{summary_title('湟中区', YEAR)}.pdf" in names
    assert inner.sheetnames == ["主要指标", "报送情况", "说明"]


def test_a_modified_pdf_is_left_out_of_the_zip(tmp_path):
    project = copy_project(tmp_path, VALID[:1], (2023, YEAR))
    write_default_config(project.root, "湟中区", VALID[:1])
    assert main(["render", "--root", str(project.root), "--township", VALID[0], "--year", str(YEAR)]) == 0
    pdf = next(project.output_dir(YEAR).glob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"%tampered\n")
    assert main(["export", "--root", str(project.root), "--year", str(YEAR)]) == 0
    with zipfile.ZipFile(project.output_dir(YEAR) / archive_name("湟中区", YEAR)) as archive:
        assert pdf.name not in archive.namelist() and MANIFEST in archive.namelist()


# -- the summary's own words ------------------------------------------------------------------------
def _page_text(path: Path) -> str:
    return re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))


def test_the_summary_names_the_missing_township_and_takes_its_settings_from_the_config(office):
    stem = summary_title("湟中区", YEAR)
    text = _page_text(office.output_dir(YEAR) / f"{stem}.html")
    assert "区委全面依法治区委员会：" in text and "2025年1月9日" in text
    assert f"{MISSING}尚未报送{YEAR}年度工作台账" in text and f"{BROKEN}（工作簿有" in text
    assert "全区5个乡镇中，3个乡镇的台账纳入本报告" in text


def test_the_summarys_own_words_are_edited_and_rendered_again(office, tmp_path):
    project = copy_project(tmp_path, VALID, (2023, YEAR))
    write_default_config(project.root, "湟中区", VALID)
    own = project.narrative_dir / str(YEAR) / "_district.md"
    own.write_text("今年全区受理矛盾纠纷{{ 矛盾纠纷受理数 }}，{{ 报送乡镇数 }}乡镇按时报送。\n\n"
                   "# 五、下一步工作安排\n\n明年重点抓好调解组织建设。\n", encoding="utf-8")
    command = ["render", "--root", str(project.root), "--district", "湟中区", "--year", str(YEAR), "--to", "html"]
    assert main(command) == 0
    page = project.output_dir(YEAR) / f"{summary_title('湟中区', YEAR)}.html"
    disputes = sum(independent(project, n)["矛盾纠纷受理数"].value for n in VALID)
    text = _page_text(page)
    assert f"今年全区受理矛盾纠纷{fmt.number(disputes, '件')}，3个乡镇按时报送。" in text
    assert "五、下一步工作安排" in text and "明年重点抓好调解组织建设。" in text
    own.write_text("今年各乡镇的台账更加规范。\n", encoding="utf-8")
    assert main(command) == 0  # the narrative is an input: the summary is rendered again
    text = _page_text(page)
    assert "今年各乡镇的台账更加规范。" in text and "明年重点抓好" not in text and "下一步工作安排" not in text


def test_a_mistake_in_the_district_narrative_is_located(tmp_path):
    project = copy_project(tmp_path, VALID[:1], (2023, YEAR))
    own = project.narrative_dir / str(YEAR) / "_district.md"
    own.write_text("第一行。\n\n全区{{ 矛盾纠纷受里数 }}。\n\n{{ 图表(\"矛盾纠纷类型\") }}\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        render_district(project, "湟中区", YEAR, formats=("html",))
    assert {(Path(i.file).name, i.line) for i in failed.value.issues if i.severity == "error"} == {
        ("_district.md", 3), ("_district.md", 5)}


def test_check_all_finds_the_mistakes_of_the_district_narrative(tmp_path):
    project = copy_project(tmp_path, VALID[:1], (2023, YEAR))
    command = ["check", "--all", "--year", str(YEAR), "--root", str(project.root)]
    assert main(command) == 0  # the shipped default district narrative is fine
    own = project.narrative_dir / str(YEAR) / "_district.md"
    own.write_text("全区{{ 报送乡镇数 }}。\n\n# 六、其他\n\n全区{{ 矛盾纠纷受里数 }}。\n", encoding="utf-8")
    assert main(command) == 1
    assert {i.line for i in district_narrative_issues(project, YEAR) if i.severity == "error"} == {3, 5}


def test_indicators_lists_the_district_names_with_their_values(office, capsys):
    assert main(["indicators", "--root", str(office.root), "--district", "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    flat = "".join(out.split())
    disputes = sum(independent(office, n)["矛盾纠纷受理数"].value for n in VALID)
    assert "{{报送乡镇数}}" in flat and "{{未报送乡镇数}}" in flat and "{{矛盾纠纷受理数}}" in flat
    assert f"{disputes}件" in flat
