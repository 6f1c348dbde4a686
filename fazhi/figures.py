"""Static SVG charts for the PDF, cached under `figures/` by content.

A figure's file name is a hash of its plotly JSON, size and the exporting versions, so an
unchanged chart is never exported twice and a warm render starts no Chromium at all. Missing
files are exported by kaleido in one Chromium session per process, started on the first
cache miss in a background thread so that Chromium's start overlaps the rest of the render.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import shutil
import threading
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from .errors import RenderError

WIDTH, HEIGHT = 720, 400  # px; scaled to the 156 mm text width in the PDF

CHROMIUM_HELP = (
    "导出图表需要 Chromium 浏览器。Debian/Ubuntu 上请运行：sudo apt-get install -y chromium"
    "（或设置环境变量 BROWSER_PATH 指向已安装的 Chrome/Chromium）。"
)


@cache
def _exporter_versions() -> str:
    return f"plotly {version('plotly')}|kaleido {version('kaleido')}"


def figure_key(fig: Any, width: int = WIDTH, height: int = HEIGHT) -> str:
    payload = json.dumps(fig.to_plotly_json(), sort_keys=True, default=str, ensure_ascii=False)
    stamp = f"{width}x{height}|{_exporter_versions()}"
    return hashlib.sha256((stamp + payload).encode()).hexdigest()[:20]


@dataclass(frozen=True)
class StaticFigure:
    relpath: str  # e.g. "figures/3f2a….svg", relative to the project root
    path: Path


class SvgExporter:
    """Exports plotly figures to SVG files, one Chromium session for all of them.

    `request()` returns at once; `finish()` waits until every requested export is written
    and raises the first failure; `close()` ends the Chromium session. Exports run in order on
    one worker thread (kaleido's sync server is a per-process singleton), which is what lets
    Chromium start while the caller keeps working.
    """

    def __init__(self, figures_dir: Path):
        self.figures_dir = figures_dir
        self._jobs: queue.Queue[tuple[Any, Path | None] | None] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._error: BaseException | None = None
        self._queued: set[Path] = set()
        self.requested: list[str] = []  # file names, in request order (FigureHints records them)
        self.exported = 0

    def static(self, fig: Any) -> StaticFigure:
        name = f"{figure_key(fig)}.svg"
        return StaticFigure(f"{self.figures_dir.name}/{name}", self.figures_dir / name)

    def request(self, fig: Any) -> StaticFigure:
        target = self.static(fig)
        self.requested.append(target.path.name)
        if not target.path.exists() and target.path not in self._queued:
            self._queued.add(target.path)
            self._start_worker()
            self._jobs.put((fig, target.path))
        return target

    def warm_up(self) -> None:
        """Start Chromium now, ahead of the first request (when exports are known to be coming)."""
        if self._worker is None:
            self._start_worker()
            self._jobs.put(("warm-up", None))

    def _start_worker(self) -> None:
        if self._worker is None:
            self._worker = threading.Thread(target=self._run, name="fazhi-svg", daemon=True)
            self._worker.start()

    def finish(self) -> None:
        if self._worker is None:
            return
        self._jobs.join()
        if self._error is not None:
            error, self._error = self._error, None
            if isinstance(error, RenderError):
                raise error
            raise RenderError("kaleido", f"图表导出失败：{type(error).__name__}: {error}") from error

    def close(self) -> None:
        if self._worker is not None:
            self._jobs.put(None)
            self._worker.join()
            self._worker = None

    def _run(self) -> None:
        import kaleido

        started = False
        try:
            while (job := self._jobs.get()) is not None:
                try:
                    if self._error is None:
                        if not started:
                            _start_kaleido(kaleido)
                            started = True
                        if job[1] is None:  # ("warm-up", None)
                            kaleido.calc_fig_sync({"data": []}, opts={"format": "svg"})  # loads the page
                        else:
                            self._export(kaleido, job[0], job[1])
                except BaseException as exc:  # reported by finish() on the caller's thread
                    self._error = exc
                finally:
                    self._jobs.task_done()
            self._jobs.task_done()
        finally:
            if started:
                kaleido.stop_sync_server(silence_warnings=True)

    def _export(self, kaleido: Any, fig: Any, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.svg")
        try:
            kaleido.write_fig_sync(fig, path=str(tmp), opts={"format": "svg", "width": WIDTH, "height": HEIGHT})
            os.replace(tmp, path)  # atomic: a half-written SVG never has the cached name
        finally:
            tmp.unlink(missing_ok=True)
        self.exported += 1


class FigureHints:
    """Which SVGs the last render with the same inputs used, kept in `figures/.hints/`.

    A render whose hint is missing, or names an SVG no longer cached, will export charts, so it
    starts Chromium at once instead of when the first chart is built; a render whose inputs are
    unchanged starts none. Only a hint: correctness never depends on it.
    """

    def __init__(self, figures_dir: Path, inputs: list[Path]):
        digest = hashlib.sha256(f"{_exporter_versions()}|fazhi {version('fazhi')}".encode())
        for path in inputs:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        self.path = figures_dir / ".hints" / f"{digest.hexdigest()[:24]}.txt"

    def all_cached(self) -> bool:
        if not self.path.exists():
            return False
        names = self.path.read_text(encoding="utf-8").split()
        return all((self.path.parent.parent / name).exists() for name in names)

    def record(self, names: list[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text("\n".join(dict.fromkeys(names)), encoding="utf-8")
        os.replace(tmp, self.path)


BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def find_browser() -> str | None:
    """The browser kaleido will use: BROWSER_PATH first, then PATH (choreographer's order)."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit and Path(explicit).exists():
        return explicit
    return next((found for name in BROWSER_NAMES if (found := shutil.which(name))), None)


def _start_kaleido(kaleido: Any) -> None:
    if find_browser() is None:
        raise RenderError("Chromium", CHROMIUM_HELP)
    kaleido.start_sync_server(mathjax=False, silence_warnings=True)
