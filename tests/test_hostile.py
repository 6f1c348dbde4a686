"""Hostile inputs and file-system faults: every one ends in a Chinese message naming the file,
exit code 1, no traceback, no leftover temporary and no damaged earlier output."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sample import ROOT, SAMPLE_STEM, copy_project

from fazhi import atomic
from fazhi.atomic import WriteError, write_all
from fazhi.cli import main
from fazhi.errors import InputError, Reason
from fazhi.project import Project
from fazhi.workbook import check_workbook, load_records

SAMPLE_ARGS = ["--township", "土门关乡", "--year", "2024"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def no_traceback(text: str) -> bool:
    return "Traceback" not in text and "Error:" not in text.replace("程序内部错误", "")


# -- writing outputs (atomic.write_all) ----------------------------------------------------------
def test_replace_refused_like_windows_keeps_the_open_file(tmp_path, monkeypatch):
    """Windows refuses os.replace onto a PDF open in WPS or Acrobat (PermissionError)."""
    target = tmp_path / "报告.pdf"
    target.write_bytes(b"old")

    def refuse(src, dst):  # noqa: ANN001, ARG001 - os.replace's signature
        raise PermissionError(errno.EACCES, "另一个程序正在使用此文件，进程无法访问。", str(dst))

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(WriteError) as caught:
        write_all({target: b"new"})
    assert str(target) in str(caught.value) and "WPS" in str(caught.value)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.pdf"]


def test_a_full_disk_leaves_no_part_file_and_keeps_the_old_output(tmp_path, monkeypatch):
    target = tmp_path / "a.html"
    target.write_bytes(b"old")

    def full(fd):  # noqa: ANN001, ARG001 - the kernel reports a full disk at the latest on fsync
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(WriteError) as caught:
        write_all({target: b"x" * 100_000})
    monkeypatch.undo()
    assert "磁盘空间不足" in str(caught.value)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html"]


def test_a_target_that_is_a_folder_is_named(tmp_path):
    (tmp_path / "a.pdf").mkdir()
    with pytest.raises(WriteError) as caught:
        write_all({tmp_path / "a.html": b"html", tmp_path / "a.pdf": b"pdf"})
    assert "a.pdf" in str(caught.value) and "文件夹" in str(caught.value)
    assert not (tmp_path / "a.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]


def test_output_dir_that_is_a_file_is_a_message(tmp_path, capsys):
    project = copy_project(tmp_path)
    blocker = tmp_path / "out"
    blocker.write_text("not a folder", encoding="utf-8")
    code, said = run(capsys, "render", "--root", str(project.root), *SAMPLE_ARGS, "--to", "html",
                     "--output-dir", str(blocker))
    assert code == 1 and "不是文件夹" in said and str(blocker) in said and no_traceback(said)


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root ignores permissions")
def test_read_only_output_dir_is_a_message(tmp_path, capsys):
    project = copy_project(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        code, said = run(capsys, "render", "--root", str(project.root), *SAMPLE_ARGS, "--to", "html",
                         "--output-dir", str(out))
    finally:
        out.chmod(0o755)
    assert code == 1 and "没有权限" in said and no_traceback(said)
    assert list(out.iterdir()) == []


def test_an_unwritable_records_cache_does_not_break_check(tmp_path, capsys, monkeypatch):
    project = copy_project(tmp_path)
    (project.root / ".cache").write_text("a file where the cache folder goes", encoding="utf-8")
    code, said = run(capsys, "indicators", "--root", str(project.root), *SAMPLE_ARGS)
    assert code == 0 and no_traceback(said)
    assert sorted(p.name for p in project.root.iterdir() if p.name.startswith(".")) == [".cache", ".fonts"]


# -- the CLI's own tracebacks ----------------------------------------------------------------------
def test_template_output_into_a_missing_folder_chain_is_a_message(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, said = run(capsys, "template", "--root", str(tmp_path), *SAMPLE_ARGS, "--county", "湟中区",
                     "--output", str(blocker / "a.xlsx"))
    assert code == 1 and str(blocker) in said and no_traceback(said)


def test_new_year_onto_a_file_is_a_message(tmp_path, capsys):
    project = copy_project(tmp_path)
    (project.narrative_dir / "2025").write_text("a file where the year folder goes", encoding="utf-8")
    code, said = run(capsys, "new-year", "--root", str(project.root), "--year", "2025")
    assert code == 1 and "2025" in said and no_traceback(said)


def test_preview_port_out_of_range_is_a_message(tmp_path, capsys):
    code, said = run(capsys, "preview", "--root", str(tmp_path), *SAMPLE_ARGS, "--port", "70000")
    assert code == 1 and "70000" in said and no_traceback(said)


# -- narratives ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["", "只有一段文字，没有标题。\n", "\n\n"])
def test_a_narrative_without_headings_is_checked_not_crashed(project_copy, capsys, text):
    (project_copy.narrative_dir / "2024" / "土门关乡.md").write_text(text, encoding="utf-8")
    code, said = run(capsys, "check", "--root", str(project_copy.root), *SAMPLE_ARGS)
    assert code == 1 and "土门关乡.md" in said and no_traceback(said)


def _special(kind: str, path: Path) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.symlink_to(path)


SPECIALS = [k for k in ("fifo", "folder", "device", "loop") if k == "folder" or hasattr(os, "mkfifo")]


@pytest.mark.parametrize("kind", SPECIALS)
def test_a_narrative_that_is_no_file_is_refused_without_hanging(project_copy, capsys, kind):
    path = project_copy.narrative_dir / "2024" / "土门关乡.md"
    path.unlink()
    _special(kind, path)
    code, said = run(capsys, "check", "--root", str(project_copy.root), *SAMPLE_ARGS)
    assert code == 1 and "土门关乡.md" in said and no_traceback(said)


@pytest.mark.parametrize("kind", SPECIALS)
def test_a_workbook_that_is_no_file_is_refused_without_hanging(project_copy, capsys, kind):
    path = project_copy.workbook("土门关乡", 2024)
    path.unlink()
    _special(kind, path)
    code, said = run(capsys, "check", "--root", str(project_copy.root), *SAMPLE_ARGS)
    assert code == 1 and "土门关乡.xlsx" in said and no_traceback(said)


def test_nul_characters_never_reach_the_html(project_copy, capsys, tmp_path):
    path = project_copy.narrative_dir / "2024" / "土门关乡.md"
    text = path.read_text(encoding="utf-8").replace("。", "。\0", 3)
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    code, said = run(capsys, "render", "--root", str(project_copy.root), *SAMPLE_ARGS, "--to", "html",
                     "--output-dir", str(out))
    assert code == 0, said
    page = (out / f"{SAMPLE_STEM}.html").read_text(encoding="utf-8")
    text = re.sub(r"<script\b.*?</script>", "", page, flags=re.S)  # plotly.js holds a U+FFFD of its own
    assert "\0" not in page and "&#0;" not in page and "\ufffd" not in text


def test_a_township_name_too_long_for_the_file_system(tmp_path, capsys):
    project = copy_project(tmp_path)
    code, said = run(capsys, "check", "--root", str(project.root), "--township", "长" * 200, "--year", "2024")
    assert code == 1 and "太长" in said and no_traceback(said)


# -- workbook bounds -------------------------------------------------------------------------------
def test_one_stray_cell_at_the_sheet_end_is_located_not_allocated(tmp_path):
    path = tmp_path / "2024" / "土门关乡.xlsx"
    path.parent.mkdir()
    book = openpyxl.load_workbook(ROOT / "data" / "2024" / "土门关乡.xlsx")
    book["信访"]["XFD1048576"] = "x"
    book.save(path)
    issues = check_workbook(path)
    assert [i.severity for i in issues] == ["error"]
    assert "XFD1048576" in issues[0].message and "信访" in issues[0].message


def far_cell(tmp_path: Path, cell: bytes) -> Path:
    """The sample workbook with `cell` (the XML of one cell at XFD1048576) in sheet 信访."""
    styled = tmp_path / "styled.xlsx"
    book = openpyxl.load_workbook(ROOT / "data" / "2024" / "土门关乡.xlsx")
    book["信访"]["XFD1048576"].number_format = "0.00"  # <c r="XFD1048576" s="…" t="n"></c> (with lxml; without: …/>)
    book.save(styled)
    path = tmp_path / "2024" / "土门关乡.xlsx"
    path.parent.mkdir()
    replaced = 0
    with zipfile.ZipFile(styled) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            if written := re.search(rb'<c r="XFD1048576" (s="\d+")[^>]*?(?:/>|></c>)', data):
                data = data.replace(written[0], cell.replace(b"S", written[1]))
                replaced += 1
            new.writestr(item, data)
    assert replaced == 1
    return path


# Formatting only, as Excel, WPS, LibreOffice and openpyxl write it: calamine reads these as empty
FORMATTED = [b'<c r="XFD1048576" S t="n" />', b'<c r="XFD1048576" S/>', b'<c r="XFD1048576" S></c>',
             b'<c r="XFD1048576" S><v></v></c>', b'<c r="XFD1048576" S t="s"><v/></c>']


@pytest.mark.parametrize("cell", FORMATTED)
def test_formatting_far_away_is_not_content(tmp_path, cell):
    path = far_cell(tmp_path, cell)
    assert not [i for i in check_workbook(path) if i.severity == "error"]
    records = load_records(path)
    assert records.sheet("信访") is not None and len(records.sheet("信访")) == 8


# Content to calamine (an empty string is a string) or marked as broken (an error value): read, these
# would ask for 17 billion cells
FAR_CONTENT = [b'<c r="XFD1048576" S t="inlineStr"><is><t></t></is></c>', b'<c r="XFD1048576" S t="str"><v></v></c>',
               b'<c r="XFD1048576" S t="e"/>', b'<c r="XFD1048576" S><f>1+1</f></c>']


@pytest.mark.parametrize("cell", FAR_CONTENT)
def test_empty_content_far_away_is_refused_with_its_cell(tmp_path, cell):
    issues = check_workbook(far_cell(tmp_path, cell))
    assert [(i.severity, i.reason) for i in issues] == [("error", Reason.WORKBOOK_TOO_LARGE)]
    assert "XFD1048576" in issues[0].message and "信访" in issues[0].message


def test_a_zip_bomb_is_refused_before_reading(tmp_path):
    source = ROOT / "data" / "2024" / "土门关乡.xlsx"
    path = tmp_path / "2024" / "土门关乡.xlsx"
    path.parent.mkdir()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, old.read(item))
        new.writestr("xl/media/padding.bin", b"\0" * (atomic_limit() + 1))
    assert path.stat().st_size < 2 * 2**20
    issues = check_workbook(path)
    assert [i.severity for i in issues] == ["error"] and "MB" in issues[0].message


def atomic_limit() -> int:
    from fazhi.workbook.cell_marks import MAX_UNCOMPRESSED

    return MAX_UNCOMPRESSED


# -- one odd file in data/<year> -------------------------------------------------------------------
@pytest.mark.parametrize("odd", ["下新庄镇.xls", 'a<b>"c|.xlsx'])
def test_one_odd_file_neither_stops_check_all_nor_the_district(tmp_path, capsys, odd):
    project = copy_project(tmp_path, townships=("土门关乡", "上五庄镇"))
    try:
        (project.data_dir / "2024" / odd).write_bytes(b"not a workbook")
    except OSError:
        pytest.skip("this file system refuses the name")
    code, said = run(capsys, "check", "--root", str(project.root), "--all", "--year", "2024")
    assert code == 1 and Path(odd).stem in said and no_traceback(said)
    out = tmp_path / "out"
    code, said = run(capsys, "render", "--root", str(project.root), "--district", "湟中区", "--year", "2024",
                     "--to", "html", "--output-dir", str(out))
    assert code == 0, said
    page = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert "上五庄镇" in page and "土门关乡" in page


# -- text the PDF cannot set, and text check must catch ---------------------------------------
RARE = "𪚥"  # CJK Extension B: in no font of the project (the free stand-ins, Noto CJK)


def set_info(workbook: Path, column: str, value: object) -> None:
    book = openpyxl.load_workbook(workbook)
    ws = book["基本信息"]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index(column) + 1).value = value
    book.save(workbook)


def with_unsettable_text(project: Project) -> int:
    """An @ after punctuation and `RARE` in the narrative and in 主送机关; the narrative's line."""
    narrative = project.narrative_dir / "2024" / "土门关乡.md"
    lines = narrative.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("#")) + 2
    lines.insert(at, f"通过微信公众号（@湟中普法）发布，{RARE}字。")
    narrative.write_text("\n".join(lines) + "\n", encoding="utf-8")
    set_info(project.workbook("土门关乡", 2024), "主送机关", f'"@x"{RARE}办公室')
    return at


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode("utf-8").replace("\n", "")


