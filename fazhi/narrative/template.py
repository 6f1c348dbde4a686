"""The narrative's template language: a locked-down jinja2 sandbox and the names it sees.

What a narrative can write (documented for authors in docs/narrative.md):

- ``{{ 党委会研究法治建设次数 }}`` — an indicator's value this year with its unit, formatted by
  `fazhi.fmt` ("3次", "100.0%", "未报送", "不适用"). An indicator whose name holds
  punctuation is written without it: 行政村（社区）数 → ``{{ 行政村社区数 }}``.
- ``{{ X.上年 }}``, ``{{ X.同比 }}`` ("同比增长12.5%"), ``{{ X.单位 }}``, ``{{ X.数值 }}`` (the raw
  number, for arithmetic) and ``{% if X > 0 %}``, ``{% if X is 已报送 %}`` (its sheet is in the
  workbook), ``{% if X is 有数值 %}`` (not 未报送 nor 不适用), ``{% if X is 可比 %}``.
- basic information: 区县, 区县类别, 乡镇, 乡镇类别, 年度, 上年度, 下年度, 发文机关, 主送机关, 成文日期.
- ``{{ 图表("矛盾纠纷类型") }}`` / ``{{ 表格("主要指标") }}`` alone on a line.

Which constructs a narrative may use is checked before rendering (`language.py`). The
environment closes the same doors again: no loader (so no include/import/extends), no default
globals, filters or tests (only the three above), an attribute whitelist (only the placeholder
attributes; nothing reaches ``__class__``), a callable whitelist (图表, 表格), arithmetic on
numbers only, and a `finalize` that prints only text, numbers and placeholders — never a
function or an internal object — and backslash-escapes every ASCII punctuation character of
what it prints, so a workbook cell reads as text in Markdown whatever it holds.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jinja2 import StrictUndefined, TemplateRuntimeError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .. import fmt
from .pieces import Placement, PlacementKind

if TYPE_CHECKING:
    from ..indicators import IndicatorSet, Value
    from ..workbook import BasicInfo

CHART_FUNCTION = "图表"
TABLE_FUNCTION = "表格"
REPORTED_TEST = "已报送"
COMPARABLE_TEST = "可比"
HAS_VALUE_TEST = "有数值"
NARRATIVE_TESTS = (REPORTED_TEST, HAS_VALUE_TEST, COMPARABLE_TEST)
INFO_NAMES: dict[str, str] = {
    "区县": "区县名称（基本信息）",
    "区县类别": "“区”“县”“市”或“旗”，用于“区委、区政府”等说法",
    "乡镇": "乡镇名称（基本信息）",
    "乡镇类别": "“乡”“镇”或“街道”，用于“全乡”“我镇”等说法",
    "年度": "报告年度，如 2024",
    "上年度": "报告年度的前一年",
    "下年度": "报告年度的后一年",
    "发文机关": "发文机关（基本信息）",
    "主送机关": "主送机关（基本信息，可为空）",
    "成文日期": "成文日期，如 2025年1月9日",
}
PLACEHOLDER_ATTRIBUTES: dict[str, str] = {
    "上年": "上一年度的值（含单位）",
    "同比": "与上年相比的变化，如“同比增长12.5%”“与上年持平”",
    "单位": "计量单位",
    "含义": "指标含义",
    "数值": "不带单位的数值（比率为小数，未报送时为空），用于计算",
}


def placeholder_name(key: str) -> str:
    """An indicator's placeholder: its Chinese name without punctuation (行政村（社区）数 → 行政村社区数)."""
    return re.sub(r"\W", "", key)


def _unwrap(other: Any) -> Any:
    return other.value if isinstance(other, Placeholder) else other


@dataclass(frozen=True, eq=False)
class Placeholder:
    """An indicator `Value` as a narrative sees it: prints with its unit ("3次", "100.0%",
    "未报送"), compares like its number (a missing value compares False with everything, so
    ``{% if X > 0 %}`` simply leaves the clause out), and offers only the attributes in
    `PLACEHOLDER_ATTRIBUTES`."""

    value: Value

    def __str__(self) -> str:
        return self.value.text

    def __bool__(self) -> bool:
        return bool(self.value)

    def __eq__(self, other: object) -> bool:
        return bool(self.value == _unwrap(other))

    def __ne__(self, other: object) -> bool:
        return bool(self.value != _unwrap(other))

    def __lt__(self, other: Any) -> bool:
        return bool(self.value < _unwrap(other))

    def __le__(self, other: Any) -> bool:
        return bool(self.value <= _unwrap(other))

    def __gt__(self, other: Any) -> bool:
        return bool(self.value > _unwrap(other))

    def __ge__(self, other: Any) -> bool:
        return bool(self.value >= _unwrap(other))

    __hash__ = object.__hash__

    @property
    def 上年(self) -> str:
        return self.value.previous_text

    @property
    def 同比(self) -> str:
        return self.value.change_text

    @property
    def 单位(self) -> str:
        return self.value.unit

    @property
    def 含义(self) -> str:
        return self.value.indicator.meaning

    @property
    def 数值(self) -> int | float | None:
        return self.value.value


_LINE_END_TAG = re.compile(r"^(?P<before>.*?)(?P<tag>\{%(?:(?!%\}).)*?)(?P<end>-?%\})(?P<after>[ \t]*)$", re.M)
_BLOCK_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}")


