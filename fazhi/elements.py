"""Numbered report elements: the base a township report and the district summary share.

Tables and charts placed in one document are numbered in order (表1 …, 图1 …), the same for
HTML and PDF; charts are exported to SVG through the engine session. A subclass provides
the report's `title_text` (and `warnings`, if it has any), and passes its basic information
(`info`: county, issuer, recipient, date) to the constructor; the title and signature are made
from them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

from . import emit
from .charts import interactive
from .fmt import date_cn

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from .charts import Chart, Plot
    from .errors import Issue
    from .session import Session
    from .tables import Table
    from .workbook import BasicInfo

PLOTLY_CONFIG = {"displayModeBar": False, "responsive": True}  # the toolbar covered labels; hover still works


class Elements(ABC):
    """A document whose tables and charts are numbered as they are placed."""

    def __init__(self, session: Session, info: BasicInfo):
        self.session = session
        self.info = info
        self._numbers = {"table": 0, "figure": 0}
        self._plotlyjs_sent = False

    # -- what a subclass provides ---------------------------------------------------------------
    @property
    @abstractmethod
    def title_text(self) -> str:
        """The report's title (also its output file's name)."""

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """Problems in the inputs worth a line in the render's messages (none unless a report has some)."""
        return ()

    # -- facts every report has -----------------------------------------------------------------
    @property
    def file_stem(self) -> str:
        return self.title_text

    @property
    def date_text(self) -> str:
        return date_cn(self.info.date)

    # -- pieces ---------------------------------------------------------------------------------
    def title(self) -> str:
        """The title, after the document properties for Quarto (`fazhi.render.properties`)."""
        from .render.properties import PdfMeta, metadata_block

        return metadata_block(PdfMeta.of(self)) + emit.title(self.title_text, self.info.recipient, self.info.parts.doc_number)

    def signature(self) -> str:
        return emit.signature(self.info.issuer, self.date_text, self.info.parts.sealed)

    def place_table(self, table: Table) -> str:
        """A built table, numbered."""
        self._numbers["table"] += 1
        return emit.table(self._numbers["table"], table.caption, table.header, table.rows, table.align, table.note)

    def place_chart(self, chart: Chart) -> str:
        """A built chart, numbered."""
        return self._figure(chart.figure, chart.caption, chart.alt, chart.source, static=chart.plot)

    def figure(self, fig: go.Figure, caption: str | None = None, label: str | None = None) -> str:
        """A plotly figure made in a cell (the qmd display hook); caption from `fig-cap`."""
        caption = caption or (label or "")
        return self._figure(fig.to_plotly_json(), caption, alt=caption, source="", static=fig)

    def _figure(self, fig: interactive.Figure, caption: str, alt: str, source: str, static: Plot | go.Figure) -> str:
        """`static`: what the PDF draws — the chart's plot (no browser), or a cell's own figure (kaleido)."""
        self._numbers["figure"] += 1
        number = self._numbers["figure"]
        svg_path = ""
        if self.session.static_figures:
            svg_path = self.session.exporter.request(static).relpath
            if self.session.wait_for_each_figure:
                self.session.exporter.finish()
        include_js = self.session.inline_plotlyjs and not self._plotlyjs_sent
        self._plotlyjs_sent = self._plotlyjs_sent or include_js
        div = interactive.plotly_div(fig, f"fazhi-fig-{number}", PLOTLY_CONFIG,
                                     plotlyjs=interactive.plotly_js() if include_js else "")
        return emit.figure(number, caption, alt, source, div, svg_path)
