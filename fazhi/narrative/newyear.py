"""`fazhi new-year`: start next year's narratives from this year's.

Each narrative/<year-1>/<township>.md is copied to narrative/<year>/<township>.md word for
word, placeholders kept, so the figures follow the new workbook. An existing file is never
overwritten. Years typed in the text are left as they are: `fazhi check` points each one out
with the placeholder to use instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..project import Project


@dataclass(frozen=True)
class NewYear:
    """What `new_year` did: the files it created and those it left alone because they exist."""

    created: tuple[Path, ...]
    skipped: tuple[Path, ...]


def new_year(project: Project, year: int) -> NewYear:
    """Create the `year` narratives from the `year - 1` ones; InputError when there are none."""
    previous = project.narrative_dir / str(year - 1)
    sources = sorted(p for p in previous.glob("*.md") if not p.name.startswith((".", "~")))
    if not sources:
        have = sorted(p.name for p in project.narrative_dir.iterdir() if p.is_dir()) if project.narrative_dir.is_dir() else []
        raise InputError(f"{previous} 中没有叙述稿，无法创建 {year} 年度的叙述稿。现有年度：{'、'.join(have) or '（无）'}。")
    created, skipped = [], []
    for source in sources:
        target = project.narrative_dir / str(year) / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with target.open("x", encoding="utf-8") as out:  # "x": an existing file is never replaced
                out.write(source.read_text(encoding="utf-8-sig"))
        except FileExistsError:
            skipped.append(target)
            continue
        created.append(target)
    return NewYear(tuple(created), tuple(skipped))
