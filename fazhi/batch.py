"""Render many reports at once in worker processes, skipping what is current.

`run_batch(project, targets, settings)` reads each output folder's manifest, renders only the
targets whose inputs, code or outputs changed (all of them with `force`) and has the process
that rendered a report record it in the manifest the moment it is written (`manifest.record`,
constant cost; one `manifest.compact` per batch). Each worker keeps one SVG exporter for the
reports it renders; a pool renders at most `REPORTS_PER_WORKER` reports per worker and then
makes way for a fresh one, which bounds a worker's memory (Typst's memo cache is never evicted
inside a process). A target's failure is its own
outcome; the others go on. Ctrl-C stops the
workers, keeps every finished report with its manifest entry and leaves no partial file, so
running again resumes. Deciding to skip hashes files only: when nothing needs rendering no
worker starts and pandas, plotly and typst are never imported.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import multiprocessing.util
import os
import re
import shlex
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from .atomic import os_error_text
from .errors import FazhiError, ValidationFailed
from .figures import SvgExporter
from .inputs import township_inputs
from .manifest import (
    PENDING,
    Entry,
    Fingerprint,
    compact,
    fingerprint,
    is_current,
    output_hashes,
    read_manifest,
    record,
    stale_outputs,
    successor,
    tool_versions,
)
from .project import Project
from .render.formats import DEFAULT_FORMATS, FORMATS, format_of

if TYPE_CHECKING:
    from .render import RenderResult

Kind = Literal["township", "district"]
Status = Literal["rendered", "skipped", "failed", "interrupted"]


@dataclass(frozen=True)
class Target:
    """One report to render: a township's, or a district's summary."""

    kind: Kind
    name: str
    year: int

    @property
    def key(self) -> str:
        """The report's key in manifest.json, e.g. "乡镇/土门关乡" or "区县/湟中区"."""
        return f"{'乡镇' if self.kind == 'township' else '区县'}/{self.name}"

    def option(self) -> list[str]:
        return ["--township" if self.kind == "township" else "--district", self.name]


@dataclass(frozen=True)
class Settings:
    """How to render: formats, output folder, parallelism, skip policy, engine."""

    formats: tuple[str, ...] = DEFAULT_FORMATS
    output_dir: Path | None = None  # default: output/<year>/ of the project
    jobs: int | None = None  # worker processes; default os.cpu_count()
    force: bool = False
    engine: str = "fast"
    raise_errors: bool = False  # one report in-process: let its FazhiError reach the caller


@dataclass(frozen=True)
class Outcome:
    target: Target
    status: Status
    outputs: tuple[Path, ...] = ()
    messages: tuple[str, ...] = ()
    seconds: float = 0.0


@dataclass(frozen=True)
class BatchResult:
    outcomes: tuple[Outcome, ...]
    interrupted: bool = False

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 1 if any(o.status == "failed" for o in self.outcomes) else 0


class Listener(Protocol):
    """What a progress display hears: the plan, then each outcome as it happens."""

    def planned(self, to_render: Sequence[Target], skipped: Sequence[Target]) -> None: ...

    def finished(self, outcome: Outcome) -> None: ...


# A render function; it must be importable by name (worker processes receive it pickled).
RenderFn = Callable[[Project, Target, Settings, "SvgExporter | None"], "RenderResult"]


def render_target(project: Project, target: Target, settings: Settings, exporter: SvgExporter | None) -> RenderResult:
    """The default render function: a township report or a district summary, by the settings' engine."""
    from .render import ENGINES

    engine, formats, output_dir = ENGINES[settings.engine], settings.formats, settings.output_dir
    if target.kind == "district":
        from .district import render_district

        return render_district(
            project, target.name, target.year, formats=formats, output_dir=output_dir, engine=engine, exporter=exporter
        )
    from .render import render_township

    return render_township(
        project, target.name, target.year, formats=formats, output_dir=output_dir, engine=engine, exporter=exporter
    )


def target_inputs(project: Project, target: Target) -> list[tuple[str, Path]]:
    if target.kind == "district":
        from .district import district_inputs

        return list(district_inputs(project, target.year).files)
    return list(township_inputs(project, target.name, target.year).files)


def command_line(project: Project, target: Target, settings: Settings) -> str:
    """The command that re-renders `target`, run from the project root (recorded in the manifest)."""
    words = ["fazhi", "render", *target.option(), "--year", str(target.year)]
    if settings.formats != DEFAULT_FORMATS:
        words += ["--to", ",".join(settings.formats)]
    if settings.engine != "fast":
        words += ["--engine", settings.engine]
    if settings.output_dir is not None:
        try:
            words += ["--output-dir", settings.output_dir.resolve().relative_to(project.root).as_posix()]
        except ValueError:  # outside the project: a user's folder name stays out of the manifest
            words += ["--output-dir", "<本清单所在目录>"]
    return " ".join(_quote(w) for w in words)


