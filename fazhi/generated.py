"""Files generated from the code's own declarations, and the one command that rewrites them.

    python scripts/regenerate.py        # or: fazhi docs

`docs/data.md` comes from the workbook schema, `docs/indicators.md` from the indicator
catalogue, `.vscode/fazhi.code-snippets` from the narrative language's names; a test fails
when a committed copy differs from what its generator writes now (tests/test_generated.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from .indicators import catalogue_markdown
from .narrative.snippets import snippets_text
from .workbook import data_docs

GENERATED: Mapping[str, Callable[[], str]] = {
    "docs/data.md": data_docs,
    "docs/indicators.md": catalogue_markdown,
    ".vscode/fazhi.code-snippets": snippets_text,
}


def write_generated(root: Path) -> list[Path]:
    """Rewrite every generated file under `root`; the paths written, in GENERATED's order."""
    written = []
    for relpath, generate in GENERATED.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generate(), encoding="utf-8", newline="\n")
        written.append(path)
    return written
