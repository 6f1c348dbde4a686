"""The live preview and the VS Code integration (tasks, snippets) that authors work in."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import copy_project

from fazhi.errors import InputError, ValidationFailed
from fazhi.preview import VERSION_PATH, Preview, preview_inputs, township_preview

ROOT = Path(__file__).resolve().parents[1]
RELOAD_WITHIN = 2.0  # seconds: the promise from save to reloaded page


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for_new_version(preview: Preview, old: int, limit: float = RELOAD_WITHIN) -> float:
    """Seconds until the served version changes (bounded; fails past `limit`)."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if int(get(preview.url.rstrip("/") + VERSION_PATH)) != old:
            return time.monotonic() - start
        time.sleep(0.02)
    pytest.fail(f"the preview did not re-render within {limit} s of the save")


@pytest.fixture()
def fake(tmp_path):
    """A preview of a fake renderer that turns a text file into a page (and writes it, like fazhi)."""
    source, written = tmp_path / "narrative.md", tmp_path / "out.html"
    source.write_text("第一稿", encoding="utf-8")

    def render() -> str:
        text = source.read_text(encoding="utf-8")
        if "坏" in text:
            raise ValidationFailed([])
        page = f"<!DOCTYPE html><html><body><p>{text}</p></body></html>"
        written.write_text(page, encoding="utf-8")
        return page

    preview = Preview(render, [tmp_path]).start()
    yield preview, source, written
    preview.stop()


def test_page_is_served_on_localhost_with_the_reloader_in_the_served_copy_only(fake):
    preview, _, written = fake
    assert preview.url.startswith("http://127.0.0.1:")
    page = get(preview.url)
    assert "第一稿" in page and VERSION_PATH in page and page.index(VERSION_PATH) < page.index("</body>")
    assert VERSION_PATH not in written.read_text(encoding="utf-8")


def test_a_save_re_renders_and_the_page_reloads_within_two_seconds(fake):
    preview, source, _ = fake
    before = preview.version
    source.write_text("第二稿", encoding="utf-8")
    wait_for_new_version(preview, before)
    page = get(preview.url)
    assert "第二稿" in page and f'version = "{preview.version}"' in page


def test_a_render_error_shows_in_the_page_and_the_preview_survives_it(fake):
    preview, source, _ = fake
    before = preview.version
    source.write_text("坏<稿>", encoding="utf-8")
    wait_for_new_version(preview, before)
    assert "报告生成失败" in get(preview.url)
    before = preview.version
    source.write_text("修好了", encoding="utf-8")
    wait_for_new_version(preview, before)
    assert "修好了" in get(preview.url)


def test_unknown_paths_are_404_and_stop_closes_the_port(tmp_path):
    preview = Preview(lambda: "<html><body>x</body></html>", [tmp_path]).start()
    url = preview.url
    with pytest.raises(urllib.error.HTTPError):
        get(url + "etc/passwd")
    preview.stop()
    with pytest.raises(urllib.error.URLError):
        get(url)


def test_a_busy_port_is_a_clear_error(fake):
    preview, _, _ = fake
    port = int(preview.url.rsplit(":", 1)[1].strip("/"))
    with pytest.raises(InputError, match="--port"):
        Preview(lambda: "", [], port=port)


def test_only_the_townships_own_inputs_trigger_a_render(tmp_path):
    project = copy_project(tmp_path)
    relevant = preview_inputs(project, "土门关乡", 2024)
    assert relevant(project.narrative_dir / "2024" / "土门关乡.md")
    assert relevant(project.narrative_dir / "_default.md")
    assert relevant(project.workbook("土门关乡", 2024)) and relevant(project.workbook("土门关乡", 2023))
    assert not relevant(project.workbook("多巴镇", 2024))
    assert not relevant(project.data_dir / "2024" / "~$土门关乡.xlsx")
    assert not relevant(project.root / "output" / "2024" / "x.html")


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed")
def test_a_real_browser_reloads_the_page_after_a_save(tmp_path):
    source = tmp_path / "narrative.md"
    source.write_text("第一稿", encoding="utf-8")
    pages: list[float] = []  # when the browser asked for the page

    class Recording(Preview):
        def _handler(self):
            base = super()._handler()

            class Handler(base):  # type: ignore[misc,valid-type]
                def do_GET(self) -> None:  # noqa: N802
                    if self.path == "/":
                        pages.append(time.monotonic())
                    super().do_GET()

            return Handler

    preview = Recording(lambda: f"<html><body><p>{source.read_text(encoding='utf-8')}</p></body></html>",
                        [tmp_path]).start()
    browser = subprocess.Popen(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                f"--user-data-dir={tmp_path / 'profile'}", preview.url],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not pages and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pages, "the browser never loaded the page"
        time.sleep(1)  # the page is polling now
        saved = time.monotonic()
        source.write_text("第二稿", encoding="utf-8")
        while time.monotonic() - saved < RELOAD_WITHIN and pages[-1] < saved:
            time.sleep(0.02)
        assert pages[-1] > saved, f"the page did not reload within {RELOAD_WITHIN} s of the save"
    finally:
        browser.terminate()
        browser.wait(timeout=10)
        preview.stop()


