"""Find where a sheet's header is: which row, which column holds which declared column.

Users put title lines above the header, split a header over two rows (a merged group label
above some columns, or merged cells spanning both rows), reorder columns, mark required
columns with "*" and lay 基本信息 out vertically (labels in one column, values beside them).
These functions only locate; they never judge values.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .cells import fold
from .schema import Sheet

HEADER_SCAN_ROWS = 10  # a header row must be among the first rows of a sheet
_LABEL_COLUMNS = 3  # a vertical layout has its labels in one of the first columns


@dataclass(frozen=True)
class Header:
    """`row`: position of the (main) header row; data starts at position `body`."""

    row: int
    body: int
    columns: dict[int, str]  # column position → declared column name


def header_key(text: str) -> str:
    """A header cell compared to column names: spaces, width, "*" and "（必填）" ignored."""
    key = fold(text)
    for suffix in ("(必填)", "(选填)", "*"):
        key = key.removesuffix(suffix)
    return key.removeprefix("*")


def _names(spec: Sheet) -> dict[str, str]:
    return {fold(a): c.name for c in spec.columns for a in (c.name, *c.aliases)}


def _matches(names: dict[str, str], cells: pd.Series) -> dict[int, str]:
    return {j: names[k] for j, v in enumerate(cells) if isinstance(v, str) and (k := header_key(v)) in names}


def find_header(spec: Sheet, raw: pd.DataFrame) -> Header | None:
    """The row among the first HEADER_SCAN_ROWS matching most column names, completed by
    names found in the same columns of the row just above or below (a two-row header)."""
    names = _names(spec)
    rows = [_matches(names, raw.iloc[pos]) for pos in range(min(HEADER_SCAN_ROWS, len(raw)))]
    if not any(rows):
        return None
    pos = max(range(len(rows)), key=lambda p: (len(rows[p]), -p))
    columns, body = dict(rows[pos]), pos + 1
    neighbours = [(pos - 1, rows[pos - 1] if pos > 0 else {})]
    if pos + 1 < len(raw):
        neighbours.append((pos + 1, rows[pos + 1] if pos + 1 < len(rows) else _matches(names, raw.iloc[pos + 1])))
    for other, found in neighbours:
        extra = {j: n for j, n in found.items() if j not in columns and n not in columns.values()}
        columns |= extra
        if extra and other > pos:
            body = other + 1
    return Header(pos, body, columns)


def _value_right_of(row: pd.Series, j: int) -> object:
    """The first filled cell right of a label (a label merged over two cells leaves a gap)."""
    for value in row.iloc[j + 1: j + 1 + _LABEL_COLUMNS]:
        if not (value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""):
            return value
    return None


def find_vertical(spec: Sheet, raw: pd.DataFrame) -> dict[str, tuple[int, object]] | None:
    """For a one-record sheet laid out as label | value rows: {column: (row position, value)},
    or None when a label column does not match more names than the best header row."""
    names = _names(spec)
    scan = raw.iloc[: HEADER_SCAN_ROWS + len(spec.columns)]
    best: dict[str, tuple[int, object]] = {}
    for j in range(min(_LABEL_COLUMNS, raw.shape[1] - 1)):
        found = {}
        for pos, label in enumerate(scan.iloc[:, j]):
            if isinstance(label, str) and (k := header_key(label)) in names and names[k] not in found:
                found[names[k]] = (pos, _value_right_of(scan.iloc[pos], j))
        if len(found) > len(best):
            best = found
    header = find_header(spec, raw)
    return best if len(best) > max(1, len(header.columns) if header else 0) else None
