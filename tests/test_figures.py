"""The static chart cache: drawn without a browser, keyed by content, reused without matplotlib,
never half-written."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import zlib
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from sample import copy_project

from fazhi.charts.bars import ranked_bars
from fazhi.figures import SvgExporter, plot_key
from fazhi.render import render_township

ROOT = Path(__file__).resolve().parents[1]


def bars(values: list[int]):
    return ranked_bars(dict(zip(["婚姻家庭", "邻里纠纷"], values, strict=False)), "件")


def test_key_follows_content_format_and_font():
    assert plot_key(bars([1, 2]), "svg", "FandolHei") == plot_key(bars([1, 2]), "svg", "FandolHei")
    assert plot_key(bars([1, 2]), "svg", "FandolHei") != plot_key(bars([1, 3]), "svg", "FandolHei")
    assert plot_key(bars([1, 2]), "svg", "FandolHei") != plot_key(bars([1, 2]), "png", "FandolHei")
    assert plot_key(bars([1, 2]), "svg", "FandolHei") != plot_key(bars([1, 2]), "svg", "SimHei")


def _png_size_and_dpi(data: bytes) -> tuple[tuple[int, int], float]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    at = data.index(b"pHYs")
    per_metre = int.from_bytes(data[at + 4:at + 8], "big")
    assert zlib.crc32(data[at:at + 13]) == int.from_bytes(data[at + 13:at + 17], "big")
    return (width, height), per_metre * 0.0254


def test_exporter_draws_each_plot_once_as_svg_and_print_png(tmp_path):
    exporter = SvgExporter(tmp_path, font_paths=[ROOT / ".fonts"])
    first = exporter.request(bars([1, 2]))
    again = exporter.request(bars([1, 2]))  # queued already: drawn once
    png = exporter.request(bars([1, 2]), "png")
    exporter.finish()
    assert first == again and exporter.exported == 2
    svg = first.path.read_text(encoding="utf-8")
    assert "<svg" in svg and ">婚姻家庭<" in svg, "labels stay text"
    assert "font-family: 'FandolHei'" in svg, "set in the document's 黑体"
    (width, _), dpi = _png_size_and_dpi(png.path.read_bytes())
    assert round(dpi) == 300 and abs(width - 156 / 25.4 * 300) <= 2, "156 mm wide at 300 dpi"
    exporter.request(bars([1, 2]))
    exporter.finish()
    assert exporter.exported == 2  # cached
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.path.name, png.path.name])  # no temporaries


def test_a_drawing_process_draws_the_same_bytes_and_a_dead_one_costs_nothing(tmp_path):
    here = SvgExporter(tmp_path / "here", font_paths=[ROOT / ".fonts"])
    apart = SvgExporter(tmp_path / "apart", font_paths=[ROOT / ".fonts"], spare_core=True)
    assert apart.start_drawing() is not None
    plots = [bars([1, 2]), bars([4, 3])]
    for exporter in (here, apart):
        for plot in plots:
            exporter.request(plot)
            exporter.request(plot, "png")
        exporter.finish()
        exporter.close()
    assert apart.exported == here.exported == 4
    for name in here.requested:
        assert (tmp_path / "apart" / name).read_bytes() == (tmp_path / "here" / name).read_bytes(), name

    dying = SvgExporter(tmp_path / "dying", font_paths=[ROOT / ".fonts"], spare_core=True)
    drawer = dying.start_drawing()
    assert drawer is not None
    death = drawer.submit(os._exit, 9)  # the drawing process dies: its pool is broken for every plot after
    queued = dying.request(bars([1, 2]))  # maybe submitted before the pool knows
    with pytest.raises(BrokenProcessPool):
        death.result()
    late = dying.request(bars([4, 3]), "png")  # refused by the broken pool
    dying.finish()  # both drawn here instead
    dying.close()
    for target in (queued, late):
        assert target.path.read_bytes() == (tmp_path / "here" / target.path.name).read_bytes()


def test_the_drawing_process_starts_when_asked_not_at_the_first_plot(tmp_path):
    exporter = SvgExporter(tmp_path, font_paths=[ROOT / ".fonts"], spare_core=True)
    assert exporter.idle_core
    before = {p.pid for p in multiprocessing.active_children()}
    try:
        exporter.start_drawing()
        # spawned now, so matplotlib loads while this process reads the workbooks
        assert {p.pid for p in multiprocessing.active_children()} - before
        assert not exporter.idle_core  # the second core is the drawing process's
    finally:
        exporter.close()
    assert exporter.idle_core


RENDER_AND_REPORT_IMPORTS = """
import sys
from pathlib import Path
from fazhi.project import Project
from fazhi.render import render_township
render_township(Project.at(sys.argv[1]), "土门关乡", 2024, output_dir=Path(sys.argv[2]))
print("MATPLOTLIB=" + str("matplotlib" in sys.modules) + " KALEIDO=" + str("kaleido" in sys.modules))
"""


def test_a_pdf_needs_no_browser_and_a_cached_one_not_even_matplotlib(tmp_path):
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p", share_figures=False)
    env = {k: v for k, v in os.environ.items() if k != "BROWSER_PATH"}
    env["PATH"] = str(tmp_path)  # no Chromium, Chrome or Edge can be found, so none can start

    def render(out: str) -> str:
        done = subprocess.run([sys.executable, "-c", RENDER_AND_REPORT_IMPORTS, str(project.root), str(tmp_path / out)],
                              capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)
        assert done.returncode == 0, done.stderr
        assert (tmp_path / out / "湟中区土门关乡2024年法治政府建设情况报告.pdf").stat().st_size > 10_000
        return done.stdout

    assert "MATPLOTLIB=True KALEIDO=False" in render("cold")
    svgs = {p: p.stat().st_mtime_ns for p in project.figures_dir.glob("*.svg")}
    assert len(svgs) >= 5
    assert "MATPLOTLIB=False KALEIDO=False" in render("warm")
    assert {p: p.stat().st_mtime_ns for p in project.figures_dir.glob("*.svg")} == svgs


def test_html_only_render_draws_no_svg(tmp_path):
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p", share_figures=False)
    result = render_township(project, "土门关乡", 2024, formats=("html",), output_dir=tmp_path / "out")
    assert result.outputs["html"].exists()
    assert not list(project.figures_dir.glob("*.svg"))


def test_a_cells_plotly_figure_without_kaleido_is_a_clear_error(tmp_path, monkeypatch):
    import plotly.graph_objects as go

    from fazhi.errors import RenderError

    monkeypatch.setitem(sys.modules, "kaleido", None)  # not installed
    exporter = SvgExporter(tmp_path)
    exporter.request(go.Figure(go.Bar(x=["甲"], y=[1])))
    with pytest.raises(RenderError, match="fazhi\\[kaleido\\]"):
        exporter.finish()
    assert not list(tmp_path.iterdir())
