"""Render a narrative for one township-year: template → sanitised Markdown per section.

The pipeline: read the file → static checks (syntax, names, sections; errors stop here) →
fill the sandboxed template (charts and tables become inert token paragraphs) → sanitise
through pandoc's AST → split at the level-1 headings → write back Markdown → put the lead's
chart and table Markdown where the tokens stand. Charts and tables go in last, after
sanitising, because they are the only raw HTML/Typst the report may contain.
"""

from __future__ import annotations

import secrets
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateError, nodes
from jinja2.exceptions import SecurityError

from ..errors import InputError, Issue, ValidationFailed
from . import sanitize
from .analysis import Located, Vocabulary, inspect_sections, parse
from .language import inspect_template
from .sections import SECTIONS, Section, match_section
from .template import NarrativeSandbox, Placement, context, keep_line_ends, placeholder_name

if TYPE_CHECKING:
    from ..indicators import IndicatorSet
    from ..workbook import BasicInfo

# Longest Markdown a narrative may fill in to: a real one is 5–20 thousand characters. The
# language has no loops, so only a narrative this long itself reaches it; the cap is the
# backstop that keeps one file from hanging `render --all` or the preview whatever slips through.
MAX_CHARACTERS = 300_000


@dataclass(frozen=True)
class Narrative:
    """A rendered narrative: safe Markdown before the first section and per section number
    (1–5), each without its own level-1 heading (report.qmd writes the headings)."""

    source: Path
    preamble: str
    sections: Mapping[int, str]


def read_source(source: Path) -> Located:
    """The narrative's text, or an InputError that says which file and why."""
    try:
        text = source.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"找不到叙述稿：{source}") from None
    except UnicodeDecodeError:
        raise InputError(f"叙述稿 {source} 不是 UTF-8 编码的文本，请在编辑器中以 UTF-8 保存。") from None
    return Located(str(source), tuple(text.splitlines()))


def vocabulary(indicator_keys: Iterable[str]) -> Vocabulary:
    """The names a narrative may use with these indicators and fazhi's charts and tables."""
    from ..charts import CHARTS
    from ..tables import TABLES

    return Vocabulary(tuple(placeholder_name(k) for k in indicator_keys), tuple(CHARTS), tuple(TABLES))


def template_source(where: Located) -> str:
    """The text jinja sees (see `keep_line_ends`)."""
    return keep_line_ends("\n".join(where.lines) + "\n")


def static_issues(where: Located, vocab: Vocabulary, sections: Sequence[Section] = SECTIONS) -> list[Issue]:
    """Syntax, names, placements and sections: everything knowable without the data."""
    return _analyse(where, vocab, sections)[1]


def _analyse(where: Located, vocab: Vocabulary, sections: Sequence[Section]) -> tuple[nodes.Template | None, list[Issue]]:
    tree, issues = parse(NarrativeSandbox(), template_source(where), where)
    if tree is not None:
        issues += inspect_template(tree, where, vocab)
    return tree, issues + inspect_sections(where, sections)


def render_narrative(
    source: Path,
    *,
    indicators: IndicatorSet,
    info: BasicInfo,
    chart: Callable[[str], str],
    table: Callable[[str], str],
    parts: Sequence[Section] = SECTIONS,
    vocab: Vocabulary | None = None,
) -> Narrative:
    """Render `source` for the year of `indicators`; raise ValidationFailed on any error.
    `parts` are the level-1 sections it may have (the district summary's differ) and `vocab`
    what it may name (default: the indicators, every chart and table)."""
    where = read_source(source)
    placements: list[Placement] = []
    markdown = fill(where, indicators, info, placements, parts, vocab)
    doc = sanitize.sanitize(sanitize.parse(markdown))
    preamble, sections = _split(doc, where, parts)
    callbacks = {"chart": chart, "table": table}

    def expand(text: str) -> str:
        for p in placements:
            if f"\n{p.token}\n" in text:
                text = text.replace(f"\n{p.token}\n", f"\n{callbacks[p.kind](p.key)}\n", 1)
            if p.token in text:  # inside a list, quote or table: the check should have said so
                raise ValidationFailed([Issue(where.file, f"{p.key}：图表和表格占位符须单独成段。")])
        return text.strip("\n")

    return Narrative(source, expand(preamble), {n: expand(t) for n, t in sections.items()})


