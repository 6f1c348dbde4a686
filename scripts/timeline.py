"""Where one render's time goes: `fazhi render …` in this process, with its main steps timed.

    .venv/bin/python scripts/timeline.py render --township 土门关乡 --year 2024 [--force]

Wraps the steps of the fast engine (start of the render, workbook loading, the document's
execution, each format's renderer, the wait for the static charts, the Typst compile) and
prints when each began and ended, in ms from the start of this process, with the thread it
ran on; `scripts/bench.py --profile` runs it on a cold and a cached render. Nothing here
changes what the render does.
"""

from __future__ import annotations

import functools
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

START = time.perf_counter()
STEPS: list[tuple[float, float, str, str]] = []  # (start s, end s, step, thread)


def timed(owner: Any, name: str, label: str) -> None:
    """Replace `owner.name` by a wrapper that records each call as `label`."""
    function: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            STEPS.append((began - START, time.perf_counter() - START, label, threading.current_thread().name))

    setattr(owner, name, wrapper)


def instrument() -> None:
    # Imported here, as the CLI would import them; importing is part of what is measured.
    import fazhi.render as render
    from fazhi import figures, township
    from fazhi.render import fast, html, pdf

    timed(render, "render_township", "render_township（整个渲染）")
    timed(township, "load_township_year", "读取并校验工作簿")
    timed(fast, "build_document", "执行 report.qmd（文档就绪）")
    timed(html, "render", "HTML：pandoc")
    timed(pdf, "to_typst", "PDF：pandoc → Typst")
    timed(figures.SvgExporter, "finish", "等待静态图表")
    timed(pdf, "compile_pdf", "PDF：Typst 编译")


def main(argv: list[str]) -> None:
    instrument()
    from fazhi import cli

    try:
        cli.main(argv)
    except SystemExit:
        pass
    total = time.perf_counter() - START
    print(f"\n{'开始':>7} {'结束':>7} {'用时':>7}  步骤（线程）")
    for began, ended, label, thread in sorted(STEPS):
        if ended - began >= 0.001:
            print(f"{began * 1000:7.0f} {ended * 1000:7.0f} {(ended - began) * 1000:7.0f}  {label}（{thread}）")
    print(f"{0:7.0f} {total * 1000:7.0f} {total * 1000:7.0f}  整个进程（不含解释器启动）")


if __name__ == "__main__":  # the drawing process re-imports this file: it must not render again
    main(sys.argv[1:])
