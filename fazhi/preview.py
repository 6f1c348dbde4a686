"""`fazhi preview`: serve a township's HTML report on 127.0.0.1 and reload it on every save.

A watcher thread (watchfiles) re-renders when the narrative, the workbook (this year's or an
earlier one used for comparisons) or the layout templates change; each render bumps a version
number. The served copy of the page — never the rendered file — carries a small script that
polls ``/__fazhi/version`` four times a second and reloads (keeping the scroll position) when the
number changes. A render that fails shows its message in the page; the server keeps running.

The renderer is injected (`Render`: no arguments → the page's HTML), so tests serve a fake one.
"""

from __future__ import annotations

import html
import signal
import threading
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import watchfiles

from .errors import FazhiError, InputError
from .inputs import township_inputs
from .project import Project

Render = Callable[[], str]
VERSION_PATH = "/__fazhi/version"
POLL_MS = 250
_RELOADER = """<script>/* fazhi preview: reload when the report is re-rendered */
(function () {
  var version = "%(version)s", key = "fazhi-preview-scroll";
  var y = sessionStorage.getItem(key);
  if (y !== null) { sessionStorage.removeItem(key); window.addEventListener("load", function () { window.scrollTo(0, +y); }); }
  function poll() {
    fetch("%(path)s", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (v.trim() !== version) { sessionStorage.setItem(key, String(window.scrollY)); location.reload(); }
    }).catch(function () {}).finally(function () { setTimeout(poll, %(poll)d); });
  }
  setTimeout(poll, %(poll)d);
})();
</script>"""


def with_reloader(page: str, version: int) -> str:
    """The page with the polling script inserted before its last ``</body>``."""
    script = _RELOADER % {"version": version, "path": VERSION_PATH, "poll": POLL_MS}
    at = page.lower().rfind("</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


def error_page(message: str) -> str:
    return (
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>生成失败</title></head>'
        '<body style="font-family:sans-serif;margin:2em"><h1 style="color:#b00">报告生成失败</h1>'
        f'<pre style="white-space:pre-wrap;font-size:1.1em">{html.escape(message)}</pre>'
        "<p>修改并保存文件后，本页会自动刷新。</p></body></html>"
    )


class Preview:
    """The preview server: `start()`, then `url`, `version`; `stop()` ends both threads."""

    def __init__(self, render: Render, watch: Sequence[Path], *, port: int = 0, host: str = "127.0.0.1",
                 watch_filter: Callable[[Path], bool] = lambda p: True):
        self._render, self._watch, self._filter = render, [p for p in watch if p.exists()], watch_filter
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._version, self._page = 0, error_page("正在生成报告……")
        try:
            self._server = ThreadingHTTPServer((host, port), self._handler())
        except OSError as exc:
            raise InputError(f"无法在 {host}:{port} 启动预览（{exc.strerror}）。请用 --port 换一个端口。") from None
        self._threads = [threading.Thread(target=self._server.serve_forever, daemon=True),
                         threading.Thread(target=self._watch_loop, daemon=True)]

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    @property
    def version(self) -> int:
        return self._version

    def start(self) -> Preview:
        self.refresh()
        for t in self._threads:
            t.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        for t in self._threads:
            t.join(timeout=5)

    def refresh(self) -> None:
        """Render now; a failure becomes the page (the preview must outlive any input error)."""
        try:
            page = self._render()
        except FazhiError as exc:
            page = error_page(str(exc))
        except Exception as exc:  # a bug must not end the author's session either; show it
            page = error_page(f"{type(exc).__name__}: {exc}")
        with self._lock:
            self._version += 1
            self._page = with_reloader(page, self._version)

    def _watch_loop(self) -> None:
        if not self._watch:
            return
        for _ in watchfiles.watch(*self._watch, watch_filter=lambda _, path: self._filter(Path(path)),
                                  stop_event=self._stop, debounce=400, step=50):
            self.refresh()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        preview = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                if self.path == VERSION_PATH:
                    body, kind = str(preview.version).encode(), "text/plain; charset=utf-8"
                elif self.path.split("?")[0] in ("/", "/index.html"):
                    with preview._lock:
                        body, kind = preview._page.encode("utf-8"), "text/html; charset=utf-8"
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # keep the terminal for messages
                pass

        return Handler


def exit_on_termination() -> None:
    """Make SIGTERM and SIGHUP (`kill`, a VS Code task being stopped, a closed terminal) end the
    process as Ctrl+C does, by raising SystemExit in the main thread: the callers' `finally`
    and `with` blocks then run, stopping the server and removing the temporary folder."""
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):  # Windows has no SIGHUP
            signal.signal(getattr(signal, name), _exit)


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def township_preview(project: Project, township: str, year: int, *, port: int, output_dir: Path) -> Preview:
    """A `Preview` of the township's HTML report, rendered into `output_dir` (a private
    temporary folder: the report in output/ is never touched), watching its inputs."""
    from .render import render_township

    project.require_workbook(township, year)

    def render() -> str:
        result = render_township(project, township, year, formats=("html",), output_dir=output_dir)
        return result.outputs["html"].read_text(encoding="utf-8")

    return Preview(render, [project.narrative_dir, project.data_dir, project.templates_dir], port=port,
                   watch_filter=preview_inputs(project, township, year))


def preview_inputs(project: Project, township: str, year: int) -> Callable[[Path], bool]:
    """Whether a changed file is one the township's report is made from: its narrative (or the
    default one), its workbooks for the year and the two before, the layout templates.
    Anything else — another township, Excel's ~$ lock files, the output — is ignored."""
    watched = township_inputs(project, township, year).watched
    return lambda path: path in watched or path.is_relative_to(project.templates_dir)
