"""Markdown → Word document (pandoc, with the generated GB/T 9704 reference document).

The layout comes from the reference document that `docx_reference` generates from
`templates/layout.json` and `templates/fonts.json` (the numbers the PDF uses); the title,
主送, tables and 落款 are the ```` ```{=openxml} ```` blocks of `fazhi.emit`, which pandoc
copies into the body. A chart is a ```` ```{=fazhi-figure} ```` spec: here it becomes a pandoc
image (a PNG at print resolution, 300 dpi at the text width, drawn by Typst from the chart's
SVG, so no browser is needed beyond the SVG export) with its caption and source below. The
document's properties (title, author, subject, keywords, date) are those of the PDF.

Identical inputs give identical bytes: pandoc stamps the 成文日期 as the creation date
(SOURCE_DATE_EPOCH) and the reference document and images are cached by content.
Limitations: Word has no per-run font fallback, so a machine without the government fonts
shows its own substitutes; charts are pictures (edit them in the workbook, not in Word).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pypandoc
import typst

from ..errors import RenderError
from ..fonts import project_font_paths
from ..openxml import FIGURE_FORMAT, SIGNATURE_START, figure_caption
from ..project import Project
from .docx_reference import STYLES, reference_path
from .formats import Rendered
from .properties import PdfMeta

PRINT_PPI = 300
CACHE_FOLDER = Path(".cache") / "docx"

Node = dict[str, Any]


def render(built: Any, project: Project) -> Rendered:
    meta = PdfMeta.of(built.report)
    reference = reference_path(project.templates_dir, project.root / CACHE_FOLDER)
    try:
        ast = json.loads(pypandoc.convert_text(built.markdown, "json", format="markdown-citations", verify_format=False))
    except RuntimeError as exc:
        raise RenderError("pandoc", f"生成 Word 文档失败：{exc}") from exc
    built.session.exporter.finish()  # the charts' SVGs
    ast["blocks"] = _blocks(ast["blocks"], project)
    env = {"SOURCE_DATE_EPOCH": str(meta.timestamp)}
    return Rendered(_properties(_pandoc_docx(json.dumps(ast, ensure_ascii=False), [f"--reference-doc={reference}"], env), meta))


def _properties(data: bytes, meta: PdfMeta) -> bytes:
    """The PDF's document properties in docProps/core.xml. Set here, not as pandoc metadata,
    because pandoc would also print an author or date paragraph at the top of the body."""
    import datetime as dt
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    props = document.core_properties
    props.title, props.author, props.subject = meta.title, meta.author, meta.subject
    props.keywords = "；".join(meta.keywords)
    props.last_modified_by = meta.author
    props.created = props.modified = dt.datetime(meta.issued.year, meta.issued.month, meta.issued.day)
    props.revision = 1
    out = io.BytesIO()
    document.save(out)
    return _stamped(out.getvalue(), (meta.issued.year, meta.issued.month, meta.issued.day, 0, 0, 0))


def _stamped(data: bytes, when: tuple[int, int, int, int, int, int]) -> bytes:
    """The package re-zipped with every member dated `when` (python-docx stamps the current
    time), so identical inputs give identical bytes."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(zipfile.ZipInfo(item.filename, date_time=when), source.read(item.filename),
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _pandoc_docx(ast_json: str, args: list[str], env: dict[str, str]) -> bytes:
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="fazhi-docx-") as tmp:
        out = Path(tmp) / "report.docx"
        command = [pypandoc.get_pandoc_path(), "--from=json", "--to=docx", f"--output={out}", *args]
        done = subprocess.run(command, input=ast_json.encode("utf-8"), capture_output=True,
                              env={**os.environ, **env})
        if done.returncode != 0:
            raise RenderError("pandoc", f"生成 Word 文档失败：{done.stderr.decode('utf-8', 'replace').strip()}")
        return out.read_bytes()


def _blocks(blocks: list[Node], project: Project) -> list[Node]:
    """The document's blocks with every chart spec replaced by its image and captions, and
    the paragraph before the 落款 kept on its page (GB/T 9704 7.3.5.5: never a 落款 alone)."""
    result: list[Node] = []
    for block in blocks:
        if block["t"] == "RawBlock" and block["c"][0] == FIGURE_FORMAT:
            result += _figure(json.loads(block["c"][1]), project)
        elif block["t"] == "RawBlock" and block["c"][1].startswith(SIGNATURE_START):
            # the blocks between them are the 落款's HTML and Typst forms, which the DOCX drops
            at = next((i for i in range(len(result) - 1, -1, -1) if result[i]["t"] != "RawBlock"), None)
            if at is not None and result[at]["t"] == "Para":
                result[at] = {"t": "Div", "c": [["", [], [["custom-style", STYLES["BodyKeep"]]]], [result[at]]]}
            result.append(block)
        elif block["t"] == "Div":
            attr, inner = block["c"]
            result.append({"t": "Div", "c": [attr, _blocks(inner, project)]})
        else:
            result.append(block)
    return result


def _figure(spec: dict[str, Any], project: Project) -> list[Node]:
    png = print_png(project.root / spec["image"], project)
    image = {"t": "Image", "c": [["", [], [["width", "100%"]]], [{"t": "Str", "c": spec["alt"]}],
                                 [png.as_posix(), ""]]}
    picture = {"t": "Div", "c": [["", [], [["custom-style", "Figure"]]], [{"t": "Para", "c": [image]}]]}
    caption = {"t": "RawBlock", "c": ["openxml", figure_caption(spec["number"], spec["caption"], spec["source"])]}
    return [picture, caption]


def print_png(svg: Path, project: Project) -> Path:
    """The chart at print resolution: a PNG as wide as the text block at 300 dpi, drawn by Typst
    from the SVG (with the PDF's fonts) and cached beside it."""
    from ..layout import load_layout

    png = svg.with_name(f"{svg.stem}-{PRINT_PPI}ppi.png")
    if png.exists():
        return png
    if not svg.exists():
        raise RenderError("docx", f"找不到图表文件 {svg}，请重新生成报告。")
    layout = load_layout(project.templates_dir)
    width_mm = layout.width_mm - layout.left_mm - layout.right_mm
    source = (f'#set page(width: {width_mm}mm, height: auto, margin: 0pt)\n'
              f'#image("{svg.name}", width: 100%)\n')
    try:
        compiler = typst.Compiler(root=str(svg.parent), font_paths=[str(p) for p in project_font_paths(project.root)])
        data = compiler.compile(source.encode("utf-8"), format="png", ppi=PRINT_PPI)
    except (typst.TypstError, RuntimeError) as exc:
        raise RenderError("typst", f"图表转换为图片失败：{exc}") from exc
    tmp = png.with_name(f".{png.stem}.{os.getpid()}.tmp")
    if not isinstance(data, bytes):  # a multi-page document: the chart is one page, always
        raise RenderError("typst", f"图表 {svg.name} 转换为图片时得到多页。")
    tmp.write_bytes(data)
    os.replace(tmp, png)
    return png
