"""Time loading and validating a workbook with 50,000 矛盾纠纷 rows (target: under 1.5 s).

Writes the workbook to a temporary folder (openpyxl write-only mode; a quarter of the dates
are text like 2024/3/5 and a tenth of 是/否 cells are √, to exercise the messy paths), then
prints the best of three load times. Prints, never asserts.

    .venv/bin/python scripts/bench_records.py [--rows 50000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from fazhi.workbook.records import load_records
from fazhi.workbook.schema import Dispute, DisputeType, Info, MediationResult, Mediator, sheet


def write_workbook(path: Path, rows: int, year: int = 2024) -> None:
    rng = random.Random(1)
    wb = Workbook(write_only=True)
    info = wb.create_sheet(Info.SHEET)
    info.append([c.name for c in sheet(Info.SHEET).columns])
    info.append(["湟中区", path.stem, year, 19, f"{path.stem}人民政府", None, dt.date(year + 1, 1, 9)])
    ws = wb.create_sheet(Dispute.SHEET)
    ws.append([c.name for c in sheet(Dispute.SHEET).columns])
    start = dt.date(year, 1, 1)
    for i in range(rows):
        accepted = start + dt.timedelta(days=rng.randrange(330))
        result = rng.choice(MediationResult.ALL)
        closed = None if result == MediationResult.ONGOING else accepted + dt.timedelta(days=rng.randrange(30))
        shown = f"{accepted.year}/{accepted.month}/{accepted.day}" if i % 4 == 0 else accepted
        ws.append([f"JF{i:06d}", shown, f"第{rng.randrange(19) + 1}村", rng.choice(DisputeType.ALL),
                   rng.choice(Mediator.ALL), result, closed, "某某"])
    wb.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "2024" / "多巴镇.xlsx"
        path.parent.mkdir()
        t0 = time.perf_counter()
        write_workbook(path, args.rows)
        print(f"wrote {args.rows} rows in {time.perf_counter() - t0:.2f} s ({path.stat().st_size / 1e6:.1f} MB)")
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            records = load_records(path)
            times.append(time.perf_counter() - t0)
        n = len(records.sheet(Dispute.SHEET))
        print(f"load+validate {n} 矛盾纠纷 rows: best {min(times):.3f} s, runs "
              + ", ".join(f"{t:.3f}" for t in times) + " (target < 1.5 s)")


if __name__ == "__main__":
    main()
