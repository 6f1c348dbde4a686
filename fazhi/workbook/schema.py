"""The single declaration of every workbook sheet and column.

Loading and validation (`fazhi.workbook.records`), the blank workbook (`fazhi.workbook.template`),
`docs/data.md` (`fazhi.workbook.docs`) and the indicators all read this module. Code refers to a
column through the name constants below (`Dispute.RESULT`), never through a scattered
literal, so renaming a column is a one-line change here. Every enumeration is written once,
in `fazhi.workbook.choices` (re-exported here), as a tuple of its allowed values next to the named
values code tests against.

Example::

    from fazhi.workbook.schema import Dispute, MediationResult
    done = df[Dispute.RESULT] == MediationResult.SUCCESS
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .choices import (  # noqa: F401  re-exported: code may import enumerations from the schema
    NO,
    PASS_MARK,
    YES,
    AdviserType,
    CaseResult,
    CaseType,
    DisputeType,
    EnforcementField,
    EnforcementResult,
    EnforcementType,
    MediationResult,
    Mediator,
    MeetingType,
    PetitionCategory,
    PetitionChannel,
    PetitionStatus,
    PublicityOccasion,
    ReviewConclusion,
    ReviewType,
    ServedParty,
    StaffCategory,
    StudyForm,
)

Kind = Literal["text", "int", "float", "date", "bool", "enum"]
# How a date relates to the report year: "inside" (error outside the year); "start" and "end"
# for a contract that must overlap the year (error when it starts after / ends before it);
# "next" (warning unless in the following year: a report signed in January); "any".
YearRule = Literal["inside", "start", "end", "next", "any"]

INSTRUCTIONS_SHEET = "说明"  # the blank workbook's instructions; the loader skips it silently


@dataclass(frozen=True)
class Column:
    """One column: its Chinese header, type, whether a value is required, and its rules.

    `personal` marks a column holding people's names: it is validated but dropped at load and
    never echoed in a message. `aliases` are other header spellings users write;
    `value_aliases` map other spellings of an enumeration value to the canonical one.
    """

    name: str
    kind: Kind
    required: bool
    description: str
    choices: tuple[str, ...] = ()
    personal: bool = False
    unique: bool = False
    example: str = ""
    minimum: float | None = None
    maximum: float | None = None
    year_rule: YearRule = "inside"
    aliases: tuple[str, ...] = ()
    value_aliases: tuple[tuple[str, str], ...] = ()
    width: int = 0  # template column width in characters; 0 = derived from the kind


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, columns, whether the workbook must have it, and its row rules.

    `ordered` lists (earlier, later) date column pairs: the later may not precede the earlier.
    `single_row` sheets (基本信息) hold exactly one record. `ledger` names the sheet as a
    数据来源 note cites it (会议记录 …).
    """

    name: str
    columns: tuple[Column, ...]
    required: bool
    description: str
    single_row: bool = False
    ordered: tuple[tuple[str, str], ...] = ()
    ledger: str = ""  # the ledger a 数据来源 note cites for this sheet
    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"工作表「{self.name}」没有「{name}」列")

    @property
    def personal_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.personal)


# ---- column names, one namespace per sheet ---------------------------------------------------


class Info:
    SHEET = "基本信息"
    COUNTY = "区县"
    TOWNSHIP = "乡镇"
    YEAR = "年度"
    VILLAGES = "行政村（社区）数"
    ISSUER = "发文机关"
    RECIPIENT = "主送机关"
    DATE = "成文日期"


class Meeting:
    SHEET = "会议研究"
    DATE = "日期"
    TYPE = "会议类型"
    TOPIC = "议题"
    ON_RULE_OF_LAW = "是否研究法治建设"


class Study:
    SHEET = "学法活动"
    DATE = "日期"
    FORM = "形式"
    CONTENT = "学习内容"
    ATTENDANCE = "参加人数"


class Exam:
    SHEET = "学法考试"
    STAFF_ID = "人员编号"
    CATEGORY = "类别"
    TOOK_EXAM = "是否参考"
    COMPLETED = "是否完成学习"
    SCORE = "成绩"


class Publicity:
    SHEET = "普法宣传"
    DATE = "日期"
    OCCASION = "节点"
    PLACE = "地点"
    FORM = "形式"
    AUDIENCE = "受众人次"
    MATERIALS = "发放资料份数"


class Adviser:
    SHEET = "法律顾问"
    CLIENT = "服务对象"
    CLIENT_KIND = "服务类别"
    TYPE = "顾问类型"
    FIRM = "所属机构"
    NAME = "顾问姓名"
    START = "签约开始日期"
    END = "签约结束日期"
    CONSULTATIONS = "咨询次数"
    CONTRACTS = "审查合同数"
    VILLAGE_RULES = "修订村规民约数"


