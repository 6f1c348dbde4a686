"""What must never happen when rendering: leaked names, executed data, half-written files,
tracebacks for a user's mistake."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from browser import external_urls
from sample import ROOT, SAMPLE_STEM, copy_project

from fazhi.cli import main
from fazhi.errors import RenderError
from fazhi.render import render_township

NAME_IN_DISPUTES = "欧阳锦绣然"
NAME_OF_ADVISER = "慕容雪晴川"


def set_column(workbook: Path, sheet: str, column: str, value: str) -> None:
    book = openpyxl.load_workbook(workbook)
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    col = header.index(column) + 1
    for row in range(2, ws.max_row + 1):
        if any(ws.cell(row, c).value is not None for c in range(1, len(header) + 1)):
            ws.cell(row, col).value = value
    book.save(workbook)


def every_output_byte(project_root: Path, out: Path) -> bytes:
    blobs = [p.read_bytes() for p in out.rglob("*") if p.is_file()]
    blobs += [p.read_bytes() for p in (project_root / "figures").rglob("*") if p.is_file()]
    for pdf in out.rglob("*.pdf"):
        blobs.append(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout)
    return b"\n".join(blobs)


def test_personal_names_never_reach_any_output(tmp_path, capsys):
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p", share_figures=False)
    workbook = project.workbook("土门关乡", 2024)
    set_column(workbook, "矛盾纠纷", "当事人", NAME_IN_DISPUTES)
    set_column(workbook, "法律顾问", "顾问姓名", NAME_OF_ADVISER)
    out = tmp_path / "out"
    code = main(["render", "--root", str(project.root), "--township", "土门关乡", "--year", "2024", "--output-dir", str(out)])
    assert code == 0
    logs = capsys.readouterr()
    everything = every_output_byte(project.root, out) + logs.out.encode() + logs.err.encode()
    assert (out / f"{SAMPLE_STEM}.pdf").exists() and list((project.root / "figures").glob("*.svg"))
    for name in (NAME_IN_DISPUTES, NAME_OF_ADVISER):
        assert name.encode() not in everything
        assert name.encode("utf-16-be") not in everything


HOSTILE_ISSUER = '0;url=https://evil.example/" http-equiv="refresh</p><script>alert("x")</script>]#read("/etc/passwd")['
HOSTILE_RECIPIENT = '<img src=x onerror=alert(1)> ```{=typst} #import "/etc/passwd" ```'


def test_workbook_text_is_inert_in_html_and_pdf(tmp_path):
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p")
    workbook = project.workbook("土门关乡", 2024)
    set_column(workbook, "基本信息", "发文机关", HOSTILE_ISSUER)
    set_column(workbook, "基本信息", "主送机关", HOSTILE_RECIPIENT)
    result = render_township(project, "土门关乡", 2024, output_dir=tmp_path / "out")
    page = result.outputs["html"].read_text(encoding="utf-8")
    assert '<script>alert("x")' not in page and "<img src=x" not in page
    assert 'http-equiv="refresh"' not in page and "evil.example" not in external_urls(page)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    text = subprocess.run(["pdftotext", str(result.outputs["pdf"]), "-"], capture_output=True, text=True).stdout
    flat = "".join(text.split())
    assert '#read("/etc/passwd")' in flat  # printed as text, not executed
    assert "root:x:0:0" not in text


def test_a_failed_render_keeps_the_previous_good_output(tmp_path):
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p")
    out = tmp_path / "out"
    first = render_township(project, "土门关乡", 2024, output_dir=out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    from fazhi.render import FastEngine

    def broken_pdf(built, project):
        raise RenderError("typst", "故意失败")

    with pytest.raises(RenderError):
        render_township(project, "土门关乡", 2024, output_dir=out, engine=FastEngine({"pdf": broken_pdf}))
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before  # HTML not replaced either: all or nothing
    assert set(first.outputs.values()) == {out / n for n in before}
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


def run_cli(args: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fazhi.cli", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )


def test_unknown_township_lists_the_townships_that_exist():
    done = run_cli(["render", "--township", "不存在乡", "--year", "2024"])
    assert done.returncode == 1
    assert "找不到「不存在乡」2024 年度的工作簿" in done.stderr and "土门关乡" in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_year_lists_the_years_that_exist():
    done = run_cli(["render", "--township", "土门关乡", "--year", "1999"])
    assert done.returncode == 1
    assert "没有 1999 年度的数据" in done.stderr and "2024" in done.stderr


def test_missing_narrative_names_the_expected_path(tmp_path, capsys):
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p")
    (project.narrative_dir / "2024" / "土门关乡.md").unlink()
    (project.narrative_dir / "_default.md").unlink()
    code = main(["render", "--root", str(project.root), "--township", "土门关乡", "--year", "2024"])
    err = capsys.readouterr().err
    assert code == 1
    assert "找不到叙述稿" in err and "土门关乡.md" in err


def test_an_exception_in_a_report_cell_names_the_cell(tmp_path, capsys):
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p")
    qmd = project.report_qmd
    qmd.write_text(qmd.read_text(encoding="utf-8") + '\n```{python}\n#| label: 出错的块\nreport.no_such_piece()\n```\n', encoding="utf-8")
    code = main(["render", "--root", str(project.root), "--township", "土门关乡", "--year", "2024", "--to", "html"])
    err = capsys.readouterr().err
    assert code == 1
    assert "「出错的块」" in err and "AttributeError" in err and "Traceback" not in err


def test_a_cells_own_plotly_figure_without_a_browser_says_how_to_install_one(tmp_path):
    """The report's charts need no browser (tests/test_figures.py); a plotly figure that a custom
    template's cell displays itself is exported by kaleido, which does."""
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p", share_figures=False)
    qmd = project.report_qmd
    cell = '\n```{python}\nimport plotly.graph_objects as go\ngo.Figure(go.Bar(x=["甲"], y=[1]))\n```\n'
    qmd.write_text(qmd.read_text(encoding="utf-8") + cell, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "BROWSER_PATH"}
    env["PATH"] = str(tmp_path)  # no chromium anywhere on PATH
    done = run_cli(["render", "--root", str(project.root), "--township", "土门关乡", "--year", "2024", "--output-dir", str(tmp_path / "o")], env)
    assert done.returncode == 1
    assert "apt-get install -y chromium" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").iterdir())


def test_debug_shows_the_traceback():
    done = run_cli(["render", "--township", "不存在乡", "--year", "2024", "--debug"])
    assert done.returncode != 0 and "Traceback" in done.stderr
