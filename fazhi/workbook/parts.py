"""The document's own parts, set per township and year in the 基本信息 sheet.

One place for everything about the document itself rather than its content: the title, the
主送机关, the 发文字号, the 落款 (issuer, date, sealed or not) and which of fazhi's tables and
charts stay out of it. The columns are declared with the rest of 基本信息 in `schema` (so the
blank workbook, the loader and docs/data.md know them); this module reads and checks the
optional ones. Every format (HTML, PDF, DOCX) takes them from here.

    标题       empty: 湟中区土门关乡2024年法治政府建设情况报告; or the office's own wording,
               e.g. 土门关乡人民政府关于2024年度法治政府建设情况的报告 (a year in it must be 年度)
    发文字号   empty: none; e.g. 土政〔2025〕3号, set centred above the title
    加盖印章   是 (default): 落款 for a sealed report (GB/T 9704 7.3.5.1); 否: without a seal (7.3.5.2)
    不列图表   names of tables or charts left out, separated by 、, e.g. 主要指标、调解结果
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..errors import Issue, Reason, Severity
from ..project import REPORT_NAME
from ..registry import did_you_mean
from .schema import Info

_SEPARATORS = re.compile(r"[、，,；;\s]+")
_DOC_NUMBER = re.compile(r"^\S+〔(\d{4})〕([1-9]\d*)号$")


@dataclass(frozen=True)
class DocumentParts:
    """What 基本信息 says about the document itself (beyond county, township, issuer, date)."""

    title: str | None = None  # 标题; None: `default_title`
    doc_number: str | None = None  # 发文字号
    sealed: bool = True  # 加盖印章
    omitted: tuple[str, ...] = ()  # 不列图表: table and chart keys left out

    def title_for(self, county: str, township: str, year: int) -> str:
        return self.title or default_title(county, township, year)


def default_title(county: str, township: str, year: int) -> str:
    """湟中区土门关乡2024年法治政府建设情况报告."""
    return f"{county}{township}{year}年{REPORT_NAME}"


def element_names() -> list[str]:
    """Every table and chart key a report can place (the names 不列图表 may list)."""
    from ..charts import CHARTS
    from ..tables import TABLES

    return [*TABLES, *CHARTS]


def read_parts(file: str, row: pd.Series, at: int, year: int | None, issues: list[Issue]) -> DocumentParts:
    """The optional parts of one 基本信息 row, appending located issues for bad values."""

    def value(column: str) -> str | None:
        cell = row.get(column)
        return None if cell is None or pd.isna(cell) or not str(cell).strip() else str(cell).strip()

    def issue(reason: Reason, column: str, message: str, given: str | None, expected: str,
              severity: Severity = "error") -> None:
        issues.append(Issue(file, message, severity, Info.SHEET, at, column, given, expected, reason=reason))

    if value(Info.RECIPIENT) is None:  # shown by `fazhi check` and after a render
        issue(Reason.RECIPIENT_MISSING, Info.RECIPIENT, "未填主送机关，报告将不写主送行", None,
              "填写报送的上级机关，如 中共湟中区委全面依法治区委员会办公室", "warning")

    title = value(Info.TITLE)
    if title is not None and year is not None:
        for other in sorted(set(re.findall(r"(?<!\d)(\d{4})(?=\s*年)", title)) - {str(year)}):
            issue(Reason.TITLE_YEAR, Info.TITLE, f"标题中的年份 {other} 与年度 {year} 不一致", title,
                  f"写 {year} 年度的标题，或清空此格使用默认标题")
    number = value(Info.DOC_NUMBER)
    if number is not None:
        found = _DOC_NUMBER.match(number)
        if found is None:
            issue(Reason.DOC_NUMBER_FORM, Info.DOC_NUMBER, "发文字号的写法不合 GB/T 9704", number,
                  "机关代字〔年份〕序号号，如 土政〔2025〕3号：年份用六角括号〔〕，序号不加“第”字、不编虚位", "warning")
        elif year is not None and int(found[1]) not in (year, year + 1):
            issue(Reason.DOC_NUMBER_FORM, Info.DOC_NUMBER, f"发文字号中的年份 {found[1]} 既不是年度 {year} 也不是次年", number,
                  f"通常为成文日期所在年份，如 〔{year + 1}〕", "warning")
    sealed = row.get(Info.SEALED)
    omitted = _omitted(value(Info.OMITTED), issue)
    return DocumentParts(
        title=title, doc_number=number, sealed=True if sealed is None or pd.isna(sealed) else bool(sealed), omitted=omitted,
    )


def _omitted(text: str | None, issue: Callable[[Reason, str, str, str | None, str], None]) -> tuple[str, ...]:
    if text is None:
        return ()
    names = [n for n in _SEPARATORS.split(text) if n]
    known = element_names()
    for name in names:
        if name not in known:
            issue(Reason.ELEMENT_UNKNOWN, Info.OMITTED, f"没有名为「{name}」的图表或表格", name,
                  f"{did_you_mean(name, known)}可写的名称：{'、'.join(known)}（fazhi indicators 也列出它们）")
    return tuple(dict.fromkeys(n for n in names if n in known))



__all__ = ["DocumentParts", "default_title", "element_names", "read_parts"]
