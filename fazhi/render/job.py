"""What every engine is given and returns: one `RenderJob` in, one `RenderResult` out.

`render_township`, `render_district` and the batch build a job and hand it to an engine
(`fazhi.render.ENGINES`: the fast engine or Quarto) without knowing which one it is; each
engine's quirks stay inside it (Quarto's one format per call, its output file names).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .formats import DEFAULT_FORMATS, FORMATS

if TYPE_CHECKING:
    from ..figures import SvgExporter
    from ..inputs import ReportInputs
    from ..project import Project


@dataclass(frozen=True)
class RenderJob:
    """One report to render: the template, its parameters, the formats and where they go."""

    project: Project
    document: Path  # report.qmd or district.qmd
    params: Mapping[str, object]  # the template's parameters (township or district, year, root …)
    name: str  # the township or district, for messages and results
    year: int
    title: Callable[[], str]  # the report's title, which names its files, without running the template
    inputs: ReportInputs  # every file the report reads (fazhi.inputs)
    formats: tuple[str, ...] = DEFAULT_FORMATS
    output_dir: Path | None = None  # default: output/<year>/ of the project
    exporter: SvgExporter | None = None  # a batch worker's long-lived SVG exporter, lent

    @property
    def key(self) -> str:
        """"<year>-<name>": what a renderer keeps for this report's next run is named so."""
        return f"{self.year}-{self.name}"

    def outputs(self, stem: str) -> dict[str, Path]:
        """Where each format's file goes: <output folder>/<stem><suffix>."""
        folder = self.output_dir or self.project.output_dir(self.year)
        return {fmt: folder / f"{stem}{FORMATS[fmt].suffix}" for fmt in self.formats}


@dataclass(frozen=True)
class RenderResult:
    township: str
    year: int
    outputs: Mapping[str, Path]
    messages: tuple[str, ...] = ()


class Engine(Protocol):
    """Renders a job and writes its files atomically (all of them, or none)."""

    def check(self, formats: Sequence[str]) -> None:
        """Raise InputError when the engine cannot run on this machine or cannot make one of
        `formats` (said once, up front)."""

    def render(self, job: RenderJob) -> RenderResult: ...
