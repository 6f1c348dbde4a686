"""`fazhi doctor`: one line per thing a render needs, each problem with how to fix it."""

from __future__ import annotations

import stat
import sys

import pytest
from sample import copy_project

from fazhi import doctor
from fazhi.cli import main
from fazhi.fonts import load_roles


def _by_label(checks: list[doctor.Check]) -> dict[str, doctor.Check]:
    return {c.label: c for c in checks}


def test_a_ready_project_has_no_errors_and_every_font_role_is_reported(tmp_path, capsys):
    project = copy_project(tmp_path)
    assert main(["doctor", "--root", str(project.narrative_dir)]) == 0  # found from inside
    out = capsys.readouterr().err
    checks = _by_label(doctor.run_checks(project.root))
    assert checks["Python"].status == "ok" and ".".join(map(str, sys.version_info[:2])) in checks["Python"].found
    assert checks["项目文件夹"].found == str(project.root)
    for role in load_roles():
        font = checks[f"{role.label}字体"]
        assert font.status in ("ok", "warning")
        assert font.status == "ok" or role.official[0] in font.fix or any(f in font.fix for f in role.official)
        assert f"{role.label}字体" in out
    assert checks["pandoc"].status == "ok" and checks["Typst"].status == "ok"
    assert checks["输出文件夹"].status == "ok"


def test_outside_a_project_it_says_so_and_how_to_make_one(tmp_path):
    check = _by_label(doctor.run_checks(tmp_path))["项目文件夹"]
    assert check.status == "warning" and "fazhi init" in check.fix


def test_an_output_folder_that_cannot_be_written_is_an_error_with_a_fix(tmp_path, monkeypatch, capsys):
    project = copy_project(tmp_path)

    def refused(*args, **kwargs):
        raise PermissionError(13, "拒绝访问。")

    monkeypatch.setattr(doctor.tempfile, "TemporaryFile", refused)
    assert main(["doctor", "--root", str(project.root)]) == 1
    check = _by_label(doctor.run_checks(project.root))["输出文件夹"]
    assert check.status == "error" and "拒绝访问" in check.found and "--output-dir" in check.fix


def test_the_browser_is_found_where_kaleido_would_look_first(tmp_path, monkeypatch):
    """BROWSER_PATH (choreographer's override) names a browser outside PATH, in a folder with spaces."""
    pytest.importorskip("choreographer", reason="kaleido (the optional chart export) is not installed")
    browser = tmp_path / "Program Files" / "Google" / "Chrome" / "chrome"
    browser.parent.mkdir(parents=True)
    browser.write_text("#!/bin/sh\n", encoding="utf-8")
    browser.chmod(browser.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    check = _by_label(doctor.run_checks(tmp_path))["浏览器（可选）"]
    assert check.status == "ok" and check.found == str(browser)


def test_without_kaleido_no_browser_is_needed(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "choreographer.browsers.chromium", None)  # import fails as if absent
    check = _by_label(doctor.run_checks(tmp_path))["浏览器（可选）"]
    assert check.status == "optional" and "kaleido" in check.found


def test_a_missing_browser_is_optional_not_an_error(tmp_path, monkeypatch):
    pytest.importorskip("choreographer", reason="kaleido (the optional chart export) is not installed")
    from choreographer.browsers.chromium import Chromium

    monkeypatch.setattr(Chromium, "find_browser", classmethod(lambda cls, **kwargs: None))
    check = _by_label(doctor.run_checks(tmp_path))["浏览器（可选）"]
    assert check.status == "optional" and "BROWSER_PATH" in check.fix
