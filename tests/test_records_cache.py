"""The validated-workbook cache: answers only for the same bytes, never for a broken workbook."""

from __future__ import annotations

import openpyxl
import pytest
from sample import copy_project

from fazhi.errors import ValidationFailed
from fazhi.workbook import cache as records_cache
from fazhi.workbook.cache import load_records_cached


def test_second_load_comes_from_the_cache_and_a_change_misses_it(tmp_path, monkeypatch):
    project = copy_project(tmp_path, share_figures=False)
    path = project.workbook("土门关乡", 2024)
    first = load_records_cached(project.root, path, township="土门关乡", year=2024)
    assert len(list((project.root / ".cache" / "records").glob("*.pickle"))) == 1

    def must_not_load(*args, **kwargs):
        raise AssertionError("the cache should have answered")

    with monkeypatch.context() as patched:
        patched.setattr(records_cache, "load_records", must_not_load)
        again = load_records_cached(project.root, path, township="土门关乡", year=2024)
    assert again.info == first.info and again.path == path
    assert again.sheets["矛盾纠纷"].equals(first.sheets["矛盾纠纷"])

    book = openpyxl.load_workbook(path)
    book["基本信息"]["D2"] = 20  # 行政村（社区）数
    book.save(path)
    changed = load_records_cached(project.root, path, township="土门关乡", year=2024)
    assert changed.info.villages == 20


def test_a_broken_workbook_is_never_cached(tmp_path):
    project = copy_project(tmp_path, share_figures=False)
    path = project.workbook("土门关乡", 2024)
    book = openpyxl.load_workbook(path)
    book["基本信息"]["C2"] = 1999  # 年度 not the folder's year
    book.save(path)
    for _ in range(2):
        with pytest.raises(ValidationFailed):
            load_records_cached(project.root, path, township="土门关乡", year=2024)
    assert not list((project.root / ".cache").rglob("*.pickle"))


def test_a_replace_refused_as_windows_refuses_it_keeps_the_render_going(tmp_path, monkeypatch):
    """Windows: os.replace onto an entry another worker is reading raises PermissionError."""
    project = copy_project(tmp_path, share_figures=False)
    path = project.workbook("土门关乡", 2024)

    def refused(source, target):
        raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。", str(target))

    monkeypatch.setattr(records_cache.os, "replace", refused)
    records = load_records_cached(project.root, path, township="土门关乡", year=2024)
    assert records.info.township == "土门关乡"
    assert not [p for p in (project.root / ".cache").rglob("*") if p.is_file()]  # no temporary left behind
