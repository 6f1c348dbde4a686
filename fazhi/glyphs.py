"""Which characters the PDF can set, and what stands in for those it cannot.

A PDF/A file may not show a character with a font that lacks it, so one emoji or rare
ideograph (𪚥) that no installed font has would stop Typst from writing the whole PDF. Typst
falls back from a role's fonts to every font it knows, so a character is settable exactly when
some font Typst sees (system fonts and the project's `.fonts/`) has it. The only reliable
judge is Typst itself: `unsettable` compiles one short probe document with the characters in
question and reads the refused ones from its errors (a few compiles of ~0.05 s; answers are
kept per process). `fazhi check` warns where such a character stands; the PDF shows
`FALLBACK` (〓, the mark Chinese typesetting uses for a missing character) in its place and the
render says so; the PDF's SVG charts get it too (`settable_charts`: Typst sets their text with
the same fonts). The HTML keeps the character: the reader's browser has its own fonts.

Under Quarto, which compiles the Typst itself, the filter `templates/quarto/glyphs.lua` asks
``python -m fazhi.glyphs`` (`main`) which characters of the document's Typst are refused,
sets `FALLBACK` for them with a show rule, and names them on a `QUARTO_MARKER` line of
Quarto's output, from which `fazhi render --engine quarto` says the same as the fast engine.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from .fonts import font_files, font_folders, typst_fonts

FALLBACK = "〓"  # in GB 2312, so every Chinese font has it
QUARTO_MARKER = "fazhi-glyphs:"  # then the refused characters' code points in hex (glyphs.lua)
_REFUSED = re.compile(r'the text `"(.*?)"` could not be displayed', re.S)
_known: dict[tuple[tuple[str, ...], str], bool] = {}  # (font paths, character) → settable


def _candidates(text: str) -> set[str]:
    """The characters of `text` worth asking about: ASCII and line ends are in every font."""
    return {ch for ch in text if not ch.isascii() and ch not in "\u2028\u2029"}


@lru_cache(maxsize=4)
def _compiler(folders: tuple[str, ...], files: frozenset[tuple[str, int]]) -> object:
    import typst

    # reads no file; the fonts' scan is the one the PDF's compiler and the catalogue share
    return typst.Compiler(root=tempfile.gettempdir(), font_paths=typst_fonts(folders, files))


def unsettable(text: str, font_paths: Sequence[Path | str] = ()) -> frozenset[str]:
    """The characters of `text` that no font Typst sees (system fonts plus `font_paths`) has."""
    import typst

    paths = font_folders(font_paths)
    asked = sorted(ch for ch in _candidates(text) if (paths, ch) not in _known)
    while asked:
        source = '#set text(lang: "zh")\n#"' + " ".join(asked) + '"\n'
        try:
            _compiler(paths, font_files(paths)).compile(source.encode("utf-8"), pdf_standards="a-2b")  # type: ignore[attr-defined]
            refused: set[str] = set()
        except typst.TypstError as exc:
            refused = {ch for found in _REFUSED.findall(str(exc)) for ch in found} & set(asked)
            if not refused:  # some other failure: nothing known about these characters
                break
        _known.update({(paths, ch): ch not in refused for ch in asked if ch in refused or not refused})
        asked = [ch for ch in asked if (paths, ch) not in _known]
    return frozenset(ch for ch in _candidates(text) if _known.get((paths, ch)) is False)


def with_fallback(text: str, refused: Iterable[str]) -> str:
    """`text` with every refused character replaced by `FALLBACK`."""
    table = {ord(ch): FALLBACK for ch in refused}
    return text.translate(table) if table else text


def settable_charts(figures: Path, source: str, font_paths: Sequence[Path | str] = ()) -> frozenset[str]:
    """The characters no font has in the SVG charts of the folder `figures` that a Typst `source`
    names, each such chart rewritten with `FALLBACK` in their place (only the exporter's files,
    named by their hash: a cell's text that looks like a path is never followed). Typst sets an SVG's text with the
    fonts it knows, and PDF/A refuses a missing glyph there as in the text; a chart's labels
    come from data too (a rare township name in the district's charts)."""
    from .atomic import write_all

    refused: set[str] = set()
    named = re.findall(rf'"/?{re.escape(figures.name)}/([0-9a-f]{{8,64}}\.svg)"', source)
    for path in (figures / name for name in dict.fromkeys(named)):
        try:
            svg = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # Typst names the file it cannot read
        if found := unsettable(svg, font_paths):
            write_all({path: with_fallback(svg, found).encode("utf-8")})
            refused |= found
    return frozenset(refused)


def shown(chars: Iterable[str]) -> str:
    """Characters as a message lists them: 「😀」(U+1F600)."""
    return "、".join(f"「{ch}」(U+{ord(ch):04X})" for ch in sorted(chars))


def fallback_message(refused: Iterable[str]) -> str:
    """What a render says when its PDF shows `FALLBACK` for `refused` (either engine)."""
    return f"PDF 的字体中没有这些字符，PDF 中已用{FALLBACK}代替：{shown(refused)}。fazhi check 会指出它们的位置。"


def marked_refusals(output: str) -> frozenset[str]:
    """The characters glyphs.lua reported refused on `QUARTO_MARKER` lines of Quarto's output."""
    codes = (line.split(":", 1)[1].split() for line in output.splitlines() if line.startswith(QUARTO_MARKER))
    return frozenset(chr(int(code, 16)) for line in codes for code in line if len(code) <= 6)


def main() -> None:
    """``python -m fazhi.glyphs`` (run by glyphs.lua in the project folder): the code points of
    the characters of the Typst source on stdin that no font has, in hex, one line."""
    from .fonts import project_font_paths

    text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    refused = unsettable(text, project_font_paths(Path.cwd()))
    sys.stdout.write(" ".join(f"{ord(ch):X}" for ch in sorted(refused)) + "\n")


if __name__ == "__main__":
    main()
