"""fazhi: annual 法治政府建设情况报告 for townships and districts, from Excel records and Markdown.

    from fazhi import open_report            # what report.qmd calls
    from fazhi.render import render_township # what `fazhi render` calls
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import FazhiError, InputError, Issue, RenderError, ValidationFailed
from .project import Project

if TYPE_CHECKING:
    from .report import Report, open_report


def __getattr__(name: str) -> object:
    """`Report` and `open_report` on first use: the CLI's skip check imports `fazhi` and must
    not pay for the report machinery it never runs."""
    if name in ("Report", "open_report"):
        from . import report

        return getattr(report, name)
    raise AttributeError(f"module 'fazhi' has no attribute {name!r}")


__all__ = ["FazhiError", "InputError", "Issue", "Project", "RenderError", "Report", "ValidationFailed", "open_report"]
__version__ = "0.1.0"
