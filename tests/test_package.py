"""fazhi as a package: the wheel renders outside the repository, `fazhi init` makes a project
that renders, and every command finds its project from any folder inside it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from sample import ROOT, SAMPLE, SAMPLE_STEM, copy_project

from fazhi.cli import main
from fazhi.config import load_config
from fazhi.init import init_project
from fazhi.skeleton import PROJECT_FILES

TOWNSHIP, YEAR = SAMPLE


def _utf8_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "utf-8", **extra}


def test_a_command_run_inside_the_project_finds_its_root(tmp_path, monkeypatch, capsys):
    project = copy_project(tmp_path)
    monkeypatch.chdir(project.data_dir / str(YEAR))  # like git: from any folder inside
    assert main(["check", "--township", TOWNSHIP, "--year", str(YEAR)]) == 0
    monkeypatch.chdir(tmp_path.parent)
    assert main(["check", "--township", TOWNSHIP, "--year", str(YEAR), "--root", str(project.narrative_dir)]) == 0


def test_outside_any_project_it_says_what_it_looked_for(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--township", TOWNSHIP, "--year", str(YEAR)]) == 1
    err = capsys.readouterr().err
    assert str(tmp_path) in err and "report.qmd" in err and "fazhi init" in err and "Traceback" not in err


def test_plain_fazhi_prints_the_help_without_the_developer_command(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：fazhi") and "init" in out and "doctor" in out and "render" in out
    assert "docs" not in out.replace("docs/", "")
    with pytest.raises(SystemExit):
        main(["render", "--help"])
    assert "--year 年度" in capsys.readouterr().out


def test_init_makes_a_project_and_keeps_what_exists(tmp_path):
    folder = tmp_path / "张 三" / "法治 报告"
    result = init_project(folder, county="湟中区", townships=("土门关乡", "新乡"), year=YEAR)
    for name in PROJECT_FILES:
        assert (folder / name).exists(), name
    assert {p.name for p in (folder / "templates").iterdir()} == {p.name for p in (ROOT / "templates").iterdir()}
    book = openpyxl.load_workbook(folder / "data" / str(YEAR) / "新乡.xlsx")
    assert "基本信息" in book.sheetnames
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "湟中区" in readme and f"fazhi render --township 土门关乡 --year {YEAR}" in readme
    settings = json.loads((folder / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["python.defaultInterpreterPath"] == sys.executable
    assert result.project.root == folder.resolve() and not result.kept
    config = load_config(folder)
    assert config is not None and config.county == "湟中区"
    assert [t.name for t in config.townships] == ["土门关乡", "新乡"]

    (folder / "report.qmd").unlink()  # a half-made project: completed, nothing overwritten
    (folder / "narrative" / "_default.md").write_text("自己的叙述稿", encoding="utf-8")
    again = init_project(folder, county="湟中区", townships=("新乡",), year=YEAR)
    assert again.created == (folder.resolve() / "report.qmd",)
    assert (folder / "narrative" / "_default.md").read_text(encoding="utf-8") == "自己的叙述稿"
    assert main(["init", str(folder), "--townships", "新乡"]) == 1  # now a project: refused


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                           capture_output=True, encoding="utf-8", errors="replace", timeout=600)
    if build.returncode != 0 and "setuptools" in build.stderr and ("connection" in build.stderr.lower()):
        pytest.skip("no package index reachable for the build backend (setuptools)")
    assert build.returncode == 0, build.stderr
    (found,) = out.glob("fazhi-*.whl")
    return found


def test_the_wheel_carries_every_project_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in PROJECT_FILES:
        source = ROOT / name
        files = [p for p in source.rglob("*") if p.is_file()] if source.is_dir() else [source]
        for path in files:
            assert f"fazhi/project_files/{path.relative_to(ROOT).as_posix()}" in names


def test_the_installed_wheel_makes_and_renders_a_project_in_a_chinese_path(wheel, tmp_path):
    """Outside the repository, under a user name and folders with spaces and Chinese: the wheel
    alone (its package data) is enough to init a project and render HTML and PDF."""
    site = tmp_path / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site),
                              str(wheel)], capture_output=True, encoding="utf-8", errors="replace", timeout=300)
    assert install.returncode == 0, install.stderr
    home = tmp_path / "Users" / "张 三"
    folder = home / "我的 文档" / "湟中区 法治报告"
    env = _utf8_env(PYTHONPATH=str(site), HOME=str(home), USERPROFILE=str(home))
    home.mkdir(parents=True)
    fazhi = [sys.executable, "-m", "fazhi.cli"]

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*fazhi, *args], cwd=cwd, env=env, capture_output=True, encoding="utf-8",
                              errors="replace", timeout=600)

    where = subprocess.run([sys.executable, "-c", "import fazhi; print(fazhi.__file__)"], cwd=home, env=env,
                           capture_output=True, encoding="utf-8")
    assert Path(where.stdout.strip()).is_relative_to(site)  # the wheel, not the checkout
    made = run("init", str(folder), "--townships", TOWNSHIP, "--year", str(YEAR), cwd=home)
    assert made.returncode == 0, made.stderr
    for name in ("report.qmd", "_quarto.yml", "templates/gongwen.typ", "narrative/_default.md"):
        assert (folder / name).is_file(), name
    workbook = folder / "data" / str(YEAR) / f"{TOWNSHIP}.xlsx"
    shutil.copy2(ROOT / "data" / str(YEAR) / f"{TOWNSHIP}.xlsx", workbook)  # filled in, as the office would
    shutil.copy2(ROOT / "narrative" / str(YEAR) / f"{TOWNSHIP}.md", folder / "narrative" / str(YEAR))

    rendered = run("render", "--township", TOWNSHIP, "--year", str(YEAR), cwd=folder / "data")
    assert rendered.returncode == 0, rendered.stderr
    out = folder / "output" / str(YEAR)
    html = (out / f"{SAMPLE_STEM}.html").read_text(encoding="utf-8")
    assert "土门关乡" in html and "法治政府建设" in html
    with pdfplumber.open(out / f"{SAMPLE_STEM}.pdf") as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
        assert len(pdf.pages) >= 5
    assert "土门关乡人民政府" in text.replace(" ", "").replace("\n", "")
