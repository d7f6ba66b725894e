"""FalkorDB's ``GRAPH.BULK`` path (graph.falkordb_bulk) writes exactly the graph the
``UNWIND`` statement path writes: every label, property value and type, relationship and
its properties, index, constraint and full-text index, compared whole on the scale-1 seed."""

from __future__ import annotations

import itertools
import struct
from collections import Counter
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, LiteralString

import pytest

from graph import bulk
from graph.falkordb_bulk import BulkInsert, Unencodable, edge_token, encode_value, node_token
from graph.falkordb_engine import FalkorDBEngine
from seed.dataset import Dataset
from seed.loader import load

_numbers = itertools.count(1)


class _StatementsOnly:
    """A FalkorDB engine offered to the loader without its binary bulk command, so the
    load takes the ``UNWIND`` statement path (the path before ``GRAPH.BULK``)."""

    def __init__(self, engine: FalkorDBEngine) -> None:
        self._engine = engine
        self.dialect = engine.dialect

    def run(self, query: LiteralString, params: Any = None, **options: Any) -> Any:
        return self._engine.run(query, params, **options)

    def run_rows(self, query: LiteralString, rows: list[list[Any]]) -> list[list[Any]]:
        return self._engine.run_rows(query, rows)

    def ensure_schema(self) -> list[str]:
        return self._engine.ensure_schema()

    def fresh_load(self) -> AbstractContextManager[None]:
        return self._engine.fresh_load()

    def bulk_load(self) -> AbstractContextManager[None]:
        return self._engine.bulk_load()


def _typed(value: Any) -> Any:
    """A value with its type spelled out, so ``1`` and ``1.0`` or ``"1"`` differ."""
    if isinstance(value, list):
        return ["list", [_typed(v) for v in value]]
    if isinstance(value, dict):
        return ["map", sorted((k, _typed(v)) for k, v in value.items())]
    return [type(value).__name__, value]


def _whole_graph(engine: FalkorDBEngine) -> dict[str, Any]:
    """Everything a load leaves: nodes by uid, relationships as a multiset, the schema."""
    nodes = engine.run(
        "MATCH (n) RETURN n.uid AS uid, labels(n) AS labels, properties(n) AS props",
        readonly=True,
    )
    rels = engine.run(
        "MATCH (a)-[r]->(b) RETURN a.uid AS a, type(r) AS type, b.uid AS b, properties(r) AS props",
        readonly=True,
    )
    indexes = engine.run(
        "CALL db.indexes() YIELD label, properties, types, options, language, stopwords, "
        "entitytype, status RETURN *",
        readonly=True,
    )
    constraints = engine.run(
        "CALL db.constraints() YIELD type, label, properties, entitytype, status RETURN *",
        readonly=True,
    )
    return {
        "nodes": {row["uid"]: (sorted(row["labels"]), _typed(row["props"])) for row in nodes},
        "node_count": len(nodes),
        "relationships": Counter(
            repr((row["a"], row["type"], row["b"], _typed(row["props"]))) for row in rels
        ),
        "indexes": sorted(repr(_typed(row)) for row in indexes),
        "constraints": sorted(repr(_typed(row)) for row in constraints),
    }


@pytest.fixture
def pair(server_engine: FalkorDBEngine, data_dir: Path) -> Iterator[tuple[FalkorDBEngine, ...]]:
    """Two empty graphs on the shared server."""
    number = next(_numbers)
    engines = tuple(FalkorDBEngine(data_dir, graph_name=f"binary-{number}-{side}") for side in "ab")
    for engine in engines:
        engine.ensure_schema()
    yield engines
    for engine in engines:
        engine.clear()
        engine.close()


