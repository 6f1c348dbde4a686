"""Turn built report elements into Markdown that both engines understand.

Every element is a set of raw blocks, ```` ```{=html} ````, ```` ```{=typst} ```` and
```` ```{=openxml} ```` (DOCX; a chart's is a ```` ```{=fazhi-figure} ```` spec, see
`fazhi.openxml`); pandoc (and Quarto, which runs pandoc) keeps only the block that matches the
output format. Data reaches HTML escaped with `html.escape`, Typst only as string literals
passed to the layout's functions in `templates/gongwen.typ` and OpenXML escaped by
`openxml.text`, so a workbook cell can never become markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from . import openxml

TYPST_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def typst_str(text: str) -> str:
    """A Typst string literal holding `text` exactly (rendered as text, never as markup)."""
    return '"' + "".join(TYPST_ESCAPES.get(ch, ch) for ch in str(text)) + '"'


def typst_array(items: Sequence[str]) -> str:
    inner = ", ".join(typst_str(i) for i in items)
    return f"({inner},)" if len(items) == 1 else f"({inner})"


def raw_blocks(html_text: str, typst_text: str, docx_text: str = "", docx_format: str = "openxml") -> str:
    """Markdown holding one raw block per format, fenced so no content can close the fence."""
    docx_block = f"\n{_raw(docx_format, docx_text)}\n" if docx_text else ""
    return f"\n{_raw('html', html_text)}\n\n{_raw('typst', typst_text)}\n{docx_block}"


def _raw(fmt: str, body: str) -> str:
    longest = max((len(m) for m in re.findall(r"`{3,}", body)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}{{={fmt}}}\n{body}\n{fence}"


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def title(text: str, recipient: str | None, doc_number: str | None = None) -> str:
    """The 发文字号 (when given) centred above the title, the title, and the 主送 line."""
    html_text = f'<h1 class="title">{esc(text)}</h1>'
    typst_text = f"#gongwen-title({typst_str(text)})"
    docx_text = openxml.title(text)
    if doc_number:
        html_text = f'<p class="doc-number">{esc(doc_number)}</p>\n{html_text}'
        typst_text = f"#gongwen-doc-number({typst_str(doc_number)})\n{typst_text}"
        docx_text = openxml.paragraph(doc_number, "DocNumber") + docx_text
    if recipient:
        html_text += f'\n<p class="recipient">{esc(recipient)}：</p>'
        typst_text += f"\n#gongwen-recipient({typst_str(recipient)})"
        docx_text += openxml.recipient(recipient)
    return raw_blocks(html_text, typst_text, docx_text)


def signature(issuer: str, date_text: str, sealed: bool = True) -> str:
    """The 落款 (GB/T 9704 7.3.5): `sealed` (the default, 7.3.5.1) centres the issuer over a
    date set 4 characters from the right edge; unsealed (7.3.5.2) sets the issuer 2 characters
    in and the date 2 characters right of the issuer's start (geometry: docs/layout.md)."""
    form = "sealed" if sealed else "unsealed"
    html_text = (
        f'<div class="signature {form}"><p class="issuer">{esc(issuer)}</p>'
        f'<p class="date">{esc(date_text)}</p></div>'
    )
    typst_text = (
        f"#gongwen-signature(issuer: {typst_str(issuer)}, date: {typst_str(date_text)}, "
        f"sealed: {'true' if sealed else 'false'})"
    )
    return raw_blocks(html_text, typst_text, openxml.signature(issuer, date_text, sealed))


def table(
    number: int,
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    align: Sequence[str],
    note: str = "",
) -> str:
    """An accessible HTML table (`<th scope>`) and a `#fazhi-table` call with the same content."""
    css = {"left": "l", "right": "r", "center": "c"}
    head = "".join(f'<th scope="col" class="{css.get(a, "l")}">{esc(h)}</th>' for h, a in zip(header, align))
    body_rows = []
    for row in rows:
        first, *rest = row
        cells = [f'<th scope="row" class="{css.get(align[0], "l")}">{esc(first)}</th>']
        cells += [f'<td class="{css.get(a, "l")}">{esc(c)}</td>' for c, a in zip(rest, align[1:])]
        body_rows.append("<tr>" + "".join(cells) + "</tr>")
    note_html = f'<p class="note">{esc(note)}</p>' if note else ""
    html_text = (
        f'<div class="fazhi-table" id="tbl-{number}"><table>'
        f"<caption>表{number}　{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
        f'<tbody>{"".join(body_rows)}</tbody></table>{note_html}</div>'
    )
    typst_rows = ", ".join(typst_array(list(r)) for r in rows)
    typst_text = (
        f"#fazhi-table(number: {typst_str(str(number))}, caption: {typst_str(caption)}, "
        f"header: {typst_array(list(header))}, rows: ({typst_rows}{',' if len(rows) == 1 else ''}), "
        f"align: {typst_array(list(align))}, note: {typst_str(note)})"
    )
    return raw_blocks(html_text, typst_text, openxml.table(number, caption, header, rows, align, note))


def figure(number: int, caption: str, alt: str, source: str, plotly_div: str, svg_path: str) -> str:
    """An interactive plotly figure for HTML and a vector SVG figure for Typst, same number."""
    source_html = f'<p class="source">{esc(source)}</p>' if source else ""
    html_text = (
        f'<figure class="fazhi-figure" id="fig-{number}" role="group" aria-label="{esc(alt)}">'
        f"{plotly_div}<figcaption>图{number}　{esc(caption)}</figcaption>{source_html}</figure>"
    )
    typst_text = (
        f"#fazhi-figure(image({typst_str('/' + svg_path)}, alt: {typst_str(alt)}, width: 100%), "
        f"number: {typst_str(str(number))}, caption: {typst_str(caption)}, source: {typst_str(source)})"
    )
    docx_text = openxml.figure(number, caption, alt, source, svg_path) if svg_path else ""
    return raw_blocks(html_text, typst_text, docx_text, openxml.FIGURE_FORMAT)

