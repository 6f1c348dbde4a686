"""Plots as static print charts (matplotlib): SVG for the PDF, 300 dpi PNG for the DOCX.

Drawn at the size they print — the 156 mm text width of the A4 page — in the document's 黑体
(the `strong` role of `templates/fonts.json`, resolved among the project's `.fonts/` and the
system's fonts) at 五号 10.5 pt or larger. SVG text stays text (`svg.fonttype: none`), so
Typst sets it in the same embedded font and the PDF's chart labels can be searched and
copied. Labels are placed so they never overlap: bar labels past the bar end with the value
axis stretched until they fit, stacked segments labelled only where the number fits inside,
two lines' labels on opposite sides of their points. matplotlib's object API is used without
pyplot, so no global figure state and no GUI backend is touched; identical plots give
identical bytes (fixed hash salt, no date).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Text

from ..fonts import DEFAULT_TEMPLATES, load_roles
from .model import Bars, Dots, Lines, Panels, Plot
from .style import GRID, INK, OUTLINE, PNG_DPI, PRINT_FONT_PT, PRINT_FONT_ROLE, PRINT_HEIGHT_MM, PRINT_WIDTH_MM, RAMP

Format = Literal["svg", "png"]
MM = 1 / 25.4  # inches
ROW_MM = 6.5  # pitch of one category row in horizontal bar charts and dot plots
MAX_HEIGHT_MM = 220.0  # the A4 text block is 225 mm high
PANEL_ROW_MM = 52.0
BAR_WIDTH = 0.65  # of a category's slot (the HTML's bargap 0.35)
LINE_WIDTH, MARKER_SIZE = 1.6, 5.0
_DASHES = {"solid": "-", "dash": (0, (5, 2.5)), "dot": (0, (1, 1.6)), "dashdot": (0, (5, 2, 1, 2))}
_MARKERS = {"circle": "o", "square": "s", "diamond": "D", "triangle-up": "^"}
_HATCHES = {"": "", "/": "////", ".": "...", "x": "xxx", "\\": "\\\\\\\\"}


@dataclass(frozen=True)
class ChartFont:
    """The family matplotlib sets chart text in (None: matplotlib's default, no CJK)."""

    family: str | None


def chart_font(font_paths: Sequence[Path] = (), templates_dir: Path = DEFAULT_TEMPLATES) -> ChartFont:
    """Register the project's font files with matplotlib and take the first family of the
    chart role's fallback list that matplotlib knows (government font first, as Typst does)."""
    for folder in font_paths:
        for path in sorted(Path(folder).glob("*")):
            if path.suffix.lower() in (".otf", ".ttf", ".ttc") and not _registered(path):
                font_manager.fontManager.addfont(str(path))
    known = {entry.name.casefold(): entry.name for entry in font_manager.fontManager.ttflist}
    role = next(r for r in load_roles(templates_dir) if r.name == PRINT_FONT_ROLE)
    return ChartFont(next((known[f.casefold()] for f in role.families if f.casefold() in known), None))


def _registered(path: Path) -> bool:
    return any(Path(entry.fname) == path for entry in font_manager.fontManager.ttflist)


def _rc(font: ChartFont) -> Any:  # matplotlib types the keys as a Literal of every rcParam
    return {
        "font.family": [font.family] if font.family else matplotlib.rcParamsDefault["font.family"],
        "font.size": PRINT_FONT_PT,
        "text.color": INK,
        "axes.unicode_minus": False,
        "svg.fonttype": "none",
        "svg.hashsalt": "fazhi",
        "hatch.linewidth": 0.6,
        # set_layout_engine(None) then means no engine, whatever a matplotlibrc says (_fit_labels)
        "figure.autolayout": False,
        "figure.constrained_layout.use": False,
    }


def draw(plot: Plot, font: ChartFont) -> Figure:
    """The plot as a matplotlib figure at print size, labels fitted."""
    with matplotlib.rc_context(_rc(font)):
        return _draw(plot)


def render(plot: Plot, font: ChartFont, fmt: Format = "svg") -> bytes:
    """The plot drawn at print size, as SVG or as a 300 dpi PNG."""
    with matplotlib.rc_context(_rc(font)):
        fig = _draw(plot)
        out = io.BytesIO()
        if fmt == "svg":
            fig.savefig(out, format="svg", metadata={"Date": None})
        else:
            fig.savefig(out, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return out.getvalue()


def print_height_mm(plot: Plot) -> float:
    """How tall the chart prints: rows of categories and panels need their room."""
    if isinstance(plot, Bars) and plot.horizontal or isinstance(plot, Dots):
        rows = len(plot.categories)
        return min(MAX_HEIGHT_MM, max(PRINT_HEIGHT_MM * 0.6, rows * ROW_MM + (28 if _has_legend(plot) else 16)))
    if isinstance(plot, Panels):
        columns = _columns(plot)
        rows = math.ceil(len(plot.panels) / columns)
        if plot.shared_categories:
            return min(MAX_HEIGHT_MM, max(PRINT_HEIGHT_MM * 0.6, len(plot.panels[0].categories) * ROW_MM + 24))
        return min(MAX_HEIGHT_MM, rows * PANEL_ROW_MM)
    return PRINT_HEIGHT_MM


def _has_legend(plot: Plot) -> bool:
    return isinstance(plot, Bars) and plot.stacked


def _columns(plot: Panels) -> int:
    # Panel titles are up to 13 characters at 10.5 pt (≈ 48 mm): two columns on 156 mm.
    return plot.columns if plot.shared_categories else min(2, plot.columns)


def _draw(plot: Plot) -> Figure:
    fig = Figure(figsize=(PRINT_WIDTH_MM * MM, print_height_mm(plot) * MM), facecolor="white")
    FigureCanvasAgg(fig)  # measures text for the label fitting (and writes the PNG)
    if isinstance(plot, Panels):
        _panels(fig, plot)
    else:
        ax = fig.add_subplot()
        if isinstance(plot, Bars):
            _bars(ax, plot)
        elif isinstance(plot, Lines):
            _lines(ax, plot)
        else:
            _dots(ax, plot)
    fig.set_layout_engine("constrained", h_pad=2 * MM, w_pad=2 * MM)
    _fit_labels(fig)
    return fig


# -- bars ---------------------------------------------------------------------------------------
def _bars(ax: Axes, plot: Bars, categories: bool = True, panel: int = 0) -> None:
    positions = range(len(plot.categories))
    base = [0.0] * len(plot.categories)
    for k, s in enumerate(plot.series):
        present = [i for i in positions if s.values[i] is not None]
        values = [float(s.values[i] or 0) for i in present]
        at = [base[i] for i in present]
        colours = [s.colour(i) for i in present]
        bar = ax.barh if plot.horizontal else ax.bar
        kwargs: dict[str, Any] = {"left" if plot.horizontal else "bottom": at}
        marks = bar(present, values, BAR_WIDTH, color=colours, edgecolor=OUTLINE, linewidth=0.4, **kwargs)
        for patch, i, v in zip(marks, present, values, strict=False):
            patch.set_gid(f"value-{panel}-{k}-{i}-{v:g}")  # lets a reader of the SVG check what was drawn
        if s.pattern:  # the hatch in the label's ink over the fill, as the HTML's pattern overlay
            bar(present, values, BAR_WIDTH, color="none", edgecolor=(*_rgb(s.ink), 0.45), linewidth=0,
                hatch=_HATCHES[s.pattern], **kwargs)
        for i, v in zip(present, values, strict=False):
            if plot.stacked and s.labels[i]:
                middle = base[i] + v / 2
                x, y = (middle, i) if plot.horizontal else (i, middle)
                kind = "inside-h" if plot.horizontal else "inside-v"
                ax.text(x, y, s.labels[i], ha="center", va="center", color=s.ink, gid=f"{kind}:{v}")
            base[i] += v
        if not plot.stacked:  # a value not reported has no bar: its label (the reason) stands on the baseline
            for i in positions:
                end = float(s.values[i] or 0)
                _end_label(ax, plot.horizontal, i, end, s.labels[i], s.ink)
    if plot.stacked:
        for i, text in enumerate(plot.totals):
            _end_label(ax, plot.horizontal, i, base[i], text, INK)
        handles = [Patch(facecolor=s.colours[0], edgecolor=OUTLINE, linewidth=0.4, hatch=_HATCHES[s.pattern],
                         label=s.name) for s in plot.series]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(handles), frameon=False,
                  borderaxespad=0.3, handlelength=1.6, columnspacing=1.2, fontsize=PRINT_FONT_PT)
    _category_axis(ax, plot.categories, plot.horizontal, categories)
    top = max(base, default=0) or 1
    (ax.set_xlim if plot.horizontal else ax.set_ylim)(0, top * 1.02)


def _end_label(ax: Axes, horizontal: bool, i: int, end: float, text: str, ink: str) -> None:
    if not text:
        return
    if horizontal:
        ax.annotate(text, (end, i), xytext=(3, 0), textcoords="offset points", ha="left", va="center",
                    color=ink, annotation_clip=False, gid="end")
    else:
        ax.annotate(text, (i, end), xytext=(0, 2), textcoords="offset points", ha="center", va="bottom",
                    color=ink, annotation_clip=False, gid="end")


def _category_axis(ax: Axes, categories: Sequence[str], horizontal: bool, labelled: bool) -> None:
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    base, value = (ax.spines["left"], ax.xaxis) if horizontal else (ax.spines["bottom"], ax.yaxis)
    base.set_visible(True)
    base.set_color(INK)
    base.set_linewidth(0.6)
    value.set_visible(False)
    axis = ax.yaxis if horizontal else ax.xaxis
    axis.set_ticks(range(len(categories)), list(categories) if labelled else [""] * len(categories))
    ax.tick_params(length=0, pad=3)
    if horizontal:
        ax.set_ylim(len(categories) - 0.5, -0.5)  # first category on top
    else:
        ax.set_xlim(-0.5, len(categories) - 0.5)


# -- lines and dots -----------------------------------------------------------------------------
def _lines(ax: Axes, plot: Lines) -> None:
    top = max((v or 0 for s in plot.series for v in s.values), default=0) or 1
    for k, s in enumerate(plot.series):
        xs = [i for i, v in enumerate(s.values) if v is not None]
        ys = [float(s.values[i] or 0) for i in xs]
        ax.plot(xs, ys, color=s.colours[0], linestyle=_DASHES[s.dash], linewidth=LINE_WIDTH, marker=_MARKERS[s.marker],
                markersize=MARKER_SIZE, markeredgecolor=OUTLINE, markeredgewidth=0.5, clip_on=False)
        for i, y in zip(xs, ys, strict=False):
            if s.labels[i]:
                above = plot.sides[k][i] == "above"
                ax.annotate(s.labels[i], (i, y), xytext=(0, 4 if above else -4), textcoords="offset points",
                            ha="center", va="bottom" if above else "top", color=s.ink, annotation_clip=False,
                            gid="point")
    ends = [s.values[-1] or 0 for s in plot.series]
    order = sorted(range(len(plot.series)), key=lambda k: -ends[k])
    for k, s in enumerate(plot.series):
        shift = 0 if len(plot.series) == 1 else (6 if order.index(k) == 0 else -6)
        ax.annotate(s.name, (len(plot.x) - 1, ends[k]), xytext=(10, shift), textcoords="offset points", ha="left",
                    va="center", color=s.colours[0], annotation_clip=False, gid="end")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(INK)
    ax.spines["bottom"].set_linewidth(0.6)
    ax.yaxis.set_visible(False)
    ax.set_xticks(range(len(plot.x)), list(plot.x))
    ax.tick_params(length=0, pad=4)
    ax.set_xlim(-0.4, len(plot.x) - 0.6)
    # Below 0 too: room for the lower labels, and markers at 0 clear of the month labels.
    ax.set_ylim(-0.14 * top, 1.16 * top)
    ax.axhline(0, color=GRID, linewidth=0.6, zorder=0)


def _dots(ax: Axes, plot: Dots) -> None:
    from .interactive import dots_range

    s = plot.series
    rows = [i for i, v in enumerate(s.values) if v is not None]
    ax.scatter([float(s.values[i] or 0) for i in rows], rows, s=MARKER_SIZE**2 * 1.4, color=s.colours[0], edgecolors=OUTLINE,
               linewidths=0.5, zorder=3, clip_on=False)
    for i in rows:
        ax.annotate(s.labels[i], (float(s.values[i] or 0), i), xytext=(5, 0), textcoords="offset points",
                    ha="left", va="center", color=s.ink, annotation_clip=False, gid="end",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})  # legible across the dashed line
    ax.axvline(plot.reference, color=RAMP[0], linestyle=_DASHES["dash"], linewidth=1.0, zorder=2)
    ax.annotate(plot.reference_label, (plot.reference, 1), xycoords=("data", "axes fraction"), xytext=(0, 2),
                textcoords="offset points", ha="center", va="bottom", color=RAMP[0], annotation_clip=False)
    ax.set_yticks(range(len(plot.categories)), list(plot.categories))
    ax.set_ylim(len(plot.categories) - 0.5, -0.5)
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
    ax.set_xlim(*dots_range([v for v in s.values if v is not None], plot.reference))
    ax.grid(True, color=GRID, linewidth=0.5)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0, pad=3)


