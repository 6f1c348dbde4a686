"""A district's summary report: every township of a year side by side, in the report's layout.

`fazhi render --district 湟中区 --year 2024` runs `district.qmd` (next to report.qmd at the
top of the project) through the same fast engine and renderers as a township report, so the
PDF is GB/T 9704 and the HTML is one offline page. The template calls
``open_district(district, year, root)``, which loads every workbook of the year whose 基本信息
names the district (and the two earlier years, for year-over-year change) and offers the
pieces: totals and rates computed like a township's (`summary`), tables, charts in the house
style (`charts`) and prose computed from the numbers (`text`). See docs/district.md.

This module stays light (no pandas at import): the batch's skip check asks it only for the
list of input files.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..manifest import shared_inputs
from ..project import Project
from ..render.formats import DEFAULT_FORMATS

if TYPE_CHECKING:
    from ..figures import SvgExporter
    from ..render import Engine, RenderResult
    from .report import DistrictReport

DISTRICT_QMD = "district.qmd"


def district_inputs(project: Project, year: int) -> list[tuple[str, Path]]:
    """Every file the summary reads: all workbooks of the year and the two before, the template."""
    files: list[tuple[str, Path]] = []
    for township in project.townships(year):
        files.append(("workbook", project.workbook(township, year)))
        files += [("earlier-workbook", path) for _, path in project.earlier_workbooks(township, year)]
    return files + shared_inputs(project, project.root / DISTRICT_QMD)


def render_district(
    project: Project,
    district: str,
    year: int,
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
    output_dir: Path | None = None,
    engine: Engine | None = None,
    exporter: SvgExporter | None = None,
) -> RenderResult:
    """Render the district summary (HTML and/or PDF) next to the township reports."""
    from ..render import ENGINES, RenderJob
    from .report import summary_title

    job = RenderJob(
        project, project.root / DISTRICT_QMD, {"district": district, "year": year, "root": str(project.root)},
        name=district, year=year, title=lambda: summary_title(district, year),
        formats=tuple(formats), output_dir=output_dir, inputs=tuple(district_inputs(project, year)), exporter=exporter,
    )
    return (engine or ENGINES["fast"]).render(job)


def open_district(district: str, year: int | str, root: str | Path = ".", issuer: str | None = None) -> DistrictReport:
    """What district.qmd calls: load the district's townships for `year`, return the builder."""
    from ..report import session_for
    from .report import DistrictReport

    project = Project.at(root)
    session = session_for(project)
    report = DistrictReport(project, district, int(year), session, issuer or None)
    session.reports.append(report)
    return report


__all__ = ["DISTRICT_QMD", "district_inputs", "open_district", "render_district"]
