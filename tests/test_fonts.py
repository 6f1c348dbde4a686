"""Font roles: one declaration (templates/fonts.json) read by Python and by gongwen.typ alike."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import typst

from fazhi.cli import main
from fazhi.fonts import (
    TYPST_INPUT,
    FontRole,
    load_roles,
    resolve_fonts,
    substitution_summary,
    typst_font_inputs,
)

REPO = Path(__file__).resolve().parents[1]
# Typst always has its embedded fonts, so these two exist on every machine; the third never does.
PRESENT, ALSO_PRESENT, ABSENT = "Libertinus Serif", "DejaVu Sans Mono", "No Such Face GB2312"


def test_roles_cover_the_layout_with_government_fonts_first():
    roles = {r.name: r for r in load_roles()}
    assert set(roles) == {"body", "title", "heading1", "heading2", "page-number", "strong"}
    expected_first = {"body": "仿宋_GB2312", "title": "方正小标宋简体", "heading1": "黑体", "heading2": "楷体_GB2312", "page-number": "宋体"}
    for name, face in expected_first.items():
        assert face in roles[name].official
        assert roles[name].free, f"{name} has no free stand-in"
        assert not set(roles[name].official) & set(roles[name].free)
    assert "FandolFang R" in roles["body"].free
    # Fandol lacks U+2212: every role must end with a Noto face that has it.
    assert all(any(f.startswith("Noto") for f in r.free) for r in roles.values())


def _typst_lists(tmp_path: Path, sys_inputs: dict[str, str]) -> dict[str, list[str]]:
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    (tmp_path / "doc.typ").write_text(
        '#import "/templates/gongwen.typ": gongwen-fonts\n#metadata(gongwen-fonts) <fonts>\n', encoding="utf-8"
    )
    out = typst.query(str(tmp_path / "doc.typ"), "<fonts>", field="value", one=True, root=str(tmp_path), sys_inputs=sys_inputs)
    return json.loads(out)


def test_gongwen_typ_reads_the_same_lists(tmp_path):
    lists = _typst_lists(tmp_path, {})
    assert lists == {r.name: list(r.families) for r in load_roles()}


def test_typst_inputs_keep_order_and_only_installed_families(tmp_path):
    roles = (
        FontRole("body", "正文", "仿宋", (ABSENT, ALSO_PRESENT), (PRESENT,)),
        FontRole("title", "标题", "小标宋", (ABSENT,), ("Another Missing Face",)),
    )
    inputs = typst_font_inputs([], roles)
    assert json.loads(inputs[TYPST_INPUT]) == {"body": [ALSO_PRESENT, PRESENT]}
    # gongwen.typ takes the filtered list for that role and keeps its own for the others.
    real = {r.name: list(r.families) for r in load_roles()}
    assert _typst_lists(tmp_path, inputs) == real | {"body": [ALSO_PRESENT, PRESENT]}


def test_resolve_marks_substitutes():
    roles = (
        FontRole("body", "正文", "仿宋", (ABSENT,), (PRESENT,)),
        FontRole("heading1", "一级标题", "黑体", (ABSENT, PRESENT), ()),
        FontRole("title", "标题", "小标宋", (ABSENT,), ("Another Missing Face",)),
    )
    resolved = resolve_fonts([], roles)
    assert (resolved["body"].family, resolved["body"].is_substitute) == (PRESENT, True)
    assert (resolved["heading1"].family, resolved["heading1"].is_substitute) == (PRESENT, False)
    assert (resolved["title"].family, resolved["title"].is_substitute) == (None, True)
    line = substitution_summary(resolved)
    assert line is not None and "\n" not in line
    assert f"仿宋→{PRESENT}" in line and "小标宋→系统默认字体" in line and "黑体" not in line


def test_no_summary_when_government_fonts_are_there():
    roles = (FontRole("body", "正文", "仿宋", (PRESENT,), ("Noto Serif CJK SC",)),)
    assert substitution_summary(resolve_fonts([], roles)) is None


def test_fonts_command_lists_every_role(capsys):
    assert main(["fonts", "--root", str(REPO)]) == 0
    err = capsys.readouterr().err
    for role in load_roles():
        assert role.label in err


def test_install_script_is_idempotent_when_fonts_are_present(tmp_path):
    fonts = tmp_path / ".fonts"
    fonts.mkdir()
    for name in ("FandolFang-Regular.otf", "FandolHei-Regular.otf", "FandolHei-Bold.otf",
                 "FandolKai-Regular.otf", "FandolSong-Regular.otf", "FandolSong-Bold.otf"):
        (fonts / name).write_bytes(b"x")
    if not shutil.which("dpkg-query"):
        pytest.skip("not a Debian system")
    done = subprocess.run(["bash", str(REPO / "scripts/install_fonts.sh"), str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "已在" in done.stdout
    assert all(p.stat().st_size == 1 for p in fonts.iterdir())  # nothing downloaded or overwritten
