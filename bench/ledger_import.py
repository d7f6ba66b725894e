"""``redgrid import`` of a large equipment ledger, as a user runs it, beside a baseline tree.

    .venv/bin/python -m bench.ledger_import --rows 100000 [--format csv xlsx] [--runs 3]
        [--base /tmp/base-import]

Seeds the article's organisation (scale 1) once into a scratch directory, writes an
equipment ledger of ``--rows`` new devices naming its cells, areas, owners (by employee
number) and standards (by code), then, ``--runs`` times, imports it into a fresh copy of
the seeded directory: the first import (everything created), the same file again
(everything unchanged) and the file with one owner in ten changed (history closed and
opened). With ``--base`` (a checkout of an earlier commit, e.g. ``git worktree add
/tmp/base-import <commit>``) each run imports with that tree too, alternating with this
one so a busy shared machine slows both alike. "command" is the whole ``redgrid import``
process (starting the embedded server, loading the stored graph); "import" is what the
import reports; peaks are the resident memory high-water marks of the command and of the
embedded server it starts. Medians go to ``bench/results/<timestamp>-ledger-import.json``
with the Markdown table beside it (``.md``) and on stdout.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openpyxl

from bench.stats import machine
from graph.enums import EquipmentCategory
from graph.falkordb_engine import FalkorDBEngine

RESULTS = Path(__file__).parent / "results"
HERE = Path(__file__).parents[1]
HEADER = ["uid", "name", "tag", "category", "commissioned_on", "cell", "area", "owner", "standards"]
STEPS = ("first", "again", "one_owner_in_ten_changed")
_CLI = "import sys; from api.cli import main; sys.exit(main())"


@dataclass(slots=True)
class Peaks:
    """Resident-memory high-water marks (VmHWM, MiB) of a process and of its descendants."""

    command_mb: float = 0.0
    server_mb: float = 0.0
    pids: set[int] = field(default_factory=set)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def _hwm_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _server_pid(data: Path | None) -> int | None:
    try:
        return int((data / "falkordb.pid").read_text()) if data else None
    except (OSError, ValueError):
        return None


@contextmanager
def _watched(process: subprocess.Popen[bytes], data: Path | None) -> Iterator[Peaks]:
    """Poll the peak memory of ``process``, of the processes it starts and of the embedded
    server of ``data`` (a daemon: not its child) until the block ends; a process's
    high-water mark only grows, so the last reading before it exits is its peak."""
    peaks = Peaks()
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            peaks.command_mb = max(peaks.command_mb, _hwm_mb(process.pid))
            stack = _children(process.pid)
            server = _server_pid(data)
            if server is not None:
                stack.append(server)
            while stack:
                pid = stack.pop()
                peaks.pids.add(pid)
                peaks.server_mb = max(peaks.server_mb, _hwm_mb(pid))
                stack += _children(pid)
            done.wait(0.05)

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    try:
        yield peaks
    finally:
        done.set()
        thread.join()


def redgrid(tree: Path, *args: str) -> tuple[float, str, Peaks]:
    """Run ``redgrid ARGS`` from the source tree ``tree`` (this project or a baseline
    checkout; the venv is this one's): wall seconds, standard output, memory peaks."""
    env = os.environ | {"PYTHONPATH": str(tree)}
    data = Path(args[args.index("--data") + 1]) if "--data" in args else None
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        command = [sys.executable, "-c", _CLI, *args]
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=tree)
        with _watched(process, data) as peaks:
            code = process.wait()
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if code:
            message = (out.read() + err.read()).decode(errors="replace")[-3000:]
            raise RuntimeError(f"redgrid {' '.join(args)} failed ({code}):\n{message}")
        return wall, out.read().decode(), peaks


def seeded(directory: Path, scale: int = 1) -> Path:
    """A data directory holding ``redgrid seed --scale N`` (made by this tree)."""
    redgrid(HERE, "--data", str(directory), "seed", "--scale", str(scale))
    return directory


def references(data: Path) -> dict[str, list[Any]]:
    """The areas with their cells, employee numbers and unit standards' codes a ledger names."""
    engine = FalkorDBEngine(data)
    try:
        run = engine.run
        return {
            "areas": run(
                "MATCH (a:Area)-[:BELONGS_TO]->(c:Cell) RETURN a.uid AS a, c.uid AS c "
                "ORDER BY a, c",
                readonly=True,
            ),
            "people": sorted(r["e"] for r in run("MATCH (p:Person) RETURN p.employee_no AS e")),
            "codes": sorted(
                r["c"]
                for r in run("MATCH (s:Standard {level: $l}) RETURN s.code AS c", {"l": "unit"})
            ),
        }
    finally:
        engine.close()


def equipment_ledger(
    rows: int, refs: dict[str, list[Any]], changed_every: int = 0
) -> list[list[Any]]:
    """``rows`` new devices (``eqx-0000001`` …), deterministic; every ``changed_every``-th
    row's owner moved to the next person."""
    rng = random.Random(2026)
    categories = [c.zh for c in EquipmentCategory]
    people = refs["people"]
    table = []
    for number in range(1, rows + 1):
        area = rng.choice(refs["areas"])
        owner = rng.choice(people)
        if changed_every and number % changed_every == 0:
            owner = people[(people.index(owner) + 1) % len(people)]
        codes = rng.sample(refs["codes"], rng.randint(1, 2))
        table.append(
            [
                f"eqx-{number:07d}",
                f"{rng.choice(categories)}{number}",
                f"TAG-{number:07d}",
                rng.choice(categories),
                f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                area["c"],
                area["a"],
                owner,
                ";".join(codes),
            ]
        )
    return table


