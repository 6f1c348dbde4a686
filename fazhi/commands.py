"""One handler per `fazhi` subcommand: turn parsed arguments into one library call.

Each handler returns the process exit code. Imports are local so that `fazhi --help` and
light commands start fast.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from .errors import InputError, Issue, Reason
from .project import DEFAULT_NARRATIVE, Project

if TYPE_CHECKING:
    from .batch import Target
    from .workbook.carryover import CarryOver


def _project(args: argparse.Namespace) -> Project:
    """The project of the current folder or of --root, found by walking up like git. A folder
    named with --root that is in no project is taken at its word (a folder of collected
    workbooks is enough to check them); missing files are then named by the command."""
    try:
        return Project.find(args.root or Path.cwd())
    except InputError:
        if args.root is not None and args.root.is_dir():
            return Project.at(args.root)
        raise


def _township(args: argparse.Namespace) -> str:
    if not args.township:
        raise InputError("请用 --township 指定乡镇（或用 --all 处理该年度全部乡镇）。")
    return str(args.township)


def render(args: argparse.Namespace, console: Console) -> int:
    """One township, every township (--all) and/or a district summary (--district), skipping
    reports whose inputs are unchanged since the manifest recorded them (unless --force)."""
    from .batch import Settings, run_batch
    from .batch_view import BatchView, print_results, print_single
    from .config import load_config, roster_issues
    from .render.formats import DEFAULT_FORMATS, parse_formats
    from .report_issues import print_issues

    project = _project(args)
    config = load_config(project.root)
    formats = parse_formats(args.to) if args.to else config.output.formats if config else DEFAULT_FORMATS
    targets = _render_targets(args, project, formats)
    if args.jobs is not None and args.jobs < 1:
        raise InputError("--jobs 必须是正整数。")
    single = len(targets) == 1 and not args.all
    settings = Settings(
        formats=formats, output_dir=args.output_dir, jobs=args.jobs, force=args.force,
        engine=args.engine, raise_errors=single,
    )
    if args.all and (stray := roster_issues(project, args.year)):
        print_issues(stray, console)
    if single:
        from .preview import exit_on_termination

        exit_on_termination()  # `kill` unwinds like Ctrl+C: no temporary stays behind
        result = run_batch(project, targets, settings)
        print_single(result.outcomes[0], console)
    else:
        with BatchView(console) as view:
            result = run_batch(project, targets, settings, listener=view)
        on_default = [t.name for t in targets if t.kind == "township"
                      and project.narrative(t.name, t.year) == project.narrative_dir / DEFAULT_NARRATIVE]
        print_results(result, console, [args.output_dir or project.output_dir(args.year)], on_default)
    return result.exit_code


def _render_targets(args: argparse.Namespace, project: Project, formats: Sequence[str]) -> list[Target]:
    """What `fazhi render` renders: the townships, then the district summary. Last, because the
    summary reads every township's workbooks, which their own reports have just validated and
    cached; first, it validated all of them while the workers validated them again (~7 s CPU)."""
    from .batch import Target
    from .render import ENGINES

    ENGINES[args.engine].check(formats)  # e.g. no Quarto installed: said once, not once per township
    if not (args.all or args.township or args.district):
        raise InputError("请用 --township 指定乡镇，或用 --all 生成该年度全部乡镇、--district 生成区县汇总报告。")
    targets = [Target("township", t, args.year) for t in _targets(args, project)] if args.all or args.township else []
    return targets + ([Target("district", args.district, args.year)] if args.district else [])


def _targets(args: argparse.Namespace, project: Project) -> list[str]:
    """The townships a command covers: --township, or every workbook of the year with --all."""
    if getattr(args, "all", False):
        from .config import year_townships

        townships = year_townships(project, args.year)
        if not townships:
            raise InputError(f"{project.data_dir / str(args.year)} 中没有任何工作簿。")
        return townships
    return [_township(args)]


def check(args: argparse.Namespace, console: Console) -> int:
    from .narrative.check import check_township_narrative
    from .report_issues import print_issues
    from .workbook import check_township

    # Each check is (project, township, year) -> list[Issue]; narrative checks join this tuple.
    checks = (check_township, check_township_narrative)
    project = _project(args)
    townships = _targets(args, project)

    def run(check: Callable[[Project, str, int], list[Issue]], township: str) -> list[Issue]:
        try:
            return check(project, township, args.year)
        except InputError as exc:  # with --all, one odd file is named and the others still checked
            if len(townships) == 1:
                raise
            return [Issue(f"{args.year}/{township}", str(exc), reason=Reason.FILE_NAME_INVALID)]

    # dict.fromkeys: the default narrative's own problems are shown once, not per township
    issues = list(dict.fromkeys(i for t in townships for c in checks for i in run(c, t)))
    if args.all:
        from .config import roster_issues
        from .district.words import district_narrative_issues

        issues += roster_issues(project, args.year) + district_narrative_issues(project, args.year)
    print_issues(issues, console)
    return 1 if any(i.severity == "error" for i in issues) else 0


def template(args: argparse.Namespace, console: Console) -> int:
    import datetime as dt

    from .config import config_path, resolve_county, roster_township
    from .workbook import write_template

    project = _project(args)
    township = roster_township(project.root, _township(args))
    path = args.output or project.workbook(township, args.year)
    carry = _carry_over(project, township, args.year, console)
    if args.county or carry is None or config_path(project.root).exists():
        county = resolve_county(project.root, args.county)
    else:  # no fazhi.toml: the previous year's workbook knows the county
        county = carry.county
    write_template(path, township=township, year=args.year, county=county, now=dt.datetime.now(), carry=carry)
    console.print(f"[green]已生成空白工作簿[/] {path}")
    if carry is not None:
        console.print(f"已沿用 {args.year - 1} 年度工作簿中不随年度变化的内容，请逐项核对：")
        for line in carry.said:
            console.print(f"  · {escape(line)}")
    return 0


def _carry_over(project: Project, township: str, year: int, console: Console) -> CarryOver | None:
    """What the previous year's workbook hands on, or None (with a word why) when it cannot."""
    from .errors import ValidationFailed
    from .workbook import load_records
    from .workbook.carryover import carry_over

    previous = project.workbook(township, year - 1)
    if not previous.exists():
        return None
    try:
        return carry_over(load_records(previous, township=township, year=year - 1), year)
    except (ValidationFailed, InputError):
        console.print(f"[yellow]提示：[/]{year - 1} 年度工作簿有错误，未沿用其中的内容"
                      f"（fazhi check --township {township} --year {year - 1} 可查看）。")
        return None


