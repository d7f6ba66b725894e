"""``python -m bench --scale 1``: seed a fresh data directory, then measure load, trace and
gaps on the embedded engine beside an in-memory parent-pointer floor on the same data.

Results go to ``bench/results/<timestamp>-scale<N>.json`` and a Markdown table on stdout.
This is the first slice of the benchmark harness (HTTP load and the SQLite/networkx
baselines are still to come).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.falkordb_engine import FalkorDBEngine
from queries.accountability import trace
from queries.coverage import catalog, gaps
from seed import SEED_TODAY, seed_database
from seed.generator import generate

KINDS = ("Equipment", "RiskPoint", "Hazard", "Problem")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "p50_ms": percentile(ms, 0.5), "p99_ms": percentile(ms, 0.99)}


def parent_pointer_floor(scale: int, seed: int, samples: dict[str, list[str]]) -> dict[str, Any]:
    """The floor: walk object → owner → micro-cell → cell → nets in Python dicts."""
    data = generate(scale, seed)
    rels = data.relationships

    def current(rel_type: str) -> list[tuple[str, str]]:
        return [
            (r["a"], r["b"])
            for key, rows in rels.items()
            if key[1] == rel_type
            for r in rows
            if not r.get("until")
        ]

    owner = dict(current("OWNED_BY"))
    member = dict(current("MEMBER_OF"))
    parent = dict(current("PART_OF"))
    head = {unit: person for person, unit in current("HEAD_OF")}
    found_at = dict(current("FOUND_AT"))

    def walk(uid: str) -> list[str]:
        chain = [uid]
        person = owner.get(uid) or owner.get(found_at.get(uid, ""))
        unit = member.get(person or "")
        while unit is not None:
            chain += [unit, head.get(unit, "")]
            unit = parent.get(unit)
        return chain

    timings = []
    for uids in samples.values():
        for uid in uids:
            started = time.perf_counter()
            walk(uid)
            timings.append(time.perf_counter() - started)
    return summary(timings)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--samples", type=int, default=2000, help="traces per kind")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="redgrid-bench-"))
    load_before = os.getloadavg()
    engine = FalkorDBEngine(work)
    try:
        started = time.perf_counter()
        report = seed_database(engine, scale=args.scale, seed=args.seed, progress=False)
        load_s = time.perf_counter() - started
        elements = sum(report.nodes.values()) + sum(report.relationships.values())
        rng = random.Random(args.seed)
        samples = {}
        for kind in KINDS:
            uids = [
                r["u"] for r in engine.run(f"MATCH (n:{kind}) RETURN n.uid AS u", readonly=True)
            ]
            samples[kind] = rng.sample(uids, min(args.samples, len(uids)))
        traces: dict[str, Any] = {}
        for kind, uids in samples.items():
            timings = []
            for uid in uids:
                t0 = time.perf_counter()
                trace(engine, uid)
                timings.append(time.perf_counter() - t0)
            traces[kind] = summary(timings)
        as_of = []
        for uid in samples["Equipment"][:500]:
            t0 = time.perf_counter()
            trace(engine, uid, as_of="2024-06-30")
            as_of.append(time.perf_counter() - t0)
        traces["Equipment as of 2024-06-30"] = summary(as_of)
        day = SEED_TODAY.isoformat()
        full = []
        for _ in range(5):
            t0 = time.perf_counter()
            gaps(engine, today=day, as_of=day)
            full.append(time.perf_counter() - t0)
        per_rule = {}
        for rule in catalog():
            t0 = time.perf_counter()
            gaps(engine, [rule.id], today=day, as_of=day)
            per_rule[rule.id] = round((time.perf_counter() - t0) * 1000, 1)
        server_rss = int(engine.connection.info("memory")["used_memory_rss"])
    finally:
        engine.close()
        shutil.rmtree(work, ignore_errors=True)
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "loadavg_before": load_before,
            "loadavg_after": os.getloadavg(),
        },
        "scale": args.scale,
        "load": {
            "seconds": round(load_s, 2),
            "elements": elements,
            "elements_per_s": round(elements / load_s),
            "loader_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "server_rss_mb": round(server_rss / 2**20),
        },
        "trace": traces,
        "trace_floor_parent_pointers": parent_pointer_floor(args.scale, args.seed, samples),
        "gaps": {"full_p50_ms": round(statistics.median(full) * 1000, 1), "per_rule_ms": per_rule},
    }
    out = (
        Path(__file__).parent
        / "results"
        / f"{result['when'][:19].replace(':', '')}-scale{args.scale}.json"
    )
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    floor_stats = result["trace_floor_parent_pointers"]
    floor = floor_stats["p50_ms"]
    print(f"| scale {args.scale} | p50 ms | p99 ms | ratio to floor (p50) |")
    print("|---|---:|---:|---:|")
    for kind, s in traces.items():
        ratio = s["p50_ms"] / floor
        print(f"| trace {kind} | {s['p50_ms']:.2f} | {s['p99_ms']:.2f} | {ratio:,.0f}× |")
    print(f"| parent-pointer floor | {floor:.4f} | {floor_stats['p99_ms']:.4f} | 1× |")
    print(f"\nload {result['load']}")
    print(f"full gap report p50 {result['gaps']['full_p50_ms']} ms; written {out}")


if __name__ == "__main__":
    main()
