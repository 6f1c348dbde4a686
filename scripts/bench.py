"""Benchmark the fast engine, and the Quarto engine side by side, on the sample district.

    .venv/bin/python scripts/bench.py [--township 土门关乡] [--district 湟中区] [--year 2024] [--jobs N]

Works in a temporary copy of the project (template, layout, narratives, every workbook; fonts
linked) and of the fazhi package (so edits made meanwhile change nothing), so every cache
starts empty. Each scenario runs as a fresh process, timed from the
outside, with the peak memory of its whole process tree (workers and Chromium included)
sampled from /proc. Scenarios, in order:

1. one report cold: `fazhi render --township …`, empty figures/ and no manifest (HTML + PDF);
2. the same again with nothing changed (skipped by the manifest), and again with --force
   (rendered, every chart from the SVG cache, no Chromium);
3. the whole district cold (`--all --district`, empty figures/ and output/) and warm (again);
4. when a `quarto` is on PATH, the same single report through real Quarto (`--engine quarto`,
   one `quarto render` per format in a copy of the project): cold (empty figures/), again
   with --force (charts cached), and again with nothing changed (skipped by the manifest), each
   beside the fast engine's row of the same kind.

Prints the numbers, the ratios and the targets; it never asserts (a slow machine is a fact to
report, not a test failure).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("report.qmd", "_quarto.yml", "district.qmd", "templates", "narrative", "data")
TARGETS = {"district_cold": 30.0, "district_warm": 2.0, "single_cold": 4.0, "ratio": 5.0}


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float  # user + system time of the whole process tree (contention-proof-ish)
    peak_mb: float  # the process tree's largest total RSS seen
    ok: bool


def copy_project(dest: Path) -> Path:
    for name in COPIED:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, dest / name)
    if (ROOT / ".fonts").is_dir():
        os.symlink(ROOT / ".fonts", dest / ".fonts")
    shutil.copytree(ROOT / "fazhi", dest / ".bench-package" / "fazhi", ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def tree_rss_mb(pid: int) -> float:
    """Total resident memory of `pid` and all its descendants, from /proc (Linux only)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21])  # pages
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo += children.get(current, [])
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure(command: list[str], cwd: Path, package: Path) -> Run:
    """Run `command` with fazhi imported from `package`, timing it and sampling its tree's
    memory every 50 ms."""
    env = os.environ | {"PYTHONPATH": str(package)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.wait(0.05):
            peak = max(peak, tree_rss_mb(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = child.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if child.returncode != 0:
        print(f"  ! {' '.join(command[2:])} exited with {child.returncode}:\n{stderr.decode()[-2000:]}")
    return Run(seconds, cpu, peak, child.returncode == 0)


def fazhi(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "fazhi.cli", "render", "--root", str(root), *args]


def clear(root: Path, *names: str) -> None:
    for name in names:
        shutil.rmtree(root / name, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--township", default="土门关乡")
    parser.add_argument("--district", default="湟中区")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    year = str(args.year)
    one = ["--township", args.township, "--year", year]
    whole = ["--all", "--district", args.district, "--year", year] + (["--jobs", str(args.jobs)] if args.jobs else [])
    runs: dict[str, Run] = {}
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as tmp:
        root = copy_project(Path(tmp))
        package = root / ".bench-package"
        reports = len(list((root / "data" / year).glob("*.xlsx"))) + 1  # the townships and the summary
        print(f"项目副本：{root}（{reports - 1} 个乡镇 + 区县汇总报告，{os.cpu_count()} 核）")
        runs["single_cold"] = measure(fazhi(root, *one), root, package)
        runs["single_unchanged"] = measure(fazhi(root, *one), root, package)
        runs["single_forced_warm"] = measure(fazhi(root, *one, "--force"), root, package)
        clear(root, "figures", "output")
        runs["district_cold"] = measure(fazhi(root, *whole), root, package)
        runs["district_warm"] = measure(fazhi(root, *whole), root, package)
        if shutil.which("quarto"):
            clear(root, "figures", "output")
            runs["quarto_cold"] = measure(fazhi(root, *one, "--engine", "quarto"), root, package)
            runs["quarto_forced_warm"] = measure(fazhi(root, *one, "--engine", "quarto", "--force"), root, package)
            runs["quarto_unchanged"] = measure(fazhi(root, *one, "--engine", "quarto"), root, package)
        else:
            print("未找到 quarto：跳过 Quarto 引擎的场景（.ci/run 或 ../shared/quarto/install.sh 可安装）。")
    report(runs, reports, args.township)


def report(runs: dict[str, Run], reports: int, township: str) -> None:
    labels = {
        "single_cold": f"一份报告（{township}），冷启动：空 figures/，HTML+PDF",
        "single_unchanged": "同一份报告，输入未变（按 manifest 跳过）",
        "single_forced_warm": "同一份报告，--force（图表已缓存，不启动 Chromium）",
        "district_cold": f"全区 {reports} 份报告，冷启动（--all --district）",
        "district_warm": f"全区 {reports} 份报告，再次运行（输入未变）",
        "quarto_cold": "同一份报告经 Quarto（--engine quarto），冷启动：空 figures/",
        "quarto_forced_warm": "同一份报告经 Quarto，--force（图表已缓存）",
        "quarto_unchanged": "同一份报告经 Quarto，输入未变（按 manifest 跳过）",
    }
    print(f"\n{'场景':<48}{'用时':>9}{'CPU 时间':>11}{'峰值内存':>12}")
    for key, run in runs.items():
        note = "" if run.ok else "  （出错）"
        print(f"{labels[key]:<44}{run.seconds:>8.2f} s{run.cpu_seconds:>8.2f} s{run.peak_mb:>9.0f} MB{note}")
    per_report = runs["district_cold"].seconds / reports
    pairs = {
        "冷启动：Quarto ÷ 快速引擎": ("quarto_cold", "single_cold"),
        "图表已缓存（--force）：Quarto ÷ 快速引擎": ("quarto_forced_warm", "single_forced_warm"),
        "输入未变（跳过）：Quarto ÷ 快速引擎": ("quarto_unchanged", "single_unchanged"),
        f"全区冷启动每份（{per_report:.2f} s）：Quarto 冷启动 ÷ 每份": ("quarto_cold", None),
    }
    ratios = {
        label: runs[slow].seconds / (runs[fast].seconds if fast else per_report)
        for label, (slow, fast) in pairs.items() if slow in runs
    }
    print("\n每份报告的速度比（越大越快）：")
    for label, ratio in ratios.items():
        print(f"  {label:<44}{ratio:>6.1f}×")
    checks = [
        ("全区冷启动 ≤ 30 s", runs["district_cold"].seconds <= TARGETS["district_cold"]),
        ("全区再次运行 ≤ 2 s", runs["district_warm"].seconds <= TARGETS["district_warm"]),
        ("一份报告冷启动 ≤ 4 s", runs["single_cold"].seconds <= TARGETS["single_cold"]),
        ("每份报告至少快 5 倍（全区冷启动每份 vs Quarto 冷启动）",
         bool(ratios) and list(ratios.values())[-1] >= TARGETS["ratio"]),
    ]
    print("\n目标：")
    for label, met in checks:
        print(f"  {'达到' if met else '未达到'}  {label}")
    load = os.getloadavg()
    print(f"\n系统负载（1/5/15 分钟）：{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}")


if __name__ == "__main__":
    main()
