"""The district summary's prose, computed from the numbers: totals, leaders, gaps, omissions.

Every sentence is built from `DistrictData` and the district's `IndicatorSet`, with numbers
written by `fazhi.fmt` (through `Value.text` / `change_text`), so the prose cannot disagree
with the tables. Township names come from file names and workbooks: they are data, escaped
for Markdown like every value a narrative prints.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import fmt
from ..charts.bars import listing
from ..indicators import IndicatorSet, Value
from ..narrative.template import escape_markdown
from ..workbook.schema import LEDGERS
from .summary import DistrictData

# Rates a township is expected to bring to 100%; one below it is named under 需要关注的情况.
FULL_RATES = ("村居法律顾问覆盖率", "学法考试参考率", "重大行政决策合法性审查率", "信访按期办结率", "执法人员持证率")
DROP = 0.2  # a count that fell by more than this share of last year's value is named
TOP = 3


def name(text: str) -> str:
    return escape_markdown(text)


def preamble(data: DistrictData) -> str:
    left_out = ""
    if data.left_out:
        names = listing(f"{name(t)}（{why}）" for t, why in data.left_out)  # why: fazhi's own words
        left_out = f"{names}未通过校验，未纳入本报告，请相关乡镇修改后重新报送。"
    counted = f"根据全区{len(data.townships)}个乡镇报送的"
    if data.roster_size is not None:
        counted = f"全区{data.roster_size}个乡镇中，{len(data.townships)}个乡镇的台账纳入本报告。根据这些乡镇报送的"
    return (
        f"{counted}{data.year}年度法治政府建设工作台账，现将各乡镇法治政府建设"
        f"主要情况汇总如下。文中数字均由各乡镇台账按统一口径计算：合计只计报送了相应台账的乡镇，"
        f"比率按各乡镇分子、分母分别加总后计算，同比只与同一批乡镇的上年数据比较。{not_reported(data)}{left_out}"
    )


def not_reported(data: DistrictData) -> str:
    """"甲镇、乙乡尚未报送2024年度工作台账，本报告未包含其数据。" for the roster's missing townships."""
    if not data.not_reported:
        return ""
    return f"{listing(name(t) for t in data.not_reported)}尚未报送{data.year}年度工作台账，本报告未包含其数据。"


def _with_change(v: Value) -> str:
    """"2163件（同比下降7.0%）", the change left out when last year is not comparable."""
    return f"{v.text}（{v.change_text}）" if v.change is not None else v.text


def overview(totals: IndicatorSet) -> str:
    """One paragraph: the district's main totals and rates, each with its year-over-year change."""
    clauses = []

    def clause(template: str, *keys: str) -> None:
        values = [totals[k] for k in keys]
        if all(v.value is not None for v in values):
            clauses.append(template.format(*(_with_change(v) for v in values)))

    clause("组织学法活动{}", "学法活动次数")
    clause("学法考试合格率{}", "学法考试合格率")
    clause("开展普法宣传{}，受众{}", "普法宣传场次", "普法受众人次")
    clause("对{}事项开展合法性审查", "合法性审查件数")
    clause("受理矛盾纠纷{}，调解成功率{}", "矛盾纠纷受理数", "调解成功率")
    clause("受理信访事项{}，按期办结率{}", "信访受理数", "信访按期办结率")
    clause("办理行政执法案件{}", "行政执法案件数")
    clause("村居法律顾问覆盖率{}", "村居法律顾问覆盖率")
    if not clauses:
        return ""
    return f"{totals.year}年，全区各乡镇" + "；".join(clauses) + "。"


def leaders(data: DistrictData, key: str) -> str:
    """"矛盾纠纷受理数居前3位的是甲120件、乙……，合计占全区的40.2%。"""
    ranked = sorted(((t, v) for t, v in data.values(key) if v.value is not None), key=lambda tv: -(tv[1].value or 0))
    if len(ranked) < 2:
        return ""
    top = ranked[:TOP]
    total = sum(v.value or 0 for _, v in ranked)
    share = fmt.pct(sum(v.value or 0 for _, v in top) / total) if total else fmt.pct(None)
    names = listing(f"{name(t)}{v.text}" for t, v in top)
    return f"{key}居前{len(top)}位的是{names}，合计占全区的{share}。"


def spread(data: DistrictData, totals: IndicatorSet, key: str) -> str:
    """"调解成功率最高的是甲，为100.0%；最低的是乙，为88.0%；全区为95.6%，3个乡镇低于全区水平。"""
    shown = sorted(((t, v) for t, v in data.values(key) if v.value is not None), key=lambda tv: -(tv[1].value or 0))
    overall = totals[key]
    if len(shown) < 2 or overall.value is None:
        return ""
    (high, hv), (low, lv) = shown[0], shown[-1]
    if hv.value == lv.value:
        return f"各乡镇{key}均为{hv.text}。"
    below = sum(v < overall for _, v in shown)
    return (f"{key}最高的是{name(high)}，为{hv.text}；最低的是{name(low)}，为{lv.text}；"
            f"全区为{overall.text}，{below}个乡镇低于全区水平。")


def concerns(data: DistrictData) -> list[str]:
    """Bullet points: rates short of 100%, counts that dropped sharply, ledgers not reported."""
    points = []
    for key in FULL_RATES:
        short = [(t, v) for t, v in data.values(key) if v.value is not None and v.value < 1]
        if short:
            points.append(f"{key}未达到100%的乡镇：" + listing(f"{name(t)}{v.text}" for t, v in short) + "。")
    for key in ("普法宣传场次", "学法活动次数", "合法性审查件数"):
        dropped = [(t, v) for t, v in data.values(key) if v.previous and v.value is not None
                   and (v.previous - v.value) / v.previous > DROP]
        if dropped:
            points.append(f"{key}比上年下降超过{fmt.pct(DROP)}的乡镇："
                          + listing(f"{name(t)}{v.change_text}" for t, v in dropped) + "。")
    missing = _missing_ledgers(data)
    if missing:
        points.append("未报送部分台账的乡镇：" + "；".join(missing) + "。")
    points += [f"{name(t)}{why}，未纳入本报告。" for t, why in data.left_out]
    if data.not_reported:
        points.append(f"尚未报送{data.year}年度工作台账的乡镇：{listing(name(t) for t in data.not_reported)}。")
    return points


def _missing_ledgers(data: DistrictData) -> Sequence[str]:
    found = []
    for township in data.townships:
        records = township.records[data.year]
        absent = [ledger for sheet, ledger in LEDGERS.items() if records.sheet(sheet) is None]
        if absent:
            found.append(f"{name(township.name)}（{listing(absent)}）")
    return found


def bullet_list(points: Sequence[str]) -> str:
    return "\n".join(f"- {p}" for p in points)
