"""``locate`` in process beside a brute-force point-in-polygon over every cell, at scale 1 and
50 (territories tiled as the seed tiles them: 23·N brigades, 4 branches each, 311·N cells).

With ``--http``: the seeded scale-1 organisation, timed with and without the geography step
(the baseline, in the same run), then ``redgrid serve`` on it and ``locate`` over HTTP one
request at a time, beside the HTTP floor (``{ __typename }``) and the in-process ``locate``
and brute force on the same points and the same seeded grid.

Usage: ``.venv/bin/python -m bench.spatial [--scales 1 50] [--points 2000] [--http]``; prints
JSON and a short table.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from unittest import mock

from shapely.geometry import box

from bench.__main__ import _free_port, _post, _token
from bench.graphql import FLOOR
from bench.serving import served
from bench.stats import percentile
from graph.falkordb_engine import FalkorDBEngine
from graph.geometry import to_geojson
from queries.spatial import SpatialIndex, locate, spatial_index
from seed.generator import generate
from seed.geography import TERRITORY, tile
from seed.loader import load
from seed.world import World

SPATIAL_RULES = (
    "object_outside_cell",
    "overlapping_cells",
    "territory_not_covered",
    "object_without_position",
)


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


BLOCK = 100
"""Points timed in one block before the other method takes its turn."""


def _alternating(
    index: SpatialIndex, spots: list[tuple[float, float]]
) -> tuple[list[float], list[float]]:
    """``locate`` and the brute force on the same points, in alternating blocks of ``BLOCK``
    points (both see the same machine load). Not point by point: a locate timed right after a
    brute-force pass over 15,334 polygons paid for the caches that pass evicted (0.28 ms at
    scale 50 instead of 0.03 ms)."""
    indexed, brute = [], []
    for start in range(0, len(spots), BLOCK):
        block = spots[start : start + BLOCK]
        for lon, lat in block:
            t = time.perf_counter()
            index.locate(lon, lat)
            indexed.append(time.perf_counter() - t)
        for lon, lat in block:
            t = time.perf_counter()
            index.brute_force(lon, lat)
            brute.append(time.perf_counter() - t)
    return indexed, brute


def run(scale: int, points: int) -> dict[str, object]:
    rng = random.Random(scale)
    rows = territories(scale, rng)
    started = time.perf_counter()
    index = SpatialIndex(rows)
    build_ms = (time.perf_counter() - started) * 1000
    west, south, east, north = TERRITORY
    spots = [(rng.uniform(west, east), rng.uniform(south, north)) for _ in range(points)]
    indexed, brute = _alternating(index, spots)
    return {
        "scale": scale,
        "cells": len(rows),
        "points": points,
        "build_ms": round(build_ms, 1),
        "locate_p50_ms": _p50_ms(indexed),
        "brute_force_p50_ms": _p50_ms(brute),
    }


def _no_geography(w: World) -> None:
    """The seed's geography step left out (the baseline): its rules recorded as planted with
    no offenders, so the generator's own check passes."""
    w.defects.update({rule: [] for rule in SPATIAL_RULES})


def _seed_seconds(data: Path, graph: str, seed: int, geography: bool) -> float:
    """Generate and load scale 1 into a fresh graph (what ``redgrid seed`` does)."""
    engine = FalkorDBEngine(data, graph_name=graph)
    try:
        started = time.perf_counter()
        if geography:
            dataset = generate(scale=1, seed=seed)
        else:
            with mock.patch("seed.defects.build_geography", _no_geography):
                dataset = generate(scale=1, seed=seed)
        load(engine, dataset, progress=False)
        return time.perf_counter() - started
    finally:
        if graph != "redgrid":
            engine.clear()
        engine.close()


def run_http(points: int, seed: int, rounds: int) -> dict[str, object]:
    """Scale 1 seeded with and without geography (alternating, ``rounds`` each), then
    ``locate`` over HTTP beside the HTTP floor and in-process locate / brute force."""
    data = Path(tempfile.mkdtemp(prefix="redgrid-bench-spatial-"))
    try:
        with_geo, without = [], []
        for r in range(rounds):
            graph = "redgrid" if r == rounds - 1 else f"bench-geo-{r}"
            with_geo.append(_seed_seconds(data, graph, seed, geography=True))
            without.append(_seed_seconds(data, f"bench-nogeo-{r}", seed, geography=False))
        engine = FalkorDBEngine(data)
        try:
            index = spatial_index(engine)
            rng = random.Random(seed)
            west, south, east, north = TERRITORY
            spots = [(rng.uniform(west, east), rng.uniform(south, north)) for _ in range(points)]
            http = _http_timings(data, spots)
            indexed, brute = _alternating(index, spots)
            with_fingerprint = []
            for lon, lat in spots:
                t = time.perf_counter()
                locate(engine, lon, lat)
                with_fingerprint.append(time.perf_counter() - t)
        finally:
            engine.close()
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return {
        "scale": 1,
        "cells": len(index),
        "points": points,
        "seed_with_geography_s": [round(x, 2) for x in with_geo],
        "seed_without_geography_s": [round(x, 2) for x in without],
        "http_locate_p50_ms": _p50_ms(http["locate"]),
        "http_locate_p99_ms": round(percentile(http["locate"], 99) * 1000, 3),
        "http_floor_p50_ms": _p50_ms(http["floor"]),
        "engine_locate_p50_ms": _p50_ms(with_fingerprint),
        "locate_p50_ms": _p50_ms(indexed),
        "brute_force_p50_ms": _p50_ms(brute),
    }


LOCATE = "query($lon: Float!, $lat: Float!) { locate(lon: $lon, lat: $lat) { ambiguous cell { uid } candidates { uid inside edgeM } } }"  # noqa: E501


def _http_timings(data: Path, spots: list[tuple[float, float]]) -> dict[str, list[float]]:
    """``redgrid serve`` on ``data``; each point located by one request, interleaved with a
    request of the floor query (same client, same connection handling)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/graphql"
    with served(data, port):
        token = _token(data)
        probe = _post(url, token, LOCATE, {"lon": spots[0][0], "lat": spots[0][1]})
        if probe.get("errors"):
            raise RuntimeError(f"locate over HTTP failed: {probe['errors']}")
        for lon, lat in spots[:50]:  # warm up
            _post(url, token, LOCATE, {"lon": lon, "lat": lat})
        out: dict[str, list[float]] = {"locate": [], "floor": []}
        for lon, lat in spots:
            t = time.perf_counter()
            _post(url, token, LOCATE, {"lon": lon, "lat": lat})
            out["locate"].append(time.perf_counter() - t)
            t = time.perf_counter()
            _post(url, token, FLOOR, {})
            out["floor"].append(time.perf_counter() - t)
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 50])
    parser.add_argument("--points", type=int, default=2000)
    parser.add_argument("--http", action="store_true", help="seed scale 1, locate over HTTP")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rounds", type=int, default=2, help="seeds of each kind (--http)")
    args = parser.parse_args()
    if args.http:
        result = run_http(args.points, args.seed, args.rounds)
        print(json.dumps(result, indent=2))
        return
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
