"""Write the sample workbooks: all 15 townships of 湟中区 for 2023, 2024 and 2025.

    .venv/bin/python scripts/make_sample_data.py [--out DIR] [--township 土门关乡] [--year 2024]
    .venv/bin/python scripts/make_sample_data.py --synthetic 100 --out /tmp/big/data

Writes DIR/<year>/<township>.xlsx (DIR defaults to the repository's data/) through the blank
workbook of `fazhi.workbook.template`, so samples look like filled-in templates. Every value
is synthetic and deterministic: one `random.Random` seeded by township and year, fixed file
timestamps, so a re-run gives identical bytes. Sizes follow a profile per township (鲁沙尔镇
and 多巴镇 have hundreds of disputes, the small 乡 a few dozen); disputes follow the farming
calendar (land disputes at spring ploughing, wage and family disputes before Spring
Festival); some townships lack optional sheets. 土门关乡 2024 reproduces the figures of the
seed report exactly (see `seeded_sheets`). Names in personal columns are invented.

`--synthetic N` writes instead a made-up district of N townships (invented names, sizes and
habits drawn per township, so every workbook holds distinct data) for district-scale timing;
it needs an explicit `--out`, never the repository's data/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fazhi.workbook.schema import (
    NO,
    SHEETS,
    YES,
    Adviser,
    AdviserType,
    Case,
    CaseResult,
    CaseType,
    Decision,
    Dispute,
    DisputeType,
    Enforcement,
    EnforcementField,
    EnforcementResult,
    EnforcementType,
    Exam,
    Info,
    MediationResult,
    Mediator,
    Meeting,
    MeetingType,
    Petition,
    PetitionCategory,
    PetitionChannel,
    PetitionStatus,
    Publicity,
    PublicityOccasion,
    Review,
    ReviewConclusion,
    ReviewType,
    ServedParty,
    StaffCategory,
    Study,
    StudyForm,
)
from fazhi.workbook.template import blank_workbook, save_workbook

YEARS = (2023, 2024, 2025)
COUNTY = "湟中区"
RECIPIENT = "中共湟中区委全面依法治区委员会办公室"
ROOT = Path(__file__).resolve().parents[1]
Row = dict[str, object]


@dataclass(frozen=True)
class Profile:
    """A township's size and habits. `cases`: "yes" (cases), "empty" (sheet kept, none) or "absent"."""

    name: str
    villages: int
    disputes: int  # a typical year's disputes
    staff: int
    enforcement: bool = True
    cases: str = "yes"
    old_secretary: bool = False  # runs a 老支书调解室
    absent: tuple[tuple[int, str], ...] = ()  # (year, sheet) pairs not reported

    @property
    def is_town(self) -> bool:
        return self.name.endswith("镇")


PROFILES = (
    Profile("鲁沙尔镇", 28, 430, 64, old_secretary=True),
    Profile("多巴镇", 32, 390, 58),
    Profile("甘河滩镇", 27, 210, 40),
    Profile("共和镇", 24, 160, 36, old_secretary=True),
    Profile("西堡镇", 20, 130, 32, cases="empty"),
    Profile("上五庄镇", 22, 120, 30),
    Profile("李家山镇", 26, 140, 33, cases="empty"),
    Profile("拦隆口镇", 30, 180, 38),
    Profile("上新庄镇", 24, 110, 30, cases="empty", absent=((2023, Petition.SHEET),)),
    Profile("田家寨镇", 23, 100, 29),
    Profile("海子沟乡", 16, 55, 18, cases="empty"),
    Profile("土门关乡", 19, 38, 12, cases="absent", old_secretary=True),
    Profile("汉东回族乡", 12, 32, 14, enforcement=False, cases="empty"),
    Profile("大才回族乡", 11, 28, 13, cases="absent", absent=((2023, Decision.SHEET),)),
    Profile("群加藏族乡", 6, 18, 11, enforcement=False, cases="absent"),
)

_VILLAGE_FIRST = "上下前后新红东西南北大小黄青白李王张马杨河山沟台坪湾寺庄堡峡滩泉"
_VILLAGE_SECOND = "庄沟台湾滩坪寨堡峡泉岭川营门家河林塘"
_SURNAMES = "王李张刘陈杨马赵祁韩朱何孔鲁冶周胡汪"
_GIVEN = ("建国", "秀英", "海林", "玉兰", "成福", "桂花", "永寿", "明德", "文清", "占元", "金花", "有禄",
          "德成", "淑珍", "国庆", "春梅", "生才", "莲香", "福海", "存良")
