"""Where a sheet's problems are reported: the sheet context and masked rows → located Issues.

A column with thousands of identical problems reports the first `MAX_PER_PROBLEM` rows and
one summary line, so a wrongly formatted column does not bury the other problems; distinct
problems are all reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..errors import Issue, Reason, Severity
from .cells import display, fold, looks_like_name
from .names import is_name
from .schema import Column, Sheet

MAX_PER_PROBLEM = 20


@dataclass(frozen=True)
class SheetContext:
    """What a sheet's checks need besides its cells: file name, declaration, report year."""

    file: str
    spec: Sheet
    year: int | None


def cell_issues(ctx: SheetContext, col: Column, rows: pd.Series, message: str | Callable[[int], str], *,
                reason: Reason, raw: pd.Series | None = None, expected: str | None = None,
                severity: Severity = "error") -> list[Issue]:
    """Issues for the rows where `rows` is True, capped at MAX_PER_PROBLEM plus a summary.

    `message` may depend on the row. The cell's value is echoed only for non-personal columns,
    and never when an ID, or a date, number or choice, looks like a person's name.
    """
    if not rows.any():  # the usual answer: ~40 checks a sheet, each cheap when nothing is wrong
        return []
    text = message if callable(message) else (lambda _row: message)
    hits = rows[rows].index
    out = []
    for r in hits[:MAX_PER_PROBLEM]:
        value = None if col.personal or raw is None or pd.isna(raw.loc[r]) else display(raw.loc[r])
        if value is not None and (col.unique and looks_like_name(fold(value)) or col.kind != "text" and is_name(value)):
            value = None  # a name typed where an ID, a date, a number or a choice belongs: located, not repeated
        out.append(Issue(ctx.file, text(int(r)), severity, ctx.spec.name, int(r), col.name, value, expected, reason=reason))
    if len(hits) > MAX_PER_PROBLEM:
        out.append(Issue(
            ctx.file, f"{text(int(hits[MAX_PER_PROBLEM]))}（另有 {len(hits) - MAX_PER_PROBLEM} 行同样的问题未逐一列出）",
            severity,
            ctx.spec.name, None, col.name, None, expected, reason=reason,
        ))
    return out
