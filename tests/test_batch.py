"""Batch rendering: parallel workers, skipping by manifest, failures kept apart, interruption.

Most tests use a fake render function (module-level, so worker processes can import it) over
a project whose workbooks are placeholder files: the batch only hashes inputs, and the fake
writes its outputs atomically like the real renderer and logs each call with its process id.
The last tests render real sample townships and run the real CLI in a subprocess.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest
from sample import ROOT, copy_project

from fazhi import batch
from fazhi.atomic import write_all
from fazhi.batch import Settings, Target, run_batch
from fazhi.errors import Issue, Reason, ValidationFailed
from fazhi.manifest import MANIFEST, read_manifest, sha256_file
from fazhi.project import Project
from fazhi.render import RenderResult

YEAR = 2024
NAMES = ("甲乡", "乙镇", "丙乡")
CALLS = "calls.log"


# -- fake render functions (importable by worker processes) ---------------------------------------
def fake_render(project: Project, target: Target, settings: Settings, exporter) -> RenderResult:
    """Writes <name>.html/.pdf from the workbook's bytes; a workbook holding b"broken" fails."""
    workbook = project.workbook(target.name, target.year).read_bytes()
    with open(project.root / CALLS, "a", encoding="utf-8") as log:
        log.write(f"{target.name} {os.getpid()}\n")
    if workbook == b"broken":
        raise ValidationFailed([Issue(f"{target.year}/{target.name}.xlsx", "日期格式错误", sheet="矛盾纠纷", row=3,
                                      reason=Reason.VALUE_INVALID)])
    time.sleep(float(os.environ.get("FAKE_RENDER_SECONDS", "0")))
    folder = settings.output_dir or project.output_dir(target.year)
    outputs = {fmt: folder / f"{target.name}.{fmt}" for fmt in settings.formats}
    write_all({path: workbook + fmt.encode() for fmt, path in outputs.items()})
    return RenderResult(target.name, target.year, outputs, ("提示：示例",))


def interrupt_after_first(project: Project, target: Target, settings: Settings, exporter) -> RenderResult:
    """Renders the first report, then behaves as if Ctrl-C arrived during the second."""
    if calls(project):
        raise KeyboardInterrupt
    return fake_render(project, target, settings, exporter)


def calls(project: Project) -> list[str]:
    log = project.root / CALLS
    return log.read_text(encoding="utf-8").split()[0::2] if log.exists() else []


def fake_project(root: Path, names: tuple[str, ...] = NAMES) -> Project:
    """Placeholder inputs: every file a township report reads, with distinct contents."""
    (root / "data" / str(YEAR)).mkdir(parents=True)
    for name in names:
        (root / "data" / str(YEAR) / f"{name}.xlsx").write_bytes(f"workbook {name}".encode())
    (root / "narrative").mkdir()
    (root / "narrative" / "_default.md").write_text("默认叙述稿", encoding="utf-8")
    (root / "report.qmd").write_text("报告模板", encoding="utf-8")
    (root / "templates").mkdir()
    (root / "templates" / "gongwen.typ").write_text("版式", encoding="utf-8")
    return Project.at(root)


def townships(names: tuple[str, ...] = NAMES) -> list[Target]:
    return [Target("township", name, YEAR) for name in names]


@pytest.fixture()
def project(tmp_path: Path) -> Project:
    return fake_project(tmp_path)


def statuses(result) -> dict[str, str]:
    return {o.target.name: o.status for o in result.outcomes}


def no_partial_files(project: Project) -> bool:
    return not list(project.root.rglob("*.part"))


# -- parallel rendering, failures ----------------------------------------------------------------
def test_parallel_batch_renders_every_township_in_worker_processes(project: Project):
    result = run_batch(project, townships(), Settings(jobs=2), render=fake_render)
    assert statuses(result) == dict.fromkeys(NAMES, "rendered")
    assert result.exit_code == 0
    pids = {line.split()[1] for line in (project.root / CALLS).read_text(encoding="utf-8").splitlines()}
    assert str(os.getpid()) not in pids  # rendered by workers, not in this process
    entries = read_manifest(project.output_dir(YEAR))
    assert set(entries) == {f"乡镇/{n}" for n in NAMES}
    for name in NAMES:
        assert (project.output_dir(YEAR) / f"{name}.pdf").read_bytes() == f"workbook {name}pdf".encode()


