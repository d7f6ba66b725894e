"""The Neo4j engine: the same behaviour checks on both engines, plus what needs no server.

The engine-parametrised tests always run on the embedded FalkorDB engine; their Neo4j
variant is marked ``neo4j`` and skipped unless ``REDGRID_NEO4J_URI`` names a server
(``REDGRID_NEO4J_USER`` / ``_PASSWORD`` / ``_DATABASE`` as for the app). That database
must start empty: the tests delete everything in it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest
from neo4j.graph import Graph, Node, Relationship

from graph.connect import open_engine
from graph.dialect import schema_items
from graph.engine import Engine
from graph.errors import ConstraintViolation, EngineError, EngineUnavailable
from graph.falkordb_engine import FalkorDBEngine
from graph.neo4j_engine import Neo4jEngine, _plain, redact
from graph.schema import relationship_spec
from graph.settings import StorageSettings
from graph.writer import upsert_nodes, upsert_relationships

NEO4J_URI = os.environ.get("REDGRID_NEO4J_URI")
needs_neo4j = pytest.mark.skipif(
    not NEO4J_URI, reason="set REDGRID_NEO4J_URI (a scratch database) to run against Neo4j"
)

UNREACHABLE = "bolt://127.0.0.1:1"
SECRET = "not-this-password"

NETS = [
    {"uid": "net-l2", "name": "川中油气矿", "level": 2, "kind": "navigator"},
    {"uid": "net-l3", "name": "磨溪作业区", "level": 3, "kind": "strong_base"},
]
CELLS = [{"uid": "cell-1", "name": "龙王庙集气站先锋格", "mode": "scene"}]
LONG_QUERY = (
    "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
    "WITH a, b WHERE a + b < 0 RETURN count(a) AS c"
)


def _count(engine: Engine) -> int:
    return int(engine.run("MATCH (n) RETURN count(n) AS c", readonly=True)[0]["c"])


@pytest.fixture(scope="module")
def neo4j_engine() -> Iterator[Neo4jEngine]:
    """The configured Neo4j server, schema installed; refuses a database holding data.

    A server that does not answer is an error (EngineUnavailable naming the URI), not a skip:
    whoever set REDGRID_NEO4J_URI asked for these tests.
    """
    engine = open_engine(StorageSettings())
    assert isinstance(engine, Neo4jEngine), "REDGRID_NEO4J_URI should select the Neo4j engine"
    if _count(engine):
        engine.close()
        pytest.skip(f"database {engine.database!r} at {engine.uri} is not empty; use a scratch one")
    yield engine
    engine.clear()
    engine.close()


@pytest.fixture(params=["falkordb", pytest.param("neo4j", marks=[pytest.mark.neo4j, needs_neo4j])])
def store(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A schema-installed, empty store of each engine."""
    if request.param == "falkordb":
        engine: FalkorDBEngine = request.getfixturevalue("engine")
        engine.wait_for_constraints()
        yield engine
    else:
        server: Neo4jEngine = request.getfixturevalue("neo4j_engine")
        yield server
        server.clear()


def test_ensure_schema_twice_creates_nothing_new(store: Engine) -> None:
    assert store.ensure_schema() == []


def test_duplicate_uid_raises_constraint_violation(store: Engine) -> None:
    store.run("CREATE (:Net {uid: $uid})", {"uid": "net-dup"})
    with pytest.raises(ConstraintViolation):
        store.run("CREATE (:Net {uid: $uid})", {"uid": "net-dup"})
    assert _count(store) == 1


def test_writer_round_trips_chinese_text_nodes_relationships_and_paths(store: Engine) -> None:
    part_of = relationship_spec("Net", "PART_OF", "Net")
    link = [{"a": "net-l3", "b": "net-l2", "since": "2024-03-01"}]
    for _ in range(2):  # a repeated load changes nothing
        assert upsert_nodes(store, "Net", NETS) == 2
        assert upsert_relationships(store, part_of, link) == 1

    rows = store.run(
        "MATCH p = (a:Net {uid: $uid})-[r:PART_OF]->(b:Net) RETURN a, r, b.name AS parent, p",
        {"uid": "net-l3"},
        readonly=True,
    )

    assert rows == [
        {
            "a": NETS[1],
            "r": {"since": "2024-03-01T00:00:00Z"},
            "parent": "川中油气矿",
            "p": [NETS[1], NETS[0]],
        }
    ]
    assert store.run("MATCH ()-[r:PART_OF]->() RETURN count(r) AS c") == [{"c": 1}]


def test_readonly_run_reads_and_refuses_writes(store: Engine) -> None:
    upsert_nodes(store, "Cell", CELLS)

    assert store.run("MATCH (c:Cell) RETURN c.name AS name", readonly=True) == [
        {"name": "龙王庙集气站先锋格"}
    ]
    with pytest.raises(EngineError):
        store.run("CREATE (:Cell {uid: $uid})", {"uid": "cell-2"}, readonly=True)
    assert _count(store) == 1


