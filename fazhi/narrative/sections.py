"""The mandated sections of the annual report, in order: the single source of truth.

The 《法治政府建设与责任落实督察工作规定》 asks every report for four sections in this order and
allows a fifth. A narrative marks each with a level-1 heading whose text is the title below
(its numbering "一、" may be written "1、" or "1." too; spaces and half-width commas are
forgiven). `report.qmd` writes the headings itself from `SECTIONS`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    number: int
    title: str  # without its numbering, e.g. "上一年度推进法治政府建设的主要举措和成效"
    required: bool = True

    @property
    def heading(self) -> str:
        """The heading as printed: "一、上一年度推进法治政府建设的主要举措和成效"."""
        return f"{_CHINESE_NUMERALS[self.number]}、{self.title}"


SECTIONS: tuple[Section, ...] = (
    Section(1, "上一年度推进法治政府建设的主要举措和成效"),
    Section(2, "上一年度推进法治政府建设存在的不足和原因"),
    Section(3, "上一年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况"),
    Section(4, "下一年度推进法治政府建设的主要安排"),
    Section(5, "其他需要报告的情况", required=False),
)

_CHINESE_NUMERALS = "〇一二三四五六七八九"
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+|\d+)\s*[、.．]\s*")


def _normalise(text: str) -> str:
    """Compare headings as a reader would: width-folded, no spaces, any comma."""
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", folded).replace(",", "，")


def match_section(heading: str, sections: Sequence[Section] = SECTIONS) -> Section | None:
    """The section of `sections` (default: the mandated ones) a level-1 heading names, or None.

    >>> match_section("三、上一年度党政主要负责人履行推进法治建设第一责任人职责,加强法治政府建设的有关情况").number
    3
    """
    wanted = _normalise(_NUMBERING.sub("", heading.strip()))
    return next((s for s in sections if _normalise(s.title) == wanted), None)
