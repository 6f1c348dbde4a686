"""The indicator catalogue: one definition per figure the report uses.

Each `Indicator` names a figure in Chinese (the name is also the narrative placeholder,
``{{ 调解成功率 }}``), says what it means, its unit and source sheet, and carries the measure
that computes it; the human-readable formula is the measure's own description, so
docs/indicators.md cannot drift from the code. Topics follow the report's order.

Rules shared by every indicator: a sheet that is absent from the workbook makes its
indicators "not reported" (None, shown as 未报送), never 0; a present but empty sheet gives 0.
A rate whose denominator is 0 is None too and shown as 不适用 (see `fazhi.indicators.values`).
Rates are fractions (0.961), shown as percentages by `fazhi.fmt`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..workbook.schema import (
    PASS_MARK,
    AdviserType,
    Case,
    CaseResult,
    CaseType,
    Decision,
    Dispute,
    Enforcement,
    EnforcementType,
    Exam,
    Info,
    MediationResult,
    Meeting,
    MeetingType,
    Petition,
    PetitionStatus,
    Publicity,
    PublicityOccasion,
    Review,
    ReviewConclusion,
    ReviewType,
    ServedParty,
    Study,
    StudyForm,
)
from ..workbook.schema import Adviser as AdviserSheet
from .measures import Answered, AtLeast, Distinct, InfoField, Is, Measure, Quarters, Ratio, Rows, Sum, Yes, where

if TYPE_CHECKING:
    from ..workbook import Records

IndicatorKind = Literal["count", "rate", "amount"]


@dataclass(frozen=True)
class Indicator:
    """One figure: Chinese name (also its placeholder), meaning, unit, source sheet, formula.

    `kind` says how it changes year over year: counts and amounts by a percentage of last
    year's value, rates (unit "%", value a fraction) by percentage points.
    """

    key: str
    meaning: str
    unit: str
    sheet: str
    formula: str
    kind: IndicatorKind
    compute: Callable[[Records], int | float | None]


def count(key: str, meaning: str, unit: str, measure: Measure) -> Indicator:
    """A count (rows, distinct values, quarters or a sum of counts) from one sheet."""
    return Indicator(key, meaning, unit, measure.sheet, measure.describe(), "count", measure)  # type: ignore[attr-defined]


def rate(key: str, meaning: str, numerator: Indicator | Measure, denominator: Indicator | Measure) -> Indicator:
    """A share numerator ÷ denominator; parts that are indicators are named in the formula."""

    def part(x: Indicator | Measure) -> tuple[Measure, str]:
        return (x.compute, x.key) if isinstance(x, Indicator) else (x, "")  # type: ignore[return-value]

    (top, top_name), (bottom, bottom_name) = part(numerator), part(denominator)
    measure = Ratio(top, bottom, top_name, bottom_name)
    return Indicator(key, meaning, "%", measure.sheet, measure.describe(), "rate", measure)


def _meetings() -> tuple[Indicator, ...]:
    on_law = Yes(Meeting.ON_RULE_OF_LAW)
    return (
        count("党委会研究法治建设次数", "党委会专题研究法治建设工作的次数", "次",
              Rows(Meeting.SHEET, where(Is(Meeting.TYPE, MeetingType.PARTY), on_law))),
        count("政府常务会议研究法治建设次数", "政府常务会议研究法治建设工作的次数", "次",
              Rows(Meeting.SHEET, where(Is(Meeting.TYPE, MeetingType.GOVERNMENT), on_law))),
        count("专题会议研究法治建设次数", "专题会议研究法治建设工作的次数", "次",
              Rows(Meeting.SHEET, where(Is(Meeting.TYPE, MeetingType.SPECIAL), on_law))),
        count("会议研究法治建设次数", "各类会议研究法治建设工作的总次数", "次", Rows(Meeting.SHEET, on_law)),
    )


def _study() -> tuple[Indicator, ...]:
    def form(name: str, value: str) -> Indicator:
        return count(f"{name}次数", f"以{name}形式开展学法的次数", "次", Rows(Study.SHEET, Is(Study.FORM, value)))

    return (
        count("学法活动次数", "各种形式学法活动的总次数", "次", Rows(Study.SHEET)),
        form("中心组学法", StudyForm.CENTRAL_GROUP),
        form("会前学法", StudyForm.PRE_MEETING),
        form("集中学法", StudyForm.COLLECTIVE),
        form("专题讲座", StudyForm.LECTURE),
        form("线上学法", StudyForm.ONLINE),
        count("学法参加人次", "各次学法活动参加人数合计", "人次", Sum(Study.SHEET, Study.ATTENDANCE)),
        count("学法覆盖季度数", "开展了党委（中心组）学法或会前学法的季度个数，每季度至少1次时为4", "个",
              Quarters(Study.SHEET, Study.DATE,
                       Is(Study.FORM, (StudyForm.CENTRAL_GROUP, StudyForm.PRE_MEETING)))),
    )


def _exam() -> tuple[Indicator, ...]:
    took = Yes(Exam.TOOK_EXAM)
    required = count("学法考试应考人数", "应参加年度学法考试的人数", "人", Rows(Exam.SHEET))
    sat = count("学法考试参考人数", "实际参加年度学法考试的人数", "人", Rows(Exam.SHEET, took))
    completed = count("学习完成人数", "完成年度学法学习任务的人数", "人", Rows(Exam.SHEET, Yes(Exam.COMPLETED)))
    passed = count("学法考试合格人数", f"参考且成绩不低于{PASS_MARK}分的人数", "人",
                   Rows(Exam.SHEET, where(took, AtLeast(Exam.SCORE, PASS_MARK))))
    return (
        required, sat, rate("学法考试参考率", "参考人数占应考人数的比例", sat, required),
        completed, rate("学习完成率", "完成学习人数占应考人数的比例", completed, required),
        passed, rate("学法考试合格率", "合格人数占参考人数的比例", passed, sat),
    )


def _publicity() -> tuple[Indicator, ...]:
    return (
        count("普法宣传场次", "普法宣传活动场次", "场", Rows(Publicity.SHEET)),
        count("普法受众人次", "普法宣传活动受众人次合计", "人次", Sum(Publicity.SHEET, Publicity.AUDIENCE)),
        count("普法发放资料份数", "普法宣传发放资料份数合计", "份", Sum(Publicity.SHEET, Publicity.MATERIALS)),
        count("普法节点数", "开展了宣传活动的普法节点个数（不计“其他”）", "个",
              Distinct(Publicity.SHEET, Publicity.OCCASION,
                       Is(Publicity.OCCASION, PublicityOccasion.OTHER, negate=True))),
    )


VILLAGES = count("行政村（社区）数", "辖区行政村（社区）个数", "个", InfoField(Info.VILLAGES, lambda info: info.villages))


def _advisers() -> tuple[Indicator, ...]:
    covered = count("村居法律顾问覆盖村数", "聘有法律顾问的村（社区）个数", "个",
                    Distinct(AdviserSheet.SHEET, AdviserSheet.CLIENT,
                             Is(AdviserSheet.CLIENT_KIND, ServedParty.VILLAGE)))
    return (
        count("法律顾问签约数", "政府和村（社区）法律顾问聘用协议份数", "份", Rows(AdviserSheet.SHEET)),
        count("政府法律顾问数", "为本级政府聘请的法律顾问人数（一份协议计一人）", "人",
              Rows(AdviserSheet.SHEET, Is(AdviserSheet.CLIENT_KIND, ServedParty.GOVERNMENT))),
        count("政府律师法律顾问数", "本级政府法律顾问中执业律师的人数", "人",
              Rows(AdviserSheet.SHEET, where(Is(AdviserSheet.CLIENT_KIND, ServedParty.GOVERNMENT),
                                             Is(AdviserSheet.TYPE, AdviserType.LAWYER)))),
        covered,
        rate("村居法律顾问覆盖率", "聘有法律顾问的村（社区）占辖区村（社区）的比例", covered, VILLAGES),
        count("法律顾问咨询次数", "法律顾问本年度提供法律咨询次数合计", "次",
              Sum(AdviserSheet.SHEET, AdviserSheet.CONSULTATIONS)),
        count("法律顾问审查合同数", "法律顾问本年度审查合同份数合计", "份",
              Sum(AdviserSheet.SHEET, AdviserSheet.CONTRACTS)),
        count("修订村规民约数", "法律顾问帮助修订村规民约份数合计", "份",
              Sum(AdviserSheet.SHEET, AdviserSheet.VILLAGE_RULES)),
    )


def _decisions() -> tuple[Indicator, ...]:
    total = count("重大行政决策数", "作出的重大行政决策件数", "件", Rows(Decision.SHEET))
    reviewed = count("重大行政决策合法性审查数", "经过合法性审查的重大行政决策件数", "件",
                     Rows(Decision.SHEET, Yes(Decision.LEGALITY_REVIEW)))
    return (
        total, reviewed,
        rate("重大行政决策合法性审查率", "经合法性审查的决策占全部重大行政决策的比例", reviewed, total),
        rate("重大行政决策集体讨论率", "经集体讨论决定的决策占全部重大行政决策的比例",
             Rows(Decision.SHEET, Yes(Decision.COLLECTIVE)), total),
        rate("重大行政决策公众参与率", "开展公众参与或专家论证的决策占全部重大行政决策的比例",
             Rows(Decision.SHEET, Yes(Decision.PARTICIPATION)), total),
        rate("重大行政决策风险评估率", "开展风险评估的决策占全部重大行政决策的比例",
             Rows(Decision.SHEET, Yes(Decision.RISK)), total),
    )


def _reviews() -> tuple[Indicator, ...]:
    def of_type(name: str, value: str) -> Indicator:
        return count(f"{name}合法性审查件数", f"经合法性审查的{name}件数", "件",
                     Rows(Review.SHEET, Is(Review.TYPE, value)))

    return (
        count("合法性审查件数", "合同、规范性文件、行政协议等合法性审查的总件数", "件", Rows(Review.SHEET)),
        of_type("合同", ReviewType.CONTRACT),
        of_type("规范性文件", ReviewType.NORMATIVE),
        of_type("行政协议", ReviewType.AGREEMENT),
        of_type("其他事项", ReviewType.OTHER),
        count("合法性审查提出意见件数", "审查后提出修改意见或认定不合法的件数", "件",
              Rows(Review.SHEET, Is(Review.CONCLUSION,
                                    (ReviewConclusion.LAWFUL_AFTER_CHANGES, ReviewConclusion.UNLAWFUL)))),
    )


def _disputes() -> tuple[Indicator, ...]:
    closed = count("矛盾纠纷调结数", "调解已有结果（成功或未成功）的矛盾纠纷件数", "件",
                   Rows(Dispute.SHEET, Is(Dispute.RESULT, MediationResult.CLOSED)))
    success = count("调解成功数", "调解成功的矛盾纠纷件数", "件",
                    Rows(Dispute.SHEET, Is(Dispute.RESULT, MediationResult.SUCCESS)))
    return (
        count("矛盾纠纷受理数", "受理（排查发现）的矛盾纠纷件数", "件", Rows(Dispute.SHEET)),
        closed, success,
        rate("调解成功率", "调解成功件数占已调结件数的比例（正在调解的不计）", success, closed),
        count("正在调解数", "年底仍在调解中的矛盾纠纷件数", "件",
              Rows(Dispute.SHEET, Is(Dispute.RESULT, MediationResult.ONGOING))),
    )


def _petitions() -> tuple[Indicator, ...]:
    received = count("信访受理数", "受理的信访事项件数", "件", Rows(Petition.SHEET))
    closed = count("信访办结数", "已办结的信访事项件数", "件",
                   Rows(Petition.SHEET, Is(Petition.STATUS, PetitionStatus.CLOSED)))
    on_time = count("信访按期办结数", "在法定期限内办结的信访事项件数", "件",
                    Rows(Petition.SHEET, where(Is(Petition.STATUS, PetitionStatus.CLOSED), Yes(Petition.ON_TIME))))
    return (
        received, closed, rate("信访办结率", "已办结件数占受理件数的比例", closed, received),
        on_time, rate("信访按期办结率", "按期办结件数占已办结件数的比例（已办结而未填是否按期办结的，计入分母、不计入分子）",
                      on_time, closed),
    )


def _enforcement() -> tuple[Indicator, ...]:
    total = count("行政执法案件数", "行政检查、处罚、强制、许可的总件数", "件", Rows(Enforcement.SHEET))

    def of_type(value: str) -> Indicator:
        return count(f"行政{value}数", f"行政{value}件数", "件", Rows(Enforcement.SHEET, Is(Enforcement.TYPE, value)))

    def answered_share(key: str, meaning: str, column: str, scope: tuple[Is, ...] = ()) -> Indicator:
        return rate(key, meaning, Rows(Enforcement.SHEET, where(*scope, Yes(column))),
                    Rows(Enforcement.SHEET, where(*scope, Answered(column))))

    decisions = Is(Enforcement.TYPE, EnforcementType.NEEDS_LEGAL_REVIEW)
    return (
        total, *(of_type(t) for t in EnforcementType.ALL),
        rate("执法人员持证率", "执法人员全部持证的案件占全部执法案件的比例",
             Rows(Enforcement.SHEET, Yes(Enforcement.CERTIFIED)), total),
        answered_share("执法公示率", "按规定公示执法信息的案件占已填写该项案件的比例", Enforcement.PUBLICISED),
        answered_share("全过程记录率", "全过程记录的案件占已填写该项案件的比例", Enforcement.RECORDED),
        answered_share("法制审核率", "经法制审核的处罚、强制决定占已填写该项的处罚、强制决定的比例",
                       Enforcement.LEGAL_REVIEW, (decisions,)),
    )


def _cases() -> tuple[Indicator, ...]:
    concluded = count("复议诉讼结案数", "已审结（含调解、撤回、终止）的复议诉讼案件数", "件",
                      Rows(Case.SHEET, Is(Case.RESULT, CaseResult.CONCLUDED)))
    lost = count("败诉数", "被撤销、变更、确认违法或责令履行（败诉、被纠错）的案件数", "件",
                 Rows(Case.SHEET, Is(Case.RESULT, CaseResult.LOST)))
    litigation = Is(Case.TYPE, CaseType.LITIGATION)
    return (
        count("复议诉讼案件数", "本级政府作为被申请人、被告的复议和诉讼案件数", "件", Rows(Case.SHEET)),
        count("行政复议案件数", "行政复议案件数", "件", Rows(Case.SHEET, Is(Case.TYPE, CaseType.RECONSIDERATION))),
        count("行政诉讼案件数", "行政诉讼案件数", "件", Rows(Case.SHEET, litigation)),
        concluded, lost,
        rate("败诉率", "败诉（被纠错）案件占已审结案件的比例", lost, concluded),
        rate("调撤率", "以调解或撤回结案的案件占已审结案件的比例",
             Rows(Case.SHEET, Is(Case.RESULT, CaseResult.SETTLED)), concluded),
        rate("负责人出庭应诉率", "负责人出庭应诉的行政诉讼案件占已填写该项的行政诉讼案件的比例",
             Rows(Case.SHEET, where(litigation, Yes(Case.HEAD_APPEARED))),
             Rows(Case.SHEET, where(litigation, Answered(Case.HEAD_APPEARED)))),
    )


CATALOGUE: tuple[Indicator, ...] = (
    VILLAGES, *_meetings(), *_study(), *_exam(), *_publicity(), *_advisers(), *_decisions(), *_reviews(),
    *_disputes(), *_petitions(), *_enforcement(), *_cases(),
)


def catalogue_markdown(catalogue: tuple[Indicator, ...] = CATALOGUE) -> str:
    """docs/indicators.md: every indicator's name, meaning, unit, source sheet and formula."""
    lines = [
        "# Indicators (指标)",
        "",
        "Generated from `fazhi/indicators/catalogue.py` by `fazhi.indicators.catalogue_markdown()`;",
        "do not edit by hand (a test compares this file with the generated text).",
        "",
        "- The name is also the narrative placeholder: `{{ 调解成功率 }}` prints `96.1%`.",
        "- A sheet that is absent from the workbook makes its indicators **未报送** (never 0);",
        "  a present but empty sheet gives 0.",
        "- A rate whose denominator is 0 is **不适用** (nothing to take a share of).",
        "- Rates are shown with one decimal; year-over-year they change by percentage points,",
        "  counts by a percentage of last year's value (`fazhi/fmt.py`). A rate's change is taken",
        "  between the two rates as shown (96.3% against 96.4% is 下降0.1个百分点, never 持平).",
        "- A year without a value gives the change text —, 上年未报送 / 上年不适用, 本年未报送 /",
        "  本年不适用, or in the district summary 上年部分乡镇未报送; a value not reported is no bar",
        "  in a chart, never 0. The other rules that decide visible text (the 主要指标 rows, ties",
        "  named with 并列, 低于全区水平 on shown rates, 比上年下降超过20%) are in docs/figures.md.",
        "- An optional 是/否 column (执法公示, 全过程记录, 法制审核, 负责人出庭) is a share of the rows",
        "  where it is filled in.",
    ]
    sheets = list(dict.fromkeys(i.sheet for i in catalogue))
    for sheet in sheets:
        lines += ["", f"## {sheet}", "", "| 指标 | 含义 | 单位 | 计算公式 |", "|---|---|---|---|"]
        for i in catalogue:
            if i.sheet == sheet:
                cells = (i.key, i.meaning, i.unit, i.formula)
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
