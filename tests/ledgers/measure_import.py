"""Measure ``redgrid import`` on a large equipment ledger (not a test: run it by hand).

    .venv/bin/python -m tests.ledgers.measure_import --rows 100000 --format csv xlsx

Seeds the article's organisation (scale 1) into a scratch data directory, writes an
equipment ledger of ``--rows`` new devices that name its cells, areas, owners (by employee
number) and standards (by code), then times the command line end to end: the first
import (everything created), the same file again (everything unchanged), and the file
with one owner in ten changed (history closed and opened). "command" is the whole
``redgrid import`` process, including starting the embedded server and loading the stored
graph; "import" is the time the import itself reports. Prints JSON and a table.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from graph.enums import EquipmentCategory
from graph.falkordb_engine import FalkorDBEngine
from seed.ledgers.kinds import kind_of
from seed.ledgers.spreadsheets import write_ledger

REDGRID = str(Path(sys.executable).with_name("redgrid"))
HEADER = ["uid", "name", "tag", "category", "commissioned_on", "cell", "area", "owner", "standards"]


def _references(data: Path) -> dict[str, list[Any]]:
    engine = FalkorDBEngine(data)
    try:
        run = engine.run
        return {
            "areas": run(
                "MATCH (a:Area)-[:BELONGS_TO]->(c:Cell) RETURN a.uid AS a, c.uid AS c",
                readonly=True,
            ),
            "people": [r["e"] for r in run("MATCH (p:Person) RETURN p.employee_no AS e")],
            "codes": [
                r["c"]
                for r in run("MATCH (s:Standard {level: $l}) RETURN s.code AS c", {"l": "unit"})
            ],
        }
    finally:
        engine.close()


def _ledger(rows: int, refs: dict[str, list[Any]], changed_every: int = 0) -> list[list[Any]]:
    rng = random.Random(2026)
    categories = [c.zh for c in EquipmentCategory]
    table = []
    for number in range(1, rows + 1):
        area = rng.choice(refs["areas"])
        owner = rng.choice(refs["people"])
        if changed_every and number % changed_every == 0:
            owner = refs["people"][(refs["people"].index(owner) + 1) % len(refs["people"])]
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


def _write(path: Path, table: list[list[Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    kind = kind_of("equipment")
    columns = [c.key for c in kind.columns]
    order = [HEADER.index(key) if key in HEADER else None for key in columns]
    write_ledger(
        path, kind, "en", ([row[i] if i is not None else None for i in order] for row in table)
    )
    return path


def _import(data: Path, path: Path, as_of: str) -> dict[str, Any]:
    started = time.perf_counter()
    done = subprocess.run(
        [REDGRID, "--data", str(data), "import", str(path), "--as-of", as_of, "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    report = json.loads(done.stdout)
    return {
        "wall_seconds": round(wall, 1),
        "rows_per_second": round(report["rows"] / wall),
        "import_seconds": report["seconds"],
        "import_rows_per_second": report["rows_per_second"],
        "equipment": report["kinds"]["equipment"],
        "relationships": report["relationships"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", nargs="+", default=["csv", "xlsx"], choices=["csv", "xlsx"])
    args = parser.parse_args()
    results: dict[str, Any] = {"rows": args.rows}
    with tempfile.TemporaryDirectory(prefix="redgrid-measure-") as scratch:
        root = Path(scratch)
        for fmt in args.format:
            data = root / f"data-{fmt}"
            subprocess.run([REDGRID, "--data", str(data), "seed"], check=True, capture_output=True)
            refs = _references(data)
            first = _write(root / f"equipment.{fmt}", _ledger(args.rows, refs))
            moved = _write(root / f"moved-{fmt}" / f"equipment.{fmt}", _ledger(args.rows, refs, 10))
            results[fmt] = {
                "file_mb": round(first.stat().st_size / 1e6, 1),
                "first": _import(data, first, "2026-11-15"),
                "again": _import(data, first, "2026-11-16"),
                "one_owner_in_ten_changed": _import(data, moved, "2026-11-17"),
            }
    print(json.dumps(results, indent=2))
    print("\n| format | step | command s | rows/s | import s | rows/s |\n|---|---|---|---|---|---|")
    for fmt in args.format:
        for step in ("first", "again", "one_owner_in_ten_changed"):
            run = results[fmt][step]
            print(
                f"| {fmt} | {step} | {run['wall_seconds']} | {run['rows_per_second']:,} "
                f"| {run['import_seconds']:.1f} | {run['import_rows_per_second']:,.0f} |"
            )


if __name__ == "__main__":
    main()
