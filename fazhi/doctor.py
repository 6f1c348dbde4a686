"""`fazhi doctor`: is this machine ready to render? One line per thing, each with how to fix it.

Every check is a small function returning `Check`s; nothing here installs or changes anything
(except a probe file in the output folder, removed at once). Works the same on every OS.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rich.console import Console
from rich.markup import escape

from .errors import FazhiError
from .project import PROJECT_MARKER, Project

Status = Literal["ok", "warning", "error", "optional"]
MIN_PYTHON = (3, 11)


@dataclass(frozen=True)
class Check:
    label: str
    status: Status
    found: str
    fix: str = ""  # what to do, in Chinese; empty when all is well


def run_checks(start: Path) -> list[Check]:
    """Every check, for the project `start` is in (or the bare machine when it is in none)."""
    try:
        project: Project | None = Project.find(start)
    except FazhiError:
        project = None
    checks: list[Check] = []
    for check in (_python, lambda: _project(project, start), lambda: _fonts(project), _pandoc, _typst,
                  lambda: _output(project, start), _browser, _quarto):
        checks += _guarded(check)
    return checks


def _guarded(check: Callable[[], list[Check]]) -> list[Check]:
    """A check that fails to run reports itself as an error instead of ending the others."""
    try:
        return check()
    except Exception as exc:  # doctor must list every problem, its own included
        name = getattr(check, "__name__", "检查").strip("_<>")
        return [Check(name, "error", f"检查时出错：{type(exc).__name__}: {exc}", "请重新安装 fazhi，或报告此问题。")]


def _python() -> list[Check]:
    version = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info[:2] >= MIN_PYTHON:
        return [Check("Python", "ok", f"{version}（{sys.executable}）")]
    return [Check("Python", "error", version, f"请安装 Python {'.'.join(map(str, MIN_PYTHON))} 或更新版本。")]


def _project(project: Project | None, start: Path) -> list[Check]:
    if project is None:
        return [Check("项目文件夹", "warning", f"{start} 及其上级文件夹中没有 {PROJECT_MARKER}",
                      "在项目文件夹中运行 fazhi doctor，或用 fazhi init <文件夹> 新建项目。")]
    return [Check("项目文件夹", "ok", str(project.root))]


def _fonts(project: Project | None) -> list[Check]:
    from .fonts import load_roles, os_font_folders, project_font_paths, resolve_fonts

    templates = project.templates_dir if project and project.templates_dir.is_dir() else None
    roles = load_roles(templates)
    resolved = resolve_fonts(project_font_paths(project.root) if project else [], roles)
    checks = []
    for role in roles:
        font = resolved[role.name]
        label = f"{role.label}字体"
        where = f"（{font.file}）" if font.file else ""
        wanted = next((f for f in role.official if not f.isascii()), role.official[0])
        install = f"安装 {wanted}（双击字体文件，点“安装”；无需管理员权限）"
        if not font.family:
            checks.append(Check(label, "error", f"没有可用的{role.face}字体", f"请{install}。"))
        elif font.is_substitute:
            checks.append(Check(label, "warning", f"替代字体 {font.family}{where}", f"正式报送前请{install}。"))
        else:
            checks.append(Check(label, "ok", f"{font.family}{where}"))
    folders = [p for p in os_font_folders() if p.is_dir()]
    checks.append(Check("字体文件夹", "ok", "、".join(map(str, folders)) or "（未找到系统字体文件夹）"))
    return checks


def _pandoc() -> list[Check]:
    import pypandoc

    try:
        return [Check("pandoc", "ok", str(pypandoc.get_pandoc_version()))]
    except OSError as exc:
        return [Check("pandoc", "error", f"不可用（{exc}）", "请重新安装 fazhi（pandoc 随 pypandoc-binary 安装）。")]


def _typst() -> list[Check]:
    from importlib.metadata import version

    import typst  # noqa: F401 - that it imports (its compiled part loads) is the check

    return [Check("Typst", "ok", version("typst"))]


def _output(project: Project | None, start: Path) -> list[Check]:
    """Can reports be written? Probed with a temporary file in output/ (a read-only share, a
    folder synced by a tool that locks it, a user without rights all fail here, not mid-render)."""
    folder = project.root / "output" if project else start.resolve()
    if folder.exists() and not folder.is_dir():
        return [Check("输出文件夹", "error", f"{folder} 是一个文件，不是文件夹", "请把这个文件改名或移走。")]
    probe_in = folder if folder.is_dir() else next(p for p in folder.parents if p.is_dir())
    try:
        with tempfile.TemporaryFile(dir=probe_in):
            pass
    except OSError as exc:
        return [Check("输出文件夹", "error", f"{folder} 不能写入（{exc.strerror or exc}）",
                      "请把项目放到有写入权限的文件夹（如“文档”或桌面），或用 --output-dir 指定输出文件夹。")]
    return [Check("输出文件夹", "ok", f"{folder} 可以写入")]


def _browser() -> list[Check]:
    """Chrome/Edge/Chromium, wanted only by the optional kaleido chart export; found the way
    kaleido finds it (choreographer: BROWSER_PATH, PATH, the usual install folders)."""
    label = "浏览器（可选）"
    try:
        from choreographer.browsers.chromium import Chromium
    except ImportError:
        return [Check(label, "optional", "未安装 kaleido：生成报告不需要浏览器")]
    path = Chromium.find_browser(skip_local=False)
    if path:
        return [Check(label, "ok", path)]
    return [Check(label, "optional", "未找到 Chrome、Edge 或 Chromium",
                  "一般不需要；若要用 kaleido 导出图表，请安装 Chrome 或 Edge，或设置环境变量 BROWSER_PATH 指向浏览器程序。")]


def _quarto() -> list[Check]:
    from .render.quarto import quarto_command

    label = "Quarto（可选）"
    try:
        found = quarto_command()
    except FazhiError:
        return [Check(label, "optional", "未安装：fazhi 自带的快速引擎不需要 Quarto",
                      "只有使用 --engine quarto 时才需要：从 https://quarto.org 安装 1.7 或更新版本。")]
    try:
        run = subprocess.run([found, "--version"], capture_output=True, encoding="utf-8", errors="replace", timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [Check(label, "warning", f"{found} 无法运行（{exc}）", "请重新安装 Quarto。")]
    return [Check(label, "ok", f"{run.stdout.strip() or '版本未知'}（{found}）")]


_SHOWN = {"ok": "[green]正常[/]", "warning": "[yellow]注意[/]", "error": "[red]有误[/]", "optional": "[dim]可选[/]"}


def print_checks(checks: list[Check], console: Console) -> None:
    """One line per check, its fix indented below: readable in a narrow Windows console."""
    console.print("fazhi 环境检查")
    for check in checks:
        console.print(f"[{_SHOWN[check.status]}] {escape(check.label)}：{escape(check.found)}")
        if check.fix:
            console.print(f"       → {escape(check.fix)}")
    problems = [c for c in checks if c.status == "error"]
    if problems:
        console.print(f"[bold red]{len(problems)} 项有误[/]，请按 → 后的说明处理，再运行 fazhi doctor。")
    elif any(c.status == "warning" for c in checks):
        console.print("[green]可以生成报告[/]；标为“注意”的项请在正式报送前处理。")
    else:
        console.print("[green]可以生成报告。[/]")
