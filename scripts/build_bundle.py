"""Build the offline installation bundle: fazhi's wheel and every wheel it depends on, pinned.

    python scripts/build_bundle.py                       # Windows 10/11, 64-bit, Python 3.12
    python scripts/build_bundle.py --platform native     # this machine's OS and Python (the CI check)

Writes `dist/fazhi-<version>-<platform>-py<python>.zip` holding one folder with:

    wheels/             fazhi's wheel and the dependency tree's (win_amd64 or pure-Python only)
    requirements.txt    every wheel pinned by version and SHA-256 (pip --require-hashes)
    install.bat         per-user install, no admin: venv under %LOCALAPPDATA%\\fazhi, a `fazhi`
                        command on the user's PATH, a Start-menu shortcut (Windows bundle only)
    安装说明.txt         the short guide in Chinese (Windows bundle only)

Needs the package index (pip download) while building; the bundle then installs with none:
`pip install --no-index --find-links wheels --require-hashes -r requirements.txt`.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from packaging.tags import Tag, compatible_tags, cpython_tags, sys_tags
from packaging.utils import parse_wheel_filename

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
WINDOWS = "win_amd64"
WINDOWS_PYTHON = "3.12"


@dataclass(frozen=True)
class Bundle:
    zip_path: Path
    wheels: tuple[str, ...]  # file names


def fazhi_version() -> str:
    import tomllib

    return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


class PipFailed(Exception):
    """pip could not build or download; `output` says why (an unreachable index among others)."""

    def __init__(self, command: str, output: str):
        super().__init__(f"pip {command} failed:\n{output}")
        self.output = output


def _pip(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, encoding="utf-8", errors="replace")
    if done.returncode != 0:
        raise PipFailed(" ".join(args[:1]), (done.stderr + done.stdout).strip())


def download_wheels(folder: Path, platform: str, python: str) -> None:
    """fazhi's wheel (built from this checkout) and, binary only, its whole dependency tree."""
    _pip("wheel", "--no-deps", "-q", "-w", str(folder), str(ROOT))
    (own,) = folder.glob("fazhi-*.whl")
    target = [] if platform == "native" else ["--platform", platform, "--python-version", python,
                                             "--implementation", "cp"]
    _pip("download", "-q", "--only-binary=:all:", *target, "-d", str(folder), str(own))


def target_tags(platform: str, python: str) -> set[Tag]:
    """Wheel tags pip accepts on the bundle's machine (CPython `python` on `platform`)."""
    if platform == "native":
        return set(sys_tags())
    version = tuple(int(part) for part in python.split("."))
    return set(cpython_tags(version, platforms=[platform])) | set(compatible_tags(version, platforms=[platform]))


def foreign_wheels(names: list[str], accepted: set[Tag]) -> list[str]:
    """Wheels that would not install there: neither pure-Python nor built for that platform."""
    return [name for name in names if not parse_wheel_filename(name)[3] & accepted]


def requirements(folder: Path) -> str:
    lines = []
    for wheel in sorted(folder.glob("*.whl")):
        name, version, *_ = parse_wheel_filename(wheel.name)
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        lines.append(f"{name}=={version} --hash=sha256:{digest}")
    return "\n".join(lines) + "\n"


def build(out: Path, platform: str = WINDOWS, python: str = WINDOWS_PYTHON) -> Bundle:
    version = fazhi_version()
    label = WINDOWS if platform == WINDOWS else "native"
    pyver = python if platform == WINDOWS else f"{sys.version_info.major}.{sys.version_info.minor}"
    stem = f"fazhi-{version}-{label}-py{pyver.replace('.', '')}"
    with tempfile.TemporaryDirectory(prefix="fazhi-bundle-") as tmp:
        wheels = Path(tmp) / "wheels"
        download_wheels(wheels, platform, python)
        names = sorted(p.name for p in wheels.glob("*.whl"))
        bad = foreign_wheels(names, target_tags(platform, python))
        if bad:
            raise ValueError(f"wheels for another platform in the bundle: {', '.join(bad)}")
        out.mkdir(parents=True, exist_ok=True)
        zip_path = out / f"{stem}.zip"
        partial = zip_path.with_name(f".{zip_path.name}.part")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as bundle:
            for name in names:
                bundle.write(wheels / name, f"{stem}/wheels/{name}")
            bundle.writestr(f"{stem}/requirements.txt", requirements(wheels))
            if platform == WINDOWS:
                script = (HERE / "windows" / "install.bat").read_text(encoding="utf-8")
                bundle.writestr(f"{stem}/install.bat", script.replace("\r\n", "\n").replace("\n", "\r\n"))
                # BOM: Notepad of older Windows 10 builds reads a file without it as GBK
                guide = (HERE / "windows" / "安装说明.txt").read_text(encoding="utf-8").replace("\n", "\r\n")
                bundle.writestr(f"{stem}/安装说明.txt", guide.encode("utf-8-sig"))
        partial.replace(zip_path)
    return Bundle(zip_path, tuple(names))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--platform", default=WINDOWS, choices=[WINDOWS, "native"])
    parser.add_argument("--python-version", default=WINDOWS_PYTHON, help="Python of the Windows bundle")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    try:
        bundle = build(args.out, args.platform, args.python_version)
    except (PipFailed, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    size = bundle.zip_path.stat().st_size / 1e6
    print(f"{bundle.zip_path} ({len(bundle.wheels)} wheels, {size:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
