"""The fast engine's Quarto runner: execute a `.qmd` document's Python cells in-process.

Supported subset of Quarto (anything else is an `UnsupportedQuarto` error that suggests
`--engine quarto`):

- YAML front matter, including `params:`; parameters are injected after the cell tagged
  `parameters` (as papermill and Quarto do), or at the top when there is no such cell.
- ```` ```{python} ```` cells with `#|` options: `echo` (false, or true to show the code),
  `output` (true / false / asis), `include` (false runs the cell and shows nothing),
  `label`, `fig-cap`, `tbl-cap`, `tags`.
- A cell's printed output: verbatim Markdown with `output: asis`, a code block otherwise.
  A cell's last expression is displayed like Jupyter: an object with `_repr_markdown_` as
  Markdown, a pandas DataFrame as a table, a plotly figure through the report's figure
  emitter, anything else as text. `fig-cap` / `tbl-cap` caption it.
- Inline expressions `` `{python} expr` `` in the prose.

Not supported: other languages' cells, shortcodes (`{{< >}}`), `eval`, `warning` and the other
execution options, which would silently change meaning if ignored.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import FazhiError, RenderError

SUPPORTED_OPTIONS = frozenset({"echo", "output", "include", "label", "fig-cap", "tbl-cap", "tags"})

_CELL_OPEN = re.compile(r"^(?P<fence>`{3,})\s*\{(?P<lang>[A-Za-z0-9_-]+)(?P<rest>[^}]*)\}\s*$")
_INLINE = re.compile(r"`\{python\}\s+([^`]+)`")
_INLINE_OTHER = re.compile(r"`\{(?!python\})[A-Za-z]+\}\s+[^`]+`")
_SHORTCODE = re.compile(r"\{\{<.*?>\}\}")


class UnsupportedQuarto(FazhiError):
    """The document uses Quarto features the fast engine does not implement."""

    def __init__(self, path: Path, line: int, what: str):
        super().__init__(
            f"{path} 第{line}行：快速引擎不支持 {what}。"
            "请改用支持的写法（见 docs/engine.md），或使用 `fazhi render --engine quarto`（需要安装 Quarto）。"
        )


@dataclass(frozen=True)
class Cell:
    number: int  # 1-based among code cells, as a user counts them
    line: int  # line of the opening fence in the .qmd
    source: str
    options: Mapping[str, Any]

    @property
    def label(self) -> str | None:
        return self.options.get("label")

    def describe(self) -> str:
        name = f"「{self.label}」" if self.label else ""
        return f"第{self.number}个代码块{name}（第{self.line}行）"


@dataclass(frozen=True)
class QmdDocument:
    path: Path
    front_matter: Mapping[str, Any]
    parts: tuple[str | Cell, ...]  # Markdown text and cells, in order

    @property
    def params(self) -> Mapping[str, Any]:
        return self.front_matter.get("params") or {}

    @property
    def default_echo(self) -> bool:
        """`execute: echo:` from the front matter; False when unset (Quarto's default is True)."""
        return bool((self.front_matter.get("execute") or {}).get("echo", False))


@dataclass(frozen=True)
class Display:
    """How a cell's displayed plotly figure becomes Markdown: (figure, caption, label) -> Markdown."""

    figure: Callable[[Any, str | None, str | None], str] | None = None


def parse_qmd(text: str, path: Path) -> QmdDocument:
    """Split a .qmd into front matter, Markdown and cells; reject what the engine can't do."""
    lines = text.splitlines()
    front: dict[str, Any] = {}
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is None:
            raise UnsupportedQuarto(path, 1, "未结束的 YAML 头（缺少结尾的 ---）")
        try:
            front = yaml.safe_load("\n".join(lines[1:end])) or {}
        except yaml.YAMLError as exc:
            raise RenderError("report.qmd", f"{path} 的 YAML 头无法解析：{exc}") from None
        start = end + 1

    parts: list[str | Cell] = []
    buffer: list[str] = []
    i, number = start, 0
    while i < len(lines):
        match = _CELL_OPEN.match(lines[i])
        if not match:
            _reject_unsupported_prose(lines[i], path, i + 1)
            buffer.append(lines[i])
            i += 1
            continue
        if match["lang"] != "python":
            raise UnsupportedQuarto(path, i + 1, f"「{match['lang']}」代码块（只支持 python）")
        fence, open_line = match["fence"], i + 1
        body: list[str] = []
        i += 1
        while i < len(lines) and not (lines[i].startswith(fence) and lines[i].strip() == fence):
            body.append(lines[i])
            i += 1
        if i == len(lines):
            raise UnsupportedQuarto(path, open_line, "未结束的代码块")
        i += 1
        number += 1
        parts.append("\n".join(buffer))
        buffer = []
        parts.append(_make_cell(number, open_line, body, path))
    parts.append("\n".join(buffer))
    return QmdDocument(path, front, tuple(p for p in parts if not (isinstance(p, str) and p == "")))


def _reject_unsupported_prose(line: str, path: Path, number: int) -> None:
    if _SHORTCODE.search(line):
        raise UnsupportedQuarto(path, number, "Quarto 短代码（{{< … >}}）")
    if _INLINE_OTHER.search(line):
        raise UnsupportedQuarto(path, number, "非 python 的行内代码")


def _make_cell(number: int, line: int, body: list[str], path: Path) -> Cell:
    option_lines = []
    for text in body:
        if text.startswith("#|"):
            option_lines.append(text[2:])
        else:
            break
    try:
        options = yaml.safe_load("\n".join(option_lines)) or {} if option_lines else {}
    except yaml.YAMLError as exc:
        raise UnsupportedQuarto(path, line, f"无法解析的代码块选项（{exc.__class__.__name__}）") from None
    if not isinstance(options, dict):
        raise UnsupportedQuarto(path, line, "代码块选项必须是「#| 键: 值」的形式")
    unknown = sorted(set(options) - SUPPORTED_OPTIONS)
    if unknown:
        raise UnsupportedQuarto(path, line, f"代码块选项 {', '.join(unknown)}")
    output = options.get("output", True)
    if output not in (True, False, "asis"):
        raise UnsupportedQuarto(path, line, f"output: {output}")
    source = "\n".join(body[len(option_lines):])
    return Cell(number, line, source, options)


def run_qmd(doc: QmdDocument, params: Mapping[str, Any], display: Display | None = None) -> str:
    """Execute the cells in order with `params` injected; return the document as Markdown."""
    display = display or Display()
    unknown = sorted(set(params) - set(doc.params))
    if unknown:
        raise RenderError("report.qmd", f"参数 {', '.join(unknown)} 未在 {doc.path.name} 的 params 中声明。")
    namespace: dict[str, Any] = {"__name__": "__main__"}
    has_parameters_cell = any(isinstance(p, Cell) and "parameters" in (p.options.get("tags") or []) for p in doc.parts)
    if not has_parameters_cell:
        namespace.update(doc.params)
        namespace.update(params)
    out: list[str] = []
    for part in doc.parts:
        if isinstance(part, str):
            out.append(_inline(part, namespace, doc.path))
            continue
        out.append(_run_cell(part, namespace, doc.path, display, doc.default_echo))
        if "parameters" in (part.options.get("tags") or []):
            namespace.update(params)
    return "\n".join(out)


def _inline(text: str, namespace: dict[str, Any], path: Path) -> str:
    def value(match: re.Match[str]) -> str:
        try:
            return str(eval(match[1], namespace))  # the template's own code, not user data
        except FazhiError:
            raise
        except Exception as exc:
            raise RenderError("report.qmd", f"{path.name} 中的行内代码 `{match[1]}` 出错：{type(exc).__name__}: {exc}") from exc

    return _INLINE.sub(value, text)


def _run_cell(cell: Cell, namespace: dict[str, Any], path: Path, display: Display, default_echo: bool) -> str:
    tree = ast.parse(cell.source, filename=f"{path.name}:cell{cell.number}")
    last = tree.body[-1] if tree.body else None
    last_expr = last if isinstance(last, ast.Expr) else None
    if last_expr is not None:
        tree.body.pop()
    stdout = io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout):
            exec(compile(tree, f"{path.name}:cell{cell.number}", "exec"), namespace)
            value = eval(compile(ast.Expression(last_expr.value), path.name, "eval"), namespace) if last_expr else None
    except FazhiError:
        raise
    except Exception as exc:
        raise RenderError("report.qmd", f"{cell.describe()}运行出错：{type(exc).__name__}: {exc}") from exc

    options = cell.options
    if options.get("include") is False or options.get("output") is False:
        return ""
    pieces: list[str] = []
    if options.get("echo", default_echo) is True:
        pieces.append(f"```python\n{cell.source}\n```")
    printed = stdout.getvalue()
    if printed:
        pieces.append(printed if options.get("output") == "asis" else _code_block(printed))
    if value is not None:
        pieces.append(_display(value, cell, display))
    return "\n\n".join(pieces)


def _display(value: Any, cell: Cell, display: Display) -> str:
    fig_cap, tbl_cap = cell.options.get("fig-cap"), cell.options.get("tbl-cap")
    if type(value).__module__.startswith("plotly") and display.figure is not None:
        return display.figure(value, fig_cap, cell.label)
    if hasattr(value, "_repr_markdown_"):
        return str(value._repr_markdown_())
    if type(value).__name__ == "DataFrame":
        table = str(value.to_markdown(index=False))
        if tbl_cap:
            label = f" {{#{cell.label}}}" if cell.label else ""
            table += f"\n\n: {tbl_cap}{label}"
        return table
    return _code_block(repr(value))


def _code_block(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text.rstrip()}\n{fence}"
