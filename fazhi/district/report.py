"""The district summary as `district.qmd` sees it: short calls that return Markdown.

`district.qmd` does ``汇总 = open_district(district, year, root)`` and prints ``汇总.title()``,
``preamble()``, ``overview()``, ``townships()``, ``comparisons()``, ``concerns()`` and
``signature()``. Tables and charts are numbered in document order through the same `Elements`
as a township report, which declares the facts the renderers read (`title_text`, `file_stem`,
`info`, `warnings`), so HTML and PDF come out in the same layout.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..elements import Elements
from ..indicators import IndicatorSet
from ..project import Project
from ..session import Session
from ..tables import Table
from ..tables.breakdown import cell, explain
from ..tables.model import RIGHT
from ..tables.summary import key_indicators
from ..yeardata import YearData
from . import charts, text
from .summary import PARTLY_REPORTED, DistrictData, district_indicators, district_info, district_records, load_district

SUMMARY_NAME = "乡镇法治政府建设情况汇总报告"
# The townships side by side: (column header, indicator). Four columns of at most five
# characters a line keep a table within the 156 mm text width beside the township names.
TOWNSHIP_TABLES = (
    ("各乡镇学法和普法情况", (("学法活动\n（次）", "学法活动次数"), ("学法考试\n合格率", "学法考试合格率"),
                              ("普法宣传\n（场）", "普法宣传场次"), ("普法受众\n（人次）", "普法受众人次"))),
    ("各乡镇矛盾纠纷化解和信访情况", (("矛盾纠纷\n（件）", "矛盾纠纷受理数"), ("调解\n成功率", "调解成功率"),
                                      ("信访事项\n（件）", "信访受理数"), ("按期\n办结率", "信访按期办结率"))),
    ("各乡镇依法行政情况", (("合法性审查\n（件）", "合法性审查件数"), ("重大决策\n（件）", "重大行政决策数"),
                            ("行政执法\n（件）", "行政执法案件数"), ("法律顾问\n覆盖率", "村居法律顾问覆盖率"))),
)
RANKED_COUNTS = ("矛盾纠纷受理数", "普法宣传场次")
COMPARED_RATES = ("调解成功率",)
TOTAL_ROW = "全区"


def summary_title(district: str, year: int) -> str:
    """湟中区2024年乡镇法治政府建设情况汇总报告 (also the output file name)."""
    return f"{district}{year}年{SUMMARY_NAME}"


class DistrictReport(Elements):
    def __init__(self, project: Project, district: str, year: int, session: Session, issuer: str | None = None):
        self.data: DistrictData = load_district(project, district, year)
        super().__init__(session, district_info(self.data, issuer))
        self.project, self.district, self.year = project, district, year
        self.totals: IndicatorSet = district_indicators(self.data.townships)
        self._as_year_data = YearData(district_records(self.data, project, self.info), (), self.totals)
        session.messages.extend(f"{t}：{why}，未纳入汇总报告。" for t, why in self.data.left_out)
        session.messages.extend(gone.message() for gone in self.data.earlier_left_out)

    # -- facts about the report (the names a township `Report` uses) --------------------------
    @property
    def title_text(self) -> str:
        return summary_title(self.district, self.year)

    # -- pieces district.qmd prints (title and signature: `Elements`) ---------------------------
    def preamble(self) -> str:
        return text.preamble(self.data)

    def overview(self) -> str:
        """一、总体情况: the totals in prose, then the district's key indicators with last year's."""
        body = key_indicators(self._as_year_data)
        table = "" if body is None else self.place_table(Table(
            "全区主要指标", "全区主要指标完成情况", body.header, body.rows, body.align, body.note + _partly(body.rows),
        ))
        return f"{text.overview(self.totals)}\n\n{table}"

    def townships(self) -> str:
        """二、各乡镇主要指标: every township a row, the district's total last."""
        tables = [self._township_table(caption, columns) for caption, columns in TOWNSHIP_TABLES]
        return "\n\n".join(("各乡镇主要指标见下列各表。", *tables))

    def comparisons(self) -> str:
        """三、比较与排名: rankings in prose and charts, rates against the district, the trend."""
        parts = [text.leaders(self.data, key) for key in RANKED_COUNTS]
        parts += [text.spread(self.data, self.totals, key) for key in COMPARED_RATES]
        pieces = [" ".join(p for p in parts if p)]
        built = [charts.ranking(self.data, key) for key in RANKED_COUNTS]
        built += [charts.rate_comparison(self.data, self.totals, key) for key in COMPARED_RATES]
        built.append(charts.trend(self._as_year_data))
        pieces += [self.place_chart(chart) for chart in built if chart is not None]
        return "\n\n".join(pieces)

    def concerns(self) -> str:
        """四、需要关注的情况: data-driven points, or a sentence saying there are none."""
        points = text.concerns(self.data)
        return text.bullet_list(points) if points else "各乡镇主要比率均达到100%，未发现需要特别关注的情况。"

    # -- internals -------------------------------------------------------------------------------
    def _township_table(self, caption: str, columns: tuple[tuple[str, str], ...]) -> str:
        def cells(values: IndicatorSet) -> tuple[str, ...]:
            return tuple(cell(values[k].indicator, values[k].value, values[k].reason(self.year)) for _, k in columns)

        rows = [(t.name, *cells(t.indicators)) for t in self.data.townships]
        total = (TOTAL_ROW, *cells(self.totals))
        header = ("乡镇", *(h for h, _ in columns))
        note = (f"数据来源：各乡镇{self.year}年度法治政府建设工作台账。“{TOTAL_ROW}”行的数量为各乡镇合计，"
                "比率按各乡镇分子、分母分别加总后计算。")
        shown = [c for row in (*rows, total) for c in row[1:]]
        table = Table(caption, caption, header, (*rows, total), ("left", *(RIGHT * len(columns))),
                      note + explain(shown) + _partly([total]))
        return self.place_table(table)


def _partly(rows: Sequence[Sequence[str]]) -> str:
    """The note's sentence explaining 部分乡镇未报送, when a cell says it."""
    if not any(PARTLY_REPORTED in row for row in rows):
        return ""
    return f"“{PARTLY_REPORTED}”表示该年有本年报送的乡镇未报送，合计与本年不可比，不作同比。"
