"""The output formats: the one place that says which formats exist and what each one is.

Each entry names the file suffix a township submits, the fast engine's renderer (a module of
`fazhi.render` whose `render(built, project) -> Rendered` makes the file's bytes) and what
Quarto calls the format (`quarto render --to <quarto_to>`, writing `<document stem><suffix>`).
Adding a format is one renderer module and one entry here; `--to`, the batch, the manifest
and both engines read this table. Renderers are named, not imported, so that the batch's skip
check and `fazhi --help` load no renderer (pandoc, Typst, plotly).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:
    from ..project import Project
    from . import BuiltReport
    from .job import RenderJob


@dataclass(frozen=True)
class Rendered:
    """What a renderer returns: the file's bytes and what the user should hear about it."""

    data: bytes
    messages: tuple[str, ...] = ()


Renderer = Callable[["BuiltReport", "Project"], Rendered]
HeadStart = Callable[["RenderJob"], None]


@dataclass(frozen=True)
class Format:
    """One output format (see the module docstring)."""

    name: str  # as written after --to
    suffix: str  # of the submitted file: <report title><suffix>
    renderer: str  # module fazhi.render.<renderer>, whose render() the fast engine calls
    # Quarto's name for it (`quarto render --to <quarto_to>`); None: the Quarto engine cannot
    # make it in the official layout (the DOCX needs fazhi's own pandoc step, render/docx.py)
    quarto_to: str | None
    default: bool = True  # rendered when --to is not given
    static_charts: bool = True  # draws charts as static images (SVG/PNG), so the exporter runs

    def quarto_output(self, document: str) -> str:
        """The file `quarto render <document> --to <quarto_to>` writes (report.qmd → report.pdf)."""
        return f"{document.rsplit('.', 1)[0]}{self.suffix}"

    def load_renderer(self) -> Renderer:
        module = importlib.import_module(f"{__package__}.{self.renderer}")
        renderer: Renderer = module.render
        return renderer

    def load_head_start(self) -> HeadStart | None:
        """The renderer module's `head_start(job)`, if it has one: work it can do on a spare
        core while the document executes (the PDF warms Typst up)."""
        module = importlib.import_module(f"{__package__}.{self.renderer}")
        head_start: HeadStart | None = getattr(module, "head_start", None)
        return head_start


FORMATS: Mapping[str, Format] = {
    "html": Format("html", ".html", renderer="html", quarto_to="html", static_charts=False),
    "pdf": Format("pdf", ".pdf", renderer="pdf", quarto_to="typst"),
    "docx": Format("docx", ".docx", renderer="docx", quarto_to=None, default=False),
}
DEFAULT_FORMATS: tuple[str, ...] = tuple(name for name, spec in FORMATS.items() if spec.default)


def parse_formats(text: str) -> tuple[str, ...]:
    """`--to html,pdf` → ("html", "pdf"), in the order given, each once."""
    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise InputError(f"不支持的输出格式：{'、'.join(unknown) or '（空）'}。可选：{'、'.join(FORMATS)}，用逗号分隔。")
    return formats


def format_of(path_suffix: str) -> str:
    """The format whose files end in `path_suffix` (".pdf" → "pdf")."""
    return next(name for name, spec in FORMATS.items() if spec.suffix == path_suffix)
