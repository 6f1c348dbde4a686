"""Static checks of a narrative's text, each problem located at file:line:column.

Run before every render and by `fazhi check`: template syntax (the narrative language itself
is checked on the parsed tree by `language.py`) and the document's structure: no YAML front
matter, no code fence left open, and the mandated level-1 sections (present, known, in order,
not repeated).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from jinja2 import TemplateSyntaxError, nodes

from ..errors import Issue, Reason, Severity
from ..registry import did_you_mean
from .sections import SECTIONS, Section, match_section
from .template import CHART_FUNCTION, INFO_NAMES, TABLE_FUNCTION, NarrativeSandbox

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_HEADING = re.compile(r"^#\s+(.*?)\s*#*\s*$")
_HEADING_NO_SPACE = re.compile(r"^#([^#\s].*?)\s*$")  # pandoc reads "#一、…" as text, not a heading
_FULL_WIDTH = "（）“”‘’，｛｝"


@dataclass(frozen=True)
class Vocabulary:
    """What a narrative may name: placeholders (incl. basic information), charts, tables."""

    placeholders: tuple[str, ...]
    charts: tuple[str, ...]
    tables: tuple[str, ...]

    @property
    def names(self) -> frozenset[str]:
        return frozenset((*self.placeholders, *INFO_NAMES, CHART_FUNCTION, TABLE_FUNCTION))


@dataclass(frozen=True)
class Located:
    """A narrative's text split in lines, for locating what the template parser reports."""

    file: str
    lines: tuple[str, ...]

    def issue(self, reason: Reason, line: int, needle: str | None, message: str, severity: Severity = "error") -> Issue:
        """An Issue at `line`, its column where `needle` first occurs inside a tag (else 1)."""
        return Issue(self.file, message, severity, line=line, column=str(self.column(line, needle)), reason=reason)

    def column(self, line: int, needle: str | None) -> int:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        tags = [(m.start(), m.group()) for m in _TAG.finditer(text)] or [(0, text)]
        for start, tag in tags:
            if needle is None:
                return start + 1
            found = re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", tag) or re.search(re.escape(needle), tag)
            if found:
                return start + found.start() + 1
        return 1


def parse(env: NarrativeSandbox, source: str, where: Located) -> tuple[nodes.Template | None, list[Issue]]:
    """The template's syntax tree, or None and the syntax error explained in Chinese."""
    try:
        return env.parse(source), []
    except TemplateSyntaxError as exc:
        line = exc.lineno or 1
        return None, [where.issue(Reason.TEMPLATE_SYNTAX, line, None, _explain_syntax(exc, where.lines, line))]
    except RecursionError:  # brackets or conditions nested hundreds deep
        return None, [Issue(where.file, "模板语法错误：括号或条件嵌套过深，请拆开来写。", reason=Reason.TEMPLATE_TOO_DEEP)]


def _explain_syntax(exc: TemplateSyntaxError, lines: Sequence[str], line: int) -> str:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if any(ch in text for ch in _FULL_WIDTH) and ("{{" in text or "{%" in text):
        hint = "占位符里的括号、引号和逗号须为半角字符，如 {{ 图表(\"矛盾纠纷类型\") }}。"
    elif "end of template" in (exc.message or ""):
        hint = "模板在结束前缺少结束标记，请检查每个 {% if %} 是否都有对应的 {% endif %}。"
    else:
        hint = "请检查 {{ … }} 与 {% … %} 的写法。"
    return f"模板语法错误：{hint}（解析器提示：{exc.message}）"