def docs(args: argparse.Namespace, console: Console) -> int:
    from .generated import write_generated

    for path in write_generated(_project(args).root):
        console.print(f"[green]已更新[/] {path}")
    return 0


def indicators(args: argparse.Namespace, console: Console) -> int:
    """The author's reference on stdout (so `> 参考.txt` keeps it); warnings stay on stderr."""
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    from .narrative.data import township_data
    from .narrative.reference import element_rows, indicator_rows, info_rows

    project = _project(args)
    if args.district is not None:
        return _district_indicators(project, args.district, args.year)
    township = _township(args)
    data = township_data(project, township, args.year)
    for warning in data.warnings:
        console.print(f"[yellow]警告：[/]{escape(warning.location())}：{escape(warning.message)}")
    out = Console(highlight=False)
    for title, rows, columns in (
        (f"{township} {args.year} 年度指标占位符", indicator_rows(data.indicators),
         ("占位符", "本年", "上年", "同比", "含义")),
        ("基本信息", info_rows(data.info), ("占位符", "值", "", "", "含义")),
        ("图表与表格（单独占一行）", element_rows(), ("写法", "", "", "", "说明")),
    ):
        table = Table(title=title, title_justify="left", show_lines=False)
        keep = [i for i, c in enumerate(columns) if c]
        for i in keep:
            table.add_column(columns[i], overflow="fold")
        for row in rows:
            cells = (row.placeholder, row.value, row.previous, row.change, row.meaning)
            table.add_row(*(Text(cells[i]) for i in keep))  # Text: a workbook value is never markup
        out.print(table)
    out.print("占位符的写法与条件句见 docs/narrative.md。")
    return 0


