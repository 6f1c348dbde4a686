"""Reusable chart shapes in the house style: ranked bars, stacked bars, labelled lines.

Each takes plain counts (already tallied from the records) and returns a `Plot` that both
renderers draw; the topic charts in `topics.py` decide what to count and write the captions
and alt text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .. import fmt
from ..yeardata import ranked
from .model import Bars, LabelSide, Lines, Series
from .style import DASHES, INK, PATTERNS, RAMP, SYMBOLS, category_label, shades, text_colour

LABEL_MIN_SHARE = 0.08  # of the longest bar: below this a segment is too thin for its number


def listing(parts: Iterable[str]) -> str:
    """Items joined the Chinese way: "甲、乙、丙"."""
    return "、".join(parts)


def share_label(n: float, total: float, unit: str) -> str:
    """"52件（40.6%）": a count and its share of the total."""
    return f"{fmt.number(n, unit)}（{fmt.pct(n / total if total else None)}）"


def ranked_bars(counts: Mapping[str, float], unit: str) -> Bars:
    """Horizontal bars, largest on top, each labelled with its count and share."""
    order = ranked(counts)
    total = sum(order.values())
    names = tuple(category_label(name) for name in order)
    labels = tuple(share_label(n, total, unit) for n in order.values())
    hover = tuple(f"{name}：{label}" for name, label in zip(names, labels, strict=True))
    series = Series("", tuple(order.values()), labels, hover, (RAMP[1],), INK)
    return Bars(names, (series,), horizontal=True)


def stacked_bars(
    categories: Sequence[str],
    segments: Mapping[str, Sequence[int]],
    unit: str,
    *,
    horizontal: bool,
    totals: Sequence[str],
) -> Bars:
    """Bars split into `segments` (name → a count per category), each segment labelled inside
    with its count, each bar's `totals` text written past its end, a legend on top."""
    colours = shades(len(segments))
    names = tuple(category_label(c) for c in categories)
    bar_totals = [sum(seg[i] for seg in segments.values()) for i in range(len(categories))]
    # A segment too thin for its number stays unlabelled (hover and the alt text still tell it).
    smallest_labelled = LABEL_MIN_SHARE * max(bar_totals, default=0)
    series = tuple(
        Series(
            name, tuple(counts), tuple(fmt.count(v) if v and v >= smallest_labelled else "" for v in counts),
            tuple(f"{c}·{name}：{fmt.number(v, unit)}" for c, v in zip(names, counts, strict=False)),
            (colours[k],), text_colour(colours[k]), pattern=PATTERNS[k % len(PATTERNS)],
        )
        for k, (name, counts) in enumerate(segments.items())
    )
    return Bars(names, series, horizontal=horizontal, totals=tuple(totals))


def labelled_lines(x: Sequence[str], series: Mapping[str, Sequence[int]], unit: str) -> Lines:
    """One line per series, told apart by shade, dash and marker; non-zero values written at
    each point (the higher of two above, the lower below), the series name at the line's end."""
    colours = (RAMP[0], RAMP[2])  # lines need body: the two darker shades, told apart by dash too
    lines = tuple(
        Series(name, tuple(values), tuple(fmt.count(v) if v else "" for v in values),
               tuple(f"{m}{name}：{fmt.number(v, unit)}" for m, v in zip(x, values, strict=False)),
               (colours[k],), INK, dash=DASHES[k], marker=SYMBOLS[k])
        for k, (name, values) in enumerate(series.items())
    )
    return Lines(tuple(x), lines, _label_sides([list(v) for v in series.values()]))


def _label_sides(values: list[list[int]]) -> tuple[tuple[LabelSide, ...], ...]:
    """Per series and point: "above" for the highest value at the point, "below" for the others
    (ties keep series order), so labels of two lines never meet."""
    sides: list[list[LabelSide]] = [[] for _ in values]
    for i in range(len(values[0]) if values else 0):
        top = max(range(len(values)), key=lambda k: (values[k][i], -k))
        for k in range(len(values)):
            sides[k].append("above" if k == top else "below")
    return tuple(tuple(s) for s in sides)
