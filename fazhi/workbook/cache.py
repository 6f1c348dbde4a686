"""Validated workbooks kept between runs in `.cache/records/`, keyed by content.

Loading and validating a workbook is the largest single cost of a warm render (~0.1 s each,
and a report reads up to three years). The cache key is the workbook's SHA-256 with the
township, the year and a hash of fazhi's own source, so any change to the file or to the
loader misses the cache; a workbook with errors is never cached, so its errors are reported
every time. The entries are pickles of `Records` (personal columns are already dropped at
load): they are trusted like the project's code, so the folder must not be shared with people
who may not run code here. Delete `.cache/` at any time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
from pathlib import Path

from ..manifest import package_source_digest, sha256_file
from .records import Records, load_records

CACHE_FOLDER = Path(".cache") / "records"


def load_records_cached(root: Path, path: Path, *, township: str, year: int) -> Records:
    """`load_records`, answered from the cache when this exact workbook was loaded before."""
    key = hashlib.sha256(f"{sha256_file(path)}|{township}|{year}|{package_source_digest()}".encode()).hexdigest()
    entry = root / CACHE_FOLDER / f"{key[:40]}.pickle"
    try:
        cached: Records = pickle.loads(entry.read_bytes())
        return dataclasses.replace(cached, path=path)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        pass  # missing, or written by another version: load afresh
    records = load_records(path, township=township, year=year)
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = entry.with_name(f".{entry.stem}.{os.getpid()}.tmp")
    tmp.write_bytes(pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(tmp, entry)  # atomic: a reader never sees half an entry
    return records
