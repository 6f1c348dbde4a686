"""Loading real-world workbooks: messy ones load right, broken ones give precise issues.

Fixtures are in tests/fixtures/workbooks (written by tests/fixtures/make_fixtures.py); each
is 土门关乡's 2024 workbook with one kind of mess or breakage.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from fazhi.errors import InputError, Reason, ValidationFailed
from fazhi.project import Project
from fazhi.workbook.cells import BLANK, INVALID, read_bool, read_date, read_id, read_int, reader
from fazhi.workbook.records import ROW_INDEX_NAME, check_township, check_workbook, load_records
from fazhi.workbook.schema import SHEETS, sheet
from fazhi.workbook.sheet_context import MAX_PER_PROBLEM

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "workbooks"
T = pd.Timestamp


def load(name: str):
    return load_records(FIXTURES / name, township="土门关乡", year=2024)


def issues(name: str):
    return check_workbook(FIXTURES / name, township="土门关乡", year=2024)


def located(name: str) -> set[tuple]:
    return {(i.sheet, i.row, i.column, i.severity) for i in issues(name)}


# ---- messy workbooks load correctly ----------------------------------------------------------


def test_minimal_workbook_has_info_and_no_sheets():
    records = load("minimal.xlsx")
    info = records.info
    assert (info.county, info.township, info.year, info.villages) == ("湟中区", "土门关乡", 2024, 19)
    assert (info.issuer, info.recipient, info.date) == ("土门关乡人民政府", "中共湟中区委全面依法治区委员会办公室",
                                                        dt.date(2025, 1, 9))
    assert dict(records.sheets) == {}
    assert records.sheet("矛盾纠纷") is None  # not reported, not zero
    assert records.issues == ()


def test_misspelt_sheet_name_in_code_is_a_bug_not_an_absent_sheet():
    with pytest.raises(KeyError):
        load("minimal.xlsx").sheet("纠纷")


def test_title_rows_above_the_header_and_reordered_columns():
    df = load("title_row_above_header.xlsx").sheet("矛盾纠纷")
    assert list(df.columns) == ["编号", "受理日期", "所在村", "纠纷类型", "调解组织", "结果", "办结日期"]
    assert list(df.index) == [4, 5] and df.index.name == ROW_INDEX_NAME
    assert list(df["编号"]) == ["JF-1", "JF-2"]
    assert list(df["所在村"]) == ["上庄村", "下庄村"]
    assert df.loc[4, "受理日期"] == T("2024-03-05")
    assert pd.isna(df.loc[5, "办结日期"])


def test_dates_in_every_spelling_users_write():
    records = load("dates_as_text.xlsx")
    assert records.info.date == dt.date(2025, 1, 9)
    dates = records.sheet("学法活动")["日期"]
    assert len(dates) == 11
    assert (dates == T("2024-03-05")).all(), dates.tolist()
    assert str(dates.dtype).startswith("datetime64")


def test_spaces_full_width_forms_and_spaced_sheet_names():
    records = load("spaces_and_full_width.xlsx")
    assert records.info.township == "土门关乡" and records.info.county == "湟中区"
    assert records.info.year == 2024 and records.info.villages == 19
    assert records.info.issuer == "土门关乡人民政府"
    assert records.info.recipient is None  # a lone no-break space is blank
    df = records.sheet("普法宣传")
    assert list(df["节点"]) == ["4.15", "宪法宣传周", "6.26"]
    assert list(df["地点"]) == ["乡政府广场", "土门关村", "集贸市场"]
    assert list(df["受众人次"]) == [120, 80, 60]
    assert df["发放资料份数"].tolist()[0] == 300 and pd.isna(df["发放资料份数"].tolist()[1])


def test_numbers_stored_as_text():
    df = load("numbers_as_text.xlsx").sheet("普法宣传")
    assert list(df["受众人次"]) == [120, 300]
    assert list(df["发放资料份数"]) == [1200, 45]
    assert df["受众人次"].dtype == "int64"


def test_yes_no_variants():
    df = load("yes_no_variants.xlsx").sheet("重大行政决策")
    assert len(df) == 8
    assert df["合法性审查"].dtype == bool and df["合法性审查"].all() and df["集体讨论"].all()
    assert not df["公众参与或专家论证"].any() and not df["风险评估"].any()


def test_extra_sheets_and_columns_are_ignored_with_notes():
    records = load("extra_sheets_and_columns.xlsx")
    assert list(records.sheet("会议研究").columns) == ["日期", "会议类型", "议题", "是否研究法治建设"]
    notes = {(i.sheet, i.severity, i.reason) for i in records.issues}
    assert notes == {("会议研究", "note", Reason.COLUMN_EXTRA), ("会议研究", "note", Reason.COLUMN_UNNAMED),
                     ("备注", "note", Reason.SHEET_IGNORED)}
    assert any("备注" in i.message for i in records.issues if i.reason == Reason.COLUMN_EXTRA)  # the column, by name
    assert not any(i.sheet == "Sheet1" for i in records.issues)  # an empty stray sheet is not worth a note


def test_hidden_rows_and_sheets_are_loaded_like_any_other():
    records = load("hidden_rows_and_sheets.xlsx")
    assert list(records.sheet("矛盾纠纷")["编号"]) == ["JF-1", "JF-2", "JF-3"]
    assert len(records.sheet("信访")) == 1


def test_empty_rows_anywhere_and_formatted_blank_rows_are_skipped():
    df = load("trailing_empty_rows.xlsx").sheet("矛盾纠纷")
    assert list(df["编号"]) == ["JF-1", "JF-2"]
    assert list(df.index) == [2, 4]


def test_occasions_excel_turned_into_numbers_or_dates():
    df = load("occasions_typed_as_numbers.xlsx").sheet("普法宣传")
    assert list(df["节点"]) == ["4.15", "6.26", "12.4", "12.4"]


def test_header_markers_and_line_breaks_in_headers():
    df = load("header_markers.xlsx").sheet("会议研究")
    assert list(df.columns) == ["日期", "会议类型", "议题", "是否研究法治建设"]
    assert df.iloc[0]["议题"] == "研究法治建设"


def test_totals_row_is_ignored_with_a_warning():
    records = load("totals_row.xlsx")
    assert list(records.sheet("普法宣传")["受众人次"]) == [100]
    assert list(records.sheet("学法活动")["参加人数"]) == [10]
    assert located("totals_row.xlsx") == {("普法宣传", 3, "日期", "warning"), ("学法活动", 3, "学习内容", "warning")}


def test_a_header_split_over_two_rows():
    df = load("two_row_header.xlsx").sheet("矛盾纠纷")
    assert list(df.index) == [3, 4]
    assert list(df["调解组织"]) == ["村调委会", "村调委会"] and list(df["结果"]) == ["调解成功", "调解成功"]


def test_basic_information_laid_out_vertically():
    info = load("info_laid_out_vertically.xlsx").info
    assert (info.township, info.year, info.villages, info.date) == ("土门关乡", 2024, 19, dt.date(2025, 1, 9))
    # Issues point at the field's own row: 区县 is on row 1, so 行政村（社区）数 is on row 4.
    assert located("vertical_info_with_bad_value.xlsx") == {
        ("基本信息", 4, "行政村（社区）数", "error"), ("基本信息", None, "发文机关", "error")}


def test_units_after_numbers():
    records = load("units_in_numbers.xlsx")
    assert (records.info.year, records.info.villages) == (2024, 19)
    assert list(records.sheet("学法活动")["参加人数"]) == [12]


def test_a_data_sheet_under_another_name_is_not_silently_dropped():
    records = load("sheet_name_with_suffix.xlsx")
    assert records.sheet("矛盾纠纷") is None
    (warning,) = records.issues
    assert (warning.severity, warning.sheet, warning.reason) == ("warning", "2024年矛盾纠纷台账", Reason.SHEET_NOT_READ)


def test_a_copy_of_a_data_sheet_is_not_silently_dropped(tmp_path):
    from openpyxl import load_workbook

    wb = load_workbook(FIXTURES / "hidden_rows_and_sheets.xlsx")
    wb.copy_worksheet(wb["矛盾纠纷"]).title = "矛盾纠纷 (2)"
    path = tmp_path / "copy.xlsx"
    wb.save(path)
    (warning,) = check_workbook(path, township="土门关乡", year=2024)
    assert (warning.severity, warning.sheet, warning.reason) == ("warning", "矛盾纠纷 (2)", Reason.SHEET_NOT_READ)


def test_a_sheet_with_only_its_header_reports_zero():
    records = load("empty_record_sheet.xlsx")
    df = records.sheet("复议诉讼")
    assert df is not None and len(df) == 0
    (note,) = records.issues
    assert (note.severity, note.sheet, note.reason) == ("note", "复议诉讼", Reason.SHEET_EMPTY)
    assert list(df.columns) == ["编号", "类型", "收案日期", "结果", "负责人出庭"]


def test_wps_style_export_with_inline_strings_and_formulas():
    records = load("wps_export_inline_strings.xlsx")
    assert records.info.date == dt.date(2025, 1, 9)
    df = records.sheet("矛盾纠纷")
    assert df.iloc[0]["编号"] == "JF-1"
    assert df.iloc[0]["办结日期"] == T("2024-03-09")


def test_a_workbook_resaved_by_libreoffice_loads_identically():
    original = load_records(Path(__file__).resolve().parents[1] / "data" / "2024" / "土门关乡.xlsx")
    resaved = load("libreoffice_resaved_sample.xlsx")
    assert resaved.info == original.info and list(resaved.sheets) == list(original.sheets)
    for name, df in original.sheets.items():
        pd.testing.assert_frame_equal(resaved.sheets[name], df, obj=name)


def test_frames_carry_the_documented_dtypes_and_no_personal_columns():
    df = load("title_row_above_header.xlsx").sheet("矛盾纠纷")
    assert "当事人" not in df.columns
    assert str(df["受理日期"].dtype).startswith("datetime64")
    assert pd.api.types.is_string_dtype(df["结果"])
    exam = load_records(Path(__file__).resolve().parents[1] / "data" / "2024" / "土门关乡.xlsx").sheet("学法考试")
    assert exam["是否参考"].dtype == bool and exam["成绩"].dtype == "float64"


# ---- broken workbooks give precise issues ----------------------------------------------------


BREAKAGE_REASONS = {
    "bad_enum.xlsx": {Reason.VALUE_INVALID}, "bad_dates.xlsx": {Reason.VALUE_INVALID},
    "date_outside_year.xlsx": {Reason.DATE_OUT_OF_YEAR}, "duplicate_ids.xlsx": {Reason.VALUE_DUPLICATE},
    "negative_count.xlsx": {Reason.VALUE_OUT_OF_RANGE}, "fractional_count.xlsx": {Reason.VALUE_INVALID},
    "closed_before_accepted.xlsx": {Reason.DATE_ORDER}, "wrong_township.xlsx": {Reason.TOWNSHIP_MISMATCH},
    "wrong_year.xlsx": {Reason.YEAR_MISMATCH}, "missing_required_column.xlsx": {Reason.COLUMN_MISSING},
    "missing_info_sheet.xlsx": {Reason.SHEET_MISSING, Reason.SHEET_EMPTY}, "required_blank.xlsx": {Reason.VALUE_REQUIRED},
    "two_info_rows.xlsx": {Reason.INFO_SEVERAL_ROWS}, "no_header_found.xlsx": {Reason.HEADER_NOT_FOUND},
    "duplicate_column.xlsx": {Reason.COLUMN_DUPLICATE}, "not_a_workbook.xlsx": {Reason.WORKBOOK_UNREADABLE},
}


@pytest.mark.parametrize(("name", "expected"), [
    ("bad_enum.xlsx", {("矛盾纠纷", 3, "纠纷类型", "error")}),
    ("bad_dates.xlsx", {("学法活动", r, "日期", "error") for r in (2, 3, 4, 5, 6)}),
    ("date_outside_year.xlsx", {("会议研究", 2, "日期", "error")}),
    ("duplicate_ids.xlsx", {("矛盾纠纷", 4, "编号", "error")}),
    ("negative_count.xlsx", {("普法宣传", 2, "受众人次", "error")}),
    ("fractional_count.xlsx", {("学法活动", 2, "参加人数", "error"), ("学法活动", 3, "参加人数", "error")}),
    ("closed_before_accepted.xlsx", {("矛盾纠纷", 2, "办结日期", "error")}),
    ("wrong_township.xlsx", {("基本信息", 2, "乡镇", "error")}),
    ("wrong_year.xlsx", {("基本信息", 2, "年度", "error")}),
    ("missing_required_column.xlsx", {("矛盾纠纷", 1, "结果", "error")}),
    ("missing_info_sheet.xlsx", {(None, None, None, "error"), ("会议研究", None, None, "note")}),
    ("required_blank.xlsx", {("会议研究", 3, "议题", "error")}),
    ("two_info_rows.xlsx", {("基本信息", 3, None, "error")}),
    ("no_header_found.xlsx", {("会议研究", None, None, "error")}),
    ("duplicate_column.xlsx", {("会议研究", 1, "日期", "error")}),
    ("not_a_workbook.xlsx", {(None, None, None, "error")}),
])
def test_each_breakage_is_located_exactly(name, expected):
    assert located(name) == expected
    assert {i.reason for i in issues(name)} == BREAKAGE_REASONS[name]
    with pytest.raises(ValidationFailed) as failed:
        load(name)
    assert {(i.sheet, i.row, i.column, i.severity) for i in failed.value.issues} == expected


def test_messages_name_the_file_value_and_what_is_expected():
    (issue,) = issues("bad_enum.xlsx")
    assert issue.file == "workbooks/bad_enum.xlsx"
    assert issue.value == "婚外情"
    assert "婚姻家庭" in issue.expected and "邻里纠纷" in issue.expected
    text = str(issue)
    assert "工作表「矛盾纠纷」" in text and "第3行" in text and "「纠纷类型」列" in text and "婚外情" in text
    (dup,) = issues("duplicate_ids.xlsx")
    assert "第2行" in dup.message  # points at the first use of the number
    (wrong,) = issues("wrong_township.xlsx")
    assert wrong.value == "海子沟乡" and "土门关乡" in wrong.expected


def test_every_problem_is_reported_at_once():
    assert located("many_problems.xlsx") == {
        ("基本信息", 2, "行政村（社区）数", "error"),
        ("基本信息", 2, "成文日期", "error"),
        ("会议研究", 2, "会议类型", "error"),
        ("会议研究", 2, "是否研究法治建设", "error"),
        ("学法考试", 2, "成绩", "error"),
        ("矛盾纠纷", 3, "编号", "error"),
        ("矛盾纠纷", 3, "受理日期", "error"),
        ("矛盾纠纷", 3, "办结日期", "error"),
    }


def test_an_id_that_looks_like_a_name_is_warned_about_and_never_echoed():
    found = issues("name_as_staff_id.xlsx")
    assert {(i.row, i.column, i.severity) for i in found} == {
        (2, "人员编号", "warning"), (3, "人员编号", "warning"), (3, "人员编号", "error")}  # the error: a duplicate
    assert all("上官婉儿己" not in str(i) for i in found)
    assert {i.reason for i in found if i.severity == "warning"} == {Reason.VALUE_LOOKS_LIKE_NAME}


def test_ids_are_compared_ignoring_width_and_spaces():
    """JF2024-00２ (a full-width digit) is JF2024-002, as a stray zero-width space already was."""
    assert located("ids_in_full_width.xlsx") == {("矛盾纠纷", 3, "编号", "error"), ("矛盾纠纷", 5, "编号", "error")}
    assert read_id("ＪＦ2024-00２\u200b") == read_id("JF 2024-002") == "JF2024-002"


def test_a_whole_number_is_asked_for_with_the_columns_own_example():
    (issue,) = issues("year_with_suffix.xlsx")
    assert (issue.column, issue.value) == ("年度", "2024年度") and "2024" in issue.expected and "12" not in issue.expected


def test_personal_names_never_leave_the_loader():
    name = "祁玉珍珠"  # in 当事人 of many_problems.xlsx, on rows that also have errors
    for issue in issues("many_problems.xlsx"):
        assert name not in str(issue)
    records = load("title_row_above_header.xlsx")
    for df in records.sheets.values():
        assert "当事人" not in df.columns and "顾问姓名" not in df.columns
        assert not df.astype(str).apply(lambda s: s.str.contains("王某某")).any().any()


def test_a_whole_bad_column_reports_the_first_rows_and_a_summary(tmp_path):
    path = tmp_path / "2024" / "土门关乡.xlsx"
    path.parent.mkdir()
    wb = Workbook()
    ws = wb.active
    ws.title = "基本信息"
    ws.append(["区县", "乡镇", "年度", "行政村（社区）数", "发文机关", "成文日期"])
    ws.append(["湟中区", "土门关乡", 2024, 19, "土门关乡人民政府", dt.date(2025, 1, 9)])
    ws = wb.create_sheet("学法活动")
    ws.append(["日期", "形式", "学习内容", "参加人数"])
    for _ in range(MAX_PER_PROBLEM + 5):
        ws.append(["去年", "集中学法", "宪法", 10])
    wb.save(path)
    found = check_workbook(path)  # township and year from the path
    assert [i.row for i in found] == [None] + list(range(2, 2 + MAX_PER_PROBLEM))
    assert {i.reason for i in found[1:]} == {Reason.VALUE_INVALID} and "另有 5 行" in found[0].message  # how many more


def test_township_and_year_default_from_the_path(tmp_path):
    folder = tmp_path / "2023"
    folder.mkdir()
    shutil.copy(FIXTURES / "minimal.xlsx", folder / "海子沟乡.xlsx")
    found = check_workbook(folder / "海子沟乡.xlsx")
    assert {(i.column, i.severity) for i in found} == {
        ("乡镇", "error"), ("年度", "error"), ("成文日期", "warning")}  # signed 2025, not early 2024


def test_check_township_finds_the_workbook_in_the_project(tmp_path):
    (tmp_path / "data" / "2024").mkdir(parents=True)
    shutil.copy(FIXTURES / "bad_enum.xlsx", tmp_path / "data" / "2024" / "土门关乡.xlsx")
    project = Project.at(tmp_path)
    assert [(i.sheet, i.row) for i in check_township(project, "土门关乡", 2024)] == [("矛盾纠纷", 3)]
    with pytest.raises(InputError):
        check_township(project, "多巴镇", 2024)


def test_a_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        load_records(tmp_path / "2024" / "土门关乡.xlsx")


_JUNK = [None, "", " ", "\u3000", "是", "√", "x", "2024-13-45", "2024/3/5", 45356, -1, 0, 1.5, 1e30, True,
         dt.date(2024, 5, 1), dt.datetime(2024, 2, 29, 12), dt.time(1, 2), "#N/A", "合计", "１２", 4.15, 12.4,
         "党委会", "调解成功", "JF-1", "土门关乡", 2024, "行政村（社区）数", "日期", "编号"]


def test_random_junk_never_raises_anything_but_validation_failed(tmp_path):
    """Shuffled headers, title lines, junk of every cell type: issues, never a traceback."""
    rng = random.Random(7)
    for n in range(15):
        wb = Workbook()
        for spec in rng.sample(SHEETS, rng.randint(1, len(SHEETS))):
            ws = wb.create_sheet(rng.choice([spec.name, f" {spec.name}", f"{spec.name}表"]))
            header = [c.name for c in spec.columns][: rng.randint(0, len(spec.columns))] + ["备注"]
            rng.shuffle(header)
            for _ in range(rng.randint(0, 2)):
                ws.append([rng.choice(_JUNK) for _ in range(rng.randint(0, 4))])
            ws.append(header)
            for _ in range(rng.randint(0, 8)):
                ws.append([rng.choice(_JUNK) for _ in header])
        path = tmp_path / "2024" / f"t{n}.xlsx"
        path.parent.mkdir(exist_ok=True)
        wb.save(path)
        assert all(i.severity in ("error", "warning", "note") for i in check_workbook(path))
        try:
            load_records(path)
        except ValidationFailed as failed:
            assert failed.issues


# ---- single cells ----------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    ("2024-3-5", dt.date(2024, 3, 5)), ("2024/03/05", dt.date(2024, 3, 5)), ("2024.3.5", dt.date(2024, 3, 5)),
    ("2024年3月5日", dt.date(2024, 3, 5)), ("２０２４－３－５", dt.date(2024, 3, 5)), ("20240305", dt.date(2024, 3, 5)),
    (45356, dt.date(2024, 3, 5)), (45356.0, dt.date(2024, 3, 5)), (dt.datetime(2024, 3, 5, 23, 59), dt.date(2024, 3, 5)),
    ("2024-02-29", dt.date(2024, 2, 29)), ("2023-02-29", INVALID), ("5/3/2024", INVALID), ("24-3-5", INVALID),
    ("2024-13-01", INVALID), (12, INVALID), (True, INVALID), (dt.time(8, 0), INVALID), ("", BLANK), ("\u3000", BLANK),
    (float("nan"), BLANK),
])
def test_read_date(raw, expected):
    assert read_date(raw) == expected


@pytest.mark.parametrize(("sheet_name", "column", "raw", "expected"), [
    ("矛盾纠纷", "结果", " 成功 ", "调解成功"), ("矛盾纠纷", "结果", "调解失败", "调解未成功"),
    ("矛盾纠纷", "调解组织", "村 调委会", "村调委会"), ("复议诉讼", "结果", "撤诉", "调解或撤回"),
    ("会议研究", "会议类型", "常委会", INVALID), ("会议研究", "会议类型", "党委会议", "党委会"),
    ("法律顾问", "服务类别", "村(社区)", "村（社区）"), ("普法宣传", "节点", "12·4", "12.4"),
    ("普法宣传", "节点", "4.15全民国家安全教育日", INVALID),
])
def test_read_enum_with_spelling_variants(sheet_name, column, raw, expected):
    assert reader(sheet(sheet_name).column(column))(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("√", True), ("✔", True), ("是", True), ("Y", True), ("ｙ", True), (1, True), (1.0, True), (True, True),
    ("×", False), ("否", False), ("n", False), (0, False), (False, False),
    ("X", INVALID), ("也许", INVALID), (2, INVALID), ("  ", BLANK),
])
def test_read_bool(raw, expected):
    assert read_bool(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("12", 12), ("１２", 12), (" 1,200 ", 1200), (12.0, 12), ("-3", -3), ("12人", 12), ("2024年", 2024),
    ("3 次", 3), (12.5, INVALID), ("12.5人", INVALID), ("约12", INVALID), ("15余", INVALID), ("1.2.3", INVALID),
    ("12人人", INVALID), (1e30, INVALID), (True, INVALID), (dt.date(2024, 1, 1), INVALID), (float("inf"), INVALID), (None, BLANK),
    # a formula's result that Excel shows as a whole number is one; a real fraction is not
    (499.99999999999994, 500), (170.00000000000003, 170), ("499.99999999999994", 500), (-2.0000000000000004, -2),
    (500.0000001, INVALID), (0.000001, INVALID),
])
def test_read_int(raw, expected):
    assert read_int(raw) == expected
