"""Static chart files for the PDF (SVG) and the DOCX (300 dpi PNG), cached under `figures/` by content.

A chart's file name is a hash of its plot (plain data: `fazhi.charts.model`), the format, the
font it is set in, matplotlib's version and the source of the static renderer, so an
unchanged chart is drawn once and a render whose charts are all cached imports no
matplotlib. Drawing needs no browser: `fazhi.charts.static` draws with matplotlib.

A plotly figure displayed directly by a cell of a custom template has no plot behind it; it
is exported with kaleido, which needs the optional extra (``pip install "fazhi[kaleido]"``)
and a Chrome/Chromium/Edge. One browser serves the process; a failed export is retried once
on a fresh browser.

A single render (not a batch worker, whose siblings already use every core) may draw in a
drawing process of its own (`spare_core`): matplotlib's import and the drawing then run on
the second core while this process reads the workbooks and builds the document. A drawing
process that cannot start or dies is replaced by drawing here, so it can cost time, never a
render.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import threading
import warnings
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Literal

from .errors import RenderError

Format = Literal["svg", "png"]
WIDTH, HEIGHT = 720, 400  # px: a cell's plotly figure, scaled to the 156 mm text width in the PDF

# matplotlib's English warning for a glyph its font lacks: the PDF shows 〓 there and the render
# says so in Chinese (`fazhi.render.pdf`, `fazhi.glyphs.settable_charts`)
warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)

CHROMIUM_HELP = (
    "模板中有单元格直接显示 plotly 图表，PDF 需用 kaleido 导出：请运行 pip install \"fazhi[kaleido]\"，"
    "并安装 Chrome/Chromium/Edge 浏览器（Debian/Ubuntu：sudo apt-get install -y chromium；"
    "或设置环境变量 BROWSER_PATH 指向浏览器）。报告自带的图表（报告.图表）不需要浏览器。"
)


@cache
def _renderer_digest() -> str:
    """matplotlib's version and the static renderer's own source: a change to either redraws."""
    charts = Path(__file__).parent / "charts"
    digest = hashlib.sha256(f"matplotlib {_version('matplotlib')}".encode())
    for name in ("static.py", "style.py", "model.py"):
        digest.update((charts / name).read_bytes())
    return digest.hexdigest()


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version  # ~25 ms: only when a file is named

    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def plot_key(plot: object, fmt: Format, font_family: str | None) -> str:
    """The cache name of a plot drawn as `fmt` in `font_family` (the dataclasses' repr is exact)."""
    stamp = f"{fmt}|{font_family}|{_renderer_digest()}|{plot!r}"
    return hashlib.sha256(stamp.encode()).hexdigest()[:20]


def figure_key(fig: Any, width: int = WIDTH, height: int = HEIGHT) -> str:
    """The cache name of a cell's plotly figure exported by kaleido."""
    payload = json.dumps(fig.to_plotly_json(), sort_keys=True, default=str, ensure_ascii=False)
    stamp = f"{width}x{height}|plotly {_version('plotly')}|kaleido {_version('kaleido')}"
    return hashlib.sha256((stamp + payload).encode()).hexdigest()[:20]


@dataclass(frozen=True)
class StaticFigure:
    relpath: str  # e.g. "figures/3f2a….svg", relative to the project root
    path: Path


class SvgExporter:
    """Writes the static files of charts under `figures_dir`, each once.

    `request()` names the file at once and queues it when it is not cached; `finish()` draws
    everything queued (the PDF calls it just before compiling, so drawing overlaps the HTML's
    pandoc run) and raises the first failure as a `RenderError`; `close()` ends kaleido's
    browser if a cell's plotly figure started one.
    """

    def __init__(self, figures_dir: Path, font_paths: Sequence[Path] | None = None, templates_dir: Path | None = None,
                 *, spare_core: bool = False):
        from .fonts import DEFAULT_TEMPLATES, project_font_paths

        self.figures_dir = figures_dir
        # figures/ sits in the project root, beside the project's .fonts/ and templates/.
        self.font_paths = list(font_paths) if font_paths is not None else project_font_paths(figures_dir.parent)
        default_templates = figures_dir.parent / "templates"
        self.templates_dir = templates_dir or (default_templates if default_templates.is_dir() else DEFAULT_TEMPLATES)
        self._pending: dict[Path, tuple[Any, Format]] = {}
        # True when this process renders alone (the batch's in-process path): a second core is
        # free, so charts are drawn in a drawing process and Typst warms up meanwhile.
        self.spare_core = spare_core
        self._draw_apart = spare_core
        self._drawer: ProcessPoolExecutor | None = None
        self._drawing_apart: dict[Path, Future[bytes]] = {}
        self._font: Any = None  # the chart font, once this process draws
        self._kaleido_started = False
        # PDF and DOCX render side by side and both call finish(): the second waits until the
        # first has drawn what was pending, instead of returning before the files exist
        self._drawing = threading.Lock()
        self.requested: list[str] = []  # file names, in request order
        self.exported = 0  # files drawn or exported by this exporter

    @property
    def idle_core(self) -> bool:
        """A second core is this render's and no drawing process is using it."""
        return self.spare_core and self._drawer is None

    @cached_property
    def _family(self) -> str | None:
        """The chart font as Typst resolves it (no matplotlib import needed to name a file)."""
        from .charts.style import PRINT_FONT_ROLE
        from .fonts import load_roles, resolve_fonts

        return resolve_fonts(self.font_paths, load_roles(self.templates_dir))[PRINT_FONT_ROLE].family

    def static(self, item: Any, fmt: Format = "svg") -> StaticFigure:
        if _is_plot(item):
            name = f"{plot_key(item, fmt, self._family)}.{fmt}"
        else:
            name = f"{figure_key(item)}.{fmt}"
        return StaticFigure(f"{self.figures_dir.name}/{name}", self.figures_dir / name)

    def request(self, item: Any, fmt: Format = "svg") -> StaticFigure:
        """The file for a plot (or a cell's plotly figure); drawn by `finish()` unless cached."""
        target = self.static(item, fmt)
        self.requested.append(target.path.name)
        if not target.path.exists() and target.path not in self._pending:
            self._pending[target.path] = (item, fmt)
            if self._draw_apart and _is_plot(item) and (drawer := self.start_drawing()) is not None:
                try:
                    self._drawing_apart[target.path] = drawer.submit(_draw_in_drawer, item, fmt)
                except RuntimeError:  # the drawing process died (BrokenProcessPool): `finish()` draws it here
                    pass
        return target

    def start_drawing(self) -> ProcessPoolExecutor | None:
        """The drawing process, started now if not yet (a render expecting new charts calls it
        first thing, so matplotlib loads while the workbooks are read); None when drawing here."""
        if self._drawer is None and self._draw_apart:
            import multiprocessing

            try:
                self._drawer = ProcessPoolExecutor(
                    1, mp_context=multiprocessing.get_context("spawn"), initializer=_start_drawer,
                    initargs=(tuple(self.font_paths), self.templates_dir))
                self._drawer.submit(int)  # a pool starts its process on the first task: now
            except (OSError, RuntimeError):  # no process to be had (limits, a frozen host): draw here
                self._draw_apart = False
        return self._drawer

    def finish(self) -> None:
        with self._drawing:
            self._finish()
            # Everything of this document is drawn: the drawing process goes now, before Typst's
            # compile (the render's memory peak), so the two never add up (waited for: an idle
            # process ends in a few ms); a next report starts another.
            self._stop_drawer(wait=True)

    def _finish(self) -> None:
        pending, self._pending = self._pending, {}
        if not pending:
            return
        apart, self._drawing_apart = self._drawing_apart, {}
        for path, (item, fmt) in pending.items():
            data = _drawn(apart[path]) if path in apart else None
            if data is None:
                data = self._draw_here(item, fmt) if _is_plot(item) else self._kaleido(item, fmt)
            _write(path, data)
            self.exported += 1

    def _draw_here(self, plot: Any, fmt: Format) -> bytes:
        from .charts import static

        if self._font is None:
            self._font = static.chart_font(self.font_paths, self.templates_dir)
        return static.render(plot, self._font, fmt)

    def close(self) -> None:
        self._pending.clear()
        for future in self._drawing_apart.values():
            future.cancel()
        self._drawing_apart.clear()
        self._stop_drawer()
        if self._kaleido_started:
            import kaleido

            kaleido.stop_sync_server(silence_warnings=True)
            self._kaleido_started = False

    def _stop_drawer(self, wait: bool = False) -> None:
        if self._drawer is not None:
            self._drawer.shutdown(wait=wait, cancel_futures=True)
            self._drawer = None

    def _kaleido(self, fig: Any, fmt: Format) -> bytes:
        """A cell's plotly figure through kaleido; one retry on a fresh browser."""
        try:
            import kaleido
        except ImportError as exc:
            raise RenderError("kaleido", CHROMIUM_HELP) from exc
        opts = {"format": fmt, "width": WIDTH, "height": HEIGHT} | ({"scale": 300 / 96} if fmt == "png" else {})
        for attempt in (1, 2):
            try:
                if not self._kaleido_started:
                    if find_browser() is None:
                        raise RenderError("Chromium", CHROMIUM_HELP)
                    kaleido.start_sync_server(mathjax=False, silence_warnings=True)
                    self._kaleido_started = True
                data: bytes = kaleido.calc_fig_sync(fig, opts=opts)
                return data
            except RenderError:
                raise
            except Exception as exc:  # a browser that failed to start or lost its page: once more, fresh
                self.close()
                if attempt == 2:
                    raise RenderError("kaleido", f"图表导出失败：{type(exc).__name__}: {exc}") from exc
        raise AssertionError("unreachable")


def _start_drawer(font_paths: tuple[Path, ...], templates_dir: Path) -> None:
    """In the drawing process: load matplotlib and the chart font before the first plot comes.
    Ctrl-C is the parent's to handle (it closes the drawer); this process must not die of it."""
    global _drawer_font
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .charts import static

    _drawer_font = static.chart_font(font_paths, templates_dir)


_drawer_font: Any = None  # the drawing process's chart font (set by `_start_drawer`)


def _draw_in_drawer(plot: Any, fmt: Format) -> bytes:
    from .charts import static

    return static.render(plot, _drawer_font, fmt)


def _drawn(future: Future[bytes]) -> bytes | None:
    """A plot's file from the drawing process, or None when that process failed (the caller
    then draws it here: a real drawing error is raised there, with its own message)."""
    try:
        return future.result()
    except Exception:  # a dead or broken drawing process, or a drawing error: drawn again here
        return None


def _is_plot(item: object) -> bool:
    """A `fazhi.charts.model` plot (checked by module, so the batch parent imports no charts)."""
    return type(item).__module__ == "fazhi.charts.model"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)  # atomic: a half-written file never has the cached name
    finally:
        tmp.unlink(missing_ok=True)


BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge")


def find_browser() -> str | None:
    """The browser kaleido will use: BROWSER_PATH first, then PATH (choreographer's order)."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit and Path(explicit).exists():
        return explicit
    return next((found for name in BROWSER_NAMES if (found := shutil.which(name))), None)
