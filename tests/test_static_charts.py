"""The print charts (matplotlib) against the HTML's (plotly): same values, same labels, set in
the document's 黑体 at 10.5 pt or more, no two texts overlapping; a value not reported is no bar."""

from __future__ import annotations

import re
from functools import cache
from itertools import combinations
from pathlib import Path

import pytest

from fazhi.charts import CHARTS, Chart, build_chart
from fazhi.charts.static import chart_font, draw, render
from fazhi.district import charts as district
from fazhi.district.report import COMPARED_RATES, RANKED_COUNTS
from fazhi.district.summary import district_indicators, district_info, district_records, load_district
from fazhi.indicators import compute_indicators
from fazhi.project import Project
from fazhi.workbook.records import load_records
from fazhi.yeardata import YearData

ROOT = Path(__file__).resolve().parents[1]
FONT = chart_font([ROOT / ".fonts"])
# The largest town, one without 行政执法, one missing 2023's 信访.
SAMPLES = ("鲁沙尔镇", "汉东回族乡", "上新庄镇")


@cache
def township_charts(township: str, year: int = 2024) -> tuple[Chart, ...]:
    records = load_records(ROOT / "data" / str(year) / f"{township}.xlsx")
    history = [load_records(p) for y in (year - 2, year - 1) if (p := ROOT / "data" / str(y) / f"{township}.xlsx").exists()]
    indicators = compute_indicators(records, history)
    built = (build_chart(key, records, history, indicators) for key in CHARTS)
    return tuple(c for c in built if c is not None)


@cache
def district_charts(year: int = 2024) -> tuple[Chart, ...]:
    """The summary's charts, built as `DistrictReport.comparisons` builds them (15 townships)."""
    project = Project.at(ROOT)
    data = load_district(project, "湟中区", year)
    totals = district_indicators(data.townships)
    history = YearData(district_records(data, project, district_info(data, None)), (), totals)
    built = [district.ranking(data, key) for key in RANKED_COUNTS]
    built += [district.rate_comparison(data, totals, key) for key in COMPARED_RATES]
    built.append(district.trend(history))
    return tuple(c for c in built if c is not None)


def all_charts() -> list[tuple[str, Chart]]:
    charts = [(f"{t}-{c.key}", c) for t in SAMPLES for c in township_charts(t)]
    return charts + [(f"湟中区-{c.key}", c) for c in district_charts()]


def _marks(svg: str, horizontal: bool = True) -> dict[tuple[int, int, int], tuple[float, float]]:
    """(panel, series, category) → (value written in the mark's id, the bar's drawn length in pt)."""
    marks = {}
    pattern = r'<g id="value-(\d+)-(\d+)-(\d+)-([-\d.e+]+)">\s*<path d="([^"]+)"'
    for panel, series, index, value, path in re.findall(pattern, svg):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]
        xs, ys = numbers[0::2], numbers[1::2]
        marks[int(panel), int(series), int(index)] = (float(value), max(xs) - min(xs) if horizontal else max(ys) - min(ys))
    return marks


def _plotly_values(chart: Chart) -> list[list[float | None]]:
    """Each bar trace's values as the HTML's plotly JSON holds them (value axis of its orientation)."""
    figure = chart.figure
    return [list(t["x"] if t.get("orientation") == "h" else t["y"]) for t in figure["data"] if t["type"] == "bar"]


@pytest.mark.parametrize(("name", "chart"), all_charts(), ids=lambda v: v if isinstance(v, str) else "")
def test_print_chart_draws_what_the_html_holds_legibly(name, chart):
    svg = render(chart.plot, FONT).decode("utf-8")
    _same_values_and_labels(name, chart, svg)
    _print_size_font_and_no_overlap(name, chart, svg)


def _same_values_and_labels(name: str, chart: Chart, svg: str) -> None:
    figure = chart.figure
    texts = re.findall(r"<text[^>]*>([^<]*)", svg)
    for trace in figure["data"]:  # every label the HTML writes on a mark is printed too
        assert {t for t in trace.get("text") or [] if t} <= set(texts), name
    bar_traces = _plotly_values(chart)
    if not bar_traces:
        return
    marks = _marks(svg, getattr(chart.plot, "horizontal", True))
    flat = [(k, i, v) for k, values in enumerate(bar_traces) for i, v in enumerate(values)]
    panels = chart.plot.__class__.__name__ == "Panels"
    drawn = {(k, i) for k, i, v in flat if v not in (None, 0)}
    if not panels:  # one axis: mark ids are (series, category) and bar lengths share one scale
        assert {key[1:] for key, (value, _) in marks.items() if value} == drawn, name
        for k, i, v in flat:
            if v:
                assert marks[0, k, i][0] == pytest.approx(v), name
        scale = {round(length / value, 3) for value, length in marks.values() if value}
        assert max(scale) - min(scale) <= 0.01 * max(scale), f"{name}: bar lengths proportional to values"
    else:
        values = sorted(v for _, _, v in flat if v)
        assert sorted(value for value, _ in marks.values() if value) == pytest.approx(values), name


def _print_size_font_and_no_overlap(name: str, chart: Chart, svg: str) -> None:
    assert re.search(r'<svg[^>]* width="442\.2\d*pt"', svg), "156 mm wide: printed at 100 %"
    sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
    assert sizes and min(sizes) >= 10.5, name
    assert set(re.findall(r"font-family: '([^']+)'", svg)) == {"FandolHei"}, name
    fig = draw(chart.plot, FONT)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    drawn = []  # every text the renderer actually draws, with its box
    draw_text = renderer.draw_text

    def record(gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if s.strip() and mtext is not None:
            drawn.append((s, mtext.get_window_extent(renderer)))
        return draw_text(gc, x, y, s, prop, angle, ismath, mtext)

    renderer.draw_text = record
    fig.draw(renderer)
    boxes = list({id(box): (text, box) for text, box in drawn}.values())
    assert boxes, name
    for (a, box_a), (b, box_b) in combinations(boxes, 2):
        overlap_w = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        overlap_h = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        assert not (overlap_w > 1 and overlap_h > 1), f"{name}: {a!r} overlaps {b!r}"
    page = fig.bbox
    for text, box in boxes:
        assert box.x0 >= page.x0 - 1 and box.x1 <= page.x1 + 1 and box.y0 >= page.y0 - 1 and box.y1 <= page.y1 + 1, \
            f"{name}: {text!r} leaves the chart"


def test_a_year_not_reported_is_no_bar_and_no_value():
    """上新庄镇 did not report 信访 in 2023: its trend panel has no 2023 bar, not a 0."""
    trend = next(c for c in township_charts("上新庄镇") if c.key == "主要指标年度对比")
    panel = trend.plot.titles.index("信访受理数（件）")
    values = trend.plot.panels[panel].series[0].values
    assert values[0] is None and values[1]
    plotly_panel = [t for t in trend.figure["data"]][panel]
    assert plotly_panel["y"][0] is None, "no value in the HTML's chart data"
    svg = render(trend.plot, FONT).decode("utf-8")
    assert "未报送" in re.findall(r"<text[^>]*>([^<]*)", svg)


def test_two_lines_label_on_opposite_sides():
    months = next(c for c in township_charts("土门关乡") if c.key == "矛盾纠纷信访月度")
    disputes, petitions = (s.values for s in months.plot.series)
    for i, sides in enumerate(zip(*months.plot.sides, strict=False)):
        assert sorted(sides) == ["above", "below"]
        assert sides[0] == ("above" if disputes[i] >= petitions[i] else "below")
