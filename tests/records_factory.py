"""Tiny real workbooks for indicator, chart and table tests, loaded through `load_records`.

`write_records(root, year, sheets)` writes data/<year>/<TOWNSHIP>.xlsx with openpyxl — every
declared column as the header, one row per dict (keys are schema column names, missing
required cells filled with a plain default) — and loads it back, so the tests see exactly the
dtypes the real loader produces. `full_sheets(year)` is a fixture with every sheet filled and
numbers chosen so each indicator's expected value is obvious by hand.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from fazhi.workbook.records import Records, load_records
from fazhi.workbook.schema import (
    SHEETS,
    Adviser,
    Case,
    Decision,
    Dispute,
    Enforcement,
    Exam,
    Info,
    Meeting,
    Petition,
    Publicity,
    Review,
    Study,
)

TOWNSHIP = "土门关乡"
Rows = list[dict[str, object]]


def _defaults(sheet: str, year: int, i: int) -> dict[str, object]:
    """Plain values for required cells a test does not care about (row `i` of the sheet)."""
    day = date(year, 1 + i % 12, 1 + i % 28)
    return {
        Meeting.SHEET: {Meeting.DATE: day, Meeting.TOPIC: "议题", Meeting.ON_RULE_OF_LAW: "是"},
        Study.SHEET: {Study.DATE: day, Study.CONTENT: "中华人民共和国宪法"},
        Exam.SHEET: {Exam.STAFF_ID: f"P{i:03d}", Exam.CATEGORY: "一般干部", Exam.TOOK_EXAM: "是",
                     Exam.COMPLETED: "是"},
        Publicity.SHEET: {Publicity.DATE: day, Publicity.PLACE: "乡政府广场", Publicity.FORM: "集中宣传",
                          Publicity.AUDIENCE: 0},
        Adviser.SHEET: {Adviser.TYPE: "律师", Adviser.FIRM: "某律师事务所", Adviser.START: date(year, 1, 1),
                        Adviser.END: date(year, 12, 31)},
        Decision.SHEET: {Decision.DATE: day, Decision.MATTER: f"决策{i}", Decision.LEGALITY_REVIEW: "是",
                         Decision.COLLECTIVE: "是", Decision.PARTICIPATION: "是", Decision.RISK: "是"},
        Review.SHEET: {Review.TITLE: f"文件{i}", Review.DATE: day, Review.CONCLUSION: "合法"},
        Dispute.SHEET: {Dispute.ID: f"JF{i:04d}", Dispute.ACCEPTED: day, Dispute.VILLAGE: "甲村",
                        Dispute.TYPE: "邻里纠纷", Dispute.MEDIATOR: "村调委会"},
        Petition.SHEET: {Petition.ID: f"XF{i:04d}", Petition.ACCEPTED: day, Petition.CATEGORY: "其他",
                         Petition.CHANNEL: "来访"},
        Enforcement.SHEET: {Enforcement.ID: f"ZF{i:04d}", Enforcement.DATE: day, Enforcement.FIELD: "其他",
                            Enforcement.RESULT: "未发现问题"},
        Case.SHEET: {Case.ID: f"FY{i:04d}", Case.FILED: day},
    }[sheet]


def write_records(root: Path, year: int, sheets: dict[str, Rows], villages: int = 4) -> Records:
    """Write and load data/<year>/土门关乡.xlsx holding 基本信息 and exactly `sheets`."""
    wb = Workbook()
    info = wb.active
    info.title = Info.SHEET
    info.append([Info.COUNTY, Info.TOWNSHIP, Info.YEAR, Info.VILLAGES, Info.ISSUER, Info.DATE])
    info.append(["湟中区", TOWNSHIP, year, villages, f"{TOWNSHIP}人民政府", date(year + 1, 1, 9)])
    for spec in SHEETS:
        if spec.name not in sheets:
            continue
        ws = wb.create_sheet(spec.name)
        names = [c.name for c in spec.columns]
        ws.append(names)
        for i, row in enumerate(sheets[spec.name]):
            cells = _defaults(spec.name, year, i) | row
            ws.append([cells.get(n) for n in names])
    path = root / "data" / str(year) / f"{TOWNSHIP}.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return load_records(path)


def repeat(n: int, **row: object) -> Rows:
    """`n` copies of one row (keyword names are schema column names)."""
    return [dict(row) for _ in range(n)]


def full_sheets(year: int) -> dict[str, Rows]:
    """Every sheet, with counts chosen so each expected figure is obvious (see the comments)."""
    q = {1: date(year, 2, 10), 2: date(year, 5, 10), 3: date(year, 8, 10), 4: date(year, 11, 10)}
    return {
        # 3 党委会 on rule of law + 1 not; 2 政府常务会议 on it; 1 专题会议 not on it.
        Meeting.SHEET: [
            *repeat(3, **{Meeting.TYPE: "党委会", Meeting.ON_RULE_OF_LAW: "是"}),
            {Meeting.TYPE: "党委会", Meeting.ON_RULE_OF_LAW: "否"},
            *repeat(2, **{Meeting.TYPE: "政府常务会议", Meeting.ON_RULE_OF_LAW: "是"}),
            {Meeting.TYPE: "专题会议", Meeting.ON_RULE_OF_LAW: "否"},
        ],
        # Party law study in quarters 1, 2 and 4 (not 3); 4 集中学法; 1 lecture. 10 people each,
        # the lecture's attendance blank: 70 人次.
        Study.SHEET: [
            {Study.FORM: "中心组学法", Study.DATE: q[1], Study.ATTENDANCE: 10},
            {Study.FORM: "会前学法", Study.DATE: q[2], Study.ATTENDANCE: 10},
            {Study.FORM: "中心组学法", Study.DATE: q[4], Study.ATTENDANCE: 10},
            *[{Study.FORM: "集中学法", Study.DATE: q[k], Study.ATTENDANCE: 10} for k in (1, 2, 3, 3)],
            {Study.FORM: "专题讲座", Study.DATE: q[3]},
        ],
        # 10 staff: 8 sat the exam (scores 95, 80, 70, 60, 60, 60, 59, 30 → 6 pass), 9 completed.
        Exam.SHEET: [
            *[{Exam.SCORE: s, Exam.COMPLETED: "是"} for s in (95, 80, 70, 60, 60, 60, 59)],
            {Exam.SCORE: 30, Exam.COMPLETED: "否"},
            {Exam.TOOK_EXAM: "否", Exam.COMPLETED: "是", Exam.CATEGORY: "领导干部"},
            {Exam.TOOK_EXAM: "否", Exam.COMPLETED: "是"},
        ],
        # 4.15 twice (100 + 200 people), 6.26 once (300), 其他 once (50): 4 events, 650 人次,
        # 2 occasions; materials 50 + blank + 100 + 0 = 150.
        Publicity.SHEET: [
            {Publicity.OCCASION: "4.15", Publicity.DATE: date(year, 4, 15), Publicity.AUDIENCE: 100,
             Publicity.MATERIALS: 50},
            {Publicity.OCCASION: "4.15", Publicity.DATE: date(year, 4, 16), Publicity.AUDIENCE: 200},
            {Publicity.OCCASION: "6.26", Publicity.DATE: date(year, 6, 26), Publicity.AUDIENCE: 300,
             Publicity.MATERIALS: 100},
            {Publicity.OCCASION: "其他", Publicity.DATE: date(year, 9, 1), Publicity.AUDIENCE: 50,
             Publicity.MATERIALS: 0},
        ],
        # 1 government lawyer; villages 甲村 (two advisers), 乙村, 丙村: 3 of 4 villages covered.
        Adviser.SHEET: [
            {Adviser.CLIENT: "土门关乡人民政府", Adviser.CLIENT_KIND: "政府", Adviser.CONSULTATIONS: 10,
             Adviser.CONTRACTS: 5},
            {Adviser.CLIENT: "甲村", Adviser.CLIENT_KIND: "村（社区）", Adviser.CONSULTATIONS: 2,
             Adviser.VILLAGE_RULES: 1},
            {Adviser.CLIENT: "甲村", Adviser.CLIENT_KIND: "村（社区）", Adviser.TYPE: "基层法律服务工作者"},
            {Adviser.CLIENT: "乙村", Adviser.CLIENT_KIND: "村（社区）"},
            {Adviser.CLIENT: "丙村", Adviser.CLIENT_KIND: "村（社区）", Adviser.CONSULTATIONS: 3},
        ],
        # 4 decisions: all collective, 3 reviewed, 2 with participation, 1 with risk assessment.
        Decision.SHEET: [
            {Decision.PARTICIPATION: "是", Decision.RISK: "是"},
            {Decision.PARTICIPATION: "是", Decision.RISK: "否"},
            {Decision.PARTICIPATION: "否", Decision.RISK: "否"},
            {Decision.LEGALITY_REVIEW: "否", Decision.PARTICIPATION: "否", Decision.RISK: "否"},
        ],
        # 3 contracts, 1 normative document, 1 agreement; 2 reviews raised an opinion.
        Review.SHEET: [
            *repeat(2, **{Review.TYPE: "合同"}),
            {Review.TYPE: "合同", Review.CONCLUSION: "修改后合法"},
            {Review.TYPE: "规范性文件", Review.CONCLUSION: "不合法"},
            {Review.TYPE: "行政协议"},
        ],
        # 10 disputes: 7 settled, 1 failed, 2 ongoing → success rate 7/8; types 5 邻里, 3 婚姻家庭, 2 土地承包.
        Dispute.SHEET: [
            *[{Dispute.TYPE: "邻里纠纷", Dispute.RESULT: "调解成功", Dispute.ACCEPTED: date(year, 3, 1 + d),
               Dispute.CLOSED: date(year, 3, 10 + d)} for d in range(5)],
            *[{Dispute.TYPE: "婚姻家庭", Dispute.RESULT: "调解成功", Dispute.ACCEPTED: date(year, 7, 1 + d),
               Dispute.CLOSED: date(year, 7, 20), Dispute.MEDIATOR: "乡人民调解委员会"} for d in range(2)],
            {Dispute.TYPE: "婚姻家庭", Dispute.RESULT: "调解未成功", Dispute.ACCEPTED: date(year, 7, 9),
             Dispute.CLOSED: date(year, 8, 9)},
            *[{Dispute.TYPE: "土地承包", Dispute.RESULT: "正在调解", Dispute.ACCEPTED: date(year, 12, 1 + d),
               Dispute.MEDIATOR: "老支书调解室"} for d in range(2)],
        ],
        # 5 petitions: 4 closed (3 on time), 1 open → 80% closed, 75% of the closed on time.
        Petition.SHEET: [
            *[{Petition.STATUS: "已办结", Petition.ON_TIME: "是", Petition.ACCEPTED: date(year, 3, 5 + d)}
              for d in range(3)],
            {Petition.STATUS: "已办结", Petition.ON_TIME: "否", Petition.ACCEPTED: date(year, 7, 2)},
            {Petition.STATUS: "办理中", Petition.ACCEPTED: date(year, 12, 2)},
        ],
        # 4 cases: 2 inspections, 1 penalty (reviewed), 1 coercion (not reviewed); 3 of 4 certified.
        Enforcement.SHEET: [
            {Enforcement.TYPE: "检查", Enforcement.CERTIFIED: "是", Enforcement.PUBLICISED: "是"},
            {Enforcement.TYPE: "检查", Enforcement.CERTIFIED: "否"},
            {Enforcement.TYPE: "处罚", Enforcement.CERTIFIED: "是", Enforcement.LEGAL_REVIEW: "是",
             Enforcement.RESULT: "予以处罚", Enforcement.PUBLICISED: "否"},
            {Enforcement.TYPE: "强制", Enforcement.CERTIFIED: "是", Enforcement.LEGAL_REVIEW: "否",
             Enforcement.RESULT: "采取强制措施"},
        ],
        # 2 lawsuits (upheld, head appeared; settled, head's appearance not filled in), 1 review revoked.
        Case.SHEET: [
            {Case.TYPE: "行政诉讼", Case.RESULT: "维持或驳回", Case.HEAD_APPEARED: "是"},
            {Case.TYPE: "行政诉讼", Case.RESULT: "调解或撤回"},
            {Case.TYPE: "行政复议", Case.RESULT: "撤销"},
        ],
    }
