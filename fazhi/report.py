"""The report as `report.qmd` sees it: short calls that return Markdown for one township-year.

`report.qmd` does ``报告 = open_report(township, year)`` and then prints ``报告.标题()``-style
pieces (English names: `title`, `preamble`, `section`, `table`, `chart`, `signature`). The
pipeline is the spec: records → indicators → narrative → Markdown elements. Tables and charts
are numbered in document order as they are placed, identically for HTML and PDF.

Engines differ only in the `Session`: the fast engine defers SVG export to one batch and adds
plotly.js to the page itself; under Quarto (no session set) each figure's SVG is written
before its cell returns and the first chart carries the one inline copy of plotly.js.
"""

from __future__ import annotations

import atexit
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import emit
from .errors import Issue, RenderError
from .figures import SvgExporter
from .project import Project, report_file_stem

PLOTLY_CONFIG = {"displayModeBar": False, "responsive": True}  # the toolbar covered labels; hover still works


@dataclass
class Session:
    """What the engine running `report.qmd` lends the report (mutable by design: it collects)."""

    exporter: SvgExporter
    inline_plotlyjs: bool
    wait_for_each_figure: bool
    static_figures: bool = True  # SVGs are needed (a PDF is rendered); false for HTML only
    reports: list[Elements] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


_session: ContextVar[Session | None] = ContextVar("fazhi_session", default=None)


@contextmanager
def engine_session(
    figures_dir: Path, exporter: SvgExporter | None = None, static_figures: bool = True
) -> Iterator[Session]:
    """The fast engine's session: SVG exports batched in one Chromium session, closed at exit.

    A lent `exporter` (a batch worker's, reused across reports) is drained at exit, not closed;
    like `close()`, draining drops export failures nobody waited for.
    """
    session = Session(
        exporter or SvgExporter(figures_dir), inline_plotlyjs=False, wait_for_each_figure=False, static_figures=static_figures
    )
    token = _session.set(session)
    try:
        yield session
    finally:
        _session.reset(token)
        if exporter is None:
            session.exporter.close()
        else:
            with suppress(RenderError):
                exporter.finish()


def _standalone_session(figures_dir: Path) -> Session:
    exporter = SvgExporter(figures_dir)
    atexit.register(exporter.close)
    return Session(exporter, inline_plotlyjs=True, wait_for_each_figure=True)


def session_for(project: Project) -> Session:
    """The running engine's session, or (under Quarto) one for this process."""
    return _session.get() or _standalone_session(project.figures_dir)


def open_report(township: str, year: int | str, root: str | Path = ".") -> Report:
    """Load a township's records and narrative for `year` and return its report builder."""
    project = Project.at(root)
    session = session_for(project)
    report = Report(project, township, int(year), session)
    session.reports.append(report)
    return report


_MARKER = re.compile(r"FAZHIELEMENT(\d+)X")


class Elements:
    """Tables and charts placed in one document, numbered in order (表1 …, 图1 …) the same for
    HTML and PDF; charts are exported to SVG through the engine session. `Report` and the
    district summary (`fazhi.district`) both build on it, and share the title and signature
    made from their `title_text` and `info` (county, issuer, recipient, date)."""

    def __init__(self, session: Session):
        self.session = session
        self._numbers = {"table": 0, "figure": 0}
        self._plotlyjs_sent = False

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """Problems worth a line in the render's messages (none unless a report has some)."""
        return ()

    @property
    def file_stem(self) -> str:
        return str(self.title_text)  # type: ignore[attr-defined]

    @property
    def date_text(self) -> str:
        from .fmt import date_cn

        return date_cn(self.info.date)  # type: ignore[attr-defined]

    def title(self) -> str:
        return emit.title(self.title_text, self.info.recipient)  # type: ignore[attr-defined]

    def signature(self) -> str:
        return emit.signature(self.info.issuer, self.date_text)  # type: ignore[attr-defined]

    def place_table(self, table: Any) -> str:
        """A built table (`fazhi.tables.Table`: caption, header, rows, align, note), numbered."""
        self._numbers["table"] += 1
        return emit.table(self._numbers["table"], table.caption, table.header, table.rows, table.align, table.note)

    def place_chart(self, chart: Any) -> str:
        """A built chart (`fazhi.charts.Chart`: figure, caption, alt, source), numbered."""
        return self._figure(chart.figure, chart.caption, chart.alt, chart.source)

    def figure(self, fig: Any, caption: str | None = None, label: str | None = None) -> str:
        """A plotly figure made in a cell (the qmd display hook); caption from `fig-cap`."""
        caption = caption or (label or "")
        return self._figure(fig, caption, alt=caption, source="")

    def _figure(self, fig: Any, caption: str, alt: str, source: str) -> str:
        self._numbers["figure"] += 1
        number = self._numbers["figure"]
        svg_path = ""
        if self.session.static_figures:
            svg_path = self.session.exporter.request(fig).relpath
            if self.session.wait_for_each_figure:
                self.session.exporter.finish()
        include_js = self.session.inline_plotlyjs and not self._plotlyjs_sent
        self._plotlyjs_sent = self._plotlyjs_sent or include_js
        div = fig.to_html(
            full_html=False, include_plotlyjs=include_js, div_id=f"fazhi-fig-{number}", config=PLOTLY_CONFIG
        )
        return emit.figure(number, caption, alt, source, div, svg_path)


