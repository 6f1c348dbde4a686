"""The offline bundle (scripts/build_bundle.py): the Windows one holds only wheels that install on
64-bit Windows with Python 3.12, pinned by hash; this machine's counterpart installs into a fresh
venv with no index and renders the sample in a project made by `fazhi init`.

Building needs the package index: without it these tests are skipped, saying so."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pdfplumber
import pytest
from sample import ROOT, SAMPLE, SAMPLE_STEM

TOWNSHIP, YEAR = SAMPLE
# What pip prints when it cannot reach the index (and nothing else does)
UNREACHABLE = re.compile(r"NewConnectionError|Name or service not known|Temporary failure in name resolution|"
                         r"Network is unreachable|ConnectTimeout|Connection refused")


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_bundle", ROOT / "scripts" / "build_bundle.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _build(out: Path, platform: str) -> Path:
    builder = _builder()
    try:
        return Path(builder.build(out, platform).zip_path)
    except builder.PipFailed as exc:
        if UNREACHABLE.search(exc.output):
            pytest.skip("the package index is unreachable: the bundle cannot be built here")
        raise


def _contents(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}


def _pinned(files: dict[str, bytes]) -> dict[str, str]:
    """requirements.txt: wheel name==version → sha256, checked against the wheels present."""
    lines = files["requirements.txt"].decode("utf-8").splitlines()
    return dict(re.fullmatch(r"(\S+==\S+) --hash=sha256:([0-9a-f]{64})", line).groups() for line in lines)


def test_the_windows_bundle_holds_only_windows_or_pure_python_wheels_pinned_by_hash(tmp_path):
    from packaging.utils import parse_wheel_filename

    files = _contents(_build(tmp_path, "win_amd64"))
    wheels = {name.removeprefix("wheels/"): data for name, data in files.items() if name.startswith("wheels/")}
    for name in wheels:
        tags = parse_wheel_filename(name)[3]
        assert {t.platform for t in tags} <= {"any", "win_amd64"}, name
        assert any(t.interpreter in ("py3", "py2", "cp312") or t.abi == "abi3" for t in tags), name
    assert len(wheels) > 30 and any(n.startswith("pandas-") and n.endswith("win_amd64.whl") for n in wheels)
    pinned = _pinned(files)
    assert len(pinned) == len(wheels)
    for name, data in wheels.items():
        package, version = parse_wheel_filename(name)[:2]
        assert pinned[f"{package}=={version}"] == hashlib.sha256(data).hexdigest()
    fazhi = zipfile.ZipFile(__import__("io").BytesIO(next(d for n, d in wheels.items() if n.startswith("fazhi-"))))
    assert "fazhi/project_files/report.qmd" in fazhi.namelist()

    script = files["install.bat"]
    assert b"\r\n" in script and b"\n" not in script.replace(b"\r\n", b"")  # cmd.exe wants CRLF
    text = script.decode("utf-8")
    assert "--no-index" in text and "--require-hashes" in text and "%LOCALAPPDATA%" in text
    assert "requirements.txt" in text and "wheels" in text
    assert files["安装说明.txt"].startswith(b"\xef\xbb\xbf") and "install.bat" in files["安装说明.txt"].decode("utf-8-sig")


def test_the_bundle_installs_offline_into_a_fresh_venv_and_renders(tmp_path):
    bundle = _build(tmp_path / "dist", "native")
    unpacked = tmp_path / "解压 后"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(unpacked)
    (folder,) = unpacked.iterdir()
    venv = tmp_path / "用户 环境"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-compile", "--disable-pip-version-check", "--no-index",
         "--find-links", str(folder / "wheels"), "--require-hashes", "-r", str(folder / "requirements.txt")],
        capture_output=True, encoding="utf-8", errors="replace", timeout=600)
    assert install.returncode == 0, install.stderr
    fazhi = venv / ("Scripts/fazhi.exe" if sys.platform == "win32" else "bin/fazhi")

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(fazhi), *args], cwd=cwd, capture_output=True, encoding="utf-8", errors="replace",
                              timeout=600)

    made = run("init", "草稿 项目", "--townships", TOWNSHIP, "--year", str(YEAR), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    project = tmp_path / "草稿 项目"
    shutil.copy2(ROOT / "data" / str(YEAR) / f"{TOWNSHIP}.xlsx", project / "data" / str(YEAR) / f"{TOWNSHIP}.xlsx")
    rendered = run("render", "--township", TOWNSHIP, "--year", str(YEAR), cwd=project)
    assert rendered.returncode == 0, rendered.stderr
    with pdfplumber.open(project / "output" / str(YEAR) / f"{SAMPLE_STEM}.pdf") as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages).replace(" ", "").replace("\n", "")
    assert "土门关乡" in text and "法治政府建设" in text
