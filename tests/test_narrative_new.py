"""`fazhi narrative new`: a township's own narrative from the default, its conditions decided
for the township's data, and the notes that say a township is still on the default."""

from __future__ import annotations

import re

import pytest
from sample import copy_project

from fazhi.cli import main
from fazhi.errors import InputError, Reason
from fazhi.narrative.check import check_township_narrative
from fazhi.narrative.newyear import new_narrative
from fazhi.render import render_township

TOWNSHIP, YEAR = "多巴镇", 2024


@pytest.fixture()
def project(tmp_path):
    return copy_project(tmp_path, townships=(TOWNSHIP,))


def on_default(project) -> bool:
    return any(i.reason == Reason.NARRATIVE_DEFAULT for i in check_township_narrative(project, TOWNSHIP, YEAR))


def test_the_new_narrative_is_plain_prose_and_gives_the_same_report(project, tmp_path):
    before = render_township(project, TOWNSHIP, YEAR, formats=("html",), output_dir=tmp_path / "a").outputs["html"]
    assert on_default(project)
    path = new_narrative(project, TOWNSHIP, YEAR)
    assert path == project.narrative_dir / str(YEAR) / f"{TOWNSHIP}.md"
    text = path.read_text(encoding="utf-8")
    assert "{%" not in text  # every condition decided
    assert "{{ 矛盾纠纷受理数 }}" in text and '{{ 表格("主要指标") }}' in text  # placeholders kept as written
    assert re.search(r"\n\n\{\{ 图表\(\"[^\"]+\"\) \}\}\n\n", text)  # a chart is a paragraph of its own
    after = render_township(project, TOWNSHIP, YEAR, formats=("html",), output_dir=tmp_path / "b").outputs["html"]
    assert after.read_text(encoding="utf-8") == before.read_text(encoding="utf-8")
    assert not on_default(project)
    assert [i for i in check_township_narrative(project, TOWNSHIP, YEAR) if i.severity == "error"] == []


def test_branches_follow_the_data(project):
    """A township with no 行政执法 sheet gets the default's words for that case, not the others."""
    from fazhi.narrative.data import township_data

    data = township_data(project, TOWNSHIP, YEAR)
    text = new_narrative(project, TOWNSHIP, YEAR).read_text(encoding="utf-8")
    enforcement = data.indicators["行政执法案件数"].value
    assert ("{{ 行政执法案件数 }}" in text) == (enforcement is not None and enforcement > 0)


def test_an_existing_narrative_is_never_overwritten(project):
    path = new_narrative(project, TOWNSHIP, YEAR)
    path.write_text("# 一、自己写的\n", encoding="utf-8")
    with pytest.raises(InputError):
        new_narrative(project, TOWNSHIP, YEAR)
    assert path.read_text(encoding="utf-8") == "# 一、自己写的\n"


def test_command(project, capsys):
    args = ["--root", str(project.root), "--township", TOWNSHIP, "--year", str(YEAR)]
    assert main(["narrative", "new", *args]) == 0
    assert f"narrative/{YEAR}/{TOWNSHIP}.md" in capsys.readouterr().err.replace("\\", "/")
    assert main(["narrative", "new", *args]) == 1
    assert "已存在" in capsys.readouterr().err


def test_batch_summary_names_townships_on_the_default(tmp_path, capsys):
    project = copy_project(tmp_path, townships=(TOWNSHIP, "土门关乡"))
    assert main(["render", "--root", str(project.root), "--all", "--year", str(YEAR), "--to", "html"]) == 0
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if "默认叙述稿" in line)
    assert TOWNSHIP in line and "土门关乡" not in line  # 土门关乡 has its own
