"""Narratives: sections, placeholders, conditionals, charts and tables, the check, the samples."""

from __future__ import annotations

from pathlib import Path

import pytest
from narrative_support import INFO, YEAR, indicator_set, narrative_text, rendered, write

from fazhi.errors import Reason, ValidationFailed
from fazhi.narrative import SECTIONS, Placement, Text, check_narrative, render_narrative
from fazhi.narrative.sections import match_section
from fazhi.project import Project

ROOT = Path(__file__).resolve().parents[1]
FIGURES = {"党委会研究法治建设次数": 3, "矛盾纠纷受理数": 41, "调解成功率": 0.925, "学法考试参考人数": 12,
           "学习完成率": 1.0, "正在调解数": 0}
LAST_YEAR = {"党委会研究法治建设次数": 2, "矛盾纠纷受理数": 50, "学法考试参考人数": 11}


def render(path: Path, **figures):
    indicators = indicator_set({**FIGURES, **figures}, LAST_YEAR)
    return rendered(path, indicators)


# ---- the mandated sections ----------------------------------------------------------------


def test_sections_are_the_four_required_and_the_optional_fifth_in_order():
    # The wording of 《法治政府建设与责任落实督察工作规定》 art. 25 (shared/facts/report-rules.md)
    assert [s.heading for s in SECTIONS] == [
        "一、上一年度推进法治政府建设的主要举措和成效",
        "二、上一年度推进法治政府建设存在的不足和原因",
        "三、上一年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
        "四、下一年度推进法治政府建设的主要安排",
        "五、其他需要报告的情况",
    ]
    assert [s.required for s in SECTIONS] == [True, True, True, True, False]


@pytest.mark.parametrize("heading", ["一、上一年度推进法治政府建设的主要举措和成效",
                                     "1、 上一年度推进法治政府建设的主要举措和成效",
                                     "1. 上一年度推进法治政府建设的主要举措和成效"])
def test_a_heading_is_recognised_whatever_its_numbering(heading):
    assert match_section(heading).number == 1


def test_half_width_comma_in_section_three_is_forgiven():
    assert match_section("三、上一年度党政主要负责人履行推进法治建设第一责任人职责,加强法治政府建设的有关情况").number == 3


def test_render_splits_preamble_and_sections_without_their_headings(tmp_path):
    text = narrative_text("## （一）组织领导\n\n第一部分。", others="其余。", preamble="开头的话，现报告如下。")
    n = render(write(tmp_path, text))
    assert n.preamble == "开头的话，现报告如下。"
    assert sorted(n.sections) == [1, 2, 3, 4]
    assert n.sections[1] == "## （一）组织领导\n\n第一部分。"
    assert all("上一年度" not in body for body in n.sections.values())


# ---- placeholders -------------------------------------------------------------------------


def test_placeholders_print_value_with_unit_previous_year_and_change(tmp_path):
    body = ("召开{{ 党委会研究法治建设次数 }}，上年{{ 党委会研究法治建设次数.上年 }}，"
            "{{ 党委会研究法治建设次数.同比 }}；成功率{{ 调解成功率 }}；单位{{ 矛盾纠纷受理数.单位 }}。")
    n = render(write(tmp_path, narrative_text(body)))
    # 3 against 2 is a rise of one half; 0.925 is 92.5 per cent
    assert n.sections[1] == "召开3次，上年2次，同比增长50.0%；成功率92.5%；单位件。"


def test_basic_information_names(tmp_path):
    body = "{{ 区县 }}{{ 乡镇 }}{{ 年度 }}年，上年度{{ 上年度 }}，下年度{{ 下年度 }}，全{{ 乡镇类别 }}，{{ 发文机关 }}，{{ 成文日期 }}。"
    n = render(write(tmp_path, narrative_text(body)))
    assert n.sections[1] == "湟中区土门关乡2024年，上年度2023，下年度2025，全乡，土门关乡人民政府，2025年1月9日。"


def test_conditionals_leave_out_a_clause_for_zero_and_for_not_reported(tmp_path):
    body = ("A{% if 矛盾纠纷受理数 > 0 %}有纠纷{% endif %}"
            "B{% if 正在调解数 > 0 %}有在调{% endif %}"
            "C{% if 信访受理数 > 0 %}有信访{% endif %}"
            "D{% if 信访受理数 is 已报送 %}信访已报{% else %}信访未报{% endif %}"
            "E{% if 矛盾纠纷受理数 is 可比 %}{{ 矛盾纠纷受理数.同比 }}{% endif %}"
            "F{% if 调解成功率 is 可比 %}可比{% endif %}")
    n = render(write(tmp_path, narrative_text(body)))
    # 41 against 50: down 18 per cent; 调解成功率 has no value last year
    assert n.sections[1] == "A有纠纷BCD信访未报E同比下降18.0%F"


