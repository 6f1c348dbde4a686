"""`--engine quarto`: hand the same job to the Quarto CLI, in a per-run temporary copy.

Quarto renders `report.qmd` in a temporary folder holding copies of the template files and
links to `figures/` and `.fonts/` (parallel renders of one .qmd in one folder would race on
`report_files/`), reads the parameters from a JSON file (`--execute-params`), and the results
are moved into place atomically under the names a township submits.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..atomic import write_all
from ..errors import InputError, RenderError
from ..project import Project, report_file_stem
from . import SUFFIX, RenderResult

QUARTO_FORMAT = {"html": "html", "pdf": "typst"}
QUARTO_OUTPUT = {"html": "report.html", "pdf": "report.pdf"}
TEMPLATE_FILES = ("report.qmd", "_quarto.yml")
LINKED_DIRS = ("figures", ".fonts")


def quarto_command() -> str:
    found = shutil.which("quarto")
    if not found:
        raise InputError(
            "未找到 quarto 命令。请安装 Quarto 1.7 或更新版本（https://quarto.org），"
            "或不加 --engine quarto，使用内置的快速引擎。"
        )
    return found


def _metadata_args(title: str, info: Any) -> list[str]:
    """The PDF properties as Quarto metadata (read by templates/typst-show.typ), as the fast
    engine sets them; a repeated `-M keywords:…` makes a list, as in pandoc."""
    from .pdf import PdfMeta

    return [arg for key, value in PdfMeta.for_info(title, info).metadata_pairs() for arg in ("-M", f"{key}:{value}")]


def render_with_quarto(
    project: Project, township: str, year: int, *, formats: Sequence[str], output_dir: Path | None = None
) -> RenderResult:
    from ..workbook import load_records

    quarto = quarto_command()
    records = load_records(project.require_workbook(township, year), township=township, year=year)
    stem = report_file_stem(records.info.county, township, year)
    with tempfile.TemporaryDirectory(prefix="fazhi-quarto-") as tmp:
        work = Path(tmp)
        for name in TEMPLATE_FILES:
            shutil.copy2(project.root / name, work / name)
        shutil.copytree(project.templates_dir, work / "templates")
        for name in LINKED_DIRS:
            (project.root / name).mkdir(exist_ok=True)
            os.symlink(project.root / name, work / name, target_is_directory=True)
        params = work / "params.json"
        params.write_text(json.dumps({"township": township, "year": year, "root": str(project.root)}, ensure_ascii=False))
        command = [
            quarto, "render", "report.qmd",
            "--to", ",".join(QUARTO_FORMAT[f] for f in formats),
            "--execute-params", str(params),
            *_metadata_args(stem, records.info),
            "--output-dir", "out",
        ]
        done = subprocess.run(command, cwd=work, capture_output=True, text=True)
        if done.returncode != 0:
            tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-20:])
            raise RenderError("quarto", f"渲染失败（退出码 {done.returncode}）：\n{tail}")
        data = {}
        for fmt in formats:
            produced = work / "out" / QUARTO_OUTPUT[fmt]
            if not produced.exists():
                raise RenderError("quarto", f"Quarto 没有生成 {produced.name}。")
            data[fmt] = produced.read_bytes()
    out_dir = output_dir or project.output_dir(year)
    outputs = {fmt: out_dir / f"{stem}{SUFFIX[fmt]}" for fmt in formats}
    write_all({outputs[fmt]: data[fmt] for fmt in formats})
    return RenderResult(township, year, outputs)
