"""Narratives: data-bound Markdown per township and year, rendered safely and checked.

    from fazhi.narrative import SECTIONS, render_narrative, check_narrative

See docs/narrative.md for the author's guide and the safety design.
"""

from __future__ import annotations

from .check import check_narrative
from .pieces import Pieces, Placement, PlacementKind, Text, join
from .render import Narrative, render_narrative
from .sections import SECTIONS, Section

__all__ = [
    "SECTIONS", "Narrative", "Pieces", "Placement", "PlacementKind", "Section", "Text",
    "check_narrative", "join", "render_narrative",
]
