"""Where a project's files live: workbooks, narratives, templates, figures, outputs.

A project is a folder laid out as::

    data/<year>/<township>.xlsx        the township's records for the year
    narrative/<year>/<township>.md     its narrative (falls back to narrative/_default.md)
    report.qmd, _quarto.yml            the single report template
    templates/                         HTML and Typst layout shared by both engines
    figures/                           cached static charts, keyed by content
    output/<year>/                     rendered reports (default)

Every path is derived from the project root passed in, never from the current directory.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

REPORT_NAME = "法治政府建设情况报告"
HISTORY_YEARS = 2  # earlier years a report compares with: 上年, and the one before for a 3-year trend
DEFAULT_NARRATIVE = "_default.md"
# Spreadsheet formats a workbook is sometimes saved in. fazhi reads .xlsx only (its checks of
# error values and formulas read the .xlsx XML); these are named and rejected, never skipped.
OTHER_WORKBOOK_SUFFIXES = (".xls", ".xlsm", ".xlsb", ".et", ".ods")


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def at(cls, root: str | Path) -> Project:
        return cls(Path(root).resolve())

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def narrative_dir(self) -> Path:
        return self.root / "narrative"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def figures_dir(self) -> Path:
        return self.root / "figures"

    @property
    def report_qmd(self) -> Path:
        return self.root / "report.qmd"

    @property
    def district_qmd(self) -> Path:
        return self.root / "district.qmd"

    def workbook(self, township: str, year: int) -> Path:
        return self.data_dir / str(year) / f"{plain_name(township)}.xlsx"

    def narrative(self, township: str, year: int) -> Path:
        """The township's own narrative for the year, or the default narrative."""
        own = self.own_narrative(township, year)
        return own if own.exists() else self.narrative_dir / DEFAULT_NARRATIVE

    def own_narrative(self, township: str, year: int) -> Path:
        """Where the township's own narrative for the year is (whether or not it exists)."""
        return self.narrative_dir / str(year) / f"{plain_name(township)}.md"

    def earlier_workbooks(self, township: str, year: int) -> list[tuple[int, Path]]:
        """The township's workbooks of the years a report compares with, where they exist."""
        found = [(year - back, self.workbook(township, year - back)) for back in range(1, HISTORY_YEARS + 1)]
        return [(y, path) for y, path in found if path.exists()]

    def output_dir(self, year: int) -> Path:
        return self.root / "output" / str(year)

    def years(self) -> list[int]:
        if not self.data_dir.is_dir():
            return []
        return sorted(int(p.name) for p in self.data_dir.iterdir() if p.is_dir() and p.name.isdigit())

    def townships(self, year: int) -> list[str]:
        """Townships with a workbook for the year, also one saved as .xls and the like, which
        `require_workbook` then rejects by name instead of the township silently missing."""
        folder = self.data_dir / str(year)
        if not folder.is_dir():
            return []
        return sorted({p.stem for p in folder.iterdir() if p.suffix.lower() in (".xlsx", *OTHER_WORKBOOK_SUFFIXES)
                       and p.is_file() and not p.name.startswith(("~$", "."))})

    def other_format(self, township: str, year: int) -> Path | None:
        """The township's workbook for the year saved in a format fazhi does not read (.xls …,
        or .XLSX, which Linux does not take for .xlsx)."""
        folder = self.data_dir / str(year)
        if not folder.is_dir():
            return None
        name = plain_name(township)
        return next((p for p in sorted(folder.iterdir()) if p.stem == name and p.suffix != ".xlsx"
                     and p.suffix.lower() in (".xlsx", *OTHER_WORKBOOK_SUFFIXES)), None)

    def require_workbook(self, township: str, year: int) -> Path:
        """The workbook path, or an InputError that lists what exists."""
        years = self.years()
        if year not in years:
            have = "、".join(map(str, years)) or "（无）"
            raise InputError(
                f"没有 {year} 年度的数据：应有文件夹 {self.data_dir / str(year)}。现有年度：{have}。"
            )
        path = self.workbook(township, year)
        if not path.exists() and (other := self.other_format(township, year)) is not None:
            raise InputError(
                f"发现 {other.name}：fazhi 只读取 .xlsx 工作簿。请用 Excel 或 WPS 打开它，"
                f"“另存为”选择“Excel 工作簿 (*.xlsx)”，保存为 {path}。"
            )
        if not path.exists():
            townships = self.townships(year)
            close = difflib.get_close_matches(township, townships, n=1, cutoff=0.5)
            guess = f"是否指「{close[0]}」？" if close else ""
            raise InputError(
                f"找不到「{township}」{year} 年度的工作簿：应为 {path}。{guess}\n"
                f"{year} 年度现有乡镇：{'、'.join(townships) or '（无）'}。\n"
                f"新增乡镇可运行：fazhi template --township {township} --year {year}"
            )
        return path


_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]|^\.+')


def plain_name(township: str) -> str:
    """A township name usable as a file name inside data/ and narrative/, or an InputError."""
    if not township.strip() or township.startswith(".") or _UNSAFE_IN_NAMES.search(township):
        raise InputError(f"乡镇名称「{township}」不能为空，也不能包含 / \\ : * ? \" < > | 等文件名不允许的字符。")
    return township


def report_file_stem(county: str, township: str, year: int) -> str:
    """File name a township submits: 湟中区土门关乡2024年法治政府建设情况报告.

    Names come from a workbook, so characters that would leave the output folder or that
    Windows refuses in file names are replaced.
    """
    return _UNSAFE_IN_NAMES.sub("_", f"{county}{township}{year}年{REPORT_NAME}")
