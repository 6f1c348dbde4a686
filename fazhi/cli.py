"""The `fazhi` command: a thin adapter from arguments to one library call per subcommand.

It catches only `FazhiError` (printed in Chinese, exit 1); anything else is a bug and shows
its traceback under `--debug`.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

from rich.console import Console

from .errors import FazhiError, ValidationFailed

# soft_wrap: messages keep paths and names whole when stderr is not a terminal (80 columns)
console = Console(stderr=True, highlight=False, soft_wrap=True)

# argparse's own messages, said in Chinese (its wording is stable across Python 3.11–3.13)
_ARGPARSE_WORDS = (
    (re.compile(r"argument (\S+): invalid int value: (.+)"), r"参数 \1 应为整数，现为 \2"),
    (re.compile(r"argument (\S+): invalid choice: (\S+) \(choose from (.+)\)"), r"参数 \1 的取值 \2 无效，可选：\3"),
    (re.compile(r"argument (\S+): expected one argument"), r"参数 \1 后面需要一个值"),
    (re.compile(r"the following arguments are required: (.+)"), r"缺少必需的参数：\1"),
    (re.compile(r"unrecognized arguments: (.+)"), r"无法识别的参数：\1"),
)


class _HelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with its headings, help and error messages in Chinese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title, self._optionals.title = "参数", "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        for pattern, chinese in _ARGPARSE_WORDS:
            message = pattern.sub(chinese, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：{message}\n运行「{self.prog} --help」查看用法。\n")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=Path, default=Path("."), help="项目根目录（默认：当前目录）")
    p.add_argument("--debug", action="store_true", help="出错时显示完整的 Python 调用栈")


def _target(p: argparse.ArgumentParser, *, allow_all: bool = True) -> None:
    p.add_argument("--township", help="乡镇名称，如 土门关乡")
    p.add_argument("--year", type=int, required=True, help="报告年度，如 2024")
    if allow_all:
        p.add_argument("--all", action="store_true", help="该年度所有有工作簿的乡镇")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="fazhi", description="法治政府建设情况报告：从工作簿和叙述稿生成 HTML 与 PDF。")
    sub = parser.add_subparsers(dest="command", required=True, title="子命令")

    p = sub.add_parser("render", help="生成报告（HTML 与 PDF）")
    _target(p)
    _common(p)
    p.add_argument("--district", help="生成区县汇总报告，如 湟中区")
    p.add_argument("--to", default="html,pdf", help="输出格式，逗号分隔：html,pdf（默认两者）")
    p.add_argument("--output-dir", type=Path, help="输出目录（默认 output/<年度>/）")
    p.add_argument("--engine", choices=["fast", "quarto"], default="fast", help="渲染引擎（默认 fast）")
    p.add_argument("--jobs", type=int, help="并行数（默认 CPU 核数）")
    p.add_argument("--force", action="store_true", help="即使输入未变也重新生成")

    p = sub.add_parser("check", help="检查工作簿与叙述稿，不生成报告")
    _target(p)
    _common(p)

    p = sub.add_parser("template", help="生成空白工作簿")
    _target(p, allow_all=False)
    _common(p)
    p.add_argument("--county", help="区县名称（默认取 fazhi.toml 中的 county）")
    p.add_argument("--output", type=Path, help="写入路径（默认 data/<年度>/<乡镇>.xlsx）")

    p = sub.add_parser("indicators", help="列出叙述稿可用的全部占位符及其数值")
    _target(p, allow_all=False)
    _common(p)
    p.add_argument("--district", nargs="?", const="", help="列出区县汇总报告叙述稿（_district.md）的占位符；"
                   "不写名称时取 fazhi.toml 中的区县")

    p = sub.add_parser("status", help="区县报送情况：名单中各乡镇的工作簿、叙述稿和报告是否就绪")
    p.add_argument("--year", type=int, required=True, help="报告年度，如 2024")
    p.add_argument("--output-dir", type=Path, help="报告所在目录（默认 output/<年度>/）")
    _common(p)

    p = sub.add_parser("export", help="导出主要指标汇总表（.xlsx）和全部报告的压缩包（.zip）")
    p.add_argument("--year", type=int, required=True, help="报告年度，如 2024")
    p.add_argument("--output-dir", type=Path, help="报告所在目录，导出文件也写在这里（默认 output/<年度>/）")
    _common(p)

    p = sub.add_parser("new-year", help="以上一年度叙述稿为底稿创建新年度叙述稿")
    p.add_argument("--year", type=int, required=True, help="新年度，如 2025")
    _common(p)

    p = sub.add_parser("preview", help="本地预览，保存后自动刷新")
    _target(p, allow_all=False)
    _common(p)
    p.add_argument("--port", type=int, default=8765, help="本机端口（默认 8765）")

    p = sub.add_parser("fonts", help="显示各字体角色在本机使用的字体")
    _common(p)

    p = sub.add_parser("check-pdf", help="按 GB/T 9704 测量 PDF 版式")
    p.add_argument("file", type=Path, help="要测量的 PDF 文件")
    _common(p)

    p = sub.add_parser("docs", help="重新生成 docs/data.md、docs/indicators.md 和 VS Code 代码片段（开发用）")
    _common(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except ValidationFailed as exc:
        from .report_issues import print_issues

        print_issues(exc.issues, console)
        return 1
    except FazhiError as exc:
        if args.debug:
            raise
        console.print(f"[bold red]错误：[/]{exc}")
        return 1
    except KeyboardInterrupt:
        console.print("已中断。已完成的报告保持不变。")
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    from . import commands

    handler = getattr(commands, args.command.replace("-", "_"))
    return int(handler(args, console))


if __name__ == "__main__":
    sys.exit(main())
