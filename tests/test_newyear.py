"""`fazhi new-year`: next year's narratives from this year's, never overwriting one."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_project

from fazhi.cli import main
from fazhi.errors import InputError, Reason
from fazhi.narrative.check import check_township_narrative
from fazhi.narrative.newyear import new_year
from fazhi.project import Project


def project_with(tmp_path: Path, files: dict[str, str]) -> Project:
    for name, text in files.items():
        path = tmp_path / "narrative" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return Project.at(tmp_path)


def test_creates_missing_files_word_for_word_and_keeps_existing_ones(tmp_path):
    project = project_with(tmp_path, {
        "2024/土门关乡.md": "召开{{ 党委会研究法治建设次数 }}。\n",
        "2024/多巴镇.md": "去年的多巴镇\n",
        "2025/多巴镇.md": "已经写好的2025年多巴镇\n",
        "_default.md": "默认\n",
    })
    result = new_year(project, 2025)
    new = tmp_path / "narrative" / "2025" / "土门关乡.md"
    assert result.created == (new,)
    assert result.skipped == (tmp_path / "narrative" / "2025" / "多巴镇.md",)
    assert new.read_text(encoding="utf-8") == "召开{{ 党委会研究法治建设次数 }}。\n"
    assert (tmp_path / "narrative" / "2025" / "多巴镇.md").read_text(encoding="utf-8") == "已经写好的2025年多巴镇\n"


def test_a_second_run_creates_nothing(tmp_path):
    project = project_with(tmp_path, {"2024/土门关乡.md": "甲\n"})
    new_year(project, 2025)
    again = new_year(project, 2025)
    assert again.created == () and len(again.skipped) == 1


def test_no_narratives_last_year_is_a_clear_error(tmp_path):
    project = project_with(tmp_path, {"2023/土门关乡.md": "甲\n"})
    with pytest.raises(InputError) as exc:
        new_year(project, 2026)
    assert "2025" in str(exc.value) and "2023" in str(exc.value)


def test_command_reports_created_and_skipped(tmp_path, capsys):
    project_with(tmp_path, {"2024/土门关乡.md": "甲\n", "2025/多巴镇.md": "乙\n", "2024/多巴镇.md": "丙\n"})
    assert main(["new-year", "--year", "2025", "--root", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "已创建" in err and "narrative/2025/土门关乡.md" in err
    assert "未覆盖" in err and "narrative/2025/多巴镇.md" in err


def test_the_copied_sample_checks_clean_against_next_years_workbook(tmp_path):
    project = copy_project(tmp_path, years=(2024, 2025))
    new_year(project, 2025)
    issues = check_township_narrative(project, "土门关乡", 2025)
    assert [i for i in issues if i.severity == "error"] == []
    # placeholders kept: the new file takes 2025's figures, and no typed 2024 figure is left to warn about
    assert [i for i in issues if i.reason in (Reason.TYPED_FIGURE, Reason.TYPED_YEAR)] == []
