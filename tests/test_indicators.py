"""Indicators against hand computation on tiny real workbooks (tests/records_factory.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import jinja2
import pytest
from records_factory import full_sheets, repeat, write_records

from fazhi.indicators import CATALOGUE, NOT_APPLICABLE, compute_indicators
from fazhi.registry import UnknownName
from fazhi.workbook.records import load_records
from fazhi.workbook.schema import SHEET_NAMES, Case, Dispute, Meeting, Publicity

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    return write_records(tmp_path_factory.mktemp("full"), 2024, full_sheets(2024))


# Each expected value is worked out by hand from the comments in records_factory.full_sheets.
EXPECTED = {
    "行政村（社区）数": 4,
    "党委会研究法治建设次数": 3,
    "政府常务会议研究法治建设次数": 2,
    "专题会议研究法治建设次数": 0,
    "会议研究法治建设次数": 5,
    "学法活动次数": 8,
    "中心组学法次数": 2,
    "会前学法次数": 1,
    "集中学法次数": 4,
    "专题讲座次数": 1,
    "线上学法次数": 0,
    "学法参加人次": 70,
    "学法覆盖季度数": 3,
    "学法考试应考人数": 10,
    "学法考试参考人数": 8,
    "学法考试参考率": 0.8,
    "学习完成人数": 9,
    "学习完成率": 0.9,
    "学法考试合格人数": 6,
    "学法考试合格率": 0.75,
    "普法宣传场次": 4,
    "普法受众人次": 650,
    "普法发放资料份数": 150,
    "普法节点数": 2,
    "法律顾问签约数": 5,
    "政府法律顾问数": 1,
    "政府律师法律顾问数": 1,
    "村居法律顾问覆盖村数": 3,
    "村居法律顾问覆盖率": 0.75,
    "法律顾问咨询次数": 15,
    "法律顾问审查合同数": 5,
    "修订村规民约数": 1,
    "重大行政决策数": 4,
    "重大行政决策合法性审查数": 3,
    "重大行政决策合法性审查率": 0.75,
    "重大行政决策集体讨论率": 1.0,
    "重大行政决策公众参与率": 0.5,
    "重大行政决策风险评估率": 0.25,
    "合法性审查件数": 5,
    "合同合法性审查件数": 3,
    "规范性文件合法性审查件数": 1,
    "行政协议合法性审查件数": 1,
    "其他事项合法性审查件数": 0,
    "合法性审查提出意见件数": 2,
    "矛盾纠纷受理数": 10,
    "矛盾纠纷调结数": 8,
    "调解成功数": 7,
    "调解成功率": 7 / 8,
    "正在调解数": 2,
    "信访受理数": 5,
    "信访办结数": 4,
    "信访办结率": 0.8,
    "信访按期办结数": 3,
    "信访按期办结率": 0.75,
    "行政执法案件数": 4,
    "行政检查数": 2,
    "行政处罚数": 1,
    "行政强制数": 1,
    "行政许可数": 0,
    "执法人员持证率": 0.75,
    "执法公示率": 0.5,  # 2 cases say 是/否, one of them 是
    "全过程记录率": None,  # nobody filled the column in
    "法制审核率": 0.5,  # penalty reviewed, coercion not
    "复议诉讼案件数": 3,
    "行政复议案件数": 1,
    "行政诉讼案件数": 2,
    "复议诉讼结案数": 3,
    "败诉数": 1,
    "败诉率": 1 / 3,
    "调撤率": 1 / 3,
    "负责人出庭应诉率": 1.0,  # the one lawsuit with an answer
}


def test_every_indicator_matches_hand_computation(full):
    values = compute_indicators(full)
    assert set(EXPECTED) == set(values.keys()), "every catalogue indicator has a hand-computed value"
    for key, expected in EXPECTED.items():
        assert values[key].value == pytest.approx(expected), key


def test_texts_use_units_and_one_decimal_percentages(full):
    values = compute_indicators(full)
    assert str(values["党委会研究法治建设次数"]) == "3次"
    assert str(values["调解成功率"]) == "87.5%"
    assert str(values["败诉率"]) == "33.3%"
    assert values["全过程记录率"].text == NOT_APPLICABLE


def test_absent_sheet_is_not_reported_never_zero(tmp_path):
    records = write_records(tmp_path, 2024, {Meeting.SHEET: repeat(2, **{Meeting.TYPE: "党委会"})})
    values = compute_indicators(records)
    assert values["党委会研究法治建设次数"].value == 2
    for key in ("矛盾纠纷受理数", "调解成功率", "行政执法案件数", "负责人出庭应诉率"):
        assert values[key].value is None
        assert values[key].text == "未报送"
    assert values["村居法律顾问覆盖率"].text == "未报送"  # 基本信息 is there, 法律顾问 is not


def test_present_empty_sheet_gives_zero_and_rates_not_applicable(tmp_path):
    records = write_records(tmp_path, 2024, {Case.SHEET: [], Dispute.SHEET: []})
    values = compute_indicators(records)
    assert values["复议诉讼案件数"].text == "0件"
    assert values["矛盾纠纷受理数"].value == 0
    for key in ("负责人出庭应诉率", "败诉率", "调撤率", "调解成功率"):
        assert values[key].value is None
        assert values[key].text == NOT_APPLICABLE


def test_nothing_to_compare_in_either_year_reads_as_a_dash(tmp_path):
    earlier = write_records(tmp_path / "a", 2023, {Case.SHEET: []})
    records = write_records(tmp_path / "b", 2024, {Case.SHEET: []})
    value = compute_indicators(records, [earlier])["负责人出庭应诉率"]
    assert value.value is None and value.previous is None
    assert value.change_text == "—"


def _meetings(year: int, party: int, disputes: tuple[int, int] | None) -> dict:
    """`party` 党委会 on rule of law; `disputes` = (settled, failed) or None for no 矛盾纠纷 sheet."""
    sheets: dict = {Meeting.SHEET: repeat(party, **{Meeting.TYPE: "党委会"})}
    if disputes is not None:
        ok, failed = disputes
        sheets[Dispute.SHEET] = [
            *repeat(ok, **{Dispute.RESULT: "调解成功", Dispute.CLOSED: date(year, 12, 31)}),
            *repeat(failed, **{Dispute.RESULT: "调解未成功", Dispute.CLOSED: date(year, 12, 31)}),
        ]
    return sheets


@pytest.fixture(scope="module")
def years(tmp_path_factory):
    root = tmp_path_factory.mktemp("years")
    return {
        2021: write_records(root, 2021, _meetings(2021, 9, (1, 0))),
        2022: write_records(root, 2022, _meetings(2022, 1, None)),
        2023: write_records(root, 2023, _meetings(2023, 2, (1, 1))),
        2024: write_records(root, 2024, _meetings(2024, 3, (7, 1))),
    }


def test_year_over_year_and_three_year_history(years):
    values = compute_indicators(years[2024], [years[2023], years[2021], years[2022]])
    assert values.years == (2022, 2023, 2024)  # the two latest earlier years, ascending
    party = values["党委会研究法治建设次数"]
    assert party.history == ((2022, 1), (2023, 2))
    assert party.previous == 2
    assert party.change == 1
    assert party.change_text == "同比增长50.0%"
    assert party.previous_text == "2次"
    success = values["调解成功率"]  # 7/8 = 87.5% against 1/2 = 50%
    assert success.change == pytest.approx(37.5)
    assert success.change_text == "同比提高37.5个百分点"
    assert success.history == ((2022, None), (2023, 0.5))
    assert success.reason(2022) == "未报送"


def test_previous_year_not_reported_or_missing(years):
    values = compute_indicators(years[2023], [years[2022]])
    assert values["矛盾纠纷受理数"].change_text == "上年未报送"
    assert values["矛盾纠纷受理数"].change is None
    alone = compute_indicators(years[2024])
    assert alone["党委会研究法治建设次数"].history == ()
    assert alone["党委会研究法治建设次数"].change_text == "上年未报送"
    later_only = compute_indicators(years[2022], [years[2024]])
    assert later_only.years == (2022,)


def test_values_compare_and_format_like_numbers(full, tmp_path):
    values = compute_indicators(full)
    disputes = values["矛盾纠纷受理数"]
    assert disputes > 0 and disputes >= 10 and disputes == 10 and disputes < 11 and disputes != 9
    assert f"{values['调解成功率']:.3f}" == "0.875"
    assert f"{disputes}" == "10件"
    missing = compute_indicators(write_records(tmp_path, 2024, {}))["矛盾纠纷受理数"]
    assert not (missing > 0) and not (missing < 0) and not (missing == 0) and not missing
    template = jinja2.Environment().from_string(
        "{% if 矛盾纠纷受理数 > 0 %}受理{{ 矛盾纠纷受理数 }}，成功率{{ 调解成功率 }}{% else %}无{% endif %}"
    )
    assert template.render(dict(values.values)) == "受理10件，成功率87.5%"
    assert template.render({"矛盾纠纷受理数": missing}) == "无"


def test_unknown_indicator_suggests_close_names(full):
    values = compute_indicators(full)
    with pytest.raises(UnknownName, match="党委会研究法治建设次数"):
        values["党委会研究法治次数"]


def test_catalogue_is_consistent():
    keys = [i.key for i in CATALOGUE]
    assert len(keys) == len(set(keys))
    for indicator in CATALOGUE:
        assert indicator.sheet in SHEET_NAMES
        assert indicator.formula and indicator.meaning
        assert (indicator.unit == "%") == (indicator.kind == "rate")


def test_seed_figures_of_tumenguan_2024():
    """The sample workbook's figures are the seed report's (shared/facts/report-rules.md)."""
    records = load_records(ROOT / "data" / "2024" / "土门关乡.xlsx")
    values = compute_indicators(records)
    assert values["党委会研究法治建设次数"] == 3
    assert values["学法覆盖季度数"] == 4  # Party law study every quarter
    assert values["学法考试参考人数"] == 12
    assert values["学习完成率"].text == "100.0%"
    assert values["集中学法次数"] >= 15
    assert (values["村居法律顾问覆盖村数"], values["行政村（社区）数"]) == (19, 19)
    assert values["村居法律顾问覆盖率"].text == "100.0%"
    assert values["政府法律顾问数"] == 1 and values["政府律师法律顾问数"] == 1
    assert values["普法节点数"] == 5
    occasions = set(records.sheet(Publicity.SHEET)[Publicity.OCCASION])
    assert occasions == {"4.15", "6.26", "12.4", "反邪教宣传月", "平安建设宣传月"}
