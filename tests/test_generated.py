"""Generated files: the committed copies are what their generators write, and one command
rewrites them all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fazhi.generated import GENERATED

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("relpath", list(GENERATED))
def test_committed_generated_file_is_current(relpath):
    committed = (ROOT / relpath).read_text(encoding="utf-8")
    assert committed == GENERATED[relpath](), f"{relpath} is stale: run `python scripts/regenerate.py`"


def test_regenerate_script_rewrites_every_generated_file(tmp_path):
    # the script writes beside itself: run a copy in a scratch tree
    (tmp_path / "scripts").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "data.md").write_text("手工改过\n", encoding="utf-8")
    script = tmp_path / "scripts" / "regenerate.py"
    script.write_text((ROOT / "scripts" / "regenerate.py").read_text(encoding="utf-8"), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, encoding="utf-8", check=True)
    assert {Path(line) for line in done.stdout.splitlines()} == {tmp_path / p for p in GENERATED}
    for relpath, generate in GENERATED.items():
        assert (tmp_path / relpath).read_text(encoding="utf-8") == generate()