def fill(
    where: Located, indicators: IndicatorSet, info: BasicInfo, placements: list[Placement],
    sections: Sequence[Section] = SECTIONS, vocab: Vocabulary | None = None,
) -> str:
    """The narrative's template filled in for one township-year (Markdown, not yet sanitised);
    ValidationFailed when the static checks or the filling find an error."""
    tree, issues = _analyse(where, vocab or vocabulary(indicators.keys()), sections)
    errors = [i for i in issues if i.severity == "error"]
    if errors or tree is None:
        raise ValidationFailed(errors)
    return _fill(where, tree, context(indicators, info, placements))


def _fill(where: Located, tree: nodes.Template, names: dict[str, Any]) -> str:
    """The parsed template filled in, runtime errors located by the template's line; stops
    as soon as the text passes `MAX_CHARACTERS`."""
    env = NarrativeSandbox()
    try:
        code = env.compile(tree, filename=where.file)
    except (SyntaxError, RecursionError, MemoryError):  # Python's own nesting limits
        raise ValidationFailed([Issue(where.file, "叙述稿的条件或括号嵌套过深，无法生成，请拆开来写。")]) from None
    template = env.template_class.from_code(env, code, env.make_globals(None), None)
    parts: list[str] = []
    size = 0
    try:
        for part in template.generate(names):
            parts.append(part)
            size += len(part)
            if size > MAX_CHARACTERS:
                raise ValidationFailed([Issue(where.file, f"叙述稿生成的文字超过 {MAX_CHARACTERS} 字的上限，"
                                              "已停止生成。一份报告的文字远少于此，请检查文件是否重复粘贴了内容。")])
        return "".join(parts)
    except (TemplateError, TypeError, ValueError, ArithmeticError, RecursionError) as exc:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == where.file]
        line = frames[-1].lineno if frames and frames[-1].lineno else 1
        why = "出于安全原因，叙述稿不允许这种写法" if isinstance(exc, SecurityError) else "无法填写此处的占位符"
        raise ValidationFailed([where.issue(line, None, f"{why}：{exc}")]) from None


def _split(doc: sanitize.Node, where: Located, sections: Sequence[Section]) -> tuple[str, dict[int, str]]:
    """Markdown before the first section, and per section, written by one pandoc call."""
    groups: list[tuple[int, list[sanitize.Node]]] = [(0, [])]
    for block in doc["blocks"]:
        if block["t"] == "Header" and block["c"][0] == 1:
            section = match_section(_plain(block["c"][2]), sections)
            if section is None:
                raise ValidationFailed([Issue(where.file, f"一级标题「{_plain(block['c'][2])}」不是规定的报告部分。")])
            groups.append((section.number, []))
        else:
            groups[-1][1].append(block)
    separator = f"fazhisep{secrets.token_hex(6)}x"
    blocks: list[sanitize.Node] = []
    for _, group in groups:
        blocks += [{"t": "Para", "c": [{"t": "Str", "c": separator}]}, *group]
    parts = sanitize.write({**doc, "blocks": blocks}).split(f"{separator}\n")[1:]
    texts = [f"\n{p.strip()}\n" for p in parts]
    return texts[0], {number: text for (number, _), text in zip(groups[1:], texts[1:], strict=True)}


def _plain(value: Any) -> str:
    """The text of an AST fragment (a heading's words)."""
    if isinstance(value, list):
        return "".join(_plain(v) for v in value)
    if not isinstance(value, dict):
        return ""
    if value["t"] == "Str":
        return str(value["c"])
    if value["t"] in ("Space", "SoftBreak", "LineBreak"):
        return " "
    return _plain(value.get("c"))