def new_year(args: argparse.Namespace, console: Console) -> int:
    from .narrative.newyear import new_year as create

    project = _project(args)
    result = create(project, args.year)
    for path in result.created:
        console.print(f"[green]已创建[/] {path.relative_to(project.root)}")
    for path in result.skipped:
        console.print(f"[yellow]已存在，未覆盖[/] {path.relative_to(project.root)}")
    console.print(f"请运行 fazhi check --all --year {args.year} 检查新叙述稿（手写的年份和数字会被指出）。")
    return 0


def narrative(args: argparse.Namespace, console: Console) -> int:
    """`fazhi narrative new`: a township's own narrative from the default one."""
    from .narrative.newyear import new_narrative

    project = _project(args)
    township = _township(args)
    path = new_narrative(project, township, args.year)
    console.print(f"[green]已创建[/] {path.relative_to(project.root)}"
                  f"（由默认叙述稿生成，条件已按{township} {args.year} 年度数据取舍）")
    console.print(f"请在此文件中修改文字；fazhi check --township {township} --year {args.year} 检查，fazhi preview 预览。")
    return 0


def preview(args: argparse.Namespace, console: Console) -> int:
    import tempfile
    import time

    from .preview import exit_on_termination, township_preview

    if not 0 <= args.port <= 65535:  # 0: any free port
        raise InputError(f"--port 应为 0–65535 之间的端口号（0 表示任选空闲端口），现为 {args.port}。")
    project = _project(args)
    exit_on_termination()  # so a `kill` or a closed VS Code task also removes the temporary folder
    with tempfile.TemporaryDirectory(prefix="fazhi-preview-", ignore_cleanup_errors=True) as out:
        console.print("正在生成预览……")
        server = township_preview(project, _township(args), args.year, port=args.port, output_dir=Path(out)).start()
        console.print(f"[green]预览地址[/] {server.url}  （保存叙述稿或工作簿后页面自动刷新；按 Ctrl+C 结束）")
        try:
            while True:
                time.sleep(3600)
        finally:
            server.stop()


def fonts(args: argparse.Namespace, console: Console) -> int:
    from rich.table import Table

    from .fonts import load_roles, project_font_paths, resolve_fonts, substitution_summary

    project = _project(args)
    roles = load_roles(project.templates_dir)
    resolved = resolve_fonts(project_font_paths(project.root), roles)
    table = Table(title="PDF 字体（候选顺序见 templates/fonts.json）", title_justify="left")
    for column in ("用途", "应用", "本机使用", "类别"):
        table.add_column(column)
    for role in roles:
        found = resolved[role.name]
        kind = "[green]公文字体[/]" if not found.is_substitute else "[yellow]替代字体[/]" if found.family else "[red]未找到[/]"
        table.add_row(role.label, role.face, found.family or "—", kind)
    console.print(table)
    summary = substitution_summary(resolved)
    if summary:
        console.print(f"[yellow]注意：[/]{summary}")
        console.print("正式报送前，可在装有仿宋_GB2312、方正小标宋简体、黑体、楷体_GB2312 的电脑上生成 PDF；"
                      "fazhi doctor 列出缺少的字体和安装方法（Linux 上的免费替代字体：scripts/install_fonts.sh）。")
    return 0


def check_pdf(args: argparse.Namespace, console: Console) -> int:
    from .checkpdf import check_pdf as run_checks
    from .checkpdf import failed, print_checks, unmeasured

    checks = run_checks(args.file)
    print_checks(checks, console, f"GB/T 9704 版式检查：{args.file}")
    bad = failed(checks)
    if bad:
        console.print(f"[bold red]{len(bad)} 项不合格：[/]{'、'.join(c.label for c in bad)}")
        return 1
    missing = unmeasured(checks)
    if missing:
        console.print(f"[yellow]其余合格；{len(missing)} 项未测：[/]{'、'.join(c.label for c in missing)}")
        return 0
    console.print("[green]全部合格。[/]")
    return 0


