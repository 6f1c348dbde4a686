"""Provenance of rendered reports: `manifest.json` in each output folder, and the skip check.

For every report in the folder the manifest records the input files it read, each with its
SHA-256 (the workbook and the earlier years' workbooks it compares with, the narrative actually
used, the template, the layout files and fonts), the versions of fazhi (plus a hash of its
source, so an unreleased code change counts) and of the tools, the render time, the exact
command, and the output files with their SHA-256. Input paths are relative to the project
root and output paths to the manifest's folder; nothing else is stored, so the manifest holds
no personal data. A report is *current* when its recorded inputs and versions equal today's
and its outputs are on disk unmodified; `fazhi render` skips current reports.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .atomic import write_all
from .project import Project

MANIFEST = "manifest.json"
SCHEMA = "fazhi-manifest/1"
# Packages whose version changes what a render produces (pandoc's version follows pypandoc-binary).
VERSIONED_PACKAGES = ("fazhi", "plotly", "kaleido", "typst", "pypandoc-binary")


@dataclass(frozen=True)
class FileHash:
    """One file of a report: its role (workbook, narrative, html …), path and SHA-256."""

    role: str
    path: str  # POSIX, relative to the project root (inputs) or the manifest folder (outputs)
    sha256: str


@dataclass(frozen=True)
class Fingerprint:
    """What a report's outputs depend on: its input files and the versions of the code."""

    inputs: tuple[FileHash, ...]
    versions: tuple[tuple[str, str], ...]  # sorted (name, version) pairs
    engine: str = "fast"  # fazhi's own engine or Quarto: different programs, different outputs


@dataclass(frozen=True)
class Entry:
    """A rendered report as the manifest records it, keyed by e.g. "乡镇/土门关乡"."""

    key: str
    year: int
    formats: tuple[str, ...]
    command: str
    rendered_at: str  # UTC, ISO 8601
    fingerprint: Fingerprint
    tools: Mapping[str, str]  # informational versions not compared for skipping (pandoc)
    outputs: tuple[FileHash, ...]  # role = format


# -- hashing ------------------------------------------------------------------------------------
def sha256_file(path: Path) -> str:
    """The file's SHA-256, computed once per process per (path, size, mtime)."""
    stat = path.stat()
    return _digest(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=4096)
def _digest(path: str, size: int, mtime_ns: int) -> str:  # size and mtime key the cache only
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@cache
def package_source_digest() -> str:
    """One SHA-256 over fazhi's own source files, so that a code change re-renders."""
    package = Path(__file__).parent
    lines = [
        f"{p.relative_to(package).as_posix()}\0{sha256_file(p)}\n"
        for p in sorted(package.rglob("*"))
        if p.is_file() and p.suffix in (".py", ".typed") and "__pycache__" not in p.parts
    ]
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "未安装"


@cache
def versions() -> tuple[tuple[str, str], ...]:
    """Versions compared for skipping: Python, fazhi (+ source hash) and the rendering packages."""
    found = {name: _version(name) for name in VERSIONED_PACKAGES}
    found["fazhi-source-sha256"] = package_source_digest()
    found["python"] = platform.python_version()
    return tuple(sorted(found.items()))


@cache
def tool_versions() -> dict[str, str]:
    """Versions recorded but not compared: pandoc itself (asks the bundled binary, ~20 ms)."""
    import pypandoc

    return {"pandoc": pypandoc.get_pandoc_version()}


# -- inputs ---------------------------------------------------------------------------------------
def fingerprint(project: Project, files: Iterable[tuple[str, Path]], engine: str = "fast") -> Fingerprint:
    """Hash `files` (a missing one raises FileNotFoundError) and take the versions."""
    hashed = tuple(FileHash(role, _relative(path, project.root), sha256_file(path)) for role, path in files)
    return Fingerprint(hashed, versions(), engine)


def _relative(path: Path, base: Path) -> str:
    """`path` relative to `base`, lexically: a symlinked folder (.fonts) keeps its name here."""
    try:
        return path.absolute().relative_to(base.absolute()).as_posix()
    except ValueError:  # outside the project: keep only the name, never a user's home folder
        return path.name


# -- the manifest file --------------------------------------------------------------------------
def read_manifest(folder: Path) -> dict[str, Entry]:
    """The entries recorded in `folder`; an absent or unreadable manifest has none (all re-render)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return {key: _entry(key, raw) for key, raw in data["reports"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_manifest(folder: Path, entries: Sequence[Entry]) -> Path:
    """Merge `entries` into the folder's manifest (others keep theirs) and write it atomically."""
    merged = read_manifest(folder)
    merged.update({e.key: e for e in entries})
    document = {"schema": SCHEMA, "reports": {key: _raw(merged[key]) for key in sorted(merged)}}
    path = folder / MANIFEST
    write_all({path: (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")})
    return path


def output_hashes(folder: Path, outputs: Mapping[str, Path]) -> tuple[FileHash, ...]:
    return tuple(FileHash(fmt, _relative(path, folder), sha256_file(path)) for fmt, path in outputs.items())


def is_current(entry: Entry | None, current: Fingerprint, formats: Sequence[str], folder: Path) -> bool:
    """True when `entry` was rendered from exactly `current` and its outputs are intact."""
    if entry is None or entry.fingerprint != current or not set(formats) <= set(entry.formats):
        return False
    for output in entry.outputs:
        path = folder / output.path
        if not path.is_file() or sha256_file(path) != output.sha256:
            return False
    return True


def _raw(entry: Entry) -> dict[str, Any]:
    return {
        "year": entry.year,
        "command": entry.command,
        "rendered_at": entry.rendered_at,
        "formats": list(entry.formats),
        "engine": entry.fingerprint.engine,
        "inputs": [vars(f) for f in entry.fingerprint.inputs],
        "versions": dict(entry.fingerprint.versions) | dict(entry.tools),
        "outputs": [vars(f) for f in entry.outputs],
    }


def _entry(key: str, raw: Mapping[str, Any]) -> Entry:
    compared = {name for name, _ in versions()}
    recorded = raw["versions"]
    return Entry(
        key=key,
        year=int(raw["year"]),
        formats=tuple(raw["formats"]),
        command=str(raw["command"]),
        rendered_at=str(raw["rendered_at"]),
        fingerprint=Fingerprint(
            tuple(FileHash(**f) for f in raw["inputs"]),
            tuple(sorted((k, str(v)) for k, v in recorded.items() if k in compared)),
            str(raw["engine"]),
        ),
        tools={k: str(v) for k, v in recorded.items() if k not in compared},
        outputs=tuple(FileHash(**f) for f in raw["outputs"]),
    )
