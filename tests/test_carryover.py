"""`fazhi template` for a new year: what carries over from the previous year's workbook."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from sample import copy_project

from fazhi.cli import main
from fazhi.workbook import load_records
from fazhi.workbook.schema import Adviser, Exam, Info

TOWNSHIP = "土门关乡"


def rows(path, sheet: str) -> list[dict]:
    ws = openpyxl.load_workbook(path)[sheet]
    header, *body = list(ws.iter_rows(values_only=True))
    return [dict(zip(header, r, strict=False)) for r in body if any(v is not None for v in r)]


@pytest.fixture()
def project(tmp_path):
    project = copy_project(tmp_path)
    path = project.workbook(TOWNSHIP, 2024)
    book = openpyxl.load_workbook(path)
    ws = book[Adviser.SHEET]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index(Adviser.END) + 1).value = dt.datetime(2026, 12, 31)  # one contract runs on
    info = book[Info.SHEET]
    header = [c.value for c in info[1]]
    info.cell(2, header.index(Info.TITLE) + 1).value = "土门关乡人民政府关于2024年度法治政府建设情况的报告"
    book.save(path)
    return project


def test_template_carries_over_what_does_not_change(project, capsys):
    previous = load_records(project.workbook(TOWNSHIP, 2024))
    assert main(["template", "--root", str(project.root), "--township", TOWNSHIP, "--year", "2025"]) == 0
    said = capsys.readouterr().err
    path = project.workbook(TOWNSHIP, 2025)
    (info,) = rows(path, Info.SHEET)
    assert info[Info.VILLAGES] == previous.info.villages and info[Info.RECIPIENT] == previous.info.recipient
    assert info[Info.ISSUER] == previous.info.issuer and info[Info.YEAR] == 2025
    assert info[Info.COUNTY] == previous.info.county  # no --county, no fazhi.toml: last year's
    assert info[Info.TITLE] == "土门关乡人民政府关于2025年度法治政府建设情况的报告"
    assert info[Info.DATE] is None and info[Info.DOC_NUMBER] is None  # every report has its own
    (adviser,) = rows(path, Adviser.SHEET)
    assert adviser[Adviser.END].date() == dt.date(2026, 12, 31)
    assert adviser[Adviser.CONSULTATIONS] is None and adviser[Adviser.NAME] is None  # this year's counts; no names
    staff = rows(path, Exam.SHEET)
    assert [r[Exam.STAFF_ID] for r in staff] == list(previous.sheet(Exam.SHEET)[Exam.STAFF_ID])
    assert all(r[Exam.SCORE] is None and r[Exam.TOOK_EXAM] is None for r in staff)
    assert "1 份" in said and f"{len(staff)} 名" in said and str(previous.info.villages) in said


def test_a_previous_workbook_with_errors_gives_a_blank_one(project, capsys):
    path = project.workbook(TOWNSHIP, 2024)
    book = openpyxl.load_workbook(path)
    info = book[Info.SHEET]
    header = [c.value for c in info[1]]
    info.cell(2, header.index(Info.VILLAGES) + 1).value = "很多"
    book.save(path)
    assert main(["template", "--root", str(project.root), "--township", TOWNSHIP, "--year", "2025",
                 "--county", "湟中区"]) == 0
    assert "有错误" in capsys.readouterr().err
    (info_row,) = rows(project.workbook(TOWNSHIP, 2025), Info.SHEET)
    assert info_row[Info.VILLAGES] is None
    assert rows(project.workbook(TOWNSHIP, 2025), Adviser.SHEET) == []


def test_no_previous_workbook_gives_the_blank_one(project, capsys):
    assert main(["template", "--root", str(project.root), "--township", "新乡", "--year", "2025", "--county", "湟中区"]) == 0
    assert "沿用" not in capsys.readouterr().err
