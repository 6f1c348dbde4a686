"""The blank workbook: read back with openpyxl, filled in and loaded, never overwriting."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fazhi.cli import main
from fazhi.errors import InputError
from fazhi.workbook.records import load_records
from fazhi.workbook.schema import INSTRUCTIONS_SHEET, NO, SHEETS, YES, Info
from fazhi.workbook.template import blank_workbook, write_template


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "2024" / "土门关乡.xlsx"
    return write_template(path, township="土门关乡", year=2024)


def _validations(ws) -> dict[str, object]:
    """Data validations by the column letter of their first range."""
    return {re.match(r"[A-Z]+", str(dv.sqref)).group(): dv for dv in ws.data_validations.dataValidation}


def test_sheets_in_order_with_instructions_first(template):
    wb = load_workbook(template)
    assert wb.sheetnames == [INSTRUCTIONS_SHEET] + [s.name for s in SHEETS]
    text = "\n".join(str(c.value) for c in wb[INSTRUCTIONS_SHEET]["A"] if c.value)
    assert "土门关乡" in text and "2024" in text
    for spec in SHEETS:
        assert spec.name in text


def test_headers_comments_frozen_panes_and_widths(template):
    wb = load_workbook(template)
    for spec in SHEETS:
        ws = wb[spec.name]
        assert ws.freeze_panes == "A2", spec.name
        for j, col in enumerate(spec.columns, start=1):
            cell = ws.cell(1, j)
            assert cell.value == col.name
            assert cell.comment is not None and col.description in cell.comment.text
            assert ("必填" if col.required else "选填") in cell.comment.text
            letter = cell.column_letter
            assert ws.column_dimensions[letter].width >= len(col.name) * 2, (spec.name, col.name)


def test_every_enumeration_and_yes_no_column_has_its_dropdown(template):
    wb = load_workbook(template)
    for spec in SHEETS:
        ws = wb[spec.name]
        dvs = _validations(ws)
        for j, col in enumerate(spec.columns, start=1):
            letter = ws.cell(1, j).column_letter
            if col.kind not in ("enum", "bool"):
                continue
            dv = dvs[letter]
            assert dv.type == "list" and dv.showDropDown in (False, None)  # False means "show the arrow"
            choices = col.choices if col.kind == "enum" else (YES, NO)
            assert dv.formula1 == '"' + ",".join(choices) + '"'
            assert len(dv.formula1) <= 257, "Excel limits an inline list to 255 characters"
            assert f"{letter}2" in str(dv.sqref)


def _error_styles(ws) -> set[tuple[str, str]]:
    """Each dropdown of a sheet as (list, error style)."""
    return {(dv.formula1, dv.errorStyle or "stop") for dv in ws.data_validations.dataValidation if dv.type == "list"}


def _wanted_dropdowns(spec) -> set[tuple[str, str]]:
    """Choices refuse other values; 是/否 only warns, so that √ and × can be typed."""
    return {('"' + ",".join(c.choices) + '"', "stop") for c in spec.columns if c.kind == "enum"} | (
        {(f'"{YES},{NO}"', "warning")} if any(c.kind == "bool" for c in spec.columns) else set())


def test_yes_no_dropdowns_accept_the_marks_the_instructions_allow(template):
    """说明 says a 是/否 column takes √ and ×: its dropdown warns instead of refusing them
    (Excel and WPS refuse any value off the list when the style is "stop")."""
    wb = load_workbook(template)
    text = "\n".join(str(c.value) for c in wb[INSTRUCTIONS_SHEET]["A"] if c.value)
    assert "是/否列可填 是、否、√、×" in text
    for spec in SHEETS:
        assert _error_styles(wb[spec.name]) == _wanted_dropdowns(spec), spec.name


def test_libreoffice_keeps_every_dropdown():
    """The blank template re-saved by LibreOffice Calc (tests/fixtures/make_fixtures.py):
    Calc drops validations it cannot read, so each surviving list proves a working dropdown,
    and keeps each one's error style."""
    wb = load_workbook(Path(__file__).resolve().parent / "fixtures" / "workbooks" / "libreoffice_resaved_template.xlsx")
    for spec in SHEETS:
        assert _error_styles(wb[spec.name]) == _wanted_dropdowns(spec), spec.name