def test_a_long_batch_goes_through_fresh_pools_and_renders_every_report(tmp_path: Path, monkeypatch):
    # 7 reports, 2 workers, 2 reports per worker: pools of 4, 3 (CPython's max_tasks_per_child
    # would hang here, python/cpython#115634).
    names = tuple(f"{i}号乡" for i in range(7))
    project = fake_project(tmp_path, names)
    monkeypatch.setattr(batch, "REPORTS_PER_WORKER", 2)
    result = run_batch(project, townships(names), Settings(jobs=2), render=fake_render)
    assert statuses(result) == dict.fromkeys(names, "rendered")
    calls = [line.split() for line in (project.root / CALLS).read_text(encoding="utf-8").splitlines()]
    assert sorted(name for name, _ in calls) == sorted(names)  # each once
    per_worker = Counter(pid for _, pid in calls)
    assert max(per_worker.values()) <= 4  # no worker outlives its pool's 4 reports
    assert len(per_worker) >= 2  # the second pool's reports went to other processes
    first_pool = {pid for name, pid in calls if name in names[:4]}
    assert first_pool.isdisjoint(pid for name, pid in calls if name in names[4:])


def test_a_broken_workbook_fails_alone_and_sets_the_exit_code(project: Project):
    project.workbook("乙镇", YEAR).write_bytes(b"broken")
    result = run_batch(project, townships(), Settings(jobs=2), render=fake_render)
    assert statuses(result) == {"甲乡": "rendered", "乙镇": "failed", "丙乡": "rendered"}
    assert result.exit_code == 1
    failed = next(o for o in result.outcomes if o.status == "failed")
    assert "矛盾纠纷" in failed.messages[0] and "第3行" in failed.messages[0]
    assert set(read_manifest(project.output_dir(YEAR))) == {"乡镇/甲乡", "乡镇/丙乡"}


def test_an_unexpected_exception_fails_only_its_report(project: Project):
    def crash_on_yi(project, target, settings, exporter):
        if target.name == "乙镇":
            raise ZeroDivisionError("模拟的程序错误")
        return fake_render(project, target, settings, exporter)

    result = run_batch(project, townships(), Settings(jobs=1), render=crash_on_yi)
    assert statuses(result) == {"甲乡": "rendered", "乙镇": "failed", "丙乡": "rendered"}
    assert "ZeroDivisionError" in next(o for o in result.outcomes if o.status == "failed").messages[0]


def die_on_yi(project: Project, target: Target, settings: Settings, exporter) -> RenderResult:
    """A worker that dies outright (as when the OS kills it) while rendering 乙镇."""
    if target.name == "乙镇":
        os._exit(3)
    return fake_render(project, target, settings, exporter)


def test_a_crashed_worker_costs_only_its_own_report(project: Project):
    result = run_batch(project, townships(), Settings(jobs=2), render=die_on_yi)
    assert statuses(result) == {"甲乡": "rendered", "乙镇": "failed", "丙乡": "rendered"}
    assert "工作进程意外退出" in next(o for o in result.outcomes if o.status == "failed").messages[0]


# -- skipping --------------------------------------------------------------------------------------
def test_a_second_run_skips_everything_without_starting_a_worker(project: Project, monkeypatch):
    run_batch(project, townships(), Settings(jobs=2), render=fake_render)
    before = {p: p.stat().st_mtime_ns for p in project.output_dir(YEAR).iterdir()}
    import fazhi.batch

    monkeypatch.setattr(fazhi.batch, "_pool", lambda *a: pytest.fail("a worker pool was started"))
    result = run_batch(project, townships(), Settings(jobs=2), render=fake_render)
    assert statuses(result) == dict.fromkeys(NAMES, "skipped")
    assert sorted(calls(project)) == sorted(NAMES)  # the render function was not called again
    assert {p: p.stat().st_mtime_ns for p in project.output_dir(YEAR).iterdir()} == before


def test_changing_one_narrative_renders_only_that_township(project: Project):
    own = project.narrative_dir / str(YEAR)
    own.mkdir(parents=True)
    for name in NAMES:
        (own / f"{name}.md").write_text(f"{name}的叙述稿", encoding="utf-8")
    run_batch(project, townships(), Settings(jobs=1), render=fake_render)
    (own / "乙镇.md").write_text("乙镇的叙述稿（修改）", encoding="utf-8")
    result = run_batch(project, townships(), Settings(jobs=1), render=fake_render)
    assert statuses(result) == {"甲乡": "skipped", "乙镇": "rendered", "丙乡": "skipped"}


