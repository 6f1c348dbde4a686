"""The files every fazhi project carries, and where the installed package keeps them.

A project folder holds its own copy of the report template and layout (so an office can adapt
them); `fazhi init` copies them from here. The repository root is itself a project and the one
source of these files: a wheel gets them at build time (setup.py copies `PROJECT_FILES` into
`fazhi/project_files/`), while a checkout (editable install) reads them from the root directly.

setup.py reads `PROJECT_FILES` and `WHEEL_FOLDER` from this file's text (`ast`), without importing fazhi, whose
dependencies are not in the build environment: keep them literals.
"""

from __future__ import annotations

from pathlib import Path

from .errors import FazhiError

# Files and folders (copied whole) a new project starts with, relative to the project root.
PROJECT_FILES = (
    "report.qmd",
    "district.qmd",
    "_quarto.yml",
    "templates",
    "narrative/_default.md",
    "narrative/_district.md",
    ".vscode",
)
WHEEL_FOLDER = "project_files"  # inside the installed package (read by setup.py too)


def skeleton_root() -> Path:
    """The folder holding `PROJECT_FILES`: the wheel's `fazhi/project_files/`, or the checkout root."""
    package = Path(__file__).resolve().parent
    installed = package / WHEEL_FOLDER
    if installed.is_dir():
        return installed
    checkout = package.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / PROJECT_FILES[0]).is_file():
        return checkout
    raise FazhiError(f"fazhi 安装不完整：缺少 {installed}。请重新安装 fazhi。")


def default_templates() -> Path:
    """The package's own layout folder (fonts.json, gongwen.typ …)."""
    return skeleton_root() / "templates"