def test_round_trips_count_every_statement(store: Engine) -> None:
    before = store.round_trips
    upsert_nodes(store, "Net", NETS, batch_size=1)
    store.run("RETURN 1 AS one", readonly=True)
    assert store.round_trips - before == 3


def test_timeout_ms_cuts_a_long_statement_short(store: Engine) -> None:
    started = time.monotonic()
    with pytest.raises(EngineError):
        store.run(LONG_QUERY, readonly=True, timeout_ms=100)
    assert time.monotonic() - started < 10


def test_clear_empties_the_store(store: Engine) -> None:
    upsert_nodes(store, "Net", NETS)
    upsert_relationships(
        store,
        relationship_spec("Net", "PART_OF", "Net"),
        [{"a": "net-l3", "b": "net-l2", "since": "2024-03-01"}],
    )
    store.clear()
    assert store.run("MATCH (n) RETURN count(n) AS c") == [{"c": 0}]


def test_clear_keeps_reads_working_and_the_schema(store: Engine) -> None:
    upsert_nodes(store, "Net", NETS)
    store.clear()
    assert _count(store) == 0
    assert store.ensure_schema() == []


@pytest.mark.neo4j
@needs_neo4j
def test_neo4j_lists_every_derived_constraint_and_index(neo4j_engine: Neo4jEngine) -> None:
    constraints = {
        (row["labelsOrTypes"][0], row["properties"][0])
        for row in neo4j_engine.run(
            "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type", readonly=True
        )
        if row["type"].endswith("UNIQUENESS") and len(row["properties"]) == 1
    }
    indexes = {
        (row["labelsOrTypes"][0], row["properties"][0])
        for row in neo4j_engine.run(
            "SHOW INDEXES YIELD labelsOrTypes, properties, owningConstraint", readonly=True
        )
        if row["labelsOrTypes"] and row["owningConstraint"] is None
    }
    assert {(i.label, i.prop) for i in schema_items() if i.unique} <= constraints
    assert {(i.label, i.prop) for i in schema_items() if not i.unique} <= indexes


# --- No server needed -------------------------------------------------------------------


def test_open_engine_with_a_neo4j_uri_fails_fast_when_the_server_is_down() -> None:
    settings = StorageSettings(neo4j_uri=UNREACHABLE, neo4j_password=SECRET, connect_timeout_s=0.5)
    started = time.monotonic()
    with pytest.raises(EngineUnavailable) as caught:
        open_engine(settings)  # installs the schema: the Neo4j engine checks connectivity first
    assert time.monotonic() - started < 10
    assert f"Neo4j at {UNREACHABLE} is not reachable" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_the_engine_fits_the_protocol() -> None:
    engine = Neo4jEngine(UNREACHABLE)
    try:
        assert isinstance(engine, Engine)
        assert engine.name == "neo4j"
        assert engine.dialect == "neo4j"
        assert engine.database == "neo4j"
    finally:
        engine.close()


def test_unreachable_server_fails_fast_naming_the_uri_not_the_password() -> None:
    engine = Neo4jEngine(UNREACHABLE, password=SECRET, connect_timeout_s=0.5, retry_time_s=0)
    try:
        started = time.monotonic()
        assert engine.ping() is False
        with pytest.raises(EngineUnavailable) as caught:
            engine.run("RETURN 1 AS one", readonly=True)
        assert time.monotonic() - started < 10
    finally:
        engine.close()
    message = str(caught.value)
    assert UNREACHABLE in message
    assert SECRET not in message


def test_unusable_uri_is_reported_without_its_credentials() -> None:
    with pytest.raises(EngineUnavailable) as caught:
        Neo4jEngine(f"bolt://neo4j:{SECRET}@db:7687")
    assert "bolt://db:7687" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_redact_leaves_plain_uris_alone() -> None:
    assert redact("neo4j+s://abc.databases.neo4j.io") == "neo4j+s://abc.databases.neo4j.io"
    assert redact("bolt://u:p@h") == "bolt://h"
    assert redact("bolt://u:p@[::1]:7687") == "bolt://[::1]:7687"


def test_connect_acquire_and_retry_budgets_reach_the_driver() -> None:
    engine = Neo4jEngine(UNREACHABLE, connect_timeout_s=1.5, retry_time_s=7.0)
    try:
        # The driver keeps its configuration privately; the pinned version (6.1) has these.
        driver = engine._driver
        assert driver._pool.pool_config.connection_timeout == 1.5
        assert driver._default_workspace_config.connection_acquisition_timeout == 3.0
        assert driver._default_workspace_config.max_transaction_retry_time == 7.0
    finally:
        engine.close()


def test_nodes_and_relationships_become_property_maps() -> None:
    graph = Graph()
    node = Node(graph, "4:n:1", 1, ["Net"], {"uid": "net-l2", "name": "川中油气矿"})
    rel = Relationship(graph, "5:r:1", 1, {"since": "2024-03-01T00:00:00Z"})

    converted = _plain({"nets": [node], "rel": rel, "n": 3})

    assert converted == {
        "nets": [{"uid": "net-l2", "name": "川中油气矿"}],
        "rel": {"since": "2024-03-01T00:00:00Z"},
        "n": 3,
    }
