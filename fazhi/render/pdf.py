"""Markdown → Typst (pandoc, with the GB/T 9704 template) → PDF/A-2b (the `typst` package).

The layout is `templates/gongwen.typ`, reached through `templates/pandoc-template.typ`; Quarto
reaches the same file through its template partials. Charts are the cached SVG files under
`figures/`, so the PDF waits for the SVG exporter before compiling. Fonts come from the
project's `.fonts/` folder (free stand-ins installed by `scripts/install_fonts.sh`) and the
system; when a role falls back to a stand-in, one line says so in the render's messages.

Identical inputs give identical bytes: the PDF's date is the report's 成文日期, passed both as
document metadata and as the compiler's timestamp. Pagination (charts and tables placed near
their text, the 落款 kept with it) is the layout's own: docs/layout.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pypandoc
import typst

from ..errors import RenderError
from ..fonts import load_roles, project_font_paths, resolve_fonts, substitution_summary, typst_font_inputs
from ..glyphs import fallback_message, unsettable, with_fallback
from ..project import Project
from .formats import Rendered
from .properties import PdfMeta

if TYPE_CHECKING:
    from .fast import BuiltReport


def to_typst(markdown: str, meta: PdfMeta, project: Project) -> str:
    args = [f"--template={project.templates_dir / 'pandoc-template.typ'}"]
    args += [f"--metadata={key}:{value}" for key, value in meta.metadata_pairs()]
    try:
        return str(pypandoc.convert_text(markdown, "typst", format="markdown-citations", extra_args=args, verify_format=False))
    except RuntimeError as exc:
        raise RenderError("pandoc", f"生成 Typst 失败：{exc}") from exc


def compile_pdf(source: str, meta: PdfMeta, project: Project) -> tuple[bytes, list[str]]:
    """Typst source → PDF/A-2b bytes, plus messages (font substitutes, Typst warnings)."""
    fonts = project_font_paths(project.root)
    roles = load_roles(project.templates_dir)
    refused = unsettable(source, fonts)  # a character no font has would fail the whole PDF/A
    source = with_fallback(source, refused)
    try:
        pdf, warnings = typst.Compiler(root=str(project.root), font_paths=[str(p) for p in fonts]).compile_with_warnings(
            source.encode("utf-8"),
            sys_inputs=typst_font_inputs(fonts, roles),
            pdf_standards="a-2b",
            timestamp=meta.timestamp,
        )
    except (typst.TypstError, RuntimeError) as exc:
        raise RenderError("typst", f"生成 PDF 失败：{exc}") from exc
    messages = [f"Typst：{w.message}" for w in warnings]
    if refused:
        messages.append(fallback_message(refused))
    summary = substitution_summary(resolve_fonts(fonts, roles))
    assert isinstance(pdf, bytes)  # one PDF: no per-page output was asked for
    return pdf, ([summary] if summary else []) + messages


def render(built: BuiltReport, project: Project) -> Rendered:
    meta = PdfMeta.of(built.report)
    source = to_typst(built.markdown, meta, project)
    built.session.exporter.finish()  # the charts' SVGs are on disk
    pdf, messages = compile_pdf(source, meta, project)
    return Rendered(pdf, tuple(messages))
