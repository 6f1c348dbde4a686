"""The committed sample workbooks: complete, valid, reproducible, and true to the seed report."""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from fazhi.workbook.records import Records, check_workbook, load_records

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
# The 15 townships of 湟中区 as listed in shared/facts/report-rules.md.
TOWNSHIPS = {"鲁沙尔镇", "多巴镇", "甘河滩镇", "共和镇", "西堡镇", "上五庄镇", "李家山镇", "拦隆口镇", "上新庄镇",
             "田家寨镇", "海子沟乡", "土门关乡", "汉东回族乡", "大才回族乡", "群加藏族乡"}
YEARS = (2023, 2024, 2025)
WORKBOOKS = sorted(DATA.glob("*/*.xlsx"))


@cache
def records(township: str, year: int) -> Records:
    return load_records(DATA / str(year) / f"{township}.xlsx")


def test_every_township_has_a_workbook_for_every_year():
    for year in YEARS:
        assert {p.stem for p in (DATA / str(year)).glob("*.xlsx")} == TOWNSHIPS, year


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_every_sample_workbook_validates(path):
    assert [i for i in check_workbook(path) if i.severity == "error"] == []


def test_the_script_reproduces_the_committed_workbooks(tmp_path):
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_sample_data.py"), "--out", str(tmp_path)],
                   check=True, env=env, capture_output=True)
    fresh = sorted(tmp_path.glob("*/*.xlsx"))
    assert [p.relative_to(tmp_path) for p in fresh] == [p.relative_to(DATA) for p in WORKBOOKS]
    for new in fresh:
        old = DATA / new.relative_to(tmp_path)
        if old.read_bytes() == new.read_bytes():  # the usual case: saving is byte-deterministic
            continue
        # Another openpyxl may lay the zip out differently: then every cell of every sheet (personal columns too), read the way the loader reads.
        a = pd.read_excel(old, sheet_name=None, header=None, engine="calamine", dtype=object)
        b = pd.read_excel(new, sheet_name=None, header=None, engine="calamine", dtype=object)
        assert list(a) == list(b), old
        for name in a:
            pd.testing.assert_frame_equal(a[name], b[name], obj=f"{old} {name}")


def test_tumenguan_2024_matches_the_seed_report():
    r = records("土门关乡", 2024)
    info = r.info
    assert (info.county, info.township, info.year, info.villages) == ("湟中区", "土门关乡", 2024, 19)
    assert info.issuer == "土门关乡人民政府" and info.recipient and info.date.isoformat() == "2025-01-09"

    meetings = r.sheet("会议研究")
    assert ((meetings["会议类型"] == "党委会") & meetings["是否研究法治建设"]).sum() == 3

    study = r.sheet("学法活动")
    theory = study[study["形式"].isin(["中心组学法", "会前学法"])]
    assert sorted(theory["日期"].dt.quarter) == [1, 2, 3, 4]  # once a quarter
    collective = study[study["形式"] == "集中学法"]
    assert len(collective) >= 15
    assert set(collective["学习内容"]) == {"中华人民共和国宪法", "中华人民共和国民法典", "中华人民共和国行政处罚法",
                                         "中华人民共和国村民委员会组织法", "中华人民共和国乡村振兴促进法"}

    exam = r.sheet("学法考试")
    assert len(exam) == 12 and exam["是否参考"].all() and exam["是否完成学习"].all()

    assert set(r.sheet("普法宣传")["节点"]) == {"4.15", "6.26", "12.4", "反邪教宣传月", "平安建设宣传月"}

    advisers = r.sheet("法律顾问")
    government = advisers[advisers["服务类别"] == "政府"]
    assert len(government) == 1 and government.iloc[0]["顾问类型"] == "律师"
    assert advisers.loc[advisers["服务类别"] == "村（社区）", "服务对象"].nunique() == 19

    disputes = r.sheet("矛盾纠纷")
    assert set(disputes["受理日期"].dt.month) == set(range(1, 13))  # screening every month
    assert set(disputes["调解组织"]) == {"乡人民调解委员会", "村调委会", "老支书调解室"}


def test_tumenguan_2023_exists_for_comparison_and_differs():
    before, after = records("土门关乡", 2023), records("土门关乡", 2024)
    assert before.info.year == 2023
    def party(r):
        return ((r.sheet("会议研究")["会议类型"] == "党委会") & r.sheet("会议研究")["是否研究法治建设"]).sum()

    assert party(before) < party(after)
    def villages(r):
        return (r.sheet("法律顾问")["服务类别"] == "村（社区）").sum()

    assert villages(before) < 19 == villages(after)


def test_sizes_differ_between_large_towns_and_small_townships():
    sizes = {t: len(records(t, 2024).sheet("矛盾纠纷")) for t in TOWNSHIPS}
    assert sizes["鲁沙尔镇"] >= 300 and sizes["多巴镇"] >= 300
    assert min(sizes.values()) < 30 and sizes["土门关乡"] < 60


def test_disputes_follow_the_farming_and_festival_calendar():
    frames = [records(t, y).sheet("矛盾纠纷") for t in TOWNSHIPS for y in YEARS]
    df = pd.concat(frames)
    month = df["受理日期"].dt.month
    land = df["纠纷类型"] == "土地承包"
    assert (land & month.isin([3, 4])).sum() > 2 * (land & month.isin([7, 8])).sum()  # spring ploughing
    wages = df["纠纷类型"] == "劳务纠纷"
    assert (wages & month.isin([12, 1])).sum() > 2 * (wages & month.isin([6, 7])).sum()  # before Spring Festival


def test_some_townships_do_not_report_optional_sheets():
    absent = {(t, y, s) for t in TOWNSHIPS for y in YEARS for s in ("行政执法", "复议诉讼", "信访", "重大行政决策")
              if records(t, y).sheet(s) is None}
    assert {("土门关乡", 2024, "复议诉讼"), ("群加藏族乡", 2024, "行政执法")} <= absent
    empty = [(t, y) for t in TOWNSHIPS for y in YEARS
             if (df := records(t, y).sheet("复议诉讼")) is not None and len(df) == 0]
    assert empty, "some township reports a 复议诉讼 sheet with no cases (zero, not absent)"
    assert all(records("鲁沙尔镇", y).sheet(s) is not None for y in YEARS for s in ("行政执法", "复议诉讼"))
