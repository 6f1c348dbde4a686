"""`--engine quarto`: hand the same job to the Quarto CLI, in a per-run copy of the project.

Quarto renders in a temporary folder that holds a copy of everything the report reads (the
template, `_quarto.yml`, `templates/`, the workbooks and the narrative: the job's inputs) and
of the chart cache, because parallel renders of one .qmd in one folder race on `report_files/`
and Typst reads only files under the Quarto project's folder. Files are hard-linked where the
file system allows (no copying of 30 MB of fonts; unlike a symlink, a hard link needs no
administrator rights on Windows) and copied otherwise. Each format is one `quarto render --to
<target>` (a comma list fails on Quarto 1.7, quarto-cli issue 5947). The document carries its
own PDF properties and title (`fazhi.render.properties`); the results are moved into place
atomically under the names a township submits, and new chart SVGs go back to the project's
`figures/` cache.

The kernel's Python is Quarto's `QUARTO_PYTHON`, by default this Python (which has fazhi);
it needs jupyter, ipykernel and papermill (fazhi's `quarto` extra).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_all
from ..errors import InputError, RenderError
from ..glyphs import fallback_message, marked_refusals
from .formats import FORMATS
from .job import RenderJob, RenderResult

OUTPUT_FOLDER = "out"
ERROR_LINES = 25  # of Quarto's output, in a failure's message


def quarto_command() -> str:
    found = shutil.which("quarto")
    if not found:
        raise InputError(
            "未找到 quarto 命令。请安装 Quarto 1.7 或更新版本（https://quarto.org），"
            "或不加 --engine quarto，使用内置的快速引擎。"
        )
    return found


def failure_excerpt(output: str) -> str:
    """The part of Quarto's output that says what went wrong: from its first ERROR or Python
    traceback line on (or the end), at most `ERROR_LINES` lines."""
    lines = [line for line in output.strip().splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if line.startswith(("ERROR", "Traceback", "An error occurred"))), None)
    chosen = lines[start:] if start is not None else lines
    return "\n".join(chosen[-ERROR_LINES:])


def _place(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another drive, or a file system without hard links
        shutil.copy2(source, target)


def _copy_inputs(job: RenderJob, work: Path) -> None:
    """Everything the report reads (its inputs include _quarto.yml, templates/ and .fonts/), at
    the same place relative to the copy's root, and the chart cache."""
    root = job.project.root.absolute()
    figures = job.project.figures_dir
    files = [job.document, *(path for _, path in job.inputs.files), *(figures.glob("*.svg") if figures.is_dir() else ())]
    for path in files:
        try:
            relative = path.absolute().relative_to(root)
        except ValueError:
            continue  # outside the project: read where it is
        if not (work / relative).exists():
            _place(path, work / relative)


def _keep_new_figures(work: Path, figures: Path) -> None:
    """Chart SVGs the run exported, into the project's cache (named by content: never replaced)."""
    made = work / figures.name
    if not made.is_dir():
        return
    figures.mkdir(exist_ok=True)
    for svg in made.glob("*.svg"):
        if not (figures / svg.name).exists():
            write_all({figures / svg.name: svg.read_bytes()})


def _render_format(quarto: str, document: str, fmt: str, work: Path, params: Path,
                   env: dict[str, str]) -> tuple[bytes, list[str]]:
    """One `quarto render` in the copy `work`; the bytes of the file it made, and what to say
    about it (the characters templates/quarto/glyphs.lua set as 〓)."""
    spec = FORMATS[fmt]
    assert spec.quarto_to is not None  # QuartoEngine.check refused the others
    command = [quarto, "render", document, "--to", spec.quarto_to, "--execute-params", str(params), "--output-dir", OUTPUT_FOLDER]
    done = subprocess.run(command, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    output = done.stdout.decode("utf-8", errors="replace")
    if done.returncode != 0:
        raise RenderError("quarto", (
            f"生成 {fmt.upper()} 失败（退出码 {done.returncode}）：\n{failure_excerpt(output)}\n"
            f"（Quarto 运行代码用的 Python 是 {env['QUARTO_PYTHON']}，须装有 fazhi、jupyter、ipykernel、papermill。）"
        ))
    produced = work / OUTPUT_FOLDER / spec.quarto_output(document)
    if not produced.exists():
        raise RenderError("quarto", f"Quarto 没有生成 {produced.name}：\n{failure_excerpt(output)}")
    refused = marked_refusals(output)
    return produced.read_bytes(), [fallback_message(refused)] if refused else []


@dataclass(frozen=True)
class QuartoEngine:
    """The Quarto CLI (1.7 or newer) found on PATH."""

    def check(self, formats: Sequence[str]) -> None:
        quarto_command()
        if unmade := [fmt for fmt in formats if FORMATS[fmt].quarto_to is None]:
            raise InputError(
                f"Quarto 引擎不能生成符合公文版式的 {'、'.join(f.upper() for f in unmade)}（Word 文档要经 fazhi 自己的"
                "排版步骤）。请去掉 --engine quarto，用内置的快速引擎生成；或在 --to 中去掉它。"
            )

    def render(self, job: RenderJob) -> RenderResult:
        self.check(job.formats)
        quarto = quarto_command()
        title = job.title()
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        env.setdefault("QUARTO_PYTHON", sys.executable)
        data: dict[str, bytes] = {}
        messages: list[str] = []
        with tempfile.TemporaryDirectory(prefix="fazhi-quarto-", ignore_cleanup_errors=True) as tmp:
            work = Path(tmp)
            _copy_inputs(job, work)
            params = work / "params.json"
            params.write_text(json.dumps({**job.params, "root": str(work)}, ensure_ascii=False), encoding="utf-8")
            for fmt in job.formats:
                data[fmt], said = _render_format(quarto, job.document.name, fmt, work, params, env)
                messages += said
            _keep_new_figures(work, job.project.figures_dir)
        outputs = job.outputs(title)
        write_all({outputs[fmt]: data[fmt] for fmt in job.formats})
        return RenderResult(job.name, job.year, outputs, tuple(messages))