def test_at_signs_and_characters_no_font_has_render_and_are_located_by_check(project_copy, capsys, tmp_path):
    at = with_unsettable_text(project_copy)
    code, said = run(capsys, "check", "--root", str(project_copy.root), *SAMPLE_ARGS)
    assert code == 0, said
    from fazhi.narrative.check import check_township_narrative
    from fazhi.workbook import check_township

    located = [i for i in check_township_narrative(project_copy, "土门关乡", 2024) if RARE in i.message]
    assert [(i.severity, i.line) for i in located] == [("warning", at + 1)]
    cells = [i for i in check_township(project_copy, "土门关乡", 2024) if RARE in i.message]
    assert [(i.severity, i.sheet, i.column) for i in cells] == [("warning", "基本信息", "主送机关")]
    out = tmp_path / "out"
    code, said = run(capsys, "render", "--root", str(project_copy.root), *SAMPLE_ARGS, "--output-dir", str(out))
    assert code == 0, said
    assert "U+2A6A5" in said
    text = pdf_text(out / f"{SAMPLE_STEM}.pdf")
    assert "@湟中普法" in text and '"@x"〓办公室' in text and "发布，〓字。" in text and RARE not in text
    page = (out / f"{SAMPLE_STEM}.html").read_text(encoding="utf-8")
    assert "（@湟中普法）" in page and RARE in page