def test_lines_of_one_paragraph_join_without_spaces_between_chinese(tmp_path):
    body = "第一句，\n{% if 矛盾纠纷受理数 > 0 %}\n受理{{ 矛盾纠纷受理数 }}，\n{% endif %}\n第二句。\nEnglish\nwords"
    assert render(write(tmp_path, narrative_text(body))).sections[1] == "第一句，受理41件，第二句。English words"


def test_unknown_placeholder_is_located_and_suggests_the_name(tmp_path):
    text = narrative_text("前文。\n\n共召开{{ 党委会研究法治建设 }}。")
    with pytest.raises(ValidationFailed) as exc:
        render(write(tmp_path, text))
    (issue,) = exc.value.issues
    line_text = text.splitlines()[issue.line - 1]
    assert line_text == "共召开{{ 党委会研究法治建设 }}。"
    assert int(issue.column) == line_text.index("党委会研究法治建设") + 1
    assert issue.reason == Reason.UNKNOWN_PLACEHOLDER and "「党委会研究法治建设次数」" in issue.message  # the suggestion


def test_template_syntax_error_is_located_in_chinese(tmp_path):
    text = narrative_text("第一行。\n\n{% if 矛盾纠纷受理数 > 0 %}没有结束")
    with pytest.raises(ValidationFailed) as exc:
        render(write(tmp_path, text))
    (issue,) = exc.value.issues
    assert issue.line is not None and issue.column is not None
    assert issue.reason == Reason.TEMPLATE_SYNTAX and "endif" in issue.message  # what is missing


def test_full_width_brackets_in_a_tag_get_a_hint(tmp_path):
    with pytest.raises(ValidationFailed) as exc:
        render(write(tmp_path, narrative_text('{{ 图表（"矛盾纠纷类型"） }}')))
    (issue,) = exc.value.issues
    assert issue.reason == Reason.TEMPLATE_SYNTAX and "半角" in issue.message  # the hint


# ---- charts and tables ----------------------------------------------------------------------


def test_charts_and_tables_are_pieces_of_their_own_where_written(tmp_path):
    body = '前文。\n\n{{ 图表("矛盾纠纷类型") }}\n\n中间。\n\n{{ 表格("学法考试") }}\n\n后文。'
    n = render_narrative(write(tmp_path, narrative_text(body)), indicators=indicator_set(FIGURES), info=INFO)
    assert n.sections[1] == (Text("前文。"), Placement("chart", "矛盾纠纷类型"), Text("中间。"),
                             Placement("table", "学法考试"), Text("后文。"))
    assert n.sections[2] == (Text("内容。"),) and n.preamble == ()


def test_a_chart_in_a_false_branch_is_not_placed(tmp_path):
    body = '{% if 信访受理数 > 0 %}\n{{ 图表("信访类别") }}\n{% endif %}\n正文。'
    assert render(write(tmp_path, narrative_text(body))).placed == ()


def test_unknown_chart_suggests_the_closest_key(tmp_path):
    with pytest.raises(ValidationFailed) as exc:
        render(write(tmp_path, narrative_text('{{ 图表("矛盾纠纷类") }}')))
    (issue,) = exc.value.issues
    assert issue.reason == Reason.PLACEMENT_INVALID and issue.line == 3 and "「矛盾纠纷类型」" in issue.message


def test_a_chart_must_stand_on_its_own_line(tmp_path):
    with pytest.raises(ValidationFailed) as exc:
        render(write(tmp_path, narrative_text('见下图：{{ 图表("矛盾纠纷类型") }}')))
    assert [i.reason for i in exc.value.issues] == [Reason.PLACEMENT_NOT_ALONE]


# ---- fazhi check for narratives ------------------------------------------------------------


def check(tmp_path: Path, text: str):
    return check_narrative(write(tmp_path, text), indicators=indicator_set(FIGURES, LAST_YEAR))


def test_a_narrative_with_placeholders_only_passes(tmp_path):
    assert check(tmp_path, narrative_text("召开{{ 党委会研究法治建设次数 }}，受理{{ 矛盾纠纷受理数 }}。")) == []


def test_typed_figure_equal_to_this_years_value_suggests_the_placeholder(tmp_path):
    text = narrative_text("全年受理矛盾纠纷41件。")
    (issue,) = check(tmp_path, text)
    assert (issue.severity, issue.reason, issue.value) == ("warning", Reason.TYPED_FIGURE, "41")
    assert "{{ 矛盾纠纷受理数 }}" in issue.message  # the suggestion
    assert int(issue.column) == text.splitlines()[issue.line - 1].index("41") + 1


