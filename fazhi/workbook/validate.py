"""Validate one sheet's columns against the schema and build its typed DataFrame.

Every check works on whole columns (boolean masks), then turns the masked rows into located
`Issue`s through `sheet_context.cell_issues`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import Issue, Reason
from . import sheet_rules
from .cell_marks import BROKEN_KINDS, BROKEN_REASONS, Broken
from .cells import Parsed, fold, looks_like_name, parse_column
from .column_text import expected_text
from .names import names_in
from .schema import Column, Sheet
from .sheet_context import MAX_PER_PROBLEM, SheetContext, cell_issues

# Longest text a cell may hold: 基本信息 (names of offices, printed in the title and the
# signature) and any other sheet's text column. Real values are a tenth of these.
MAX_INFO_TEXT = 200
MAX_TEXT = 2000
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
_TOTAL_WORDS = {"合计", "总计", "小计", "总数"}

# Final dtypes: required columns cannot be missing after a clean load, optional ones can.
_DTYPES = {
    ("int", True): "int64", ("int", False): "Int64",
    ("bool", True): "bool", ("bool", False): "boolean",
    ("float", True): "float64", ("float", False): "float64",
}


def header_issues(ctx: SheetContext, header: pd.Series, body: pd.DataFrame, mapping: dict[int, str],
                  header_row: int) -> list[Issue]:
    """Notes for ignored columns, errors for duplicated or missing required columns."""
    out = []
    seen: dict[str, int] = {}
    for j, name in mapping.items():
        if name in seen:
            out.append(Issue(ctx.file, f"有两列都是「{name}」，无法确定用哪一列", "error", ctx.spec.name,
                             header_row, name, expected="每列只出现一次", reason=Reason.COLUMN_DUPLICATE))
        seen.setdefault(name, j)
    ignored: list[tuple[str, Reason]] = []
    for j, label in enumerate(header):
        if j in mapping:
            continue
        if isinstance(label, str) and label.strip():
            ignored.append((f"多余的列「{label.strip()}」不属于本表，已忽略", Reason.COLUMN_EXTRA))
        elif j < body.shape[1] and body.iloc[:, j].notna().any():
            ignored.append((f"第{j + 1}列没有表头，其内容已忽略", Reason.COLUMN_UNNAMED))
    out += [Issue(ctx.file, text, "note", ctx.spec.name, header_row, reason=reason) for text, reason in ignored[:MAX_PER_PROBLEM]]
    if len(ignored) > MAX_PER_PROBLEM:  # thousands of stray columns make one line, not thousands
        out.append(Issue(ctx.file, f"另有 {len(ignored) - MAX_PER_PROBLEM} 个多余的列已忽略，未逐一列出", "note",
                         ctx.spec.name, header_row, reason=Reason.COLUMN_EXTRA))
    for col in ctx.spec.columns:
        if col.required and col.name not in mapping.values():
            out.append(Issue(ctx.file, f"缺少必填列「{col.name}」", "error", ctx.spec.name, header_row,
                             col.name, expected=f"表头行中有「{col.name}」列：{col.description}",
                             reason=Reason.COLUMN_MISSING))
    return out


def validate_sheet(ctx: SheetContext, columns: dict[str, pd.Series], index: pd.Index,
                   issues: list[Issue]) -> pd.DataFrame:
    """The sheet's typed DataFrame (personal columns dropped); its problems go to `issues`."""
    empty = pd.Series([None] * len(index), index=index, dtype=object)
    raws = {c.name: columns.get(c.name, empty) for c in ctx.spec.columns}
    parsed = {c.name: parse_column(c, raws[c.name]) for c in ctx.spec.columns}
    keep = ~pd.concat([p.blank for p in parsed.values()], axis=1).all(axis=1)
    issues.extend(_skipped_broken_rows(ctx, parsed, keep))
    raws, parsed = _rows(raws, parsed, keep)

    totals = _total_rows(raws, parsed)  # {row: column holding the word}
    if totals:
        index = raws[ctx.spec.columns[0].name].index
        for column in dict.fromkeys(totals.values()):
            rows = pd.Series([totals.get(r) == column for r in index], index=index)
            issues.extend(cell_issues(ctx, ctx.spec.column(column), rows, "合计行不是记录，已忽略（报告会自动统计）",
                                      reason=Reason.TOTAL_ROW,
                                      raw=raws[column], severity="warning"))
        raws, parsed = _rows(raws, parsed, ~index.isin(list(totals)))

    for col in ctx.spec.columns:
        p, raw = parsed[col.name], raws[col.name]
        issues.extend(cell_issues(ctx, col, p.invalid, "无法识别的值", reason=Reason.VALUE_INVALID, raw=raw,
                                  expected=expected_text(col)))
        issues.extend(_broken_issues(ctx, col, p, raw))
        if col.required and col.name in columns:
            issues.extend(cell_issues(ctx, col, p.blank & ~p.broken, "必填项为空", reason=Reason.VALUE_REQUIRED,
                                      expected=expected_text(col)))
        issues.extend(_range_issues(ctx, col, p, raw))
        if col.kind == "text" and not col.personal:
            issues.extend(_text_issues(ctx, col, p.values))
        if col.published:
            issues.extend(_published_name_issues(ctx, col, p.values))
        if col.unique:
            issues.extend(_name_like_issues(ctx, col, p.values))
            issues.extend(_duplicate_issues(ctx, col, p.values, raw))
    frame = pd.DataFrame({name: p.values for name, p in parsed.items()}, index=raws[ctx.spec.columns[0].name].index)
    issues.extend(sheet_rules.ordered(ctx, frame))
    issues.extend(sheet_rules.row_rules(ctx, frame))
    return _final(ctx.spec, frame)


