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

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pypandoc
import typst

from ..errors import RenderError
from ..fonts import load_roles, project_font_paths, resolve_fonts, substitution_summary, typst_font_inputs
from ..glyphs import fallback_message, settable_charts, unsettable, with_fallback
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
    """Typst source → PDF/A-2b bytes, plus messages (font substitutes, Typst warnings).

    PDF/A refuses a character no font has. The usual document has none, so it is compiled as
    it is; only when Typst refuses one are all such characters found (`glyphs.unsettable`, in
    the text and in the SVG charts) and set as the fallback, and the document compiled again.
    """
    fonts = project_font_paths(project.root)
    roles = load_roles(project.templates_dir)
    compiler = _compiler(str(project.root), tuple(str(p) for p in fonts), _font_files(fonts))
    inputs = typst_font_inputs(fonts, roles)
    refused: frozenset[str] = frozenset()
    try:
        try:
            pdf, warnings = _compile(compiler, source, inputs, meta)
        except typst.TypstError:
            refused = unsettable(source, fonts) | settable_charts(project.figures_dir, source, fonts)
            if not refused:
                raise
            pdf, warnings = _compile(compiler, with_fallback(source, refused), inputs, meta)
    except (typst.TypstError, RuntimeError) as exc:
        raise RenderError("typst", f"生成 PDF 失败：{exc}") from exc
    messages = [f"Typst：{w.message}" for w in warnings]
    if refused:
        messages.append(fallback_message(refused))
    summary = substitution_summary(resolve_fonts(fonts, roles))
    return pdf, ([summary] if summary else []) + messages


@lru_cache(maxsize=2)
def _compiler(root: str, font_paths: tuple[str, ...], font_files: frozenset[tuple[str, int]]) -> typst.Compiler:
    """One compiler per project and fonts (making one scans every font, ~0.15 s); `font_files`
    is in the key so that a font added meanwhile (a long preview session) is seen."""
    return typst.Compiler(root=root, font_paths=list(font_paths))


def _font_files(folders: Sequence[Path]) -> frozenset[tuple[str, int]]:
    files = (p for folder in folders if folder.is_dir() for p in folder.rglob("*") if p.is_file())
    return frozenset((str(p), p.stat().st_size) for p in files)


def _compile(compiler: typst.Compiler, source: str, inputs: dict[str, str], meta: PdfMeta) -> tuple[bytes, list[Any]]:
    pdf, warnings = compiler.compile_with_warnings(
        source.encode("utf-8"), sys_inputs=inputs, pdf_standards="a-2b", timestamp=meta.timestamp)
    assert isinstance(pdf, bytes)  # one PDF: no per-page output was asked for
    return pdf, list(warnings)


def render(built: BuiltReport, project: Project) -> Rendered:
    meta = PdfMeta.of(built.report)
    source = to_typst(built.markdown, meta, project)
    built.session.exporter.finish()  # the charts' SVGs are on disk
    pdf, messages = compile_pdf(source, meta, project)
    return Rendered(pdf, tuple(messages))