def _quote(word: str) -> str:
    """Shell quoting only where a shell needs it (shlex quotes every Chinese word)."""
    return word if re.fullmatch(r"[\w./,:=+-]+", word) else shlex.quote(word)


# -- the batch ----------------------------------------------------------------------------------
@dataclass
class _Run:
    """The parent's bookkeeping while a batch runs (mutable by design: it collects outcomes)."""

    project: Project
    settings: Settings
    listener: Listener | None
    clock: Callable[[], datetime]
    prints: dict[Target, Fingerprint | None] = field(default_factory=dict)
    outcomes: dict[Target, Outcome] = field(default_factory=dict)


    previous: dict[Target, Entry] = field(default_factory=dict)

    def folder(self, year: int) -> Path:
        return self.settings.output_dir or self.project.output_dir(year)

    def prior(self, target: Target) -> _Prior:
        """What the rendering process needs to record `target` in the manifest itself."""
        return _Prior(self.folder(target.year), self.prints.get(target), self.previous.get(target), self.clock)

    def record(self, outcome: Outcome) -> None:
        """Keep an outcome (the rendering process has already recorded a rendered report)."""
        self.outcomes[outcome.target] = outcome
        if self.listener is not None:
            self.listener.finished(outcome)


@dataclass(frozen=True)
class _Prior:
    """A target's folder, fingerprint and previous manifest entry, sent along with the target."""

    folder: Path
    fingerprint: Fingerprint | None
    previous: Entry | None
    clock: Callable[[], datetime]


def _record_rendered(project: Project, target: Target, settings: Settings, prior: _Prior,
                     outputs: Sequence[Path]) -> None:
    """Enter a just-written report in its folder's manifest, in the process that rendered it, and
    remove the previous render's files the new entry no longer vouches for."""
    current = prior.fingerprint or _fingerprint(project, target, settings)
    assert current is not None  # a rendered target's inputs exist
    by_format = {format_of(path.suffix): path for path in outputs}
    entry = successor(prior.previous, Entry(
        key=target.key, year=target.year, formats=tuple(by_format),
        command=command_line(project, target, settings),
        rendered_at=prior.clock().isoformat(timespec="seconds"), fingerprint=current, tools=tool_versions(),
        outputs=output_hashes(prior.folder, by_format),
    ), prior.folder)
    record(prior.folder, entry)
    for stale in stale_outputs(prior.previous, entry, prior.folder):
        stale.unlink(missing_ok=True)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _fingerprint(project: Project, target: Target, settings: Settings) -> Fingerprint | None:
    """The target's fingerprint, or None when an input is missing (the render will say which)."""
    try:
        return fingerprint(project, target_inputs(project, target), engine=settings.engine)
    except FileNotFoundError:
        return None


def run_batch(
    project: Project,
    targets: Iterable[Target],
    settings: Settings = Settings(),
    *,
    render: RenderFn = render_target,
    listener: Listener | None = None,
    clock: Callable[[], datetime] = _utc_now,
) -> BatchResult:
    """Render every target that is not current (all with `settings.force`); see the module doc."""
    run = _Run(project, settings, listener, clock)
    targets = list(dict.fromkeys(targets))
    manifests = {year: read_manifest(run.folder(year)) for year in {t.year for t in targets}}
    todo: list[Target] = []
    for target in targets:
        run.prints[target] = current = _fingerprint(project, target, settings)
        entry, folder = manifests[target.year].get(target.key), run.folder(target.year)
        if entry is not None:
            run.previous[target] = entry
        unchanged = current is not None and entry is not None and is_current(entry, current, settings.formats, folder)
        if not settings.force and unchanged and entry is not None:
            run.outcomes[target] = Outcome(target, "skipped", tuple(folder / o.path for o in entry.outputs))
        else:
            todo.append(target)
    if listener is not None:
        listener.planned(todo, [t for t in targets if t in run.outcomes])
    jobs = min(settings.jobs or os.cpu_count() or 1, len(todo))
    try:
        interrupted = _in_process(run, todo, render) if jobs <= 1 else _in_pool(run, todo, render, jobs)
    except KeyboardInterrupt:  # between reports
        interrupted = True
    try:
        for folder in {run.folder(t.year) for t in todo}:
            compact(folder)  # one manifest.json write per folder and batch
    except KeyboardInterrupt:  # the records stay pending: read as they are, folded by the next batch
        interrupted = True
    if interrupted or any(_CRASHED in o.messages for o in run.outcomes.values()):
        _sweep_partial_files(run, targets)
    ordered = [run.outcomes.get(t) or Outcome(t, "interrupted") for t in targets]
    return BatchResult(tuple(ordered), interrupted)


