"""``python -m bench --scale N`` (or ``make bench SCALE=N``): seed a fresh data directory at
scale N, then measure load, trace, gaps and the HTTP API beside baselines built from the
same generated data in the same run (``bench/baselines.py``).

Every timing is a distribution (median and p99 over many runs) and every RedGrid figure
is also given as a ratio to the baselines, measured interleaved with it (trace by trace,
run by run) so that a noisy shared machine slows both alike. Results go to
``bench/results/<timestamp>-scale<N>.json`` with the Markdown table beside it (``.md``)
and on stdout.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from bench import baselines
from bench.baselines import RULES, Floor, NetworkXBaseline, SQLiteBaseline, canonical_chain
from bench.graphql import QUERIES, TRACE_QUERIES
from bench.report import markdown
from bench.serving import account, served
from bench.stats import machine, peak_rss_mb, rss_mb, summary
from graph.falkordb_engine import FalkorDBEngine
from queries.accountability import trace
from queries.clock import instant
from queries.coverage import catalog, gaps
from seed.dataset import SEED_TODAY
from seed.generator import generate
from seed.loader import load

KINDS = ("Equipment", "RiskPoint", "Hazard", "Problem")
PAST = "2024-06-30"
"""The as-of date of the historical traces."""
CHAIN_ROLES = {"owner", "micro_cell", "cell", "cell_head", "net", "net_head"}
"""The links of RedGrid's chain that the baselines' trace also finds."""
RESULTS = Path(__file__).parent / "results"


def _timed[T](action: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def _rule_answers(baseline: Any) -> dict[str, list[str]]:
    return {rule: sorted(baseline.gaps(rule)) for rule in RULES}


def _runs_for(scale: int, at_1: int, at_10: int, at_50: int) -> int:
    return at_1 if scale < 10 else at_10 if scale < 50 else at_50


def measure_load(engine: FalkorDBEngine, scale: int, seed: int) -> tuple[dict[str, Any], Any]:
    """Generate and load (what ``redgrid seed`` does), with the loader's and engine's memory."""
    generate_s, dataset = _timed(lambda: generate(scale=scale, seed=seed))
    load_s, _ = _timed(lambda: load(engine, dataset, progress=False))
    elements = dataset.total_nodes + dataset.total_relationships
    memory = engine.connection.info("memory")
    seconds = generate_s + load_s
    return {
        "seconds": round(seconds, 2),
        "generate_seconds": round(generate_s, 2),
        "load_seconds": round(load_s, 2),
        "nodes": dataset.total_nodes,
        "relationships": dataset.total_relationships,
        "elements_per_s": round(elements / seconds),
        "elements_per_s_loading": round(elements / load_s),
        "loader_peak_rss_mb": peak_rss_mb(),
        "engine_peak_rss_mb": peak_rss_mb(engine.server.pid or "self"),
        "engine_used_memory_mb": round(int(memory["used_memory"]) / 2**20),
        "engine_used_memory_peak_mb": round(int(memory["used_memory_peak"]) / 2**20),
    }, dataset


def measure_traces(
    engine: FalkorDBEngine,
    samples: dict[str, list[str]],
    bases: dict[str, Any],
    as_of: str,
) -> dict[str, Any]:
    """RedGrid's trace (every part, and the chain alone) and each baseline's, interleaved uid
    by uid; plus agreement checks."""
    out: dict[str, Any] = {}
    disagreements = 0
    differs_from_redgrid = 0
    checked = 0
    for kind, uids in samples.items():
        timings: dict[str, list[float]] = {
            "redgrid": [],
            "redgrid_chain": [],
            **{name: [] for name in bases},
        }
        for uid in uids:
            seconds, result = _timed(partial(trace, engine, uid, as_of=as_of))
            timings["redgrid"].append(seconds)
            seconds, _ = _timed(partial(trace, engine, uid, as_of=as_of, parts=()))
            timings["redgrid_chain"].append(seconds)
            chains = []
            for name, baseline in bases.items():
                seconds, chain = _timed(partial(baseline.trace, uid))
                timings[name].append(seconds)
                chains.append(canonical_chain(chain))
            disagreements += len(set(chains)) > 1
            ours = canonical_chain([link.uid for link in result.chain if link.role in CHAIN_ROLES])
            differs_from_redgrid += ours != chains[0]
            checked += 1
        out[kind] = {name: summary(values) for name, values in timings.items()}
    out["_checks"] = {
        "traces": checked,
        "baselines_disagree": disagreements,
        "redgrid_chain_differs_from_baselines": differs_from_redgrid,
        "note": "RedGrid keeps one owner and one membership per chain and inherits owners "
        "through risk points and locations; the baselines follow every current edge",
    }
    return out


def measure_gaps(
    engine: FalkorDBEngine, bases: dict[str, Any], day: str, runs: int, rule_runs: int
) -> dict[str, Any]:
    """The full report, each rule alone, and the three shared rules beside the baselines."""
    full = [_timed(lambda: gaps(engine, today=day, as_of=day))[0] for _ in range(runs)]
    per_rule = {}
    for rule in catalog():
        timings = [
            _timed(partial(gaps, engine, [rule.id], today=day, as_of=day))[0]
            for _ in range(rule_runs)
        ]
        per_rule[rule.id] = summary(timings, 1)
    shared: dict[str, list[float]] = {"redgrid": [], **{name: [] for name in bases}}
    answers: dict[str, dict[str, list[str]]] = {}
    for _ in range(runs):
        seconds, report = _timed(lambda: gaps(engine, list(RULES), today=day, as_of=day))
        shared["redgrid"].append(seconds)
        answers["redgrid"] = {r.rule.id: sorted(f.uid for f in r.findings) for r in report.results}
        for name, baseline in bases.items():
            seconds, found = _timed(partial(_rule_answers, baseline))
            shared[name].append(seconds)
            answers[name] = found
    same = {name: answers[name] == answers["redgrid"] for name in bases}
    return {
        "full": summary(full, 1),
        "per_rule": per_rule,
        "three_rules": {name: summary(values, 3) for name, values in shared.items()},
        "three_rules_ids": list(RULES),
        "three_rules_same_answers_as_redgrid": same,
        "three_rules_findings": {rule: len(uids) for rule, uids in answers["redgrid"].items()},
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post(url: str, token: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    body = json.dumps({"query": query, "variables": variables}).encode()
    headers = {"content-type": "application/json", "authorization": f"Bearer {token}"}
    request = urllib.request.Request(url, body, headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return dict(json.loads(response.read()))
    except urllib.error.HTTPError as exc:
        return {"errors": [{"message": f"HTTP {exc.code}: {exc.read()[:300].decode()}"}]}


def _token(data: Path) -> str:
    """A fresh admin account in the benchmark's database, and a token for it (the CLI's way)."""
    return account(data, "bench-load", "admin", None)[1]


def measure_http(
    data: Path,
    variables: list[dict[str, str]],
    clients: list[int],
    seconds: float,
    workers: int,
    *,
    names: list[str] | None = None,
    keep_answers: bool = False,
) -> dict[str, Any]:
    """``redgrid serve`` in one process, the load generator in another, on loopback: the
    ``names`` of :data:`bench.graphql.QUERIES` (all by default), every request executed
    unless ``keep_answers`` (the server's default: a costly query's answer kept while the
    data stays the same, api.graphql.response_cache)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/graphql"
    out: dict[str, Any] = {"workers": workers, "url": url, "queries": {}}
    env = {} if keep_answers else {"REDGRID_RESPONSE_CACHE_S": "0"}
    with served(data, port, workers, env) as server:
        vars_file = Path(tempfile.mkstemp(prefix="redgrid-bench-vars-", suffix=".json")[1])
        vars_file.write_text(json.dumps(variables))
        token = _token(data)
        for name in names or list(QUERIES):
            query = QUERIES[name]
            probe = _post(url, token, query, variables[0] if name in TRACE_QUERIES else {})
            if probe.get("errors"):
                message = probe["errors"][0].get("message", "")
                out["queries"][name] = {"available": False, "error": message[:300]}
                continue
            runs: list[dict[str, Any]] = []
            for n in [1, *clients]:  # the first, short run at one client warms up
                command = [
                    sys.executable,
                    "-m",
                    "bench.http_load",
                    "--url",
                    url,
                    "--query",
                    name,
                    "--clients",
                    str(n),
                    "--seconds",
                    str(seconds if runs or n != 1 else 2),
                ]
                if name in TRACE_QUERIES:
                    command += ["--variables", str(vars_file)]
                env = os.environ | {"REDGRID_BENCH_TOKEN": token}
                done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
                runs.append(json.loads(done.stdout))
            out["queries"][name] = {"available": True, "runs": runs[1:]}
        vars_file.unlink()
        out["server_peak_rss_mb"] = peak_rss_mb(server.pid)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--samples", type=int, default=2000, help="traces per kind")
    parser.add_argument("--gap-runs", type=int, help="runs of the full report (20/5/3)")
    parser.add_argument("--rule-runs", type=int, help="runs of each rule alone (5/3/1)")
    parser.add_argument("--http-seconds", type=float, default=10.0)
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--workers", type=int, default=1, help="redgrid serve --workers")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--no-networkx", action="store_true", help="skip the networkx baseline")
    parser.add_argument("--data", type=Path, help="data directory (default: a fresh temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args()
    gap_runs = args.gap_runs or _runs_for(args.scale, 20, 5, 3)
    rule_runs = args.rule_runs or _runs_for(args.scale, 5, 3, 1)

    work = args.data or Path(tempfile.mkdtemp(prefix="redgrid-bench-"))
    if any(work.iterdir()) if work.exists() else False:
        parser.error(f"{work} is not empty: the benchmark seeds a fresh data directory")
    when = datetime.now(UTC).isoformat(timespec="seconds")
    result: dict[str, Any] = {
        "when": when,
        "command": " ".join(["python -m bench", *sys.argv[1:]]),
        "scale": args.scale,
        "seed": args.seed,
        "machine": machine() | {"loadavg_before": os.getloadavg()},
    }
    engine = FalkorDBEngine(work)
    try:
        print(f"seeding scale {args.scale} into {work} …", file=sys.stderr)
        result["load"], dataset = measure_load(engine, args.scale, args.seed)
        print(f"load {result['load']}", file=sys.stderr)
        now, past = instant(SEED_TODAY.isoformat()), instant(PAST)
        built: dict[str, float] = {}
        bases: dict[str, Any] = {}
        kinds: dict[str, Any] = {"floor": Floor, "sqlite": SQLiteBaseline}
        if not args.no_networkx:
            kinds["networkx"] = NetworkXBaseline
        sqlite_file = work.parent / f"{work.name}-baseline.sqlite"
        for name, kind in kinds.items():
            started = time.perf_counter()
            bases[name] = (
                kind(dataset, now, sqlite_file) if kind is SQLiteBaseline else kind(dataset, now)
            )
            built[name] = time.perf_counter() - started
        result["baselines"] = {
            name: baselines.describe(b) | {"build_s": round(built[name], 2)}
            for name, b in bases.items()
        }
        rng = random.Random(args.seed)
        samples = {
            kind: [
                row["uid"]
                for row in rng.sample(
                    dataset.nodes[kind], min(args.samples, len(dataset.nodes[kind]))
                )
            ]
            for kind in KINDS
        }
        past_floor = Floor(dataset, past)
        # The dataset is not needed any more: give its memory back before measuring.
        del dataset
        gc.collect()
        result["load"]["bench_rss_mb_with_baselines"] = rss_mb()
        print("tracing …", file=sys.stderr)
        result["trace"] = measure_traces(engine, samples, bases, SEED_TODAY.isoformat())
        past_bases = {**bases, "floor": past_floor}
        for name in ("sqlite", "networkx"):
            if name in past_bases:
                past_bases[name].at = past
        mixed = [uid for uids in samples.values() for uid in uids]
        as_of = {"all kinds": rng.sample(mixed, min(args.samples, len(mixed)))}
        result["trace_as_of"] = measure_traces(engine, as_of, past_bases, PAST) | {"as_of": PAST}
        for name in ("sqlite", "networkx"):
            if name in bases:
                bases[name].at = now
        del past_bases, past_floor
        print("gaps …", file=sys.stderr)
        day = SEED_TODAY.isoformat()
        result["gaps"] = measure_gaps(engine, bases, day, gap_runs, rule_runs)
        for base in bases.values():
            base.close()
        del bases
        if not args.no_http:
            print("HTTP …", file=sys.stderr)
            clients = [int(c) for c in args.clients.split(",")]
            variables = [{"uid": uid} for uid in mixed]
            rng.shuffle(variables)
            http = measure_http(work, variables, clients, args.http_seconds, args.workers)
            kept = measure_http(work, variables, clients, args.http_seconds, args.workers,
                                names=["cells_page"], keep_answers=True)  # fmt: skip
            http["queries"]["cells_page, answers kept"] = kept["queries"]["cells_page"]
            result["http"] = http
        result["load"]["engine_peak_rss_mb_end"] = peak_rss_mb(engine.server.pid or "self")
        result["machine"]["loadavg_after"] = os.getloadavg()
    finally:
        engine.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        Path(f"{work}-baseline.sqlite").unlink(missing_ok=True)
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"{when[:19].replace(':', '')}-scale{args.scale}"
    table = markdown(result)
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    stem.with_suffix(".md").write_text(table)
    print(table)
    print(f"written {stem}.json and .md", file=sys.stderr)


if __name__ == "__main__":
    main()
