"""Render the seeded grid (scale 1, seed 2026) as an SVG map for docs/geography.md.

Usage: ``.venv/bin/python scripts/render_grid_svg.py [OUT]`` (default docs/geography-grid.svg).
Level-3 nets are drawn thick, level-4 nets medium, cells thin, areas filled grey; hazards are
dots; the planted spatial defects are coloured (overlapping cells orange, the uncovered net
red, objects outside their cell red crosses).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from seed.generator import generate
from seed.geography import TERRITORY

WIDTH = 1000


def main(out: str = "docs/geography-grid.svg") -> None:
    data = generate(scale=1, seed=2026)
    west, south, east, north = TERRITORY
    x_scale = WIDTH / (east - west)
    y_scale = x_scale / math.cos(math.radians((south + north) / 2))
    height = round((north - south) * y_scale)

    def xy(lon: float, lat: float) -> str:
        return f"{(lon - west) * x_scale:.1f},{(north - lat) * y_scale:.1f}"

    def path(geometry: str) -> str:
        rings = json.loads(geometry)["coordinates"]
        return " ".join("M" + " L".join(xy(*p) for p in ring) + " Z" for ring in rings)

    defects = data.defects
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-family="sans-serif">',
        f'<rect width="{WIDTH}" height="{height}" fill="#fbfaf6"/>',
    ]
    for row in data.nodes["Area"]:
        if row.get("geometry"):
            parts.append(f'<path d="{path(row["geometry"])}" fill="#e3e0d6" stroke="none"/>')
    for row in data.nodes["Cell"]:
        fill = "#f4a640" if row["uid"] in defects["overlapping_cells"] else "none"
        opacity = ' fill-opacity="0.45"' if fill != "none" else ""
        parts.append(
            f'<path d="{path(row["geometry"])}" fill="{fill}"{opacity} '
            'stroke="#8a8a8a" stroke-width="0.4"/>'
        )
    for row in data.nodes["Net"]:
        level = row["level"]
        if level == 2:
            continue
        bare = row["uid"] in defects["territory_not_covered"]
        parts.append(
            f'<path d="{path(row["geometry"])}" fill="{"#d9383a" if bare else "none"}" '
            f'fill-opacity="0.25" stroke="#b0282a" stroke-width="{2.2 if level == 3 else 0.9}"/>'
        )
    for row in data.nodes["Hazard"]:
        if row.get("lon") is not None:
            parts.append(
                f'<circle cx="{xy(row["lon"], row["lat"]).split(",")[0]}" '
                f'cy="{xy(row["lon"], row["lat"]).split(",")[1]}" r="1" fill="#3261a8"/>'
            )
    outside = set(defects["object_outside_cell"])
    for label in ("Equipment", "Hazard"):
        for row in data.nodes[label]:
            if row["uid"] in outside:
                x, y = (float(v) for v in xy(row["lon"], row["lat"]).split(","))
                cross = f"M{x - 6},{y - 6} L{x + 6},{y + 6} M{x - 6},{y + 6} L{x + 6},{y - 6}"
                parts.append(f'<path d="{cross}" stroke="#d9383a" stroke-width="2.5"/>')
    parts.append(
        f'<text x="8" y="{height - 10}" font-size="13" fill="#333">RedGrid seed (scale 1, seed '
        f"2026): 23 level-3 nets, 92 level-4 nets, 311 cells, 1,800 areas, 1,168 hazards; "
        f"{west}–{east} E, {south}–{north} N</text>"
    )
    parts.append("</svg>")
    Path(out).write_text("\n".join(parts) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main(*sys.argv[1:])
