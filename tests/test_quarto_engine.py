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
from pathlib import Path

import pytest
from sample import ROOT, SAMPLE_STEM, copy_project

from fazhi.errors import InputError, RenderError
from fazhi.render import ENGINES, township_job

QUARTO = ENGINES["quarto"]

FAKE_QUARTO = textwrap.dedent(
    """\
    #!{python}
    import json, os, sys
    from pathlib import Path
    args = sys.argv[1:]
    work = Path.cwd()
    params = Path(args[args.index("--execute-params") + 1])
    record = {{"args": args, "files": sorted(str(p.relative_to(work)) for p in work.rglob("*") if p.is_file()),
               "links": [p.name for p in work.rglob("*") if p.is_symlink()],
               "params": json.loads(params.read_text(encoding="utf-8")), "work": str(work)}}
    with open(os.environ["FAKE_QUARTO_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps(record, ensure_ascii=False) + "\\n")
    if os.environ.get("FAKE_QUARTO_FAIL"):
        sys.stdout.write("Starting python3 kernel...Done\\n")
        sys.stderr.write("Traceback (most recent call last):\\nValueError: 乡镇名称不对\\n")
        sys.exit(1)
    out = work / args[args.index("--output-dir") + 1]
    out.mkdir(exist_ok=True)
    to = args[args.index("--to") + 1]
    (work / "figures").mkdir(exist_ok=True)
    (work / "figures" / "made-by-quarto.svg").write_text("<svg/>")
    (out / ("report.html" if to == "html" else "report.pdf")).write_text(f"{{to}} {{record['params']['township']}}")
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
    log = tmp_path / "quarto-calls.jsonl"
    monkeypatch.setenv("FAKE_QUARTO_LOG", str(log))
    return log


def calls(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_one_quarto_call_per_format_in_a_copy_of_what_the_report_reads(tmp_path, fake_quarto):
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p", share_figures=False)
    result = QUARTO.render(township_job(project, "土门关乡", 2024, output_dir=tmp_path / "out"))
    html_call, pdf_call = calls(fake_quarto)
    for call, target in ((html_call, "html"), (pdf_call, "typst")):
        args = call["args"]
        assert args[:2] == ["render", "report.qmd"] and args[args.index("--to") + 1] == target
        metadata = [args[i + 1] for i, a in enumerate(args) if a == "-M"]
        assert "pagetitle:湟中区土门关乡2024年法治政府建设情况报告" in metadata
        assert "author-meta:土门关乡人民政府" in metadata and "issued:2025-01-09" in metadata
        assert [m for m in metadata if m.startswith("keywords:")] == [
            "keywords:湟中区", "keywords:土门关乡", "keywords:2024年", "keywords:法治政府建设"]
        # the kernel reads the copy (root), which holds exactly the report's inputs; nothing is linked
        assert call["params"] == {"township": "土门关乡", "year": 2024, "root": call["work"]}
        assert {"report.qmd", "_quarto.yml", "templates/gongwen.typ", "data/2024/土门关乡.xlsx",
                "data/2023/土门关乡.xlsx", "narrative/2024/土门关乡.md"} <= set(call["files"])
        assert "data/2024/汉东回族乡.xlsx" not in call["files"] and call["links"] == []
    assert result.outputs["html"] == tmp_path / "out" / f"{SAMPLE_STEM}.html"
    assert result.outputs["html"].read_text() == "html 土门关乡"
    assert result.outputs["pdf"].read_text() == "typst 土门关乡"
    assert (project.figures_dir / "made-by-quarto.svg").exists()  # charts join the project's cache
    assert not list(project.root.glob("report_files")) and not (project.root / "params.json").exists()


def test_a_quarto_failure_shows_quartos_reason_and_keeps_old_outputs(tmp_path, fake_quarto, monkeypatch):
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p")
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{SAMPLE_STEM}.html").write_text("previous good")
    monkeypatch.setenv("FAKE_QUARTO_FAIL", "1")
    with pytest.raises(RenderError) as failed:
        QUARTO.render(township_job(project, "土门关乡", 2024, formats=("html",), output_dir=out))
    assert "ValueError: 乡镇名称不对" in failed.value.detail and "Starting" not in failed.value.detail
    assert (out / f"{SAMPLE_STEM}.html").read_text() == "previous good"
    assert [p.name for p in out.iterdir()] == [f"{SAMPLE_STEM}.html"]


def test_without_quarto_the_message_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(InputError, match="未找到 quarto 命令"):
        QUARTO.check()


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