class Report(Elements):
    def __init__(self, project: Project, township: str, year: int, session: Session):
        from .township import load_township_year

        super().__init__(session)
        self.project, self.township, self.year = project, township, year
        loaded = load_township_year(project, township, year)
        self.records, self.history, self.indicators = loaded.records, loaded.history, loaded.indicators
        session.messages.extend(loaded.left_out)
        self.info = self.records.info
        self._placed: list[tuple[str, Any]] = []  # (kind, built table/chart) awaiting a number, by marker id
        self._narrative: Any = None

    # -- facts about the report -------------------------------------------------------------
    @property
    def title_text(self) -> str:
        return report_file_stem(self.info.county, self.township, self.year)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(self.records.issues)

    # -- pieces report.qmd prints (title and signature: `Elements`) -----------------------------
    def preamble(self) -> str:
        return self._expand(self.narrative.preamble)

    def section(self, number: int) -> str:
        return self._expand(self.narrative.sections.get(number, ""))

    def optional_section(self, number: int) -> str:
        """An optional section (五、其他需要报告的情况) with its heading, or nothing when empty."""
        from .narrative import SECTIONS

        body = self.narrative.sections.get(number, "")
        return f"# {SECTIONS[number - 1].heading}\n\n{self._expand(body)}" if body.strip() else ""

    def table(self, key: str) -> str:
        return self._markdown("table", self._build("table", key))

    def chart(self, key: str) -> str:
        return self._markdown("chart", self._build("chart", key))

    # -- internals ---------------------------------------------------------------------------
    @property
    def narrative(self) -> Any:
        if self._narrative is None:
            from .narrative import render_narrative

            self._narrative = render_narrative(
                self.project.narrative(self.township, self.year),
                indicators=self.indicators,
                info=self.info,
                chart=lambda key: self._place("chart", key),
                table=lambda key: self._place("table", key),
            )
        return self._narrative

    def _build(self, kind: str, key: str) -> Any:
        """A built chart or table (None when its data is not reported). A chart's SVG export is
        requested right away, so Chromium works on it while the rest of the document executes."""
        from .charts import Chart, build_chart
        from .tables import build_table

        build = build_chart if kind == "chart" else build_table
        built = build(key, self.records, self.history, self.indicators)
        if isinstance(built, Chart) and self.session.static_figures:
            self.session.exporter.request(built.figure)
        return built

    def _markdown(self, kind: str, built: Any) -> str:
        """Number and emit a built chart or table."""
        if built is None:
            return ""
        return self.place_chart(built) if kind == "chart" else self.place_table(built)

    def _place(self, kind: str, key: str) -> str:
        """A marker for a chart or table placed by the narrative; numbered when its section prints."""
        self._placed.append((kind, self._build(kind, key)))
        return f"\n\nFAZHIELEMENT{len(self._placed) - 1}X\n\n"

    def _expand(self, markdown: str) -> str:
        def element(match: re.Match[str]) -> str:
            return self._markdown(*self._placed[int(match[1])])

        return _MARKER.sub(element, markdown)