def _in_process(run: _Run, todo: Sequence[Target], render: RenderFn) -> bool:
    # The charts are drawn on the second core (see `figures`), this process being the only one.
    static_charts = run.settings.engine == "fast" and any(FORMATS[f].static_charts for f in run.settings.formats)
    exporter = SvgExporter(run.project.figures_dir, spare_core=static_charts)
    try:
        for target in todo:
            prior = run.prior(target)
            if prior.previous is None or prior.previous.fingerprint != prior.fingerprint:
                exporter.start_drawing()  # new inputs, new charts likely: matplotlib loads meanwhile
            outcome = _attempt(render, run.project, target, run.settings, exporter, prior)
            if outcome.status == "interrupted":
                return True
            run.record(outcome)
        return False
    finally:
        exporter.close()


def _in_pool(run: _Run, todo: Sequence[Target], render: RenderFn, jobs: int) -> bool:
    """Render in `jobs` worker processes; True when interrupted.

    Each pool gets at most `REPORTS_PER_WORKER` reports per worker, then a fresh pool takes
    the next ones. A worker that dies (out of memory, a crash) takes its pool down with every
    report still in it, so those are retried one by one, each in a pool of its own: only the
    culprit fails.
    """
    crashed: list[Target] = []
    per_pool = jobs * REPORTS_PER_WORKER
    for start in range(0, len(todo), per_pool):
        interrupted, died = _pool_round(run, todo[start:start + per_pool], render, jobs)
        crashed += died
        if interrupted:
            return True
    for target in crashed:
        interrupted, still = _pool_round(run, [target], render, 1)
        for lost in still:
            run.record(Outcome(lost, "failed", messages=(_CRASHED,)))
        if interrupted:
            return True
    return False


def _pool_round(run: _Run, todo: Sequence[Target], render: RenderFn, jobs: int) -> tuple[bool, list[Target]]:
    """One pool over `todo`: (interrupted, the targets lost to a crashed worker)."""
    pool = _pool(run.project, min(jobs, len(todo)))
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # spawned workers inherit "ignore Ctrl-C"
    try:
        futures = {pool.submit(_work, render, run.project, t, run.settings, run.prior(t)): t for t in todo}
    finally:
        signal.signal(signal.SIGINT, previous)
    crashed = []
    try:
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except BrokenProcessPool:
                crashed.append(futures[future])
                continue
            if outcome.status != "interrupted":
                run.record(outcome)
    except KeyboardInterrupt:
        _stop(pool)
        return True, []
    pool.shutdown(wait=True)
    return False, crashed


_CRASHED = "工作进程意外退出（可能是内存不足或程序崩溃），单独重试后仍失败。请单独生成该报告查看原因。"


# Typst keeps ~20 MB of memo cache per PDF for the process's life: a fresh pool after this
# many reports per worker keeps a worker under ~0.5 GB for a restart (~1 s) per this many
# reports. Not `max_tasks_per_child`: with it, CPython 3.11–3.13 stops replacing exited workers
# and the pool hangs with reports queued (python/cpython#115634, fixed only in 3.14/3.13.x).
REPORTS_PER_WORKER = 12


def _pool(project: Project, workers: int) -> ProcessPoolExecutor:
    # spawn, not fork: a worker starts clean (no threads of the parent), the same on every OS.
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(str(project.figures_dir),))