class Decision:
    SHEET = "重大行政决策"
    DATE = "日期"
    MATTER = "事项"
    LEGALITY_REVIEW = "合法性审查"
    COLLECTIVE = "集体讨论"
    PARTICIPATION = "公众参与或专家论证"
    RISK = "风险评估"


class Review:
    SHEET = "合法性审查"
    TYPE = "类型"
    TITLE = "名称"
    DATE = "日期"
    CONCLUSION = "结论"


class Dispute:
    SHEET = "矛盾纠纷"
    ID = "编号"
    ACCEPTED = "受理日期"
    VILLAGE = "所在村"
    TYPE = "纠纷类型"
    MEDIATOR = "调解组织"
    RESULT = "结果"
    CLOSED = "办结日期"
    PARTIES = "当事人"


class Petition:
    SHEET = "信访"
    ID = "编号"
    ACCEPTED = "受理日期"
    VILLAGE = "所在村"
    CATEGORY = "类别"
    CHANNEL = "渠道"
    STATUS = "状态"
    ON_TIME = "是否按期办结"


class Enforcement:
    SHEET = "行政执法"
    ID = "编号"
    DATE = "日期"
    FIELD = "领域"
    TYPE = "类型"
    CERTIFIED = "执法人员持证"
    PUBLICISED = "执法公示"
    RECORDED = "全过程记录"
    LEGAL_REVIEW = "法制审核"
    RESULT = "结果"


class Case:
    SHEET = "复议诉讼"
    ID = "编号"
    TYPE = "类型"
    FILED = "收案日期"
    RESULT = "结果"
    HEAD_APPEARED = "负责人出庭"


# ---- the sheets ------------------------------------------------------------------------------


def _count(name: str, description: str, *, required: bool = True, example: str = "0") -> Column:
    return Column(name, "int", required, description, example=example, minimum=0)


def _yes_no(name: str, description: str, *, required: bool = True) -> Column:
    return Column(name, "bool", required, description, example=YES)


def _serial(name: str, prefix: str) -> Column:
    return Column(
        name, "text", True, "本表内唯一的登记编号，可用原台账编号", unique=True, example=f"{prefix}2024-001"
    )


