"""The `fazhi` command: a thin adapter from arguments to one library call per subcommand.

It prints a `FazhiError` in Chinese (exit 1); a file-system refusal nobody explained (OSError)
is said in Chinese with the file's name; anything else is a bug, named in one line, with its
traceback only under `--debug`.
"""

from __future__ import annotations

import argparse
import atexit
import os
import re
import sys
import threading
from contextlib import suppress
from pathlib import Path
from typing import Any, NoReturn

from rich.console import Console
from rich.markup import escape

from .atomic import os_error_text
from .errors import FazhiError, ValidationFailed
from .render import ENGINES

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
    p.add_argument("--root", type=Path, help="项目文件夹（默认：从当前文件夹向上查找含 report.qmd 的文件夹）")
    p.add_argument("--debug", action="store_true", help="出错时显示完整的 Python 调用栈")


def _target(p: argparse.ArgumentParser, *, allow_all: bool = True) -> None:
    p.add_argument("--township", help="乡镇名称，如 土门关乡")
    p.add_argument("--year", type=int, required=True, help="报告年度，如 2024")
    if allow_all:
        p.add_argument("--all", action="store_true", help="该年度所有有工作簿的乡镇")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="fazhi", description="法治政府建设情况报告：从工作簿和叙述稿生成 HTML、PDF 与 Word 文档。")
    # metavar: the usage line names no command, so that `docs` (developers only, no help=) stays hidden
    sub = parser.add_subparsers(dest="command", title="子命令", metavar="<子命令>")

    p = sub.add_parser("init", help="新建项目文件夹（报告模板、版式、空白工作簿、说明）")
    p.add_argument("folder", type=Path, help="新项目的文件夹（不存在时创建）")
    p.add_argument("--county", default="湟中区", help="区县名称（默认 湟中区）")
    p.add_argument("--townships", nargs="+", required=True,
                   help="乡镇名称，空格分隔（写入 fazhi.toml 的乡镇名单，并为每个乡镇生成空白工作簿）")
    p.add_argument("--year", type=int, help="首个报告年度（默认：上一年）")
    p.add_argument("--debug", action="store_true", help="出错时显示完整的 Python 调用栈")

    p = sub.add_parser("doctor", help="检查本机环境：Python、字体、浏览器、pandoc、Typst、Quarto、输出文件夹")
    _common(p)

    p = sub.add_parser("render", help="生成报告（HTML、PDF，可选 Word）")
    _target(p)
    _common(p)
    p.add_argument("--district", help="生成区县汇总报告，如 湟中区")
    p.add_argument("--to", help="输出格式，逗号分隔：html、pdf、docx（Word）；默认取 fazhi.toml 的 formats，否则 html,pdf")
    p.add_argument("--output-dir", type=Path, help="输出目录（默认 output/<年度>/）")
    p.add_argument("--engine", choices=list(ENGINES), default="fast", help="渲染引擎：fast（默认）或 quarto（需安装 Quarto）")
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

    p = sub.add_parser("narrative", help="叙述稿：narrative new 为乡镇生成自己的叙述稿")
    actions = p.add_subparsers(dest="narrative_action", required=True, title="操作")
    q = actions.add_parser("new", help="由默认叙述稿生成 narrative/<年度>/<乡镇>.md，条件按该乡镇数据取舍")
    _target(q, allow_all=False)
    _common(q)

    p = sub.add_parser("preview", help="本地预览，保存后自动刷新")
    _target(p, allow_all=False)
    _common(p)
    p.add_argument("--port", type=int, default=8765, help="本机端口（默认 8765）")

    p = sub.add_parser("fonts", help="显示各字体角色在本机使用的字体")
    _common(p)

    p = sub.add_parser("check-pdf", help="按 GB/T 9704 测量 PDF 版式")
    p.add_argument("file", type=Path, help="要测量的 PDF 文件")
    _common(p)

    # developers only (no help=, so not listed): rewrites docs/data.md, docs/indicators.md and
    # the VS Code snippets
    p = sub.add_parser("docs")
    _common(p)
    _chinese_metavars(parser)
    return parser


# How an option's value is shown in the help (`--year 年度`), by the option's dest.
_METAVARS = {
    "township": "乡镇", "year": "年度", "root": "文件夹", "district": "区县", "county": "区县",
    "to": "格式", "output_dir": "文件夹", "output": "文件", "jobs": "数量",
    "port": "端口", "file": "PDF文件", "folder": "文件夹", "townships": "乡镇",
}


def _chinese_metavars(parser: argparse.ArgumentParser) -> None:
    """Give every option that takes a value a Chinese placeholder (argparse would print YEAR)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for subparser in action.choices.values():
                _chinese_metavars(subparser)
        elif action.metavar is None and action.nargs != 0 and action.choices is None:  # choices show themselves
            action.metavar = _METAVARS.get(action.dest, "值")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # plain `fazhi`: what it can do
        parser.print_help()
        return 0
    try:
        return _dispatch(args)
    except ValidationFailed as exc:
        from .report_issues import print_issues

        print_issues(exc.issues, console)
        return 1
    except FazhiError as exc:
        if args.debug:
            raise
        console.print(f"[bold red]错误：[/]{escape(str(exc))}")
        return 1
    except KeyboardInterrupt:
        console.print("已中断。已完成的报告保持不变。")
        return 130
    except OSError as exc:
        if args.debug:
            raise
        console.print(f"[bold red]错误：[/]{escape(os_error_text(exc))}")
        return 1
    except Exception as exc:  # a bug: one line, not a traceback, for the township user
        if args.debug:
            raise
        console.print(f"[bold red]程序内部错误：[/]{escape(f'{type(exc).__name__}: {exc}')}。"
                      "请加 --debug 重新运行并报告此问题。")
        return 1


def _dispatch(args: argparse.Namespace) -> int:
    from . import commands

    handler = getattr(commands, args.command.replace("-", "_"))
    return int(handler(args, console))


def run() -> NoReturn:
    """The `fazhi` command: `main()`, then out without the interpreter's teardown.

    Freeing everything a render loaded (pandas, Typst's caches of ~100 MB) takes the
    interpreter 0.1 s at exit, a tenth of a render with cached charts. The outputs are written
    and closed by then; the exit handlers (multiprocessing's, the thread pools', logging's) still
    run, through `atexit._run_exitfuncs` — CPython's own entry, underscored but kept for this."""
    code = main()
    if _still_running():
        sys.exit(code)  # the interpreter's own exit waits for it
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a reader gone (`| head`), a stream closed
            stream.flush()
    os._exit(code)


def _still_running() -> bool:
    """A child process (a drawing process still starting when a render failed early) or a
    thread that the interpreter's exit would wait for."""
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is not None and multiprocessing.active_children():
        return True
    return any(not t.daemon for t in threading.enumerate() if t is not threading.main_thread())


if __name__ == "__main__":
    run()