LAWS = ("中华人民共和国宪法", "中华人民共和国民法典", "中华人民共和国行政处罚法",
        "中华人民共和国村民委员会组织法", "中华人民共和国乡村振兴促进法")
MORE_LAWS = ("中华人民共和国土地管理法", "信访工作条例", "中华人民共和国安全生产法",
             "中华人民共和国人民调解法", "中华人民共和国行政许可法", "中华人民共和国国家安全法")

# Month weights (Jan..Dec) by dispute type: the farming and festival calendar.
_FLAT = (1.0,) * 12
_SEASON = {
    "土地承包": (0.6, 0.8, 2.4, 2.6, 1.2, 0.7, 0.5, 0.5, 0.8, 0.9, 0.6, 0.5),
    "宅基地建房": (0.4, 0.4, 1.0, 1.8, 2.0, 1.8, 1.4, 1.1, 0.9, 0.6, 0.4, 0.3),
    "劳务纠纷": (2.2, 1.2, 0.7, 0.6, 0.6, 0.6, 0.7, 0.7, 0.8, 0.9, 1.4, 2.6),
    "婚姻家庭": (2.0, 1.9, 1.0, 0.8, 0.8, 0.7, 0.8, 0.8, 0.8, 0.9, 1.0, 1.5),
    "邻里纠纷": (1.1, 1.0, 1.3, 1.4, 1.2, 1.0, 0.9, 0.9, 1.0, 0.9, 0.8, 0.9),
}
_TYPE_WEIGHTS = {"邻里纠纷": 25, "婚姻家庭": 18, "宅基地建房": 12, "土地承包": 14, "合同纠纷": 8, "劳务纠纷": 10,
                 "征地拆迁": 4, "损害赔偿": 5, "山林水利": 2, "其他": 2}
assert set(_TYPE_WEIGHTS) == set(DisputeType.ALL)


def villages(profile: Profile) -> list[str]:
    """Invented, stable village names for a township."""
    rng = random.Random(f"villages-{profile.name}")
    names: list[str] = []
    while len(names) < profile.villages:
        name = rng.choice(_VILLAGE_FIRST) + rng.choice(_VILLAGE_SECOND) + "村"
        if name not in names:
            names.append(name)
    return names


def person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN)


def day_in(rng: random.Random, year: int, month: int) -> dt.date:
    return dt.date(year, month, rng.randint(1, 28))


def month_of(rng: random.Random, weights: tuple[float, ...]) -> int:
    return rng.choices(range(1, 13), weights)[0]


def quarter_days(rng: random.Random, year: int) -> list[dt.date]:
    return [day_in(rng, year, 3 * q + rng.randint(1, 3)) for q in range(4)]


# ---- sheets -----------------------------------------------------------------------------------


def meetings(rng: random.Random, p: Profile, year: int) -> list[Row]:
    topics = ("研究部署年度法治政府建设工作", "听取法治政府建设工作情况汇报", "研究矛盾纠纷排查化解工作",
              "研究普法依法治理工作", "研究行政执法规范化建设", "研究重大行政决策事项")
    plan = [(MeetingType.PARTY, YES)] * rng.randint(2, 6) + [(MeetingType.GOVERNMENT, YES)] * rng.randint(1, 4)
    plan += [(MeetingType.SPECIAL, YES)] * rng.randint(0, 2) + [(MeetingType.PARTY, NO)] * rng.randint(0, 2)
    rows = [{Meeting.DATE: day_in(rng, year, rng.randint(1, 12)), Meeting.TYPE: kind,
             Meeting.TOPIC: rng.choice(topics) if flag == YES else "研究安全生产和防汛工作",
             Meeting.ON_RULE_OF_LAW: flag} for kind, flag in plan]
    return sorted(rows, key=lambda r: r[Meeting.DATE])