def test_validation_texts_fit_excels_limits(template):
    """Excel refuses to open a workbook whose validation titles or messages are too long."""
    for ws in load_workbook(template).worksheets:
        for dv in ws.data_validations.dataValidation:
            assert len(dv.promptTitle or "") <= 32 and len(dv.errorTitle or "") <= 32
            assert len(dv.prompt or "") <= 255 and len(dv.error or "") <= 225


def test_date_columns_have_a_date_format_and_a_year_check(template):
    wb = load_workbook(template)
    ws = wb["矛盾纠纷"]
    dvs = _validations(ws)
    assert ws.column_dimensions["B"].number_format == "yyyy-mm-dd"  # 受理日期
    assert dvs["B"].type == "date" and "2024" in dvs["B"].formula1
    assert ws.column_dimensions["A"].number_format == "@"  # 编号 kept as text (e.g. 001)
    assert wb["普法宣传"].column_dimensions["B"].number_format == "@"  # 节点 4.15 stays text


def test_basic_information_is_prefilled(template):
    ws = load_workbook(template)[Info.SHEET]
    row = {ws.cell(1, j).value: ws.cell(2, j).value for j in range(1, ws.max_column + 1)}
    assert row[Info.COUNTY] == "湟中区" and row[Info.TOWNSHIP] == "土门关乡" and row[Info.YEAR] == 2024
    assert row[Info.ISSUER] == "土门关乡人民政府"


def _example(col):
    if col.kind == "date":
        return dt.date.fromisoformat(col.example)
    if col.kind == "int":
        return int(col.example)
    if col.kind == "float":
        return float(col.example)
    return col.example or "示例"


def test_a_filled_template_loads_with_the_values_typed_in(tmp_path):
    """Fill one row per sheet with each column's documented example: it must load cleanly."""
    wb = blank_workbook(township="土门关乡", year=2024)
    for spec in SHEETS:
        ws = wb[spec.name]
        for j, col in enumerate(spec.columns, start=1):
            ws.cell(2, j, _example(col))
    path = tmp_path / "2024" / "土门关乡.xlsx"
    path.parent.mkdir()
    wb.save(path)
    records = load_records(path)
    assert [i for i in records.issues if i.severity != "note"] == []
    assert records.info.villages == 19 and records.info.date == dt.date(2025, 1, 9)
    for spec in SHEETS[1:]:
        df = records.sheet(spec.name)
        assert len(df) == 1, spec.name
        for col in spec.columns:
            if col.personal:
                assert col.name not in df.columns
            elif col.kind in ("text", "enum"):
                assert df.iloc[0][col.name] == (col.example or "示例"), (spec.name, col.name)
            elif col.kind == "bool":
                assert df.iloc[0][col.name] == (col.example == YES)


def test_existing_files_are_never_overwritten(template):
    before = template.read_bytes()
    with pytest.raises(InputError, match="已存在"):
        write_template(template, township="土门关乡", year=2024)
    assert template.read_bytes() == before


def test_cli_writes_into_the_year_folder_and_refuses_a_second_time(tmp_path):
    args = ["template", "--township", "多巴镇", "--year", "2026", "--root", str(tmp_path), "--county", "湟中区"]
    assert main(args) == 0
    path = tmp_path / "data" / "2026" / "多巴镇.xlsx"
    assert load_workbook(path)[Info.SHEET]["B2"].value == "多巴镇"
    assert main(args) == 1
    other = tmp_path / "elsewhere.xlsx"
    assert main(args + ["--output", str(other), "--county", "城中区"]) == 0
    assert load_workbook(other)[Info.SHEET]["A2"].value == "城中区"
