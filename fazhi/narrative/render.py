"""Render a narrative for one township-year: template → sanitised pieces per section.

The pipeline: read the file → static checks (syntax, names, sections; errors stop here) →
fill the sandboxed template (charts and tables become paragraphs holding a fresh token) →
sanitise through pandoc's AST → split at the level-1 headings and at the placement paragraphs
→ write each run of text back as Markdown. The result is a sequence of typed pieces per section
(`pieces.Text`, `pieces.Placement`); the report numbers and writes the charts and tables in
their place, so their raw HTML/Typst never passes through the sanitiser and no text is ever
searched for a marker.
"""

from __future__ import annotations

import json
import os
import secrets
import traceback
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateError, nodes
from jinja2.exceptions import SecurityError

from ..atomic import os_error_text
from ..errors import InputError, Issue, Reason, RenderError, ValidationFailed
from ..project import not_a_file
from . import sanitize
from .analysis import Located, Vocabulary, inspect_sections, parse
from .language import inspect_template
from .pieces import Pieces, Placement, Text
from .sections import SECTIONS, Section, match_section
from .template import NarrativeSandbox, context, keep_line_ends, placeholder_name

if TYPE_CHECKING:
    from ..indicators import IndicatorSet
    from ..workbook import BasicInfo

# Longest Markdown a narrative may fill in to: a real one is 5–20 thousand characters. The
# language has no loops, so only a narrative this long itself reaches it; the cap is the
# backstop that keeps one file from hanging `render --all` or the preview whatever slips through.
MAX_CHARACTERS = 300_000
MAX_SOURCE_BYTES = 2 * 2**20  # a narrative file itself: a real one is under 100 KB
MAX_TAGS = 5_000  # {{ }} and {% %} in one narrative: a real one has a few hundred
# Square brackets (Chinese text uses 【】): pandoc's Markdown reader takes time exponential in
# their nesting (2.4 s at depth 12, 9 s at 14) and about 0.1 ms per bracket beside it
MAX_BRACKET_DEPTH = 6
MAX_BRACKETS = 5_000


@dataclass(frozen=True)
class Narrative:
    """A rendered narrative: the pieces before the first section and per section number (1–5),
    each without its own level-1 heading (report.qmd writes the headings)."""

    source: Path
    preamble: Pieces
    sections: Mapping[int, Pieces]


def read_source(source: Path) -> Located:
    """The narrative's text, or an InputError that says which file and why. A pipe, device or
    folder is refused before opening (reading one never ends), a file past `MAX_SOURCE_BYTES`
    unread, and NUL characters (never meant, invisible) are dropped."""
    if not os.path.lexists(source):
        raise InputError(f"找不到叙述稿：{source}")
    if (problem := not_a_file(source)) is not None:
        raise InputError(f"叙述稿 {problem}。")
    try:
        with source.open("rb") as handle:
            data = handle.read(MAX_SOURCE_BYTES + 1)
        if len(data) > MAX_SOURCE_BYTES:
            raise InputError(f"叙述稿 {source} 超过 {MAX_SOURCE_BYTES // 2**20} MB，不像一份叙述稿："
                             "请检查文件是否选错或重复粘贴了内容。")
        text = data.decode("utf-8-sig").replace("\0", "")
    except UnicodeDecodeError:
        raise InputError(f"叙述稿 {source} 不是 UTF-8 编码的文本，请在编辑器中以 UTF-8 保存。") from None
    except OSError as exc:  # a lock held by another program (Windows), no read permission
        raise InputError(f"叙述稿{os_error_text(exc)}") from None
    where = Located(str(source), tuple(text.splitlines()))
    tags = [n for n, line in enumerate(where.lines, 1) for _ in range(line.count("{{") + line.count("{%"))]
    if len(tags) > MAX_TAGS:  # parsing and filling this many would take minutes and gigabytes
        raise ValidationFailed([where.issue(Reason.TOO_MANY_TAGS, tags[MAX_TAGS], None,
                                            f"叙述稿中的占位符和条件超过 {MAX_TAGS} 个，"
                                            "一份报告远用不了这么多：请检查是否重复粘贴了内容。")])
    if (issue := _bracket_issue(where)) is not None:
        raise ValidationFailed([issue])
    return where


def _bracket_issue(where: Located) -> Issue | None:
    """An error where the square brackets [ ] pass `MAX_BRACKET_DEPTH` levels (counted through
    a paragraph, as pandoc reads them) or `MAX_BRACKETS` in all; None when they do not."""
    depth, count = 0, 0
    for n, line in enumerate(where.lines, 1):
        if not line.strip():
            depth = 0
        if "[" not in line and "]" not in line:
            continue
        for column, ch in enumerate(line.replace("\\[", "  ").replace("\\]", "  "), 1):
            if ch == "]":
                depth = max(depth - 1, 0)
            elif ch == "[":
                depth, count = depth + 1, count + 1
                if depth > MAX_BRACKET_DEPTH or count > MAX_BRACKETS:
                    why = (f"方括号 [ ] 嵌套超过 {MAX_BRACKET_DEPTH} 层" if depth > MAX_BRACKET_DEPTH
                           else f"方括号 [ ] 超过 {MAX_BRACKETS} 个")
                    return Issue(where.file, f"{why}，无法排版。请删去多余的方括号，或改用中文方头括号【】。",
                                 line=n, column=str(column), reason=Reason.TEMPLATE_TOO_DEEP)
    return None


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
    parts: Sequence[Section] = SECTIONS,
    vocab: Vocabulary | None = None,
) -> Narrative:
    """Render `source` for the year of `indicators`; raise ValidationFailed on any error.
    `parts` are the level-1 sections it may have (the district summary's differ) and `vocab`
    what it may name (default: the indicators, every chart and table)."""
    where = read_source(source)
    placements: dict[str, Placement] = {}
    markdown = fill(where, indicators, info, placements, parts, vocab)
    doc = sanitize.sanitize(sanitize.parse(markdown))
    preamble, sections = _split(doc, where, parts, placements)
    return Narrative(source, preamble, sections)


