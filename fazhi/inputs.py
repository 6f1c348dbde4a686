"""Which files a report reads: one answer for the manifest, the render, the preview and the district.

A township report (`township_inputs`; the district summary's are `district.district_inputs`)
reads its workbook, the earlier years' workbooks it compares with (where they
exist), its narrative (its own, or the default one), the template (report.qmd, _quarto.yml),
the layout files and the fonts. The manifest hashes those (`files`), the render warms the SVG
cache from the workbooks (`workbooks`), and the preview re-renders when one of them changes or
when a file appears that would change the answer (`watched`: the township's own narrative
while it uses the default, an earlier year's workbook not yet there).

This module stays light (no pandas at import): the batch's skip check calls it for every report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .project import DEFAULT_NARRATIVE, HISTORY_YEARS, Project

WORKBOOK_ROLES = ("workbook", "earlier-workbook")


@dataclass(frozen=True)
class ReportInputs:
    """The files a report reads, each with its role (workbook, earlier-workbook, narrative,
    template, layout, font), and the paths whose change or appearance changes the report."""

    files: tuple[tuple[str, Path], ...]
    watched: frozenset[Path]

    @property
    def workbooks(self) -> tuple[Path, ...]:
        """The workbooks the figures are computed from (this year's first)."""
        return tuple(path for role, path in self.files if role in WORKBOOK_ROLES)

    def of(self, role: str) -> tuple[Path, ...]:
        return tuple(path for r, path in self.files if r == role)


def shared_inputs(project: Project, template: Path) -> tuple[tuple[str, Path], ...]:
    """Inputs every report of the project reads: its .qmd, _quarto.yml, layout and fonts."""
    files = [("template", template), ("template", project.root / "_quarto.yml")]
    files += [("layout", p) for p in _tree(project.templates_dir)]
    files += [("font", p) for p in _tree(project.root / ".fonts")]
    return tuple((role, path) for role, path in files if path.exists())


def township_inputs(project: Project, township: str, year: int) -> ReportInputs:
    """The files the township's report for `year` reads (see module doc)."""
    return ReportInputs(
        (*workbook_inputs(project, township, year), ("narrative", project.narrative(township, year)),
         *shared_inputs(project, project.report_qmd)),
        frozenset(_township_watched(project, township, year)),
    )


def workbook_inputs(project: Project, township: str, year: int) -> list[tuple[str, Path]]:
    """The township's workbook for `year` and those of the earlier years it is compared with."""
    return [("workbook", project.workbook(township, year)),
            *(("earlier-workbook", path) for _, path in project.earlier_workbooks(township, year))]


def _township_watched(project: Project, township: str, year: int) -> list[Path]:
    """Every path whose change (or appearance) changes the township's report, layout excepted."""
    return [*(project.workbook(township, year - back) for back in range(HISTORY_YEARS + 1)),
            project.own_narrative(township, year), project.narrative_dir / DEFAULT_NARRATIVE]


def _tree(folder: Path) -> list[Path]:
    """Every non-hidden file under `folder`, sorted (an absent folder has none)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