@pytest.mark.parametrize("change", ["workbook", "earlier workbook", "default narrative", "template", "layout"])
def test_each_kind_of_input_change_renders_again(project: Project, change: str):
    run_batch(project, townships(), Settings(jobs=1), render=fake_render)
    path = {
        "workbook": project.workbook("甲乡", YEAR),
        "earlier workbook": project.workbook("甲乡", YEAR - 1),
        "default narrative": project.narrative_dir / "_default.md",
        "template": project.report_qmd,
        "layout": project.templates_dir / "gongwen.typ",
    }[change]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"changed")
    result = run_batch(project, townships(), Settings(jobs=1), render=fake_render)
    rendered = {n for n, s in statuses(result).items() if s == "rendered"}
    assert rendered == ({"甲乡"} if "workbook" in change else set(NAMES))


def test_a_missing_or_modified_output_renders_again(project: Project):
    run_batch(project, townships(), Settings(jobs=1), render=fake_render)
    (project.output_dir(YEAR) / "甲乡.pdf").unlink()
    (project.output_dir(YEAR) / "乙镇.html").write_bytes(b"edited by hand")
    result = run_batch(project, townships(), Settings(jobs=1), render=fake_render)
    assert statuses(result) == {"甲乡": "rendered", "乙镇": "rendered", "丙乡": "skipped"}


def test_force_renders_everything_again(project: Project):
    run_batch(project, townships(), Settings(jobs=1), render=fake_render)
    result = run_batch(project, townships(), Settings(jobs=1, force=True), render=fake_render)
    assert statuses(result) == dict.fromkeys(NAMES, "rendered")
    assert len(calls(project)) == 2 * len(NAMES)


def test_asking_for_a_format_not_rendered_last_time_renders_again(project: Project):
    run_batch(project, townships(), Settings(formats=("html",), jobs=1), render=fake_render)
    assert statuses(run_batch(project, townships(), Settings(formats=("html",), jobs=1), render=fake_render)) == \
        dict.fromkeys(NAMES, "skipped")
    assert statuses(run_batch(project, townships(), Settings(jobs=1), render=fake_render)) == \
        dict.fromkeys(NAMES, "rendered")


# -- interruption -----------------------------------------------------------------------------------
def test_interrupted_batch_keeps_finished_reports_and_resumes(project: Project):
    result = run_batch(project, townships(), Settings(jobs=1), render=interrupt_after_first)
    assert result.interrupted and result.exit_code == 130
    assert statuses(result) == {"甲乡": "rendered", "乙镇": "interrupted", "丙乡": "interrupted"}
    assert no_partial_files(project)
    entry = read_manifest(project.output_dir(YEAR))["乡镇/甲乡"]
    for output in entry.outputs:
        assert sha256_file(project.output_dir(YEAR) / output.path) == output.sha256
    resumed = run_batch(project, townships(), Settings(jobs=1), render=fake_render)
    assert statuses(resumed) == {"甲乡": "skipped", "乙镇": "rendered", "丙乡": "rendered"}


SIGINT_SCRIPT = """
import signal, sys
# As a terminal starts fazhi: Ctrl-C handled, whatever disposition the test runner's process has.
signal.signal(signal.SIGINT, signal.default_int_handler)
signal.pthread_sigmask(signal.SIG_UNBLOCK, {{signal.SIGINT}})
sys.path.insert(0, {tests!r})
from test_batch import Settings, fake_render, run_batch, townships, NAMES
from fazhi.project import Project
names = tuple(f"乡{{i}}" for i in range(8))
result = run_batch(Project.at({root!r}), townships(names), Settings(jobs=2), render=fake_render)
sys.exit(result.exit_code)
"""


