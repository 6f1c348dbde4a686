"""The chart SVG cache: keyed by content, reused without Chromium, never half-written."""

from __future__ import annotations

import os
import subprocess
import sys

import plotly.graph_objects as go
from sample import copy_project

from fazhi.figures import FigureHints, SvgExporter, figure_key
from fazhi.render import render_township


def bars(values):
    return go.Figure(go.Bar(x=["婚姻家庭", "邻里纠纷"], y=values))


def test_key_follows_content_only():
    assert figure_key(bars([1, 2])) == figure_key(bars([1, 2]))
    assert figure_key(bars([1, 2])) != figure_key(bars([1, 3]))
    assert figure_key(bars([1, 2]), width=720) != figure_key(bars([1, 2]), width=600)


def test_exporter_writes_each_figure_once(tmp_path):
    exporter = SvgExporter(tmp_path)
    try:
        first = exporter.request(bars([1, 2]))
        again = exporter.request(bars([1, 2]))  # queued already: not exported twice
        exporter.finish()
        assert first == again and first.path.read_text(encoding="utf-8").lstrip().startswith("<svg")
        assert exporter.exported == 1
        exporter.request(bars([1, 2]))
        exporter.finish()
        assert exporter.exported == 1  # cached
    finally:
        exporter.close()
    assert [p.name for p in tmp_path.iterdir()] == [first.path.name]  # no temporary files left


def test_second_render_with_unchanged_data_needs_no_chromium(tmp_path):
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p", share_figures=False)
    render_township(project, "土门关乡", 2024, output_dir=tmp_path / "out1")
    svgs = {p: p.stat().st_mtime_ns for p in project.figures_dir.glob("*.svg")}
    assert len(svgs) >= 5
    env = {k: v for k, v in os.environ.items() if k != "BROWSER_PATH"}
    env["PATH"] = str(tmp_path)  # Chromium cannot be found, so it cannot be started
    done = subprocess.run(
        [sys.executable, "-m", "fazhi.cli", "render", "--root", str(project.root), "--township", "土门关乡",
         "--year", "2024", "--output-dir", str(tmp_path / "out2")],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert {p: p.stat().st_mtime_ns for p in project.figures_dir.glob("*.svg")} == svgs
    hints = FigureHints(project.figures_dir, [project.workbook("土门关乡", 2024), project.workbook("土门关乡", 2023)])
    assert hints.all_cached()
    next(iter(svgs)).unlink()
    assert not hints.all_cached()


def test_html_only_render_exports_no_svg(tmp_path):
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p", share_figures=False)
    result = render_township(project, "土门关乡", 2024, formats=("html",), output_dir=tmp_path / "out")
    assert result.outputs["html"].exists()
    assert not list(project.figures_dir.glob("*.svg"))
