"""Markdown → one self-contained HTML page (pandoc), with the one inline copy of plotly.js.

The page needs no network: the stylesheet (`templates/report.css`, shared with Quarto) is
inlined, plotly.js is inlined once in the head when the page has a chart, and pandoc's
template loads nothing else. Limitations: no MathJax (reports have no formulas) and no
syntax highlighting of code (reports have no code).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import pypandoc

from ..charts.interactive import plotly_js
from ..errors import RenderError
from ..project import Project
from .formats import Rendered

if TYPE_CHECKING:
    from .fast import BuiltReport

PLOTLY_DIV = 'class="plotly-graph-div"'


def render(built: BuiltReport, project: Project) -> Rendered:
    report = built.report
    css = (project.templates_dir / "report.css").read_text(encoding="utf-8")
    args = [
        "--standalone",
        "--quiet",  # pandoc has no zh translations for its own few words; we supply them
        f"--template={project.templates_dir / 'report.html'}",
        "--toc",
        "--toc-depth=2",
        "--section-divs",
        "--metadata", "pagetitle=-",  # the real <title> is written below, escaped
        "--metadata", "lang=zh-CN",
        "--variable", "toc-title=目录",
    ]
    try:
        page = str(pypandoc.convert_text(built.markdown, "html5", format="markdown-citations", extra_args=args,
                                         verify_format=False))
    except RuntimeError as exc:
        raise RenderError("pandoc", f"生成 HTML 失败：{exc}") from exc
    return Rendered(page.replace(HEAD_MARKER, _head(report, css, with_plotly=PLOTLY_DIV in page), 1).encode("utf-8"))


HEAD_MARKER = "<!--fazhi:head-->"


def _head(report: Any, css: str, *, with_plotly: bool) -> str:
    """Title, document properties, styles and plotly.js; values from the workbook are escaped
    here, in Python, because pandoc's templates leave quotes in attribute values as they are."""
    meta = {"author": report.info.issuer, "dcterms.date": report.info.date.isoformat(), "generator": "fazhi"}
    head = [f"<title>{html.escape(report.title_text)}</title>"]
    head += [f'<meta name="{name}" content="{html.escape(value, quote=True)}">' for name, value in meta.items()]
    head.append(f"<style>\n{css}\n</style>")
    if with_plotly:
        head.append(f'<script type="text/javascript">{plotly_js()}</script>')
    return "\n".join(head)
