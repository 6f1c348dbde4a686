"""Render one report the way Quarto does, through a Jupyter kernel, for scripts/bench.py.

    .venv/bin/python scripts/kernel_path.py ROOT TOWNSHIP YEAR OUT_DIR [--once]

`report.qmd` becomes a notebook (`to_notebook`: Markdown cells, code cells with their ``#|``
options kept as comments, the ``parameters`` tag as notebook metadata), papermill injects the
parameters after the tagged cell and runs it in a fresh ``python3`` kernel (as ``quarto render
-P`` does), the outputs are assembled into Markdown the way Quarto's Jupyter engine does
(`output: asis` prints raw Markdown, `include: false` shows nothing), and then the same pandoc
and Typst steps as the fast engine write the HTML and the PDF. Like ``quarto render --to
html,typst``, the notebook is executed once per format, each time in a fresh kernel
(``--once``: a single execution for both, a lower bound no Quarto version reaches). Inside the kernel there is no
engine session, so `open_report` exports each chart's SVG as its cell runs (one Chromium in the
kernel), exactly as under real Quarto.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from types import SimpleNamespace

import nbformat
import papermill

from fazhi.atomic import write_all
from fazhi.project import Project, report_file_stem
from fazhi.qmd import Cell, QmdDocument, parse_qmd
from fazhi.render import FORMATS, html, pdf
from fazhi.workbook.records import load_records


def to_notebook(doc: QmdDocument) -> nbformat.NotebookNode:
    """A .qmd as a Jupyter notebook: one cell per Markdown part and per code cell."""
    cells = []
    for part in doc.parts:
        if isinstance(part, Cell):
            options = "".join(f"#| {k}: {v}\n" for k, v in part.options.items() if k != "tags")
            cell = nbformat.v4.new_code_cell(options + part.source)
            cell.metadata["tags"] = list(part.options.get("tags") or [])
            cells.append(cell)
        elif part.strip():
            cells.append(nbformat.v4.new_markdown_cell(part))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


def to_markdown(executed: nbformat.NotebookNode, doc: QmdDocument) -> str:
    """The executed notebook as Quarto's Jupyter engine turns it into Markdown."""
    options = [p.options for p in doc.parts if isinstance(p, Cell)]
    pieces, code = [], iter(options)
    for cell in executed.cells:
        if cell.cell_type == "markdown":
            pieces.append(cell.source)
            continue
        if "injected-parameters" in cell.metadata.get("tags", []):
            continue
        opts = next(code)
        if opts.get("include") is False or opts.get("output") is False:
            continue
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")
        pieces.append(text if opts.get("output") == "asis" else f"```\n{text}\n```")
    return "\n\n".join(pieces)


def render_through_kernel(
    root: Path, township: str, year: int, out_dir: Path, *, per_format: bool = True
) -> dict[str, float]:
    """Execute report.qmd in a kernel, then pandoc + Typst; returns the time of each step.

    `per_format`: execute once per output format, each time in a fresh kernel, as
    ``quarto render --to html,typst`` does; otherwise once for both (a lower bound).
    """
    project = Project.at(root)
    doc = parse_qmd(project.report_qmd.read_text(encoding="utf-8"), project.report_qmd)
    info = load_records(project.workbook(township, year)).info
    stem = report_file_stem(info.county, township, year)
    start = time.perf_counter()
    timings: dict[str, float] = {}
    markdown = ""
    data = {}
    for fmt, renderer in (("html", html.render), ("pdf", pdf.render)):
        if per_format or not markdown:
            began = time.perf_counter()
            markdown = to_markdown(_execute(doc, project, township, year), doc)
            timings[f"kernel-{fmt}" if per_format else "kernel"] = time.perf_counter() - began
        built = SimpleNamespace(
            markdown=markdown, report=SimpleNamespace(title_text=stem, info=info),
            session=SimpleNamespace(exporter=SimpleNamespace(finish=lambda: None), messages=[]),
        )
        began = time.perf_counter()
        data[out_dir / f"{stem}{FORMATS[fmt].suffix}"] = renderer(built, project).data
        timings[fmt] = time.perf_counter() - began
    write_all(data)
    timings["total"] = time.perf_counter() - start
    return timings


def _execute(doc: QmdDocument, project: Project, township: str, year: int) -> nbformat.NotebookNode:
    """One papermill run in a fresh python3 kernel, the parameters injected after the tagged cell."""
    return papermill.execute_notebook(
        to_notebook(doc), None, parameters={"township": township, "year": year, "root": str(project.root)},
        kernel_name="python3", cwd=str(project.root), progress_bar=False, log_output=False,
    )


if __name__ == "__main__":
    root, township, year, out = sys.argv[1:5]
    steps = render_through_kernel(Path(root), township, int(year), Path(out), per_format="--once" not in sys.argv)
    print(" ".join(f"{k}={v:.2f}" for k, v in steps.items()))