def _rows(raws: dict[str, pd.Series], parsed: dict[str, Parsed],
          keep: pd.Series | np.ndarray) -> tuple[dict[str, pd.Series], dict[str, Parsed]]:
    """Raw and parsed columns restricted to the rows where `keep` is True."""
    if bool(np.all(keep)):  # nothing to leave out (the usual sheet): no copies
        return raws, parsed
    return ({k: v[keep] for k, v in raws.items()},
            {k: Parsed(p.values[keep], p.blank[keep], p.invalid[keep], p.broken[keep]) for k, p in parsed.items()})


def _broken_issues(ctx: SheetContext, col: Column, p: Parsed, raw: pd.Series) -> list[Issue]:
    """Error values, formulas without a value and merged cells: each kind located, with its
    own message (never "必填项为空": the cell is not empty, it cannot be read). Errors, except
    in a personal column: it is dropped at load, so no figure depends on it."""
    if not p.broken.any():
        return []
    kinds = raw[p.broken].map(lambda cell: cell.kind)
    out = []
    for kind in BROKEN_KINDS:
        rows = p.broken & raw.index.isin(kinds.index[kinds == kind])
        out += cell_issues(ctx, col, rows, lambda r: raw.loc[r].message(r), reason=BROKEN_REASONS[kind],
                           raw=raw[rows].map(Broken.shown),
                           expected=expected_text(col), severity="warning" if col.personal else "error")
    return out


def _skipped_broken_rows(ctx: SheetContext, parsed: dict[str, Parsed], keep: pd.Series) -> list[Issue]:
    """One warning for rows skipped as empty although they hold error values or merged cells:
    often formulas dragged below a table, but they may be records whose values broke."""
    skipped = ~keep & pd.concat([p.broken for p in parsed.values()], axis=1).any(axis=1)
    if not skipped.any():
        return []
    rows = skipped[skipped].index
    return [Issue(ctx.file, f"第{rows[0]}行等 {len(rows)} 行只有 Excel 错误值或合并单元格，已按空行跳过",
                  "warning", ctx.spec.name, int(rows[0]), reason=Reason.ROWS_SKIPPED,
                  expected="如这些行应有记录，请改正公式或取消合并后逐行填写；否则请删除这些行")]


def _name_like_issues(ctx: SheetContext, col: Column, values: pd.Series) -> list[Issue]:
    """An ID that looks like a person's name: a warning that never repeats the name."""
    filled = values.dropna()
    short = filled[filled.str.len() <= 6]
    rows = pd.Series(False, index=values.index)
    rows[short.index[[looks_like_name(v) for v in short]]] = True
    return cell_issues(ctx, col, rows, f"「{col.name}」只有汉字，像是人名：请改填编号，不要填写姓名",
                       reason=Reason.VALUE_LOOKS_LIKE_NAME, expected=f"编号，如 {col.example}", severity="warning")


def _text_issues(ctx: SheetContext, col: Column, values: pd.Series) -> list[Issue]:
    """Text the report cannot print: control characters (Excel writes NUL as _x0000_; pandoc and
    Typst refuse it), and text far longer than the column can mean (基本信息 is printed in the
    title, the signature and the PDF's properties)."""
    filled = values.dropna().astype(str)
    limit = MAX_INFO_TEXT if ctx.spec.single_row else MAX_TEXT
    if not re.search(_CONTROL, "".join(filled)) and all(len(v) <= limit for v in filled):
        return []  # one look at the whole column first: a clean column costs no per-row work
    control = pd.Series(False, index=values.index)
    control[filled.index] = filled.str.contains(_CONTROL, regex=True)
    long = pd.Series(False, index=values.index)
    long[filled.index] = filled.str.len() > limit
    return [
        *cell_issues(ctx, col, control, "含有不可见的控制字符（如 Excel 的 _x0000_），报告无法排印",
                     reason=Reason.TEXT_CONTROL_CHARACTER,
                     expected="删去该单元格中的不可见字符（可重新输入该单元格）"),
        *cell_issues(ctx, col, long, f"文字超过 {limit} 字，不像是本列的内容", reason=Reason.TEXT_CELL_TOO_LONG,
                     expected=f"不超过 {limit} 字的{col.name}"),
    ]


