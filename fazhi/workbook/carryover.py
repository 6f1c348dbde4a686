"""What a new year's blank workbook takes over from the township's previous one.

`fazhi template --township X --year Y` starts from X's workbook of Y−1 when it exists and
loads without errors, and fills in what does not change from one year to the next:

- 基本信息: 区县 (unless --county or fazhi.toml says otherwise), 行政村（社区）数, 发文机关,
  主送机关, 加盖印章, 不列图表, and the 标题 with its year moved on (…关于2024年度… → 2025年度…);
  not the 发文字号 or the 成文日期, which every report has anew;
- 法律顾问: every contract still running in Y (签约结束日期 in Y or later), with its client, type,
  firm and dates; this year's counts (咨询次数 …) are left for the township to fill;
- 学法考试: the staff list (人员编号 and 类别), the results left empty.

People's names are never carried (the loader drops them). `CarryOver.said` says in Chinese
what was carried, for the command to print.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
from openpyxl import Workbook

from .records import Records
from .schema import NO, YES, Adviser, Exam, Info, sheet

ADVISER_CARRIED = (Adviser.CLIENT, Adviser.CLIENT_KIND, Adviser.TYPE, Adviser.FIRM, Adviser.START, Adviser.END)
EXAM_CARRIED = (Exam.STAFF_ID, Exam.CATEGORY)


@dataclass(frozen=True)
class CarryOver:
    """Values for the new workbook: the county, 基本信息 cells by column, and rows by sheet."""

    year: int  # the new workbook's year
    county: str
    info: Mapping[str, object] = field(default_factory=dict)
    rows: Mapping[str, Sequence[Mapping[str, object]]] = field(default_factory=dict)
    said: tuple[str, ...] = ()


def carry_over(previous: Records, year: int) -> CarryOver:
    """What `previous` (the workbook of `year - 1`) hands on to `year`."""
    info = previous.info
    parts = info.parts
    title = re.sub(rf"(?<!\d){info.year}(?=\s*年)", str(year), parts.title) if parts.title else None
    values: dict[str, object] = {
        Info.VILLAGES: info.villages, Info.ISSUER: info.issuer,
        Info.RECIPIENT: info.recipient, Info.SEALED: YES if parts.sealed else NO,
        Info.OMITTED: "、".join(parts.omitted) or None, Info.TITLE: title,
    }
    values = {k: v for k, v in values.items() if v is not None}
    said = ["基本信息：" + "，".join(f"{k} {v}" for k, v in values.items())]
    rows: dict[str, list[dict[str, object]]] = {}
    advisers = previous.sheet(Adviser.SHEET)
    if advisers is not None and len(advisers):
        running = advisers[advisers[Adviser.END] >= pd.Timestamp(year, 1, 1)]
        rows[Adviser.SHEET] = [_row(r, ADVISER_CARRIED) for _, r in running.iterrows()]
        if len(running):
            said.append(f"法律顾问：{len(running)} 份签约期延续到 {year} 年的聘用协议（本年度咨询、审查等次数请重新填写）")
    exam = previous.sheet(Exam.SHEET)
    if exam is not None and len(exam):
        rows[Exam.SHEET] = [_row(r, EXAM_CARRIED) for _, r in exam.iterrows()]
        said.append(f"学法考试：{len(exam)} 名人员的编号和类别（是否参考、成绩等请按本年度填写）")
    return CarryOver(year, info.county, values, {k: v for k, v in rows.items() if v}, tuple(said))


def _row(record: pd.Series, columns: Sequence[str]) -> dict[str, object]:
    def plain(value: object) -> object:
        return value.date() if isinstance(value, pd.Timestamp) else value

    return {c: plain(record[c]) for c in columns if pd.notna(record[c])}


def apply(wb: Workbook, carry: CarryOver) -> None:
    """Write `carry` into a blank workbook (its sheets laid out by `template.blank_workbook`)."""
    from .template import DATE_FORMAT

    info_columns = [c.name for c in sheet(Info.SHEET).columns]
    for name, value in carry.info.items():
        wb[Info.SHEET].cell(2, info_columns.index(name) + 1, value)
    for sheet_name, rows in carry.rows.items():
        ws = wb[sheet_name]
        columns = [c.name for c in sheet(sheet_name).columns]
        for i, row in enumerate(rows, start=2):
            for name, value in row.items():
                cell = ws.cell(i, columns.index(name) + 1, value)
                if isinstance(value, dt.date):
                    cell.number_format = DATE_FORMAT


__all__ = ["CarryOver", "apply", "carry_over"]
