"""Plots as interactive plotly figures for the HTML page (hover shows the `fazhi.fmt` text).

Every figure starts from the house template (`HOUSE`), sized for the screen at 720 × 400 px,
with no title and no random ids, so `to_dict()` is stable. Labels, order, colours and hatches
come from the plot, exactly as the static renderer draws them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .model import Bars, Dots, Lines, Panels, Plot
from .style import GRID, INK, OUTLINE, RAMP

FONT_FAMILY = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, SimHei, sans-serif"
WIDTH, HEIGHT = 720, 400  # px
FONT_SIZE, SMALL_FONT_SIZE = 17, 15

HOUSE = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT_FAMILY, "size": FONT_SIZE, "color": INK},
        paper_bgcolor="white",
        plot_bgcolor="white",
        width=WIDTH,
        height=HEIGHT,
        margin={"l": 20, "r": 30, "t": 24, "b": 40, "autoexpand": True},
        showlegend=False,
        hoverlabel={"font": {"family": FONT_FAMILY, "size": SMALL_FONT_SIZE}, "bgcolor": "white"},
        legend={"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom",
                "traceorder": "normal", "font": {"size": SMALL_FONT_SIZE}},
        xaxis={"showgrid": False, "zeroline": False, "linecolor": INK, "ticks": "", "automargin": True},
        yaxis={"showgrid": True, "gridcolor": GRID, "zeroline": False, "ticks": "", "automargin": True},
        uniformtext={"minsize": SMALL_FONT_SIZE - 2, "mode": "hide"},
        bargap=0.35,
    )
)
MANY_ROWS = 10  # more categories than this: smaller labels, always shown (district rankings)


def figure() -> go.Figure:
    """An empty figure in the house style."""
    return go.Figure(layout={"template": HOUSE})


def value_axis_range(values: Sequence[float | None], headroom: float = 0.22) -> list[float]:
    """An axis range from 0 leaving room for labels written past the longest bar."""
    top = max([v for v in values if v is not None] or [0])
    return [0, top * (1 + headroom) if top > 0 else 1]


def hide_value_axis(fig: go.Figure, axis: str = "xaxis") -> None:
    """Direct labels carry the values, so the value axis and its grid go."""
    fig.update_layout({axis: {"visible": False, "showgrid": False}})


def to_plotly(plot: Plot) -> go.Figure:
    if isinstance(plot, Bars):
        fig = figure()
        for trace in _bar_traces(plot):
            fig.add_trace(trace)
        _bar_layout(fig, plot)
        return fig
    if isinstance(plot, Lines):
        return _lines(plot)
    if isinstance(plot, Dots):
        return _dots(plot)
    return _panels(plot)


def _bar_traces(plot: Bars) -> list[go.Bar]:
    traces = []
    for s in plot.series:
        values, categories = list(s.values), list(plot.categories)
        trace: dict[str, Any] = {
            "x": values if plot.horizontal else categories, "y": categories if plot.horizontal else values,
            "orientation": "h" if plot.horizontal else "v", "text": list(s.labels),
            "hovertext": list(s.hover), "hoverinfo": "text", "textfont": {"color": s.ink},
        }
        marker: dict[str, object] = {"color": s.colours[0] if len(s.colours) == 1 else list(s.colours),
                                     "line": {"color": OUTLINE, "width": 0.5}}
        if plot.stacked:
            marker["pattern"] = {"shape": s.pattern, "fillmode": "overlay", "fgcolor": s.ink, "fgopacity": 0.3,
                                 "size": 7, "solidity": 0.2}
            trace |= {"name": s.name, "textposition": "inside", "insidetextanchor": "middle", "textangle": 0}
        else:
            trace |= {"textposition": "outside", "cliponaxis": False}
        traces.append(go.Bar(marker=marker, **trace))
    return traces


def _bar_layout(fig: go.Figure, plot: Bars) -> None:
    value_axis, category_axis = ("xaxis", "yaxis") if plot.horizontal else ("yaxis", "xaxis")
    reversed_axis = {"autorange": "reversed"} if plot.horizontal else {}
    if plot.stacked:
        for category, end, text in zip(plot.categories, plot.ends, plot.totals, strict=False):
            position = {"x": end, "y": category, "xanchor": "left", "xshift": 6} if plot.horizontal else \
                       {"x": category, "y": end, "yanchor": "bottom", "yshift": 4}
            fig.add_annotation(text=text, showarrow=False, font={"color": INK}, **position)
        fig.update_layout({
            "barmode": "stack", "showlegend": True, "margin": {"t": 44},
            category_axis: {"type": "category", "showgrid": False, **reversed_axis},
            value_axis: {"range": value_axis_range(plot.ends, 0.75 if plot.horizontal else 0.15)},  # room for totals
        })
    else:
        fig.update_layout({category_axis: {"type": "category", "showgrid": False, **reversed_axis},
                           value_axis: {"range": value_axis_range(plot.ends, 0.3)}})
        if len(plot.categories) > MANY_ROWS:
            fig.update_traces(textfont={"size": 11})
            fig.update_layout(uniformtext={"mode": False}, bargap=0.2, yaxis={"tickfont": {"size": 11}})
    hide_value_axis(fig, value_axis)


def _lines(plot: Lines) -> go.Figure:
    fig = figure()
    ends = [s.values[-1] or 0 for s in plot.series]
    highest_end = sorted(range(len(plot.series)), key=lambda k: -ends[k])  # stable: ties keep order
    for k, s in enumerate(plot.series):
        fig.add_trace(go.Scatter(
            x=list(plot.x), y=list(s.values), name=s.name, mode="lines+markers+text",
            line={"color": s.colours[0], "dash": s.dash, "width": 2.5},
            marker={"symbol": s.marker, "size": 9, "color": s.colours[0], "line": {"color": OUTLINE, "width": 1}},
            text=list(s.labels), textposition=[f"{'top' if side == 'above' else 'bottom'} center" for side in plot.sides[k]],
            textfont={"size": SMALL_FONT_SIZE, "color": s.ink}, cliponaxis=False,
            hovertext=list(s.hover), hoverinfo="text",
        ))
        shift = 0 if len(plot.series) == 1 else (9 if highest_end.index(k) == 0 else -9)
        fig.add_annotation(x=plot.x[-1], y=s.values[-1], text=s.name, showarrow=False, xanchor="left", xshift=14,
                           yshift=shift, font={"color": s.colours[0]})
    top = max((max(v or 0 for v in s.values) for s in plot.series), default=0)
    fig.update_layout(
        xaxis={"type": "category"},
        # Below 0 too: room for the lower labels, and markers at 0 clear of the month labels.
        yaxis={"range": [-0.12 * max(top, 1), 1.18 * max(top, 1)], "zeroline": True, "zerolinecolor": GRID},
        margin={"r": 90},
    )
    return fig


def _dots(plot: Dots) -> go.Figure:
    s = plot.series
    values = [v for v in s.values if v is not None]
    fig = figure()
    fig.add_trace(go.Scatter(
        x=list(s.values), y=list(plot.categories), mode="markers+text", cliponaxis=False,
        marker={"color": s.colours[0], "size": 9, "line": {"color": OUTLINE, "width": 1}},
        text=list(s.labels), textposition="middle right", textfont={"color": s.ink, "size": 11},
        hovertext=list(s.hover), hoverinfo="text",
    ))
    fig.add_vline(x=plot.reference, line={"color": RAMP[0], "dash": "dash", "width": 1.5})
    fig.add_annotation(x=plot.reference, y=1, yref="paper", yanchor="bottom", showarrow=False,
                       text=plot.reference_label, font={"color": RAMP[0]})
    low, high = dots_range(values, plot.reference)
    fig.update_layout(
        yaxis={"type": "category", "autorange": "reversed", "showgrid": True, "tickfont": {"size": 11}},
        xaxis={"range": [low, high], "tickformat": ".0%", "showgrid": True, "gridcolor": GRID},
        margin={"t": 36},
    )
    return fig


def dots_range(values: Sequence[float], reference: float) -> tuple[float, float]:
    """The rate axis: from a little below the lowest value to past 100 % (room for labels)."""
    low = min(*values, reference)
    high = max(1.0, *values)
    span = high - low or 0.1
    return low - 0.08 * span, high + 0.18 * span


def _panels(plot: Panels) -> go.Figure:
    cols = plot.columns
    rows = math.ceil(len(plot.panels) / cols)
    if plot.shared_categories:
        fig = make_subplots(rows=rows, cols=cols, shared_yaxes=True, horizontal_spacing=0.1,
                            subplot_titles=list(plot.titles))
    else:
        fig = make_subplots(rows=rows, cols=cols, subplot_titles=list(plot.titles),
                            vertical_spacing=0.2, horizontal_spacing=0.06)
        fig.update_annotations(font={"size": SMALL_FONT_SIZE})
    fig.update_layout(template=HOUSE, margin={"t": 44})
    for i, panel in enumerate(plot.panels):
        row, col = i // cols + 1, i % cols + 1
        for trace in _bar_traces(panel):
            if not plot.shared_categories:
                trace.update(textfont={"size": SMALL_FONT_SIZE})
            fig.add_trace(trace, row=row, col=col)
        for s in panel.series:  # a value not reported has no bar: its reason stands on the baseline
            for category, value, label in zip(panel.categories, s.values, s.labels, strict=False):
                if value is None and label and not panel.horizontal:
                    fig.add_annotation(x=category, y=0, text=label, yanchor="bottom", showarrow=False,
                                       font={"color": s.ink, "size": SMALL_FONT_SIZE}, row=row, col=col)
        if panel.horizontal:
            fig.update_xaxes(range=value_axis_range(panel.ends, 0.3), visible=False, row=row, col=col)
        else:
            fig.update_yaxes(range=value_axis_range(panel.ends, 0.3), row=row, col=col)
    if plot.shared_categories:
        fig.update_yaxes(type="category", autorange="reversed", showgrid=False)
    else:
        fig.update_xaxes(type="category", showgrid=False, tickfont={"size": SMALL_FONT_SIZE})
        for axis in fig.layout:
            if axis.startswith("yaxis"):
                hide_value_axis(fig, axis)
    return fig
