"""Windows code paths exercised on Linux: font folders, worker Ctrl-C, text encodings, the
font order of the HTML, and the files that keep line endings and binaries intact."""

from __future__ import annotations

import ast
import json
import multiprocessing
import re
import shutil
import signal
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sample import ROOT

from fazhi import fonts
from fazhi.fonts import FontRole, os_font_folders, project_font_paths, resolve_fonts, user_font_folders

FANDOL = ROOT / ".fonts" / "FandolFang-Regular.otf"


def test_a_font_installed_for_this_user_only_is_found(tmp_path, monkeypatch):
    """No admin: Windows installs a font into %LOCALAPPDATA%\\Microsoft\\Windows\\Fonts."""
    if not FANDOL.exists():
        import pytest

        pytest.skip("scripts/install_fonts.sh has not installed the Fandol fonts")
    local = tmp_path / "用户 张三" / "AppData" / "Local"
    user_fonts = local / "Microsoft" / "Windows" / "Fonts"
    user_fonts.mkdir(parents=True)
    shutil.copy2(FANDOL, user_fonts / FANDOL.name)
    role = FontRole("body", "正文", "仿宋", ("FandolFang R",), ())
    project = tmp_path / "项目"
    project.mkdir()

    monkeypatch.setattr(fonts.sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    found = resolve_fonts(project_font_paths(project), [role])["body"]
    assert (found.family, found.is_substitute) == ("FandolFang R", False)
    assert found.file is not None and Path(found.file).parent == user_fonts

    monkeypatch.setattr(fonts.sys, "platform", "linux")  # elsewhere that folder means nothing
    assert resolve_fonts(project_font_paths(project), [role])["body"].family is None


def test_font_folders_named_for_each_os(tmp_path):
    windows = os_font_folders("win32", {"WINDIR": r"C:\Windows", "LOCALAPPDATA": r"C:\Users\张三\AppData\Local"})
    assert [str(p).replace("/", "\\") for p in windows] == [
        r"C:\Windows\Fonts", r"C:\Users\张三\AppData\Local\Microsoft\Windows\Fonts"]
    assert user_font_folders("win32", {}) == []
    mac = os_font_folders("darwin", {}, home=tmp_path)
    assert Path("/Library/Fonts") in mac and tmp_path / "Library" / "Fonts" in mac
    linux = os_font_folders("linux", {}, home=tmp_path)
    assert Path("/usr/share/fonts") in linux and tmp_path / ".local" / "share" / "fonts" in linux


def test_the_title_has_a_face_every_windows_pc_has_before_the_free_ones():
    title = {r.name: r for r in fonts.load_roles()}["title"]
    assert title.free.index("华文中宋") < title.free.index("宋体") < title.free.index("Noto Serif CJK SC")


def test_the_html_asks_for_the_faces_in_the_order_the_pdf_does():
    """report.css's lists keep fonts.json's order of the government faces (仿宋_GB2312 first)."""
    css = (ROOT / "templates" / "report.css").read_text(encoding="utf-8")
    declared = {name: re.findall(r'"([^"]+)"', value) for name, value in re.findall(r"--(\w+):([^;]+);", css)}
    title = re.findall(r'"([^"]+)"', re.search(r"h1\.title \{ font-family:([^;]+);", css)[1])
    roles = {r.name: r for r in fonts.load_roles()}
    for listed, role in ((declared["serif"], "body"), (declared["kai"], "heading2"), (title, "title")):
        wanted = [f for f in roles[role].families if f in listed]
        assert [f for f in listed if f in wanted] == wanted, role
        assert listed[0] == roles[role].official[0], role


def _sigint_disposition() -> str:
    return "ignored" if signal.getsignal(signal.SIGINT) is signal.SIG_IGN else "handled"


def test_a_spawned_worker_ignores_ctrl_c_by_itself(tmp_path):
    """Windows does not pass an ignored SIGINT on to spawned processes: the worker sets it."""
    from fazhi.batch import _init_worker

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=_init_worker, initargs=(str(tmp_path),)) as pool:
        assert pool.submit(_sigint_disposition).result(timeout=120) == "ignored"


def _text_calls_without_encoding(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        keywords = {k.arg for k in node.keywords}
        binary = any(isinstance(a, ast.Constant) and isinstance(a.value, str) and "b" in a.value for a in node.args[1:2])
        if name in ("read_text", "write_text") and "encoding" not in keywords:
            found.append(f"{path.name}:{node.lineno} {name}")
        elif name == "open" and isinstance(node.func, ast.Name) and not binary and "encoding" not in keywords:
            found.append(f"{path.name}:{node.lineno} open")
        elif name in ("run", "Popen", "check_output") and {"text", "universal_newlines"} & keywords \
                and "encoding" not in keywords:
            found.append(f"{path.name}:{node.lineno} {name}(text=True)")
    return found


def test_every_text_file_and_process_output_names_its_encoding():
    """Windows' default encoding is the locale's (GBK): every text read or write says utf-8."""
    offenders = [hit for path in sorted((ROOT / "fazhi").rglob("*.py")) for hit in _text_calls_without_encoding(path)]
    assert offenders == []


def test_gitattributes_keep_line_endings_and_binaries():
    attributes = (ROOT / ".gitattributes").read_text(encoding="utf-8")
    assert re.search(r"^\* text=auto eol=lf$", attributes, re.M)
    for pattern in ("*.xlsx", "*.otf", "*.pdf"):
        assert re.search(rf"^{re.escape(pattern)} binary$", attributes, re.M), pattern
    assert re.search(r"^\*\.bat text eol=crlf$", attributes, re.M)  # cmd.exe misreads LF batch files


def test_vscode_names_no_posix_interpreter_path():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    tasks = json.loads((ROOT / ".vscode" / "tasks.json").read_text(encoding="utf-8"))["tasks"]
    assert "bin/python" not in json.dumps(settings) + json.dumps(tasks)
    assert {t["command"] for t in tasks} == {"${command:python.interpreterPath}"}