@pytest.mark.skipif(shutil.which("quarto") is None, reason="Quarto is not installed on this machine (docs/engine.md)")
def test_quarto_sets_the_same_fallback_and_says_so(project_copy, tmp_path):
    with_unsettable_text(project_copy)
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "fazhi.cli", "render", "--engine", "quarto", "--root", str(project_copy.root),
                           *SAMPLE_ARGS, "--to", "pdf", "--output-dir", str(out)], capture_output=True, timeout=1800)
    said = done.stdout.decode("utf-8") + done.stderr.decode("utf-8")
    assert done.returncode == 0, said
    assert "U+2A6A5" in said and "〓" in said
    text = pdf_text(out / f"{SAMPLE_STEM}.pdf")
    assert "@湟中普法" in text and '"@x"〓办公室' in text and "发布，〓字。" in text and RARE not in text


def test_nul_and_absurd_length_in_basic_info_are_errors_in_check(tmp_path):
    path = tmp_path / "2024" / "土门关乡.xlsx"
    path.parent.mkdir()
    source = ROOT / "data" / "2024" / "土门关乡.xlsx"
    shutil.copy2(source, path)
    set_info(path, "发文机关", "土门关乡_x0000_人民政府")  # how Excel stores a NUL typed or pasted into a cell
    assert "\0" in pd.read_excel(path, sheet_name="基本信息", engine="calamine")["发文机关"][0]
    errors = [i for i in check_workbook(path) if i.severity == "error"]
    assert [(i.sheet, i.row, i.column, i.value, i.reason) for i in errors] == [
        ("基本信息", 2, "发文机关", None, Reason.TEXT_CONTROL_CHARACTER)]
    shutil.copy2(source, path)
    set_info(path, "发文机关", "人" * 32_767)
    errors = [i for i in check_workbook(path) if i.severity == "error"]
    assert [(i.sheet, i.row, i.column, i.reason) for i in errors] == [("基本信息", 2, "发文机关", Reason.TEXT_CELL_TOO_LONG)]
    shutil.copy2(source, path)
    set_info(path, "区县", "区" * 90)  # short enough for the cell, too long for the report's file name
    errors = [i for i in check_workbook(path) if i.severity == "error"]
    assert [(i.sheet, i.column) for i in errors] == [("基本信息", "区县")]


