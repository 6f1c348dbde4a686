"""`--engine quarto`: the hand-over to the Quarto CLI.

With Quarto on PATH the real thing renders the sample; everywhere the plumbing (temporary
copy, parameter file, moving results into place, errors) is tested with a stand-in `quarto`
executable that records what it was given.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from sample import ROOT, SAMPLE_STEM, copy_project

from fazhi.errors import InputError, RenderError
from fazhi.project import Project
from fazhi.render.quarto import render_with_quarto

FAKE_QUARTO = textwrap.dedent(
    """\
    #!{python}
    import json, os, sys
    from pathlib import Path
    args = sys.argv[1:]
    work = Path.cwd()
    record = {{"args": args, "files": sorted(p.name for p in work.iterdir()),
               "gongwen": (work / "templates" / "gongwen.typ").exists(),
               "figures_linked": (work / "figures").is_symlink()}}
    params = Path(args[args.index("--execute-params") + 1])
    record["params"] = json.loads(params.read_text())
    Path(os.environ["FAKE_QUARTO_LOG"]).write_text(json.dumps(record, ensure_ascii=False))
    if os.environ.get("FAKE_QUARTO_FAIL"):
        print("ERROR: kernel died", file=sys.stderr)
        sys.exit(1)
    out = work / args[args.index("--output-dir") + 1]
    out.mkdir()
    for fmt in args[args.index("--to") + 1].split(","):
        name = "report.html" if fmt == "html" else "report.pdf"
        (out / name).write_text(f"{{fmt}} {{record['params']['township']}}")
    """
)


@pytest.fixture()
def fake_quarto(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "quarto"
    script.write_text(FAKE_QUARTO.format(python=sys.executable))
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    log = tmp_path / "quarto-call.json"
    monkeypatch.setenv("FAKE_QUARTO_LOG", str(log))
    return log


def test_quarto_gets_a_temporary_copy_and_a_params_file(tmp_path, fake_quarto):
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p")
    result = render_with_quarto(project, "土门关乡", 2024, formats=("html", "pdf"), output_dir=tmp_path / "out")
    call = json.loads(fake_quarto.read_text())
    assert call["args"][:2] == ["render", "report.qmd"]
    assert call["args"][call["args"].index("--to") + 1] == "html,typst"
    metadata = [call["args"][i + 1] for i, a in enumerate(call["args"]) if a == "-M"]
    assert "pagetitle:湟中区土门关乡2024年法治政府建设情况报告" in metadata
    assert "author-meta:土门关乡人民政府" in metadata and "issued:2025-01-09" in metadata
    assert [m for m in metadata if m.startswith("keywords:")] == [
        "keywords:湟中区", "keywords:土门关乡", "keywords:2024年", "keywords:法治政府建设"]
    assert call["params"] == {"township": "土门关乡", "year": 2024, "root": str(project.root)}
    assert {"report.qmd", "_quarto.yml", "templates", "figures"} <= set(call["files"])
    assert call["gongwen"] and call["figures_linked"]
    assert result.outputs["html"] == tmp_path / "out" / f"{SAMPLE_STEM}.html"
    assert result.outputs["html"].read_text() == "html 土门关乡"
    assert result.outputs["pdf"].read_text() == "typst 土门关乡"
    assert not list(project.root.glob("report_files")) and not (project.root / "params.json").exists()


def test_a_quarto_failure_is_reported_and_keeps_old_outputs(tmp_path, fake_quarto, monkeypatch):
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p")
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{SAMPLE_STEM}.html").write_text("previous good")
    monkeypatch.setenv("FAKE_QUARTO_FAIL", "1")
    with pytest.raises(RenderError, match="kernel died"):
        render_with_quarto(project, "土门关乡", 2024, formats=("html",), output_dir=out)
    assert (out / f"{SAMPLE_STEM}.html").read_text() == "previous good"


def test_without_quarto_the_message_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(InputError, match="未找到 quarto 命令"):
        render_with_quarto(Project.at(ROOT), "土门关乡", 2024, formats=("html",))


@pytest.mark.skipif(shutil.which("quarto") is None, reason="Quarto is not installed on this machine (see docs/engine.md)")
def test_real_quarto_renders_the_sample(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "fazhi.cli", "render", "--engine", "quarto", "--township", "土门关乡", "--year", "2024",
         "--output-dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    page = (tmp_path / f"{SAMPLE_STEM}.html").read_text(encoding="utf-8")
    assert page.count("plotly.js v") == 1 and "cdn.plot.ly/plotly" not in page
    text = subprocess.run(["pdftotext", str(tmp_path / f"{SAMPLE_STEM}.pdf"), "-"], capture_output=True, text=True).stdout
    assert "法治政府建设情况报告" in "".join(text.split())
