"""The district's numbers: every township's indicators, and district totals that are indicators too.

`load_district` reads the year's workbooks (with the two earlier years, as a township report
does) and keeps the townships whose 基本信息 names the district. `district_indicators` turns
them into one `IndicatorSet` for the district, so district totals print, compare and chart
exactly like a township's values:

- a count is the sum of the townships' values, over the townships that reported it;
- a rate is re-computed from its numerator and denominator summed over the townships that
  have both (averaging rates would weigh a village of 10 cases like a town of 400);
- an earlier year's total is taken over the same townships as this year's, or is missing
  (部分乡镇未报送), so a year-over-year change never compares different sets of townships.

With a `fazhi.toml` for the district, the townships are its roster, in its order: one without
a workbook is named as not reported, one whose workbook names another county is left out with
the reason, and the summary's 主送, issuer and date come from its `[summary]`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from .. import fmt
from ..config import SummarySettings, load_config
from ..errors import InputError, ValidationFailed
from ..indicators import CATALOGUE, NOT_APPLICABLE, Indicator, IndicatorSet, Value
from ..indicators.measures import Ratio
from ..project import Project
from ..township import LeftOut, load_township_year
from ..workbook import BasicInfo, Records

PARTLY_REPORTED = "部分乡镇未报送"
Number = int | float
PartCache = dict[tuple[object, str, int], "Number | None"]  # rates share parts (e.g. the number of cases)


@dataclass(frozen=True)
class Township:
    """One township: its records by year (this year and the earlier years that loaded) and
    this year's indicators."""

    name: str
    year: int
    records: Mapping[int, Records]
    indicators: IndicatorSet

    @property
    def info(self) -> BasicInfo:
        return self.records[self.year].info


@dataclass(frozen=True)
class DistrictData:
    """The townships of a district for a year, and those left out with the reason."""

    district: str
    year: int
    townships: tuple[Township, ...]
    left_out: tuple[tuple[str, str], ...] = ()  # (township, why), e.g. a workbook with errors
    earlier_left_out: tuple[LeftOut, ...] = ()  # townships' earlier years left out of the comparisons
    not_reported: tuple[str, ...] = ()  # townships of the roster without a workbook for the year
    roster_size: int | None = None  # the roster's length, None without a fazhi.toml
    settings: SummarySettings = SummarySettings()  # 主送, issuer, date from fazhi.toml

    def values(self, key: str) -> list[tuple[str, Value]]:
        return [(t.name, t.indicators[key]) for t in self.townships]

    def totals(self) -> IndicatorSet | None:
        """The district's indicators, None when no township loaded."""
        return district_indicators(self.townships) if self.townships else None


def load_district(project: Project, district: str, year: int, *, allow_empty: bool = False,
                  catalogue: Sequence[Indicator] = CATALOGUE) -> DistrictData:
    """Load the district's townships for `year` (the roster of fazhi.toml, else every workbook
    of the year whose 基本信息 names `district`), each with its earlier years, as a township
    report loads them, with the indicators of `catalogue`; InputError when none loads, unless
    `allow_empty`."""
    config = load_config(project.root)
    roster = config.roster if config is not None and config.county == district else None
    found = project.townships(year)
    townships: list[Township] = []
    left_out: list[tuple[str, str]] = []
    earlier_left_out: list[LeftOut] = []
    counties: set[str] = set()
    for name in found if roster is None else [t for t in roster if t in found]:
        try:
            loaded = load_township_year(project, name, year, catalogue)
        except ValidationFailed as exc:
            errors = sum(i.severity == "error" for i in exc.issues)
            left_out.append((name, f"工作簿有 {errors} 处错误"))
            continue
        except InputError:  # saved as .xls or the like (require_workbook says so when it renders)
            left_out.append((name, "工作簿不是 .xlsx 格式"))
            continue
        county = loaded.records.info.county
        counties.add(county)
        if county != district:
            if roster is not None:
                left_out.append((name, f"工作簿基本信息中的区县为「{county}」"))
            continue
        by_year = {r.info.year: r for r in (loaded.records, *loaded.history)}
        townships.append(Township(name, year, MappingProxyType(by_year), loaded.indicators))
        earlier_left_out += loaded.left_out
    missing = () if roster is None else tuple(t for t in roster if t not in found)
    settings = config.summary if config is not None and roster is not None else SummarySettings()
    data = DistrictData(district, year, tuple(townships), tuple(left_out), tuple(earlier_left_out), missing,
                        None if roster is None else len(roster), settings)
    if not townships and not allow_empty:
        raise InputError(
            f"{year} 年度没有「区县」为「{district}」的乡镇工作簿（{project.data_dir / str(year)}）。"
            f"工作簿中的区县：{'、'.join(sorted(counties)) or '（无）'}。"
        )
    return data


