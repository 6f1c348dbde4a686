"""Render one township's report: run `report.qmd` once, then write each requested format.

The pipeline reads like the spec: `build_document()` executes the document's cells with the
parameters injected and returns Markdown plus the report's facts; each renderer in
`RENDERERS` turns that one `BuiltReport` into bytes (`html.render`, `pdf.render`); all
outputs are then written atomically. `--engine quarto` hands the whole job to Quarto instead
(`render.quarto`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..atomic import write_all
from ..elements import Elements
from ..errors import InputError, RenderError
from ..figures import FigureHints, SvgExporter
from ..inputs import township_inputs
from ..project import Project
from ..qmd import Display, parse_qmd, run_qmd
from ..session import Session, engine_session

FORMATS = ("html", "pdf")
SUFFIX = {"html": ".html", "pdf": ".pdf"}


@dataclass(frozen=True)
class BuiltReport:
    """The executed document: Markdown for pandoc and the facts the renderers need."""

    markdown: str
    report: Elements
    session: Session


@dataclass(frozen=True)
class RenderResult:
    township: str
    year: int
    outputs: Mapping[str, Path]
    messages: tuple[str, ...] = ()
    timings: Mapping[str, float] = field(default_factory=dict)


Renderer = Callable[[BuiltReport, Project], bytes]


def _renderers() -> dict[str, Renderer]:
    from . import html, pdf

    return {"html": html.render, "pdf": pdf.render}


def parse_formats(text: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise InputError(f"不支持的输出格式：{'、'.join(unknown) or '（空）'}。可选：html、pdf，用逗号分隔。")
    return formats


def build_document(qmd: Path, params: Mapping[str, object], session: Session) -> BuiltReport:
    """Execute a report template (report.qmd, district.qmd) with `params` inside an engine session."""
    if not qmd.exists():
        raise InputError(f"找不到报告模板 {qmd}。请在项目根目录运行，或用 --root 指定项目目录。")
    doc = parse_qmd(qmd.read_text(encoding="utf-8"), qmd)

    def figure(fig: Any, caption: str | None, label: str | None) -> str:  # a plotly figure displayed by a cell
        return session.reports[-1].figure(fig, caption, label)

    markdown = run_qmd(doc, params, Display(figure))
    if not session.reports:
        raise RenderError(qmd.name, "模板没有调用 open_report（或 open_district），无法得知报告信息。")
    return BuiltReport(markdown, session.reports[0], session)


def render_township(
    project: Project,
    township: str,
    year: int,
    *,
    formats: Sequence[str] = FORMATS,
    output_dir: Path | None = None,
    renderers: Mapping[str, Renderer] | None = None,
    exporter: SvgExporter | None = None,
) -> RenderResult:
    """Render one township's report with the fast engine and write the files atomically.

    `exporter` lends a long-lived SVG exporter (one Chromium session for many reports, as a
    batch worker does); by default the render starts its own and closes it.
    """
    project.require_workbook(township, year)
    inputs = township_inputs(project, township, year)
    (narrative,) = inputs.of("narrative")
    if not narrative.exists():
        raise InputError(f"找不到叙述稿：应为 {project.own_narrative(township, year)}（或默认稿 {narrative}）。")
    params = {"township": township, "year": year, "root": str(project.root)}
    return render_document(
        project, project.report_qmd, params, name=township, year=year,
        formats=formats, output_dir=output_dir, renderers=renderers, exporter=exporter,
        chart_inputs=inputs.workbooks,
    )


def _timed(renderer: Renderer, built: BuiltReport, project: Project) -> tuple[bytes, float]:
    began = time.perf_counter()
    return renderer(built, project), time.perf_counter() - began


def render_document(
    project: Project,
    qmd: Path,
    params: Mapping[str, object],
    *,
    name: str,
    year: int,
    formats: Sequence[str] = FORMATS,
    output_dir: Path | None = None,
    renderers: Mapping[str, Renderer] | None = None,
    exporter: SvgExporter | None = None,
    chart_inputs: Sequence[Path] = (),
) -> RenderResult:
    """Execute a report template once, render each format and write the files atomically.

    `chart_inputs` are the files the charts are computed from: when no earlier render with
    the same files left all its SVGs in the cache, Chromium is started before the cells run.
    """
    renderers = renderers or _renderers()
    timings: dict[str, float] = {}
    start = time.perf_counter()
    static_figures = "pdf" in formats
    hints = FigureHints(project.figures_dir, list(chart_inputs)) if static_figures and chart_inputs else None
    with engine_session(project.figures_dir, exporter, static_figures) as session:
        first_request = len(session.exporter.requested)
        if hints is not None and not hints.all_cached():
            session.exporter.warm_up()
        built = build_document(qmd, params, session)
        timings["execute"] = time.perf_counter() - start
        # Formats render side by side: pandoc runs as a subprocess and the PDF mostly waits for
        # Chromium's SVGs, so the HTML costs nothing extra on a second core.
        with ThreadPoolExecutor(max_workers=len(formats)) as pool:
            running = {fmt: pool.submit(_timed, renderers[fmt], built, project) for fmt in formats}
            data: dict[str, bytes] = {}
            for fmt, future in running.items():
                data[fmt], timings[fmt] = future.result()
    out_dir = output_dir or project.output_dir(year)
    outputs = {fmt: out_dir / f"{built.report.file_stem}{SUFFIX[fmt]}" for fmt in formats}
    write_all({outputs[fmt]: data[fmt] for fmt in formats})
    if hints is not None:
        hints.record(session.exporter.requested[first_request:])
    timings["total"] = time.perf_counter() - start
    messages = tuple(session.messages) + tuple(str(i) for i in built.report.warnings if i.severity == "warning")
    return RenderResult(name, year, outputs, messages, timings)
