"""Tables: hand-checked cells on tiny real workbooks, Chinese number conventions, consistency
of parts and totals on the sample workbooks, and a golden snapshot of the summary table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from records_factory import full_sheets, repeat, write_records
from snapshot import assert_snapshot

from fazhi.indicators import compute_indicators
from fazhi.registry import UnknownName
from fazhi.tables import TABLES, build_table
from fazhi.tables.breakdown import Breakdown
from fazhi.workbook.records import load_records
from fazhi.workbook.schema import Meeting

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def years(tmp_path_factory):
    root = tmp_path_factory.mktemp("tables")
    return {
        "empty2023": write_records(root / "a", 2023, {}),
        "full2023": write_records(root / "b", 2023, full_sheets(2023)),
        "full2024": write_records(root / "b", 2024, full_sheets(2024)),
    }


def _table(records, key, history=()):
    table = build_table(key, records, history)
    assert table is not None, key
    assert len(table.align) == len(table.header)
    assert all(len(row) == len(table.header) for row in table.rows)
    return table


def _row(table, first):
    return next(row for row in table.rows if row[0] == first)


@pytest.mark.parametrize("key", list(TABLES))
def test_every_table_builds_and_is_none_when_not_reported(years, tmp_path, key):
    table = _table(years["full2024"], key, [years["full2023"]])
    assert table.key == key and table.caption and not re.match(r"^表\s*\d", table.caption)
    assert table.note.startswith("数据来源：")
    assert build_table(key, write_records(tmp_path, 2024, {})) is None


def test_summary_against_last_year_not_reported(years):
    table = _table(years["full2024"], "主要指标", [years["empty2023"]])
    assert table.header == ("指标", "单位", "2024年", "2023年", "变化")
    assert _row(table, "党委会研究法治建设次数") == ("党委会研究法治建设次数", "次", "3", "未报送", "上年未报送")
    assert _row(table, "调解成功率") == ("调解成功率", "", "87.5%", "未报送", "上年未报送")  # no "%" beside "87.5%"
    assert "“未报送”表示当年未填报该项台账" in table.note


def test_summary_year_over_year_and_without_history(years):
    same = _table(years["full2024"], "主要指标", [years["full2023"]])
    assert {row[4] for row in same.rows} == {"持平"}  # identical fixtures in both years
    alone = _table(years["full2024"], "主要指标")
    assert alone.header == ("指标", "单位", "2024年")
    assert _row(alone, "负责人出庭应诉率") == ("负责人出庭应诉率", "", "100.0%")


def test_summary_leaves_out_what_no_year_reported(tmp_path):
    meetings = {Meeting.SHEET: repeat(2, **{Meeting.TYPE: "党委会"})}
    earlier = write_records(tmp_path / "a", 2023, meetings)
    table = _table(write_records(tmp_path / "b", 2024, meetings), "主要指标", [earlier])
    assert [row[0] for row in table.rows] == ["会议研究法治建设次数", "党委会研究法治建设次数"]


def test_exam_table_by_staff_category(years):
    table = _table(years["full2024"], "学法考试")
    # 1 leader (did not sit, completed); 9 staff: 8 sat, 6 passed, 8 completed.
    assert table.rows == (
        ("领导干部", "1", "0", "0.0%", "1", "100.0%", "0", "不适用"),
        ("一般干部", "9", "8", "88.9%", "8", "88.9%", "6", "75.0%"),
        ("合计", "10", "8", "80.0%", "9", "90.0%", "6", "75.0%"),
    )
    assert "“不适用”表示没有可计算比率的基数" in table.note


def test_cases_and_disputes_tables(years):
    cases = _table(years["full2024"], "复议诉讼")
    assert cases.rows == (
        ("行政复议", "1", "1", "1", "100.0%", "0.0%", "不适用"),
        ("行政诉讼", "2", "2", "0", "0.0%", "50.0%", "100.0%"),
        ("合计", "3", "3", "1", "33.3%", "33.3%", "100.0%"),
    )
    disputes = _table(years["full2024"], "矛盾纠纷按类型")
    assert [row[0] for row in disputes.rows] == ["邻里纠纷", "婚姻家庭", "土地承包", "合计"]
    assert _row(disputes, "土地承包") == ("土地承包", "2", "0", "2", "不适用")


def test_decisions_listed_by_date(years):
    table = _table(years["full2024"], "重大行政决策")
    assert table.rows[0] == ("决策0", "2024年1月1日", "是", "是", "是", "是")
    assert table.rows[3] == ("决策3", "2024年4月4日", "否", "是", "否", "否")


@pytest.mark.parametrize("township", ["鲁沙尔镇", "群加藏族乡"])
def test_sample_breakdowns_add_up_and_follow_number_conventions(township):
    records = load_records(ROOT / "data" / "2024" / f"{township}.xlsx")
    history = [load_records(ROOT / "data" / "2023" / f"{township}.xlsx")]
    indicators = compute_indicators(records, history)
    for key, spec in TABLES.items():
        table = build_table(key, records, history, indicators)
        if table is None:
            continue
        for row in table.rows:
            for text in row[1:]:
                assert "," not in text and not re.fullmatch(r"\d+\.\d+", text), (key, text)  # no separators
                assert not re.search(r"\d%", text) or re.search(r"\d\.\d%", text), (key, text)  # one decimal
        if isinstance(spec.build, Breakdown):
            for col, (_, indicator_key) in enumerate(spec.build.columns, start=1):
                if indicators[indicator_key].indicator.kind == "count":
                    parts = sum(int(row[col]) for row in table.rows[:-1])
                    assert str(parts) == table.rows[-1][col], (key, indicator_key)


def test_unknown_table_suggests_close_keys(years):
    with pytest.raises(UnknownName, match="矛盾纠纷按类型"):
        build_table("矛盾纠纷按种类", years["full2024"])


def test_snapshot_summary_table(years):
    table = _table(years["full2024"], "主要指标", [years["empty2023"]])
    assert_snapshot("table_主要指标", {"header": table.header, "rows": table.rows, "align": table.align,
                                      "note": table.note})


def test_docs_list_every_table():
    documented = re.findall(r"^\| (\S+) \|", (ROOT / "docs" / "figures.md").read_text(encoding="utf-8"), re.M)
    assert set(TABLES) <= set(documented)
