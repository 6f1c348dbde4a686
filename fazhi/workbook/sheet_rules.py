"""Checks that look at more than one cell: 基本信息 against the file, date order, and
consistency warnings between columns of one row.

Each row rule is one declared `RowRule`: the sheet, the column the message points at, a mask
over the typed frame, and the Chinese message. Row rules only warn — the value may be right
and the township knows best — while date order and the file's township/year are errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..errors import Issue, Reason
from .schema import (
    Case,
    CaseResult,
    CaseType,
    Dispute,
    Enforcement,
    EnforcementType,
    Exam,
    Info,
    MediationResult,
    Petition,
    PetitionStatus,
)
from .sheet_context import SheetContext, cell_issues


@dataclass(frozen=True)
class RowRule:
    sheet: str
    column: str
    when: Callable[[pd.DataFrame], pd.Series]
    message: str


ROW_RULES: tuple[RowRule, ...] = (
    RowRule(Dispute.SHEET, Dispute.CLOSED,
            lambda f: f[Dispute.RESULT].isin(MediationResult.CLOSED) & f[Dispute.CLOSED].isna(),
            "调解已结束（成功或未成功），但未填办结日期"),
    RowRule(Dispute.SHEET, Dispute.CLOSED,
            lambda f: (f[Dispute.RESULT] == MediationResult.ONGOING) & f[Dispute.CLOSED].notna(),
            "结果为“正在调解”，却填了办结日期"),
    RowRule(Exam.SHEET, Exam.SCORE,
            lambda f: f[Exam.TOOK_EXAM].eq(False).fillna(False) & f[Exam.SCORE].notna(),
            "未参考人员填了成绩"),
    RowRule(Petition.SHEET, Petition.ON_TIME,
            lambda f: (f[Petition.STATUS] == PetitionStatus.OPEN) & f[Petition.ON_TIME].notna(),
            "办理中的信访事项填了是否按期办结"),
    RowRule(Petition.SHEET, Petition.ON_TIME,
            lambda f: (f[Petition.STATUS] == PetitionStatus.CLOSED) & f[Petition.ON_TIME].isna(),
            "已办结的信访事项未填是否按期办结，将不计入按期办结率"),
    RowRule(Enforcement.SHEET, Enforcement.LEGAL_REVIEW,
            lambda f: f[Enforcement.TYPE].isin(EnforcementType.NEEDS_LEGAL_REVIEW) & f[Enforcement.LEGAL_REVIEW].isna(),
            "处罚、强制决定未填是否经法制审核"),
    RowRule(Case.SHEET, Case.HEAD_APPEARED,
            lambda f: (f[Case.TYPE] == CaseType.LITIGATION) & (f[Case.RESULT] != CaseResult.PENDING)
            & f[Case.HEAD_APPEARED].isna(),
            "已审结的行政诉讼未填负责人是否出庭，将不计入出庭应诉率"),
    RowRule(Case.SHEET, Case.HEAD_APPEARED,
            lambda f: (f[Case.TYPE] == CaseType.RECONSIDERATION) & f[Case.HEAD_APPEARED].notna(),
            "行政复议案件不适用“负责人出庭”，该值不计入出庭应诉率"),
)


def row_rules(ctx: SheetContext, frame: pd.DataFrame) -> list[Issue]:
    """Warnings from the sheet's row rules."""
    out: list[Issue] = []
    for rule in ROW_RULES:
        if rule.sheet == ctx.spec.name and len(frame):
            mask = rule.when(frame).fillna(False).astype(bool)
            out += cell_issues(ctx, ctx.spec.column(rule.column), mask, rule.message, reason=Reason.ROW_INCONSISTENT,
                               raw=frame[rule.column], severity="warning")
    return out


def ordered(ctx: SheetContext, frame: pd.DataFrame) -> list[Issue]:
    """Errors where a later date (办结日期, 签约结束日期) precedes its earlier one."""
    out: list[Issue] = []
    for earlier, later in ctx.spec.ordered:
        bad = (frame[later] < frame[earlier]).fillna(False).astype(bool)
        out += cell_issues(ctx, ctx.spec.column(later), bad, f"{later}早于{earlier}", reason=Reason.DATE_ORDER,
                           raw=frame[later], expected=f"不早于{earlier}的日期")
    return out


def info_matches(file: str, row: pd.Series, at: int, township: str, year: int | None) -> list[Issue]:
    """基本信息 must name the township of the file name and the year of its folder."""
    out = []
    name = row[Info.TOWNSHIP]
    if pd.notna(name) and name != township:
        out.append(Issue(file, "乡镇名称与工作簿文件名不一致", "error", Info.SHEET, at, Info.TOWNSHIP, name,
                         f"{township}（与文件名一致；如文件名有误请改文件名）", reason=Reason.TOWNSHIP_MISMATCH))
    given = row[Info.YEAR]
    if year is not None and pd.notna(given) and int(given) != year:
        out.append(Issue(file, "年度与工作簿所在文件夹的年度不一致", "error", Info.SHEET, at, Info.YEAR,
                         str(given), f"{year}（工作簿应放在 data/<年度>/ 文件夹）", reason=Reason.YEAR_MISMATCH))
    return out
