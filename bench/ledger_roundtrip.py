"""The ledger round trip at scale N: ``redgrid seed --scale N``, ``redgrid export`` of the
whole organisation, ``redgrid import`` of those files into an empty data directory — wall
time and peak memory of each command (and of the embedded server it starts), beside a
baseline tree when one is given.

    .venv/bin/python -m bench.ledger_roundtrip --scale 10 [--format csv] [--base /tmp/base]

The seeded directory is made once (by this tree) and exported by each tree; each tree
imports its own export. Results go to ``bench/results/<timestamp>-roundtrip-scale<N>.json``
with the Markdown table beside it (``.md``) and on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.ledger_import import HERE, _commit, redgrid, write_result
from bench.stats import machine

_NO_LIMITS = ("--max-file-mb", "100000", "--max-unzipped-mb", "100000", "--max-rows", "100000000")


def _step(tree: Path, *args: str) -> tuple[dict[str, Any], str]:
    wall, out, peaks = redgrid(tree, *args)
    figures = {
        "seconds": round(wall, 1),
        "command_peak_mb": round(peaks.command_mb, 1),
        "server_peak_mb": round(peaks.server_mb, 1),
    }
    return figures, out


def round_trip(tree: Path, seeded: Path, work: Path, fmt: str) -> dict[str, Any]:
    """Export ``seeded`` with ``tree``, then import the files into an empty directory."""
    files = work / "files"
    exported, _ = _step(tree, "--data", str(seeded), "export", str(files), "--format", fmt)
    exported["files"] = len(list(files.iterdir()))
    exported["mb"] = round(sum(p.stat().st_size for p in files.iterdir()) / 1e6, 1)
    imported, out = _step(
        tree, "--data", str(work / "data"), "import", str(files),
        "--json", *_NO_LIMITS,
    )  # fmt: skip
    report = json.loads(out)
    imported |= {
        "rows": report["rows"],
        "import_s": round(report["seconds"], 1),
        "rows_per_s": round(report["rows_per_second"]),
        "relationships": report["relationships"],
    }
    return {"export": exported, "import": imported}


def _mb(value: float) -> str:
    """A peak in MB, or – when not measured (results from before the server was watched)."""
    return f"{value:,.0f}" if value else "–"


def markdown(result: dict[str, Any]) -> str:
    m = result["machine"]
    seed = result["seed"]
    lines = [
        f"### Ledger round trip at scale {result['scale']} ({result['format']})",
        "",
        f"`{result['command']}` — {result['when']}, {m['cpus']} CPUs, load average "
        f"{m['loadavg_before'][0]:.2f} before / {m['loadavg_after'][0]:.2f} after. "
        f"Seed: {seed['seconds']} s, command {_mb(seed['command_peak_mb'])} MB, server "
        f"{_mb(seed['server_peak_mb'])} MB.",
        "",
        "| step | tree | seconds | command peak MB | server peak MB | note |",
        "|---|---|---:|---:|---:|---|",
    ]
    for name, runs in result["runs"].items():
        tree = f"{name} ({result['trees'][name]})"
        e, i = runs["export"], runs["import"]
        lines.append(
            f"| export | {tree} | {e['seconds']} | {_mb(e['command_peak_mb'])} | "
            f"{_mb(e['server_peak_mb'])} | {e['files']} files, {e['mb']} MB |"
        )
        lines.append(
            f"| import into an empty directory | {tree} | {i['seconds']} | "
            f"{_mb(i['command_peak_mb'])} | {_mb(i['server_peak_mb'])} | {i['rows']:,} rows, "
            f"import {i['import_s']} s: {i['rows_per_s']:,} rows/s |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ledger_roundtrip", description=__doc__)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--format", default="csv", choices=["csv", "xlsx"])
    parser.add_argument("--base", type=Path, help="a baseline checkout, run after this tree")
    parser.add_argument("--base-only", action="store_true", help="measure the baseline alone")
    args = parser.parse_args()
    trees = {} if args.base_only else {"this": HERE}
    trees |= {"base": args.base.resolve()} if args.base else {}
    when = datetime.now(UTC).isoformat(timespec="seconds")
    result: dict[str, Any] = {
        "when": when,
        "command": " ".join(["python -m bench.ledger_roundtrip", *sys.argv[1:]]),
        "scale": args.scale,
        "format": args.format,
        "trees": {name: _commit(tree) for name, tree in trees.items()},
        "machine": machine() | {"loadavg_before": os.getloadavg()},
        "runs": {},
    }
    with tempfile.TemporaryDirectory(prefix="redgrid-bench-roundtrip-") as scratch:
        root = Path(scratch)
        result["seed"], _ = _step(
            HERE, "--data", str(root / "seed"), "seed", "--scale", str(args.scale)
        )
        for name, tree in trees.items():
            work = root / name
            result["runs"][name] = round_trip(tree, root / "seed", work, args.format)
            print(f"{name}: {result['runs'][name]}", file=sys.stderr)
            shutil.rmtree(work, ignore_errors=True)
    result["machine"]["loadavg_after"] = os.getloadavg()
    table = markdown(result)
    name = f"roundtrip-scale{args.scale}"
    if args.base_only:
        name += f"-baseline-{result['trees']['base']}"
    stem = write_result(result, name, table)
    print(table)
    print(f"written {stem}.json and .md", file=sys.stderr)


if __name__ == "__main__":
    main()
