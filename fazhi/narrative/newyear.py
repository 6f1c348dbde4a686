"""Starting a narrative: next year's from this year's, or a township's own from the default.

`fazhi new-year`: each narrative/<year-1>/<township>.md is copied to narrative/<year>/<township>.md
word for word, placeholders kept, so the figures follow the new workbook. Years typed in the
text are left as they are: `fazhi check` points each one out with the placeholder to use.

`fazhi narrative new --township X --year Y`: narrative/<Y>/<X>.md from the default narrative
with its conditions decided for X's data in Y: each ``{% if %}`` keeps only the branch the
report would print, while every ``{{ 占位符 }}`` and ``{{ 图表("…") }}`` stays as written, so
the file reads as plain prose the township edits, and still follows the workbook. Rendered
now, it gives exactly the default narrative's report. An existing file is never overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, ValidationFailed
from ..project import DEFAULT_NARRATIVE, Project, plain_name


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


# What a township's own narrative keeps as written: placeholders (wrapped in raw so the
# template prints them verbatim), comments and raw blocks (left to the template as they are).
_KEPT = re.compile(r"(\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\})|(\{#.*?#\})|(\{\{.*?\}\})", re.S)
_PLACED = re.compile(r"^\s*\{\{-?\s*(图表|表格)\s*\(.*\)\s*-?\}\}\s*$")  # a chart or table: a paragraph of its own
_HEADER = """{{# {township} {year} 年度叙述稿：由默认叙述稿生成（fazhi narrative new），条件已按本{kind}数据取舍。
  直接修改文字即可；{{{{ … }}}} 中的占位符在生成报告时填入工作簿的数字，图表和表格占位符单独占一行。
  写法见 docs/narrative.md；可用的占位符：fazhi indicators --township {township} --year {year}。 #}}
"""


def new_narrative(project: Project, township: str, year: int) -> Path:
    """Write narrative/<year>/<township>.md from the default narrative, its conditions decided
    for the township's data (see module doc); InputError when the file exists, ValidationFailed
    when the workbook or the default narrative has errors."""
    from .data import township_data
    from .render import read_source, static_issues, vocabulary
    from .template import NarrativeSandbox, context, keep_line_ends, township_kind

    target = project.narrative_dir / str(year) / f"{plain_name(township)}.md"
    if target.exists():
        raise InputError(f"{target} 已存在，未覆盖。如需按默认稿重新生成，请先将它改名或删除。")
    default = project.narrative_dir / DEFAULT_NARRATIVE
    data = township_data(project, township, year)
    where = read_source(default)
    errors = [i for i in static_issues(where, vocabulary(data.indicators.keys())) if i.severity == "error"]
    if errors:
        raise ValidationFailed(errors)

    def kept(match: re.Match[str]) -> str:
        return f"{{%+ raw %}}{match[3]}{{%+ endraw +%}}" if match[3] else match.group()

    source = keep_line_ends(_KEPT.sub(kept, "\n".join(where.lines) + "\n"))
    text = NarrativeSandbox().from_string(source).render(context(data.indicators, data.info, {}))
    lines = [f"\n{line}\n" if _PLACED.match(line) else line.rstrip() for line in text.splitlines()]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    header = _HEADER.format(township=township, year=year, kind=township_kind(township))
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as out:
        out.write(f"{header}\n{body}\n")
    return target
