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

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .. import fmt
from ..errors import InputError, Issue, Reason, ValidationFailed
from ..fonts import project_font_paths
from ..glyphs import FALLBACK, shown, unsettable
from ..indicators import CATALOGUE
from ..project import DEFAULT_NARRATIVE, Project
from .analysis import Located, code_fences, headings
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
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_NOT_A_TITLE = re.compile(r"^\s*(?:#|[-*+>|]|\d+[.)]|=+\s*$|-+\s*$)")
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
    issues = static_issues(where, vocabulary(keys)) + list(_empty_sections(where)) + list(_setext_headings(where))
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
    if not os.path.lexists(source):
        expected = project.narrative_dir / str(year) / f"{township}.md"
        return [Issue(str(expected), f"找不到叙述稿（也没有默认稿 {source}）：请新建该文件，或运行 fazhi new-year。",
                      reason=Reason.NARRATIVE_MISSING)]
    try:
        data = township_data(project, township, year)
    except (ValidationFailed, InputError):  # the workbook check reports those errors
        data = None
    issues = check_narrative(source, indicators=data.indicators if data else None, info=data.info if data else None)
    if not any(i.severity == "error" for i in issues):
        issues += glyph_issues(read_source(source), project_font_paths(project.root))
    shown = str(source.relative_to(project.root)) if source.is_relative_to(project.root) else str(source)
    return [*(data.warnings if data else ()), *default_narrative_note(project, township, year),
            *(replace(i, file=shown) for i in issues)]


def default_narrative_note(project: Project, township: str, year: int) -> list[Issue]:
    """A note when the township's report would be written from the default narrative."""
    if project.narrative(township, year) != project.narrative_dir / DEFAULT_NARRATIVE:
        return []
    return [Issue(f"{township} {year} 年度", f"仍在使用默认叙述稿 {DEFAULT_NARRATIVE}，报告中是通用的文字", "note",
                  expected=f"运行 fazhi narrative new --township {township} --year {year} 生成本乡镇自己的叙述稿再修改",
                  reason=Reason.NARRATIVE_DEFAULT)]


def _empty_sections(where: Located) -> Iterator[Issue]:
    marks = headings(where)
    ends = [m[0] for m in marks[1:]] + [len(where.lines) + 1]
    for (line, _, section), end in zip(marks, ends[:len(marks)], strict=True):  # no heading: nothing to say
        body = [t for t in where.lines[line:end - 1] if t.strip() and not t.lstrip().startswith("#")]
        if section is not None and not body:
            yield where.issue(Reason.SECTION_EMPTY, line, None, f"「{section.heading}」下没有内容。", "warning")


def _setext_headings(where: Located) -> Iterator[Issue]:
    """A line of only = (or -) under a line of text: Markdown's other way of writing a heading
    ("setext"), which `headings` does not see and the report would refuse (=) or show as a
    heading (-) instead of the rule it may have been meant as."""
    fenced, _ = code_fences(where)
    if where.lines and where.lines[0].strip() == "---":  # YAML front matter (an error of its own) ends at "---"
        end = next((n for n, t in enumerate(where.lines[1:], 2) if t.strip() in ("---", "...")), 0)
        fenced = fenced | frozenset(range(1, end + 1))
    for number, text in enumerate(where.lines, 1):
        mark = _SETEXT.match(text)
        above = where.lines[number - 2] if number > 1 else ""
        if (not mark or number in fenced or not above.strip() or _NOT_A_TITLE.match(above)
                or not _TAG.sub("", above).strip()):
            continue
        if mark[1][0] == "=":
            yield where.issue(Reason.HEADING_SETEXT, number, None,
                              "这一行的“===”会把上一行变成一级标题，报告无法识别。标题请写成一行，以“# ”开头。")
        else:
            yield where.issue(Reason.HEADING_SETEXT, number, None,
                              "这一行的“---”会把上一行变成二级标题。标题请以“## ”开头；要分隔线请在它上方空一行。", "warning")


def glyph_issues(where: Located, font_paths: Sequence[Path]) -> list[Issue]:
    """A warning on each line with a character no PDF font has (shown there as 〓)."""
    refused = unsettable("\n".join(where.lines), font_paths)
    issues = []
    for number, text in enumerate(where.lines, 1):
        found = [i for i, ch in enumerate(text) if ch in refused]
        if found:
            issues.append(Issue(where.file, f"PDF 的字体中没有字符{shown({text[i] for i in found})}，PDF 中将显示为{FALLBACK}。"
                                "请改用常用字或删去（HTML 不受影响）", "warning", line=number, column=str(found[0] + 1),
                                reason=Reason.GLYPH_MISSING))
    return issues


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
