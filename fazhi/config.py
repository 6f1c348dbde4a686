"""The project's configuration: `fazhi.toml` at the project root.

It names the county/district, the roster of its townships (name, optional order and 类别),
the district summary's 主送, issuer and date, and the default output formats::

    county = "湟中区"

    [summary]
    recipient = "区委全面依法治区委员会"   # 主送 (optional)
    issuer = "湟中区司法局"                     # 落款 (default: <county>司法局)
    date = 2025-01-20                           # 成文日期 (default: the latest township date)

    [output]
    formats = ["html", "pdf"]

    [[townships]]
    name = "鲁沙尔镇"
    category = "镇"   # optional
    order = 1          # optional: position on the board, in exports and in the summary

`load_config(root)` reads it with the standard library's `tomllib`, validates it with pydantic
and reports every problem as a located `Issue` (file, key, line where TOML or the key shows
it) inside `ValidationFailed`; a project without the file has no configuration (None).
`default_config_text` / `write_default_config` write a commented file for a county and its
townships (what `fazhi init` creates). `unknown_file_issues` checks the township names of a
year's workbooks and narratives against the roster, with a did-you-mean.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from .atomic import write_all
from .errors import InputError, Issue, Reason, ValidationFailed
from .project import OTHER_WORKBOOK_SUFFIXES, Project, plain_name
from .registry import did_you_mean

CONFIG_FILE = "fazhi.toml"
DEFAULT_FORMATS = ("html", "pdf")
# Formats a config may name; = the renderers' registry (fazhi.render), without importing it.
KNOWN_FORMATS = ("html", "pdf", "docx")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class RosterTownship(_Model):
    """One township of the roster."""

    name: str
    order: int | None = None
    category: str | None = None  # 类别, e.g. 镇、乡、民族乡, or a grouping the district uses

    @field_validator("name")
    @classmethod
    def _file_name(cls, name: str) -> str:
        try:
            return plain_name(name)
        except InputError as exc:
            raise ValueError(str(exc)) from None


class SummarySettings(_Model):
    """The district summary's 主送, issuer (落款) and date (成文日期)."""

    recipient: str | None = None
    issuer: str | None = None
    date: dt.date | None = None


