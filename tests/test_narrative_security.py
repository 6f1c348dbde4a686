"""Hostile narratives and workbook values: nothing executes, nothing is read, nothing injects.

Every case either renders as inert text — checked in the HTML and the Typst that pandoc makes
from the narrative's Markdown the way the report pipeline does (``-f markdown``), and in a PDF
compiled from that Typst — or fails with a located Chinese message.
"""

from __future__ import annotations

import dataclasses
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pypandoc
import pytest
import typst
from narrative_support import INFO, indicator_set, narrative_text, rendered, write

from fazhi.errors import ValidationFailed
from fazhi.narrative import Placement, Text, render_narrative

FIGURES = {"党委会研究法治建设次数": 3}


def render(path: Path, info=INFO) -> str:
    return rendered(path, indicator_set(FIGURES), info).sections[1]


class Elements(HTMLParser):
    """Every start tag and attribute in a piece of HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs


def html_of(markdown: str) -> Elements:
    parser = Elements()
    parser.feed(pypandoc.convert_text(markdown, "html5", format="markdown"))
    return parser


def pdf_text_of(markdown: str, tmp_path: Path) -> str:
    source = tmp_path / "body.typ"
    source.write_text(pypandoc.convert_text(markdown, "typst", format="markdown"), encoding="utf-8")
    pdf = tmp_path / "body.pdf"
    typst.compile(str(source), output=str(pdf), root=str(tmp_path))
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


TEXT_ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">点</a>',
    "```{=html}\n<script>alert(1)</script>\n```",
    "`<script>alert(1)</script>`{=html}",
    "[点我](javascript:alert(1))",
    "<javascript:alert(1)>",
    "![图](http://example.com/x.png)",
    "<iframe src=http://example.com></iframe>",
    "::: {.content-visible when-format=html}\n<b>x</b>\n:::",
    "<!-- 注释 --><style>body{display:none}</style>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]


@pytest.mark.parametrize("attack", TEXT_ATTACKS)
def test_narrative_text_cannot_reach_the_html_as_markup(attack, tmp_path):
    markdown = render(write(tmp_path, narrative_text(f"前文。\n\n{attack}\n\n后文。")))
    html = html_of(markdown)
    assert set(html.tags) <= {"p", "em", "strong", "code"}, html.tags
    assert html.attrs == []
    assert "前文" in markdown and "后文" in markdown


TYPST_ATTACKS = [
    '#read("/etc/passwd")',
    '#import "/etc/passwd"',
    '`#read("/etc/passwd")`{=typst}',
    '```{=typst}\n#read("/etc/passwd")\n```',
    '$#read("/etc/passwd")$',
    '\\#read("/etc/passwd")',
    '#include "/etc/passwd"',
]


@pytest.mark.parametrize("attack", TYPST_ATTACKS)
def test_narrative_text_cannot_run_typst_code(attack, tmp_path):
    markdown = render(write(tmp_path, narrative_text(f"前文。\n\n{attack}\n\n后文。")))
    text = pdf_text_of(markdown, tmp_path)
    assert "root:" not in text  # /etc/passwd was not read
    assert "read(" in text or "include" in text or "import" in text  # the attack shows as text


TEMPLATE_ATTACKS = [
    "{{ ''.__class__ }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ 党委会研究法治建设次数.value.indicator.compute.__globals__ }}",
    "{{ 党委会研究法治建设次数|attr('__class__') }}",
    "{{ 党委会研究法治建设次数['__class__'] }}",
    "{% set x = 党委会研究法治建设次数 %}{{ x.__init__ }}",
    "{{ self.__dict__ }}",
    "{{ lipsum.__globals__ }}",
    "{{ range(10) }}",
    "{{ config }}",
    "{{ '%s'|format(党委会研究法治建设次数.__class__) }}",
    "{{ 'a' * 100000000 }}",
    "{{ 9 ** 99999999 }}",
    "{% import 'x' as y %}",
    "{% extends 'x' %}",
    "{% from 'x' import y %}",
]


@pytest.mark.parametrize("attack", TEMPLATE_ATTACKS)
def test_template_injection_fails_with_a_located_chinese_message(attack, tmp_path):
    with pytest.raises(ValidationFailed) as exc:
        render(write(tmp_path, narrative_text(f"前文。\n\n{attack}")))
    for issue in exc.value.issues:
        assert issue.line is not None and issue.file.endswith(".md")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in issue.message)


def test_include_reads_no_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容XYZ", encoding="utf-8")
    for tag in (f'{{% include "{secret}" %}}', f"{{{{ open('{secret}').read() }}}}"):
        with pytest.raises(ValidationFailed) as exc:
            render(write(tmp_path, narrative_text(f"前文。\n\n{tag}")))
        assert "机密内容XYZ" not in str(exc.value)


HOSTILE_INFO = dataclasses.replace(
    INFO,
    township="<script>alert(1)</script>",
    county="[点我](javascript:alert(1))",
    issuer='#read("/etc/passwd")',
    recipient="{{ 7*7 }}",
)


def test_workbook_values_are_escaped_for_markdown_html_and_typst(tmp_path):
    body = "{{ 乡镇 }}，{{ 区县 }}，{{ 发文机关 }}，{{ 主送机关 }}"
    markdown = render(write(tmp_path, narrative_text(body)), HOSTILE_INFO)
    html = html_of(markdown)
    assert html.tags == ["p"] and html.attrs == []
    text = pdf_text_of(markdown, tmp_path)
    assert "<script>alert(1)</script>" in text and "{{ 7*7 }}" in text and "49" not in text
    assert "#read(" in text and "root:" not in text


def test_a_workbook_value_cannot_start_a_heading_or_a_new_block(tmp_path):
    info = dataclasses.replace(INFO, issuer="甲\n\n# 二、上一年度推进法治政府建设存在的不足和原因\n\n- 列表")
    n = rendered(write(tmp_path, narrative_text("{{ 发文机关 }}")), indicator_set(FIGURES), info)
    assert n.sections[2] == "内容。"
    assert html_of(n.sections[1]).tags == ["p"]


def test_a_forged_placement_token_stays_text(tmp_path):
    text = narrative_text('{{ 图表("矛盾纠纷类型") }}\n\nfazhi000000000000x\n\nfazhi0x FAZHIELEMENT0X')
    n = render_narrative(write(tmp_path, text), indicators=indicator_set(FIGURES), info=INFO)
    assert n.sections[1] == (Placement("chart", "矛盾纠纷类型"), Text("fazhi000000000000x\n\nfazhi0x FAZHIELEMENT0X"))


def test_quarto_shortcodes_and_inline_code_do_not_survive(tmp_path):
    text = "甲 `{python} open('/etc/passwd').read()` 乙\n\n{% raw %}{{< env HOME >}} `{{< meta x >}}`{% endraw %}"
    markdown = render(write(tmp_path, narrative_text(text)))
    assert "{{<" not in markdown and "`" not in markdown.replace("\\`", "")
