"""Rewrite every generated file of the repository (docs/data.md, docs/indicators.md, the VS Code
snippets) from the code's declarations: `python scripts/regenerate.py`."""

from __future__ import annotations

from pathlib import Path

from fazhi.generated import write_generated

if __name__ == "__main__":
    for path in write_generated(Path(__file__).resolve().parent.parent):
        print(path)
