"""Markdown → Typst (pandoc, with the GB/T 9704 template) → PDF (the `typst` package).

Charts are the cached SVG files under `figures/`, so the PDF waits for the SVG exporter
before compiling. Fonts come from the project's `.fonts/` folder (free stand-ins installed by
`scripts/install_fonts.sh`) and the system.
"""

from __future__ import annotations

import pypandoc
import typst

from ..errors import RenderError
from ..project import Project


def to_typst(built, project: Project) -> str:
    report = built.report
    args = [
        f"--template={project.templates_dir / 'pandoc-template.typ'}",
        "--metadata", f"title-meta={report.title_text}",
        "--metadata", f"author-meta={report.info.issuer}",
        "--metadata", "lang=zh",
    ]
    try:
        return pypandoc.convert_text(built.markdown, "typst", format="markdown", extra_args=args)
    except RuntimeError as exc:
        raise RenderError("pandoc", f"生成 Typst 失败：{exc}") from exc


def render(built, project: Project) -> bytes:
    source = to_typst(built, project)
    built.session.exporter.finish()
    fonts = [str(p) for p in (project.root / ".fonts",) if p.is_dir()]
    try:
        return typst.compile(source.encode("utf-8"), root=str(project.root), font_paths=fonts)
    except Exception as exc:  # typst raises its own error type with the compiler's message
        raise RenderError("typst", f"生成 PDF 失败：{exc}") from exc
