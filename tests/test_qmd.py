"""The fast engine's Quarto subset, on small documents written here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fazhi.errors import RenderError
from fazhi.narrative import SECTIONS
from fazhi.qmd import Display, UnsupportedQuarto, parse_qmd, run_qmd

DOC = Path("doc.qmd")


def run(text: str, params: dict | None = None, display: Display | None = None) -> str:
    return run_qmd(parse_qmd(text, DOC), params or {}, display)


def test_parameters_are_injected_after_the_parameters_cell():
    text = """---
params:
  township: 甲乡
  year: 2023
---

```{python}
#| tags: [parameters]
township = "甲乡"
year = 2023
```

```{python}
#| output: asis
print(f"**{township}{year + 1}**")
```
"""
    assert "**乙镇2025**" in run(text, {"township": "乙镇", "year": 2024})
    assert "**甲乡2024**" in run(text)


def test_undeclared_parameter_is_refused():
    with pytest.raises(RenderError, match="未在 doc.qmd 的 params 中声明"):
        run("---\nparams:\n  year: 1\n---\n", {"township": "x"})


def test_asis_output_is_markdown_and_other_output_is_a_code_block():
    out = run('```{python}\n#| output: asis\nprint("# 标题")\n```\n\n```{python}\nprint("# 不是标题")\n```\n')
    assert "\n# 标题" in "\n" + out
    assert "```\n# 不是标题\n```" in out


def test_include_false_runs_but_shows_nothing_and_echo_shows_code():
    out = run('```{python}\n#| include: false\nx = 41\nprint("hidden")\n```\n\n```{python}\n#| echo: true\n#| output: asis\nprint(x + 1)\n```\n')
    assert "hidden" not in out
    assert "```python\n#| echo" not in out  # options are not part of the shown code
    assert "```python\nprint(x + 1)\n```" in out
    assert "42" in out


def test_front_matter_execute_echo_is_the_default():
    out = run('---\nexecute:\n  echo: true\n---\n```{python}\ny = 1\n```\n')
    assert "```python\ny = 1\n```" in out


def test_inline_python_expressions():
    out = run('```{python}\n#| include: false\nn = 19\n```\n\n全乡 `{python} n` 个行政村，`{python} n * 2` 人。\n')
    assert "全乡 19 个行政村，38 人。" in out


def test_last_expression_is_displayed():
    frame = "```{python}\n#| label: tbl-x\n#| tbl-cap: 各村人数\nimport pandas as pd\npd.DataFrame({'村': ['甲'], '人数': [3]})\n```\n"
    out = run(frame)
    assert "| 村   |" in out or "| 村 " in out
    assert ": 各村人数 {#tbl-x}" in out
    assert "'文本'" in run("```{python}\n'文本'\n```\n")


def test_plotly_figure_goes_through_the_display_hook():
    seen = []

    def figure(fig, caption, label):
        seen.append((type(fig).__name__, caption, label))
        return "FIGURE"

    text = "```{python}\n#| label: fig-a\n#| fig-cap: 纠纷\nimport plotly.graph_objects as go\ngo.Figure()\n```\n"
    assert "FIGURE" in run(text, display=Display(figure))
    assert seen == [("Figure", "纠纷", "fig-a")]


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ("正文\n\n```{r}\n1\n```\n", 3, "「r」代码块"),
        ("正文\n{{< pagebreak >}}\n", 2, "短代码"),
        ("```{python}\n#| eval: false\n1\n```\n", 1, "eval"),
        ("```{python}\n#| output: hold\n1\n```\n", 1, "output: hold"),
        ("```{python}\n1\n", 1, "未结束的代码块"),
        ("行内 `{r} 1 + 1`\n", 1, "非 python 的行内代码"),
    ],
)
def test_outside_the_subset_is_a_clear_error(text, line, what):
    with pytest.raises(UnsupportedQuarto) as caught:
        parse_qmd(text, DOC)
    message = str(caught.value)
    assert f"doc.qmd 第{line}行" in message
    assert what in message
    assert "--engine quarto" in message


def test_an_exception_in_a_cell_names_the_cell():
    text = "```{python}\nx = 1\n```\n\n```{python}\n#| label: broken\n1 / 0\n```\n"
    with pytest.raises(RenderError) as caught:
        run(text)
    assert "第2个代码块「broken」（第5行）" in str(caught.value)
    assert "ZeroDivisionError" in str(caught.value)


def test_report_qmd_stays_inside_the_subset():
    root = Path(__file__).resolve().parents[1]
    doc = parse_qmd((root / "report.qmd").read_text(encoding="utf-8"), root / "report.qmd")
    assert set(doc.params) == {"township", "year", "root"}
    assert any("parameters" in (c.options.get("tags") or []) for c in doc.parts if not isinstance(c, str))
    headings = re.findall(r"^# (.+)$", "\n".join(p for p in doc.parts if isinstance(p, str)), flags=re.M)
    assert headings == [s.heading for s in SECTIONS if s.required]  # the mandated sections, in order


def test_plain_code_fences_are_prose():
    out = run("```python\nprint('not run')\n```\n")
    assert "print('not run')" in out