def code_fences(where: Located) -> tuple[frozenset[int], int | None]:
    """The lines inside code fences (the fences included), and the line of a fence opened but
    never closed (pandoc then reads everything after it, headings too, as code)."""
    inside: set[int] = set()
    opened: tuple[int, str] | None = None  # (line, the fence's characters)
    for number, text in enumerate(where.lines, 1):
        fence = _FENCE.match(text)
        if opened is None:
            if fence and not (fence[1][0] == "`" and "`" in fence[2]):
                opened = (number, fence[1])
        elif fence and fence[1][0] == opened[1][0] and len(fence[1]) >= len(opened[1]) and not fence[2].strip():
            inside.add(number)
            opened = None
        if opened is not None:
            inside.add(number)
    return frozenset(inside), opened[0] if opened else None


def headings(where: Located, sections: Sequence[Section] = SECTIONS) -> list[tuple[int, str, Section | None]]:
    """Each level-1 heading outside code fences: (line, text, the section of `sections` it names)."""
    fenced, _ = code_fences(where)
    found: list[tuple[int, str, Section | None]] = []
    for number, text in enumerate(where.lines, 1):
        heading = None if number in fenced else _HEADING.match(text)
        if heading:
            found.append((number, heading[1], match_section(heading[1], sections)))
    return found


def inspect_sections(where: Located, sections: Sequence[Section] = SECTIONS) -> list[Issue]:
    """The document's structure: no front matter, every code fence closed, and the level-1
    headings each one of `sections` (default: the mandated ones), all required ones present, in order."""
    issues = _front_matter(where)
    for line, text in enumerate(where.lines, 1):
        unspaced = _HEADING_NO_SPACE.match(text)
        if unspaced and match_section(unspaced[1], sections):
            issues.append(where.issue(Reason.HEADING_UNSPACED, line, None, "标题的 # 号后须加一个空格，否则不会被识别为标题。"))
    seen: list[Section] = []
    for line, text, section in headings(where, sections):
        if section is None:
            hint = did_you_mean(text, [s.heading for s in sections])
            issues.append(where.issue(Reason.SECTION_UNKNOWN, line, None, f"一级标题「{text}」不是规定的报告部分。{hint}"
                                      f"一级标题（# 开头）只用于规定的{len(sections)}个部分，小标题请用 ## 或 ###。"))
        elif section in seen:
            issues.append(where.issue(Reason.SECTION_DUPLICATE, line, None, f"「{section.heading}」重复出现。"))
        else:
            if seen and section.number < seen[-1].number:
                issues.append(where.issue(Reason.SECTION_ORDER, line, None,
                                          f"「{section.heading}」应排在「{seen[-1].heading}」之前。"))
            seen.append(section)
    _, unclosed = code_fences(where)
    if unclosed is not None:  # the sections after it are missing only because of it: say why once
        fence = where.lines[unclosed - 1].strip()[:3]
        return [*issues, where.issue(Reason.FENCE_UNCLOSED, unclosed, None,
                                     f"这一行的 {fence} 开始了一个代码块，但直到文件末尾都没有结束，"
                                     f"其后的文字和标题都会被当作代码。请在代码块后加一行 {fence}，或删除这一行。")]
    for section in sections:
        if section.required and section not in seen:
            issues.append(where.issue(Reason.SECTION_MISSING, len(where.lines) or 1, None,
                                      f"缺少规定的部分「{section.heading}」，请添加一级标题：# {section.heading}"))
    return issues


def _front_matter(where: Located) -> list[Issue]:
    """A YAML block (``---`` … ``---``) at the top, as Quarto documents start: not part of a
    narrative (pandoc would print it as text); the report's title comes from the workbook."""
    lines = [(n, t.strip()) for n, t in enumerate(where.lines, 1)]
    first = next(((n, t) for n, t in lines if t), None)
    if first is None or first[1] != "---":
        return []
    end = next((n for n, t in lines[first[0]:] if t in ("---", "...")), None)
    if end is None:
        return []
    return [where.issue(Reason.FRONT_MATTER, first[0], None,
                        f"第{first[0]}–{end}行是 YAML 元数据（--- … ---），不属于叙述稿，生成时会当作正文印出。"
                        "报告的标题、发文机关、成文日期等来自工作簿的“基本信息”，请删除这几行。")]
