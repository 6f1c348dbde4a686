"""The GB/T 9704 layout numbers of `templates/layout.json`, for Python.

`templates/gongwen.typ` reads the same file for the PDF; the DOCX reference document
(`fazhi.render.docx_reference`) is generated from this reading of it, so the two layouts
cannot drift apart. Lengths keep the unit their key names (mm, pt); `char_pt` is derived
here, once.

    >>> layout = load_layout()                      # doctest: +SKIP
    >>> round(layout.char_pt, 2)
    15.79
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

LAYOUT_JSON = "layout.json"
MM_PT = 72 / 25.4


@dataclass(frozen=True)
class Layout:
    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    chars_per_line: int
    lines_per_page: int
    line_pitch_pt: float  # Typst's pitch: 21 pitches + one 1-em line fill the block
    body_pt: float
    title_pt: float
    small_pt: float
    note_pt: float
    indent_chars: int
    page_number_pt: float
    page_number_gap_mm: float  # the dash stroke (一字线) of "— N —" below the text block
    page_number_inset_chars: float
    # the 落款 (GB/T 9704 7.3.5): sealed (7.3.5.1) and unsealed (7.3.5.2)
    sealed_date_right_chars: float
    sealed_blank_lines: int
    unsealed_issuer_right_chars: float
    unsealed_date_indent_chars: float  # the date's first character right of the issuer's
    unsealed_date_right_min_chars: float
    unsealed_blank_lines: int

    @property
    def block_width_pt(self) -> float:
        return (self.width_mm - self.left_mm - self.right_mm) * MM_PT

    @property
    def char_pt(self) -> float:
        """One character cell: `chars_per_line` cells fill the block width (15.79 pt)."""
        return self.block_width_pt / self.chars_per_line


def load_layout(templates_dir: Path) -> Layout:
    """`<templates_dir>/layout.json`, or an InputError naming the file and what is wrong."""
    path = templates_dir / LAYOUT_JSON
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        page, grid, size, number, signature = (
            data["page"], data["grid"], data["size_pt"], data["page_number"], data["signature"])
        sealed, unsealed = signature["sealed"], signature["unsealed"]
        return Layout(
            width_mm=float(page["width_mm"]), height_mm=float(page["height_mm"]),
            top_mm=float(page["top_mm"]), bottom_mm=float(page["bottom_mm"]),
            left_mm=float(page["left_mm"]), right_mm=float(page["right_mm"]),
            chars_per_line=int(grid["chars_per_line"]), lines_per_page=int(grid["lines_per_page"]),
            line_pitch_pt=float(grid["line_pitch_pt"]),
            body_pt=float(size["body"]), title_pt=float(size["title"]), small_pt=float(size["small"]),
            note_pt=float(size["note"]), indent_chars=int(data["indent_chars"]),
            page_number_pt=float(number["size_pt"]), page_number_gap_mm=float(number["dash_below_block_mm"]),
            page_number_inset_chars=float(number["inset_chars"]),
            sealed_date_right_chars=float(sealed["date_right_chars"]), sealed_blank_lines=int(sealed["blank_lines"]),
            unsealed_issuer_right_chars=float(unsealed["issuer_right_chars"]),
            unsealed_date_indent_chars=float(unsealed["date_indent_chars"]),
            unsealed_date_right_min_chars=float(unsealed["date_right_min_chars"]),
            unsealed_blank_lines=int(unsealed["blank_lines"]),
        )
    except FileNotFoundError as exc:
        raise InputError(f"找不到版式配置 {path}。请在项目根目录运行，或用 --root 指定项目目录。") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"版式配置 {path} 格式不对（缺少或写错：{exc}），请与 fazhi 自带的 layout.json 对照。") from exc


__all__ = ["Layout", "load_layout"]