SHEETS: tuple[Sheet, ...] = (
    Sheet(Info.SHEET, (
        Column(Info.COUNTY, "text", True, "所属区县", example="湟中区"),
        Column(Info.TOWNSHIP, "text", True, "乡镇名称，须与工作簿文件名一致", example="土门关乡"),
        Column(Info.YEAR, "int", True, "报告年度，须与所在文件夹年度一致", example="2024",
               minimum=2000, maximum=2100),
        Column(Info.VILLAGES, "int", True, "辖区行政村（社区）个数，用于计算村居法律顾问覆盖率", example="19",
               minimum=1, aliases=("行政村数", "村（社区）数", "行政村(社区)数量", "村数")),
        Column(Info.ISSUER, "text", True, "落款的发文机关", example="土门关乡人民政府"),
        Column(Info.RECIPIENT, "text", False, "主送机关，不填则报告不写主送行",
               example="中共湟中区委全面依法治区委员会办公室"),
        Column(Info.DATE, "date", True, "报告成文日期，通常为次年1月", example="2025-01-09", year_rule="next"),
    ), True, "报告的基本信息，只填一行。", single_row=True),
    Sheet(Meeting.SHEET, (
        Column(Meeting.DATE, "date", True, "会议日期", example="2024-03-05"),
        Column(Meeting.TYPE, "enum", True, "会议类型", MeetingType.ALL, example=MeetingType.PARTY,
               value_aliases=MeetingType.ALIASES),
        Column(Meeting.TOPIC, "text", True, "会议议题", example="研究部署年度法治政府建设工作"),
        _yes_no(Meeting.ON_RULE_OF_LAW, "会议是否专题研究法治建设工作"),
    ), False, "党委会、政府常务会议等会议研究法治建设的情况，一次会议一行。", ledger="会议记录"),
    Sheet(Study.SHEET, (
        Column(Study.DATE, "date", True, "学法日期", example="2024-03-05"),
        Column(Study.FORM, "enum", True, "学法形式", StudyForm.ALL, example=StudyForm.COLLECTIVE),
        Column(Study.CONTENT, "text", True, "学习的法律法规名称或主题", example="中华人民共和国宪法"),
        _count(Study.ATTENDANCE, "参加人数", required=False, example="25"),
    ), False, "领导干部和工作人员学法活动，一次活动一行。", ledger="学法活动记录"),
    Sheet(Exam.SHEET, (
        Column(Exam.STAFF_ID, "text", True, "人员编号（不填姓名），本表内唯一", unique=True, example="TMG-01"),
        Column(Exam.CATEGORY, "enum", True, "人员类别", StaffCategory.ALL, example=StaffCategory.GENERAL),
        _yes_no(Exam.TOOK_EXAM, "是否参加年度学法考试"),
        _yes_no(Exam.COMPLETED, "是否完成年度学法学习任务"),
        Column(Exam.SCORE, "float", False, f"考试成绩（百分制，{PASS_MARK}分及以上为合格）；未参考不填",
               example="92", minimum=0, maximum=100),
    ), False, "年度学法考试，每名应考人员一行。", ledger="年度学法考试记录"),
    Sheet(Publicity.SHEET, (
        Column(Publicity.DATE, "date", True, "活动日期", example="2024-04-15"),
        Column(Publicity.OCCASION, "enum", True, "普法节点", PublicityOccasion.ALL,
               example=PublicityOccasion.NATIONAL_SECURITY, value_aliases=PublicityOccasion.ALIASES),
        Column(Publicity.PLACE, "text", True, "活动地点", example="乡政府门前广场"),
        Column(Publicity.FORM, "text", True, "活动形式，如集中宣传、入户宣传、法治讲座", example="集中宣传"),
        _count(Publicity.AUDIENCE, "受众人次", example="300"),
        _count(Publicity.MATERIALS, "发放宣传资料份数", required=False, example="500"),
    ), False, "普法宣传活动，一次活动一行。", ledger="普法宣传活动记录"),
    Sheet(Adviser.SHEET, (
        Column(Adviser.CLIENT, "text", True, "服务对象：本级政府或村（社区）名称", example="土门关村"),
        Column(Adviser.CLIENT_KIND, "enum", True, "服务对象类别", ServedParty.ALL, example=ServedParty.VILLAGE,
               value_aliases=ServedParty.ALIASES),
        Column(Adviser.TYPE, "enum", True, "法律顾问类型", AdviserType.ALL, example=AdviserType.LAWYER,
               value_aliases=AdviserType.ALIASES),
        Column(Adviser.FIRM, "text", True, "所属律师事务所、法律服务所或单位", example="青海某律师事务所"),
        Column(Adviser.NAME, "text", False, "顾问姓名（仅供本单位留存，不进入报告）", personal=True),
        Column(Adviser.START, "date", True, "签约开始日期", example="2024-01-01", year_rule="start"),
        Column(Adviser.END, "date", True, "签约结束日期", example="2024-12-31", year_rule="end"),
        _count(Adviser.CONSULTATIONS, "本年度提供法律咨询次数", required=False, example="12"),
        _count(Adviser.CONTRACTS, "本年度审查合同份数", required=False, example="3"),
        _count(Adviser.VILLAGE_RULES, "本年度帮助修订村规民约份数", required=False, example="1"),
    ), False, "政府及村（社区）法律顾问，一份聘用协议一行。", ordered=((Adviser.START, Adviser.END),), ledger="法律顾问聘用台账"),
    Sheet(Decision.SHEET, (
        Column(Decision.DATE, "date", True, "决策日期", example="2024-05-20"),
        Column(Decision.MATTER, "text", True, "决策事项", example="年度村庄规划调整"),
        _yes_no(Decision.LEGALITY_REVIEW, "是否经过合法性审查"),
        _yes_no(Decision.COLLECTIVE, "是否经集体讨论决定"),
        _yes_no(Decision.PARTICIPATION, "是否开展公众参与或专家论证"),
        _yes_no(Decision.RISK, "是否开展风险评估"),
    ), False, "重大行政决策及其法定程序，一项决策一行。", ledger="重大行政决策台账"),
    Sheet(Review.SHEET, (
        Column(Review.TYPE, "enum", True, "审查对象类型", ReviewType.ALL, example=ReviewType.CONTRACT),
        Column(Review.TITLE, "text", True, "合同、文件或协议名称", example="村道硬化工程施工合同"),
        Column(Review.DATE, "date", True, "审查日期", example="2024-06-10"),
        Column(Review.CONCLUSION, "enum", True, "审查结论", ReviewConclusion.ALL, example=ReviewConclusion.LAWFUL),
    ), False, "合同、规范性文件、行政协议等合法性审查，一件一行。", ledger="合法性审查台账"),
    Sheet(Dispute.SHEET, (
        _serial(Dispute.ID, "JF"),
        Column(Dispute.ACCEPTED, "date", True, "受理日期", example="2024-03-05"),
        Column(Dispute.VILLAGE, "text", True, "纠纷发生的村（社区）", example="土门关村"),
        Column(Dispute.TYPE, "enum", True, "纠纷类型", DisputeType.ALL, example="邻里纠纷"),
        Column(Dispute.MEDIATOR, "enum", True, "调解组织", Mediator.ALL, example=Mediator.VILLAGE_COMMITTEE,
               value_aliases=Mediator.ALIASES),
        Column(Dispute.RESULT, "enum", True, "调解结果", MediationResult.ALL, example=MediationResult.SUCCESS,
               value_aliases=MediationResult.ALIASES),
        Column(Dispute.CLOSED, "date", False, "办结日期；正在调解的不填", example="2024-03-12", year_rule="any"),
        Column(Dispute.PARTIES, "text", False, "当事人姓名（仅供本单位留存，不进入报告）", personal=True),
    ), False, "矛盾纠纷排查调处台账，一件纠纷一行。", ordered=((Dispute.ACCEPTED, Dispute.CLOSED),),
        ledger="矛盾纠纷排查调处台账"),
    Sheet(Petition.SHEET, (
        _serial(Petition.ID, "XF"),
        Column(Petition.ACCEPTED, "date", True, "受理日期", example="2024-04-02"),
        Column(Petition.VILLAGE, "text", False, "信访人所在村（社区）", example="土门关村"),
        Column(Petition.CATEGORY, "enum", True, "信访事项类别", PetitionCategory.ALL, example="土地资源"),
        Column(Petition.CHANNEL, "enum", True, "信访渠道", PetitionChannel.ALL, example="来访"),
        Column(Petition.STATUS, "enum", True, "办理状态", PetitionStatus.ALL, example=PetitionStatus.CLOSED,
               value_aliases=PetitionStatus.ALIASES),
        _yes_no(Petition.ON_TIME, "已办结的是否在法定期限内办结；办理中的不填", required=False),
    ), False, "信访事项，一件一行。", ledger="信访事项登记台账"),
    Sheet(Enforcement.SHEET, (
        _serial(Enforcement.ID, "ZF"),
        Column(Enforcement.DATE, "date", True, "执法日期（立案或检查日期）", example="2024-07-08"),
        Column(Enforcement.FIELD, "enum", True, "执法领域", EnforcementField.ALL, example="自然资源"),
        Column(Enforcement.TYPE, "enum", True, "执法行为类型", EnforcementType.ALL, example=EnforcementType.INSPECTION),
        _yes_no(Enforcement.CERTIFIED, "执法人员是否全部持有执法证件"),
        _yes_no(Enforcement.PUBLICISED, "是否按规定公示执法信息", required=False),
        _yes_no(Enforcement.RECORDED, "是否全过程记录", required=False),
        _yes_no(Enforcement.LEGAL_REVIEW, "处罚、强制决定是否经法制审核；检查、许可可不填", required=False),
        Column(Enforcement.RESULT, "enum", True, "处理结果", EnforcementResult.ALL,
               example=EnforcementResult.NO_VIOLATION),
    ), False, "行政执法案件和检查，一件一行。无执法权的乡镇不建此表。", ledger="行政执法台账"),
    Sheet(Case.SHEET, (
        _serial(Case.ID, "FY"),
        Column(Case.TYPE, "enum", True, "案件类型", CaseType.ALL, example=CaseType.LITIGATION,
               value_aliases=CaseType.ALIASES),
        Column(Case.FILED, "date", True, "收案日期", example="2024-08-15"),
        Column(Case.RESULT, "enum", True, "案件结果；未结的选“审理中”", CaseResult.ALL, example=CaseResult.UPHELD,
               value_aliases=CaseResult.ALIASES),
        _yes_no(Case.HEAD_APPEARED, "行政诉讼开庭时行政机关负责人是否出庭应诉；复议案件不填", required=False),
    ), False, "本级政府作为被申请人、被告的行政复议和行政诉讼案件，一件一行。", ledger="行政复议和行政诉讼案件台账"),
)

SHEET_NAMES: tuple[str, ...] = tuple(s.name for s in SHEETS)
LEDGERS: dict[str, str] = {s.name: s.ledger for s in SHEETS if s.ledger}


def sheet(name: str) -> Sheet:
    """The declared sheet called `name` (KeyError if there is none)."""
    for s in SHEETS:
        if s.name == name:
            return s
    raise KeyError(f"没有名为「{name}」的工作表")
