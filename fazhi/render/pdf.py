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

import threading
from collections.abc import Sequence
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pypandoc
import typst

from ..atomic import write_all
from ..errors import RenderError
from ..fonts import (
    FontRole,
    font_files,
    font_folders,
    load_roles,
    project_font_paths,
    resolve_fonts,
    substitution_summary,
    typst_font_inputs,
    typst_fonts,
)
from ..glyphs import fallback_message, settable_charts, unsettable, with_fallback
from ..project import Project
from .formats import Rendered
from .properties import PdfMeta

if TYPE_CHECKING:
    from .fast import BuiltReport
    from .job import RenderJob


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
    compiler, inputs = _compiler_for(project, fonts, roles)
    refused: frozenset[str] = frozenset()
    try:
        try:
            pdf, warnings = _compile(compiler, source, inputs, meta.timestamp)
        except typst.TypstError:
            refused = unsettable(source, fonts) | settable_charts(project.figures_dir, source, fonts)
            if not refused:
                raise
            pdf, warnings = _compile(compiler, with_fallback(source, refused), inputs, meta.timestamp)
    except (typst.TypstError, RuntimeError) as exc:
        raise RenderError("typst", f"生成 PDF 失败：{exc}") from exc
    messages = [f"Typst：{w.message}" for w in warnings]
    if refused:
        messages.append(fallback_message(refused))
    summary = substitution_summary(resolve_fonts(fonts, roles))
    return pdf, ([summary] if summary else []) + messages


# The Typst source of each report's last PDF, named by the job's key: a next render of the
# same report (--force, an edited narrative) compiles it on the spare core before its own
# source exists, which leaves Typst's memo caches warm for the real compile.
PREVIOUS_SOURCES = Path(".cache") / "typst"


def head_start(job: RenderJob) -> None:
    """While the document executes: compile this report's previous Typst source, if kept.

    Typst memoises fonts, shaping and layout for the life of its process, so the real compile
    then redoes only what changed (an unchanged report: ~0.03 s instead of ~0.3 s)."""
    try:
        source = (job.project.root / PREVIOUS_SOURCES / f"{job.key}.typ").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    _warm_up(job.project, source)


def _warm_up(project: Project, source: str) -> None:
    """Compile `source` for its side effect on Typst's caches; a failure is only a lost head
    start (the real compile reports its own)."""
    compiler, inputs = _compiler_for(project, project_font_paths(project.root), load_roles(project.templates_dir))
    try:
        _compile(compiler, source, inputs, None)
    except (typst.TypstError, RuntimeError):
        pass


def _keep_source(project: Project, key: str, source: str) -> None:
    with suppress(OSError):
        write_all({project.root / PREVIOUS_SOURCES / f"{key}.typ": source.encode("utf-8")})


def _compiler_for(project: Project, fonts: Sequence[Path], roles: Sequence[FontRole]) -> tuple[typst.Compiler, dict[str, str]]:
    folders = font_folders(fonts)
    return _compiler(str(project.root), folders, font_files(folders)), typst_font_inputs(fonts, roles)


@lru_cache(maxsize=2)
def _compiler(root: str, folders: tuple[str, ...], files: frozenset[tuple[str, int]]) -> typst.Compiler:
    """One compiler per project and fonts (the fonts' scan shared with `fonts`' catalogue)."""
    return typst.Compiler(root=root, font_paths=typst_fonts(folders, files))


# A compiler compiles one document at a time; a head start may still be compiling in its
# thread when the render's own compile begins, which then waits (and gains from it).
_compiling = threading.Lock()


def _compile(compiler: typst.Compiler, source: str, inputs: dict[str, str], timestamp: int | None) -> tuple[bytes, list[Any]]:
    with _compiling:
        pdf, warnings = compiler.compile_with_warnings(
            source.encode("utf-8"), sys_inputs=inputs, pdf_standards="a-2b", timestamp=timestamp)
    assert isinstance(pdf, bytes)  # one PDF: no per-page output was asked for
    return pdf, list(warnings)


def render(built: BuiltReport, project: Project) -> Rendered:
    meta = PdfMeta.of(built.report)
    source = to_typst(built.markdown, meta, project)
    built.session.exporter.finish()  # the charts' SVGs are on disk
    pdf, messages = compile_pdf(source, meta, project)
    if built.session.job_key:
        _keep_source(project, built.session.job_key, source)
    return Rendered(pdf, tuple(messages))