def district_records(data: DistrictData, project: Project, info: BasicInfo) -> Records:
    """The district as a `Records` with no sheets of its own: charts and tables that read only
    indicators (the key-indicator table, the year-over-year chart) take it like a township's."""
    return Records(project.data_dir / str(data.year), info, MappingProxyType({}))


def district_indicators(townships: Sequence[Township], catalogue: Sequence[Indicator] = CATALOGUE) -> IndicatorSet:
    """The district's `IndicatorSet`: every catalogue indicator totalled over `townships`."""
    year = townships[0].year
    earlier = tuple(sorted({y for t in townships for y in t.records if y != year}))
    values: dict[str, Value] = {}
    cache: PartCache = {}
    for indicator in catalogue:
        totals = {y: _total(indicator, townships, y, cache) for y in (*earlier, year)}
        history = tuple((y, totals[y][0]) for y in earlier)
        missing = tuple((y, reason) for y, (value, reason) in totals.items() if value is None)
        values[indicator.key] = Value(indicator, year, totals[year][0], history, missing)
    return IndicatorSet(year, values, earlier)


def _total(indicator: Indicator, townships: Sequence[Township], year: int, cache: PartCache) -> tuple[Number | None, str]:
    """The district value of `indicator` in `year`, or None with the reason."""
    this_year = townships[0].year
    if indicator.kind == "rate" and isinstance(indicator.compute, Ratio):
        ratio = indicator.compute
        top = _part(ratio.numerator, ratio.numerator_name, cache)
        bottom = _part(ratio.denominator, ratio.denominator_name, cache)
        among = [t for t in townships if top(t, this_year) is not None and bottom(t, this_year) is not None]
        numerator, reason = _sum(top, among, year)
        denominator, bottom_reason = _sum(bottom, among, year)
        if numerator is None or denominator is None:
            return None, reason or bottom_reason
        return (None, NOT_APPLICABLE) if denominator == 0 else (numerator / denominator, "")
    part = _part(indicator.compute, indicator.key, cache)
    return _sum(part, [t for t in townships if part(t, this_year) is not None], year)


Part = Callable[[Township, int], Number | None]


def _part(measure: Callable[[Records], Number | None], key: str, cache: PartCache) -> Part:
    """A township's value of one part in a year: from its indicators when the part is one
    (already computed), else by running the measure on that year's records (once)."""
    if key:
        return lambda t, y: _at(t.indicators[key], y)

    def value(t: Township, y: int) -> Number | None:
        if (measure, t.name, y) not in cache:
            cache[measure, t.name, y] = measure(t.records[y]) if y in t.records else None
        cached: Number | None = cache[measure, t.name, y]
        return cached

    return value


def _at(value: Value, year: int) -> Number | None:
    return value.value if year == value.year else dict(value.history).get(year)


def _sum(part: Part, among: Sequence[Township], year: int) -> tuple[Number | None, str]:
    """The sum over `among` in `year`; missing when none reported or one lacks that year."""
    if not among:
        return None, fmt.NOT_REPORTED
    parts = [part(t, year) for t in among]
    if any(p is None for p in parts):
        return None, PARTLY_REPORTED
    return sum(parts), ""  # type: ignore[arg-type]


def district_info(data: DistrictData, issuer: str | None = None) -> BasicInfo:
    """The summary's basic information: the district as 区县; issuer `issuer`, else fazhi.toml's,
    else its 司法局; 主送 from fazhi.toml (none by default); the date fazhi.toml's, else the
    latest 成文日期 of the townships' workbooks."""
    settings = data.settings
    return BasicInfo(
        county=data.district, township="各乡镇", year=data.year,
        villages=sum(t.info.villages for t in data.townships),
        issuer=issuer or settings.issuer or f"{data.district}司法局", recipient=settings.recipient,
        date=settings.date or max(t.info.date for t in data.townships),
    )
