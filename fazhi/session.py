"""The engine session: what the engine running a report template lends the report it builds.

Engines differ only here: the fast engine (`engine_session`) draws the SVGs in one batch when
the PDF needs them and adds plotly.js to the page itself; under Quarto (no session set) `session_for` makes one
for the process in which each figure's SVG is written before its cell returns and the first
chart carries the one inline copy of plotly.js.
"""

from __future__ import annotations

import atexit
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import RenderError
from .figures import SvgExporter
from .project import Project

if TYPE_CHECKING:
    from .elements import Elements


@dataclass
class Session:
    """What the engine running `report.qmd` lends the report (mutable by design: it collects)."""

    exporter: SvgExporter
    inline_plotlyjs: bool
    wait_for_each_figure: bool
    static_figures: bool = True  # SVGs are needed (a PDF is rendered); false for HTML only
    job_key: str = ""  # "<year>-<name>" of the report rendered, naming what renderers keep for its next run
    reports: list[Elements] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


_session: ContextVar[Session | None] = ContextVar("fazhi_session", default=None)


@contextmanager
def engine_session(
    figures_dir: Path, exporter: SvgExporter | None = None, static_figures: bool = True, job_key: str = ""
) -> Iterator[Session]:
    """The fast engine's session: SVGs drawn in one batch when the PDF needs them, closed at exit.

    A lent `exporter` (a batch worker's, reused across reports) is drained at exit, not closed;
    like `close()`, draining drops export failures nobody waited for.
    """
    session = Session(
        exporter or SvgExporter(figures_dir), inline_plotlyjs=False, wait_for_each_figure=False,
        static_figures=static_figures, job_key=job_key,
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