def test_a_date_years_away_from_the_report_is_an_error(tmp_path):
    import datetime as dt

    path = tmp_path / "2024" / "土门关乡.xlsx"
    path.parent.mkdir()
    shutil.copy2(ROOT / "data" / "2024" / "土门关乡.xlsx", path)
    set_info(path, "成文日期", dt.datetime(2019, 1, 1))
    errors = [i for i in check_workbook(path) if i.severity == "error"]
    assert [(i.sheet, i.column) for i in errors] == [("基本信息", "成文日期")]
    set_info(path, "成文日期", dt.datetime(2024, 12, 30))  # signed at the year's end: unusual, possible
    assert not [i for i in check_workbook(path) if i.severity == "error"]


@pytest.mark.parametrize(("underline", "severity"), [("====", "error"), ("---", "warning")])
def test_setext_headings_are_located_by_check(project_copy, underline, severity):
    from fazhi.narrative.check import check_township_narrative

    narrative = project_copy.narrative_dir / "2024" / "土门关乡.md"
    lines = narrative.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("#")) + 1
    lines[at:at] = ["", "新标题", underline, ""]
    narrative.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = [i for i in check_township_narrative(project_copy, "土门关乡", 2024) if i.line == at + 3]
    assert [i.severity for i in found] == [severity]


