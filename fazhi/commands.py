"""One handler per `fazhi` subcommand: turn parsed arguments into one library call.

Each handler returns the process exit code. Imports are local so that `fazhi --help` and
light commands start fast.
"""

from __future__ import annotations

import argparse

from rich.console import Console

from .errors import InputError
from .project import Project


def _project(args: argparse.Namespace) -> Project:
    return Project.at(args.root)


def _township(args: argparse.Namespace) -> str:
    if not args.township:
        raise InputError("请用 --township 指定乡镇（或用 --all 处理该年度全部乡镇）。")
    return args.township


def render(args: argparse.Namespace, console: Console) -> int:
    from .render import parse_formats, render_township

    project = _project(args)
    formats = parse_formats(args.to)
    if args.engine == "quarto":
        from .render.quarto import render_with_quarto

        result = render_with_quarto(project, _township(args), args.year, formats=formats, output_dir=args.output_dir)
    else:
        result = render_township(project, _township(args), args.year, formats=formats, output_dir=args.output_dir)
    for message in result.messages:
        console.print(f"[yellow]提示：[/]{message}")
    for path in result.outputs.values():
        console.print(f"[green]已生成[/] {path}")
    return 0
