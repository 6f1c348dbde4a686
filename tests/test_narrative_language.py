"""The narrative language: only text, placeholders and conditions; every other construct is
rejected before rendering with a located Chinese message, and the output has a hard cap."""

from __future__ import annotations

from pathlib import Path

import pytest
from narrative_support import indicator_set, narrative_text, rendered, write

from fazhi.errors import Reason, ValidationFailed
from fazhi.narrative import check_narrative
from fazhi.narrative.render import MAX_CHARACTERS

FIGURES = {"党委会研究法治建设次数": 3, "矛盾纠纷受理数": 41, "合同合法性审查件数": 0, "规范性文件合法性审查件数": 2,
           "行政协议合法性审查件数": 1, "合法性审查件数": 3}


def render(path: Path):
    return rendered(path, indicator_set(FIGURES))


def rejected(tmp_path: Path, body: str):
    """The issues `render` stops on for a narrative whose section 一 is `body`, which must be
    the very ones `fazhi check` reports (and with the text's line and column)."""
    text = narrative_text(body)
    path = write(tmp_path, text)
    checked = [i for i in check_narrative(path, indicators=indicator_set(FIGURES)) if i.severity == "error"]
    assert checked  # found without the data, so before anything is rendered
    with pytest.raises(ValidationFailed) as exc:
        render(path)
    assert exc.value.issues == checked
    for issue in exc.value.issues:
        assert issue.line is not None and issue.column is not None and issue.file.endswith(".md")
    return text.splitlines(), exc.value.issues


NESTED_LOOPS = "{% set l = [1,2,3,4,5,6,7,8,9,10] %}\n" + "{% for a in l %}" * 8 + "x" + "{% endfor %}" * 8


def test_the_reviewers_eight_nested_loops_are_rejected_before_anything_runs(tmp_path):
    lines, issues = rejected(tmp_path, NESTED_LOOPS)
    # one error for the set and one for the outer loop; nothing is executed, nothing nested is reported
    assert [(lines[i.line - 1][int(i.column) - 1:][:3]) for i in issues] == ["set", "for"]
    assert {i.reason for i in issues} == {Reason.TEMPLATE_FORBIDDEN}
    assert "{% set %}" in issues[0].message and "{% for %}" in issues[1].message  # the construct, by name
    assert all("{% if … %}" in i.message for i in issues)  # each says what is allowed


def test_a_small_loop_is_rejected_too_not_rendered(tmp_path):
    rejected(tmp_path, "{% for a in (1, 2, 3) %}{% for b in (1, 2, 3) %}x{% endfor %}{% endfor %}")


def test_a_recursive_macro_is_a_located_error_not_a_recursion_error(tmp_path):
    lines, issues = rejected(tmp_path, "前文。\n\n{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}")
    assert Reason.TEMPLATE_FORBIDDEN in {i.reason for i in issues}
    assert all(lines[i.line - 1].startswith("{% macro") for i in issues)


@pytest.mark.parametrize("body, word", [
    ("{{ 党委会研究法治建设次数|pprint }}", "pprint"),
    ('{{ 党委会研究法治建设次数|sort(attribute="__class__") }}', "sort"),
    ("{{ 党委会研究法治建设次数|groupby('x') }}", "groupby"),
    ("{{ 党委会研究法治建设次数|string }}", "string"),
    ("{% with a = 图表 %}{{ a }}{% endwith %}", "with"),
    ("{% call 图表('矛盾纠纷类型') %}x{% endcall %}", "call"),
    ("{% filter upper %}x{% endfilter %}", "filter"),
    ("{{ {'a': 1} }}", "{"),
    ("{{ '甲' ~ 乡镇 }}", "~"),
    ("{{ '甲' if 党委会研究法治建设次数 > 0 else '乙' }}", "if"),
    ("{{ 2 ** 3 }}", "**"),
    ("{% if 党委会研究法治建设次数 is defined %}x{% endif %}", "defined"),
    ("{% if '乡' in 乡镇 %}x{% endif %}", "in"),
])
def test_constructs_outside_the_language_are_located_errors(tmp_path, body, word):
    lines, issues = rejected(tmp_path, body)
    (issue,) = issues
    assert lines[issue.line - 1][int(issue.column) - 1:].startswith(word)
    assert issue.reason in (Reason.TEMPLATE_FORBIDDEN, Reason.PLACEMENT_INVALID)
    for leak in ("Placeholder(", "Value(", "<function", "Indicator("):
        assert leak not in issue.message


def test_a_bare_function_never_prints(tmp_path):
    _, (issue,) = rejected(tmp_path, "{{ 图表 }}")
    assert issue.reason == Reason.PLACEMENT_INVALID


def test_finalize_refuses_what_is_not_text_a_number_or_a_placeholder():
    # the second line of defence, behind the static check: an object never becomes text
    from jinja2 import TemplateRuntimeError

    from fazhi.narrative.template import Placeholder, finalize

    placeholder = Placeholder(indicator_set(FIGURES)["党委会研究法治建设次数"])
    assert [finalize(x) for x in (placeholder, 2, "甲", None)] == ["3次", "2", "甲", ""]
    for thing in (len, object(), [1], {"a": 1}):
        with pytest.raises(TemplateRuntimeError):
            finalize(thing)


def test_arithmetic_is_for_numbers_only(tmp_path):
    body = "{{ 党委会研究法治建设次数.数值 * 2 + 1 }}，{{ 矛盾纠纷受理数.数值 / 2 }}"
    assert render(write(tmp_path, narrative_text(body))).sections[1] == "7，20.5"
    text = narrative_text("前文。\n\n{{ 乡镇 * 3 }}")
    with pytest.raises(ValidationFailed) as exc:
        render(write(tmp_path, text))
    (issue,) = exc.value.issues
    assert text.splitlines()[issue.line - 1] == "{{ 乡镇 * 3 }}" and issue.reason == Reason.TEMPLATE_FILL_FAILED


def test_a_narrative_longer_than_the_cap_stops_with_a_message(tmp_path):
    paragraph = "全乡坚持依法行政，推进法治政府建设。" * 20 + "\n\n"
    body = paragraph * (MAX_CHARACTERS // len(paragraph) + 1)
    with pytest.raises(ValidationFailed) as exc:
        render(write(tmp_path, narrative_text(body)))
    assert [i.reason for i in exc.value.issues] == [Reason.TEXT_TOO_LONG]


@pytest.mark.parametrize("depth", [60, 400])
def test_deep_nesting_is_an_error_not_a_crash(tmp_path, depth):
    body = "{% if 党委会研究法治建设次数 > 0 %}" * depth + "x" + "{% endif %}" * depth
    with pytest.raises(ValidationFailed) as exc:
        render(write(tmp_path, narrative_text(body)))
    assert [i.reason for i in exc.value.issues] == [Reason.TEMPLATE_TOO_DEEP]


def test_enumerations_are_written_with_conditions_in_the_default_narrative():
    # the default narrative lists only the kinds above zero, joined by 、, without any list
    root = Path(__file__).resolve().parents[1]
    n = render(root / "narrative" / "_default.md")
    assert "行政协议等3件，其中规范性文件2件、行政协议1件，" in n.sections[1]