# -- the district's prose: ties and comparisons on shown values ---------------------------------
@pytest.fixture(scope="module")
def districts():
    from fazhi.district.summary import district_indicators, load_district
    from fazhi.project import Project

    loaded = {year: load_district(Project.at(ROOT), "湟中区", year) for year in (2023, 2024)}
    return {year: (data, district_indicators(data.townships)) for year, data in loaded.items()}


def shown_values(data, key: str) -> dict[str, float]:  # noqa: ANN001
    from fazhi import fmt

    out = {}
    for township, value in data.values(key):
        if value.value is not None:
            out[township] = float(fmt.pct(value.value)[:-1]) if value.indicator.kind == "rate" else float(value.value)
    return out


@pytest.mark.parametrize("year", [2023, 2024])
@pytest.mark.parametrize("key", ["普法宣传场次", "矛盾纠纷受理数"])
def test_leaders_name_every_township_tied_with_the_last_place(districts, year, key):
    from fazhi.district.text import leaders

    data, _ = districts[year]
    values = shown_values(data, key)
    third = sorted(values.values(), reverse=True)[2]
    said = leaders(data, key)
    assert {t for t in values if t in said} == {t for t, v in values.items() if v >= third}
    tied = any(list(values.values()).count(v) > 1 for v in values.values() if v >= third)
    assert ("并列" in said) == tied


@pytest.mark.parametrize("year", [2023, 2024])
def test_highest_and_lowest_name_every_tied_township_and_below_compares_shown_rates(districts, year):
    from fazhi import fmt
    from fazhi.district.text import spread

    data, totals = districts[year]
    key = "调解成功率"
    values = shown_values(data, key)
    said = spread(data, totals, key)
    highest, lowest = said.split("；")[0], said.split("；")[1]
    assert {t for t in values if t in highest} == {t for t, v in values.items() if v == max(values.values())}
    assert {t for t in values if t in lowest} == {t for t, v in values.items() if v == min(values.values())}
    level = float(fmt.pct(totals[key].value)[:-1])
    assert f"{sum(v < level for v in values.values())}个乡镇低于全区水平" in said


# -- personal names beyond the declared columns -------------------------------------------------
def set_first(workbook: Path, sheet: str, column: str, value: object) -> int:
    book = openpyxl.load_workbook(workbook)
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index(column) + 1).value = value
    book.save(workbook)
    return 2


def test_a_name_in_published_free_text_is_warned_about_without_repeating_it(project_copy, capsys):
    workbook = project_copy.workbook("土门关乡", 2024)
    row = set_first(workbook, "重大行政决策", "事项", "关于王建国等人宅基地纠纷的处理")
    set_info(workbook, "主送机关", "李卫东")
    code, said = run(capsys, "check", "--root", str(project_copy.root), *SAMPLE_ARGS)
    assert code == 0 and "王建国" not in said and "李卫东" not in said
    from fazhi.workbook import check_township

    named = [(i.sheet, i.row, i.column, i.value) for i in check_township(project_copy, "土门关乡", 2024)
             if i.severity == "warning" and "人名" in i.message]
    assert named == [("基本信息", 2, "主送机关", None), ("重大行政决策", row, "事项", None)]


def test_a_name_typed_into_a_date_or_choice_column_is_located_not_echoed(project_copy, capsys):
    workbook = project_copy.workbook("土门关乡", 2024)
    set_first(workbook, "会议研究", "日期", "赵红梅")
    set_first(workbook, "会议研究", "会议类型", "钱志强")
    code, said = run(capsys, "check", "--root", str(project_copy.root), *SAMPLE_ARGS)
    assert code == 1 and "赵红梅" not in said and "钱志强" not in said
    errors = [(i.sheet, i.row, i.column, i.value) for i in check_workbook(workbook) if i.severity == "error"]
    assert errors == [("会议研究", 2, "日期", None), ("会议研究", 2, "会议类型", None)]


