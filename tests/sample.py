"""The real project and throwaway copies of it, for end-to-end tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from fazhi.project import Project

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ("土门关乡", 2024)
SAMPLE_STEM = "湟中区土门关乡2024年法治政府建设情况报告"


def copy_project(
    dest: Path,
    townships: tuple[str, ...] = ("土门关乡",),
    years: tuple[int, ...] = (2023, 2024),
    share_figures: bool = True,
) -> Project:
    """A throwaway project with the template, layout and a few townships' real inputs."""
    for name in ("report.qmd", "district.qmd", "_quarto.yml"):
        shutil.copy2(ROOT / name, dest / name)
    shutil.copytree(ROOT / "templates", dest / "templates")
    shutil.copytree(ROOT / "narrative", dest / "narrative")
    for year in years:
        for township in townships:
            source = ROOT / "data" / str(year) / f"{township}.xlsx"
            if source.exists():
                (dest / "data" / str(year)).mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, dest / "data" / str(year) / source.name)
    if (ROOT / ".fonts").is_dir():
        os.symlink(ROOT / ".fonts", dest / ".fonts")
    if share_figures:  # the repo's cache keeps tests fast; privacy and cold-export tests start empty
        os.symlink(ROOT / "figures", dest / "figures")
    return Project.at(dest)


