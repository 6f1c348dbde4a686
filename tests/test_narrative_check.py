"""`fazhi check` for narratives: which indicator a typed number is taken for, the document's
structure (code fences, front matter) and an earlier workbook with errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_project
from narrative_support import indicator_set, narrative_text, write

from fazhi.cli import main
from fazhi.errors import Reason
from fazhi.narrative import check_narrative

# 2 and 11 are this year's figures of two indicators and last year's of two others: the
# reviewer's cases, where the typed unit and the sentence tell which one the author meant
FIGURES = {"党委会研究法治建设次数": 3, "重大行政决策数": 2, "学法考试参考人数": 12, "修订村规民约数": 11}
LAST_YEAR = {"党委会研究法治建设次数": 2, "学法考试参考人数": 11}


def warnings(tmp_path: Path, body: str) -> list[str]:
    issues = check_narrative(write(tmp_path, narrative_text(body)), indicators=indicator_set(FIGURES, LAST_YEAR))
    assert all(i.severity == "warning" and i.reason == Reason.TYPED_FIGURE for i in issues)
    return [i.message for i in issues]


def suggested(message: str) -> str:
    """The first placeholder a message suggests."""
    return message.split("{{ ", 1)[1].split(" }}", 1)[0]


def test_last_years_meetings_are_called_out_though_the_number_is_also_this_years_decisions(tmp_path):
    (message,) = warnings(tmp_path, "全年召开党委会2次。")
    # 次 is not the unit of 重大行政决策数 (件): only last year's meetings can be meant
    assert "2023年度" in message and "本年度为3次" in message and suggested(message) == "党委会研究法治建设次数"
    assert "重大行政决策数" not in message


def test_the_unit_written_after_the_number_rules_out_an_indicator_of_another_unit(tmp_path):
    (message,) = warnings(tmp_path, "参加考试11人，合格率较高。")
    assert "修订村规民约数" not in message  # counted in 份, not 人
    assert "2023年度" in message and suggested(message) == "学法考试参考人数"


@pytest.mark.parametrize("body, meant", [("参加考试的11名干部。", ["学法考试参考人数"]),  # 名 is 人
                                         ("修订村规民约11项。", [])])  # 项 is 件: no indicator in 件 was 11
def test_synonyms_of_units_count_as_the_unit(tmp_path, body, meant):
    assert [suggested(m) for m in warnings(tmp_path, body)] == meant


def test_a_number_in_a_unit_no_indicator_has_is_not_a_figure(tmp_path):
    assert warnings(tmp_path, "集中培训11天，覆盖3个村。") == []


def test_without_a_unit_the_name_in_the_sentence_decides_which_comes_first_and_both_are_named(tmp_path):
    meetings, decisions = warnings(tmp_path, "党委会共2。\n\n重大行政决策共2。")
    assert suggested(meetings) == "党委会研究法治建设次数" and "重大行政决策数" in meetings
    assert suggested(decisions) == "重大行政决策数"
    assert "2023年度" in decisions and "党委会研究法治建设次数" in decisions  # the classic mistake is still said


def test_an_unclosed_code_fence_is_reported_at_its_own_line(tmp_path):
    text = narrative_text("前文。\n\n```\n引用的文字\n\n后文。")
    issues = check_narrative(write(tmp_path, text), indicators=None)
    (issue,) = [i for i in issues if i.severity == "error"]
    assert text.splitlines()[issue.line - 1] == "```" and issue.reason == Reason.FENCE_UNCLOSED
    assert not any(i.reason == Reason.SECTION_MISSING for i in issues)


def test_a_closed_code_fence_hides_headings_inside_it_only(tmp_path):
    text = narrative_text("前文。\n\n````\n# 不是标题\n```\n仍在代码块中\n````\n\n后文。")
    assert check_narrative(write(tmp_path, text), indicators=None) == []


def test_yaml_front_matter_is_an_error(tmp_path):
    text = "---\ntitle: 土门关乡法治政府建设情况报告\n---\n\n" + narrative_text("前文。")
    (issue,) = check_narrative(write(tmp_path, text), indicators=None)
    assert (issue.severity, issue.line, issue.reason) == ("error", 1, Reason.FRONT_MATTER) and "第1–3行" in issue.message


def test_a_rule_at_the_top_is_not_front_matter(tmp_path):
    assert check_narrative(write(tmp_path, "---\n\n" + narrative_text("前文。")), indicators=None) == []


# ---- an earlier workbook with errors ---------------------------------------------------------


@pytest.fixture()
def broken_last_year(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")
    project = copy_project(tmp_path)
    project.workbook("土门关乡", 2023).write_bytes(b"not a workbook")
    return project


def test_check_warns_about_last_years_broken_workbook(broken_last_year, capsys):
    from fazhi.narrative.check import check_township_narrative

    (left_out,) = check_township_narrative(broken_last_year, "土门关乡", 2024)
    assert (left_out.file, left_out.severity, left_out.reason) == ("2023/土门关乡.xlsx", "warning", Reason.EARLIER_YEAR_LEFT_OUT)
    assert main(["check", "--township", "土门关乡", "--year", "2024", "--root", str(broken_last_year.root)]) == 0
    err = capsys.readouterr().err
    row = next(line for line in err.splitlines() if "2023/土门关乡.xlsx" in line)
    assert "警告" in row


def test_indicators_say_last_years_data_has_errors_not_that_it_was_not_reported(broken_last_year, capsys):
    assert main(["indicators", "--township", "土门关乡", "--year", "2024", "--root", str(broken_last_year.root)]) == 0
    out, err = capsys.readouterr()
    row = next(line for line in out.splitlines() if "{{ 党委会研究法治建设次数 }}" in line)
    assert "上年数据有误" in row and "未报送" not in row
    assert "2023/土门关乡.xlsx" in err and "2023/土门关乡.xlsx" not in out
