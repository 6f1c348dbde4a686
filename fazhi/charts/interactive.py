"""Plots as interactive plotly figures for the HTML page (hover shows the `fazhi.fmt` text).

A figure is plotly.js's own JSON (`{"data": [...], "layout": {...}}`), written directly:
plotly's Python objects validate every property on every assignment, which cost a report
~0.6 s for nine charts and import time besides, while plotly.js reads the same JSON. Every
figure starts from the house template (`HOUSE`, carried in `layout.template` as plotly.js
expects), sized for the screen at 720 × 400 px, with no title and no random ids, so the JSON
is stable. Labels, order, colours and hatches come from the plot, exactly as the static
renderer draws them. `plotly_div` writes a figure into the page as plotly's `to_html` does.
"""

from __future__ import annotations

import importlib.util
import json
import math
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import RenderError
from .model import Bars, Dots, Lines, Panels, Plot
from .style import GRID, INK, OUTLINE, RAMP

Figure = dict[str, Any]  # plotly.js JSON: {"data": [trace, …], "layout": {…}}

FONT_FAMILY = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, SimHei, sans-serif"
WIDTH, HEIGHT = 720, 400  # px
FONT_SIZE, SMALL_FONT_SIZE = 17, 15
SUBPLOT_TITLE_SIZE = 16  # plotly's subplot titles

HOUSE: dict[str, Any] = {
    "layout": {
        "font": {"family": FONT_FAMILY, "size": FONT_SIZE, "color": INK},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "width": WIDTH,
        "height": HEIGHT,
        "margin": {"l": 20, "r": 30, "t": 24, "b": 40, "autoexpand": True},
        "showlegend": False,
        "hoverlabel": {"font": {"family": FONT_FAMILY, "size": SMALL_FONT_SIZE}, "bgcolor": "white"},
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom",
                   "traceorder": "normal", "font": {"size": SMALL_FONT_SIZE}},
        "xaxis": {"showgrid": False, "zeroline": False, "linecolor": INK, "ticks": "", "automargin": True},
        "yaxis": {"showgrid": True, "gridcolor": GRID, "zeroline": False, "ticks": "", "automargin": True},
        "uniformtext": {"minsize": SMALL_FONT_SIZE - 2, "mode": "hide"},
        "bargap": 0.35,
    }
}
MANY_ROWS = 10  # more categories than this: smaller labels, always shown (district rankings)


def figure() -> Figure:
    """An empty figure in the house style."""
    return {"data": [], "layout": {"template": HOUSE}}