def test_graph_bulk_writes_the_same_graph_as_the_statement_path(
    pair: tuple[FalkorDBEngine, FalkorDBEngine], dataset: Dataset
) -> None:
    binary, statements = pair
    assert isinstance(binary, bulk.BinaryBulkEngine)
    assert not isinstance(_StatementsOnly(statements), bulk.BinaryBulkEngine)

    counts = load(binary, dataset, progress=False)
    assert counts == load(_StatementsOnly(statements), dataset, progress=False)  # type: ignore[arg-type]

    ours, theirs = _whole_graph(binary), _whole_graph(statements)
    assert ours["node_count"] == dataset.total_nodes
    assert sum(ours["relationships"].values()) == dataset.total_relationships
    assert ours["indexes"] == theirs["indexes"]
    assert ours["constraints"] == theirs["constraints"]
    assert ours["nodes"] == theirs["nodes"]
    assert ours["relationships"] == theirs["relationships"]

    query = "CALL db.idx.fulltext.queryNodes('Person', '王') YIELD node RETURN count(node) AS c"
    assert binary.run(query, readonly=True) == statements.run(query, readonly=True)
    assert binary.run(query, readonly=True)[0]["c"] > 0

    # The comparison sees a changed property type and a lost relationship.
    binary.run("MATCH (n:Net {uid: 'net-l2'}) SET n.level = toString(n.level)")
    assert _whole_graph(binary)["nodes"] != theirs["nodes"]
    binary.run("MATCH (:Net {uid: 'net-l3-01'})-[r:PART_OF]->() DELETE r")
    assert _whole_graph(binary)["relationships"] != theirs["relationships"]


def test_values_the_binary_format_cannot_carry_stop_the_fast_path() -> None:
    with pytest.raises(Unencodable):
        encode_value("nul\x00inside")
    with pytest.raises(Unencodable):
        encode_value(2**63)
    with pytest.raises(Unencodable):
        encode_value({"a": 1})
    assert issubclass(Unencodable, bulk.NotCarried)


def test_tokens_follow_the_bulk_loader_format() -> None:
    token = node_token(["Net", "GridNode"], ["uid", "level"], [["n1", "n2"], [3, None]])
    header = b"Net:GridNode\x00" + struct.pack("<I", 2) + b"uid\x00level\x00"
    rows = b"\x03n1\x00\x04" + struct.pack("<q", 3) + b"\x03n2\x00\x00"
    assert token == header + rows
    plain = edge_token("PART_OF", [], [[1, 2], [0, 0]])
    assert plain == b"PART_OF\x00" + struct.pack("<I", 0) + struct.pack("<4Q", 1, 0, 2, 0)
    dated = edge_token("PART_OF", ["since"], [[1], [0], ["2024-01-01"]])
    since = b"\x03" + b"2024-01-01\x00"
    assert (
        dated
        == b"PART_OF\x00" + struct.pack("<I", 1) + b"since\x00" + struct.pack("<QQ", 1, 0) + since
    )


def test_handed_out_ids_are_checked_against_the_engine(
    server_engine: FalkorDBEngine, data_dir: Path
) -> None:
    engine = FalkorDBEngine(data_dir, graph_name=f"binary-ids-{next(_numbers)}")
    try:
        with engine.binary_load() as insert:
            assert isinstance(insert, BulkInsert)
            assert list(insert.nodes(["Probe"], ["uid"], [["p0", "p1", "p2"]])) == [0, 1, 2]
            insert.check_ids({0: "p0", 2: "p2"})
            with pytest.raises(RuntimeError, match="other node ids"):
                insert.check_ids({1: "p2"})
    finally:
        engine.clear()
        engine.close()


def test_a_labels_indexes_are_laid_down_as_soon_as_its_nodes_are_in(
    pair: tuple[FalkorDBEngine, FalkorDBEngine], dataset: Dataset
) -> None:
    """While the next labels are still encoded and sent, the engine already builds the
    indexes of the labels whose nodes are all in; ``GridNode``'s, which every node has,
    wait for the last node. The graph ends the same (test above)."""
    engine, _ = pair
    laid: list[tuple[list[str], int]] = []
    lay_down = engine.ensure_schema

    def recording(*, fulltext: bool = True, labels: Any = None) -> list[str]:
        if labels is not None:
            nodes = engine.run("MATCH (n) RETURN count(n) AS c", readonly=True)[0]["c"]
            laid.append((sorted(labels), nodes))
        return lay_down(fulltext=fulltext, labels=labels)

    engine.ensure_schema = recording  # type: ignore[method-assign]
    load(engine, dataset, progress=False)
    early = {label for labels, _ in laid for label in labels}
    assert {"Net", "Cell", "Person", "Equipment"} <= early
    assert "GridNode" in early
    nets = next(nodes for labels, nodes in laid if labels == ["Net"])
    assert nets == len(dataset.nodes["Net"]) < dataset.total_nodes, "right after the nets"
    assert next(n for labels, n in laid if "GridNode" in labels) == dataset.total_nodes
