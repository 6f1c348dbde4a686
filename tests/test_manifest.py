"""manifest.json: what it records, how entries merge, when a report counts as current, and
that a recorded command re-renders the very same bytes."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from sample import ROOT, copy_project
from test_batch import YEAR, fake_project, fake_render, statuses, townships

import fazhi.manifest
from fazhi.batch import Settings, run_batch
from fazhi.manifest import (
    MANIFEST,
    Entry,
    FileHash,
    Fingerprint,
    is_current,
    read_manifest,
    sha256_file,
    write_manifest,
)
from fazhi.project import Project


def entry(key: str, outputs: tuple[FileHash, ...] = (), formats=("html", "pdf")) -> Entry:
    return Entry(key, YEAR, formats, f"fazhi render --township {key} --year {YEAR}", "2025-01-09T08:00:00+00:00",
                 Fingerprint((FileHash("workbook", f"data/{YEAR}/{key}.xlsx", "0" * 64),), (("fazhi", "0.1.0"),)),
                 {"pandoc": "3.9"}, outputs)


def test_entries_merge_and_the_file_is_plain_json(tmp_path: Path):
    write_manifest(tmp_path, [entry("甲乡")])
    write_manifest(tmp_path, [entry("乙镇")])
    write_manifest(tmp_path, [entry("甲乡", formats=("html",))])
    entries = read_manifest(tmp_path)
    assert set(entries) == {"甲乡", "乙镇"} and entries["甲乡"].formats == ("html",)
    raw = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    assert raw["reports"]["乙镇"]["versions"] == {"fazhi": "0.1.0", "pandoc": "3.9"}
    assert [p.name for p in tmp_path.iterdir()] == [MANIFEST]  # no temporary left behind


@pytest.mark.parametrize("text", ["", "{", "[]", '{"reports": {"甲乡": {"year": 2024}}}'])
def test_an_unreadable_manifest_counts_as_empty(tmp_path: Path, text: str):
    (tmp_path / MANIFEST).write_text(text, encoding="utf-8")
    assert read_manifest(tmp_path) == {}


def test_current_only_while_inputs_versions_formats_and_outputs_all_match(tmp_path: Path):
    out = tmp_path / "out.pdf"
    out.write_bytes(b"%PDF-1.7 report")
    recorded = entry("甲乡", (FileHash("pdf", "out.pdf", sha256_file(out)),), formats=("pdf",))
    same = recorded.fingerprint
    assert is_current(recorded, same, ("pdf",), tmp_path)
    assert not is_current(None, same, ("pdf",), tmp_path)
    assert not is_current(recorded, same, ("html", "pdf"), tmp_path)
    other_input = Fingerprint((FileHash("workbook", f"data/{YEAR}/甲乡.xlsx", "1" * 64),), same.versions)
    assert not is_current(recorded, other_input, ("pdf",), tmp_path)
    other_version = Fingerprint(same.inputs, (("fazhi", "0.2.0"),))
    assert not is_current(recorded, other_version, ("pdf",), tmp_path)
    assert not is_current(recorded, Fingerprint(same.inputs, same.versions, "quarto"), ("pdf",), tmp_path)
    out.write_bytes(b"%PDF-1.7 edited")
    assert not is_current(recorded, same, ("pdf",), tmp_path)
    out.unlink()
    assert not is_current(recorded, same, ("pdf",), tmp_path)


def test_a_change_of_fazhi_or_of_a_tool_version_renders_again(tmp_path: Path, monkeypatch):
    project = fake_project(tmp_path)
    run_batch(project, townships(), Settings(jobs=1), render=fake_render)
    changed = tuple((k, "changed" if k == "fazhi-source-sha256" else v) for k, v in fazhi.manifest.versions())
    monkeypatch.setattr(fazhi.manifest, "versions", lambda: changed)
    assert set(statuses(run_batch(project, townships(), Settings(jobs=1), render=fake_render)).values()) == {"rendered"}


# -- a real render ------------------------------------------------------------------------------------
def fazhi_command(command: str, project: Project) -> subprocess.CompletedProcess:
    """Run a recorded `fazhi …` command from the project root, as its user would."""
    words = shlex.split(command)
    assert words[0] == "fazhi"
    return subprocess.run([sys.executable, "-m", "fazhi.cli", *words[1:], "--force"], cwd=project.root,
                          capture_output=True, text=True, timeout=300)


def test_a_single_render_records_true_hashes_and_its_command_reproduces_the_outputs(tmp_path: Path):
    project = copy_project(tmp_path, ("土门关乡",), (2023, 2024))
    done = subprocess.run([sys.executable, "-m", "fazhi.cli", "render", "--township", "土门关乡", "--year", "2024"],
                          cwd=project.root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    folder = project.output_dir(YEAR)
    text = (folder / MANIFEST).read_text(encoding="utf-8")
    recorded = read_manifest(folder)["乡镇/土门关乡"]
    assert str(tmp_path) not in text and str(ROOT) not in text  # relative paths only
    roles = {f.role for f in recorded.fingerprint.inputs}
    assert {"workbook", "earlier-workbook", "narrative", "template", "layout"} <= roles
    versions = dict(recorded.fingerprint.versions) | dict(recorded.tools)
    assert {"fazhi", "fazhi-source-sha256", "python", "pandoc", "typst", "plotly", "kaleido"} <= set(versions)
    for item in recorded.fingerprint.inputs:
        assert sha256_file(project.root / item.path) == item.sha256
    for output in recorded.outputs:
        assert sha256_file(folder / output.path) == output.sha256

    for output in recorded.outputs:
        (folder / output.path).unlink()
    again = fazhi_command(recorded.command, project)
    assert again.returncode == 0, again.stderr
    for output in recorded.outputs:  # same inputs, same versions: byte-identical HTML and PDF
        assert sha256_file(folder / output.path) == output.sha256
