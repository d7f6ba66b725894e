"""The Markdown tables of one benchmark result (what docs/performance.md quotes)."""

from __future__ import annotations

from typing import Any

from bench.stats import ratio

BASELINES = ("floor", "sqlite", "networkx")


def _ms(value: float | None) -> str:
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.4f}"


def _times(value: float | None) -> str:
    return "–" if value is None else f"{value:,}×"


def _row(name: str, stats: dict[str, dict[str, Any]]) -> str:
    ours = stats["redgrid"]
    cells = [name, _ms(ours.get("p50_ms")), _ms(ours.get("p99_ms"))]
    for base in BASELINES:
        cells.append(_ms(stats[base]["p50_ms"]) if base in stats else "–")
    for base in BASELINES:
        theirs = stats.get(base, {})
        cells.append(_times(ratio(ours.get("p50_ms"), theirs.get("p50_ms"))))
    return "| " + " | ".join(cells) + " |"


def markdown(result: dict[str, Any]) -> str:
    """Load, in-engine queries beside the baselines, per-rule gaps, and the HTTP API."""
    scale = result["scale"]
    load = result["load"]
    m = result["machine"]
    lines = [
        f"### Scale {scale}: {load['nodes']:,} nodes, {load['relationships']:,} relationships",
        "",
        f"`{result['command']}` — {result['when']}, {m['cpus']} CPUs, load average "
        f"{m['loadavg_before'][0]:.2f} before / {m.get('loadavg_after', [0])[0]:.2f} after.",
        "",
        "| load | value |",
        "|---|---:|",
        f"| seed (generate + load) | {load['seconds']} s |",
        f"| of which generate / load | {load['generate_seconds']} s / {load['load_seconds']} s |",
        f"| elements (nodes + relationships) per second | {load['elements_per_s']:,} |",
        f"| loader peak RSS | {load['loader_peak_rss_mb']:,} MB |",
        f"| engine peak RSS (used memory) | {load['engine_peak_rss_mb']:,} MB "
        f"({load['engine_used_memory_mb']:,} MB) |",
        "",
        "| in-engine query (ms) | RedGrid p50 | RedGrid p99 | floor p50 | SQLite p50 | "
        "networkx p50 | ÷ floor | ÷ SQLite | ÷ networkx |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    traces = [(kind, stats) for kind, stats in result["trace"].items() if not kind.startswith("_")]
    past = result["trace_as_of"]
    traces.append((f"as of {past['as_of']}", past["all kinds"]))
    for kind, stats in traces:
        lines.append(_row(f"trace {kind} (n={stats['redgrid']['n']})", stats))
    for kind, stats in traces:
        if "redgrid_chain" in stats:  # results from before the chain-only trace lack it
            chain = stats | {"redgrid": stats["redgrid_chain"]}
            lines.append(_row(f"trace {kind}, chain only", chain))
    g = result["gaps"]
    lines.append(
        _row(f"3 gap rules, whole graph (n={g['three_rules']['redgrid']['n']})", g["three_rules"])
    )
    full = g["full"]
    lines.append(
        f"| full gap report, {len(g['per_rule'])} rules (n={full['n']}) | {_ms(full['p50_ms'])} "
        f"| {_ms(full['p99_ms'])} | – | – | – | – | – | – |"
    )
    checks = result["trace"]["_checks"]
    same = ", ".join(
        f"{k}: {'yes' if v else 'NO'}" for k, v in g["three_rules_same_answers_as_redgrid"].items()
    )
    lines += [
        "",
        f"Same answers: 3 gap rules vs RedGrid — {same}. Traces: baselines disagree on "
        f"{checks['baselines_disagree']} of {checks['traces']}; RedGrid's chain differs from "
        f"theirs on {checks['redgrid_chain_differs_from_baselines']} ({checks['note']}).",
        "",
        "| rule alone (ms) | p50 | p99 |",
        "|---|---:|---:|",
    ]
    for rule, stats in g["per_rule"].items():
        lines.append(f"| {rule} | {_ms(stats['p50_ms'])} | {_ms(stats['p99_ms'])} |")
    http = result.get("http")
    if http:
        lines += [
            "",
            f"HTTP, `redgrid serve` ({http['workers']} worker(s)) and the load generator "
            "in separate processes on loopback; every request executed "
            '(`REDGRID_RESPONSE_CACHE_S=0`) but in the rows marked "answers kept":',
            "",
            "| GraphQL query | clients | requests/s | p50 ms | p99 ms | errors | "
            "load-generator CPU |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name, q in http["queries"].items():
            if not q["available"]:
                lines.append(f"| {name} | – | not available | – | – | 1 | {q['error']} |")
                continue
            for run in q["runs"]:
                lat = run["latency"]
                lines.append(
                    f"| {name} | {run['clients']} | {run['requests_per_s']:,} | "
                    f"{_ms(lat.get('p50_ms'))} | {_ms(lat.get('p99_ms'))} | {run['errors']} | "
                    f"{run['client_cpu_s']} s of {run['seconds']} s |"
                )
    return "\n".join(lines) + "\n"
