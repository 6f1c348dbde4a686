"""The workbook layer: one schema drives loading, validation, the blank workbook and the docs.

    from fazhi.workbook import load_records, schema
    records = load_records(Path("data/2024/土门关乡.xlsx"), township="土门关乡", year=2024)
    records.sheet(schema.Dispute.SHEET)

`schema` declares every sheet and column; `records` reads a workbook (calamine) and
validates it cell by cell (`validate`, `sheet_rules`, `cells`, `cell_marks`, `headers`),
collecting every problem with its location; `cache` keeps validated workbooks by content;
`template` writes the blank workbook and `docs` writes `docs/data.md`, both from the schema.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import schema
from .cache import load_records_cached
from .docs import data_docs
from .records import BasicInfo, Records, check_township, check_workbook, display_name, load_records

if TYPE_CHECKING:
    from .template import write_template


def __getattr__(name: str) -> object:
    """`write_template` on first use: openpyxl costs a render ~0.2 s it does not need."""
    if name == "write_template":
        from .template import write_template

        return write_template
    raise AttributeError(f"module 'fazhi.workbook' has no attribute {name!r}")


__all__ = [
    "BasicInfo", "Records", "check_township", "check_workbook", "data_docs", "display_name", "load_records",
    "load_records_cached", "schema", "write_template",
]
