"""The manifest describes exactly what the output folder holds: a partial re-render keeps the
outputs still vouched for, a renamed report leaves no old file behind, and a batch whose parent
is killed loses no finished report (each is recorded by the process that rendered it)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from test_batch import YEAR, fake_project, fake_render, townships

from fazhi.atomic import write_all
from fazhi.batch import Settings, Target, run_batch
from fazhi.manifest import MANIFEST, PENDING, read_manifest
from fazhi.project import Project
from fazhi.render import RenderResult


def listed(folder: Path) -> set[str]:
    return {o.path for e in read_manifest(folder).values() for o in e.outputs}


def on_disk(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.is_file() and p.name != MANIFEST}


def titled_render(project: Project, target: Target, settings: Settings, exporter) -> RenderResult:
    """Names its outputs after the workbook's first line, as a real report is named after its 区县."""
    workbook = project.workbook(target.name, target.year).read_bytes()
    folder = settings.output_dir or project.output_dir(target.year)
    stem = workbook.decode().split("\n")[0]
    outputs = {fmt: folder / f"{stem}{target.name}.{fmt}" for fmt in settings.formats}
    write_all({path: workbook + fmt.encode() for fmt, path in outputs.items()})
    return RenderResult(target.name, target.year, outputs)


def test_html_only_after_a_full_render_keeps_the_pdf_it_still_vouches_for(tmp_path: Path):
    project = fake_project(tmp_path)
    folder = project.output_dir(YEAR)
    run_batch(project, townships(), Settings(jobs=1), render=fake_render)
    run_batch(project, townships(), Settings(jobs=1, formats=("html",), force=True), render=fake_render)
    assert listed(folder) == on_disk(folder) and "甲乡.pdf" in on_disk(folder), "same inputs: the PDF is still true"
    assert read_manifest(folder)["乡镇/甲乡"].formats == ("html", "pdf")
    (project.workbook("甲乡", YEAR)).write_bytes(b"workbook changed")
    run_batch(project, townships(), Settings(jobs=1, formats=("html",)), render=fake_render)
    assert "甲乡.pdf" not in on_disk(folder), "a PDF of other inputs is removed, not left unlisted"
    assert listed(folder) == on_disk(folder)
    assert read_manifest(folder)["乡镇/甲乡"].formats == ("html",)


def test_a_renamed_report_leaves_no_old_file_and_a_changed_file_is_kept(tmp_path: Path):
    project = fake_project(tmp_path)
    folder = project.output_dir(YEAR)
    for name in ("甲乡", "乙镇", "丙乡"):
        project.workbook(name, YEAR).write_bytes(f"旧区\n{name}".encode())
    run_batch(project, townships(), Settings(jobs=1), render=titled_render)
    (folder / "旧区乙镇.pdf").write_bytes(b"the user's own edit")  # not fazhi's any more: it stays
    for name in ("甲乡", "乙镇", "丙乡"):
        project.workbook(name, YEAR).write_bytes(f"新区\n{name}".encode())
    run_batch(project, townships(), Settings(jobs=1), render=titled_render)
    assert on_disk(folder) - listed(folder) == {"旧区乙镇.pdf"}
    assert listed(folder) == {f"新区{n}.{f}" for n in ("甲乡", "乙镇", "丙乡") for f in ("html", "pdf")}


BATCH = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from test_batch import fake_render, townships
    from fazhi.batch import Settings, run_batch
    from fazhi.project import Project
    names = tuple(sys.argv[3:])
    run_batch(Project.at(sys.argv[1]), townships(names), Settings(jobs=2), render=fake_render)
""")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc to find the workers")
def test_kill_9_of_the_batch_parent_leaves_every_finished_report_listed(tmp_path: Path):
    names = tuple(f"第{i}乡" for i in range(8))
    project = fake_project(tmp_path, names)
    folder = project.output_dir(YEAR)
    env = os.environ | {"FAKE_RENDER_SECONDS": "0.5"}
    parent = subprocess.Popen([sys.executable, "-c", BATCH, str(project.root), str(Path(__file__).parent), *names],
                              env=env)
    deadline = time.monotonic() + 120
    while not (folder.is_dir() and list(folder.glob("*.pdf"))) and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = _children(parent.pid)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    orphans_deadline = time.monotonic() + 30
    while any(Path(f"/proc/{w}").exists() and "zombie" not in _state(w) for w in workers) \
            and time.monotonic() < orphans_deadline:
        time.sleep(0.1)
    assert not any(Path(f"/proc/{w}").exists() and "zombie" not in _state(w) for w in workers), \
        "a worker outlived its killed batch (it would wait for work forever)"
    rendered = {p.stem for p in folder.glob("*.html")} & {p.stem for p in folder.glob("*.pdf")}
    assert rendered, "at least one report finished before the kill"
    assert {k.split("/")[1] for k in read_manifest(folder)} == rendered
    assert listed(folder) == on_disk(folder)
    again = run_batch(project, townships(names), Settings(jobs=1), render=fake_render)
    assert {o.target.name for o in again.outcomes if o.status == "skipped"} == rendered
    assert not (folder / PENDING).exists(), "the next batch folds the records into manifest.json"


def _state(pid: int) -> str:
    try:
        return (Path(f"/proc/{pid}") / "status").read_text().split("State:")[1].split("\n")[0].lower()
    except (OSError, IndexError):
        return "zombie"
