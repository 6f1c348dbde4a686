"""Write every chart of one township as its print PNG (300 dpi), in colour and in grayscale.

    .venv/bin/python scripts/chart_previews.py 鲁沙尔镇 2024 /tmp/previews

Charts are meant to survive black-and-white printing; the *-gray.png files show what a
grayscale printer keeps. Earlier years' workbooks (up to two) are used when they exist. The
PNGs are the static charts the PDF and DOCX print (`fazhi.charts.static`); no browser needed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

from fazhi.charts import CHARTS, build_chart
from fazhi.charts.static import chart_font, render
from fazhi.fonts import project_font_paths
from fazhi.indicators import compute_indicators
from fazhi.project import Project
from fazhi.workbook.records import load_records


def main(township: str, year: int, out: Path, root: Path = Path(".")) -> None:
    project = Project.at(root)
    records = load_records(project.require_workbook(township, year))
    history = [load_records(p) for y in (year - 2, year - 1) if (p := project.workbook(township, y)).exists()]
    indicators = compute_indicators(records, history)
    font = chart_font(project_font_paths(project.root), project.templates_dir)
    out.mkdir(parents=True, exist_ok=True)
    for key in CHARTS:
        chart = build_chart(key, records, history, indicators)
        if chart is None:
            print(f"{key}: 无数据")
            continue
        png = out / f"{township}{year}-{key}.png"
        png.write_bytes(render(chart.plot, font, "png"))
        Image.open(png).convert("L").save(png.with_name(png.stem + "-gray.png"))
        print(f"{key}: {png}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else Path("chart-previews"))
