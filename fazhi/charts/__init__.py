"""The report's charts: a plain registry of specs and `build_chart` to draw one by its key.

Narratives place a chart by its Chinese key (``{{ 图表("矛盾纠纷类型") }}``); the report
numbers its caption (图1 …), draws the plot as SVG for the PDF (`charts.static`) and as an
interactive plotly figure for the HTML (`charts.interactive`).
`build_chart` returns None when the chart's data was not reported (or is empty), and raises
`UnknownName` with the closest keys for a misspelt one.

The registry lives in `charts.catalogue` and is loaded on first use: the package stays light
(no pandas) for the drawing process, which needs only the plot model and the static renderer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Chart, ChartSpec, Drawing, Plot

if TYPE_CHECKING:
    from .catalogue import CHARTS, build_chart


def __getattr__(name: str) -> object:
    if name in ("CHARTS", "build_chart"):
        from . import catalogue

        return getattr(catalogue, name)
    raise AttributeError(f"module 'fazhi.charts' has no attribute {name!r}")


__all__ = ["CHARTS", "Chart", "ChartSpec", "Drawing", "Plot", "build_chart"]
