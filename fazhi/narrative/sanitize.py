"""Make a narrative's Markdown inert: text and structure pass, nothing that could execute.

The narrative is parsed by pandoc with every raw-passthrough extension turned off, so
``<script>``, ```` ```{=html} ```` and ``$…$`` are read as plain text. The AST walk then removes
what could still reach an output as markup or a request: raw blocks (belt and braces), links
(their text stays, the target goes: no ``javascript:`` and no external URL in the offline
page), images (no external files), attributes (no Quarto classes such as ``.callout`` or
``content-visible``), and code (its text stays as plain text, so no `` `{python} …` `` inline
expression or fence survives). pandoc's own Markdown writer then escapes what remains, and its
HTML and Typst writers escape it again for their formats (``#read(…)`` stays text in Typst).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import pypandoc

from ..errors import RenderError

READER = "markdown" + "".join(
    f"-{ext}"
    for ext in (
        "raw_html",
        "raw_attribute",
        "raw_tex",
        "latex_macros",
        "tex_math_dollars",
        "tex_math_single_backslash",
        "tex_math_double_backslash",
        "markdown_in_html_blocks",
        "native_divs",
        "native_spans",
        "citations",
        "implicit_figures",
        "yaml_metadata_block",
        "smart",
    )
)
# The writer uses pandoc's full Markdown so it escapes everything its own reader (and Quarto's)
# would otherwise interpret; `--wrap=none` keeps a Chinese paragraph on one line. Without
# `smart` on either side, Chinese quotation marks “” stay as typed (pandoc would otherwise
# write them as ASCII quotes and read them back facing the wrong way after a Chinese character).
WRITER = "markdown-smart"
WRITER_ARGS = ["--wrap=none"]

Node = dict[str, Any]
_NO_ATTR: list[Any] = ["", [], []]
_DROP = {"RawBlock", "RawInline", "Image", "Figure"}
_UNWRAP = {"Div": 1, "Span": 1, "Link": 1, "Cite": 1}  # element type → index of its content


def parse(markdown: str) -> Node:
    """Markdown (already templated) → pandoc's JSON document, raw passthroughs disabled."""
    try:
        doc: Node = json.loads(pypandoc.convert_text(markdown, "json", format=READER))
        return doc
    except RuntimeError as exc:
        raise RenderError("pandoc", f"无法解析叙述稿：{exc}") from exc


def write(doc: Node) -> str:
    """A pandoc JSON document → Markdown, written by pandoc (which escapes every special character)."""
    try:
        return str(pypandoc.convert_text(json.dumps(doc), WRITER, format="json", extra_args=WRITER_ARGS))
    except RuntimeError as exc:
        raise RenderError("pandoc", f"无法写出叙述稿：{exc}") from exc


def sanitize(doc: Node) -> Node:
    """The same document with every executable or external element neutralised (see module
    doc); its metadata is dropped, since only the body reaches the report."""
    return {**doc, "meta": {}, "blocks": list(_walk_list(doc["blocks"]))}


def _walk_list(items: list[Any]) -> Iterable[Any]:
    for i, item in enumerate(items):
        if isinstance(item, dict) and item.get("t") == "SoftBreak":
            if _words_on_both_sides(items, i):
                yield {"t": "Space"}
            continue
        yield from _walk(item)


def _words_on_both_sides(items: list[Any], i: int) -> bool:
    """A line break inside a paragraph is a space only between two Latin words; between
    Chinese characters, numbers and punctuation it is nothing (authors break long paragraphs
    and put {% if %} clauses on lines of their own)."""

    def edge(item: Any, at: int) -> str:
        return item["c"][at] if isinstance(item, dict) and item.get("t") == "Str" and item["c"] else ""

    before, after = edge(items[i - 1], -1) if i else "", edge(items[i + 1], 0) if i + 1 < len(items) else ""
    return all(ch.isascii() and ch.isalpha() for ch in (before, after)) and bool(before and after)


def _walk(value: Any) -> Iterator[Any]:
    """Yield the sanitised replacement(s) of one AST value (zero, one or several)."""
    if isinstance(value, list):
        yield list(_walk_list(value))
        return
    if not isinstance(value, dict) or "t" not in value:
        yield value
        return
    kind = value["t"]
    content: Any = value.get("c")  # its shape depends on the kind
    if kind in _DROP:
        return
    if kind in _UNWRAP:
        yield from _walk_list(content[_UNWRAP[kind]])
    elif kind in ("Code", "Math"):
        yield {"t": "Str", "c": content[-1]}
    elif kind == "CodeBlock":
        yield {"t": "Para", "c": _lines(content[1])}
    elif kind == "Header":
        yield {"t": "Header", "c": [content[0], _NO_ATTR, list(_walk_list(content[2]))]}
    elif kind == "Table":
        yield {"t": "Table", "c": [_NO_ATTR, *(next(_walk(part)) for part in content[1:])]}
    elif content is None:
        yield value
    else:
        yield {"t": kind, "c": next(_walk(content))}


def _lines(text: str) -> list[Node]:
    """A code block's lines as plain text separated by line breaks."""
    out: list[Node] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append({"t": "LineBreak"})
        out.append({"t": "Str", "c": line})
    return out
