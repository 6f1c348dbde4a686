"""One exception root for everything fazhi reports to a user, and the located `Issue`.

The CLI catches `FazhiError` only and prints its Chinese message; anything else is a bug
and shows a traceback under `--debug`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

Severity = Literal["error", "warning", "note"]


class Reason(StrEnum):
    """Why an `Issue` was raised, independent of how its Chinese message words it (like
    pandera's `SchemaErrorReason`): tests assert it, `fazhi check` counts by it.

    Each member is a stable snake-case code (tools group by it: never reuse or rename one) and
    a short Chinese label (`fazhi check` counts issues under it). To add a reason, add one line
    in the group of the layer that raises it.
    """

    label: str

    def __new__(cls, code: str, label: str) -> Reason:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member

    # -- the workbook file and its sheets ---------------------------------------------------------
    WORKBOOK_FORMAT = "workbook_format", "不是 .xlsx 工作簿"  # not an .xlsx workbook (.xls, .ods, .et …)
    WORKBOOK_UNREADABLE = "workbook_unreadable", "工作簿无法读取"  # damaged, encrypted, not Excel at all
    WORKBOOK_INVALID = "workbook_invalid", "工作簿有错误"  # it has errors (an earlier year's, left out)
    SHEET_MISSING = "sheet_missing", "缺少工作表"  # a required sheet (基本信息) is not there
    SHEET_DUPLICATE = "sheet_duplicate", "工作表重复"  # two sheets stand for one declared sheet
    SHEET_NOT_READ = "sheet_not_read", "工作表未读取"  # a sheet named like a declared one (2024年矛盾纠纷台账)
    SHEET_IGNORED = "sheet_ignored", "多余的工作表"  # a sheet that is no data sheet at all
    SHEET_EMPTY = "sheet_empty", "工作表没有记录"  # no records: the year counts as zero
    HEADER_NOT_FOUND = "header_not_found", "找不到表头"
    # -- columns -------------------------------------------------------------------------------
    COLUMN_DUPLICATE = "column_duplicate", "列重复"
    COLUMN_EXTRA = "column_extra", "多余的列"  # a column the sheet does not declare (ignored)
    COLUMN_UNNAMED = "column_unnamed", "列没有表头"  # data under an empty header (ignored)
    COLUMN_MISSING = "column_missing", "缺少必填列"  # a required column (or 基本信息 item) is absent
    # -- cells and rows ------------------------------------------------------------------------
    VALUE_INVALID = "value_invalid", "无法识别的值"  # cannot be read as the column's kind or choices
    VALUE_REQUIRED = "value_required", "必填项为空"  # a required cell is blank
    VALUE_OUT_OF_RANGE = "value_out_of_range", "数值超出范围"  # below the minimum or above the maximum
    VALUE_DUPLICATE = "value_duplicate", "编号重复"  # a number that must be unique in its sheet
    VALUE_LOOKS_LIKE_NAME = "value_looks_like_name", "像是人名"  # an ID column holding what looks like a name
    CELL_ERROR_VALUE = "cell_error_value", "Excel 错误值"  # #N/A, #REF! …
    CELL_FORMULA_WITHOUT_VALUE = "cell_formula_without_value", "公式没有计算结果"
    CELL_MERGED = "cell_merged", "合并单元格"  # a covered cell of a merged range
    CELLS_UNLOCATED = "cells_unlocated", "无法定位的单元格"  # broken cells whose row cannot be told
    ROWS_SKIPPED = "rows_skipped", "跳过的行"  # rows holding only broken cells, read as empty
    TOTAL_ROW = "total_row", "合计行"  # a 合计 row typed among the records (ignored)
    DATE_OUT_OF_YEAR = "date_out_of_year", "日期不在报告年度"  # a date outside (or after/before) the report year
    DATE_UNUSUAL = "date_unusual", "成文日期需核对"  # 成文日期 not early in the next year
    DATE_ORDER = "date_order", "日期先后颠倒"  # a later date before its earlier one
    ROW_INCONSISTENT = "row_inconsistent", "同一行前后矛盾"  # two columns of one row disagree (a row rule)
    # -- 基本信息 --------------------------------------------------------------------------------
    INFO_EMPTY = "info_empty", "基本信息未填写"
    INFO_SEVERAL_ROWS = "info_several_rows", "基本信息多于一行"
    TOWNSHIP_MISMATCH = "township_mismatch", "乡镇名称与文件名不一致"  # 乡镇名称 is not the file's name
    YEAR_MISMATCH = "year_mismatch", "年度与文件夹不一致"  # 年度 is not the folder's year
    # -- earlier years -------------------------------------------------------------------------
    EARLIER_YEAR_LEFT_OUT = "earlier_year_left_out", "往年数据从略"  # its workbook has errors or is not .xlsx
    # -- fazhi.toml (project configuration) --------------------------------------------------------
    CONFIG_ENCODING = "config_encoding", "配置文件编码不对"
    CONFIG_SYNTAX = "config_syntax", "配置文件格式错误"
    CONFIG_KEY_MISSING = "config_key_missing", "缺少配置项"
    CONFIG_KEY_UNKNOWN = "config_key_unknown", "无法识别的配置项"
    CONFIG_VALUE_INVALID = "config_value_invalid", "配置项取值无效"
    ROSTER_DUPLICATE = "roster_duplicate", "名单中乡镇重复"
    NOT_IN_ROSTER = "not_in_roster", "不在乡镇名单中"  # a workbook or narrative of a township the roster lacks
    # -- narratives ----------------------------------------------------------------------------
    NARRATIVE_MISSING = "narrative_missing", "找不到叙述稿"
    TEMPLATE_SYNTAX = "template_syntax", "模板语法错误"
    TEMPLATE_TOO_DEEP = "template_too_deep", "嵌套过深"  # conditions or brackets nested too deep
    TEMPLATE_FORBIDDEN = "template_forbidden", "不允许的写法"  # a construct outside the narrative language
    TEMPLATE_FILL_FAILED = "template_fill_failed", "占位符无法填写"  # a placeholder could not be filled in
    TEXT_TOO_LONG = "text_too_long", "文字超过上限"  # the filled-in text passed `MAX_CHARACTERS`
    UNKNOWN_PLACEHOLDER = "unknown_placeholder", "未知的占位符"
    ATTRIBUTE_INVALID = "attribute_invalid", "占位符写法不对"  # .上年 … on something that is no indicator, or unknown
    PLACEMENT_INVALID = "placement_invalid", "图表或表格写法不对"  # 图表/表格 misused: no name, not a call, unknown key
    PLACEMENT_NOT_ALONE = "placement_not_alone", "图表或表格未单独成行"  # not on a line (paragraph) of its own
    HEADING_UNSPACED = "heading_unspaced", "标题缺空格"  # #一、… without the space
    SECTION_UNKNOWN = "section_unknown", "不是规定的部分"  # a level-1 heading that is no mandated section
    SECTION_DUPLICATE = "section_duplicate", "部分重复"
    SECTION_ORDER = "section_order", "部分顺序不对"
    SECTION_MISSING = "section_missing", "缺少规定的部分"
    SECTION_EMPTY = "section_empty", "部分没有内容"
    FENCE_UNCLOSED = "fence_unclosed", "代码块未结束"
    FRONT_MATTER = "front_matter", "YAML 元数据"
    TYPED_YEAR = "typed_year", "手写的年份"  # a year typed where 年度/上年度/下年度 would update itself
    TYPED_FIGURE = "typed_figure", "手写的数字"  # a number typed that is an indicator's value


@dataclass(frozen=True)
class Issue:
    """One problem found in an input file, located as a user would look for it.

    `reason` says what the problem is (the message says it in Chinese, and may change).
    `row` is the row number as Excel shows it (1-based, header rows included); `line` and
    `column` for a text file are 1-based too. Fields that do not apply stay None.
    """

    file: str
    message: str
    severity: Severity = "error"
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    expected: str | None = None
    line: int | None = None
    reason: Reason = field(kw_only=True)

    def location(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"工作表「{self.sheet}」")
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column and self.line is None:
            parts.append(f"「{self.column}」列")
        if self.line is not None:
            parts.append(f"第{self.line}行" + (f"第{self.column}列" if self.column and self.column.isdigit() else ""))
        return "，".join(parts)

    def __str__(self) -> str:
        label = {"error": "错误", "warning": "警告", "note": "提示"}[self.severity]
        text = f"[{label}] {self.location()}：{self.message}"
        if self.value is not None:
            text += f"（现值：{self.value!r}）"
        if self.expected:
            text += f"；应为：{self.expected}"
        return text


class FazhiError(Exception):
    """Root of every error fazhi explains to its user (message in Chinese)."""


class InputError(FazhiError):
    """An input is missing or unusable: unknown township, missing workbook, bad option."""


class ValidationFailed(FazhiError):
    """Validation found errors; `issues` holds all of them (warnings included)."""

    def __init__(self, issues: list[Issue]):
        self.issues = list(dict.fromkeys(issues))  # one problem found by two checks is one problem
        errors = [i for i in self.issues if i.severity == "error"]
        super().__init__(f"发现 {len(errors)} 处错误，请按提示修改后重试：\n" + "\n".join(str(i) for i in errors))


class RenderError(FazhiError):
    """A rendering tool (pandoc, typst, Chromium, quarto) or a report cell failed."""

    def __init__(self, tool: str, detail: str):
        self.tool = tool
        self.detail = detail
        super().__init__(f"{tool}：{detail}")
