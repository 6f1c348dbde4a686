"""`fazhi check` for narratives: the static checks plus what only the data can tell.

Besides the errors `render_narrative` would stop on (syntax, unknown placeholders with a
did-you-mean, charts and tables, the mandated sections), the check warns about:

- a section with no text;
- a number typed by hand that equals an indicator's value this year (use the placeholder, so
  the text follows the workbook) or in an earlier year (the classic mistake: last year's figure
  left in this year's text). Only indicators whose unit is the measure word written after the
  number count ("11人" is never a 份), those whose name shares words with the sentence are
  named first, and an earlier year's match is always mentioned;
- a year typed by hand that is the report year or next to it (use {{ 年度 }}, {{ 上年度 }},
  {{ 下年度 }}, so the file can be reused next year).

Typed numbers are looked for in the text outside template tags; list numbering at the start
of a line ("1." "（2）"), dates ("3月5日") and festival days ("4.15", "12.4") are not numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .. import fmt
from ..errors import InputError, Issue, Reason, ValidationFailed
from ..indicators import CATALOGUE
from ..project import Project
from .analysis import Located, headings
from .data import township_data
from .render import fill, read_source, static_issues, vocabulary
from .template import placeholder_name

if TYPE_CHECKING:
    from ..indicators import IndicatorSet, Value
    from ..workbook import BasicInfo

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?!\.?\d)(\s*%)?")
# festival days written as month·day (“4·15”, 12.4) are names, not figures
_FESTIVAL = re.compile(r"(?<![\d.])(1[0-2]|[1-9])[.·．](3[01]|[12]\d|[1-9])(?![\d.%])")
_ORDINAL = re.compile(r"^[\s#>*+-]*[（(]?$")
# the measure word after a number: an indicator's unit, a synonym of one, or a word no
# indicator is counted in (then the number is no indicator's figure)
_MEASURE = re.compile(r"\s*[余多]?\s*(人次|万元|小时|公里|次|人|名|件|项|起|份|场|个|天|周|年|元|户|篇|期|条|部|本|家|处|岁|亩)")
_SYNONYMS = {"名": "人", "项": "件", "起": "件"}
_SENTENCE_END = "。；！？;!?"
_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")


@dataclass(frozen=True)
class Typed:
    """A number typed in the narrative's text, where it stands and how it was written."""

    line: int
    column: int
    text: str
    number: float
    percent: bool
    unit: str = ""  # the measure word written after it, synonyms folded ("名" → "人")
    sentence: str = ""  # the text of its sentence outside tags, to tell which indicator is meant


def check_narrative(source: Path, *, indicators: IndicatorSet | None, info: BasicInfo | None = None) -> list[Issue]:
    """Every problem in the narrative `source` for the year of `indicators` (see module doc).

    With `indicators` None (the workbook itself has errors) typed numbers are not compared and
    placeholders are checked against the catalogue. With `info` too, the template is filled in
    as a render would, so an error that only the data reveals is found now.
    """
    where = read_source(source)
    keys = indicators.keys() if indicators is not None else [i.key for i in CATALOGUE]
    issues = static_issues(where, vocabulary(keys)) + list(_empty_sections(where))
    if indicators is not None:
        issues += _typed_issues(where, indicators)
        if info is not None and not any(i.severity == "error" for i in issues):
            try:
                fill(where, indicators, info, {})
            except ValidationFailed as exc:
                issues += exc.issues
    return sorted(issues, key=lambda i: (i.line or 0, int(i.column or 0)))


def check_township_narrative(project: Project, township: str, year: int) -> list[Issue]:
    """`check_narrative` for the narrative a township's report would use this year, its file
    named relative to the project (the default narrative when the township has none), after a
    warning for each earlier workbook left out of the comparisons because it has errors."""
    source = project.narrative(township, year)
    if not source.exists():
        expected = project.narrative_dir / str(year) / f"{township}.md"
        return [Issue(str(expected), f"找不到叙述稿（也没有默认稿 {source}）：请新建该文件，或运行 fazhi new-year。",
                      reason=Reason.NARRATIVE_MISSING)]
    try:
        data = township_data(project, township, year)
    except (ValidationFailed, InputError):  # the workbook check reports those errors
        data = None
    issues = check_narrative(source, indicators=data.indicators if data else None, info=data.info if data else None)
    shown = str(source.relative_to(project.root)) if source.is_relative_to(project.root) else str(source)
    return [*(data.warnings if data else ()), *(replace(i, file=shown) for i in issues)]


def _empty_sections(where: Located) -> Iterator[Issue]:
    marks = headings(where)
    for (line, _, section), end in zip(marks, [m[0] for m in marks[1:]] + [len(where.lines) + 1], strict=True):
        body = [t for t in where.lines[line:end - 1] if t.strip() and not t.lstrip().startswith("#")]
        if section is not None and not body:
            yield where.issue(Reason.SECTION_EMPTY, line, None, f"「{section.heading}」下没有内容。", "warning")


def _typed_issues(where: Located, indicators: IndicatorSet) -> Iterator[Issue]:
    for typed in typed_numbers(where.lines):
        issue = _year_issue(typed, indicators.year, where) or _figure_issue(typed, indicators, where)
        if issue:
            yield issue