def test_real_preview_of_the_sample_reloads_after_a_narrative_edit(tmp_path):
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    narrative = project.narrative_dir / "2024" / "土门关乡.md"
    preview = township_preview(project, "土门关乡", 2024, port=0, output_dir=tmp_path / "preview").start()
    try:
        assert "湟中区土门关乡2024年法治政府建设情况报告" in get(preview.url)
        before = preview.version
        text = narrative.read_text(encoding="utf-8")
        narrative.write_text(text.replace("究其原因", "预览测试新增的一句话。究其原因"), encoding="utf-8")
        wait_for_new_version(preview, before, limit=10)  # a real render; the 2 s budget is the fake's
        assert "预览测试新增的一句话" in get(preview.url)
        assert not (project.root / "output").exists()  # the preview never writes the real output
    finally:
        preview.stop()


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_a_terminated_preview_removes_its_temporary_folder(tmp_path, signal_name):
    import os
    import signal
    import sys

    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "fazhi.cli", "preview", "--township", "土门关乡", "--year", "2024", "--port", "0",
         "--root", str(project.root)],
        env={**os.environ, "TMPDIR": str(temp)}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for line in process.stderr:  # the address is printed once the first render is served
            if "预览地址" in line:
                break
        assert [p.name[:14] for p in temp.iterdir()] == ["fazhi-preview-"]
        process.send_signal(getattr(signal, signal_name))
        assert process.wait(timeout=20) == 128 + getattr(signal, signal_name)
    finally:
        process.kill()
        process.wait()
    assert list(temp.iterdir()) == []


# ---- VS Code -------------------------------------------------------------------------------


def resolve(value: str, file: Path) -> str:
    """VS Code's variables for an open file, as its task runner substitutes them."""
    variables = {"workspaceFolder": str(ROOT), "fileBasenameNoExtension": file.stem,
                 "fileDirnameBasename": file.parent.name, "file": str(file)}
    resolved = re.sub(r"\$\{(\w+)\}", lambda m: variables[m[1]], value)
    assert "${" not in resolved
    return resolved


def tasks() -> list[dict]:
    return json.loads((ROOT / ".vscode" / "tasks.json").read_text(encoding="utf-8"))["tasks"]


@pytest.mark.parametrize("opened", ["narrative/2024/土门关乡.md", "data/2024/土门关乡.xlsx"])
def test_every_task_targets_the_township_and_year_of_the_open_file(opened):
    for task in tasks():
        args = [resolve(a, ROOT / opened) for a in task["args"]]
        assert args[:2] == ["-m", "fazhi.cli"]
        assert args[args.index("--township") + 1] == "土门关乡" and args[args.index("--year") + 1] == "2024"
        from fazhi.cli import build_parser

        parsed = build_parser().parse_args(args[2:])
        assert (parsed.township, parsed.year) == ("土门关乡", 2024)


def test_the_check_task_runs_for_the_open_narrative():
    (task,) = [t for t in tasks() if "check" in t["args"]]
    opened = ROOT / "narrative" / "2024" / "土门关乡.md"
    command = [resolve(task["command"], opened), *(resolve(a, opened) for a in task["args"])]
    result = subprocess.run(command, cwd=resolve(task["options"]["cwd"], opened), capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "0 处错误" in result.stderr or "未发现问题" in result.stderr


def test_recommended_extensions():
    recommended = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))["recommendations"]
    assert {"quarto.quarto", "ms-python.python"} <= set(recommended)


def test_every_indicator_chart_and_table_has_a_snippet_that_renders():
    from fazhi.charts import CHARTS
    from fazhi.indicators import CATALOGUE
    from fazhi.narrative.snippets import build_snippets
    from fazhi.tables import TABLES

    bodies = {json.dumps(s["body"], ensure_ascii=False) for s in build_snippets().values()}
    text = "\n".join(bodies)
    for ind in CATALOGUE:
        assert re.sub(r"\W", "", ind.key) in text
    for key in (*CHARTS, *TABLES):
        assert f'("{key}")' in text.replace('\\"', '"')