# -- the district office's commands (fazhi.config, fazhi.status, fazhi.export, fazhi.district) ----
def _district_indicators(project: Project, district: str, year: int) -> int:
    """`fazhi indicators --district`: the names a district narrative may use, with their values."""
    from rich.table import Table
    from rich.text import Text

    from .config import resolve_county
    from .district.summary import district_info, load_district
    from .district.words import district_names
    from .narrative.reference import indicator_rows, info_rows

    data = load_district(project, resolve_county(project.root, district), year)
    totals = data.totals()
    assert totals is not None  # load_district raised when no township loaded
    out = Console(highlight=False)
    heading = f"{data.district} {year} 年度汇总报告叙述稿占位符（全区合计）"
    for title, rows in ((heading, indicator_rows(district_names(data, totals))), ("基本信息", info_rows(district_info(data)))):
        table = Table(title=title, title_justify="left")
        for column in ("占位符", "本年", "上年", "含义"):
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(Text(c) for c in (row.placeholder, row.value, row.previous, row.meaning)))
        out.print(table)
    out.print("区县叙述稿写在 narrative/<年度>/_district.md，写法见 docs/district.md；其中不能放图表和表格。")
    return 0


def status(args: argparse.Namespace, console: Console) -> int:
    """The board: printed, and written as HTML beside the reports. Exit 0 only when all is ready."""
    from datetime import datetime

    from .atomic import write_all
    from .config import require_config
    from .status import board_file_name, board_html, build_board, print_board

    project = _project(args)
    board = build_board(project, require_config(project.root), args.year, args.output_dir)
    print_board(board, console)
    page = (args.output_dir or project.output_dir(args.year)) / board_file_name(board)
    write_all({page: board_html(board, datetime.now().astimezone()).encode("utf-8")})
    console.print(f"[green]已写入[/] {page}")
    return 0 if board.ready else 1


def export(args: argparse.Namespace, console: Console) -> int:
    """The key-indicator workbook and the zip of every report, named for submission."""
    from datetime import datetime

    from rich.text import Text

    from .config import require_config
    from .export import export_year
    from .status import board_summary

    project = _project(args)
    result = export_year(project, require_config(project.root), args.year, args.output_dir, now=datetime.now())
    console.print(f"[green]已导出[/] {result.workbook}")
    console.print(f"[green]已导出[/] {result.archive}（{len(result.zipped)} 个文件）")
    for name in result.left_out:
        console.print(Text(f"未放入压缩包：{name}（文件缺失或生成后被改动，请重新生成）", style="yellow"))
    if not result.board.ready:
        for line in board_summary(result.board):
            console.print(Text(line, style="yellow"))
    return 0


def init(args: argparse.Namespace, console: Console) -> int:
    from .init import init_project

    result = init_project(args.folder, county=args.county, townships=tuple(args.townships), year=args.year)
    root = result.project.root
    console.print(f"[green]已新建 fazhi 项目[/] {root}（新建 {len(result.created)} 个文件；"
                  f"区县：{args.county}，乡镇名单见 fazhi.toml）")
    for path in result.kept:
        console.print(f"[yellow]已存在，未覆盖[/] {path.relative_to(root)}")
    console.print(f"下一步：进入该文件夹，填写 data/ 中的工作簿，然后运行 fazhi check 与 fazhi render。"
                  f"说明见 {root / 'README.md'}")
    return 0


def doctor(args: argparse.Namespace, console: Console) -> int:
    from .doctor import print_checks, run_checks

    checks = run_checks(args.root or Path.cwd())
    print_checks(checks, console)
    return 1 if any(c.status == "error" for c in checks) else 0
