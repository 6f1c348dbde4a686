"""Static checks of a narrative template, each problem located at file:line:column.

Run before every render and by `fazhi check`: template syntax, names that are not
placeholders (with a did-you-mean), attributes and calls outside the narrative language,
include/import/extends, chart and table placements (known key, alone on their line), and the
mandated level-1 sections (present, known, in order, not repeated).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jinja2 import TemplateSyntaxError, nodes

from ..errors import Issue
from ..registry import did_you_mean
from .sections import SECTIONS, Section, match_section
from .template import CHART_FUNCTION, INFO_NAMES, PLACEHOLDER_ATTRIBUTES, TABLE_FUNCTION, NarrativeSandbox

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_STANDALONE = re.compile(r"^\s*\{\{-?\s*(图表|表格)\s*\(\s*([\"'])(.*?)\2\s*\)\s*-?\}\}\s*$")
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

    def issue(self, line: int, needle: str | None, message: str, severity: str = "error") -> Issue:
        """An Issue at `line`, its column where `needle` first occurs inside a tag (else 1)."""
        return Issue(self.file, message, severity, line=line, column=str(self.column(line, needle)))  # type: ignore[arg-type]

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
        return None, [where.issue(line, None, _explain_syntax(exc, where.lines, line))]


def _explain_syntax(exc: TemplateSyntaxError, lines: Sequence[str], line: int) -> str:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if any(ch in text for ch in _FULL_WIDTH) and ("{{" in text or "{%" in text):
        hint = "占位符里的括号、引号和逗号须为半角字符，如 {{ 图表(\"矛盾纠纷类型\") }}。"
    elif "end of template" in (exc.message or ""):
        hint = "模板在结束前缺少结束标记，请检查每个 {% if %} 是否都有对应的 {% endif %}。"
    else:
        hint = "请检查 {{ … }} 与 {% … %} 的写法。"
    return f"模板语法错误：{hint}（解析器提示：{exc.message}）"


def inspect_template(tree: nodes.Template, where: Located, vocabulary: Vocabulary) -> list[Issue]:
    """Every use of the template language outside what a narrative may write."""
    issues: list[Issue] = []
    local = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    local |= {m.name for m in tree.find_all(nodes.Macro)}
    known = vocabulary.names | local
    for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        keyword = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "import",
                   nodes.Extends: "extends"}[type(node)]
        issues.append(where.issue(node.lineno, keyword, f"叙述稿不能引用其他文件（{{% {keyword} %}}），请把内容直接写在本文件中。"))
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load" and node.name not in known:
            hint = did_you_mean(node.name, sorted(vocabulary.names - {CHART_FUNCTION, TABLE_FUNCTION}))
            issues.append(where.issue(node.lineno, node.name,
                                      f"未知的占位符「{node.name}」。{hint}运行 fazhi indicators 可列出全部占位符。"))
    for node in tree.find_all(nodes.Getattr):
        if node.attr not in PLACEHOLDER_ATTRIBUTES:
            hint = did_you_mean(node.attr, list(PLACEHOLDER_ATTRIBUTES))
            allowed = "、".join(f".{a}" for a in PLACEHOLDER_ATTRIBUTES)
            issues.append(where.issue(node.lineno, node.attr, f"不支持的写法「.{node.attr}」。{hint}占位符只能带 {allowed}。"))
    for node in tree.find_all((nodes.Getitem, nodes.Slice)):
        issues.append(where.issue(node.lineno, "[", "叙述稿中不能使用方括号取值，请直接写占位符名称。"))
    issues += _calls(tree, where, vocabulary, local)
    return sorted(issues, key=lambda i: (i.line or 0, int(i.column or 0)))


def _calls(tree: nodes.Template, where: Located, vocabulary: Vocabulary, local: set[str]) -> Iterable[Issue]:
    for call in tree.find_all(nodes.Call):
        name = call.node.name if isinstance(call.node, nodes.Name) else None
        if name in local:
            continue
        if name not in (CHART_FUNCTION, TABLE_FUNCTION):
            yield where.issue(call.lineno, name, f"叙述稿中只能调用 {CHART_FUNCTION}(…) 和 {TABLE_FUNCTION}(…)。")
            continue
        keys = vocabulary.charts if name == CHART_FUNCTION else vocabulary.tables
        arg = call.args[0] if len(call.args) == 1 and not call.kwargs else None
        if not (isinstance(arg, nodes.Const) and isinstance(arg.value, str)):
            yield where.issue(call.lineno, name, f"{name}(…) 的括号里须写一个带引号的名称，如 {name}(\"{keys[0] if keys else '名称'}\")。")
            continue
        if arg.value not in keys:
            hint = did_you_mean(arg.value, list(keys))
            yield where.issue(call.lineno, arg.value, f"没有名为「{arg.value}」的{name}。{hint}可用的{name}：{'、'.join(keys)}。")
        line = where.lines[call.lineno - 1] if call.lineno <= len(where.lines) else ""
        if not _STANDALONE.match(line):
            yield where.issue(call.lineno, name, f"{name}占位符须单独占一行（前后不写其他文字），如：{{{{ {name}(\"{arg.value}\") }}}}")


def headings(where: Located) -> list[tuple[int, str, Section | None]]:
    """Each level-1 heading outside code fences: (line, text, the mandated section it names)."""
    found: list[tuple[int, str, Section | None]] = []
    fenced = False
    for number, text in enumerate(where.lines, 1):
        if text.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        heading = None if fenced else _HEADING.match(text)
        if heading:
            found.append((number, heading[1], match_section(heading[1])))
    return found


def inspect_sections(where: Located) -> list[Issue]:
    """The level-1 headings: each a mandated section, all required ones present, in order."""
    issues: list[Issue] = []
    seen: list[Section] = []
    for line, text in enumerate(where.lines, 1):
        unspaced = _HEADING_NO_SPACE.match(text)
        if unspaced and match_section(unspaced[1]):
            issues.append(where.issue(line, None, "标题的 # 号后须加一个空格，否则不会被识别为标题。"))
    for line, text, section in headings(where):
        if section is None:
            hint = did_you_mean(text, [s.heading for s in SECTIONS])
            issues.append(where.issue(line, None, f"一级标题「{text}」不是规定的报告部分。{hint}"
                                      "一级标题（# 开头）只用于规定的五个部分，小标题请用 ## 或 ###。"))
        elif section in seen:
            issues.append(where.issue(line, None, f"「{section.heading}」重复出现。"))
        else:
            if seen and section.number < seen[-1].number:
                issues.append(where.issue(line, None, f"「{section.heading}」应排在「{seen[-1].heading}」之前。"))
            seen.append(section)
    for section in SECTIONS:
        if section.required and section not in seen:
            issues.append(where.issue(len(where.lines) or 1, None,
                                      f"缺少规定的部分「{section.heading}」，请添加一级标题：# {section.heading}"))
    return issues
