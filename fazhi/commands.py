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


def _targets(args: argparse.Namespace, project: Project) -> list[str]:
    """The townships a command covers: --township, or every workbook of the year with --all."""
    if getattr(args, "all", False):
        townships = project.townships(args.year)
        if not townships:
            raise InputError(f"{project.data_dir / str(args.year)} 中没有任何工作簿。")
        return townships
    return [_township(args)]


def check(args: argparse.Namespace, console: Console) -> int:
    from .records import check_township
    from .report_issues import print_issues

    # Each check is (project, township, year) -> list[Issue]; narrative checks join this tuple.
    checks = (check_township,)
    project = _project(args)
    issues = [i for t in _targets(args, project) for c in checks for i in c(project, t, args.year)]
    print_issues(issues, console)
    return 1 if any(i.severity == "error" for i in issues) else 0


def template(args: argparse.Namespace, console: Console) -> int:
    import datetime as dt

    from .workbook_template import write_template

    project = _project(args)
    township = _township(args)
    path = args.output or project.workbook(township, args.year)
    write_template(path, township=township, year=args.year, county=args.county, now=dt.datetime.now())
    console.print(f"[green]已生成空白工作簿[/] {path}")
    return 0


def docs(args: argparse.Namespace, console: Console) -> int:
    from .datadocs import write_data_docs

    console.print(f"[green]已更新[/] {write_data_docs(_project(args).root)}")
    return 0
