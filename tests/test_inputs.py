"""Which files a report reads: what the manifest hashes, the render warms from, the preview watches."""

from __future__ import annotations

from pathlib import Path

from sample import copy_project
from test_batch import YEAR, fake_project

from fazhi.district import district_inputs
from fazhi.inputs import township_inputs
from fazhi.manifest import fingerprint


def roles_of(project, files) -> dict[str, str]:
    return {p.relative_to(project.root).as_posix(): r for r, p in files}


def test_township_inputs_follow_the_files_a_report_reads(tmp_path: Path):
    project = fake_project(tmp_path)
    inputs = township_inputs(project, "甲乡", YEAR)
    roles = roles_of(project, inputs.files)
    assert roles[f"data/{YEAR}/甲乡.xlsx"] == "workbook"
    assert roles["narrative/_default.md"] == "narrative"
    assert roles["templates/gongwen.typ"] == "layout" and roles["report.qmd"] == "template"
    assert not any(path.startswith(f"data/{YEAR - 1}") for path in roles)
    assert inputs.workbooks == (project.workbook("甲乡", YEAR),)
    # what is not there yet but would be read once it appears is watched
    own = project.narrative_dir / str(YEAR) / "甲乡.md"
    assert {own, project.workbook("甲乡", YEAR - 1), project.workbook("甲乡", YEAR - 2)} <= inputs.watched
    for earlier in (YEAR - 1, YEAR - 2):
        project.workbook("甲乡", earlier).parent.mkdir(parents=True)
        project.workbook("甲乡", earlier).write_bytes(b"earlier")
    own.parent.mkdir(parents=True)
    own.write_text("自己的叙述稿", encoding="utf-8")
    inputs = township_inputs(project, "甲乡", YEAR)
    roles = roles_of(project, inputs.files)
    assert roles[f"data/{YEAR - 1}/甲乡.xlsx"] == roles[f"data/{YEAR - 2}/甲乡.xlsx"] == "earlier-workbook"
    assert roles[f"narrative/{YEAR}/甲乡.md"] == "narrative" and "narrative/_default.md" not in roles
    assert inputs.workbooks == tuple(project.workbook("甲乡", y) for y in (YEAR, YEAR - 1, YEAR - 2))
    hashed = fingerprint(project, inputs.files)
    assert all(not Path(f.path).is_absolute() for f in hashed.inputs)


def test_district_inputs_are_every_townships_workbooks_and_district_qmd(tmp_path: Path):
    project = copy_project(tmp_path, ("土门关乡", "海子沟乡"), (2023, 2024))
    inputs = district_inputs(project, 2024)
    roles = roles_of(project, inputs.files)
    assert {p for p, r in roles.items() if r == "workbook"} == {"data/2024/土门关乡.xlsx", "data/2024/海子沟乡.xlsx"}
    assert {p for p, r in roles.items() if r == "earlier-workbook"} == {"data/2023/土门关乡.xlsx", "data/2023/海子沟乡.xlsx"}
    assert roles["district.qmd"] == "template" and "narrative/_default.md" not in roles
    assert set(inputs.workbooks) == {project.root / p for p, r in roles.items() if r.endswith("workbook")}