def typed_numbers(lines: Iterable[str]) -> Iterator[Typed]:
    """The numbers typed in the text outside template tags (see module doc for what is skipped)."""
    text = "\n".join(lines).translate(_WIDTH)
    masked = _TAG.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    masked = _FESTIVAL.sub(lambda m: " " * len(m.group()), masked)
    for number, line in enumerate(masked.split("\n"), 1):
        for m in _NUMBER.finditer(line):
            before, after = line[: m.start()], line[m.end():]
            if _ORDINAL.match(before) and after[:1] in (".", "、", "）", ")", "．"):
                continue
            if after[:1] in ("月", "日"):
                continue
            measure = _MEASURE.match(after)
            unit = "%" if m[2] else _SYNONYMS.get(measure[1], measure[1]) if measure else ""
            yield Typed(number, m.start() + 1, m.group().strip(), float(m[1]), bool(m[2]), unit, _sentence(line, m.start()))


def _sentence(line: str, at: int) -> str:
    """The sentence of `line` around position `at` (between sentence-ending marks)."""
    start = max(line.rfind(mark, 0, at) for mark in _SENTENCE_END) + 1
    ends = [i for i in (line.find(mark, at) for mark in _SENTENCE_END) if i >= 0]
    return line[start:min(ends, default=len(line))]


def _year_issue(typed: Typed, year: int, where: Located) -> Issue | None:
    names = {year: "年度", year - 1: "上年度", year + 1: "下年度"}
    if typed.percent or not typed.text.isdigit() or int(typed.text) not in names:
        return None
    name = names[int(typed.text)]
    return _warning(where, typed, Reason.TYPED_YEAR,
                    f"手写的年份「{typed.text}」，建议改用 {{{{ {name} }}}}，明年沿用本文件时会自动更新。")


def _figure_issue(typed: Typed, indicators: IndicatorSet, where: Located) -> Issue | None:
    """A typed number that is an indicator's figure: this year's (use the placeholder) and, said
    always when there is one, an earlier year's (the figure was not updated). The more likely
    meaning leads: the indicator whose name shares more words with the sentence, an earlier
    year's on a tie."""
    values = [v for v in (indicators[k] for k in indicators.keys()) if typed.unit in ("", v.unit)]
    now = _ranked(typed, [v for v in values if _same(typed, v, v.value)])
    current = {v.key for v in now}  # the same figure both years is simply right
    earlier = (
        (year, _ranked(typed, [v for v in values if v.key not in current and _same(typed, v, dict(v.history).get(year))]))
        for year in sorted(indicators.earlier_years, reverse=True)
    )
    year, then = next(((y, found) for y, found in earlier if found), (0, []))
    old = f"与{year}年度{_names(then)}的值相同（本年度为{then[0].text}），可能是往年的数字没有更新" if then else ""
    new = f"与本年度{_names(now)}的值相同" if now else ""
    if then and (not now or _relevance(typed, then[0]) >= _relevance(typed, now[0])):
        also = f"它也{new}，若指的是该指标，请改用 {_placeholder(now[0])}。" if now else ""
        message = f"{old}；建议改用 {_placeholder(then[0])}。" + also
    elif now:
        message = f"{new}，建议改用占位符 {_placeholder(now[0])}，数字随工作簿自动更新。" + (
            f"它也{old}；若指的是该指标，请改用 {_placeholder(then[0])}。" if then else "")
    else:
        return None
    return _warning(where, typed, Reason.TYPED_FIGURE, f"手写的数字「{typed.text}」{message}")


def _ranked(typed: Typed, values: list[Value]) -> list[Value]:
    """`values`, those whose names share more words with the typed number's sentence first."""
    return sorted(values, key=lambda v: -_relevance(typed, v))


def _relevance(typed: Typed, value: Value) -> int:
    """How many two-character words of the indicator's name the sentence contains
    ("召开党委会2次" shares 党委、委会 with 党委会研究法治建设次数, nothing with 重大行政决策数)."""
    name = placeholder_name(value.key)
    return len({name[i:i + 2] for i in range(len(name) - 1)} & {typed.sentence[i:i + 2] for i in range(len(typed.sentence) - 1)})


def _placeholder(value: Value) -> str:
    return f"{{{{ {placeholder_name(value.key)} }}}}"


def _same(typed: Typed, value: Value, number: int | float | None) -> bool:
    """Whether `typed` is how a reader would write `number` of `value`'s indicator."""
    if number is None or typed.percent != (value.indicator.kind == "rate"):
        return False
    shown = float(fmt.pct(number)[:-1]) if typed.percent else number
    return abs(shown - typed.number) < 1e-9


def _names(values: list[Value]) -> str:
    shown = "".join(f"「{v.key}」" for v in values[:3])
    return f"指标{shown}" + (f"等{len(values)}项" if len(values) > 3 else "")


def _warning(where: Located, typed: Typed, reason: Reason, message: str) -> Issue:
    return Issue(where.file, message, "warning", line=typed.line, column=str(typed.column), value=typed.text, reason=reason)
