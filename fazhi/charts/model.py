"""What a chart is to the rest of fazhi: a plot (plain data) with its caption, alt text and source.

A `Plot` says what to draw — categories, values, the text written on each mark, colours,
hatches — and nothing about how. Two renderers draw the same plot: `charts.interactive`
(plotly, for the HTML page) and `charts.static` (matplotlib, SVG and PNG for the PDF and the
DOCX), so both show the same data, labels, order, colours and hatches by construction.
A value of None is a value not reported: no bar and no point, never a bar of height 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..yeardata import YearData
    from .interactive import Figure

Value = float | None  # None: not reported (no mark drawn)


@dataclass(frozen=True)
class Series:
    """One set of marks: a bar segment, a line or a row of dots.

    `labels` are written on the marks ("" for none), `hover` is the HTML's hover text, one
    each per value; `colours` holds one colour for all marks or one per mark."""

    name: str
    values: tuple[Value, ...]
    labels: tuple[str, ...]
    hover: tuple[str, ...]
    colours: tuple[str, ...]
    ink: str  # colour of the labels
    pattern: str = ""  # hatch of a stacked segment: "", "/", ".", "x", "\\"
    dash: str = "solid"  # lines: "solid", "dash", "dot", "dashdot"
    marker: str = "circle"  # lines and dots: "circle", "square", "diamond", "triangle-up"

    def colour(self, i: int) -> str:
        return self.colours[i % len(self.colours)]


@dataclass(frozen=True)
class Bars:
    """Bars along `categories` (top to bottom when horizontal, left to right otherwise).

    One series: plain bars labelled past their ends; several: stacked segments labelled
    inside (when the number fits), each bar's `totals` text past its end, a legend on top."""

    categories: tuple[str, ...]
    series: tuple[Series, ...]
    horizontal: bool
    totals: tuple[str, ...] = ()

    @property
    def stacked(self) -> bool:
        return len(self.series) > 1

    @property
    def ends(self) -> tuple[float, ...]:
        """Where each bar ends (the sum of its reported segments)."""
        return tuple(sum(s.values[i] or 0 for s in self.series) for i in range(len(self.categories)))


LabelSide = Literal["above", "below"]


@dataclass(frozen=True)
class Lines:
    """One line per series over `x`, each named at its end (no legend).

    `sides[k][i]` says where series k's label at point i goes: the higher of two values at a
    point is labelled above, the lower below, so two series' numbers never collide."""

    x: tuple[str, ...]
    series: tuple[Series, ...]
    sides: tuple[tuple[LabelSide, ...], ...]


@dataclass(frozen=True)
class Dots:
    """One dot per category on a percentage axis, with a dashed reference line (the district's
    value) named `reference_label`."""

    categories: tuple[str, ...]
    series: Series
    reference: float
    reference_label: str


@dataclass(frozen=True)
class Panels:
    """Small multiples: one titled plot per panel, `columns` wide; `shared_categories` when
    every panel has the same categories (written once, on the left)."""

    titles: tuple[str, ...]
    panels: tuple[Bars, ...]
    columns: int
    shared_categories: bool = False


Plot = Bars | Lines | Dots | Panels


@dataclass(frozen=True)
class Chart:
    """A built chart. `caption` carries no number (the report numbers 图1 …); `alt` describes
    the data in words for screen readers and PDF/A; `source` is the 数据来源 note."""

    key: str
    plot: Plot
    caption: str
    alt: str
    source: str

    @property
    def figure(self) -> Figure:
        """The interactive plotly figure (plotly.js JSON) for the HTML page."""
        from .interactive import to_plotly

        return to_plotly(self.plot)


@dataclass(frozen=True)
class Drawing:
    """What a chart's draw function returns; `caption` overrides the spec's when the chart
    shows less than usual (e.g. only disputes because 信访 was not reported)."""

    plot: Plot
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