def fill(
    where: Located, indicators: IndicatorSet, info: BasicInfo, placements: dict[str, Placement],
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
        raise ValidationFailed([Issue(where.file, "叙述稿的条件或括号嵌套过深，无法生成，请拆开来写。",
                                      reason=Reason.TEMPLATE_TOO_DEEP)]) from None
    template = env.template_class.from_code(env, code, env.make_globals(None), None)
    parts: list[str] = []
    size = 0
    try:
        for part in template.generate(names):
            parts.append(part)
            size += len(part)
            if size > MAX_CHARACTERS:
                raise ValidationFailed([Issue(where.file, f"叙述稿生成的文字超过 {MAX_CHARACTERS} 字的上限，"
                                              "已停止生成。一份报告的文字远少于此，请检查文件是否重复粘贴了内容。",
                                              reason=Reason.TEXT_TOO_LONG)])
        return "".join(parts)
    except (TemplateError, TypeError, ValueError, ArithmeticError, RecursionError) as exc:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == where.file]
        line = frames[-1].lineno if frames and frames[-1].lineno else 1
        why = "出于安全原因，叙述稿不允许这种写法" if isinstance(exc, SecurityError) else "无法填写此处的占位符"
        reason = Reason.TEMPLATE_FORBIDDEN if isinstance(exc, SecurityError) else Reason.TEMPLATE_FILL_FAILED
        raise ValidationFailed([where.issue(reason, line, None, f"{why}：{exc}")]) from None


def _split(
    doc: sanitize.Node, where: Located, sections: Sequence[Section], placements: Mapping[str, Placement]
) -> tuple[Pieces, dict[int, Pieces]]:
    """The pieces before the first section, and per section; all text written by one pandoc call."""
    groups: list[tuple[int, list[sanitize.Node]]] = [(0, [])]
    for block in doc["blocks"]:
        if block["t"] == "Header" and block["c"][0] == 1:
            section = match_section(_plain(block["c"][2]), sections)
            if section is None:
                raise ValidationFailed([Issue(where.file, f"一级标题「{_plain(block['c'][2])}」不是规定的报告部分。",
                                              reason=Reason.SECTION_UNKNOWN)])
            groups.append((section.number, []))
        else:
            groups[-1][1].append(block)
    runs = [_runs(blocks, where, placements) for _, blocks in groups]
    texts = iter(_write([run for section in runs for run in section if not isinstance(run, Placement)], doc))
    pieces = [tuple(run if isinstance(run, Placement) else Text(next(texts)) for run in section) for section in runs]
    kept = [tuple(p for p in section if not isinstance(p, Text) or p.markdown) for section in pieces]
    return kept[0], {number: section for (number, _), section in zip(groups[1:], kept[1:], strict=True)}


def _runs(
    blocks: list[sanitize.Node], where: Located, placements: Mapping[str, Placement]
) -> list[list[sanitize.Node] | Placement]:
    """A section's blocks cut at its placement paragraphs: runs of text blocks and placements."""
    runs: list[list[sanitize.Node] | Placement] = []
    text: list[sanitize.Node] = []
    for block in blocks:
        token = _lone_word(block)
        if token is not None and token in placements:
            runs += [text, placements[token]]
            text = []
        elif any(t in json.dumps(block, ensure_ascii=False) for t in placements):
            # a placement inside a list, quote or table: the static check should have said so
            raise ValidationFailed([Issue(where.file, "图表和表格占位符须单独成段。", reason=Reason.PLACEMENT_NOT_ALONE)])
        else:
            text.append(block)
    return [*runs, text]


def _lone_word(block: sanitize.Node) -> str | None:
    """The text of a paragraph made of one word only (what a placement's token paragraph is)."""
    inlines = block["c"] if block["t"] == "Para" else None
    if inlines and len(inlines) == 1 and inlines[0]["t"] == "Str":
        return str(inlines[0]["c"])
    return None


def _write(runs: list[list[sanitize.Node]], doc: sanitize.Node) -> list[str]:
    """Each run of blocks as Markdown, written by one pandoc call: the runs are joined with a
    separator paragraph (a fresh nonce, so no text can hold it) and the output cut there."""
    separator = f"fazhisep{secrets.token_hex(8)}x"
    blocks: list[sanitize.Node] = []
    for run in runs:
        blocks += [{"t": "Para", "c": [{"t": "Str", "c": separator}]}, *run]
    parts = sanitize.write({**doc, "blocks": blocks}).split(f"{separator}\n")[1:] if runs else []
    if len(parts) != len(runs):
        raise RenderError("pandoc", "叙述稿分段失败，请联系技术支持。")
    return [p.strip() for p in parts]


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
