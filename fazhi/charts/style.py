"""fazhi's one chart style, shared by the interactive and the static renderer.

The palette is a single blue ramp with even lightness steps (about L* 20 → 90): any two shades
differ clearly in colour and again when printed in black and white, and light shades get a
dark outline so they stay visible on white paper. Lines differ by dash and marker shape as
well as shade; stacked segments by hatch as well. Values are written on the marks (direct
labels) so the printed chart is readable without hover. Charts carry no title (the caption
sits outside). Printed, a chart spans the 156 mm text width and every text in it is set in
the document's 黑体 at 五号 (10.5 pt) or larger.
"""

from __future__ import annotations

import re

INK = "#222222"
GRID = "#d9d9d9"
OUTLINE = "#16324f"
# Even lightness steps, dark to light; `shades(n)` spreads n series across the ramp.
RAMP = ("#16324f", "#2f5d8a", "#5b8cc0", "#99bde0", "#d4e4f3")
DASHES = ("solid", "dash", "dot", "dashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up")
PATTERNS = ("", "/", ".", "x", "\\")  # extra cue for stacked segments in grayscale

# Print geometry: the chart is set at the full text width of the A4 page (GB/T 9704: 156 mm).
PRINT_WIDTH_MM = 156.0
PRINT_HEIGHT_MM = 86.0  # the usual height; charts with many rows or panels grow (static.py)
PRINT_FONT_PT = 10.5  # 五号: the smallest text in a printed chart
PRINT_FONT_ROLE = "strong"  # templates/fonts.json: 黑体, as the document's table heads and captions
PNG_DPI = 300  # the DOCX's charts


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


_FESTIVAL_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})$")


def category_label(name: str) -> str:
    """A category as the report's text writes it: the festival days 4.15/6.26/12.4 (the
    workbook's choices) as "4·15" "6·26" "12·4"."""
    return _FESTIVAL_DAY.sub(r"\1·\2", name)
