"""The narrative language: what a narrative may write, checked on its syntax tree.

A narrative is text with placeholders and conditions, nothing more. The tree jinja parses
may hold only: text; ``{{ … }}`` of a name (placeholder or basic information), an indicator
placeholder's attribute (``.上年`` …), a constant, ``图表("…")``/``表格("…")``, or ``+ - * /``
over numbers; ``{% if %}``/``{% elif %}``/``{% else %}`` whose conditions compare those with
``> >= < <= == !=``, combine them with ``and``/``or``/``not`` and apply the three tests
(``is 已报送``/``有数值``/``可比``). Comments and ``{% raw %}`` never reach the tree.

Everything else — ``for``, ``macro``, ``call``, ``set``, ``with``, ``filter`` blocks, filters,
list/dict literals, subscripts, ``~``, ``**`` — is rejected here with a located Chinese message,
before anything is rendered. Without loops, recursion or variables, a render's work and output
grow only with the narrative's own length; `render.py` still caps the output as a backstop.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jinja2 import nodes

from ..errors import Issue, Reason
from ..registry import did_you_mean
from .analysis import Located, Vocabulary
from .template import CHART_FUNCTION, NARRATIVE_TESTS, PLACEHOLDER_ATTRIBUTES, TABLE_FUNCTION

ALLOWED = ("叙述稿只能写：文字、占位符 {{ 名称 }}（指标占位符可带 .上年 .同比 .单位 .含义 .数值）、"
           "单独一行的 {{ 图表(\"…\") }} 和 {{ 表格(\"…\") }}、条件 {% if … %}…{% elif … %}…{% else %}…{% endif %}"
           "和注释 {# … #}，详见 docs/narrative.md。")
MAX_DEPTH = 40  # nested conditions and brackets; Python's compiler gives up at about 100
_STANDALONE = re.compile(r"^\s*\{\{-?\s*(图表|表格)\s*\(\s*([\"'])(.*?)\2\s*\)\s*-?\}\}\s*$")
_PLAIN = (nodes.Output, nodes.TemplateData, nodes.If, nodes.Const, nodes.Compare, nodes.And, nodes.Or,
          nodes.Not, nodes.Neg, nodes.Pos, nodes.Add, nodes.Sub, nodes.Mul, nodes.Div)
_COMPARISONS = {"eq", "ne", "gt", "gteq", "lt", "lteq"}
# what a rejected construct is called in a message, and the word its column is found by
_REJECTED: dict[type[nodes.Node], tuple[str, str | None]] = {
    nodes.For: ("{% for %} 循环", "for"),
    nodes.Macro: ("{% macro %} 宏", "macro"),
    nodes.CallBlock: ("{% call %}", "call"),
    nodes.FilterBlock: ("{% filter %}", "filter"),
    nodes.With: ("{% with %}", "with"),
    nodes.Assign: ("{% set %} 变量", "set"),
    nodes.AssignBlock: ("{% set %} 变量", "set"),
    nodes.Block: ("{% block %}", "block"),
    nodes.ScopedEvalContextModifier: ("{% autoescape %}", "autoescape"),
    nodes.List: ("列表 [ … ]", "["),
    nodes.Tuple: ("元组（逗号分隔的多个值）", ","),
    nodes.Dict: ("字典 { … }", "{"),
    nodes.Getitem: ("方括号取值 [ … ]", "["),
    nodes.Slice: ("方括号取值 [ … ]", "["),
    nodes.Concat: ("「~」连接", "~"),
    nodes.CondExpr: ("「… if … else …」写法（请用 {% if %}…{% else %}…{% endif %}）", "if"),
    nodes.Pow: ("运算符「**」", "**"),
    nodes.FloorDiv: ("运算符「//」", "//"),
    nodes.Mod: ("运算符「%」", "%"),
}
_FILES = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "import", nodes.Extends: "extends"}


def inspect_template(tree: nodes.Template, where: Located, vocabulary: Vocabulary) -> list[Issue]:
    """Every use of the template language outside the narrative language, located."""
    found = (issue for child in tree.iter_child_nodes() for issue in _node(child, where, vocabulary, 1, 1))
    # dict.fromkeys: a name misspelt twice on a line, or one nesting too deep, is one issue
    return sorted(dict.fromkeys(found), key=lambda i: (i.line or 0, int(i.column or 0)))


def _node(node: nodes.Node, where: Located, vocabulary: Vocabulary, depth: int, line: int) -> Iterator[Issue]:
    line = node.lineno or line  # jinja leaves it unset on a comparison's operands
    if depth > MAX_DEPTH:
        yield where.issue(Reason.TEMPLATE_TOO_DEEP, line, None, f"条件或括号嵌套超过 {MAX_DEPTH} 层，请拆开来写。")
        return
    kind = type(node)  # exact types: a subclass of an allowed node is not allowed
    if kind is nodes.Name and isinstance(node, nodes.Name):
        yield from _name(node, where, vocabulary)
    elif kind is nodes.Getattr and isinstance(node, nodes.Getattr):
        yield from _attribute(node, where, vocabulary)
    elif kind is nodes.Call and isinstance(node, nodes.Call):
        yield from _call(node, where, vocabulary)
    elif kind in _FILES:
        keyword = _FILES[kind]
        yield where.issue(Reason.TEMPLATE_FORBIDDEN, line, keyword,
                          f"叙述稿不能引用其他文件（{{% {keyword} %}}），请把内容直接写在本文件中。")
    elif kind is nodes.Filter and isinstance(node, nodes.Filter):
        yield where.issue(Reason.TEMPLATE_FORBIDDEN, line, node.name, f"叙述稿中不能使用过滤器「|{node.name}」。{ALLOWED}")
    elif kind is nodes.Test and isinstance(node, nodes.Test) and node.name not in NARRATIVE_TESTS:
        tests = "、".join(f"is {t}" for t in NARRATIVE_TESTS)
        yield where.issue(Reason.TEMPLATE_FORBIDDEN, line, node.name, f"不支持的条件「is {node.name}」。条件中只能用 {tests}。")
    elif kind is nodes.Operand and isinstance(node, nodes.Operand) and node.op not in _COMPARISONS:
        yield where.issue(Reason.TEMPLATE_FORBIDDEN, line, "in", "条件中不能用 in，请用 >、>=、<、<=、==、!= 比较。")
    elif kind in (*_PLAIN, nodes.Test, nodes.Operand):
        for child in node.iter_child_nodes():
            yield from _node(child, where, vocabulary, depth + 1, line)
    else:
        what, needle = _REJECTED.get(kind, ("这种模板写法", None))
        yield where.issue(Reason.TEMPLATE_FORBIDDEN, line, needle, f"叙述稿中不能使用{what}。{ALLOWED}")


def _name(node: nodes.Name, where: Located, vocabulary: Vocabulary) -> Iterator[Issue]:
    if node.name in (CHART_FUNCTION, TABLE_FUNCTION):
        yield where.issue(Reason.PLACEMENT_INVALID, node.lineno, node.name,
                          f"{node.name}须写成 {{{{ {node.name}(\"名称\") }}}}，单独占一行。")
    elif node.name not in vocabulary.names:
        hint = did_you_mean(node.name, sorted(vocabulary.names - {CHART_FUNCTION, TABLE_FUNCTION}))
        yield where.issue(Reason.UNKNOWN_PLACEHOLDER, node.lineno, node.name,
                          f"未知的占位符「{node.name}」。{hint}运行 fazhi indicators 可列出全部占位符。")


def _attribute(node: nodes.Getattr, where: Located, vocabulary: Vocabulary) -> Iterator[Issue]:
    allowed = "、".join(f".{a}" for a in PLACEHOLDER_ATTRIBUTES)
    if node.attr not in PLACEHOLDER_ATTRIBUTES:
        hint = did_you_mean(node.attr, list(PLACEHOLDER_ATTRIBUTES))
        yield where.issue(Reason.ATTRIBUTE_INVALID, node.lineno, node.attr,
                          f"不支持的写法「.{node.attr}」。{hint}占位符只能带 {allowed}。")
    elif not isinstance(node.node, nodes.Name):
        example = f"{{{{ 矛盾纠纷受理数.{node.attr} }}}}"
        yield where.issue(Reason.ATTRIBUTE_INVALID, node.lineno, node.attr,
                          f"「.{node.attr}」只能直接写在指标占位符后，如 {example}。")
    elif node.node.name not in vocabulary.placeholders:
        yield from _name(node.node, where, vocabulary)
        if node.node.name in vocabulary.names:
            yield where.issue(Reason.ATTRIBUTE_INVALID, node.lineno, node.attr,
                              f"「{node.node.name}」是基本信息，不是指标，不能带 {allowed}。")


def _call(call: nodes.Call, where: Located, vocabulary: Vocabulary) -> Iterator[Issue]:
    name = call.node.name if isinstance(call.node, nodes.Name) else None
    if name not in (CHART_FUNCTION, TABLE_FUNCTION):
        yield where.issue(Reason.TEMPLATE_FORBIDDEN, call.lineno, name,
                          f"叙述稿中只能调用 {CHART_FUNCTION}(…) 和 {TABLE_FUNCTION}(…)。")
        return
    keys = vocabulary.charts if name == CHART_FUNCTION else vocabulary.tables
    arg = call.args[0] if len(call.args) == 1 and not (call.kwargs or call.dyn_args or call.dyn_kwargs) else None
    if not (isinstance(arg, nodes.Const) and isinstance(arg.value, str)):
        example = f"{name}(\"{keys[0] if keys else '名称'}\")"
        yield where.issue(Reason.PLACEMENT_INVALID, call.lineno, name, f"{name}(…) 的括号里须写一个带引号的名称，如 {example}。")
        return
    if arg.value not in keys:
        hint = did_you_mean(arg.value, list(keys))
        yield where.issue(Reason.PLACEMENT_INVALID, call.lineno, arg.value,
                          f"没有名为「{arg.value}」的{name}。{hint}可用的{name}：{'、'.join(keys)}。")
    line = where.lines[call.lineno - 1] if call.lineno <= len(where.lines) else ""
    if not _STANDALONE.match(line):
        example = f"{{{{ {name}(\"{arg.value}\") }}}}"
        yield where.issue(Reason.PLACEMENT_NOT_ALONE, call.lineno, name,
                          f"{name}占位符须单独占一行（前后不写其他文字），如：{example}")