def test_last_years_figure_left_in_is_called_out(tmp_path):
    (issue,) = check(tmp_path, narrative_text("全年受理矛盾纠纷50件。"))
    assert (issue.severity, issue.reason, issue.value) == ("warning", Reason.TYPED_FIGURE, "50")
    assert "2023年度" in issue.message and "{{ 矛盾纠纷受理数 }}" in issue.message and "41件" in issue.message


def test_typed_percentage_matches_a_rate(tmp_path):
    (issue,) = check(tmp_path, narrative_text("调解成功率92.5%。"))
    assert issue.value == "92.5%" and issue.reason == Reason.TYPED_FIGURE and "{{ 调解成功率 }}" in issue.message


def test_typed_year_suggests_the_year_placeholder(tmp_path):
    issues = check(tmp_path, narrative_text("2024年成效明显，2025年继续。"))
    assert [(i.reason, i.value) for i in issues] == [(Reason.TYPED_YEAR, "2024"), (Reason.TYPED_YEAR, "2025")]
    assert [i.message.split("建议改用 ")[1].split(" }}")[0] for i in issues] == ["{{ 年度", "{{ 下年度"]


def test_numbering_festival_days_and_dates_are_not_figures(tmp_path):
    # 3 and 12 and 41 are indicator values; here they are list numbers, festival days and a date
    text = narrative_text("1. 第一条\n\n（3）第三条\n\n“12·4”国家宪法日和4.15宣传，3月12日召开。")
    assert check(tmp_path, text) == []


def test_missing_and_misordered_sections_are_errors(tmp_path):
    s = [section.heading for section in SECTIONS]
    text = f"# {s[1]}\n\n甲。\n\n# {s[0]}\n\n乙。\n\n# {s[3]}\n\n丙。\n"
    errors = {(i.reason, i.line) for i in check(tmp_path, text) if i.severity == "error"}
    lines = text.splitlines()
    assert (Reason.SECTION_ORDER, lines.index(f"# {s[0]}") + 1) in errors
    assert {reason for reason, _ in errors} == {Reason.SECTION_ORDER, Reason.SECTION_MISSING}
    assert any(s[2] in i.message for i in check(tmp_path, text) if i.reason == Reason.SECTION_MISSING)  # which one


def test_unknown_level_one_heading_and_missing_space_are_errors(tmp_path):
    text = narrative_text("正文。") + "\n# 六、附则\n\n其他。\n"
    text = text.replace("# 二、", "#二、")
    lines = text.splitlines()
    errors = {(i.reason, i.line) for i in check(tmp_path, text) if i.severity == "error"}
    assert (Reason.SECTION_UNKNOWN, lines.index("# 六、附则") + 1) in errors
    assert (Reason.HEADING_UNSPACED, next(n for n, t in enumerate(lines, 1) if t.startswith("#二、"))) in errors


def test_empty_section_is_a_warning(tmp_path):
    text = narrative_text("正文。").replace("内容。", "", 1)
    (issue,) = check(tmp_path, text)
    assert (issue.severity, issue.reason) == ("warning", Reason.SECTION_EMPTY)
    assert text.splitlines()[issue.line - 1].startswith("# 二、")


# ---- the sample narratives -----------------------------------------------------------------


def _real(township: str, narrative: Path):
    from fazhi.narrative.data import township_data

    data = township_data(Project.at(ROOT), township, YEAR)
    info, indicators = data.info, data.indicators
    return rendered(narrative, indicators, info), indicators


@pytest.mark.parametrize("township", Project.at(ROOT).townships(YEAR))
def test_default_narrative_reads_as_a_report_for_every_sample_township(township):
    n, _ = _real(township, ROOT / "narrative" / "_default.md")
    text = n.preamble + "".join(n.sections.values())
    assert sorted(n.sections) == [1, 2, 3, 4] and all(len(b) > 100 for b in n.sections.values())
    assert township in n.preamble
    # nothing of the machinery shows and a missing figure is left out, not printed
    for leftover in ("{{", "{%", "未报送", "不适用", "None", "\\"):
        assert leftover not in text, leftover
    assert "CHART[矛盾纠纷类型]" in n.sections[1]


def test_default_narrative_leaves_out_enforcement_for_a_township_without_it():
    n, indicators = _real("汉东回族乡", ROOT / "narrative" / "_default.md")
    assert indicators["行政执法案件数"].value is None  # the sample has no 行政执法 sheet here
    assert "执法事项" not in n.sections[1] and "三项制度" not in "".join(n.sections.values())


