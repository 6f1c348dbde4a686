"""A rendered narrative as typed pieces: safe Markdown text and chart or table placements.

A section (and the preamble) stays a sequence of pieces until the report writes it: the
report numbers each placement as it prints it, and nothing ever searches the narrative's
text for a marker to replace (a user can type any string without moving a figure).

    join((Text("前文。"), Placement("chart", "矛盾纠纷类型")), place=lambda p: f"[{p.key}]")
    # → "前文。\n\n[矛盾纠纷类型]"
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

PlacementKind = Literal["chart", "table"]


@dataclass(frozen=True)
class Text:
    """Markdown written by pandoc from the sanitised narrative: inert, whatever the user typed."""

    markdown: str


@dataclass(frozen=True)
class Placement:
    """A chart or table the narrative placed with ``{{ 图表("…") }}`` or ``{{ 表格("…") }}``."""

    kind: PlacementKind
    key: str


Piece = Text | Placement
Pieces = tuple[Piece, ...]
P = TypeVar("P")


def join(pieces: Sequence[Text | P], place: Callable[[P], str]) -> str:
    """The pieces as one Markdown text, each placement (or what the report built for it)
    written by `place`; empty ones are left out."""
    parts = (piece.markdown if isinstance(piece, Text) else place(piece) for piece in pieces)
    return "\n\n".join(part.strip("\n") for part in parts if part.strip())
