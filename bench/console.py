"""The console's speed at scale 1: every GraphQL document a page sends (console/src/queries/,
each with the variables on its ``# bench:`` line) over HTTP, as an admin and as the head of one
level-4 net, beside the HTTP floor (``{ __typename }``) measured interleaved in the same run;
then each page's first load in headless Chromium (time to a quiet network, bytes on the wire
as compressed) — targets: ≤ 300 ms p50 for a page's data, ≤ 1 MB compressed first load.

Usage: ``.venv/bin/python -m bench.console [--data DIR] [--runs 30]``; seeds a fresh scale-1
database unless ``--data`` names one; prints a Markdown table and writes
``bench/results/<timestamp>-console.{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from playwright.sync_api import Request, sync_playwright

from bench.__main__ import RESULTS, _free_port, _post
from bench.graphql import FLOOR
from bench.serving import account, served
from bench.stats import machine
from seed.dataset import Dataset
from seed.generator import generate

QUERIES = Path(__file__).parents[1] / "console" / "src" / "queries"
PAGES = ["/", "/grid", "/gaps", "/tree", "/assessment", "/object/{equipment}", "/person/{person}"]
TARGET_MS = 300.0
TARGET_FIRST_LOAD_BYTES = 1_000_000


def documents() -> dict[str, tuple[str, dict[str, Any]]]:
    """Every page document with its bench variables (files marked ``# bench: skip`` left out)."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for path in sorted(QUERIES.glob("*.graphql")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        if not first.startswith("# bench:"):
            raise ValueError(f"{path.name}: the first line must be '# bench: {{…}}' or 'skip'")
        spec = first.removeprefix("# bench:").strip()
        if spec != "skip":
            found[path.stem] = (text, json.loads(spec))
    return found


def level4_head(dataset: Dataset) -> str:
    """A person heading exactly one level-4 net now (the console's head in the tests)."""
    levels = {n["uid"]: n["level"] for n in dataset.nodes["Net"]}
    posts: dict[str, list[str]] = {}
    for row in dataset.relationships[("Person", "HEAD_OF", "Net")]:
        if row.get("until") is None:
            posts.setdefault(row["a"], []).append(row["b"])
    return next(p for p, nets in sorted(posts.items())
                if len(nets) == 1 and levels[nets[0]] == 4)  # fmt: skip


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50": round(statistics.median(ordered) * 1000, 2),
        "p95": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 2),
    }


def measure_documents(url: str, tokens: dict[str, str], runs: int) -> dict[str, Any]:
    """Each document ``runs`` times per role, each run followed by one floor request."""
    out: dict[str, Any] = {}
    for name, (query, variables) in documents().items():
        for role, token in tokens.items():
            started = time.perf_counter()
            answer = _post(url, token, query, variables)  # the first: cold caches
            first = time.perf_counter() - started
            errors = answer.get("errors") or []
            code = errors[0].get("extensions", {}).get("code", "ERROR") if errors else "data"
            timed: list[float] = []
            floor: list[float] = []
            for _ in range(runs):
                started = time.perf_counter()
                _post(url, token, query, variables)
                timed.append(time.perf_counter() - started)
                started = time.perf_counter()
                _post(url, token, FLOOR, {})
                floor.append(time.perf_counter() - started)
            out[f"{name} ({role})"] = {
                "first_ms": round(first * 1000, 2),
                "ms": _ms(timed),
                "floor_ms": _ms(floor),
                "answer": code,
            }
    return out


def _record_size(sizes: list[int], request: Request) -> None:
    sizes.append(request.sizes()["responseBodySize"])


def measure_pages(base: str, credentials: dict[str, str], paths: list[str]) -> dict[str, Any]:
    """Each page opened cold (empty cache) in a fresh signed-in browser context."""
    executable = shutil.which("chromium")
    if executable is None:
        return {"skipped": "no chromium"}
    out: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        for path in paths:
            context = browser.new_context(base_url=base)
            signed = context.request.post("/auth/session", data=credentials)
            assert signed.ok, signed.text()
            page = context.new_page()
            sizes: list[int] = []
            page.on("requestfinished", partial(_record_size, sizes))
            started = time.perf_counter()
            page.goto(f"/console{path}", wait_until="networkidle")
            elapsed = time.perf_counter() - started
            out[path] = {"ms": round(elapsed * 1000, 1), "bytes": sum(sizes),
                         "requests": len(sizes)}  # fmt: skip
            context.close()
        browser.close()
    return out


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"# Console at scale 1 — {result['when']}",
        "",
        f"Data requests: {result['runs']} runs each over HTTP on loopback; floor = "
        f"`{FLOOR}` measured after each run; *first* is the first request (cold: nothing kept "
        f"yet, e.g. the gap report). Target ≤ {TARGET_MS:.0f} ms p50.",
        "",
        "| document (role) | answer | first ms | p50 ms | p95 ms | floor p50 ms |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, row in result["documents"].items():
        ms = row["ms"]
        cells = [name, row["answer"], row["first_ms"], ms["p50"], ms["p95"], row["floor_ms"]["p50"]]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    budget = f"{TARGET_FIRST_LOAD_BYTES / 1e6:.0f} MB"
    lines += [
        "",
        f"First load of each page (cold cache, signed in; target ≤ {budget} on the wire):",
        "",
        "| page | ms to quiet network | bytes on the wire | requests |",
        "|---|---:|---:|---:|",
    ]
    for path, row in result["pages"].items():
        if isinstance(row, dict):
            lines.append(f"| {path} | {row['ms']} | {row['bytes']:,} | {row['requests']} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.console", description=__doc__)
    parser.add_argument("--data", type=Path, help="a seeded scale-1 data directory")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    dataset = generate(scale=1, seed=2026)
    data = args.data or Path(tempfile.mkdtemp(prefix="redgrid-bench-console-"))
    if args.data is None:
        redgrid = str(Path(sys.executable).parent / "redgrid")
        subprocess.run([redgrid, "--data", str(data), "seed", "--scale", "1"], check=True,
                       capture_output=True)  # fmt: skip
    suffix = secrets.token_hex(3)
    admin_password, admin = account(data, f"bench-admin-{suffix}", "admin", None)
    head = account(data, f"bench-head-{suffix}", "head", level4_head(dataset))[1]
    equipment = dataset.nodes["Equipment"][0]["uid"]
    person = dataset.nodes["Person"][0]["uid"]
    paths = [p.format(equipment=equipment, person=person) for p in PAGES]
    port = _free_port()
    with served(data, port):
        base = f"http://127.0.0.1:{port}"
        result = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "runs": args.runs,
            "documents": measure_documents(
                f"{base}/graphql", {"admin": admin, "head": head}, args.runs
            ),
            "pages": measure_pages(
                base, {"username": f"bench-admin-{suffix}", "password": admin_password}, paths
            ),
        }
    if args.data is None:
        shutil.rmtree(data, ignore_errors=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{stamp}-console.json").write_text(json.dumps(result, indent=2))
    table = markdown(result)
    (RESULTS / f"{stamp}-console.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()
