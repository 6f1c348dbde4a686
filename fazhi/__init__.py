"""fazhi: annual 法治政府建设情况报告 for townships and districts, from Excel records and Markdown.

    from fazhi import open_report            # what report.qmd calls
    from fazhi.render import render_township # what `fazhi render` calls
"""

from __future__ import annotations

from .errors import FazhiError, InputError, Issue, RenderError, ValidationFailed
from .project import Project
from .report import Report, open_report

__all__ = ["FazhiError", "InputError", "Issue", "Project", "RenderError", "Report", "ValidationFailed", "open_report"]
__version__ = "0.1.0"
