"""One exception root for everything fazhi reports to a user, and the located `Issue`.

The CLI catches `FazhiError` only and prints its Chinese message; anything else is a bug
and shows a traceback under `--debug`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True)
class Issue:
    """One problem found in an input file, located as a user would look for it.

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
