"""``locate`` in process beside a brute-force point-in-polygon over every cell, at scale 1 and
50 (territories tiled as the seed tiles them: 23·N brigades, 4 branches each, 311·N cells).

Usage: ``.venv/bin/python -m bench.spatial [--scales 1 50] [--points 2000]``; prints JSON and a
short table.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time

from shapely.geometry import box

from graph.geometry import to_geojson
from queries.spatial import SpatialIndex
from seed.geography import TERRITORY, tile


def territories(scale: int, rng: random.Random) -> list[dict[str, object]]:
    cells_per_branch = [3 + (i % 9 < 3) for i in range(92 * scale)]
    rows: list[dict[str, object]] = []
    branches = [b for rect in tile(TERRITORY, 23 * scale, rng) for b in tile(rect, 4, rng)]
    for branch, count in zip(branches, cells_per_branch, strict=True):
        for rect in tile(branch, count, rng):
            uid = f"cell-{len(rows):06d}"
            rows.append(
                {
                    "uid": uid,
                    "kind": "Cell",
                    "name": uid,
                    "cell": None,
                    "geometry": to_geojson(box(*rect)),
                }
            )
    return rows


def _p50_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 4)


def run(scale: int, points: int) -> dict[str, object]:
    rng = random.Random(scale)
    rows = territories(scale, rng)
    started = time.perf_counter()
    index = SpatialIndex(rows)
    build_ms = (time.perf_counter() - started) * 1000
    west, south, east, north = TERRITORY
    spots = [(rng.uniform(west, east), rng.uniform(south, north)) for _ in range(points)]
    indexed, brute = [], []
    for lon, lat in spots:
        t = time.perf_counter()
        index.locate(lon, lat)
        indexed.append(time.perf_counter() - t)
        t = time.perf_counter()
        index.brute_force(lon, lat)
        brute.append(time.perf_counter() - t)
    return {
        "scale": scale,
        "cells": len(rows),
        "points": points,
        "build_ms": round(build_ms, 1),
        "locate_p50_ms": _p50_ms(indexed),
        "brute_force_p50_ms": _p50_ms(brute),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 50])
    parser.add_argument("--points", type=int, default=2000)
    args = parser.parse_args()
    results = [run(scale, args.points) for scale in args.scales]
    print(json.dumps(results, indent=2))
    print("| scale | cells | index build | locate p50 | brute force p50 |")
    print("|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['scale']} | {r['cells']:,} | {r['build_ms']} ms | {r['locate_p50_ms']} ms "
            f"| {r['brute_force_p50_ms']} ms |"
        )


if __name__ == "__main__":
    main()
