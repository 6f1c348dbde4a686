"""A district's summary report: every township of a year side by side, in the report's layout.

`fazhi render --district 湟中区 --year 2024` runs `district.qmd` (next to report.qmd at the
top of the project) through the same fast engine and renderers as a township report, so the
PDF is GB/T 9704 and the HTML is one offline page. The template calls
``open_district(district, year, root)``, which loads every workbook of the year whose 基本信息
names the district (and the two earlier years, for year-over-year change) and offers the
pieces: totals and rates computed like a township's (`summary`), tables, charts in the house
style (`charts`), prose computed from the numbers (`text`) and the 司法局's own words from
`narrative/<year>/_district.md` (`words`, through ``own_words(summary)``). See docs/district.md.

This module stays light (no pandas at import): the batch's skip check asks it only for the
list of input files.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import config_path
from ..inputs import ReportInputs, shared_inputs, workbook_inputs
from ..project import Project

if TYPE_CHECKING:
    from ..figures import SvgExporter
    from ..render import RenderResult
    from .report import DistrictReport
    from .words import OwnWords

DISTRICT_NARRATIVE = "_district.md"  # narrative/<year>/_district.md, default narrative/_district.md
FORMATS = ("html", "pdf")


def district_narrative(project: Project, year: int) -> Path | None:
    """The year's own district narrative, else the project's default one, else None."""
    own = project.narrative_dir / str(year) / DISTRICT_NARRATIVE
    default = project.narrative_dir / DISTRICT_NARRATIVE
    return own if own.exists() else default if default.exists() else None


def district_inputs(project: Project, year: int) -> ReportInputs:
    """Every file the summary reads: all workbooks of the year and the two before, its
    narrative (own or default), fazhi.toml (roster, 主送, issuer, date), the template."""
    files = [f for township in project.townships(year) for f in workbook_inputs(project, township, year)]
    narrative = district_narrative(project, year)
    files += [] if narrative is None else [("narrative", narrative)]
    files += [("config", config_path(project.root))] if config_path(project.root).exists() else []
    files += shared_inputs(project, project.district_qmd)
    watched = {project.narrative_dir / str(year) / DISTRICT_NARRATIVE, project.narrative_dir / DISTRICT_NARRATIVE}
    return ReportInputs(tuple(files), frozenset(watched | {path for _, path in files}))


def render_district(
    project: Project,
    district: str,
    year: int,
    *,
    formats: Sequence[str] = FORMATS,
    output_dir: Path | None = None,
    exporter: SvgExporter | None = None,
) -> RenderResult:
    """Render the district summary (HTML and/or PDF) next to the township reports."""
    from ..render import render_document

    params = {"district": district, "year": year, "root": str(project.root)}
    return render_document(
        project, project.district_qmd, params, name=district, year=year,
        formats=formats, output_dir=output_dir, exporter=exporter, chart_inputs=district_inputs(project, year).workbooks,
    )


def open_district(district: str, year: int | str, root: str | Path = ".", issuer: str | None = None) -> DistrictReport:
    """What district.qmd calls: load the district's townships for `year`, return the builder."""
    from ..session import session_for
    from .report import DistrictReport

    project = Project.at(root)
    session = session_for(project)
    report = DistrictReport(project, district, int(year), session, issuer or None)
    session.reports.append(report)
    return report


def own_words(report: DistrictReport) -> OwnWords:
    """What district.qmd calls: the 司法局's own words for the summary (see `words`)."""
    from .words import render_own_words

    return render_own_words(report.project, report.data, report.totals, report.info)


__all__ = ["DISTRICT_NARRATIVE", "district_inputs", "district_narrative", "open_district", "own_words",
           "render_district"]
