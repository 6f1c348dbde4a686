"""fazhi's one chart style: CJK font, print-safe palette, direct labels, fixed A4 size.

Every chart starts from `figure()`, which carries the house template, so the look is set in
one place. The palette is a single blue ramp with even lightness steps (about L* 20 → 90): any
two shades differ clearly in colour and again when printed in black and white, and light
shades get a dark outline so they stay visible on white paper. Lines differ by dash and marker
shape as well as shade. Values are written on the marks (direct labels) so the static SVG in
the PDF is readable without hover; hover text in the HTML uses the same `fazhi.fmt` strings.
Figures have no title (the caption sits outside) and no random ids, so `to_dict()` is stable.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

FONT_FAMILY = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, SimHei, sans-serif"
WIDTH, HEIGHT = 720, 400  # px; the PDF scales the SVG to the 156 mm text width
# At 156 mm / 720 px one px prints as 0.61 pt: 17 px ≈ 10.5 pt, 15 px ≈ 9 pt next to 16 pt body text.
FONT_SIZE, SMALL_FONT_SIZE = 17, 15
INK = "#222222"
GRID = "#d9d9d9"
OUTLINE = "#16324f"
# Even lightness steps, dark to light; `shades(n)` spreads n series across the ramp.
RAMP = ("#16324f", "#2f5d8a", "#5b8cc0", "#99bde0", "#d4e4f3")
DASHES = ("solid", "dash", "dot", "dashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up")
PATTERNS = ("", "/", ".", "x", "\\")  # extra cue for stacked segments in grayscale

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


def figure() -> go.Figure:
    """An empty figure in the house style."""
    return go.Figure(layout={"template": HOUSE})


def shades(n: int) -> tuple[str, ...]:
    """n colours from the ramp, as far apart in lightness as possible (dark first)."""
    if n <= 1:
        return RAMP[:1]
    if n >= len(RAMP):
        return RAMP
    last = len(RAMP) - 1
    return tuple(RAMP[round(i * last / (n - 1))] for i in range(n))


def text_colour(fill: str) -> str:
    """White text on the dark shades, ink on the light ones."""
    return "white" if RAMP.index(fill) < 2 else INK


def value_axis_range(values: Sequence[float], headroom: float = 0.22) -> list[float]:
    """An axis range from 0 leaving room for labels written past the longest bar."""
    top = max([v for v in values if v is not None] or [0])
    return [0, top * (1 + headroom) if top > 0 else 1]


def hide_value_axis(fig: go.Figure, axis: str = "xaxis") -> None:
    """Direct labels carry the values, so the value axis and its grid go."""
    fig.update_layout({axis: {"visible": False, "showgrid": False}})