# -- bounds on what one file may ask for ---------------------------------------------------------
def test_thousands_of_extra_columns_give_a_few_notes(tmp_path):
    path = tmp_path / "2024" / "土门关乡.xlsx"
    path.parent.mkdir()
    book = openpyxl.load_workbook(ROOT / "data" / "2024" / "土门关乡.xlsx")
    ws = book["信访"]
    for j in range(ws.max_column + 1, ws.max_column + 2001):
        ws.cell(1, j).value = f"多余{j}"
    book.save(path)
    notes = [i for i in check_workbook(path) if i.sheet == "信访" and i.severity == "note"]
    assert 1 < len(notes) <= 25


def test_a_narrative_with_a_hundred_thousand_placeholders_is_refused_early(project_copy, capsys):
    narrative = project_copy.narrative_dir / "2024" / "土门关乡.md"
    text = narrative.read_text(encoding="utf-8")
    narrative.write_text(text + "\n" + "{{ 年度 }}" * 120_000 + "\n", encoding="utf-8")
    code, said = run(capsys, "check", "--root", str(project_copy.root), *SAMPLE_ARGS)
    assert code == 1 and "土门关乡.md" in said and str(len(text.splitlines()) + 2) in said and no_traceback(said)


def test_a_blank_on_time_counts_in_the_denominator_as_the_warning_says(tmp_path):
    from fazhi.indicators import compute_indicators

    path = tmp_path / "2024" / "土门关乡.xlsx"
    path.parent.mkdir()
    shutil.copy2(ROOT / "data" / "2024" / "土门关乡.xlsx", path)
    before = load_records(path).sheet("信访")
    assert before is not None
    closed = before[before["状态"] == "已办结"]
    row = int(closed.index[closed["是否按期办结"].eq(True)][0])
    book = openpyxl.load_workbook(path)
    ws = book["信访"]
    ws.cell(row, [c.value for c in ws[1]].index("是否按期办结") + 1).value = None
    book.save(path)
    records = load_records(path)
    warned = [(i.row, i.column) for i in records.issues if i.severity == "warning" and i.reason == Reason.ROW_INCONSISTENT]
    assert warned == [(row, "是否按期办结")]
    rate = compute_indicators(records)["信访按期办结率"].value
    on_time = int(closed["是否按期办结"].eq(True).sum()) - 1
    assert rate == pytest.approx(on_time / len(closed))  # the blank one: in the denominator, not the numerator


BRACKETS = [  # (text inserted, the line of the error counted from the insertion, or None: renders)
    ("[" * 7 + "见附件" + "]" * 7, 0), ("[见\n" * 7 + "附件" + "]" * 7, 6), ("[注]" * 5_001, 0),
    ("[见\n" * 4 + "\n" + "[" * 4 + "附件" + "]" * 8, None),  # a paragraph break ends the nesting
]


@pytest.mark.parametrize(("brackets", "line"), BRACKETS)
def test_brackets_pandoc_would_take_minutes_on_are_refused_by_check(project_copy, capsys, brackets, line):
    """pandoc's reader takes time exponential in [ ] nesting (9 s at 14 levels, minutes at 300)."""
    narrative = project_copy.narrative_dir / "2024" / "土门关乡.md"
    lines = narrative.read_text(encoding="utf-8").splitlines()
    at = next(i for i, text in enumerate(lines) if text.startswith("#")) + 2
    lines.insert(at, brackets)
    narrative.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, said = run(capsys, "check", "--root", str(project_copy.root), *SAMPLE_ARGS)
    if line is not None:
        assert code == 1 and "土门关乡.md" in said and f"第{at + 1 + line}行" in said and no_traceback(said)
    else:
        assert code == 0, said
        code, said = run(capsys, "render", "--root", str(project_copy.root), *SAMPLE_ARGS, "--to", "html",
                         "--output-dir", str(project_copy.root / "out"))
        assert code == 0, said