def _stop(pool: ProcessPoolExecutor) -> None:
    """Ctrl-C: cancel what has not started, let running renders unwind, wait for the workers."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut this short
    try:
        workers = multiprocessing.active_children()
        pool.shutdown(wait=False, cancel_futures=True)
        for process in workers:
            process.terminate()  # SIGTERM: the worker's render raises KeyboardInterrupt and unwinds
        for process in workers:
            process.join(timeout=15)
            if process.is_alive():
                process.kill()
                process.join()
    finally:
        signal.signal(signal.SIGINT, previous)


def _sweep_partial_files(run: _Run, targets: Sequence[Target]) -> None:
    """Remove temporaries a killed worker may have left (write_all's *.part, figures' *.tmp.svg/png)."""
    for folder in {run.folder(t.year) for t in targets}:
        for path in (*folder.glob(".*.part"), *(folder / PENDING).glob(".*.part")):
            path.unlink(missing_ok=True)
    for path in run.project.figures_dir.glob(".*.tmp.*"):
        path.unlink(missing_ok=True)


# -- inside a worker ------------------------------------------------------------------------------
_exporter: SvgExporter | None = None
_busy = False  # rendering now: SIGTERM interrupts the render
_stopping = False  # SIGTERM received: start no further render
_orphaned = False  # the batch process is gone: exit after the report being rendered
_busy_lock = threading.Lock()  # `_busy` against the parent watch (exit only when idle)


def _init_worker(figures_dir: str) -> None:
    """Per worker: one SVG exporter for all its reports, closed at worker exit."""
    global _exporter
    _exporter = SvgExporter(Path(figures_dir))
    multiprocessing.util.Finalize(None, _exporter.close, exitpriority=10)
    # The worker's last exit handler: out without the interpreter's teardown, ~0.2 s of freeing
    # Typst's caches that the batch's end would wait for; its reports are written and sent.
    multiprocessing.util.Finalize(None, os._exit, args=(0,), exitpriority=0)
    signal.signal(signal.SIGTERM, _on_terminate)
    # Ctrl-C reaches every process of the console; the parent alone handles it (it stops the
    # pool). Set here because Windows' spawned workers do not inherit an ignored SIGINT.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, name="fazhi-parent-watch", daemon=True).start()


def _watch_parent() -> None:
    """A worker whose batch process was killed (kill -9, a crash) would wait for work forever:
    multiprocessing's task queue keeps its pipe open in every worker, so no end-of-file comes.
    When the parent is gone, an idle worker exits at once, a busy one once its report is
    written and recorded (the next batch finds it current)."""
    global _orphaned
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    multiprocessing.connection.wait([parent.sentinel])
    with _busy_lock:
        _orphaned = True
        if not _busy:
            os._exit(0)


def _on_terminate(signum: int, frame: object) -> None:
    global _stopping
    _stopping = True
    if _busy:
        raise KeyboardInterrupt  # unwind the render: temporaries removed, nothing half-written
    sys.exit(0)  # idle: exit now; multiprocessing's finalizers still close the exporter


def _work(render: RenderFn, project: Project, target: Target, settings: Settings, prior: _Prior) -> Outcome:
    global _busy
    with _busy_lock:
        if _stopping or _orphaned:  # queued before the stop: not started
            return Outcome(target, "interrupted")
        _busy = True
    try:
        return _attempt(render, project, target, settings, _exporter, prior)
    finally:
        with _busy_lock:
            _busy = False
            if _orphaned:
                os._exit(0)  # nobody waits for the outcome: the report is on disk and recorded


def _attempt(
    render: RenderFn, project: Project, target: Target, settings: Settings, exporter: SvgExporter | None,
    prior: _Prior,
) -> Outcome:
    """Render one target and record it in the manifest; its failure or interruption becomes its
    outcome (never an exception)."""
    start = time.perf_counter()
    try:
        result = render(project, target, settings, exporter)
        _record_rendered(project, target, settings, prior, tuple(result.outputs.values()))
    except KeyboardInterrupt:
        return Outcome(target, "interrupted", seconds=time.perf_counter() - start)
    except FazhiError as exc:
        if settings.raise_errors:
            raise
        return Outcome(target, "failed", messages=describe(exc), seconds=time.perf_counter() - start)
    except Exception as exc:  # a bug in one report must not stop the others; shown with its type
        if settings.raise_errors:
            raise
        detail = (os_error_text(exc) if isinstance(exc, OSError)  # a file-system refusal nothing explained yet
                  else f"程序内部错误：{type(exc).__name__}: {exc}。请用 --debug 单独生成该报告，并报告此问题。")
        return Outcome(target, "failed", messages=(detail,), seconds=time.perf_counter() - start)
    seconds = time.perf_counter() - start
    return Outcome(target, "rendered", tuple(result.outputs.values()), tuple(result.messages), seconds)


MAX_LISTED_ISSUES = 3


def describe(exc: FazhiError) -> tuple[str, ...]:
    """A failure in a few lines: the first errors of a workbook, or the error's message."""
    if not isinstance(exc, ValidationFailed):
        return (str(exc),)
    errors = [i for i in exc.issues if i.severity == "error"]
    lines = [str(i) for i in errors[:MAX_LISTED_ISSUES]]
    if len(errors) > MAX_LISTED_ISSUES:
        lines.append(f"……共 {len(errors)} 处错误，运行 fazhi check 可查看全部。")
    return tuple(lines)
