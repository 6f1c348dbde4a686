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

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pypandoc
import typst

from ..errors import RenderError
from ..fmt import date_cn
from ..fonts import load_roles, project_font_paths, resolve_fonts, substitution_summary, typst_font_inputs
from ..project import REPORT_NAME, Project


@dataclass(frozen=True)
class PdfMeta:
    """What the PDF's document properties say (Title, Author, Subject, Keywords, date)."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    issued: dt.date

    @classmethod
    def of(cls, report: Any) -> PdfMeta:
        return cls.for_info(report.title_text, report.info)

    @classmethod
    def for_info(cls, title: str, info: Any) -> PdfMeta:
        """From a report's title and its 基本信息 (`fazhi.workbook.records.BasicInfo`)."""
        return cls(
            title=title,
            author=info.issuer,
            subject=f"{info.county}{info.township}{info.year}年度{REPORT_NAME}（{date_cn(info.date)}）",
            keywords=(info.county, info.township, f"{info.year}年", "法治政府建设"),
            issued=info.date,
        )

    def metadata_pairs(self) -> list[tuple[str, str]]:
        """pandoc/Quarto metadata read by pandoc-template.typ and typst-show.typ (one pair per value)."""
        pairs = [("pagetitle", self.title), ("author-meta", self.author), ("subject", self.subject)]
        pairs += [("keywords", k) for k in self.keywords]
        return pairs + [("issued", self.issued.isoformat())]

    @property
    def timestamp(self) -> int:
        """00:00 UTC of the 成文日期, as UNIX seconds (the compiler's SOURCE_DATE_EPOCH)."""
        return int(dt.datetime(self.issued.year, self.issued.month, self.issued.day, tzinfo=dt.UTC).timestamp())


def to_typst(markdown: str, meta: PdfMeta, project: Project) -> str:
    args = [f"--template={project.templates_dir / 'pandoc-template.typ'}"]
    args += [f"--metadata={key}:{value}" for key, value in meta.metadata_pairs()]
    try:
        return str(pypandoc.convert_text(markdown, "typst", format="markdown", extra_args=args))
    except RuntimeError as exc:
        raise RenderError("pandoc", f"生成 Typst 失败：{exc}") from exc


def compile_pdf(source: str, meta: PdfMeta, project: Project) -> tuple[bytes, list[str]]:
    """Typst source → PDF/A-2b bytes, plus messages (font substitutes, Typst warnings)."""
    fonts = project_font_paths(project.root)
    roles = load_roles(project.templates_dir)
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
    summary = substitution_summary(resolve_fonts(fonts, roles))
    assert isinstance(pdf, bytes)  # one PDF: no per-page output was asked for
    return pdf, ([summary] if summary else []) + messages


def render(built: Any, project: Project) -> bytes:
    meta = PdfMeta.of(built.report)
    source = to_typst(built.markdown, meta, project)
    built.session.exporter.finish()
    pdf, messages = compile_pdf(source, meta, project)
    built.session.messages.extend(messages)
    return pdf