def test_tumenguan_2024_states_the_seed_figures_from_the_workbook():
    source = ROOT / "narrative" / "2024" / "土门关乡.md"
    n, indicators = _real("土门关乡", source)
    one = n.sections[1]
    # the seed report: 3 Party-committee meetings, 12 examinees at 100%, lawyer as adviser,
    # advisers for all 19 villages, five publicity occasions
    for phrase in ("全年3次在党委会上", "参加考试12人，学习完成率100.0%", "执业律师1人", "全乡19个行政村",
                   "5个重要节点"):
        assert phrase in one, phrase
    assert check_narrative(source, indicators=indicators) == []
    # every figure is a placeholder: no digit is typed outside tags but the festival days
    import re

    typed = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", source.read_text(encoding="utf-8"))
    assert set(re.findall(r"\d+", typed)) <= {"4", "15", "6", "26", "12"}


def test_default_narrative_passes_its_own_check():
    from fazhi.narrative.data import township_data

    indicators = township_data(Project.at(ROOT), "鲁沙尔镇", YEAR).indicators
    assert check_narrative(ROOT / "narrative" / "_default.md", indicators=indicators) == []


# ---- the commands ----------------------------------------------------------------------------


def test_fazhi_check_reports_narrative_problems_with_their_place(tmp_path, capsys, monkeypatch):
    from conftest import copy_project

    from fazhi.cli import main

    monkeypatch.setenv("COLUMNS", "300")
    project = copy_project(tmp_path)
    own = project.narrative_dir / "2024" / "土门关乡.md"
    own.write_text(own.read_text(encoding="utf-8").replace("{{ 党委会研究法治建设次数 }}", "{{ 党委会研究次数 }}")
                   .replace("{{ 学法考试参考人数 }}", "12人"), encoding="utf-8")
    assert main(["check", "--township", "土门关乡", "--year", "2024", "--root", str(project.root)]) == 1
    err = capsys.readouterr().err
    assert "narrative/2024/土门关乡.md" in err
    assert "未知的占位符「党委会研究次数」" in err and "「党委会研究法治建设次数」" in err
    assert "手写的数字「12」" in err


def test_fazhi_check_all_shows_a_default_narrative_problem_once(tmp_path, capsys, monkeypatch):
    from conftest import copy_project

    from fazhi.cli import main

    monkeypatch.setenv("COLUMNS", "300")
    project = copy_project(tmp_path, townships=("多巴镇", "鲁沙尔镇"))
    default = project.narrative_dir / "_default.md"
    default.write_text(default.read_text(encoding="utf-8") + "\n{{ 不存在的指标 }}\n", encoding="utf-8")
    assert main(["check", "--all", "--year", "2024", "--root", str(project.root)]) == 1
    assert capsys.readouterr().err.count("未知的占位符「不存在的指标」") == 1


def test_fazhi_indicators_lists_placeholders_with_values_charts_and_tables_on_stdout(capsys, monkeypatch):
    from fazhi.cli import main

    monkeypatch.setenv("COLUMNS", "300")
    assert main(["indicators", "--township", "土门关乡", "--year", "2024", "--root", str(ROOT)]) == 0
    out, err = capsys.readouterr()
    assert err == ""  # so `fazhi indicators … > 参考.txt` keeps the whole reference
    lines = out.splitlines()
    row = next(line for line in lines if "{{ 党委会研究法治建设次数 }}" in line)
    assert "3次" in row and "党委会专题研究法治建设工作的次数" in row  # the seed's 3 meetings
    assert any("{{ 行政村社区数 }}" in line and "19个" in line for line in lines)
    assert any("{{ 乡镇 }}" in line and "土门关乡" in line for line in lines)
    assert any('{{ 图表("矛盾纠纷类型") }}' in line for line in lines)
    assert any('{{ 表格("主要指标") }}' in line for line in lines)


def test_check_with_the_data_finds_an_error_only_filling_in_reveals(tmp_path):
    text = narrative_text("{% if 乡镇 > 3 %}甲{% endif %}\n\n受理{{ 矛盾纠纷受理数 }}。")
    path = write(tmp_path, text)
    indicators = indicator_set(FIGURES, LAST_YEAR)
    assert check_narrative(path, indicators=indicators) == []  # statically fine
    (issue,) = check_narrative(path, indicators=indicators, info=INFO)
    assert issue.severity == "error" and issue.line == text.splitlines().index("{% if 乡镇 > 3 %}甲{% endif %}") + 1


def test_county_kind_names_the_level_above():
    from fazhi.narrative.template import county_kind

    assert [county_kind(c) for c in ("湟中区", "大通回族土族自治县", "格尔木市", "达拉特旗")] == ["区", "县", "市", "旗"]