def studies(rng: random.Random, p: Profile, year: int) -> list[Row]:
    rows = [{Study.DATE: d, Study.FORM: StudyForm.CENTRAL_GROUP, Study.CONTENT: "习近平法治思想",
             Study.ATTENDANCE: rng.randint(8, 15)} for d in quarter_days(rng, year)]
    counts = {StudyForm.PRE_MEETING: rng.randint(4, 12), StudyForm.COLLECTIVE: rng.randint(8, 20),
              StudyForm.LECTURE: rng.randint(1, 4), StudyForm.ONLINE: rng.randint(0, 6)}
    for form, n in counts.items():
        rows += [{Study.DATE: day_in(rng, year, rng.randint(1, 12)), Study.FORM: form,
                  Study.CONTENT: rng.choice(LAWS + MORE_LAWS), Study.ATTENDANCE: rng.randint(10, p.staff)}
                 for _ in range(n)]
    return sorted(rows, key=lambda r: r[Study.DATE])


def exam(rng: random.Random, p: Profile, year: int, staff: int | None = None, *, everyone: bool = False) -> list[Row]:
    staff = staff or p.staff + rng.randint(-2, 2)
    leaders = max(3, staff // 5)
    rows = []
    for i in range(staff):
        took = everyone or rng.random() < 0.97
        rows.append({Exam.STAFF_ID: f"{year}-{i + 1:03d}",
                     Exam.CATEGORY: StaffCategory.LEADER if i < leaders else StaffCategory.GENERAL,
                     Exam.TOOK_EXAM: YES if took else NO,
                     Exam.COMPLETED: YES if everyone or rng.random() < 0.98 else NO,
                     Exam.SCORE: min(100, max(52, round(rng.gauss(86, 7)))) if took else None})
    return rows


_OCCASION_DATES = {
    PublicityOccasion.NATIONAL_SECURITY: (4, 15), PublicityOccasion.ANTI_DRUG: (6, 26),
    PublicityOccasion.CONSTITUTION_DAY: (12, 4), PublicityOccasion.CONSTITUTION_WEEK: (12, 2),
    PublicityOccasion.CIVIL_CODE_MONTH: (5, 10), PublicityOccasion.ANTI_CULT_MONTH: (5, 20),
    PublicityOccasion.SAFETY_MONTH: (9, 12), PublicityOccasion.OTHER: (8, 8),
}


def publicity(rng: random.Random, p: Profile, year: int, occasions: tuple[str, ...] = PublicityOccasion.ALL,
              per_occasion: tuple[int, int] = (1, 3)) -> list[Row]:
    places = (f"{p.name}政府门前广场", f"{p.name}集贸市场", "主要路段", f"{villages(p)[0]}文化广场")
    forms = ("集中宣传", "入户宣传", "法治讲座", "发放资料", "以案释法")
    rows = []
    for occasion in occasions:
        month, day = _OCCASION_DATES[occasion]
        for k in range(rng.randint(*per_occasion)):
            when = dt.date(year, month, day) + dt.timedelta(days=3 * k)
            rows.append({Publicity.DATE: when, Publicity.OCCASION: occasion, Publicity.PLACE: rng.choice(places),
                         Publicity.FORM: rng.choice(forms), Publicity.AUDIENCE: rng.randrange(80, 120 + 12 * p.staff, 10),
                         Publicity.MATERIALS: rng.randrange(100, 200 + 30 * p.staff, 50)})
    return sorted(rows, key=lambda r: r[Publicity.DATE])


def advisers(rng: random.Random, p: Profile, year: int, coverage: float = 1.0) -> list[Row]:
    firm = rng.choice(("青海承信律师事务所", "青海正源律师事务所", "青海西宁明理律师事务所"))
    government = f"{p.name}政府"  # 鲁沙尔镇政府, 土门关乡政府
    start = dt.date(year, 1, 1) if rng.random() < 0.7 else dt.date(year - 1, 7, 1)
    end = dt.date(start.year + 1, start.month, 1) - dt.timedelta(days=1) if start.month == 1 else dt.date(year + 1, 6, 30)

    def row(client: str, kind: str, adviser: str, office: str) -> Row:
        return {Adviser.CLIENT: client, Adviser.CLIENT_KIND: kind, Adviser.TYPE: adviser, Adviser.FIRM: office,
                Adviser.NAME: person(rng), Adviser.START: start, Adviser.END: end,
                Adviser.CONSULTATIONS: rng.randint(4, 30), Adviser.CONTRACTS: rng.randint(0, 6),
                Adviser.VILLAGE_RULES: 0 if kind == ServedParty.GOVERNMENT else rng.randint(0, 1)}

    rows = [row(government, ServedParty.GOVERNMENT, AdviserType.LAWYER, firm)]
    covered = villages(p)[: round(p.villages * coverage)]
    for village in covered:
        grassroots = rng.random() < 0.4
        rows.append(row(village, ServedParty.VILLAGE,
                        AdviserType.GRASSROOTS if grassroots else AdviserType.LAWYER,
                        f"{p.name}法律服务所" if grassroots else firm))
    return rows


def decisions(rng: random.Random, p: Profile, year: int) -> list[Row]:
    matters = ("村庄规划调整", "农村人居环境整治实施方案", "高标准农田建设项目", "集体经济发展项目资金使用",
               "乡村道路硬化工程", "防汛抗旱应急预案修订", "农村饮水安全巩固提升工程", "特色产业扶持资金分配")
    return sorted(({Decision.DATE: day_in(rng, year, rng.randint(2, 11)), Decision.MATTER: m,
                    Decision.LEGALITY_REVIEW: YES, Decision.COLLECTIVE: YES,
                    Decision.PARTICIPATION: YES if rng.random() < 0.7 else NO,
                    Decision.RISK: YES if rng.random() < 0.8 else NO}
                   for m in rng.sample(matters, rng.randint(2, 6))), key=lambda r: r[Decision.DATE])


def reviews(rng: random.Random, p: Profile, year: int) -> list[Row]:
    names = {ReviewType.CONTRACT: ("施工合同", "采购合同", "土地流转合同", "租赁合同", "服务合同"),
             ReviewType.NORMATIVE: ("管理办法", "实施细则"), ReviewType.AGREEMENT: ("征收补偿协议", "项目合作协议"),
             ReviewType.OTHER: ("合作框架意见",)}
    plan = [ReviewType.CONTRACT] * rng.randint(3, 8 + p.staff // 4) + [ReviewType.AGREEMENT] * rng.randint(1, 5)
    plan += [ReviewType.NORMATIVE] * rng.randint(0, 2) + [ReviewType.OTHER] * rng.randint(0, 1)
    conclusions = rng.choices(ReviewConclusion.ALL, (80, 18, 2), k=len(plan))
    return sorted(({Review.TYPE: t, Review.TITLE: f"{rng.choice(villages(p))}{rng.choice(names[t])}",
                    Review.DATE: day_in(rng, year, rng.randint(1, 12)), Review.CONCLUSION: c}
                   for t, c in zip(plan, conclusions, strict=False)), key=lambda r: r[Review.DATE])


def disputes(rng: random.Random, p: Profile, year: int, count: int) -> list[Row]:
    committee = Mediator.TOWN_COMMITTEE if p.is_town else Mediator.TOWNSHIP_COMMITTEE
    mediators = [Mediator.VILLAGE_COMMITTEE, committee, Mediator.OLD_SECRETARY_ROOM, Mediator.OTHER]
    weights = [60, 30, 8 if p.old_secretary else 0, 0 if p.old_secretary else 2]
    kinds = rng.choices(list(_TYPE_WEIGHTS), list(_TYPE_WEIGHTS.values()), k=count)
    # Monthly screening finds something every month: the first twelve fall one per month.
    months = list(range(1, 13)) + [month_of(rng, _SEASON.get(k, _FLAT)) for k in kinds[12:]]
    rows = []
    for kind, month in zip(kinds, months, strict=False):
        accepted = day_in(rng, year, month)
        closed = accepted + dt.timedelta(days=1 + int(rng.expovariate(1 / 6)))
        result = rng.choices(MediationResult.CLOSED, (95, 5))[0]
        if closed.year > year or rng.random() < 0.01:
            result, closed = MediationResult.ONGOING, None
        rows.append({Dispute.ACCEPTED: accepted, Dispute.VILLAGE: rng.choice(villages(p)), Dispute.TYPE: kind,
                     Dispute.MEDIATOR: rng.choices(mediators, weights)[0], Dispute.RESULT: result,
                     Dispute.CLOSED: closed, Dispute.PARTIES: f"{person(rng)}、{person(rng)}"})
    rows.sort(key=lambda r: r[Dispute.ACCEPTED])
    for i, r in enumerate(rows, start=1):
        r[Dispute.ID] = f"JF{year}-{i:03d}"
    return rows


def petitions(rng: random.Random, p: Profile, year: int, count: int) -> list[Row]:
    rows = []
    for _ in range(count):
        accepted = day_in(rng, year, rng.randint(1, 12))
        open_ = accepted.month == 12 and rng.random() < 0.4
        rows.append({Petition.ACCEPTED: accepted, Petition.VILLAGE: rng.choice(villages(p)),
                     Petition.CATEGORY: rng.choices(PetitionCategory.ALL, (12, 15, 14, 12, 18, 6, 5, 8, 10))[0],
                     Petition.CHANNEL: rng.choices(PetitionChannel.ALL, (50, 10, 20, 15, 5))[0],
                     Petition.STATUS: PetitionStatus.OPEN if open_ else PetitionStatus.CLOSED,
                     Petition.ON_TIME: None if open_ else (YES if rng.random() < 0.96 else NO)})
    rows.sort(key=lambda r: r[Petition.ACCEPTED])
    for i, r in enumerate(rows, start=1):
        r[Petition.ID] = f"XF{year}-{i:03d}"
    return rows


_ENFORCEMENT_RESULTS = {
    EnforcementType.INSPECTION: ((EnforcementResult.NO_VIOLATION, EnforcementResult.RECTIFY), (75, 25)),
    EnforcementType.PENALTY: ((EnforcementResult.PENALISED, EnforcementResult.NOT_PENALISED), (85, 15)),
    EnforcementType.COERCION: ((EnforcementResult.COERCED,), (1,)),
    EnforcementType.LICENSE: ((EnforcementResult.LICENSED, EnforcementResult.REFUSED), (90, 10)),
}


def enforcement(rng: random.Random, p: Profile, year: int) -> list[Row]:
    fields = [f for f in EnforcementField.ALL if f not in ("卫生健康", "其他")]
    rows = []
    for _ in range(rng.randint(p.staff // 2, p.staff * 2)):
        kind = rng.choices(EnforcementType.ALL, (60, 25, 5, 10))[0]
        when = day_in(rng, year, rng.randint(1, 12))
        results, weights = _ENFORCEMENT_RESULTS[kind]
        result = EnforcementResult.PENDING if when.month == 12 and rng.random() < 0.3 else rng.choices(results, weights)[0]
        review = (YES if rng.random() < 0.95 else NO) if kind in EnforcementType.NEEDS_LEGAL_REVIEW else None
        rows.append({Enforcement.DATE: when, Enforcement.FIELD: rng.choice(fields), Enforcement.TYPE: kind,
                     Enforcement.CERTIFIED: YES if rng.random() < 0.98 else NO,
                     Enforcement.PUBLICISED: YES if rng.random() < 0.95 else NO,
                     Enforcement.RECORDED: YES if rng.random() < 0.9 else NO,
                     Enforcement.LEGAL_REVIEW: review, Enforcement.RESULT: result})
    rows.sort(key=lambda r: r[Enforcement.DATE])
    for i, r in enumerate(rows, start=1):
        r[Enforcement.ID] = f"ZF{year}-{i:03d}"
    return rows


def cases(rng: random.Random, p: Profile, year: int) -> list[Row]:
    rows = []
    for i in range(rng.randint(1, 3 + p.disputes // 120)):
        kind = rng.choice(CaseType.ALL)
        filed = day_in(rng, year, rng.randint(1, 12))
        result = CaseResult.PENDING if filed.month >= 10 else rng.choices(
            (CaseResult.UPHELD, CaseResult.SETTLED, CaseResult.REVOKED, CaseResult.TERMINATED), (70, 15, 10, 5))[0]
        appeared = (YES if rng.random() < 0.85 else NO) if kind == CaseType.LITIGATION and result != CaseResult.PENDING else None
        rows.append({Case.ID: f"FY{year}-{i + 1:02d}", Case.TYPE: kind, Case.FILED: filed, Case.RESULT: result,
                     Case.HEAD_APPEARED: appeared})
    return rows


# ---- 土门关乡: the seed report's figures -------------------------------------------------------

SEED_TOWNSHIP = "土门关乡"


def seeded_sheets(rng: random.Random, p: Profile, year: int) -> dict[str, list[Row]]:
    """土门关乡 2024 as its report tells it, and a smaller 2023 to compare with.

    2024: 3 党委会 on rule-of-law work; 中心组学法 once a quarter; 12 staff took the law exam,
    all completed; 16 集中学法 sessions (15余次) on the 宪法, 民法典, 行政处罚法, 村民委员会组织法
    and 乡村振兴促进法; publicity on 4.15, 6.26, 12.4, 反邪教宣传月 and 平安建设宣传月; one
    lawyer for the government and an adviser for each of the 19 villages.
    """
    seed_year = year == 2024
    party = [dt.date(year, 3, 12), dt.date(year, 7, 9), dt.date(year, 11, 19)][: 3 if seed_year else 2]
    topics = ("研究部署年度法治政府建设工作", "听取法治政府建设工作情况汇报，研究解决困难和问题",
              "研究矛盾纠纷排查化解和法治政府建设考核工作")
    meeting_rows = [{Meeting.DATE: d, Meeting.TYPE: MeetingType.PARTY, Meeting.TOPIC: t, Meeting.ON_RULE_OF_LAW: YES}
                    for d, t in zip(party, topics, strict=False)]
    study_rows = [{Study.DATE: d, Study.FORM: StudyForm.CENTRAL_GROUP, Study.CONTENT: "习近平法治思想",
                   Study.ATTENDANCE: rng.randint(7, 9)} for d in quarter_days(rng, year)]
    sessions = 16 if seed_year else 12
    study_rows += [{Study.DATE: day_in(rng, year, 1 + i * 12 // sessions), Study.FORM: StudyForm.COLLECTIVE,
                    Study.CONTENT: LAWS[i % len(LAWS)], Study.ATTENDANCE: rng.randint(10, 12)}
                   for i in range(sessions)]
    occasions = ((PublicityOccasion.NATIONAL_SECURITY, PublicityOccasion.ANTI_CULT_MONTH, PublicityOccasion.ANTI_DRUG,
                  PublicityOccasion.SAFETY_MONTH, PublicityOccasion.CONSTITUTION_DAY) if seed_year else
                 (PublicityOccasion.NATIONAL_SECURITY, PublicityOccasion.ANTI_DRUG, PublicityOccasion.CONSTITUTION_WEEK))
    return {
        Meeting.SHEET: meeting_rows,
        Study.SHEET: sorted(study_rows, key=lambda r: r[Study.DATE]),
        Exam.SHEET: exam(rng, p, year, 12 if seed_year else 11, everyone=seed_year),
        Publicity.SHEET: publicity(rng, p, year, occasions, (1, 1)),
        Adviser.SHEET: advisers(rng, p, year, 1.0 if seed_year else 16 / 19),
    }


# ---- assembly ---------------------------------------------------------------------------------

_YEAR_SCALE = {2023: 1.08, 2024: 1.0, 2025: 0.93}  # disputes fall slowly as prevention works


def sheets_for(p: Profile, year: int) -> dict[str, list[Row]]:
    """Every reported sheet's rows for one township and year (基本信息 excluded)."""
    rng = random.Random(f"{p.name}-{year}")
    n = round(p.disputes * _YEAR_SCALE[year] * rng.uniform(0.92, 1.08))
    makers: dict[str, Callable[[], list[Row]]] = {
        Meeting.SHEET: lambda: meetings(rng, p, year), Study.SHEET: lambda: studies(rng, p, year),
        Exam.SHEET: lambda: exam(rng, p, year), Publicity.SHEET: lambda: publicity(rng, p, year),
        Adviser.SHEET: lambda: advisers(rng, p, year, 1.0 if year > 2023 else rng.uniform(0.8, 1.0)),
        Decision.SHEET: lambda: decisions(rng, p, year), Review.SHEET: lambda: reviews(rng, p, year),
        Dispute.SHEET: lambda: disputes(rng, p, year, n), Petition.SHEET: lambda: petitions(rng, p, year, max(4, n // 5)),
    }
    if p.enforcement:
        makers[Enforcement.SHEET] = lambda: enforcement(rng, p, year)
    if p.cases != "absent":
        makers[Case.SHEET] = lambda: cases(rng, p, year) if p.cases == "yes" else []
    out = {name: make() for name, make in makers.items() if (year, name) not in p.absent}
    if p.name == SEED_TOWNSHIP and year in (2023, 2024):
        out.update(seeded_sheets(rng, p, year))
    return out


def info_row(p: Profile, year: int) -> Row:
    rng = random.Random(f"info-{p.name}-{year}")
    seed = (p.name, year) == (SEED_TOWNSHIP, 2024)
    signed = dt.date(2025, 1, 9) if seed else dt.date(year + 1, 1, rng.randint(5, 20))
    return {Info.COUNTY: COUNTY, Info.TOWNSHIP: p.name, Info.YEAR: year, Info.VILLAGES: p.villages,
            Info.ISSUER: f"{p.name}人民政府", Info.RECIPIENT: RECIPIENT if seed or rng.random() < 0.8 else None,
            Info.DATE: signed}


def write_sample(out: Path, p: Profile, year: int) -> Path:
    """Write one township's workbook for one year from the blank template."""
    wb = blank_workbook(township=p.name, year=year, county=COUNTY)
    rows = sheets_for(p, year) | {Info.SHEET: [info_row(p, year)]}
    for spec in SHEETS:
        if spec.name not in rows:
            del wb[spec.name]
            continue
        ws = wb[spec.name]
        for i, row in enumerate(rows[spec.name], start=2):
            for j, col in enumerate(spec.columns, start=1):
                ws.cell(i, j, row.get(col.name))
    path = out / str(year) / f"{p.name}.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    save_workbook(wb, path)
    return path


_NAME_FIRST = "安宝昌成达丰福光和华吉嘉康乐联隆明宁平庆瑞盛顺泰通旺祥兴阳永裕元泽振正"
_NAME_SECOND = "川丰河和湖家岭隆宁平桥泉沙山水滩塘田湾溪峡阳源寨庄"
MAX_SYNTHETIC = 500  # well below the 900-odd two-character stems the lists make


def synthetic_profiles(count: int) -> tuple[Profile, ...]:
    """`count` invented townships, distinct from 湟中区's and from each other, sizes drawn per name."""
    rng = random.Random(f"synthetic-{count}")
    taken = {p.name for p in PROFILES}
    profiles: list[Profile] = []
    while len(profiles) < count:
        stem = rng.choice(_NAME_FIRST) + rng.choice(_NAME_SECOND)
        name = stem + ("镇" if rng.random() < 0.55 else "乡")
        if stem in {t[:-1] for t in taken}:
            continue
        taken.add(name)
        disputes = round(rng.lognormvariate(4.4, 0.7))
        profiles.append(Profile(
            name, villages=rng.randint(6, 34), disputes=max(12, disputes), staff=rng.randint(10, 60),
            enforcement=rng.random() < 0.85, cases=rng.choice(("yes", "empty", "absent")),
            old_secretary=rng.random() < 0.3,
            absent=((2023, Petition.SHEET),) if rng.random() < 0.05 else (),
        ))
    return tuple(profiles)


def main() -> None:
    parser = argparse.ArgumentParser(description="写出湟中区 15 个乡镇 2023–2025 年的示例工作簿。")
    parser.add_argument("--out", type=Path, help="输出目录（默认：仓库的 data/；--synthetic 时必须指定）")
    parser.add_argument("--township", action="append", help="只写这些乡镇（可重复）")
    parser.add_argument("--year", type=int, action="append", help="只写这些年度（可重复）")
    parser.add_argument("--synthetic", type=int, metavar="N", help="改为写出一个虚构区县的 N 个乡镇（用于规模测试）")
    args = parser.parse_args()
    if args.synthetic is not None and args.out is None:
        parser.error("--synthetic 需要用 --out 指定输出目录（不写入仓库的 data/）")
    if args.synthetic is not None and not 1 <= args.synthetic <= MAX_SYNTHETIC:
        parser.error(f"--synthetic 的乡镇数须在 1 到 {MAX_SYNTHETIC} 之间")
    profiles = PROFILES if args.synthetic is None else synthetic_profiles(args.synthetic)
    out = args.out or ROOT / "data"
    for year in args.year or YEARS:
        for p in profiles:
            if not args.township or p.name in args.township:
                print(write_sample(out, p, year))


if __name__ == "__main__":
    main()
