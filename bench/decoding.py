"""Result decoding A/B: ``python -m bench.decoding --data DIR`` times reads on a seeded data
directory two ways, interleaved call by call in one process: ``FalkorDBEngine.run`` (the
compact reply decoded by graph.falkordb_results, the collector paused meanwhile) and the
former path (falkordb-py's ``ro_query`` and its parser, then ``plain``). Both send the same
command; the data is only read. Prints one JSON object: median, mean, minimum and p99 per
statement and path, the garbage collector's full collections during each path's calls, and
FalkorDB's own execution time (``run_time_ms``) for each statement.

Statements: the officers and the heads of a page of 50 cells (the batched neighbour
statement of ``queries.entities``, as the cells page's loaders send it), and the trace of
300 random subjects (``queries.accountability.trace``, every part).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import time
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any, LiteralString, cast

from bench.stats import summary
from graph.connect import open_engine
from graph.engine import Engine, Params, Row
from graph.falkordb_engine import FalkorDBEngine
from graph.falkordb_results import plain
from graph.settings import StorageSettings
from queries.accountability import trace
from queries.clock import instant
from queries.entities import Relation
from seed.dataset import SEED_TODAY

KINDS = ("Equipment", "RiskPoint", "Hazard", "Problem")
type TimesByPath = dict[str, list[float]]


class ClientParsed:
    """An engine whose reads go through falkordb-py's parser and ``plain``: ``run`` as it was
    before graph.falkordb_results (reads only)."""

    def __init__(self, engine: FalkorDBEngine) -> None:
        self.engine = engine
        self.name, self.dialect = engine.name, engine.dialect

    def run(
        self,
        query: LiteralString,
        params: Params | None = None,
        *,
        readonly: bool = False,
        timeout_ms: int | None = None,
    ) -> list[Row]:
        assert readonly, "the former path is timed on reads only"
        graph = self.engine._graph
        result = graph.ro_query(
            query, dict(params or {}), timeout=timeout_ms or self.engine.query_timeout_ms
        )
        columns = [column[1] for column in result.header]
        return [
            {name: plain(value) for name, value in zip(columns, row, strict=True)}
            for row in result.result_set
        ]


class FullCollections:
    """Counts the garbage collector's full (oldest-generation) collections."""

    def __init__(self) -> None:
        self.count = 0
        gc.callbacks.append(self._seen)

    def _seen(self, phase: str, info: dict[str, int]) -> None:
        self.count += phase == "stop" and info["generation"] == 2


def _alternately(
    i: int,
    calls: Mapping[str, Callable[[], object]],
    times: TimesByPath,
    full: dict[str, int],
    collections: FullCollections,
) -> None:
    """Time each call once, in turn (who goes first alternates with ``i``), and count the
    full collections during each."""
    labels = list(calls)
    for label in labels if i % 2 else labels[::-1]:
        before = collections.count
        started = time.perf_counter()
        calls[label]()
        times.setdefault(label, []).append(time.perf_counter() - started)
        full[label] = full.get(label, 0) + collections.count - before


def _summary(times: TimesByPath, full: dict[str, int]) -> dict[str, Any]:
    return {
        label: summary(values)
        | {"mean_ms": round(statistics.mean(values) * 1000, 4), "full_collections": full[label]}
        for label, values in times.items()
    }


def measure(data: Path, rounds: int, seed: int) -> dict[str, Any]:
    engine = open_engine(StorageSettings(data=data))
    assert isinstance(engine, FalkorDBEngine), "the decoding is FalkorDB's"
    collections = FullCollections()
    old = ClientParsed(engine)
    former = cast(Engine, old)  # reads only: what trace calls
    at = instant(SEED_TODAY.isoformat())
    cells = [
        r["uid"]
        for r in engine.run(
            "MATCH (c:Cell) RETURN c.uid AS uid ORDER BY uid LIMIT 50", readonly=True
        )
    ]
    rng = random.Random(seed)
    subjects = []
    for kind in KINDS:
        rows = engine.run(f"MATCH (n:{kind}) RETURN n.uid AS uid", readonly=True)
        subjects += rng.sample(sorted(r["uid"] for r in rows), 75)
    batches: dict[str, tuple[LiteralString, dict[str, Any]]] = {}
    for name, relation in {
        "officers_of_50_cells": Relation("Cell", "OFFICER_OF", "Person", outgoing=False),
        "heads_of_50_cells": Relation("Cell", "HEAD_OF", "Person", outgoing=False),
    }.items():
        batches[name] = (relation.statement("at"), {"keys": cells, "limit": 100, "at": at})
    out: dict[str, Any] = {}
    for name, (statement, params) in batches.items():
        assert engine.run(statement, params, readonly=True) == old.run(
            statement, params, readonly=True
        )
        times: TimesByPath = {}
        full: dict[str, int] = {}
        calls = {
            "new": partial(engine.run, statement, params, readonly=True),
            "old": partial(old.run, statement, params, readonly=True),
        }
        engine_ms = []
        for i in range(rounds):
            _alternately(i, calls, times, full, collections)
            engine_ms.append(engine._graph.ro_query(statement, params).run_time_ms)
        rows = engine.run(statement, params, readonly=True)
        out[name] = {
            "rows": len(rows),
            "nodes": sum(len(r["nodes"]) for r in rows),
            "engine_run_time_ms_p50": round(statistics.median(engine_ms), 3),
        } | _summary(times, full)
    times, full = {}, {}
    for i, uid in enumerate(subjects * max(1, rounds // len(subjects))):
        assert trace(engine, uid, at) == trace(former, uid, at)
        _alternately(
            i,
            {"new": partial(trace, engine, uid, at), "old": partial(trace, former, uid, at)},
            times,
            full,
            collections,
        )
    out["trace_300_subjects"] = _summary(times, full)
    engine.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a seeded data directory")
    parser.add_argument("--rounds", type=int, default=600, help="calls per statement and path")
    parser.add_argument("--seed", type=int, default=2026, help="subjects of the trace")
    args = parser.parse_args()
    print(json.dumps(measure(args.data, args.rounds, args.seed), indent=1))


if __name__ == "__main__":
    main()
