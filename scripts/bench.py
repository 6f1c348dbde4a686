"""Benchmark the fast engine against the Jupyter-kernel path, on the sample district.

    .venv/bin/python scripts/bench.py [--township 土门关乡] [--district 湟中区] [--year 2024] [--jobs N] [--synthetic 100]

Works in a temporary copy of the project (template, layout, narratives, every workbook; fonts
linked) and of the fazhi package (so edits made meanwhile change nothing), so every cache
starts empty. Each scenario runs as a fresh process, timed from the
outside, with the peak memory of its whole process tree (workers and Chromium included)
sampled from /proc. Scenarios, in order:

1. one report cold: `fazhi render --township …`, empty figures/ and no manifest (HTML + PDF);
2. the same again with nothing changed (skipped by the manifest), and again with --force
   (rendered, every chart from the SVG cache, no Chromium);
3. the whole district cold (`--all --district`, empty figures/ and output/) and warm (again);
   then `fazhi status` and `fazhi export` on it, warm (`office_scenarios`);
4. the same single report through a Jupyter kernel (scripts/kernel_path.py: report.qmd as a
   notebook, parameters injected by papermill, executed once per format in a fresh kernel as
   `quarto render --to html,typst` does, then the same pandoc and Typst steps), cold (empty
   figures/) and warm (charts cached); and executed only once for both formats, a lower bound;
5. with `--synthetic N`: a made-up district of N townships (scripts/make_sample_data.py
   --synthetic N, its roster written to fazhi.toml) rendered `--all --district` cold and warm
   (`synthetic_scenarios`), its cold time per report compared with the sample's.

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
COPIED = ("report.qmd", "_quarto.yml", "district.qmd", "fazhi.toml", "templates", "narrative", "data")
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


def measure(command: list[str], cwd: Path, package: Path, ok_codes: tuple[int, ...] = (0,)) -> Run:
    """Run `command` with fazhi imported from `package`, timing it and sampling its tree's
    memory every 50 ms; an exit code in `ok_codes` counts as success."""
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
    if child.returncode not in ok_codes:
        print(f"  ! {' '.join(command[2:])} exited with {child.returncode}:\n{stderr.decode()[-2000:]}")
    return Run(seconds, cpu, peak, child.returncode in ok_codes)


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
    parser.add_argument("--synthetic", type=int, default=0, metavar="N",
                        help="also render a synthetic district of N townships (scripts/make_sample_data.py --synthetic N)")
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
        office = office_scenarios(root, package, year)
        clear(root, "figures")
        kernel = [sys.executable, str(ROOT / "scripts" / "kernel_path.py"), str(root), args.township, year,
                  str(root / "kernel-output")]
        (root / "kernel-output").mkdir()
        runs["kernel_cold"] = measure(kernel, root, package)
        runs["kernel_warm"] = measure(kernel, root, package)
        runs["kernel_once_warm"] = measure([*kernel, "--once"], root, package)
        synthetic = synthetic_scenarios(Path(tmp), package, args.synthetic, args.district, year, args.jobs) \
            if args.synthetic else {}
    report(runs, reports, args.township)
    report_office(office, synthetic, runs["district_cold"].seconds / reports, args.synthetic)


def report(runs: dict[str, Run], reports: int, township: str) -> None:
    labels = {
        "single_cold": f"一份报告（{township}），冷启动：空 figures/，HTML+PDF",
        "single_unchanged": "同一份报告，输入未变（按 manifest 跳过）",
        "single_forced_warm": "同一份报告，--force（图表已缓存，不启动 Chromium）",
        "district_cold": f"全区 {reports} 份报告，冷启动（--all --district）",
        "district_warm": f"全区 {reports} 份报告，再次运行（输入未变）",
        "kernel_cold": "同一份报告经 Jupyter 内核（每种格式执行一次，同 Quarto），冷启动",
        "kernel_warm": "同一份报告经 Jupyter 内核（每种格式执行一次），图表已缓存",
        "kernel_once_warm": "同一份报告经 Jupyter 内核（只执行一次，下限），图表已缓存",
    }
    print(f"\n{'场景':<48}{'用时':>9}{'CPU 时间':>11}{'峰值内存':>12}")
    for key, run in runs.items():
        note = "" if run.ok else "  （出错）"
        print(f"{labels[key]:<44}{run.seconds:>8.2f} s{run.cpu_seconds:>8.2f} s{run.peak_mb:>9.0f} MB{note}")
    per_report = runs["district_cold"].seconds / reports
    ratios = {
        "单份冷启动：内核 ÷ 快速引擎": runs["kernel_cold"].seconds / runs["single_cold"].seconds,
        "单份图表已缓存：内核 ÷ 快速引擎（--force）": runs["kernel_warm"].seconds / runs["single_forced_warm"].seconds,
        "单份图表已缓存：内核只执行一次（下限）÷ 快速引擎": runs["kernel_once_warm"].seconds / runs["single_forced_warm"].seconds,
        f"全区冷启动每份（{per_report:.2f} s）：内核冷启动 ÷ 每份": runs["kernel_cold"].seconds / per_report,
    }
    print("\n每份报告的速度比（越大越快）：")
    for label, ratio in ratios.items():
        print(f"  {label:<44}{ratio:>6.1f}×")
    checks = [
        ("全区冷启动 ≤ 30 s", runs["district_cold"].seconds <= TARGETS["district_cold"]),
        ("全区再次运行 ≤ 2 s", runs["district_warm"].seconds <= TARGETS["district_warm"]),
        ("一份报告冷启动 ≤ 4 s", runs["single_cold"].seconds <= TARGETS["single_cold"]),
        ("每份报告至少快 5 倍（全区冷启动每份 vs 内核冷启动）", list(ratios.values())[-1] >= TARGETS["ratio"]),
    ]
    print("\n目标：")
    for label, met in checks:
        print(f"  {'达到' if met else '未达到'}  {label}")
    load = os.getloadavg()
    print(f"\n系统负载（1/5/15 分钟）：{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}")


# -- the district office: fazhi status / export, and a synthetic roster of many townships ---------
OFFICE_TARGETS = {"status_warm": 1.0, "export_warm": 3.0, "synthetic_warm": 3.0}


def office_scenarios(root: Path, package: Path, year: str) -> dict[str, Run]:
    """`fazhi status` and `fazhi export` on the rendered sample district, each run twice: the
    first fills the records cache, the second is the warm figure. status exits 1 while anything
    is not ready (stand-in fonts on this machine): that is its answer, not a failure."""
    runs = {}
    for name, ok in (("status", (0, 1)), ("export", (0,))):
        command = [sys.executable, "-m", "fazhi.cli", name, "--root", str(root), "--year", year]
        measure(command, root, package, ok)
        runs[f"{name}_warm"] = measure(command, root, package, ok)
    return runs


def synthetic_scenarios(tmp: Path, package: Path, count: int, district: str, year: str, jobs: int | None) -> dict[str, Run]:
    """`render --all --district` of a synthetic district of `count` townships (this year and the
    two before, from scripts/make_sample_data.py --synthetic), its roster in fazhi.toml: cold
    (empty figures/ and output/) and warm (again, nothing changed)."""
    root = tmp / "synthetic"
    root.mkdir()
    for name in COPIED:
        source = ROOT / name
        if name not in ("data", "fazhi.toml"):
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    if (ROOT / ".fonts").is_dir():
        os.symlink(ROOT / ".fonts", root / ".fonts")
    years = [str(int(year) - back) for back in (2, 1, 0)]
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_sample_data.py"), "--synthetic", str(count),
                    "--out", str(root / "data"), *(w for y in years for w in ("--year", y))],
                   check=True, stdout=subprocess.DEVNULL, env=os.environ | {"PYTHONPATH": str(package)})
    names = sorted(p.stem for p in (root / "data" / year).glob("*.xlsx"))
    roster = "".join(f'\n[[townships]]\nname = "{n}"\n' for n in names)
    (root / "fazhi.toml").write_text(f'county = "{district}"\n{roster}', encoding="utf-8")
    whole = ["--all", "--district", district, "--year", year] + (["--jobs", str(jobs)] if jobs else [])
    return {"synthetic_cold": measure(fazhi(root, *whole), root, package),
            "synthetic_warm": measure(fazhi(root, *whole), root, package)}


def report_office(office: dict[str, Run], synthetic: dict[str, Run], per_report_15: float, count: int) -> None:
    labels = {
        "status_warm": "fazhi status（样例 15 个乡镇，报告已生成，第二次运行）",
        "export_warm": "fazhi export（样例 15 个乡镇，.xlsx + .zip，第二次运行）",
        "synthetic_cold": f"虚构区县 {count} 个乡镇 + 汇总报告，冷启动（--all --district）",
        "synthetic_warm": f"虚构区县 {count} 个乡镇 + 汇总报告，再次运行（输入未变）",
    }
    print(f"\n{'区县司法局的命令':<44}{'用时':>9}{'CPU 时间':>11}{'峰值内存':>12}")
    for key, run in (office | synthetic).items():
        note = "" if run.ok else "  （出错）"
        print(f"{labels[key]:<40}{run.seconds:>8.2f} s{run.cpu_seconds:>8.2f} s{run.peak_mb:>9.0f} MB{note}")
    checks = [(f"{labels[k]} ≤ {OFFICE_TARGETS[k]:g} s", (office | synthetic)[k].seconds <= OFFICE_TARGETS[k])
              for k in OFFICE_TARGETS if k in office | synthetic]
    if "synthetic_cold" in synthetic:
        per_report = synthetic["synthetic_cold"].seconds / (count + 1)
        print(f"  冷启动每份报告：虚构区县 {per_report:.2f} s，样例区县 {per_report_15:.2f} s")
        checks.append((f"{count} 个乡镇时每份报告的冷启动用时不超过 15 个乡镇时", per_report <= per_report_15))
    print("目标：")
    for label, met in checks:
        print(f"  {'达到' if met else '未达到'}  {label}")


if __name__ == "__main__":
    main()