SLOW_WRITE = """
import os, sys, time
from fazhi.cli import main
real_fsync = os.fsync
def slow_fsync(fd):  # the output is being written when the signal comes
    time.sleep(60)
    real_fsync(fd)
os.fsync = slow_fsync
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX signals")
def test_a_render_killed_while_writing_leaves_no_temporary_and_the_old_report(project_copy, tmp_path):
    import signal
    import time

    out = tmp_path / "out"
    out.mkdir()
    old = out / f"{SAMPLE_STEM}.html"
    old.write_bytes(b"the previous good report")
    render = subprocess.Popen([sys.executable, "-c", SLOW_WRITE, "render", "--root", str(project_copy.root), *SAMPLE_ARGS,
                               "--to", "html", "--output-dir", str(out)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 600
    while not list(out.glob(".*.part")) and render.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(out.glob(".*.part")), render.communicate()[0].decode("utf-8", errors="replace")
    render.send_signal(signal.SIGTERM)
    said = render.communicate(timeout=120)[0].decode("utf-8")
    assert render.returncode != 0 and "Traceback" not in said
    assert sorted(p.name for p in out.iterdir()) == [old.name] and old.read_bytes() == b"the previous good report"


@pytest.mark.parametrize("column", ["标题", "发文字号"])
def test_a_character_no_font_has_in_the_title_or_number_is_located_by_check(project_copy, column):
    from fazhi.workbook import check_township

    value = f"湟中区土门关乡2024年法治政府建设情况报告{RARE}" if column == "标题" else f"土{RARE}〔2025〕1号"
    set_info(project_copy.workbook("土门关乡", 2024), column, value)
    cells = [(i.severity, i.sheet, i.column) for i in check_township(project_copy, "土门关乡", 2024) if RARE in i.message]
    assert cells == [("warning", "基本信息", column)]


def test_a_township_name_no_font_has_renders_in_the_districts_charts(tmp_path, capsys):
    """Typst sets an SVG chart's text with the document's fonts: PDF/A refuses a missing glyph there too."""
    project = copy_project(tmp_path, townships=("土门关乡", "上五庄镇"), share_figures=False)
    rare = f"{RARE}乡"
    shutil.copy2(project.workbook("上五庄镇", 2024), project.workbook(rare, 2024))
    set_info(project.workbook(rare, 2024), "乡镇", rare)
    out = tmp_path / "out"
    code, said = run(capsys, "render", "--root", str(project.root), "--district", "湟中区", "--year", "2024",
                     "--to", "pdf", "--output-dir", str(out))
    assert code == 0, said
    assert "U+2A6A5" in said
    charts = [p.read_text(encoding="utf-8") for p in project.figures_dir.glob("*.svg")]
    assert any("〓乡" in svg for svg in charts) and not any(RARE in svg for svg in charts)
    assert "〓乡" in pdf_text(next(out.glob("*.pdf")))


def lock(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Open `path` fail as Windows fails it while WPS holds the file (or as no read permission does)."""
    import builtins
    import io

    real_open = io.open

    def refuse(file, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003 - open's signature
        if str(file) == str(path):
            raise PermissionError(errno.EACCES, "另一个程序正在使用此文件，进程无法访问。", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", refuse)
    monkeypatch.setattr(builtins, "open", refuse)


@pytest.mark.parametrize("locked", ["workbook", "narrative"])
def test_a_locked_input_is_named_and_check_all_goes_on(tmp_path, capsys, monkeypatch, locked):
    project = copy_project(tmp_path, townships=("土门关乡", "上五庄镇"))
    path = project.workbook("土门关乡", 2024) if locked == "workbook" else project.narrative_dir / "2024" / "土门关乡.md"
    if not path.exists():
        pytest.skip("the sample has no narrative of its own")
    (project.narrative_dir / "2024" / "上五庄镇.md").write_text("# 一、x\n", encoding="utf-8")  # an error of its own
    lock(monkeypatch, path)
    code, said = run(capsys, "check", "--root", str(project.root), "--all", "--year", "2024")
    assert code == 1 and no_traceback(said)
    assert "缺少规定的部分" in said  # 上五庄镇's own narrative error: the other township was still checked
    from fazhi.narrative.check import check_township_narrative
    from fazhi.workbook import check_township

    if locked == "workbook":
        issues = check_township(project, "土门关乡", 2024)
        assert [(i.file, i.reason) for i in issues] == [("2024/土门关乡.xlsx", Reason.WORKBOOK_UNREADABLE)]
        assert "没有读取权限" in issues[0].message
    else:
        with pytest.raises(InputError) as refused:
            check_township_narrative(project, "土门关乡", 2024)
        assert str(path) in str(refused.value) and "没有权限" in str(refused.value)
