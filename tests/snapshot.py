"""Golden files under tests/snapshots: compare, or rewrite with FAZHI_UPDATE_SNAPSHOTS=1.

A snapshot is pretty JSON (sorted keys, Chinese kept readable) so a review of a changed chart
or table reads as a normal diff. Rewriting is explicit: run the tests once with
``FAZHI_UPDATE_SNAPSHOTS=1``, inspect ``git diff tests/snapshots``, commit.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


def assert_snapshot(name: str, data: Any) -> None:
    """`data` equals the stored snapshot `name`.json (rewritten instead when updating)."""
    path = SNAPSHOTS / f"{name}.json"
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if os.environ.get("FAZHI_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {path}: run with FAZHI_UPDATE_SNAPSHOTS=1, review, commit"
    assert text == path.read_text(encoding="utf-8"), f"{path} differs: review, then update with FAZHI_UPDATE_SNAPSHOTS=1"
