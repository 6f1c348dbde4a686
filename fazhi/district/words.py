"""The district summary's own words: `narrative/<year>/_district.md`, in the narrative language.

The 司法局 writes what the numbers cannot say — its opening paragraph, remarks under each
part, its plans for next year — in the same placeholder language as a township narrative
(`fazhi.narrative`, docs/narrative.md), filled from the district's figures: every catalogue
indicator totalled over the townships (``{{ 矛盾纠纷受理数 }}`` is the district's total,
``{{ 调解成功率.同比 }}`` its change), the roster's counts (``{{ 报送乡镇数 }}`` …) and the basic
information (``{{ 区县 }}``, ``{{ 年度 }}``, ``{{ 发文机关 }}`` …). Charts and tables are placed by
the summary itself, so a district narrative names none. `fazhi indicators --district` lists
every name with its value.

Its level-1 headings are the summary's parts (`DISTRICT_SECTIONS`, all optional): text before
the first heading opens the summary, text under a heading comes before that part's figures,
and 五、下一步工作安排 is printed only when written. Without its own file for the year, the
project's default `narrative/_district.md` is used; without either, the summary has no
words but its own computed prose.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Issue
from ..indicators import CATALOGUE, Indicator, IndicatorSet, Value
from ..narrative import Section
from ..narrative.analysis import Vocabulary
from ..project import Project
from . import DISTRICT_NARRATIVE, district_narrative
from .summary import DistrictData

if TYPE_CHECKING:
    from ..workbook import BasicInfo, Records

DISTRICT_SECTIONS: tuple[Section, ...] = (
    Section(1, "总体情况", required=False),
    Section(2, "各乡镇主要指标", required=False),
    Section(3, "比较与排名", required=False),
    Section(4, "需要关注的情况", required=False),
    Section(5, "下一步工作安排", required=False),
)
ROSTER_SHEET = "乡镇名单"


def _no_records(records: Records) -> None:
    return None  # roster counts are not measured on a workbook


def _roster_indicator(key: str, meaning: str) -> Indicator:
    return Indicator(key, meaning, "个", ROSTER_SHEET, f"按 fazhi.toml 的乡镇名单统计：{meaning}", "count", _no_records)


ROSTER_INDICATORS = (
    _roster_indicator("乡镇总数", "名单中的乡镇数（没有 fazhi.toml 时为有工作簿的乡镇数）"),
    _roster_indicator("报送乡镇数", "工作簿通过校验、纳入汇总的乡镇数"),
    _roster_indicator("未报送乡镇数", "名单中本年度没有工作簿的乡镇数"),
    _roster_indicator("数据有误乡镇数", "工作簿有错误、未纳入汇总的乡镇数"),
)


def district_names(data: DistrictData, totals: IndicatorSet) -> IndicatorSet:
    """The district's indicators plus the roster's counts: what a district narrative may name."""
    counts = {
        "乡镇总数": data.roster_size if data.roster_size is not None else len(data.townships) + len(data.left_out),
        "报送乡镇数": len(data.townships),
        "未报送乡镇数": len(data.not_reported),
        "数据有误乡镇数": len(data.left_out),
    }
    roster = {i.key: Value(i, data.year, counts[i.key]) for i in ROSTER_INDICATORS}
    return IndicatorSet(totals.year, {**totals.values, **roster}, totals.earlier_years)


@dataclass(frozen=True)
class OwnWords:
    """The rendered district narrative: safe Markdown before the first part and per part."""

    source: Path | None
    preamble: str = ""
    sections: Mapping[int, str] = field(default_factory=dict)

    def section(self, number: int) -> str:
        return self.sections.get(number, "")

    def optional_section(self, number: int) -> str:
        """A part the summary has only when written (五、下一步工作安排), with its heading."""
        body = self.section(number)
        # the blank line first: printed after a list, the heading must not continue its last item
        return f"\n# {DISTRICT_SECTIONS[number - 1].heading}\n\n{body}" if body.strip() else ""


def _vocabulary(keys: Iterable[str]) -> Vocabulary:
    """The district's indicators and roster counts; no charts or tables (the summary places its own)."""
    from ..narrative.template import placeholder_name

    return Vocabulary(tuple(placeholder_name(k) for k in keys), (), ())


def district_narrative_issues(project: Project, year: int) -> list[Issue]:
    """What `fazhi check --all` says about the district narrative without loading any workbook:
    syntax, names and parts (a name's value is only known when the summary is rendered)."""
    from ..narrative.render import read_source, static_issues

    source = district_narrative(project, year)
    if source is None:
        return []
    keys = [*(i.key for i in CATALOGUE), *(i.key for i in ROSTER_INDICATORS)]
    return static_issues(read_source(source), _vocabulary(keys), DISTRICT_SECTIONS)


def render_own_words(project: Project, data: DistrictData, totals: IndicatorSet, info: BasicInfo) -> OwnWords:
    """Render the district narrative for `data`'s year (ValidationFailed on any error in it)."""
    from ..narrative import Placement, join, render_narrative

    source = district_narrative(project, data.year)
    if source is None:
        return OwnWords(None)
    names = district_names(data, totals)
    vocab = _vocabulary(names.keys())

    def nothing(placement: Placement) -> str:  # never called: the vocabulary names no chart or table
        raise AssertionError(placement)

    rendered = render_narrative(source, indicators=names, info=info, parts=DISTRICT_SECTIONS, vocab=vocab)
    return OwnWords(source, join(rendered.preamble, nothing), {n: join(p, nothing) for n, p in rendered.sections.items()})


__all__ = ["DISTRICT_NARRATIVE", "DISTRICT_SECTIONS", "OwnWords", "district_names", "district_narrative",
           "district_narrative_issues", "render_own_words"]