def keep_line_ends(source: str) -> str:
    """The source with `+%}` on block tags that end a line of text.

    `trim_blocks` makes a line holding only ``{% if … %}`` vanish, which is what authors
    expect; but it would also eat the line break after ``…文字{% endif %}``, gluing the next
    line (often a blank line before a heading) to it and losing a section. A ``+`` keeps that
    break. Lines and columns are unchanged up to the tag's end.
    """

    def plus(m: re.Match[str]) -> str:
        text_before = _BLOCK_TAG.sub("", m["before"]).strip()
        if not text_before or m["end"].startswith("-") or m["tag"].endswith("+"):
            return m.group()
        return f"{m['before']}{m['tag']}+{m['end']}{m['after']}"

    return _LINE_END_TAG.sub(plus, source)


class Token(str):
    """The inert paragraph that stands for a chart or table until sanitising is done."""


def escape_markdown(text: str) -> str:
    """Text that Markdown reads back exactly: every ASCII punctuation mark backslash-escaped,
    line breaks folded to spaces (a value cannot start a heading, list or new block)."""
    flat = re.sub(r"\s*[\r\n]+\s*", " ", text)
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", flat)


def finalize(value: Any) -> str:
    """How every ``{{ … }}`` result is written into the Markdown: text, numbers and
    placeholders only; anything else (a function, an internal object) is an error, never text."""
    if isinstance(value, Token):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return escape_markdown(fmt.number(value, ""))
    if value is None or isinstance(value, str | Placeholder):
        return escape_markdown("" if value is None else str(value))
    raise TemplateRuntimeError("这里写出的不是文字或数字；图表、表格须写成 {{ 图表(\"名称\") }}，单独占一行")


def _reported(v: Any) -> bool:
    """``X is 已报送``: the indicator's sheet is in the workbook (a rate may still be 不适用)."""
    if not isinstance(v, Placeholder):
        return False
    value = v.value
    return value.value is not None or value.reason(value.year) != fmt.NOT_REPORTED


def _comparable(v: Any) -> bool:
    """``X is 可比``: this year and last year both have a value, so ``X.同比`` is a real change."""
    return isinstance(v, Placeholder) and v.value.value is not None and v.value.previous is not None


class NarrativeSandbox(ImmutableSandboxedEnvironment):
    """The sandbox with every door closed that a narrative does not need (see module doc)."""

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    def __init__(self) -> None:
        super().__init__(
            loader=None,
            undefined=StrictUndefined,
            finalize=finalize,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.globals.clear()
        self.filters.clear()
        self.tests.clear()
        self.tests[REPORTED_TEST] = _reported
        self.tests[COMPARABLE_TEST] = _comparable
        self.tests[HAS_VALUE_TEST] = lambda v: isinstance(v, Placeholder) and v.value.value is not None

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return isinstance(obj, Placeholder) and attr in PLACEHOLDER_ATTRIBUTES

    def is_safe_callable(self, obj: Any) -> bool:
        return isinstance(obj, Place)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """``+ - * /`` on two numbers; nothing else (no string or list building, no powers)."""
        if operator not in ("+", "-", "*", "/"):
            raise SecurityError(f"叙述稿中不能使用运算符「{operator}」")
        if not all(isinstance(x, int | float) and not isinstance(x, bool) for x in (left, right)):
            raise TemplateRuntimeError(f"「{operator}」两边须是数值（如 X.数值）；指标没有数值（未报送、不适用）时"
                                       f"不能计算，可先用 {{% if X is {HAS_VALUE_TEST} %}} 判断")
        return super().call_binop(context, operator, left, right)


@dataclass(frozen=True, eq=False)
class Place:
    """图表("…") or 表格("…"): records a `Placement` under a fresh token and returns the token
    as a paragraph of its own (the only callables a narrative may call)."""

    kind: PlacementKind
    nonce: str
    placements: dict[str, Placement]

    def __call__(self, key: str) -> Token:
        token = f"fazhi{self.nonce}n{len(self.placements)}x"
        self.placements[token] = Placement(self.kind, str(key))
        return Token(f"\n\n{token}\n\n")


def context(indicators: IndicatorSet, info: BasicInfo, placements: dict[str, Placement]) -> dict[str, Any]:
    """Every name a narrative may use, bound to this township-year. 图表()/表格() record a
    `Placement` under a fresh token and return that token as a paragraph of its own; the
    renderer recognises the paragraph in the sanitised document tree and takes it out, so the
    token never reaches the report (a per-render nonce keeps anyone from typing one)."""
    nonce = secrets.token_hex(8)
    names: dict[str, Any] = {placeholder_name(k): Placeholder(indicators[k]) for k in indicators.keys()}
    names.update(info_values(info))
    names[CHART_FUNCTION] = Place("chart", nonce, placements)
    names[TABLE_FUNCTION] = Place("table", nonce, placements)
    return names


def township_kind(township: str) -> str:
    """土门关乡 → 乡, 鲁沙尔镇 → 镇, a 街道办事处 → 街道."""
    if "街道" in township:
        return "街道"
    return "镇" if township.endswith("镇") else "乡"


def county_kind(county: str) -> str:
    """湟中区 → 区, 大通回族土族自治县 → 县, a 县级市 → 市, a 旗 → 旗."""
    return next((kind for kind in ("区", "县", "市", "旗") if county.endswith(kind)), "区")


def info_values(info: BasicInfo) -> Mapping[str, Any]:
    """The basic-information names (keys of `INFO_NAMES`) for one workbook."""
    return {
        "区县": info.county,
        "区县类别": county_kind(info.county),
        "乡镇": info.township,
        "乡镇类别": township_kind(info.township),
        "年度": info.year,
        "上年度": info.year - 1,
        "下年度": info.year + 1,
        "发文机关": info.issuer,
        "主送机关": info.recipient or "",
        "成文日期": fmt.date_cn(info.date),
    }