def merge(target: dict[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    """Merge `update` into `target`, nested dictionaries key by key (plotly's `update`)."""
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = dict(value) if isinstance(value, Mapping) else value
    return target


def value_axis_range(values: Sequence[float | None], headroom: float = 0.22) -> list[float]:
    """An axis range from 0 leaving room for labels written past the longest bar."""
    top = max([v for v in values if v is not None] or [0])
    return [0, top * (1 + headroom) if top > 0 else 1]


def hide_value_axis(fig: Figure, axis: str = "xaxis") -> None:
    """Direct labels carry the values, so the value axis and its grid go."""
    merge(fig["layout"], {axis: {"visible": False, "showgrid": False}})


def to_plotly(plot: Plot) -> Figure:
    if isinstance(plot, Bars):
        fig = figure()
        fig["data"] += _bar_traces(plot)
        _bar_layout(fig, plot)
        return fig
    if isinstance(plot, Lines):
        return _lines(plot)
    if isinstance(plot, Dots):
        return _dots(plot)
    return _panels(plot)


def _bar_traces(plot: Bars) -> list[dict[str, Any]]:
    traces = []
    for s in plot.series:
        values, categories = list(s.values), list(plot.categories)
        trace: dict[str, Any] = {
            "type": "bar",
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
        traces.append(trace | {"marker": marker})
    return traces


def _annotation(text: str, **fields: Any) -> dict[str, Any]:
    return {"text": text, "showarrow": False, **fields}


def _bar_layout(fig: Figure, plot: Bars) -> None:
    layout = fig["layout"]
    value_axis, category_axis = ("xaxis", "yaxis") if plot.horizontal else ("yaxis", "xaxis")
    reversed_axis = {"autorange": "reversed"} if plot.horizontal else {}
    if plot.stacked:
        layout["annotations"] = [
            _annotation(text, font={"color": INK}, **(
                {"x": end, "y": category, "xanchor": "left", "xshift": 6} if plot.horizontal else
                {"x": category, "y": end, "yanchor": "bottom", "yshift": 4}))
            for category, end, text in zip(plot.categories, plot.ends, plot.totals, strict=False)
        ]
        merge(layout, {
            "barmode": "stack", "showlegend": True, "margin": {"t": 44},
            category_axis: {"type": "category", "showgrid": False, **reversed_axis},
            value_axis: {"range": value_axis_range(plot.ends, 0.75 if plot.horizontal else 0.15)},  # room for totals
        })
    else:
        merge(layout, {category_axis: {"type": "category", "showgrid": False, **reversed_axis},
                       value_axis: {"range": value_axis_range(plot.ends, 0.3)}})
        if len(plot.categories) > MANY_ROWS:
            for trace in fig["data"]:
                merge(trace, {"textfont": {"size": 11}})
            merge(layout, {"uniformtext": {"mode": False}, "bargap": 0.2, "yaxis": {"tickfont": {"size": 11}}})
    hide_value_axis(fig, value_axis)


def _lines(plot: Lines) -> Figure:
    fig = figure()
    ends = [s.values[-1] or 0 for s in plot.series]
    highest_end = sorted(range(len(plot.series)), key=lambda k: -ends[k])  # stable: ties keep order
    annotations = []
    for k, s in enumerate(plot.series):
        fig["data"].append({
            "type": "scatter", "x": list(plot.x), "y": list(s.values), "name": s.name, "mode": "lines+markers+text",
            "line": {"color": s.colours[0], "dash": s.dash, "width": 2.5},
            "marker": {"symbol": s.marker, "size": 9, "color": s.colours[0], "line": {"color": OUTLINE, "width": 1}},
            "text": list(s.labels),
            "textposition": [f"{'top' if side == 'above' else 'bottom'} center" for side in plot.sides[k]],
            "textfont": {"size": SMALL_FONT_SIZE, "color": s.ink}, "cliponaxis": False,
            "hovertext": list(s.hover), "hoverinfo": "text",
        })
        shift = 0 if len(plot.series) == 1 else (9 if highest_end.index(k) == 0 else -9)
        annotations.append(_annotation(s.name, x=plot.x[-1], y=s.values[-1], xanchor="left", xshift=14, yshift=shift,
                                       font={"color": s.colours[0]}))
    top = max((max(v or 0 for v in s.values) for s in plot.series), default=0)
    merge(fig["layout"], {
        "annotations": annotations,
        "xaxis": {"type": "category"},
        # Below 0 too: room for the lower labels, and markers at 0 clear of the month labels.
        "yaxis": {"range": [-0.12 * max(top, 1), 1.18 * max(top, 1)], "zeroline": True, "zerolinecolor": GRID},
        "margin": {"r": 90},
    })
    return fig


def _dots(plot: Dots) -> Figure:
    s = plot.series
    values = [v for v in s.values if v is not None]
    fig = figure()
    fig["data"].append({
        "type": "scatter", "x": list(s.values), "y": list(plot.categories), "mode": "markers+text", "cliponaxis": False,
        "marker": {"color": s.colours[0], "size": 9, "line": {"color": OUTLINE, "width": 1}},
        "text": list(s.labels), "textposition": "middle right", "textfont": {"color": s.ink, "size": 11},
        "hovertext": list(s.hover), "hoverinfo": "text",
    })
    low, high = dots_range(values, plot.reference)
    merge(fig["layout"], {
        # plotly's add_vline: a line across the plot's height at the district's value
        "shapes": [{"type": "line", "x0": plot.reference, "x1": plot.reference, "xref": "x", "y0": 0, "y1": 1,
                    "yref": "y domain", "line": {"color": RAMP[0], "dash": "dash", "width": 1.5}}],
        "annotations": [_annotation(plot.reference_label, x=plot.reference, y=1, yref="paper", yanchor="bottom",
                                    font={"color": RAMP[0]})],
        "yaxis": {"type": "category", "autorange": "reversed", "showgrid": True, "tickfont": {"size": 11}},
        "xaxis": {"range": [low, high], "tickformat": ".0%", "showgrid": True, "gridcolor": GRID},
        "margin": {"t": 36},
    })
    return fig


def dots_range(values: Sequence[float], reference: float) -> tuple[float, float]:
    """The rate axis: from a little below the lowest value to past 100 % (room for labels)."""
    low = min(*values, reference)
    high = max(1.0, *values)
    span = high - low or 0.1
    return low - 0.08 * span, high + 0.18 * span


def _domains(count: int, spacing: float) -> list[list[float]]:
    """`count` equal spans of [0, 1] with `spacing` between them (make_subplots' grid)."""
    size = (1 - spacing * (count - 1)) / count
    return [[k * (size + spacing), k * (size + spacing) + size] for k in range(count)]


def _panels(plot: Panels) -> Figure:
    cols = plot.columns
    rows = math.ceil(len(plot.panels) / cols)
    horizontal, vertical = (0.1, 0.3 / rows) if plot.shared_categories else (0.06, 0.2)
    x_domains, y_domains = _domains(cols, horizontal), _domains(rows, vertical)[::-1]  # row 1 on top
    fig = figure()
    layout = merge(fig["layout"], {"margin": {"t": 44}})
    annotations: list[dict[str, Any]] = []
    for i, panel in enumerate(plot.panels):
        row, col = divmod(i, cols)
        n = "" if i == 0 else str(i + 1)  # the panel's axes: x, y, then x2, y2 …
        (x0, x1), (y0, y1) = x_domains[col], y_domains[row]
        annotations.append(_annotation(plot.titles[i], x=(x0 + x1) / 2, y=y1, xref="paper", yref="paper",
                                       xanchor="center", yanchor="bottom",
                                       font={"size": SUBPLOT_TITLE_SIZE if plot.shared_categories else SMALL_FONT_SIZE}))
        x_axis: dict[str, Any] = {"anchor": f"y{n}", "domain": [x0, x1]}
        y_axis: dict[str, Any] = {"anchor": f"x{n}", "domain": [y0, y1]}
        for trace in _bar_traces(panel):
            if not plot.shared_categories:
                merge(trace, {"textfont": {"size": SMALL_FONT_SIZE}})
            fig["data"].append(trace | {"xaxis": f"x{n}", "yaxis": f"y{n}"})
        for s in panel.series:  # a value not reported has no bar: its reason stands on the baseline
            for category, value, label in zip(panel.categories, s.values, s.labels, strict=False):
                if value is None and label and not panel.horizontal:
                    annotations.append(_annotation(label, x=category, y=0, xref=f"x{n}", yref=f"y{n}", yanchor="bottom",
                                                   font={"color": s.ink, "size": SMALL_FONT_SIZE}))
        if panel.horizontal:
            x_axis |= {"range": value_axis_range(panel.ends, 0.3), "visible": False}
        else:
            y_axis |= {"range": value_axis_range(panel.ends, 0.3)}
        if plot.shared_categories:
            y_axis |= {"type": "category", "autorange": "reversed", "showgrid": False}
            if col > 0:  # make_subplots(shared_yaxes=True): one category axis per row, written once
                y_axis |= {"matches": f"y{'' if row * cols == 0 else row * cols + 1}", "showticklabels": False}
        else:
            x_axis |= {"type": "category", "showgrid": False, "tickfont": {"size": SMALL_FONT_SIZE}}
            y_axis |= {"visible": False, "showgrid": False}
        layout[f"xaxis{n}"], layout[f"yaxis{n}"] = x_axis, y_axis
    layout["annotations"] = annotations
    return fig


def figure_json(fig: Figure) -> str:
    """The figure as JSON safe inside a <script> element (no "<", ">" or "&" left as such)."""
    text = json.dumps(_finite(fig), ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def _finite(value: Any) -> Any:
    """NaN and infinities are not JSON: plotly writes them as null (no value), and so do we."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def plotly_div(fig: Figure, div_id: str, config: Mapping[str, object], plotlyjs: str = "") -> str:
    """The figure's element in the page, as plotly's `to_html(full_html=False)` writes it for a
    responsive figure; `plotlyjs` (the library's source) goes first when the page needs it."""
    template = fig.get("layout", {}).get("template", {}).get("layout", {})
    width = fig["layout"].get("width", template.get("width", WIDTH))
    height = fig["layout"].get("height", template.get("height", HEIGHT))
    script = f'<script type="text/javascript">{plotlyjs}</script>' if plotlyjs else ""
    data, layout = figure_json(fig.get("data", [])), figure_json(fig.get("layout", {}))
    return (
        f'<div style="height:{height}px; width:{width}px;">{script}'
        f'<div id="{div_id}" class="plotly-graph-div" style="height:100%; width:100%;"></div>'
        f"<script>window.PLOTLYENV=window.PLOTLYENV || {{}};"
        f'if (document.getElementById("{div_id}")) {{Plotly.newPlot("{div_id}", {data}, {layout}, '
        f"{json.dumps(dict(config))})}};</script></div>"
    )


@cache
def plotly_js() -> str:
    """plotly.js as the plotly package ships it, read without importing plotly (~0.1 s)."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or spec.origin is None:
        raise RenderError("plotly", "找不到 plotly（HTML 的交互图表需要它）。请重新安装 fazhi。")
    source = (Path(spec.origin).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    # "</script" cannot occur inside a script element; plotly.js has none, guard anyway.
    return source.replace("</script", "<\\/script")
