"""What a chart is to the rest of fazhi: a figure with its caption, alt text and source note."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go

from ..yeardata import YearData


@dataclass(frozen=True)
class Chart:
    """A built chart. `caption` carries no number (the report numbers 图1 …); `alt` describes
    the data in words for screen readers and PDF/A; `source` is the 数据来源 note."""

    key: str
    figure: go.Figure
    caption: str
    alt: str
    source: str


@dataclass(frozen=True)
class Drawing:
    """What a chart's draw function returns; `caption` overrides the spec's when the chart
    shows less than usual (e.g. only disputes because 信访 was not reported)."""

    figure: go.Figure
    alt: str
    caption: str = ""


@dataclass(frozen=True)
class ChartSpec:
    """A chart a narrative can place by `key`: its caption, source note, the sheets it reads
    and the function that draws it (returning None when there is nothing to draw)."""

    key: str
    caption: str
    source: str
    sheets: tuple[str, ...]
    draw: Callable[[YearData], Drawing | None]