def _published_name_issues(ctx: SheetContext, col: Column, values: pd.Series) -> list[Issue]:
    """Free text printed verbatim that looks like it holds a person's name: a warning that never
    repeats the text."""
    filled = values.dropna().astype(str)
    rows = pd.Series(False, index=values.index)
    rows[filled.index[[names_in(v) for v in filled]]] = True
    return cell_issues(ctx, col, rows, f"「{col.name}」原样印在报告中，其中像是有人名：报告不应公开个人姓名，"
                       "请改写（如“某村民”）",
                       reason=Reason.NAME_IN_PUBLISHED_TEXT, expected=f"不含个人姓名的{col.name}", severity="warning")


def _total_rows(raws: dict[str, pd.Series], parsed: dict[str, Parsed]) -> dict[int, str]:
    """Rows holding 合计/总计 in some cell — a summary line users add under a table — mapped to
    the column where the word is. Only rows already blank or invalid somewhere are looked at:
    a totals line always is (no 编号, no date)."""
    suspect = pd.concat([p.blank | p.invalid for p in parsed.values()], axis=1).any(axis=1)
    found: dict[int, str] = {}
    rows = suspect.index[suspect.to_numpy()].tolist()
    for name, raw in raws.items():
        cells = raw.loc[rows].tolist() if rows else []  # plain values: a Series.map costs ~1 ms a column
        hits = [r for r, v in zip(rows, cells, strict=True) if r not in found and isinstance(v, str) and fold(v) in _TOTAL_WORDS]
        found |= dict.fromkeys(hits, name)
    return found


def _range_issues(ctx: SheetContext, col: Column, p: Parsed, raw: pd.Series) -> list[Issue]:
    out: list[Issue] = []
    values = p.values
    if col.kind in ("int", "float"):
        if col.minimum is not None:
            low = (values < col.minimum).fillna(False).astype(bool)
            what = "不能为负数" if col.minimum == 0 else f"不能小于 {col.minimum:g}"
            out += cell_issues(ctx, col, low, what, reason=Reason.VALUE_OUT_OF_RANGE, raw=raw,
                               expected=f"不小于 {col.minimum:g} 的数")
        if col.maximum is not None:
            high = (values > col.maximum).fillna(False).astype(bool)
            out += cell_issues(ctx, col, high, f"不能大于 {col.maximum:g}", reason=Reason.VALUE_OUT_OF_RANGE, raw=raw,
                               expected=f"不大于 {col.maximum:g} 的数")
    if col.kind == "date" and ctx.year is not None:
        out += _year_issues(ctx, col, values, raw)
    return out


def _year_issues(ctx: SheetContext, col: Column, values: pd.Series, raw: pd.Series) -> list[Issue]:
    y = ctx.year
    if y is None:
        return []
    years = values.dt.year
    if col.year_rule == "inside":
        return cell_issues(ctx, col, (years != y) & values.notna(), f"日期不在报告年度 {y} 年内",
                           reason=Reason.DATE_OUT_OF_YEAR, raw=raw, expected=f"{y}-01-01 至 {y}-12-31 之间的日期")
    if col.year_rule == "start":
        return cell_issues(ctx, col, (years > y) & values.notna(), f"{col.name}晚于报告年度 {y} 年",
                           reason=Reason.DATE_OUT_OF_YEAR, raw=raw, expected=f"不晚于 {y}-12-31")
    if col.year_rule == "end":
        return cell_issues(ctx, col, (years < y) & values.notna(), f"{col.name}早于报告年度 {y} 年",
                           reason=Reason.DATE_OUT_OF_YEAR, raw=raw, expected=f"不早于 {y}-01-01")
    if col.year_rule == "next":  # signed late in the year is possible; any other year is a typo
        return [
            *cell_issues(ctx, col, (years == y) & values.notna(), f"成文日期通常在 {y + 1} 年初，请核对",
                         reason=Reason.DATE_UNUSUAL, raw=raw, expected=f"{y + 1} 年的日期", severity="warning"),
            *cell_issues(ctx, col, ~years.isin([y, y + 1]) & values.notna(), f"成文日期不在报告年度 {y} 年或次年",
                         reason=Reason.DATE_OUT_OF_YEAR, raw=raw,
                         expected=f"{y}-01-01 至 {y + 1}-12-31 之间的日期，通常为 {y + 1} 年初"),
        ]
    return []


def _duplicate_issues(ctx: SheetContext, col: Column, values: pd.Series, raw: pd.Series) -> list[Issue]:
    filled = values.notna()
    dup = values.duplicated(keep="first") & filled
    if not dup.any():
        return []
    first_row = {v: r for r, v in values[filled & ~dup].items()}
    return cell_issues(ctx, col, dup, lambda r: f"「{col.name}」重复：与第{first_row[values.loc[r]]}行相同",
                       reason=Reason.VALUE_DUPLICATE, raw=raw, expected="本表内唯一的值")


def _final(spec: Sheet, frame: pd.DataFrame) -> pd.DataFrame:
    """Schema columns in order, personal ones dropped, each in its documented dtype."""
    out = {}
    for col in spec.columns:
        if col.personal:
            continue
        series = frame[col.name]
        dtype = _DTYPES.get((col.kind, col.required))
        if dtype and not (dtype in ("int64", "bool") and series.isna().any()):
            series = series.astype(dtype)
        out[col.name] = series
    return pd.DataFrame(out, index=frame.index)
