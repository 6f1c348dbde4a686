"""What a table is to the rest of fazhi: formatted cells with a caption, alignment and note."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..yeardata import YearData

Align = Literal["left", "right", "center"]
RIGHT: tuple[Align] = ("right",)  # `*(RIGHT * n)`: n right-aligned columns
CENTER: tuple[Align] = ("center",)


@dataclass(frozen=True)
class Table:
    """A built table. Every cell is already a string formatted by `fazhi.fmt`; `caption`
    carries no number (the report numbers 表1 …); `note` cites the source and explains any
    未报送 / 不适用 in the cells ("" when there is nothing to say)."""

    key: str
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[Align, ...]
    note: str


@dataclass(frozen=True)
class TableBody:
    """What a table's build function returns; `caption` overrides the spec's when not ""."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[Align, ...]
    note: str
    caption: str = ""


@dataclass(frozen=True)
class TableSpec:
    """A table a narrative can place by `key`: caption, the sheets it reads, its builder."""

    key: str
    caption: str
    sheets: tuple[str, ...]
    build: Callable[[YearData], TableBody | None]
