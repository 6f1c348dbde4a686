"""Reusable chart shapes in the house style: ranked bars, stacked bars, labelled lines.

Each takes plain counts (already tallied from the records) and returns a figure; the topic
charts in `topics.py` decide what to count and write the captions and alt text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import plotly.graph_objects as go

from .. import fmt
from ..yeardata import ranked
from .style import (
    DASHES,
    GRID,
    INK,
    OUTLINE,
    PATTERNS,
    RAMP,
    SMALL_FONT_SIZE,
    SYMBOLS,
    figure,
    hide_value_axis,
    shades,
    text_colour,
    value_axis_range,
)

LABEL_MIN_SHARE = 0.08  # of the longest bar: below this a segment is too thin for its number


def listing(parts: Iterable[str]) -> str:
    """Items joined the Chinese way: "甲、乙、丙"."""
    return "、".join(parts)


def share_label(n: float, total: float, unit: str) -> str:
    """"52件（40.6%）": a count and its share of the total."""
    return f"{fmt.number(n, unit)}（{fmt.pct(n / total if total else None)}）"


def ranked_bars(counts: Mapping[str, float], unit: str) -> go.Figure:
    """Horizontal bars, largest on top, each labelled with its count and share."""
    order = ranked(counts)
    total = sum(order.values())
    names, values = list(order), list(order.values())
    labels = [share_label(n, total, unit) for n in values]
    fig = figure()
    fig.add_trace(go.Bar(
        x=values, y=names, orientation="h", marker={"color": RAMP[1], "line": {"color": OUTLINE, "width": 0.5}},
        text=labels, textposition="outside", cliponaxis=False, textfont={"color": INK},
        hovertext=[f"{name}：{label}" for name, label in zip(names, labels)], hoverinfo="text",
    ))
    fig.update_layout(yaxis={"type": "category", "autorange": "reversed", "showgrid": False},
                      xaxis={"range": value_axis_range(values, 0.3)})
    hide_value_axis(fig)
    return fig


def stacked_bars(
    categories: Sequence[str],
    segments: Mapping[str, Sequence[int]],
    unit: str,
    *,
    horizontal: bool,
    totals: Sequence[str],
) -> go.Figure:
    """Bars split into `segments` (name → a count per category), each segment labelled inside
    with its count, each bar's `totals` text written past its end, a legend on top."""
    fig = figure()
    colours = shades(len(segments))
    bar_totals = [sum(seg[i] for seg in segments.values()) for i in range(len(categories))]
    # A segment too thin for its number stays unlabelled (hover and the alt text still tell it).
    smallest_labelled = LABEL_MIN_SHARE * max(bar_totals, default=0)
    for k, (name, counts) in enumerate(segments.items()):
        values = list(counts)
        ink = text_colour(colours[k])
        fig.add_trace(go.Bar(
            name=name, x=values if horizontal else list(categories), y=list(categories) if horizontal else values,
            orientation="h" if horizontal else "v",
            marker={"color": colours[k], "line": {"color": OUTLINE, "width": 0.5},
                    "pattern": {"shape": PATTERNS[k % len(PATTERNS)], "fillmode": "overlay", "fgcolor": ink,
                                "fgopacity": 0.3, "size": 7, "solidity": 0.2}},
            text=[fmt.count(v) if v and v >= smallest_labelled else "" for v in values],
            textposition="inside", insidetextanchor="middle", textangle=0,
            textfont={"color": ink},
            hovertext=[f"{c}·{name}：{fmt.number(v, unit)}" for c, v in zip(categories, values)],
            hoverinfo="text",
        ))
    value_axis, category_axis = ("xaxis", "yaxis") if horizontal else ("yaxis", "xaxis")
    for category, total, text in zip(categories, bar_totals, totals):
        position = {"x": total, "y": category, "xanchor": "left", "xshift": 6} if horizontal else \
                   {"x": category, "y": total, "yanchor": "bottom", "yshift": 4}
        fig.add_annotation(text=text, showarrow=False, font={"color": INK}, **position)
    fig.update_layout({
        "barmode": "stack", "showlegend": True, "margin": {"t": 44},
        category_axis: {"type": "category", "showgrid": False, **({"autorange": "reversed"} if horizontal else {})},
        value_axis: {"range": value_axis_range(bar_totals, 0.75 if horizontal else 0.15)},  # room for totals
    })
    hide_value_axis(fig, value_axis)
    return fig


def labelled_lines(x: Sequence[str], series: Mapping[str, Sequence[int]], unit: str) -> go.Figure:
    """One line per series, told apart by shade, dash and marker; non-zero values written at
    each point (first series above, second below), the series name at the line's end (no legend)."""
    fig = figure()
    colours = (RAMP[0], RAMP[2])  # lines need body: the two darker shades, told apart by dash too
    highest_end = sorted(series, key=lambda name: -series[name][-1])  # stable: ties keep order
    for k, (name, values) in enumerate(series.items()):
        fig.add_trace(go.Scatter(
            x=list(x), y=list(values), name=name, mode="lines+markers+text",
            line={"color": colours[k], "dash": DASHES[k], "width": 2.5},
            marker={"symbol": SYMBOLS[k], "size": 9, "color": colours[k],
                    "line": {"color": OUTLINE, "width": 1}},
            text=[fmt.count(v) if v else "" for v in values], textposition=("top center", "bottom center")[k % 2],
            textfont={"size": SMALL_FONT_SIZE, "color": INK}, cliponaxis=False,
            hovertext=[f"{m}{name}：{fmt.number(v, unit)}" for m, v in zip(x, values)], hoverinfo="text",
        ))
        shift = 0 if len(series) == 1 else (9 if highest_end.index(name) == 0 else -9)
        fig.add_annotation(x=x[-1], y=values[-1], text=name, showarrow=False, xanchor="left", xshift=14,
                           yshift=shift,
                           font={"color": colours[k]})
    top = max((max(v) for v in series.values()), default=0)
    fig.update_layout(
        xaxis={"type": "category"},
        # Below 0 too: room for the lower labels, and markers at 0 clear of the month labels.
        yaxis={"range": [-0.12 * max(top, 1), 1.18 * max(top, 1)], "zeroline": True, "zerolinecolor": GRID},
        margin={"r": 90},
    )
    return fig
