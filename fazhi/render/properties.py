"""A report's document properties (title, author, subject, keywords, date), for every format.

The fast engine passes them to pandoc on the command line; the report also prints them as a
YAML metadata block right before its title (`metadata_block`), which is how Quarto gets them —
`quarto render report.qmd -P township:…` as well as `--engine quarto` — because a YAML
`title:` in the front matter cannot follow the parameters. The values come from the workbook,
so the block escapes them: pandoc reads metadata strings as Markdown, and every ASCII
punctuation mark is written with a backslash (literal in pandoc Markdown) inside a
single-quoted YAML scalar (where a backslash is literal too).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..fmt import date_cn
from ..project import REPORT_NAME


@dataclass(frozen=True)
class PdfMeta:
    """What the document properties say (PDF Title, Author, Subject, Keywords, date; HTML <title>)."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    issued: dt.date

    @classmethod
    def of(cls, report: Any) -> PdfMeta:
        return cls.for_info(report.title_text, report.info)

    @classmethod
    def for_info(cls, title: str, info: Any) -> PdfMeta:
        """From a report's title and its 基本信息 (`fazhi.workbook.records.BasicInfo`)."""
        return cls(
            title=title,
            author=info.issuer,
            subject=f"{info.county}{info.township}{info.year}年度{REPORT_NAME}（{date_cn(info.date)}）",
            keywords=(info.county, info.township, f"{info.year}年", "法治政府建设"),
            issued=info.date,
        )

    def metadata_pairs(self) -> list[tuple[str, str]]:
        """pandoc metadata read by pandoc-template.typ and typst-show.typ (one pair per value)."""
        pairs = [("pagetitle", self.title), ("author-meta", self.author), ("subject", self.subject)]
        pairs += [("keywords", k) for k in self.keywords]
        return pairs + [("issued", self.issued.isoformat())]

    @property
    def timestamp(self) -> int:
        """00:00 UTC of the 成文日期, as UNIX seconds (the compiler's SOURCE_DATE_EPOCH)."""
        return int(dt.datetime(self.issued.year, self.issued.month, self.issued.day, tzinfo=dt.UTC).timestamp())


def _literal(value: str) -> str:
    """`value` as a YAML scalar that pandoc reads back as exactly this text."""
    escaped = re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", " ".join(value.split()))
    return "'" + escaped.replace("'", "''") + "'"


def metadata_block(meta: PdfMeta) -> str:
    """The properties as a pandoc YAML metadata block (blank lines around it, as pandoc needs)."""
    lines = ["---"]
    for key, value in meta.metadata_pairs():
        if key != "keywords":
            lines.append(f"{key}: {_literal(value)}")
    lines.append("keywords: [" + ", ".join(_literal(k) for k in meta.keywords) + "]")
    return "\n\n" + "\n".join([*lines, "---"]) + "\n\n"
