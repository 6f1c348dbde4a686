"""Charts: built from tiny real workbooks, checked against hand counts, the house style and a
golden fig.to_dict() snapshot; None whenever their data was not reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from records_factory import full_sheets, repeat, write_records
from snapshot import assert_snapshot

from fazhi.charts import CHARTS, build_chart
from fazhi.charts.interactive import FONT_FAMILY, figure_json
from fazhi.charts.style import RAMP
from fazhi.indicators import compute_indicators
from fazhi.registry import UnknownName
from fazhi.workbook.records import load_records
from fazhi.workbook.schema import Dispute

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def years(tmp_path_factory):
    root = tmp_path_factory.mktemp("charts")
    return write_records(root, 2024, full_sheets(2024)), [write_records(root, 2023, full_sheets(2023))]


def _chart(years, key):
    records, history = years
    chart = build_chart(key, records, history)
    assert chart is not None, key
    return chart


@pytest.mark.parametrize("key", list(CHARTS))
def test_every_chart_builds_in_house_style(years, key):
    chart = _chart(years, key)
    fig = chart.figure
    assert chart.key == key
    assert chart.caption and not re.match(r"^图\s*\d", chart.caption), "the report numbers captions"
    assert chart.source.startswith("数据来源：")
    assert "2024" in chart.alt and len(chart.alt) > 20
    house = fig["layout"]["template"]["layout"]
    assert house["font"]["family"] == FONT_FAMILY
    assert (house["width"], house["height"]) == (720, 400)
    assert house["paper_bgcolor"] == "white"
    assert "title" not in fig["layout"], "no title inside the figure: the caption is outside"
    assert len(fig["data"]) >= 1
    assert all(t["hoverinfo"] == "text" and t["hovertext"] for t in fig["data"]), "hover text comes from fmt"
    again = build_chart(key, *years)
    assert again is not None and figure_json(again.figure) == figure_json(fig), "deterministic"


@pytest.mark.parametrize("key", list(CHARTS))
def test_every_chart_is_none_when_not_reported(tmp_path, key):
    assert build_chart(key, write_records(tmp_path, 2024, {})) is None


def test_disputes_by_type_counts_and_labels(years):
    bars = _chart(years, "矛盾纠纷类型").figure["data"][0]
    # 5 邻里纠纷, 3 婚姻家庭, 2 土地承包 (records_factory.full_sheets), largest first.
    assert list(bars["y"]) == ["邻里纠纷", "婚姻家庭", "土地承包"]
    assert list(bars["x"]) == [5, 3, 2]
    assert list(bars["text"]) == ["5件（50.0%）", "3件（30.0%）", "2件（20.0%）"]
    assert bars["hovertext"][0] == "邻里纠纷：5件（50.0%）"


def test_months_chart_counts_both_ledgers(years):
    chart = _chart(years, "矛盾纠纷信访月度")
    lines = {trace["name"]: list(trace["y"]) for trace in chart.figure["data"]}
    # Disputes accepted in March (5), July (3), December (2); petitions March (3), July, December.
    assert lines["矛盾纠纷"] == [0, 0, 5, 0, 0, 0, 3, 0, 0, 0, 0, 2]
    assert lines["信访"] == [0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0, 1]
    assert "最多的是3月（5件）" in chart.alt


def test_months_chart_with_disputes_only_says_so(tmp_path):
    records = write_records(tmp_path, 2024, {Dispute.SHEET: repeat(2, **{Dispute.RESULT: "正在调解"})})
    chart = build_chart("矛盾纠纷信访月度", records)
    assert chart is not None
    assert [t["name"] for t in chart.figure["data"]] == ["矛盾纠纷"]
    assert chart.caption == "矛盾纠纷受理量按月分布"


def _stacks(fig) -> dict[str, list[int]]:
    return {t["name"]: list(t["x"] if t["orientation"] == "h" else t["y"]) for t in fig["data"]}


def test_mediation_quarters_reviews_publicity_counts(years):
    mediation = _chart(years, "调解结果").figure
    assert list(mediation["data"][0]["y"]) == ["乡人民调解委员会", "村调委会", "老支书调解室"]
    assert _stacks(mediation) == {"调解成功": [2, 5, 0], "调解未成功": [0, 1, 0], "正在调解": [0, 0, 2]}
    study = _chart(years, "学法季度").figure
    per_quarter = [sum(v) for v in zip(*_stacks(study).values())]
    assert per_quarter == [2, 2, 3, 1]  # quarter 3 has no Party study but 2 集中学法 and a lecture
    reviews = _chart(years, "合法性审查类型").figure
    assert _stacks(reviews) == {"合法": [2, 0, 1], "修改后合法": [1, 0, 0], "不合法": [0, 1, 0]}
    events, audience = _chart(years, "普法宣传节点").figure["data"]
    assert list(events["y"]) == ["4·15", "6·26", "其他"]  # as the text writes the festival days
    assert (list(events["x"]), list(audience["x"])) == ([2, 1, 1], [300, 300, 50])


def test_year_over_year_chart_needs_an_earlier_year(years):
    records, history = years
    assert build_chart("主要指标年度对比", records) is None
    chart = _chart(years, "主要指标年度对比")
    panel = {a["text"]: i for i, a in enumerate(chart.figure["layout"]["annotations"])}["矛盾纠纷受理数（件）"]
    bars = chart.figure["data"][panel]
    assert list(bars["x"]) == ["2023年", "2024年"] and list(bars["y"]) == [10, 10]
    assert chart.caption == "主要指标2023—2024年对比"


def test_unknown_chart_suggests_close_keys(years):
    with pytest.raises(UnknownName, match="矛盾纠纷类型"):
        build_chart("矛盾纠纷类别", *years)


def _luminance(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b  # what a grayscale printer keeps


def test_palette_steps_survive_grayscale():
    grays = [_luminance(c) for c in RAMP]
    assert grays == sorted(grays)
    assert min(b - a for a, b in zip(grays, grays[1:])) > 0.12


def test_snapshot_disputes_by_type(years):
    assert_snapshot("chart_矛盾纠纷类型", _chart(years, "矛盾纠纷类型").figure)


# The largest town, the smallest township, one without 行政执法 and with an empty 复议诉讼.
SAMPLES = ("鲁沙尔镇", "群加藏族乡", "汉东回族乡")


def test_sample_workbooks_draw_every_reported_chart():
    """2024 sample townships: a chart exists exactly when its sheets hold rows."""
    for path in (ROOT / "data" / "2024" / f"{t}.xlsx" for t in SAMPLES):
        records = load_records(path)
        history = [load_records(ROOT / "data" / "2023" / path.name)]
        indicators = compute_indicators(records, history)
        for key, spec in CHARTS.items():
            chart = build_chart(key, records, history, indicators)
            has_rows = [records.sheet(s) is not None and len(records.sheet(s)) > 0 for s in spec.sheets]
            assert (chart is not None) == (any(has_rows) if spec.sheets else True), (path.stem, key)


def test_docs_list_every_chart():
    documented = re.findall(r"^\| (\S+) \|", (ROOT / "docs" / "figures.md").read_text(encoding="utf-8"), re.M)
    assert set(CHARTS) <= set(documented)
