"""The township report as `report.qmd` sees it: short calls that return Markdown for one year.

`report.qmd` does ``报告 = open_report(township, year)`` and then prints ``报告.标题()``-style
pieces (English names: `title`, `preamble`, `section`, `table`, `chart`, `signature`). The
pipeline is the spec: records → indicators → narrative pieces → Markdown elements. Tables and
charts are numbered in document order as they are printed (`Elements`), identically for HTML
and PDF; a chart's SVG export is requested as soon as it is built (`Session`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from .elements import Elements
from .errors import Issue
from .project import Project, report_file_stem
from .session import Session, session_for

if TYPE_CHECKING:
    from .charts import Chart
    from .narrative import Pieces, PlacementKind, Text
    from .tables import Table

    Built: TypeAlias = Chart | Table | None  # None: the chart's or table's data is not reported


def open_report(township: str, year: int | str, root: str | Path = ".") -> Report:
    """Load a township's records and narrative for `year` and return its report builder."""
    project = Project.at(root)
    session = session_for(project)
    report = Report(project, township, int(year), session)
    session.reports.append(report)
    return report


class Report(Elements):
    def __init__(self, project: Project, township: str, year: int, session: Session):
        from .township import load_township_year

        loaded = load_township_year(project, township, year)
        super().__init__(session, loaded.records.info)
        self.project, self.township, self.year = project, township, year
        self.records, self.history, self.indicators = loaded.records, loaded.history, loaded.indicators
        session.messages.extend(gone.message() for gone in loaded.left_out)
        self._narrative: tuple[Sequence[Text | Built], Mapping[int, Sequence[Text | Built]]] | None = None

    # -- facts about the report -------------------------------------------------------------
    @property
    def title_text(self) -> str:
        return report_file_stem(self.info.county, self.township, self.year)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(self.records.issues)

    # -- pieces report.qmd prints (title and signature: `Elements`) -----------------------------
    def preamble(self) -> str:
        return self._write(self._rendered[0])

    def section(self, number: int) -> str:
        return self._write(self._rendered[1].get(number, ()))

    def optional_section(self, number: int) -> str:
        """An optional section (五、其他需要报告的情况) with its heading, or nothing when empty."""
        from .narrative import SECTIONS

        body = self._write(self._rendered[1].get(number, ()))
        return f"# {SECTIONS[number - 1].heading}\n\n{body}" if body else ""

    def table(self, key: str) -> str:
        return self._markdown(self._build("table", key))

    def chart(self, key: str) -> str:
        return self._markdown(self._build("chart", key))

    # -- internals ---------------------------------------------------------------------------
    @property
    def _rendered(self) -> tuple[Sequence[Text | Built], Mapping[int, Sequence[Text | Built]]]:
        """The narrative's pieces with its charts and tables built in place (and their SVG
        exports requested), so Chromium works on them while the rest of the document runs."""
        if self._narrative is None:
            from .narrative import Placement, render_narrative

            narrative = render_narrative(
                self.project.narrative(self.township, self.year), indicators=self.indicators, info=self.info
            )

            def built(pieces: Pieces) -> tuple[Text | Built, ...]:
                return tuple(self._build(p.kind, p.key) if isinstance(p, Placement) else p for p in pieces)

            self._narrative = built(narrative.preamble), {n: built(p) for n, p in narrative.sections.items()}
        return self._narrative

    def _write(self, pieces: Sequence[Text | Built]) -> str:
        """Narrative pieces as Markdown, each chart and table numbered as it is written."""
        from .narrative import join

        return join(pieces, self._markdown)

    def _build(self, kind: PlacementKind, key: str) -> Built:
        """A built chart or table (None when its data is not reported). A chart's SVG export is
        requested right away, so Chromium works on it while the rest of the document executes."""
        if kind == "table":
            from .tables import build_table

            return build_table(key, self.records, self.history, self.indicators)
        from .charts import build_chart

        chart = build_chart(key, self.records, self.history, self.indicators)
        if chart is not None and self.session.static_figures:
            self.session.exporter.request(chart.figure)
        return chart

    def _markdown(self, built: Built) -> str:
        """Number and emit a built chart or table."""
        from .tables import Table

        if built is None:
            return ""
        return self.place_table(built) if isinstance(built, Table) else self.place_chart(built)