def test_ctrl_c_stops_the_workers_keeps_finished_reports_and_a_rerun_resumes(tmp_path: Path):
    names = tuple(f"乡{i}" for i in range(8))
    project = fake_project(tmp_path, names)
    script = SIGINT_SCRIPT.format(tests=str(Path(__file__).parent), root=str(project.root))
    env = os.environ | {"FAKE_RENDER_SECONDS": "2"}
    child = subprocess.Popen([sys.executable, "-c", script], env=env, cwd=ROOT, start_new_session=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not read_manifest(project.output_dir(YEAR)) and time.monotonic() < deadline:  # a report is recorded
        time.sleep(0.05)
    os.killpg(child.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 130, stderr.decode()
    assert group_gone(child.pid)  # no worker (and no Chromium) outlived the batch
    assert b"Traceback" not in stderr
    finished = read_manifest(project.output_dir(YEAR))
    assert 1 <= len(finished) < len(names)
    for entry in finished.values():
        for output in entry.outputs:
            assert sha256_file(project.output_dir(YEAR) / output.path) == output.sha256
    assert no_partial_files(project)
    resumed = run_batch(project, townships(names), Settings(jobs=2), render=fake_render)
    assert sum(o.status == "skipped" for o in resumed.outcomes) == len(finished)
    assert all(o.status in ("skipped", "rendered") for o in resumed.outcomes)


def group_gone(pgid: int, wait: float = 10) -> bool:
    """True once no process of the group is left (multiprocessing's helpers exit just after)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


# -- the real thing ---------------------------------------------------------------------------------
REAL = ("土门关乡", "群加藏族乡", "汉东回族乡")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, object]:
    """Three sample townships rendered by `fazhi render --all --jobs 2` (real CLI, fresh process)."""
    root = tmp_path_factory.mktemp("batch")
    project = copy_project(root, REAL, (2023, 2024))
    done = cli(project, "--all", "--jobs", "2")
    return project, done


def cli(project: Project, *args: str, probe: bool = False) -> subprocess.CompletedProcess:
    """`fazhi render --year 2024 …` in a fresh process; `probe` also reports heavy imports."""
    code = textwrap.dedent(f"""
        import sys
        from fazhi.cli import main
        code = main(["render", "--root", {str(project.root)!r}, "--year", "2024", *{list(args)!r}])
        heavy = [m for m in ("pandas", "plotly", "typst", "matplotlib", "kaleido", "pypandoc") if m in sys.modules]
        print("HEAVY=" + ",".join(heavy))
        sys.exit(code)
    """)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_real_batch_renders_every_township_and_records_true_hashes(rendered):
    project, done = rendered
    assert done.returncode == 0, done.stderr
    entries = read_manifest(project.output_dir(YEAR))
    assert set(entries) == {f"乡镇/{n}" for n in REAL}
    for entry in entries.values():
        assert {o.role for o in entry.outputs} == {"html", "pdf"}
        for output in entry.outputs:
            path = project.output_dir(YEAR) / output.path
            assert sha256_file(path) == output.sha256
        pdf = next(o for o in entry.outputs if o.role == "pdf")
        assert (project.output_dir(YEAR) / pdf.path).read_bytes().startswith(b"%PDF")
        for item in entry.fingerprint.inputs:
            assert sha256_file(project.root / item.path) == item.sha256


def test_real_second_run_skips_without_importing_the_renderers(rendered):
    project, _ = rendered
    manifest_before = (project.output_dir(YEAR) / MANIFEST).read_bytes()
    again = cli(project, "--all", "--jobs", "2", probe=True)
    assert again.returncode == 0, again.stderr
    assert "HEAVY=\n" in again.stdout  # no pandas, plotly, typst, matplotlib, kaleido: nothing rendered
    assert sum("│" in line and "未变化，跳过" in line for line in again.stderr.splitlines()) == len(REAL)
    assert (project.output_dir(YEAR) / MANIFEST).read_bytes() == manifest_before


def test_real_broken_workbook_fails_alone_with_exit_code_1(rendered):
    project, _ = rendered
    project.workbook("群加藏族乡", YEAR).write_bytes(b"PK\x03\x04 not really a workbook")
    (project.narrative_dir / str(YEAR) / "土门关乡.md").write_text(
        (ROOT / "narrative" / str(YEAR) / "土门关乡.md").read_text(encoding="utf-8") + "\n本段为测试追加。\n",
        encoding="utf-8",
    )
    done = cli(project, "--all", "--jobs", "2")
    assert done.returncode == 1
    out = done.stderr
    assert "失败" in out and "无法读取工作簿" in out
    rows = {line.split("│")[1].strip(): line for line in out.splitlines() if line.count("│") >= 4}
    assert "已生成" in rows["土门关乡"] and "未变化，跳过" in rows["汉东回族乡"] and "失败" in rows["群加藏族乡"]
    assert json.loads((project.output_dir(YEAR) / MANIFEST).read_text(encoding="utf-8"))["reports"].keys() == \
        {f"乡镇/{n}" for n in REAL}  # the failed one keeps its earlier entry; its old outputs are intact
