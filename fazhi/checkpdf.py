"""`fazhi check-pdf`: compare a PDF's measured layout with GB/T 9704-2012, figure by figure.

`check_pdf(path)` measures the file (`pdfmeasure.measure_pdf`) and returns one `Check` per rule:
the measured value beside the standard's, and whether it passes. A rule with nothing to measure
(no running text, no page numbers, no 落款…) is reported as not measured (`ok is None`): not a
failure, but `fazhi check-pdf` says "全部合格" only when every rule was measured and passed.
`print_checks` shows them as a table with Chinese labels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rich.console import Console
from rich.table import Table

from .pdfmeasure import PageNumber, PdfReport, measure_pdf

# GB/T 9704-2012 figures (see docs/layout.md); lengths in mm.
PAGE = (210.0, 297.0)
MARGINS = {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}
BODY_SIZE = 16.0  # 3号
PAGE_NUMBER_SIZE = 14.0  # 4号
CHARS_PER_LINE = 28
LINES_PER_PAGE = 22
PAGE_NUMBER_GAP = 7.0  # top of the dash's stroke (一字线) below the text block
MAX_BLANK = 0.40  # share of a page's text block left blank (pages but the last)
MAX_STRETCH = 0.5  # characters of space justification may add to one gap
PAGE_NUMBER_INSET = PAGE_NUMBER_SIZE * 25.4 / 72  # one 4号 character, 4.94 mm
TOLERANCE_MM = 1.0

PageNumberAlign = Literal["outside", "center"]


@dataclass(frozen=True)
class Check:
    """One rule: what was measured, what the standard says, and the verdict (None: not measured)."""

    key: str
    label: str
    measured: str
    expected: str
    ok: bool | None


def _mm(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} mm"


def _within(value: float | None, target: float, tolerance: float) -> bool | None:
    return None if value is None else abs(value - target) <= tolerance


def _page_checks(r: PdfReport) -> list[Check]:
    worst = max(r.page_sizes, key=lambda s: abs(s[0] - PAGE[0]) + abs(s[1] - PAGE[1]), default=None)
    measured = "—" if worst is None else f"{worst[0]:.1f} × {worst[1]:.1f} mm（{r.pages} 页）"
    ok = None if worst is None else all(
        abs(w - PAGE[0]) <= TOLERANCE_MM and abs(h - PAGE[1]) <= TOLERANCE_MM for w, h in r.page_sizes)
    checks = [Check("page", "纸张", measured, "A4 210 × 297 mm", ok)]
    labels = {"top": "上白边（天头）", "bottom": "下白边", "left": "左白边（订口）", "right": "右白边"}
    for side, label in labels.items():
        value = getattr(r, f"margin_{side}")
        checks.append(Check(f"margin_{side}", label, _mm(value), f"{MARGINS[side]:.0f} ± 1 mm",
                            _within(value, MARGINS[side], TOLERANCE_MM)))
    return checks


def _grid_checks(r: PdfReport) -> list[Check]:
    where = f"（整页正文：{_pages(list(r.full_pages))}）" if r.full_pages else ""
    size = "—" if r.body_size is None else f"{r.body_size:g} pt"
    return [
        Check("body_size", "正文字号", size, "3号 16 pt", _within(r.body_size, BODY_SIZE, 0.5)),
        Check("chars_per_line", "每行字数", "—" if r.chars_per_line is None else f"{r.chars_per_line} 字{where}",
              f"{CHARS_PER_LINE} ± 1 字", _within(r.chars_per_line, CHARS_PER_LINE, 1)),
        Check("lines_per_page", "每页行数", "—" if r.lines_per_page is None else f"{r.lines_per_page} 行{where}",
              f"{LINES_PER_PAGE} ± 1 行", _within(r.lines_per_page, LINES_PER_PAGE, 1)),
    ]


def _worst(numbers: Sequence[PageNumber], value: Callable[[PageNumber], float], target: float) -> tuple[str, bool | None]:
    if not numbers:
        return "—", None
    values = [value(n) for n in numbers]
    far = max(values, key=lambda v: abs(v - target))
    spread = f"{min(values):.1f}–{max(values):.1f} mm" if max(values) - min(values) > 0.05 else _mm(far)
    return spread, abs(far - target) <= TOLERANCE_MM


def _page_number_checks(r: PdfReport, align: PageNumberAlign) -> list[Check]:
    numbers = r.page_numbers
    width, height = r.page_sizes[0] if r.page_sizes else PAGE
    right_edge = width - MARGINS["right"]
    numbered = {n.page for n in numbers if n.number == n.page}
    text_ok = None if not r.pages else len(numbered) == r.pages
    checks = [
        Check("page_number_text", "页码格式", f"{len(numbered)}/{r.pages} 页为「— 页码 —」",
              "每页「— N —」", text_ok),
    ]
    sizes = sorted({n.size for n in numbers})
    checks.append(Check("page_number_size", "页码字号", "、".join(f"{s:g} pt" for s in sizes) or "—",
                        "4号 14 pt", None if not sizes else all(abs(s - PAGE_NUMBER_SIZE) <= 0.5 for s in sizes)))
    gaps = [g for _, g in r.dash_gaps]
    if gaps:
        far = max(gaps, key=lambda g: abs(g - PAGE_NUMBER_GAP))
        spread = f"{min(gaps):.1f}–{max(gaps):.1f} mm" if max(gaps) - min(gaps) > 0.05 else _mm(far)
        checks.append(Check("page_number_gap", "页码一字线距版心下边", spread, "7 ± 1 mm",
                            abs(far - PAGE_NUMBER_GAP) <= TOLERANCE_MM))
    else:
        checks.append(Check("page_number_gap", "页码一字线距版心下边", "—", "7 ± 1 mm", None))
    if align == "center":
        centre = (MARGINS["left"] + right_edge) / 2
        offset, ok = _worst(numbers, lambda n: (n.x0 + n.x1) / 2 - centre, 0.0)
        checks.append(Check("page_number_center", "页码居中（偏离版心中线）", offset, "0 ± 1 mm", ok))
        return checks
    odd = [n for n in numbers if n.page % 2 == 1]
    even = [n for n in numbers if n.page % 2 == 0]
    inset = f"{PAGE_NUMBER_INSET:.1f} ± 1 mm（空一字）"
    value, ok = _worst(odd, lambda n: right_edge - n.x1, PAGE_NUMBER_INSET)
    checks.append(Check("page_number_odd", "单页页码距版心右边", value, inset, ok))
    value, ok = _worst(even, lambda n: n.x0 - MARGINS["left"], PAGE_NUMBER_INSET)
    checks.append(Check("page_number_even", "双页页码距版心左边", value, inset, ok))
    return checks


def _file_checks(r: PdfReport) -> list[Check]:
    missing = [f.name for f in r.fonts if not f.embedded]
    fonts = f"{len(r.fonts)} 种字体" + (f"，未嵌入：{'、'.join(missing)}" if missing else "，全部嵌入")
    pdfa = f"PDF/A-{r.pdfa_part}{(r.pdfa_conformance or '').lower()}" if r.pdfa_part else "未声明"
    props = {"标题": r.title, "作者": r.author, "主题": r.subject, "关键词": r.keywords}
    absent = [k for k, v in props.items() if not v]
    return [
        Check("fonts_embedded", "字体嵌入", fonts, "全部嵌入", bool(r.fonts) and not missing),
        Check("pdfa", "PDF/A 声明（XMP）", pdfa, "PDF/A-2b", r.pdfa_part == "2" and r.pdfa_conformance == "B"),
        Check("metadata", "文档属性", "齐全" if not absent else f"缺少{'、'.join(absent)}", "标题、作者、主题、关键词",
              not absent),
    ]


def _pages(items: Sequence[int]) -> str:
    pages = sorted(set(items))
    return "第 " + "、".join(map(str, pages[:6])) + ("等" if len(pages) > 6 else "") + " 页"


def _composition_checks(r: PdfReport) -> list[Check]:
    """What a reviewer sees page by page: blank pages, widows, a lone 落款, notes apart from
    their tables, lines off the grid, stretched lines."""
    body = r.body_size is not None
    blank = [(p, b) for p, b in r.blank if b > MAX_BLANK]
    worst = max((b for _, b in r.blank), default=None)
    checks = [Check("blank", "页面留白（末页除外）",
                    "—" if worst is None else (f"最多 {worst:.0%}" if not blank else
                                               f"{_pages([p for p, _ in blank])}超过 {MAX_BLANK:.0%}（最多 {worst:.0%}）"),
                    f"每页不超过 {MAX_BLANK:.0%}", None if worst is None else not blank)]
    checks.append(Check("widows", "页首孤行（不足三分之一行的段尾）",
                        "无" if not r.widows else f"{_pages([w.page for w in r.widows])}：「{r.widows[0].text}」",
                        "无", (not r.widows) if body else None))
    alone = {None: "未找到落款", True: "落款独占一页", False: "与正文同页"}[r.signature_alone]
    checks.append(Check("signature_alone", "落款与正文同页（7.3.5.5）", alone, "不单独成页",
                        None if r.signature_alone is None else not r.signature_alone))
    checks.append(Check("notes_apart", "表注（数据来源）紧随其表",
                        "是" if not r.notes_apart else f"{_pages([n.page for n in r.notes_apart])}与表分离",
                        "紧随表格", (not r.notes_apart) if body else None))
    checks.append(Check("off_grid", "正文行在版心网格上",
                        "全部" if not r.off_grid else f"{len(r.off_grid)} 行偏离（{_pages([ln.page for ln in r.off_grid])}）",
                        "全部在 22 行网格上", (not r.off_grid) if r.line_pitch_pt else None))
    most = max((e for _, e in r.stretched), default=0.0)
    checks.append(Check("stretched", "两端对齐增加的字距",
                        "均不超过半字" if not r.stretched else
                        f"{len(r.stretched)} 行超过半字（最多 {most:.2f} 字，{_pages([ln.page for ln, _ in r.stretched])}）",
                        f"每处不超过 {MAX_STRETCH} 字", (not r.stretched) if body else None))
    return checks


def checks_for(report: PdfReport, page_number_align: PageNumberAlign = "outside") -> list[Check]:
    """The GB/T 9704 checks for an already measured PDF."""
    return (_page_checks(report) + _grid_checks(report) + _page_number_checks(report, page_number_align)
            + _composition_checks(report) + _file_checks(report))


def check_pdf(path: Path | str, page_number_align: PageNumberAlign = "outside") -> list[Check]:
    """Measure `path` and compare it with GB/T 9704; see `Check`."""
    return checks_for(measure_pdf(path), page_number_align)


def failed(checks: Sequence[Check]) -> list[Check]:
    return [c for c in checks if c.ok is False]


def unmeasured(checks: Sequence[Check]) -> list[Check]:
    return [c for c in checks if c.ok is None]


def print_checks(checks: Sequence[Check], console: Console, title: str) -> None:
    table = Table(title=title, title_justify="left")
    for column in ("项目", "实测", "标准", "结果"):
        table.add_column(column)
    verdict = {True: "[green]合格[/]", False: "[bold red]不合格[/]", None: "[yellow]未测[/]"}
    for c in checks:
        table.add_row(c.label, c.measured, c.expected, verdict[c.ok])
    console.print(table)
