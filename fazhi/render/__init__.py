"""Render one report: build a `RenderJob` and hand it to an engine.

The pipeline reads like the spec: `render_township()` (or `fazhi.district.render_district`)
makes a job — the template, its parameters, the formats (`formats.FORMATS`), the files it
reads — and one of `ENGINES` renders it and writes the files atomically: the fast engine
(`render.fast`: the template's cells run once in this process, then one renderer per
format, `render.html`, `render.pdf`) or Quarto (`render.quarto`). Neither caller knows which.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..project import Project, report_file_stem
from .fast import BuiltReport, FastEngine, build_document
from .formats import DEFAULT_FORMATS, FORMATS, Format, Rendered, Renderer, parse_formats
from .job import Engine, RenderJob, RenderResult
from .quarto import QuartoEngine

if TYPE_CHECKING:
    from ..figures import SvgExporter

ENGINES: Mapping[str, Engine] = {"fast": FastEngine(), "quarto": QuartoEngine()}


def township_title(project: Project, township: str, year: int) -> str:
    """A township report's title (also its files' name), from its workbook's 基本信息."""
    from ..workbook import load_records_cached

    records = load_records_cached(project.root, project.workbook(township, year), township=township, year=year)
    return report_file_stem(records.info.county, township, year)


def township_job(
    project: Project,
    township: str,
    year: int,
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
    output_dir: Path | None = None,
    exporter: SvgExporter | None = None,
) -> RenderJob:
    """The job of rendering one township's report (report.qmd with its workbook and narrative)."""
    from ..inputs import township_inputs

    project.require_workbook(township, year)
    inputs = township_inputs(project, township, year)
    (narrative,) = inputs.of("narrative")
    if not narrative.exists():
        raise InputError(f"找不到叙述稿：应为 {project.own_narrative(township, year)}（或默认稿 {narrative}）。")
    return RenderJob(
        project, project.report_qmd, {"township": township, "year": year, "root": str(project.root)},
        name=township, year=year, title=lambda: township_title(project, township, year), inputs=inputs,
        formats=tuple(formats), output_dir=output_dir, exporter=exporter,
    )


def render_township(
    project: Project,
    township: str,
    year: int,
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
    output_dir: Path | None = None,
    engine: Engine = ENGINES["fast"],
    exporter: SvgExporter | None = None,
) -> RenderResult:
    """Render one township's report and write the files atomically.

    `exporter` lends a long-lived SVG exporter (as a batch worker does); by default the render
    makes its own and closes it.
    """
    return engine.render(township_job(project, township, year, formats=formats, output_dir=output_dir, exporter=exporter))


__all__ = [
    "DEFAULT_FORMATS", "ENGINES", "FORMATS", "BuiltReport", "Engine", "FastEngine", "Format", "QuartoEngine",
    "RenderJob", "RenderResult", "Rendered", "Renderer", "build_document", "parse_formats", "render_township",
    "township_title", "township_job",
]
