"""Benchmark the fast engine against the Jupyter-kernel path, on the sample district.

    .venv/bin/python scripts/bench.py [--township 土门关乡] [--district 湟中区] [--year 2024] [--jobs N]
                                      [--synthetic 100]

Works in a temporary copy of the project (template, layout, narratives, every workbook; fonts
linked) and of the fazhi package (so edits made meanwhile change nothing), so every cache
starts empty. Each scenario runs as a fresh process, timed from the
outside, with the peak memory of its whole process tree (workers included) and of its largest
single process, sampled from /proc. Scenarios, in order:

1. one report cold: `fazhi render --township …`, empty figures/, .cache/ and no manifest (HTML
   + PDF), then HTML only and PDF only, each cold;
2. the same again with nothing changed (skipped by the manifest), and again with --force
   (rendered, every chart from the SVG cache);
3. the whole district cold (`--all --district`, empty figures/, .cache/ and output/) and warm;
4. with `--synthetic N`: a made-up district of N townships (scripts/make_sample_data.py
   --synthetic, the report year and the year before), cold and warm;
5. the same single report through a Jupyter kernel (scripts/kernel_path.py: report.qmd as a
   notebook, parameters injected by papermill, executed once per format in a fresh kernel as
   `quarto render --to html,typst` does, then the same pandoc and Typst steps), cold (empty
   figures/) and warm (charts cached); and executed only once for both formats, a lower bound.

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
# Issue 17's targets (seconds, MB); the ≥ 10× against real Quarto is a ratio within one run.
TARGETS = {"single_forced_warm": 1.0, "single_unchanged": 0.3, "single_peak_mb": 300.0, "district_cold": 10.0,
           "district_warm": 1.0, "synthetic_warm": 3.0}


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float  # user + system time of the whole process tree (contention-proof-ish)
    peak_mb: float  # the process tree's largest total RSS seen
    process_peak_mb: float  # the largest RSS of any one process of the tree (a worker's peak)
    ok: bool


def copy_project(dest: Path) -> Path:
    for name in COPIED:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, dest / name)
    if (ROOT / ".fonts").is_dir():
        os.symlink(ROOT / ".fonts", dest / ".fonts")
    shutil.copytree(ROOT / "fazhi", dest / ".bench-package" / "fazhi", ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def tree_rss_mb(pid: int) -> tuple[float, float]:
    """Total resident memory of `pid` and all its descendants, and the largest single one's, in
    MB, from /proc (Linux only)."""
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
    total, largest, todo = 0, 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        largest = max(largest, rss.get(current, 0))
        todo += children.get(current, [])
    page = os.sysconf("SC_PAGE_SIZE") / 2**20
    return total * page, largest * page


def measure(command: list[str], cwd: Path, package: Path) -> Run:
    """Run `command` with fazhi imported from `package`, timing it and sampling its tree's
    memory every 50 ms."""
    env = os.environ | {"PYTHONPATH": str(package)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = process_peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak, process_peak
        while not stop.wait(0.05):
            tree, largest = tree_rss_mb(child.pid)
            peak, process_peak = max(peak, tree), max(process_peak, largest)

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
    return Run(seconds, cpu, peak, process_peak, child.returncode == 0)


def fazhi(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "fazhi.cli", "render", "--root", str(root), *args]


def clear(root: Path, *names: str) -> None:
    for name in names:
        shutil.rmtree(root / name, ignore_errors=True)


SYNTHETIC_DISTRICT = "湟中区"  # make_sample_data.py writes its county into every workbook


def synthetic_project(dest: Path, townships: int, year: int) -> Path:
    """A project copy whose data/ holds a made-up district of `townships` townships (this year and
    the one before, for the comparisons)."""
    dest.mkdir()
    copy_project(dest)
    shutil.rmtree(dest / "data")
    command = [sys.executable, str(ROOT / "scripts" / "make_sample_data.py"), "--synthetic", str(townships),
               "--out", str(dest / "data"), "--year", str(year - 1), "--year", str(year)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=os.environ | {"PYTHONPATH": str(ROOT)})
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--township", default="土门关乡")
    parser.add_argument("--district", default="湟中区")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--synthetic", type=int, metavar="N", help="也测一个虚构的 N 个乡镇的区县（冷、热）")
    parser.add_argument("--no-kernel", action="store_true", help="不测 Jupyter 内核路径")
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
        for fmt in ("html", "pdf"):
            clear(root, "figures", ".cache", "output")
            runs[f"single_{fmt}_cold"] = measure(fazhi(root, *one, "--to", fmt), root, package)
        clear(root, "figures", ".cache", "output")
        runs["district_cold"] = measure(fazhi(root, *whole), root, package)
        runs["district_warm"] = measure(fazhi(root, *whole), root, package)
        if args.synthetic:
            synthetic = synthetic_project(Path(tmp) / "synthetic", args.synthetic, args.year)
            big = ["--all", "--district", SYNTHETIC_DISTRICT, "--year", year] + whole[5:]
            runs["synthetic_cold"] = measure(fazhi(synthetic, *big), synthetic, package)
            runs["synthetic_warm"] = measure(fazhi(synthetic, *big), synthetic, package)
        if not args.no_kernel:
            clear(root, "figures")
            kernel = [sys.executable, str(ROOT / "scripts" / "kernel_path.py"), str(root), args.township, year,
                      str(root / "kernel-output")]
            (root / "kernel-output").mkdir()
            runs["kernel_cold"] = measure(kernel, root, package)
            runs["kernel_warm"] = measure(kernel, root, package)
            runs["kernel_once_warm"] = measure([*kernel, "--once"], root, package)
    report(runs, reports, args.township, args.synthetic)


def report(runs: dict[str, Run], reports: int, township: str, synthetic: int | None) -> None:
    labels = {
        "single_cold": f"一份报告（{township}），冷启动：空 figures/ 和 .cache/，HTML+PDF",
        "single_unchanged": "同一份报告，输入未变（按 manifest 跳过）",
        "single_forced_warm": "同一份报告，--force（图表和工作簿已缓存）",
        "single_html_cold": "同一份报告，只生成 HTML，冷启动",
        "single_pdf_cold": "同一份报告，只生成 PDF，冷启动",
        "district_cold": f"全区 {reports} 份报告，冷启动（--all --district）",
        "district_warm": f"全区 {reports} 份报告，再次运行（输入未变）",
        "synthetic_cold": f"虚构区县 {synthetic} 个乡镇 + 汇总，冷启动",
        "synthetic_warm": f"虚构区县 {synthetic} 个乡镇 + 汇总，再次运行",
        "kernel_cold": "同一份报告经 Jupyter 内核（每种格式执行一次，同 Quarto），冷启动",
        "kernel_warm": "同一份报告经 Jupyter 内核（每种格式执行一次），图表已缓存",
        "kernel_once_warm": "同一份报告经 Jupyter 内核（只执行一次，下限），图表已缓存",
    }
    print(f"\n{'场景':<48}{'用时':>9}{'CPU 时间':>11}{'峰值内存':>12}{'单进程峰值':>10}")
    for key, run in runs.items():
        note = "" if run.ok else "  （出错）"
        print(f"{labels.get(key, key):<44}{run.seconds:>8.2f} s{run.cpu_seconds:>8.2f} s{run.peak_mb:>9.0f} MB"
              f"{run.process_peak_mb:>9.0f} MB{note}")
    ratios = {}
    if "kernel_cold" in runs:
        ratios["单份冷启动：内核 ÷ 快速引擎"] = runs["kernel_cold"].seconds / runs["single_cold"].seconds
        ratios["单份图表已缓存：内核 ÷ 快速引擎（--force）"] = runs["kernel_warm"].seconds / runs["single_forced_warm"].seconds
    per_report = runs["district_cold"].seconds / reports
    if "synthetic_cold" in runs and synthetic:
        per_synthetic = runs["synthetic_cold"].seconds / (synthetic + 1)
        ratios[f"虚构区县每份（{per_synthetic:.2f} s）÷ 全区每份（{per_report:.2f} s）"] = per_synthetic / per_report
    if ratios:
        print("\n比值：")
        for label, ratio in ratios.items():
            print(f"  {label:<44}{ratio:>6.1f}×")
    checks = [
        ("--force ≤ 1 s", runs["single_forced_warm"].seconds <= TARGETS["single_forced_warm"]),
        ("输入未变 ≤ 0.3 s", runs["single_unchanged"].seconds <= TARGETS["single_unchanged"]),
        ("一份报告冷启动峰值内存（整个进程树）≤ 300 MB", runs["single_cold"].peak_mb <= TARGETS["single_peak_mb"]),
        ("全区 15 + 汇总冷启动 ≤ 10 s", runs["district_cold"].seconds <= TARGETS["district_cold"]),
        ("全区再次运行 ≤ 1 s", runs["district_warm"].seconds <= TARGETS["district_warm"]),
    ]
    if "synthetic_warm" in runs:
        checks.append(("虚构区县再次运行 ≤ 3 s", runs["synthetic_warm"].seconds <= TARGETS["synthetic_warm"]))
    print("\n目标：")
    for label, met in checks:
        print(f"  {'达到' if met else '未达到'}  {label}")
    load = os.getloadavg()
    print(f"\n系统负载（1/5/15 分钟）：{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}")


if __name__ == "__main__":
    main()
