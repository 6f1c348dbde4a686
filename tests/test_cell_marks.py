"""Cells calamine reads as blank although they are not: Excel error values, formulas saved
without a value and merged cells are reported where they are, never read as blanks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fazhi.cli import main
from fazhi.errors import InputError, Reason, ValidationFailed
from fazhi.project import Project
from fazhi.workbook.cell_marks import Broken, scan_sheet
from fazhi.workbook.records import check_township, check_workbook, load_records
from fazhi.workbook.schema import Publicity

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "workbooks"
SAMPLE = ROOT / "data" / "2024" / "土门关乡.xlsx"


def issues(name: str):
    return check_workbook(FIXTURES / name, township="土门关乡", year=2024)


def test_an_excel_error_value_is_an_error_naming_it():
    (issue,) = issues("error_value_cell.xlsx")
    assert (issue.sheet, issue.row, issue.column, issue.severity) == ("普法宣传", 2, "发放资料份数", "error")
    assert issue.value == "#N/A" and issue.reason == Reason.CELL_ERROR_VALUE


def test_a_formula_without_a_value_is_an_error_not_a_blank():
    found = issues("formula_without_value.xlsx")
    assert {(i.row, i.column, i.value) for i in found} == {(2, "发放资料份数", "=SUM(400,100)"), (3, "受众人次", "=E2+20")}
    for issue in found:  # 受众人次 is required: the cell holds a formula, it is not empty
        assert issue.severity == "error" and issue.reason == Reason.CELL_FORMULA_WITHOUT_VALUE


def test_a_merged_cell_in_the_data_is_an_error_on_the_row_that_reads_nothing():
    (issue,) = issues("merged_cells_in_data.xlsx")
    assert (issue.sheet, issue.row, issue.column, issue.severity) == ("普法宣传", 4, "发放资料份数", "error")
    assert issue.reason == Reason.CELL_MERGED and "F3:F4" in issue.message  # the range, to find it


def test_in_a_personal_column_an_unreadable_cell_is_only_a_warning(tmp_path):
    """当事人 is dropped at load: no figure depends on it, and its value is never shown."""
    wb = load_workbook(FIXTURES / "hidden_rows_and_sheets.xlsx")
    wb["矛盾纠纷"].merge_cells("H2:H3")
    path = tmp_path / "merged_parties.xlsx"
    wb.save(path)
    (issue,) = check_workbook(path, township="土门关乡", year=2024)
    assert (issue.row, issue.column, issue.severity, issue.value) == (3, "当事人", "warning", None)


def test_rows_holding_only_error_values_are_skipped_with_one_warning():
    """A lookup formula dragged below the table gives #N/A rows: skipped, but said."""
    records = load_records(FIXTURES / "error_values_below_table.xlsx", township="土门关乡", year=2024)
    assert list(records.sheet(Publicity.SHEET).index) == [2, 3]
    (warning,) = records.issues
    assert (warning.sheet, warning.row, warning.severity, warning.reason) == ("普法宣传", 4, "warning", Reason.ROWS_SKIPPED)
    assert "5 行" in warning.message  # how many rows


def test_merged_title_and_header_cells_are_not_data():
    for name in ("title_row_above_header.xlsx", "two_row_header.xlsx"):
        assert load_workbook(FIXTURES / name).worksheets[1].merged_cells.ranges, name  # the fixture merges
        assert issues(name) == [], name


def _error(ws):
    ws["F2"] = "#N/A"
    ws["F2"].data_type = "e"


def _formula(ws):
    ws["F2"] = "=SUM(400,100)"


def _merge(ws):
    ws.merge_cells("F2:F3")


@pytest.mark.parametrize("breakage", [_error, _formula, _merge], ids=["error", "formula", "merged"])
def test_the_sample_never_loads_with_a_silently_smaller_total(breakage, tmp_path):
    """土门关乡 2024 hands out 1300 copies of material; one unreadable cell must stop the load,
    not give 800 (or 1100)."""
    assert load_records(SAMPLE).sheet(Publicity.SHEET)[Publicity.MATERIALS].sum() == 1300
    wb = load_workbook(SAMPLE)
    breakage(wb[Publicity.SHEET])
    path = tmp_path / "2024" / "土门关乡.xlsx"
    path.parent.mkdir()
    wb.save(path)
    with pytest.raises(ValidationFailed) as failed:
        load_records(path)
    errors = [i for i in failed.value.issues if i.severity == "error"]
    assert [(i.sheet, i.column) for i in errors] == [(Publicity.SHEET, Publicity.MATERIALS)]


def test_scan_reads_the_xml_as_excel_wps_and_other_writers_write_it():
    xml = (b'<worksheet><sheetData><row r="1">'
           b'<c r="A1" t="e"><f>VLOOKUP(B1,X!A:B,2,0)</f><v>#N/A</v></c>'
           b'<c r="B1" t="str"><f>IF(C1="","",C1)</f><v></v></c>'  # cached empty text: blank, rightly
           b'<c r="C1"><f>1/0</f><v>2</v></c>'
           b'<c r="D1"><f t="shared" ref="D1:D2" si="0">C1+1</f><v>3</v></c></row>'
           b'<row r="2"><c r="D2"><f t="shared" si="0"/></c>'  # a shared formula's cell with no value
           b'<x:c r="E2"><x:f>1+1</x:f><x:v/></x:c>'  # prefixed elements
           b'<c r="F2" t="e"/><c t="e"><v>#REF!</v></c></row></sheetData>'  # no value; no reference
           b'<mergeCells count="2"><mergeCell ref="A5:B6"/><mergeCell ref="C7"/></mergeCells></worksheet>')
    marks = scan_sheet(xml)
    assert dict(marks.cells) == {
        (0, 0): Broken("error", "#N/A"), (1, 3): Broken("formula", ""), (1, 4): Broken("formula", "1+1"),
        (1, 5): Broken("error", ""),
    }
    assert marks.merged == ((4, 0, 5, 1), (6, 2, 6, 2)) and marks.unlocated == 1


def test_an_xls_workbook_is_named_never_skipped(tmp_path, capsys):
    folder = tmp_path / "data" / "2024"
    folder.mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "土门关乡.xls")  # what matters is the name: calamine reads either
    shutil.copy(ROOT / "data" / "2024" / "海子沟乡.xlsx", folder)
    project = Project.at(tmp_path)
    assert project.townships(2024) == ["土门关乡", "海子沟乡"]
    with pytest.raises(InputError, match=r"发现 土门关乡\.xls.*另存为"):
        project.require_workbook("土门关乡", 2024)
    (issue,) = check_township(project, "土门关乡", 2024)
    assert (issue.severity, issue.file, issue.reason) == ("error", "2024/土门关乡.xls", Reason.WORKBOOK_FORMAT)
    assert main(["check", "--all", "--year", "2024", "--root", str(tmp_path)]) == 1
    said = capsys.readouterr()
    assert "土门关乡.xls" in (said.out + said.err).replace("\n", "")