def write_equipment(path: Path, table: list[list[Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Only the columns the ledger fills (not the whole template), so that a baseline tree
    # whose template has fewer columns reads the same file.
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows([HEADER, *table])
        return path
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("equipment")
    for row in [HEADER, *table]:
        sheet.append(row)
    book.save(path)
    return path


def timed_import(tree: Path, data: Path, path: Path, as_of: str) -> dict[str, Any]:
    wall, out, peaks = redgrid(
        tree, "--data", str(data), "import", str(path), "--as-of", as_of, "--json"
    )
    report = json.loads(out)
    return {
        "command_s": round(wall, 2),
        "command_rows_per_s": round(report["rows"] / wall),
        "import_s": round(report["seconds"], 2),
        "import_rows_per_s": round(report["rows_per_second"]),
        "command_peak_mb": round(peaks.command_mb, 1),
        "server_peak_mb": round(peaks.server_mb, 1),
        "equipment": report["kinds"]["equipment"],
        "relationships": report["relationships"],
    }


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    keys = [k for k, v in runs[0].items() if isinstance(v, int | float)]
    return {k: round(statistics.median(r[k] for r in runs), 2) for k in keys} | {
        "n": len(runs),
        "relationships": runs[0]["relationships"],
    }


def _commit(tree: Path) -> str:
    done = subprocess.run(
        ["git", "-C", str(tree), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return done.stdout.strip() or "?"


def measure(
    rows: int, formats: list[str], runs: int, trees: dict[str, Path], steps: list[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every step of every format ``runs`` times per tree, trees alternating within a run:
    the results by tree, format and step, and each format's file size."""
    raw: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = {
        name: {fmt: {step: [] for step in steps} for fmt in formats} for name in trees
    }
    files: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="redgrid-bench-import-") as scratch:
        root = Path(scratch)
        seed = seeded(root / "seed")
        refs = references(seed)
        for fmt in formats:
            first = write_equipment(root / f"equipment.{fmt}", equipment_ledger(rows, refs))
            moved = write_equipment(
                root / f"moved-{fmt}" / f"equipment.{fmt}", equipment_ledger(rows, refs, 10)
            )
            ledgers = {"first": first, "again": first, "one_owner_in_ten_changed": moved}
            dates = {"first": "2026-11-15", "again": "2026-11-16"}
            for run in range(runs):
                order = list(trees.items())
                if run % 2:
                    order.reverse()
                for name, tree in order:
                    data = root / f"data-{name}"
                    shutil.rmtree(data, ignore_errors=True)
                    shutil.copytree(seed, data)
                    for step in steps:
                        result = timed_import(
                            tree, data, ledgers[step], dates.get(step, "2026-11-17")
                        )
                        raw[name][fmt][step].append(result)
                        print(f"{name} {fmt} {step} run {run + 1}: {result}", file=sys.stderr)
                    shutil.rmtree(data, ignore_errors=True)
            files[fmt] = {"mb": round(first.stat().st_size / 1e6, 1)}
    return raw, files


def markdown(result: dict[str, Any]) -> str:
    names = list(result["trees"])
    m = result["machine"]
    lines = [
        f"### Ledger import: {result['rows']:,} new devices",
        "",
        f"`{result['command']}` — {result['when']}, {m['cpus']} CPUs, load average "
        f"{m['loadavg_before'][0]:.2f} before / {m['loadavg_after'][0]:.2f} after; medians "
        f"of {result['runs']} run(s), trees alternating.",
        "",
        "| format | step | tree | command s | import s | import rows/s | command MB | server MB |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for fmt, steps in result["medians"][names[0]].items():
        for step in steps:
            for name in names:
                r = result["medians"][name][fmt][step]
                lines.append(
                    f"| {fmt} | {step} | {name} ({result['trees'][name]}) | {r['command_s']} "
                    f"| {r['import_s']} | {r['import_rows_per_s']:,.0f} | "
                    f"{r['command_peak_mb']:,.0f} | {r['server_peak_mb']:,.0f} |"
                )
    return "\n".join(lines) + "\n"


def write_result(result: dict[str, Any], name: str, table: str) -> Path:
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"{result['when'][:19].replace(':', '')}-{name}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    stem.with_suffix(".md").write_text(table)
    return stem


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ledger_import", description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", nargs="+", default=["csv"], choices=["csv", "xlsx"])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--steps", nargs="+", default=list(STEPS), choices=STEPS)
    parser.add_argument("--base", type=Path, help="a baseline checkout to run alternately")
    args = parser.parse_args()
    trees = {"this": HERE} | ({"base": args.base.resolve()} if args.base else {})
    when = datetime.now(UTC).isoformat(timespec="seconds")
    result: dict[str, Any] = {
        "when": when,
        "command": " ".join(["python -m bench.ledger_import", *sys.argv[1:]]),
        "rows": args.rows,
        "runs": args.runs,
        "trees": {name: _commit(tree) for name, tree in trees.items()},
        "machine": machine() | {"loadavg_before": os.getloadavg()},
    }
    raw, result["files"] = measure(args.rows, args.format, args.runs, trees, args.steps)
    result["medians"] = {
        name: {fmt: {step: _median(r) for step, r in steps.items()} for fmt, steps in fmts.items()}
        for name, fmts in raw.items()
    }
    result["raw"] = raw
    result["machine"]["loadavg_after"] = os.getloadavg()
    table = markdown(result)
    stem = write_result(result, "ledger-import", table)
    print(table)
    print(f"written {stem}.json and .md", file=sys.stderr)


if __name__ == "__main__":
    main()