class OutputSettings(_Model):
    formats: tuple[str, ...] = DEFAULT_FORMATS

    @field_validator("formats")
    @classmethod
    def _known(cls, formats: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [f for f in formats if f.lower() not in KNOWN_FORMATS]
        if unknown or not formats:
            raise ValueError(f"不支持的输出格式：{'、'.join(unknown) or '（空）'}。可选：{'、'.join(KNOWN_FORMATS)}。")
        return tuple(dict.fromkeys(f.lower() for f in formats))


class ProjectConfig(_Model):
    """The whole file. `roster` is the townships' names in board order."""

    county: str
    townships: tuple[RosterTownship, ...]
    summary: SummarySettings = SummarySettings()
    output: OutputSettings = OutputSettings()

    @field_validator("county")
    @classmethod
    def _county(cls, county: str) -> str:
        if not county:
            raise ValueError("区县名称不能为空。")
        return county

    @field_validator("townships", mode="before")
    @classmethod
    def _names_alone(cls, entries: Any) -> Any:
        """A township may be written as its name alone: "鲁沙尔镇" = { name = "鲁沙尔镇" }."""
        if isinstance(entries, list):
            return [{"name": e} if isinstance(e, str) else e for e in entries]
        return entries

    @property
    def ordered(self) -> tuple[RosterTownship, ...]:
        """The roster by `order` (townships without one after those with, as listed)."""
        indexed = list(enumerate(self.townships))
        indexed.sort(key=lambda it: (it[1].order is None, it[1].order or 0, it[0]))
        return tuple(t for _, t in indexed)

    @property
    def roster(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.ordered)

    def category(self, township: str) -> str:
        return next((t.category or "" for t in self.townships if t.name == township), "")

    @property
    def issuer(self) -> str:
        return self.summary.issuer or f"{self.county}司法局"


# -- reading --------------------------------------------------------------------------------------
def config_path(root: Path) -> Path:
    return root / CONFIG_FILE


def load_config(root: Path) -> ProjectConfig | None:
    """The project's configuration, None when it has no fazhi.toml; ValidationFailed (every
    problem located) when the file is not valid."""
    path = config_path(root)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise ValidationFailed([Issue(str(path), "配置文件不是 UTF-8 编码的文本，请在编辑器中以 UTF-8 保存。",
                                      reason=Reason.CONFIG_ENCODING)]) from None
    return parse_config(text, str(path))


def require_config(root: Path) -> ProjectConfig:
    """The configuration, or an InputError saying how to create it."""
    config = load_config(root)
    if config is None:
        raise InputError(f"没有项目配置文件 {config_path(root)}：其中应写明区县名称和乡镇名单。"
                         "可运行 fazhi init 创建，或参照 docs/district.md 手工编写。")
    return config


_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def parse_config(text: str, file: str) -> ProjectConfig:
    """`text` as a configuration; ValidationFailed with each problem located in `file`."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = _TOML_AT.search(str(exc))
        detail = _TOML_AT.sub("", str(exc)).strip()
        line, column = (int(at[1]), at[2]) if at else (None, None)
        raise ValidationFailed([Issue(file, f"TOML 格式错误（{detail}）。请检查这一行的引号、等号和括号；"
                                            "文字须加英文双引号，如 county = \"湟中区\"。", line=line, column=column,
                                      reason=Reason.CONFIG_SYNTAX)]) from None
    lines = text.splitlines()
    try:
        config = ProjectConfig.model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed([_issue(file, lines, raw, dict(e)) for e in exc.errors()]) from None
    duplicates = _duplicates(file, lines, config)
    if duplicates:
        raise ValidationFailed(duplicates)
    return config


def _duplicates(file: str, lines: Sequence[str], config: ProjectConfig) -> list[Issue]:
    seen: set[str] = set()
    issues = []
    for township in config.townships:
        if township.name in seen:
            found = [n for n, text in enumerate(lines, 1) if json.dumps(township.name, ensure_ascii=False) in text]
            issues.append(Issue(file, f"乡镇「{township.name}」在名单中出现了不止一次，请删除重复的一项。",
                                column="townships", line=found[-1] if found else None, reason=Reason.ROSTER_DUPLICATE))
        seen.add(township.name)
    return issues


# What each key means, for messages ("summary.date" → 汇总报告的成文日期)
KEY_MEANINGS = {
    "county": "区县名称", "townships": "乡镇名单", "summary": "汇总报告设置", "output": "输出设置",
    "name": "乡镇名称", "order": "排列顺序", "category": "类别",
    "recipient": "主送机关", "issuer": "发文机关（落款）", "date": "成文日期", "formats": "默认输出格式",
}
_EXPECTED = {
    "string_type": "文字，须加英文双引号，如 \"湟中区\"",
    "int_type": "整数，如 3", "int_parsing": "整数，如 3", "int_from_float": "整数，如 3",
    "date_type": "日期，如 2025-01-20", "date_parsing": "日期，如 2025-01-20",
    "date_from_datetime_parsing": "日期，如 2025-01-20", "date_from_datetime_inexact": "日期（不带时间），如 2025-01-20",
    "tuple_type": "列表，如 [\"html\", \"pdf\"]", "list_type": "列表", "model_type": "一组设置（[表名] 下的若干行）",
    "dict_type": "一组设置（[表名] 下的若干行）",
}


def _issue(file: str, lines: Sequence[str], raw: Mapping[str, Any], error: dict[str, Any]) -> Issue:
    loc = tuple(error["loc"])
    key = _key_name(loc)
    kind = error["type"]
    if kind == "missing":
        message = f"缺少必填项「{key}」（{KEY_MEANINGS.get(str(loc[-1]), '')}）。"
    elif kind == "extra_forbidden":
        known = _allowed_keys(loc[:-1])
        message = f"无法识别的设置项「{key}」。{did_you_mean(str(loc[-1]), known)}可用的设置项：{'、'.join(known)}。"
    elif kind == "value_error":
        message = str(error["ctx"]["error"])
    else:
        message = f"「{key}」（{KEY_MEANINGS.get(str(loc[-1]), '')}）的取值无效。"
    value = _value_at(raw, loc) if kind not in ("missing", "extra_forbidden") else None
    reasons = {"missing": Reason.CONFIG_KEY_MISSING, "extra_forbidden": Reason.CONFIG_KEY_UNKNOWN}
    reason = reasons.get(kind, Reason.CONFIG_VALUE_INVALID)
    return Issue(file, message, column=key, line=_line_of(lines, loc),
                 value=None if value is None else str(value), expected=_EXPECTED.get(kind), reason=reason)


def _key_name(loc: tuple[Any, ...]) -> str:
    """("townships", 2, "name") → townships[3].name (entries counted from 1, as a reader does)."""
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    model: type[BaseModel] = ProjectConfig
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[str(part)].annotation
        inner = getattr(annotation, "__args__", (annotation,))[0]
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            model = inner
    return list(model.model_fields)


def _value_at(raw: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        try:
            raw = raw[part]
        except (KeyError, IndexError, TypeError):
            return None
    if isinstance(raw, str) and raw:  # a township given as a bare name is checked as {name = …}
        return raw
    return raw if isinstance(raw, int | float | dt.date) else None


_HEADER = re.compile(r"^\s*\[\[?\s*([\w.-]+)\s*\]\]?")


def _line_of(lines: Sequence[str], loc: tuple[Any, ...]) -> int | None:
    """The line of the key at `loc`, found in the text (tomllib keeps no positions): the key's
    own line in its table, else the line where its table or township entry starts."""
    if not loc:
        return None
    table = str(loc[0]) if len(loc) > 1 or loc[0] in ("summary", "output") else ""
    start, end = _table_span(lines, table, loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None)
    if start is None:
        return None
    key = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
    for number in range(start, end + 1):
        if re.match(rf"^\s*{re.escape(key)}\s*=", lines[number - 1]) or re.search(rf"[{{,]\s*{re.escape(key)}\s*=",
                                                                               lines[number - 1]):
            return number
    return start if table else None


def _table_span(lines: Sequence[str], table: str, entry: int | None) -> tuple[int | None, int]:
    """First and last line of the top level (`table` ""), of [table], or of the entry-th
    township (a [[townships]] block, or one line of an inline `townships = [...]` array)."""
    headers = [(n, m[1]) for n, text in enumerate(lines, 1) if (m := _HEADER.match(text))]
    if not table:
        return 1, headers[0][0] - 1 if headers else len(lines)
    blocks = [n for n, name in headers if name == table]
    if entry is not None and not blocks:  # an inline array: one entry per line
        opening = next((n for n, text in enumerate(lines, 1) if re.match(rf"^\s*{table}\s*=", text)), None)
        if opening is None:
            return None, 0
        items = [n for n in range(opening, len(lines) + 1)
                 if re.search(r'["{]', lines[n - 1].split("=", 1)[-1] if n == opening else lines[n - 1])]
        at = items[entry] if entry < len(items) else opening
        return at, at
    if not blocks:
        opening = next((n for n, text in enumerate(lines, 1) if re.match(rf"^\s*{table}\s*=", text)), None)
        return opening, opening or 0
    start = blocks[min(entry or 0, len(blocks) - 1)]
    following = [n for n, _ in headers if n > start]
    return start, (following[0] - 1 if following else len(lines))


# -- writing --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewTownship:
    """A roster entry for a new configuration: its name and, optionally, its 类别."""

    name: str
    category: str | None = None


def _toml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


def default_config_text(
    county: str,
    townships: Sequence[str | NewTownship],
    *,
    issuer: str | None = None,
    recipient: str | None = None,
    formats: Sequence[str] = DEFAULT_FORMATS,
) -> str:
    """A commented fazhi.toml for `county` and its townships (validated before it is returned)."""
    entries = [t if isinstance(t, NewTownship) else NewTownship(t) for t in townships]
    lines = [
        "# fazhi 项目配置文件。用记事本、VS Code 或 WPS 打开编辑，保存为 UTF-8 编码。",
        "# 以 # 开头的行是说明，不起作用。文字须加英文双引号；日期写作 2025-01-20（不加引号）。",
        "# 说明见 docs/district.md。修改后运行 fazhi status --year <年度> 检查。",
        "",
        "# 区县名称：空白工作簿、报告标题和汇总报告都使用它。",
        f"county = {_toml(county)}",
        "",
        "[summary]",
        "# 区县汇总报告（fazhi render --district）的主送机关、落款和成文日期。",
        "# 主送机关：不需要时保留注释即可。",
        f"{'' if recipient else '# '}recipient = {_toml(recipient or '区委全面依法治区委员会')}",
        "# 落款（发文机关），默认为“<区县>司法局”。",
        f"issuer = {_toml(issuer or f'{county}司法局')}",
        "# 成文日期，不写则取各乡镇工作簿中最晚的成文日期。",
        "# date = 2025-01-20",
        "",
        "[output]",
        "# 默认输出格式：html、pdf、docx 中的一种或几种。",
        f"formats = [{', '.join(_toml(f) for f in formats)}]",
        "",
        "# 乡镇名单：每个乡镇一段 [[townships]]。name 须与工作簿、叙述稿的文件名一致；",
        "# category（类别）和 order（排列顺序，数字小的在前）可以不写，不写 order 时按本文件中的先后排列。",
    ]
    for township in entries:
        lines += ["", "[[townships]]", f"name = {_toml(township.name)}"]
        if township.category:
            lines.append(f"category = {_toml(township.category)}")
    text = "\n".join(lines) + "\n"
    parse_config(text, CONFIG_FILE)  # a bad name or format is the caller's error, said now
    return text


def write_default_config(
    root: Path,
    county: str,
    townships: Sequence[str | NewTownship],
    *,
    issuer: str | None = None,
    recipient: str | None = None,
    formats: Sequence[str] = DEFAULT_FORMATS,
    overwrite: bool = False,
) -> Path:
    """Write `default_config_text(...)` to <root>/fazhi.toml (atomically); an existing file is
    kept (InputError) unless `overwrite`."""
    path = config_path(root)
    if path.exists() and not overwrite:
        raise InputError(f"{path} 已存在，未覆盖。")
    text = default_config_text(county, townships, issuer=issuer, recipient=recipient, formats=formats)
    write_all({path: text.encode("utf-8")})
    return path


# -- the roster against the files ---------------------------------------------------------------
def unknown_file_issues(project: Project, config: ProjectConfig, year: int) -> list[Issue]:
    """A workbook or narrative of `year` whose file name is not a township of the roster
    (a misspelt file name), with the closest roster names."""
    roster = list(config.roster)
    files = []
    folder = project.data_dir / str(year)
    if folder.is_dir():
        files += [p for p in sorted(folder.iterdir()) if p.is_file() and p.suffix.lower() in (".xlsx", *OTHER_WORKBOOK_SUFFIXES)
                  and not p.name.startswith(("~$", "."))]
    folder = project.narrative_dir / str(year)
    if folder.is_dir():
        files += [p for p in sorted(folder.glob("*.md")) if not p.name.startswith(("_", "."))]
    return [
        Issue(str(p), f"文件名中的「{p.stem}」不在 {CONFIG_FILE} 的乡镇名单中，该文件不会被汇总。"
                      f"{did_you_mean(p.stem, roster)}请改正文件名，或把该乡镇加入名单。", value=p.stem,
              reason=Reason.NOT_IN_ROSTER)
        for p in files if p.stem not in roster
    ]


def roster_issues(project: Project, year: int) -> list[Issue]:
    """`unknown_file_issues` for the project's roster; none when the project has no fazhi.toml."""
    config = load_config(project.root)
    return [] if config is None else unknown_file_issues(project, config, year)


def year_townships(project: Project, year: int) -> list[str]:
    """The townships `--all` covers: those of the roster with a file for the year, in roster
    order; without a fazhi.toml, every workbook of the year."""
    found = project.townships(year)
    config = load_config(project.root)
    return found if config is None else [t for t in config.roster if t in found]


def roster_township(root: Path, township: str) -> str:
    """`township`, when the project has no roster or the roster has it; else an InputError
    with the closest names (a misspelt --township never creates a stray workbook)."""
    config = load_config(root)
    if config is None or township in config.roster:
        return township
    raise InputError(f"「{township}」不在 {config_path(root)} 的乡镇名单中。{did_you_mean(township, list(config.roster))}"
                     f"新增乡镇请先把它加入名单（[[townships]] 下写 name = \"{township}\"）。")


def resolve_county(root: Path, given: str | None) -> str:
    """The county a command works for: `given` (--county), else the configuration's."""
    if given:
        return given
    config = load_config(root)
    if config is None:
        raise InputError(f"请用 --county 指定区县名称，或在 {config_path(root)} 中写明 county（可运行 fazhi init 创建）。")
    return config.county


__all__ = [
    "CONFIG_FILE", "NewTownship", "OutputSettings", "ProjectConfig", "RosterTownship", "SummarySettings",
    "config_path", "default_config_text", "load_config", "parse_config", "require_config", "resolve_county",
    "roster_issues", "roster_township", "unknown_file_issues", "write_default_config", "year_townships",
]
