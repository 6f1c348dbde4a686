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