# -- panels ---------------------------------------------------------------------------------------
def _panels(fig: Figure, plot: Panels) -> None:
    columns = _columns(plot)
    rows = math.ceil(len(plot.panels) / columns)
    axes = fig.subplots(rows, columns, squeeze=False)
    for i, (title, panel) in enumerate(zip(plot.titles, plot.panels, strict=False)):
        ax = axes[i // columns][i % columns]
        _bars(ax, panel, categories=not plot.shared_categories or i % columns == 0, panel=i)
        ax.set_title(title, fontsize=PRINT_FONT_PT, color=INK, pad=4)
    for j in range(len(plot.panels), rows * columns):
        axes[j // columns][j % columns].set_visible(False)


# -- fitting --------------------------------------------------------------------------------------
def _fit_labels(fig: Figure) -> None:
    """Stretch each value axis until the labels past bar ends and points stay inside the axes,
    and drop any inside label wider than its segment. The one layout pass that measures also
    places the axes (every text inside the page); saving does not lay out again. (The layout
    engine is run by itself, not through a draw: texts measure without one, and the SVG is
    byte for byte the same for a fifth less time.)"""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    engine = fig.get_layout_engine()
    assert engine is not None  # set by _draw
    engine.execute(fig)
    for ax in fig.axes:
        if ax.get_visible():
            _stretch(ax, renderer)
            _drop_crowded(ax, renderer)
    fig.set_layout_engine(None)  # no engine: saving keeps the measured places and draws once, not twice


def _label_texts(ax: Axes) -> list[Text]:
    return [t for t in ax.texts if t.get_gid() in ("end", "point")]


def _stretch(ax: Axes, renderer: Any) -> None:
    box = ax.get_window_extent(renderer)
    texts = [t.get_window_extent(renderer) for t in _label_texts(ax) if t.get_text()]
    if not texts:
        return
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    right = max(t.x1 for t in texts)
    top = max(t.y1 for t in texts)
    bottom = min(t.y0 for t in texts)
    if right > box.x1 and not ax.xaxis_inverted():
        ax.set_xlim(x0, x0 + (x1 - x0) * (right - box.x0) / box.width * 1.02)
    if top > box.y1 and not ax.yaxis_inverted():
        ax.set_ylim(y0, y0 + (y1 - y0) * (top - box.y0) / box.height * 1.02)
    if bottom < box.y0 and not ax.yaxis_inverted() and y0 < 0:
        ax.set_ylim(y0 - (y1 - y0) * (box.y0 - bottom) / box.height * 1.05, ax.get_ylim()[1])


def _drop_crowded(ax: Axes, renderer: Any) -> None:
    """An inside label that does not fit its segment goes (hover and the alt text still tell it)."""
    origin = ax.transData.transform((0, 0))
    for text in ax.texts:
        kind, _, value = (text.get_gid() or "").partition(":")
        if kind not in ("inside-h", "inside-v"):
            continue
        tip = ax.transData.transform((float(value), float(value)))
        extent = text.get_window_extent(renderer)
        room, need = (abs(tip[0] - origin[0]), extent.width) if kind == "inside-h" else \
                     (abs(tip[1] - origin[1]), extent.height)
        if need + 2 > room:
            text.set_visible(False)


def _rgb(colour: str) -> tuple[float, float, float]:
    r, g, b = matplotlib.colors.to_rgb(colour)
    return r, g, b
