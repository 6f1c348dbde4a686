"""The fast engine: run the template once in this process, then write each requested format.

`build_document()` executes the document's cells with the parameters injected and returns
Markdown plus the report's facts; each format's renderer (`formats.FORMATS`) turns that one
`BuiltReport` into bytes; all outputs are then written atomically. Imports are local so that
choosing an engine (`fazhi --help`, the batch's skip check) loads none of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import write_all
from ..errors import InputError, RenderError
from .formats import FORMATS, Rendered, Renderer
from .job import RenderJob, RenderResult

if TYPE_CHECKING:
    from ..elements import Elements
    from ..session import Session


@dataclass(frozen=True)
class BuiltReport:
    """The executed document: Markdown for pandoc and the facts the renderers need."""

    markdown: str
    report: Elements
    session: Session


def build_document(qmd: Path, params: Mapping[str, object], session: Session) -> BuiltReport:
    """Execute a report template (report.qmd, district.qmd) with `params` inside an engine session."""
    from ..qmd import Display, parse_qmd, run_qmd

    if not qmd.exists():
        raise InputError(f"找不到报告模板 {qmd}。请在项目根目录运行，或用 --root 指定项目目录。")
    doc = parse_qmd(qmd.read_text(encoding="utf-8"), qmd)

    def figure(fig: Any, caption: str | None, label: str | None) -> str:  # a plotly figure displayed by a cell
        return session.reports[-1].figure(fig, caption, label)

    markdown = run_qmd(doc, params, Display(figure))
    if not session.reports:
        raise RenderError(qmd.name, "模板没有调用 open_report（或 open_district），无法得知报告信息。")
    return BuiltReport(markdown, session.reports[0], session)


@dataclass(frozen=True)
class FastEngine:
    """fazhi's own engine. `renderers` replaces some formats' renderers (tests swap one in)."""

    renderers: Mapping[str, Renderer] = field(default_factory=dict)

    def check(self, formats: Sequence[str]) -> None:
        """Nothing to check: the fast engine makes every format, with fazhi's own dependencies."""

    def render(self, job: RenderJob) -> RenderResult:
        """Execute the template once, render each format and write the files atomically."""
        from ..session import engine_session

        renderers = {fmt: self.renderers.get(fmt) or FORMATS[fmt].load_renderer() for fmt in job.formats}
        static_figures = any(FORMATS[name].static_charts for name in job.formats)
        with engine_session(job.project.figures_dir, job.exporter, static_figures, job.key) as session, \
                ThreadPoolExecutor(max_workers=2 * len(job.formats)) as pool:
            # This process renders alone and draws no charts apart: the second core is free now.
            # (Not while a drawing process runs: the two would add up to the render's memory peak.)
            if session.exporter.idle_core:
                for start in filter(None, (FORMATS[fmt].load_head_start() for fmt in job.formats)):
                    pool.submit(start, job)
            built = build_document(job.document, job.params, session)
            # Formats render side by side: pandoc runs as a subprocess while the PDF draws its
            # charts, so the HTML costs little extra on a second core.
            running = {fmt: pool.submit(renderers[fmt], built, job.project) for fmt in job.formats}
            rendered: dict[str, Rendered] = {fmt: future.result() for fmt, future in running.items()}
        outputs = job.outputs(built.report.file_stem)
        write_all({outputs[fmt]: rendered[fmt].data for fmt in job.formats})
        messages = list(session.messages)
        messages += [m for fmt in job.formats for m in rendered[fmt].messages]
        messages += [str(i) for i in built.report.warnings if i.severity == "warning"]
        return RenderResult(job.name, job.year, outputs, tuple(messages))
