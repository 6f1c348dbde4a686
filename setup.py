"""Build hook: the wheel carries the project files (report.qmd, templates/ …) as package data.

They live once, at the repository root, because the root is itself a fazhi project (Quarto
and `fazhi render` read them there); `build_py` copies them into `fazhi/project_files/` of the
wheel, where `fazhi.skeleton.skeleton_root()` finds them. An editable install copies nothing
and reads the root. Everything else is configured in pyproject.toml.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def skeleton_constant(name: str) -> Any:
    """A constant of fazhi/skeleton.py (PROJECT_FILES, WHEEL_FOLDER), read without importing
    fazhi (its dependencies are not installed in the build environment)."""
    tree = ast.parse((ROOT / "fazhi" / "skeleton.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise RuntimeError(f"fazhi/skeleton.py defines no {name}")


class BuildWithSkeleton(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        dest = Path(self.build_lib) / "fazhi" / str(skeleton_constant("WHEEL_FOLDER"))
        shutil.rmtree(dest, ignore_errors=True)
        for name in skeleton_constant("PROJECT_FILES"):
            source, target = ROOT / name, dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*.tmp*"))
            else:
                shutil.copy2(source, target)


setup(cmdclass={"build_py": BuildWithSkeleton})
