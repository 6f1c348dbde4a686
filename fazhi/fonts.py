"""Font roles of the GB/T 9704 layout and which face each resolves to on this machine.

The fallback list of every role (正文仿宋, 标题小标宋, 一级标题黑体, 二级标题楷体, 页码宋体,
加粗黑体) is declared once, in `templates/fonts.json`, which `templates/gongwen.typ` reads too,
so Python and Typst can never disagree. A role resolves, as Typst would resolve it, to the first
family in its list that is installed (system fonts plus the `font_paths` folders); a face from
the list's `free` part is a substitute for the government font.

    >>> resolved = resolve_fonts([Path(".fonts")])      # doctest: +SKIP
    >>> resolved["body"].family, resolved["body"].is_substitute
    ('FandolFang R', True)
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .skeleton import default_templates

if TYPE_CHECKING:
    import typst

FONTS_JSON = "fonts.json"
DEFAULT_TEMPLATES = default_templates()  # the package's layout (the wheel's copy, or the checkout's)
TYPST_INPUT = "gongwen-fonts"  # sys.inputs key read by gongwen.typ

__all__ = [
    "FontRole",
    "ResolvedFont",
    "load_roles",
    "installed_families",
    "resolve_fonts",
    "substitution_summary",
    "typst_font_inputs",
    "project_font_paths",
    "user_font_folders",
    "os_font_folders",
]


@dataclass(frozen=True)
class FontRole:
    """One typographic role: its Chinese label and fallback list (government faces first)."""

    name: str
    label: str
    face: str
    official: tuple[str, ...]
    free: tuple[str, ...]

    @property
    def families(self) -> tuple[str, ...]:
        return self.official + self.free


@dataclass(frozen=True)
class ResolvedFont:
    """The face a role gets on this machine; `family` is None when nothing in its list exists."""

    role: str
    face: str
    family: str | None
    is_substitute: bool
    file: str | None = None  # the font file Typst reads the family from


def load_roles(templates_dir: Path | None = None) -> tuple[FontRole, ...]:
    """The roles declared in `<templates_dir>/fonts.json` (default: the package's), in file order."""
    path = (templates_dir or DEFAULT_TEMPLATES) / FONTS_JSON
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return tuple(
            FontRole(name, spec["label"], spec["face"], tuple(spec["official"]), tuple(spec["free"]))
            for name, spec in data["roles"].items()
        )
    except FileNotFoundError as exc:
        raise InputError(f"找不到字体配置 {path}。请在项目根目录运行，或用 --root 指定项目目录。") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"字体配置 {path} 格式不对（{exc}）：每个角色应有 label、face、official、free 四项。") from exc


def _font_catalogue(font_paths: Iterable[Path | str]) -> Mapping[str, str | None]:
    folders = font_folders(font_paths)
    return _catalogue(folders, font_files(folders))


@lru_cache(maxsize=8)
def _catalogue(folders: tuple[str, ...], files: frozenset[tuple[str, int]]) -> Mapping[str, str | None]:
    """Case-folded family → the first file Typst found it in."""
    found: dict[str, str | None] = {}
    for font in typst_fonts(folders, files).fonts():
        found.setdefault(font.family.casefold(), font.path)
    return found


def font_folders(font_paths: Iterable[Path | str]) -> tuple[str, ...]:
    return tuple(str(p) for p in font_paths if Path(p).is_dir())


def font_files(folders: Iterable[str]) -> frozenset[tuple[str, int]]:
    """Every file under `folders` with its size: in the caches' keys, so that a font added
    meanwhile (a long preview session) is seen."""
    files = (p for folder in folders for p in Path(folder).rglob("*") if p.is_file())
    return frozenset((str(p), p.stat().st_size) for p in files)


@lru_cache(maxsize=8)
def typst_fonts(folders: tuple[str, ...], files: frozenset[tuple[str, int]]) -> typst.Fonts:
    """Typst's scan of the system's fonts and `folders` (~0.06 s): made once, for the
    catalogue here and for the PDF's compiler (`render.pdf`), which takes it as it is."""
    import typst

    return typst.Fonts(font_paths=list(folders))


def installed_families(font_paths: Iterable[Path | str] = ()) -> frozenset[str]:
    """Family names Typst sees (system fonts plus `font_paths`), case-folded as Typst matches them."""
    return frozenset(_font_catalogue(font_paths))


def _resolve(role: FontRole, catalogue: Mapping[str, str | None]) -> ResolvedFont:
    family = next((f for f in role.families if f.casefold() in catalogue), None)
    file = catalogue[family.casefold()] if family else None
    return ResolvedFont(role.name, role.face, family, family is None or family in role.free, file)


def resolve_fonts(
    font_paths: Iterable[Path | str] = (), roles: Sequence[FontRole] | None = None
) -> dict[str, ResolvedFont]:
    """Role name → the face Typst will use for it on this machine."""
    catalogue = _font_catalogue(font_paths)
    return {role.name: _resolve(role, catalogue) for role in roles or load_roles()}


def substitution_summary(resolved: Mapping[str, ResolvedFont]) -> str | None:
    """One line naming the substitutes used, or None when every role has its government font."""
    substitutes = [r for r in resolved.values() if r.is_substitute]
    if not substitutes:
        return None
    pairs = dict.fromkeys(f"{r.face}→{r.family or '系统默认字体'}" for r in substitutes)
    return f"PDF 使用替代字体：{'，'.join(pairs)}（fazhi fonts 查看详情）"


def typst_font_inputs(
    font_paths: Iterable[Path | str] = (), roles: Sequence[FontRole] | None = None
) -> dict[str, str]:
    """`sys.inputs` for gongwen.typ: each role's list cut to installed families.

    Typst picks the same faces as with the full lists (it skips missing families anyway) but
    stays quiet instead of warning once per absent government font. A role with no installed
    family is left out, so the layout keeps its full list and Typst its own fallback.
    """
    families = installed_families(font_paths)
    lists = {
        role.name: [f for f in role.families if f.casefold() in families] for role in roles or load_roles()
    }
    return {TYPST_INPUT: json.dumps({k: v for k, v in lists.items() if v}, ensure_ascii=False)}


def project_font_paths(root: Path) -> list[Path]:
    """Font folders a render passes to Typst besides the system's: the project's `.fonts/`
    (scripts/install_fonts.sh) and the user's own font folder where Typst may not look."""
    folder = root / ".fonts"
    return [p for p in (folder, *user_font_folders()) if p.is_dir()]


def user_font_folders(platform: str | None = None, environ: Mapping[str, str] | None = None) -> list[Path]:
    """Windows keeps fonts installed "for this user only" (no admin: how a government PC gets
    方正小标宋 most often) in %LOCALAPPDATA%\\Microsoft\\Windows\\Fonts. Typst looks for it under
    %USERPROFILE%\\AppData\\Local, which a redirected profile moves: name it explicitly."""
    platform, environ = platform or sys.platform, os.environ if environ is None else environ
    if platform == "win32" and environ.get("LOCALAPPDATA"):
        return [Path(environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts"]
    return []


def os_font_folders(platform: str | None = None, environ: Mapping[str, str] | None = None,
                    home: Path | None = None) -> list[Path]:
    """Where fonts are installed on this OS (what `fazhi doctor` lists)."""
    platform, environ, home = platform or sys.platform, os.environ if environ is None else environ, home or Path.home()
    if platform == "win32":
        windows = Path(environ.get("WINDIR") or environ.get("SystemRoot") or r"C:\Windows")
        return [windows / "Fonts", *user_font_folders(platform, environ)]
    if platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    data_home = Path(environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), data_home / "fonts", home / ".fonts"]
