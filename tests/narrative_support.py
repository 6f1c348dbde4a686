"""Small real inputs for the narrative tests: indicator values chosen by the test, and a file.

The values are real `Value`/`IndicatorSet` objects over the real catalogue, so a test states
its figures explicitly instead of depending on the sample workbooks' contents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from fazhi.indicators import CATALOGUE, IndicatorSet, Value
from fazhi.narrative import SECTIONS, Placement, join, render_narrative
from fazhi.workbook.records import BasicInfo

YEAR = 2024
INFO = BasicInfo("湟中区", "土门关乡", YEAR, 19, "土门关乡人民政府", None, dt.date(2025, 1, 9))

Figures = Mapping[str, int | float | None]


def indicator_set(now: Figures, before: Figures | None = None, year: int = YEAR) -> IndicatorSet:
    """Every catalogue indicator: `now` this year (absent keys: not reported), `before` last year."""
    values = {}
    for ind in CATALOGUE:
        history = ((year - 1, before.get(ind.key)),) if before is not None else ()
        values[ind.key] = Value(ind, year, now.get(ind.key), history)
    return IndicatorSet(year, values, (year - 1,) if before is not None else ())


def narrative_text(first: str = "正文。", *, others: str = "内容。", preamble: str = "") -> str:
    """A narrative with the four required sections; `first` is the body of section 一."""
    parts = [preamble] if preamble else []
    for section in SECTIONS[:4]:
        parts += [f"# {section.heading}", first if section.number == 1 else others]
    return "\n\n".join(parts) + "\n"


def write(tmp: Path, text: str, name: str = "土门关乡.md") -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


@dataclass(frozen=True)
class Rendered:
    """A rendered narrative with each section's pieces joined, placements shown as CHART[key]
    or TABLE[key], as the report joins them (`fazhi.narrative.join`)."""

    preamble: str
    sections: Mapping[int, str]
    placed: tuple[Placement, ...]


def label(placement: Placement) -> str:
    return f"{placement.kind.upper()}[{placement.key}]"


def rendered(path: Path, indicators: IndicatorSet, info: BasicInfo = INFO) -> Rendered:
    n = render_narrative(path, indicators=indicators, info=info)
    pieces = (n.preamble, *n.sections.values())
    placed = tuple(p for section in pieces for p in section if isinstance(p, Placement))
    return Rendered(join(n.preamble, label), {k: join(v, label) for k, v in n.sections.items()}, placed)
