"""`fazhi init`: a new project folder an office can render from straight away.

It copies the package's project files (`skeleton.PROJECT_FILES`: report template, layout,
default narratives, VS Code settings), writes the project configuration (fazhi.toml: county
and roster), a blank workbook per township for the first year, and a README in Chinese.
Nothing that exists is overwritten: a folder that already is a project is refused, any other
existing file is kept and listed.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .project import PROJECT_MARKER, Project, plain_name
from .skeleton import PROJECT_FILES, skeleton_root

README = "README.md"
VSCODE_SETTINGS = Path(".vscode") / "settings.json"


@dataclass(frozen=True)
class InitResult:
    project: Project
    created: tuple[Path, ...]
    kept: tuple[Path, ...]  # already there, left as they were


def init_project(
    folder: Path, *, county: str, townships: tuple[str, ...], year: int | None = None,
    now: dt.datetime | None = None,
) -> InitResult:
    """Create the project in `folder` (made if missing); `year` defaults to last year."""
    from .config import config_path, write_default_config
    from .workbook import write_template

    now = now or dt.datetime.now()
    year = year or now.year - 1
    names = tuple(dict.fromkeys(plain_name(t) for t in townships))
    root = folder.resolve()
    if (root / PROJECT_MARKER).exists():
        raise InputError(f"{root} 已经是 fazhi 项目（其中有 {PROJECT_MARKER}），未做任何改动。")
    if root.exists() and not root.is_dir():
        raise InputError(f"{root} 是一个文件，不是文件夹：请换一个新文件夹的名称。")
    created: list[Path] = []
    kept: list[Path] = []
    source = skeleton_root()
    for name in PROJECT_FILES:
        for src in _files(source / name):
            target = root / src.relative_to(source)
            (kept if target.exists() else created).append(target)
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, target)
    _point_vscode_at_this_python(root / VSCODE_SETTINGS)
    if config_path(root).exists():
        kept.append(config_path(root))
    else:
        created.append(write_default_config(root, county, names))
    for township in names:
        path = Project(root).workbook(township, year)
        if path.exists():
            kept.append(path)
        else:
            created.append(write_template(path, township=township, year=year, county=county, now=now))
    (root / "data" / str(year)).mkdir(parents=True, exist_ok=True)
    (root / "narrative" / str(year)).mkdir(parents=True, exist_ok=True)
    readme = root / README
    if readme.exists():
        kept.append(readme)
    else:
        readme.write_text(office_readme(county, names, year), encoding="utf-8")
        created.append(readme)
    return InitResult(Project(root), tuple(created), tuple(kept))


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return [path]


def _point_vscode_at_this_python(settings: Path) -> None:
    """VS Code's tasks run `${command:python.interpreterPath}`: default it to the Python that
    has fazhi (on Windows the offline installer's venv under the user profile)."""
    data = json.loads(settings.read_text(encoding="utf-8"))
    data.setdefault("python.defaultInterpreterPath", sys.executable)
    settings.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def office_readme(county: str, townships: tuple[str, ...], year: int) -> str:
    """The project's README: what is where and the everyday commands, for the office."""
    example = townships[0]
    listed = "、".join(townships)
    return f"""# {county}法治政府建设情况报告

本文件夹是一个 fazhi 项目：每个乡镇每年填一个 Excel 工作簿，写一篇叙述稿，fazhi 据此生成
符合 GB/T 9704 公文格式的 PDF 和可离线打开的 HTML 报告。

乡镇：{listed}

## 文件夹里有什么

| 位置 | 内容 |
|---|---|
| `data/{year}/<乡镇>.xlsx` | 各乡镇 {year} 年度的工作簿，用 Excel 或 WPS 填写 |
| `narrative/{year}/<乡镇>.md` | 各乡镇的叙述稿；没有时使用 `narrative/_default.md` |
| `output/{year}/` | 生成的报告（PDF、HTML，以及需要时的 Word 文档）|
| `fazhi.toml` | 项目配置：区县名称、乡镇名单、汇总报告的主送机关和落款（用记事本打开修改） |
| `report.qmd`、`_quarto.yml`、`district.qmd`、`templates/` | 报告模板和版式，一般不需要改动 |
| `figures/`、`.cache/` | 图表和工作簿的缓存，可随时删除 |

## 常用命令

在本文件夹中打开命令行（Windows：在文件夹地址栏输入 `cmd` 回车），然后运行：

| 要做的事 | 命令 |
|---|---|
| 检查工作簿和叙述稿 | `fazhi check --township {example} --year {year}` |
| 生成一个乡镇的报告 | `fazhi render --township {example} --year {year}` |
| 同时生成 Word 文档（可在 Word、WPS 中修改） | `fazhi render --township {example} --year {year} --to html,pdf,docx` |
| 生成全部乡镇的报告 | `fazhi render --all --year {year}` |
| 生成区县汇总报告 | `fazhi render --district {county} --year {year}` |
| 查看各乡镇报送情况 | `fazhi status --year {year}` |
| 列出叙述稿可用的占位符 | `fazhi indicators --township {example} --year {year}` |
| 边写边预览 | `fazhi preview --township {example} --year {year}` |
| 检查本机环境（字体等） | `fazhi doctor` |

出错时，fazhi 会用中文说明是哪个文件、哪张工作表、哪一行哪一列，以及怎样改。

## 新增乡镇

1. 在 `fazhi.toml` 的乡镇名单中加一段 `[[townships]]`，写上 `name = "新乡镇"`；
2. `fazhi template --township 新乡镇 --year {year}` 生成空白工作簿 `data/{year}/新乡镇.xlsx`；
3. 用 Excel 或 WPS 填写，保存为 .xlsx；
4. `fazhi check --township 新乡镇 --year {year}`，直到没有错误；
5. 需要时运行 `fazhi narrative new --township 新乡镇 --year {year}`，生成本乡镇自己的叙述稿
   `narrative/{year}/新乡镇.md`（条件已按本乡镇数据取舍），再修改文字；
6. `fazhi render --township 新乡镇 --year {year}`。

## 新的一年

`fazhi new-year --year {year + 1}` 以今年的叙述稿为底稿建立下一年度的叙述稿；各乡镇的新工作簿用
`fazhi template --township {example} --year {year + 1}` 生成，它沿用今年工作簿中不随年度变化的内容
（村（社区）数、主送机关、仍在聘期的法律顾问等）并列出沿用了什么，请逐项核对。

## 字体

正式报送的 PDF 应使用仿宋_GB2312、方正小标宋简体、黑体、楷体_GB2312。`fazhi doctor` 会列出本机
找到的字体；缺少时 PDF 使用替代字体，并在生成时提示。
"""
