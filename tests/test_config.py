"""fazhi.toml: the project's county, roster and settings, validated with located errors."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sample import ROOT

from fazhi.cli import main
from fazhi.config import (
    NewTownship,
    default_config_text,
    load_config,
    parse_config,
    unknown_file_issues,
    write_default_config,
    year_townships,
)
from fazhi.errors import InputError, Reason, ValidationFailed
from fazhi.project import Project
from fazhi.workbook.schema import Info

HUANGZHONG = ("鲁沙尔镇", "多巴镇", "甘河滩镇", "共和镇", "西堡镇", "上五庄镇", "李家山镇", "拦隆口镇", "上新庄镇",
              "田家寨镇", "海子沟乡", "土门关乡", "汉东回族乡", "大才回族乡", "群加藏族乡")


def test_the_repository_is_a_project_of_huangzhong_and_its_15_townships():
    config = load_config(ROOT)
    assert config is not None and config.county == "湟中区"
    assert config.roster == HUANGZHONG
    assert set(config.roster) == {p.stem for p in (ROOT / "data" / "2024").glob("*.xlsx")}
    assert config.output.formats == ("html", "pdf") and config.issuer == "湟中区司法局"
    assert not unknown_file_issues(Project.at(ROOT), config, 2024)


def test_a_project_without_the_file_has_no_configuration(tmp_path):
    assert load_config(tmp_path) is None


def test_the_default_file_reads_back_as_written(tmp_path):
    path = write_default_config(tmp_path, "城中区", [NewTownship("甲镇", "镇"), "乙乡"], issuer="城中区依法治区办")
    config = load_config(tmp_path)
    assert path.name == "fazhi.toml" and config is not None
    assert config.county == "城中区" and config.roster == ("甲镇", "乙乡")
    assert config.category("甲镇") == "镇" and config.category("乙乡") == ""
    assert config.issuer == "城中区依法治区办" and config.summary.recipient is None and config.summary.date is None
    with pytest.raises(InputError):
        write_default_config(tmp_path, "城中区", ["甲镇"])  # never overwrites
    assert load_config(tmp_path) == config


def test_the_default_file_refuses_a_name_that_cannot_be_a_file_name():
    with pytest.raises(ValidationFailed):
        default_config_text("城中区", ["甲/镇"])


def test_order_and_bare_names_and_dates():
    config = parse_config(
        'county = "城中区"\ntownships = ["丙镇", { name = "乙乡", order = 1 }, "甲镇"]\n'
        '[summary]\ndate = 2025-01-20\nrecipient = "区委依法治区办"\n', "fazhi.toml")
    assert config.roster == ("乙乡", "丙镇", "甲镇")
    assert config.summary.date == dt.date(2025, 1, 20) and config.summary.recipient == "区委依法治区办"


def _issues(text: str) -> list:
    with pytest.raises(ValidationFailed) as failed:
        parse_config(text, "fazhi.toml")
    return failed.value.issues


def test_toml_syntax_errors_are_located():
    (issue,) = _issues('county = "湟中区"\n[summary]\nissuer = 湟中区司法局\n')
    assert (issue.file, issue.line, issue.reason) == ("fazhi.toml", 3, Reason.CONFIG_SYNTAX)


def test_every_invalid_key_is_located_by_line_and_key():
    text = (
        'county = 5\n'                       # 1
        '[summary]\n'                        # 2
        'date = "2025-13-01"\n'              # 3
        'isuer = "某司法局"\n'                # 4
        '[output]\n'                         # 5
        'formats = ["html", "word"]\n'       # 6
        '[[townships]]\n'                    # 7
        'name = "甲镇"\n'                    # 8
        '[[townships]]\n'                    # 9
        'nmae = "乙镇"\n'                    # 10
        '[[townships]]\n'                    # 11
        'name = "丙镇"\n'                    # 12
        'order = "一"\n'                     # 13
    )
    found = {(i.column, i.line) for i in _issues(text)}
    assert found == {
        ("county", 1), ("summary.date", 3), ("summary.isuer", 4), ("output.formats", 6),
        ("townships[2].name", 9), ("townships[2].nmae", 10), ("townships[3].order", 13),
    }


def test_a_misspelt_key_is_offered_the_right_one():
    (issue,) = _issues('county = "城中区"\ntownships = ["甲镇"]\n[summary]\nisuer = "x"\n')
    assert issue.reason == Reason.CONFIG_KEY_UNKNOWN and "「issuer」" in issue.message  # the suggestion


def test_duplicate_townships_and_bad_names_are_errors():
    issues = _issues('county = "城中区"\ntownships = [\n  "甲镇",\n  "乙/镇",\n]\n')
    assert [(i.column, i.line) for i in issues] == [("townships[2].name", 4)]
    issues = _issues('county = "城中区"\ntownships = [\n  "甲镇",\n  "乙镇",\n  "甲镇",\n]\n')
    assert [(i.line, i.reason) for i in issues] == [(5, Reason.ROSTER_DUPLICATE)]


def _project_with_roster(tmp_path: Path, files: dict[str, str], roster: tuple[str, ...] = HUANGZHONG[:3]) -> Project:
    """A project whose 2024 folder holds `files` (file name → the sample township it copies)."""
    (tmp_path / "data" / "2024").mkdir(parents=True)
    for name, source in files.items():
        shutil.copy2(ROOT / "data" / "2024" / f"{source}.xlsx", tmp_path / "data" / "2024" / name)
    (tmp_path / "narrative").mkdir(exist_ok=True)
    shutil.copy2(ROOT / "narrative" / "_default.md", tmp_path / "narrative" / "_default.md")
    write_default_config(tmp_path, "湟中区", roster)
    return Project.at(tmp_path)


def test_a_misspelt_file_name_is_caught_with_a_suggestion(tmp_path):
    project = _project_with_roster(tmp_path, {"鲁沙尔镇.xlsx": "鲁沙尔镇", "多巴.xlsx": "多巴镇"})
    (tmp_path / "narrative" / "2024").mkdir()
    (tmp_path / "narrative" / "2024" / "甘河滩.md").write_text("x", encoding="utf-8")
    (tmp_path / "narrative" / "2024" / "_district.md").write_text("x", encoding="utf-8")
    config = load_config(tmp_path)
    assert config is not None
    issues = unknown_file_issues(project, config, 2024)
    assert [(Path(i.file).name, i.value) for i in issues] == [("多巴.xlsx", "多巴"), ("甘河滩.md", "甘河滩")]
    assert {i.reason for i in issues} == {Reason.NOT_IN_ROSTER}
    assert "「多巴镇」" in issues[0].message and "「甘河滩镇」" in issues[1].message
    assert year_townships(project, 2024) == ["鲁沙尔镇"]  # the stray file is no township of the roster


def test_check_all_fails_on_a_misspelt_file_until_it_is_renamed(tmp_path):
    project = _project_with_roster(tmp_path, {"鲁沙尔镇.xlsx": "鲁沙尔镇", "多巴.xlsx": "多巴镇"})
    command = ["check", "--all", "--year", "2024", "--root", str(tmp_path)]
    assert main(command) == 1
    (project.data_dir / "2024" / "多巴.xlsx").rename(project.data_dir / "2024" / "多巴镇.xlsx")
    assert main(command) == 0


def test_template_takes_the_county_from_the_configuration(tmp_path):
    write_default_config(tmp_path, "城中区", ["甲镇"])
    assert main(["template", "--township", "甲镇", "--year", "2025", "--root", str(tmp_path)]) == 0
    sheet = load_workbook(tmp_path / "data" / "2025" / "甲镇.xlsx")[Info.SHEET]
    assert (sheet["A2"].value, sheet["B2"].value) == ("城中区", "甲镇")


def test_template_refuses_a_township_not_on_the_roster(tmp_path, capsys):
    write_default_config(tmp_path, "城中区", ["甲镇"])
    assert main(["template", "--township", "甲", "--year", "2025", "--root", str(tmp_path)]) == 1
    assert "「甲镇」" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()


def test_template_without_a_county_says_where_to_set_it(tmp_path, capsys):
    assert main(["template", "--township", "甲镇", "--year", "2025", "--root", str(tmp_path)]) == 1
    assert "fazhi.toml" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()
