"""How a column is described to the people who fill it in: its kind, its rules, what a cell
should hold. One wording shared by validation messages, the blank workbook's header comments
and docs/data.md."""

from __future__ import annotations

from .schema import Column

KIND_NAMES = {"text": "文字", "int": "整数", "float": "数字", "date": "日期", "bool": "是/否", "enum": "选项"}
_EXPECTED = {
    "text": "文字",
    "int": "整数，如 12",
    "float": "数字，如 92.5",
    "date": "日期，如 2024-03-05、2024/3/5 或 2024年3月5日",
    "bool": "是 或 否（也可填 √ / ×）",
}


def expected_text(col: Column) -> str:
    """What a column's cells should hold, as a message states it (a whole number with the
    column's own example: 年度 asks for 2024, not 12)."""
    if col.kind == "enum":
        return "以下之一：" + "、".join(col.choices)
    if col.kind == "int" and col.example:
        return f"整数，如 {col.example}"
    return _EXPECTED[col.kind]


def _year_text(col: Column, year: int | None) -> str | None:
    span = f"{year} 年" if year is not None else "报告年度"
    return {
        "inside": f"须在{span}内",
        "start": f"不晚于{span}年末",
        "end": f"不早于{span}年初",
        "next": f"通常为{f'{year + 1} 年' if year is not None else '报告年度的次年'}（在{span}内则警告，其他年份为错误）",
    }.get(col.year_rule) if col.kind == "date" else None


def rule_texts(col: Column, year: int | None = None) -> list[str]:
    """The column's rules in Chinese, one phrase each (choices, dates, range, uniqueness…)."""
    rules = []
    if col.choices:
        rules.append("可选：" + "、".join(col.choices))
    if col.value_aliases:
        rules.append("也接受：" + "、".join(f"{a}→{c}" for a, c in col.value_aliases))
    if text := _year_text(col, year):
        rules.append(text)
    if col.minimum is not None and col.maximum is not None:
        rules.append(f"{col.minimum:g}–{col.maximum:g}")
    elif col.minimum is not None:
        rules.append(f"不小于 {col.minimum:g}")
    if col.unique:
        rules.append("表内不能重复")
    if col.personal:
        rules.append("个人信息：读取后即丢弃，不进入报告")
    if col.published:
        rules.append("原样印在报告中：不要写入个人姓名（像人名时警告）")
    if col.aliases:
        rules.append("表头也可写作：" + "、".join(col.aliases))
    return rules
