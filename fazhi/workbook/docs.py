"""`docs/data.md`, generated from the schema: every sheet, column, type, rule and choice.

The page is for the people who fill in the workbooks, so it is in Chinese. `fazhi docs`
rewrites it; a test fails when the committed file differs from `data_docs()`.
"""

from __future__ import annotations

from .cells import FALSE_WORDS, TRUE_WORDS
from .column_text import KIND_NAMES, rule_texts
from .headers import HEADER_SCAN_ROWS
from .schema import INSTRUCTIONS_SHEET, PASS_MARK, SHEETS, Sheet
from .sheet_context import MAX_PER_PROBLEM
from .sheet_rules import ROW_RULES


def data_docs() -> str:
    """The full text of docs/data.md."""
    parts = [_INTRO.format(
        instructions=INSTRUCTIONS_SHEET, scan=HEADER_SCAN_ROWS, pass_mark=PASS_MARK, max=MAX_PER_PROBLEM,
        true=" ".join(TRUE_WORDS), false=" ".join(FALSE_WORDS),
        sheets="\n".join(f"| {s.name} | {'必需' if s.required else '可无'} | {s.description} |" for s in SHEETS),
    )]
    parts += [_sheet(s) for s in SHEETS]
    return "\n".join(parts).rstrip() + "\n"



def _sheet(spec: Sheet) -> str:
    lines = [f"## {spec.name}", "", f"{spec.description}{'（必需）' if spec.required else '（可无：缺表表示未报告该项）'}", ""]
    lines += ["| 列名 | 类型 | 必填 | 说明 | 取值与规则 | 示例 |", "|---|---|---|---|---|---|"]
    for col in spec.columns:
        lines.append(f"| {col.name} | {KIND_NAMES[col.kind]} | {'是' if col.required else '否'} | {col.description} "
                     f"| {'；'.join(rule_texts(col))} | {col.example} |")
    checks = [f"{later}不得早于{earlier}（错误）" for earlier, later in spec.ordered]
    checks += [f"{r.message}（警告，见「{r.column}」列）" for r in ROW_RULES if r.sheet == spec.name]
    if checks:
        lines += ["", "行内检查：", ""] + [f"- {c}" for c in checks]
    return "\n".join(lines) + "\n"


_INTRO = """# 工作簿数据说明

<!-- 本文件由 `fazhi docs` 根据 fazhi/schema.py 自动生成，请勿手工修改。 -->

每个乡镇每年一个工作簿：`data/<年度>/<乡镇>.xlsx`（例如 `data/2024/土门关乡.xlsx`）。
只读取 .xlsx 格式：.xls、.et 等格式的工作簿会被指出，请用 Excel 或 WPS“另存为”.xlsx。
空白工作簿用 `fazhi template --township 乡镇 --year 年度` 生成，填好后用
`fazhi check --township 乡镇 --year 年度` 检查。

## 总则

- 每个工作表第一行（或标题行之下、前 {scan} 行内）是表头，列名须与下文一致；列的顺序不限。
  表头中的空格、全角字符、“*”和“（必填）”字样不影响识别；表头可以分两行（如合并单元格的分组标题）。
  基本信息也可以竖排：一列写项目名称，其右侧一列写内容。
- 从表头下一行起每行一条记录；整行为空的行忽略，“合计”行忽略并警告。隐藏的行和工作表照常读取。
- 基本信息表必需；其他工作表可以没有。**没有某个工作表表示该项“未报告”，报告不会把它当作零；**
  保留工作表但不填记录，表示该项全年为零。
- 多余的工作表和列会被忽略并提示；「{instructions}」工作表（填写说明）不读取。
  名称中含有数据表名的工作表（如“2024年矛盾纠纷台账”）不读取并警告：请改为规定的名称。
- 日期：Excel 日期，或文字 2024-03-05、2024/3/5、2024.3.5、2024年3月5日、20240305；
  日/月/年 顺序和两位数年份无法确定，会被拒绝。
- 数字：可以是文字格式的数字、全角数字、带千分位逗号（1,200）或单位（12人、3次、2024年）；
  不能是约数（约12、15余）；计数列不能有小数。
- 整数允许公式计算带来的极小误差（499.99999999999994 按 500）。
- 单元格不能是 Excel 错误值（#N/A、#REF! 等）或没有计算结果的公式（用程序生成、未在 Excel 中保存过的文件），
  数据行中不能有合并单元格（合并后只有第一行有值）：这些都报错并指出位置，不会当作空白。
  只有错误值或合并单元格、没有其他内容的行按空行跳过并警告。标题行和表头中的合并单元格不受影响。
- 编号比较时忽略全角半角和空格（`JF2024-00２` 与 `JF2024-002` 视为重复）。编号列只有汉字（像人名）时警告：
  请填编号，不要填写姓名；提示信息不会显示这样的值。
- 是/否：是 = {true}；否 = {false}。
- 选项列：须为列出的值之一，忽略空格和全角半角差异。
- 乡镇名称须与文件名一致，年度须与文件夹一致。
- 学法考试成绩 {pass_mark} 分及以上计为合格。
- 所有问题一次列出：文件、工作表、Excel 行号、列名、现值和应填内容。同一列同一类问题超过 {max} 行时只列出前 {max} 行。

| 工作表 | 是否必需 | 内容 |
|---|---|---|
{sheets}
"""
