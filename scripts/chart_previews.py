"""Write every chart of one township as PNG, in colour and in grayscale, for looking at.

    .venv/bin/python scripts/chart_previews.py 鲁沙尔镇 2024 /tmp/previews

Charts are meant to survive black-and-white printing; the *-gray.png files show what a
grayscale printer keeps. Earlier years' workbooks (up to two) are used when they exist.
"""

from __future__ import annotations

import sys
from pathlib import Path

import kaleido
from PIL import Image

from fazhi.charts import CHARTS, build_chart
from fazhi.indicators import compute_indicators
from fazhi.project import Project
from fazhi.workbook.records import load_records


def main(township: str, year: int, out: Path, root: Path = Path(".")) -> None:
    project = Project.at(root)
    records = load_records(project.require_workbook(township, year))
    history = [load_records(p) for y in (year - 2, year - 1) if (p := project.workbook(township, y)).exists()]
    indicators = compute_indicators(records, history)
    out.mkdir(parents=True, exist_ok=True)
    kaleido.start_sync_server()  # one Chromium for all charts
    for key in CHARTS:
        chart = build_chart(key, records, history, indicators)
        if chart is None:
            print(f"{key}: 无数据")
            continue
        png = out / f"{township}{year}-{key}.png"
        chart.figure.write_image(png)
        Image.open(png).convert("L").save(png.with_name(png.stem + "-gray.png"))
        print(f"{key}: {png}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else Path("chart-previews"))
