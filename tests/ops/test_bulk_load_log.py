"""During a bulk load the append-only log records each write statement as sent, not its
effects (``EFFECTS_THRESHOLD`` raised, then put back): a server killed in the middle of a
load replays those statements to exactly the graph it held."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from graph.falkordb_engine import FalkorDBEngine
from graph.schema import relationship_spec
from graph.writer import upsert_linked_nodes, upsert_nodes
from tests.ledgers.test_import_writes import graph_dump
from tests.ops.conftest import UNSUPERVISED, crash
from writes.audit import Actor, audit_entries


def _threshold(engine: FalkorDBEngine) -> int:
    return int(engine.connection.execute_command("GRAPH.CONFIG", "GET", "EFFECTS_THRESHOLD")[1])


def test_a_load_killed_midway_replays_its_statements_to_the_same_graph(tmp_path: Path) -> None:
    engine = FalkorDBEngine(tmp_path, supervision=UNSUPERVISED)
    engine.ensure_schema()
    upsert_nodes(engine, "Cell", [{"uid": "c1", "name": "一格", "mode": "scene"}])
    before = _threshold(engine)
    load = engine.bulk_load()
    load.__enter__()  # never left: the server dies inside the load, before its compaction
    assert _threshold(engine) > before
    build = audit_entries(Actor("cli:planner"), "2026-03-01T08:30:00Z")
    rows = [{"uid": f"e{n}", "name": f"泵{n}", "category": "valve"} for n in range(3000)]
    upsert_linked_nodes(
        engine, "Equipment", rows, [(relationship_spec("Equipment", "BELONGS_TO", "Cell"), True)],
        [[(0, "c1", {"since": "2026-03-01T00:00:00Z"})] for _ in rows],
        audit=lambda row: build("import.create", row["uid"], "Equipment", None, dict(row)),
        revise=True, new=True,
    )  # fmt: skip
    held = graph_dump(engine)
    crash(engine)
    with contextlib.suppress(Exception):  # its ending finds no server to put things back on
        load.__exit__(None, None, None)

    again = FalkorDBEngine(tmp_path, supervision=UNSUPERVISED)
    try:
        assert graph_dump(again) == held
        assert len([n for n in held["nodes"] if "Equipment" in n[0]]) == 3000
        assert _threshold(again) == before, "the setting is the server's own after a restart"
    finally:
        again.close()


def test_the_threshold_is_put_back_after_a_load_even_a_failed_one(tmp_path: Path) -> None:
    engine = FalkorDBEngine(tmp_path)
    try:
        before = _threshold(engine)
        with pytest.raises(RuntimeError), engine.bulk_load():
            raise RuntimeError("the load failed")
        assert _threshold(engine) == before
    finally:
        engine.close()
