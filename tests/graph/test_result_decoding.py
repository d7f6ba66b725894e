"""FalkorDB's compact replies decoded by graph.falkordb_results give exactly what falkordb-py's
parser followed by ``plain`` gives: every statement below is run both ways on the real
embedded engine and the two answers compared (values and their Python types)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from graph.errors import EngineError
from graph.falkordb_engine import FalkorDBEngine
from graph.falkordb_results import UnknownPropertyKey, decode_rows, plain
from graph.model.base import SEARCH_PROPERTY

TEXT = '龙王庙集气站先锋格 🙂👷‍♀️ "quoted" back\\slash\ttab'

SETUP = f"""
CREATE (a:Cell {{uid: 'cell-1', name: $text,
                 mode: 'scene', {SEARCH_PROPERTY}: '龙王 王庙',
                 size: 12, ratio: 0.25, big: 4611686018427387904, negative: -3,
                 on: true, off: false, tags: ['甲', 'b', ''], numbers: [1, 2.5, -0.0],
                 empty: '', spot: point({{latitude: 46.47, longitude: 124.95}})}})
CREATE (b:Net {{uid: 'net-1', name: '磨溪作业区', level: 4}})
CREATE (c:Net {{uid: 'net-2', name: '川中油气矿', level: 2}})
CREATE (p:Person {{uid: 'p-1', name: '张三 🙂'}})
CREATE (bare:Person {{uid: 'p-2'}})
CREATE (a)-[:PART_OF {{since: '2024-01-01T00:00:00Z', note: '第一'}}]->(b)
CREATE (b)-[:PART_OF]->(c)
CREATE (p)-[:HEAD_OF {{since: '2025-05-05T00:00:00Z', until: null, share: 0.5}}]->(a)
"""

STATEMENTS = [
    "RETURN 1 AS i, -7 AS neg, 9223372036854775807 AS top, 1.5 AS f, 0.1 AS tenth, "
    "1.0e300 AS huge, -2.5e-8 AS tiny, true AS t, false AS f2, null AS nothing",
    "RETURN '' AS empty, 'plain' AS s, '中文' AS zh, '🙂👷‍♀️' AS emoji, 'a\\nb' AS newline",
    "RETURN [] AS empty, [1, 'two', 3.0, null, true, [[], [[]]]] AS nested",
    "RETURN {} AS empty, {a: 1, b: '二', c: [true, 2.5, {d: null, e: []}], f: {g: {h: 'x'}}} AS m",
    "RETURN [{k: [1, {z: null}]}, {}] AS maps_in_lists",
    "MATCH (n) RETURN n ORDER BY n.uid",
    "MATCH (n:Cell) RETURN n, n.search AS search, n.spot AS spot, n.tags AS tags",
    "MATCH (n:Cell) RETURN properties(n) AS props, keys(n) AS keys, labels(n) AS labels",
    "MATCH ()-[r]->() RETURN r ORDER BY r.since",
    "MATCH (a)-[r]->(b) RETURN a, r, b, [a, r, b] AS triple, {from: a, via: r, to: b} AS m "
    "ORDER BY a.uid, b.uid",
    "MATCH p = (:Cell)-[:PART_OF*1..2]->(:Net) RETURN p ORDER BY length(p)",
    "MATCH p = (:Cell)-[:PART_OF*1..2]->(:Net) RETURN collect(p) AS paths, nodes(p) AS ns, "
    "relationships(p) AS rs ORDER BY size(ns)",
    "MATCH (n:Net) WITH n ORDER BY n.uid RETURN collect(n) AS nets, collect(n.level) AS levels",
    "MATCH (n:Net) WITH n ORDER BY n.uid RETURN collect(n)[..1] AS first, [x IN collect(n) | "
    "{uid: x.uid, up: [(x)-[:PART_OF]->(y) | y]}] AS ups",
    "MATCH (p:Person) OPTIONAL MATCH (p)-[r:HEAD_OF]->(c) RETURN p.uid AS uid, r, c ORDER BY uid",
    "MATCH (n:Nothing) RETURN n",
    "MATCH (n:Cell) WHERE n.uid = 'none' RETURN collect(n) AS none, count(n) AS c",
    "MATCH (n) RETURN count(n) AS c, sum(n.level) AS levels, avg(n.level) AS mean, "
    "min(n.uid) AS first, collect(DISTINCT labels(n)) AS labels",
    "MATCH (n:Person) RETURN n {.uid, .name, missing: n.missing} AS projected ORDER BY n.uid",
    "RETURN point({latitude: 1.5, longitude: -2.25}) AS spot, "
    "[point({latitude: 0.0, longitude: 0.0})] AS spots",
    "UNWIND range(1, 300) AS i RETURN i, toString(i) AS s, i / 7.0 AS q, i % 2 = 0 AS even",
]


@pytest.fixture
def graph(engine: FalkorDBEngine) -> Iterator[FalkorDBEngine]:
    engine.run(SETUP, {"text": TEXT})
    yield engine


def _client_parsed(engine: FalkorDBEngine, query: str, params: dict[str, Any]) -> list[Any]:
    """The former ``run``: falkordb-py's ``ro_query`` and parser, then ``plain``."""
    result = engine._graph.ro_query(query, params)
    columns = [column[1] for column in result.header]
    return [
        {name: plain(value) for name, value in zip(columns, row, strict=True)}
        for row in result.result_set
    ]


def _typed(value: Any) -> Any:
    """``value`` with every leaf paired with its type, so ``1 == 1.0 == True`` cannot hide a
    difference."""
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    return (type(value), value)


def _same_both_ways(engine: FalkorDBEngine, query: str, params: dict[str, Any]) -> list[Any]:
    decoded = engine.run(query, params, readonly=True)
    expected = _client_parsed(engine, query, params)
    assert _typed(decoded) == _typed(expected), query
    assert [list(row) for row in decoded] == [list(row) for row in expected], "column order"
    return decoded


@pytest.mark.parametrize("query", STATEMENTS)
def test_decoding_matches_the_client_parser(graph: FalkorDBEngine, query: str) -> None:
    _same_both_ways(graph, query, {})


def test_parameters_reach_the_statement_as_before(graph: FalkorDBEngine) -> None:
    params = {"uids": ["cell-1", "p-1", "无"], "text": TEXT, "n": 3, "x": 0.5, "flag": True}
    rows = _same_both_ways(
        graph,
        "UNWIND $uids AS uid OPTIONAL MATCH (n {uid: uid}) "
        "RETURN uid, n, $text AS text, $n AS n3, $x AS x, $flag AS flag, $missing AS missing",
        params | {"missing": None},
    )
    assert rows[0]["text"] == TEXT
    assert rows[2]["n"] is None


def test_nodes_leave_out_search_tokens_unless_asked(graph: FalkorDBEngine) -> None:
    [row] = _same_both_ways(graph, "MATCH (n:Cell) RETURN n, n.search AS search", {})
    assert SEARCH_PROPERTY not in row["n"]
    assert row["search"] == "龙王 王庙"
    assert row["n"]["name"] == TEXT
    assert row["n"]["big"] == 2**62 and row["n"]["on"] is True and row["n"]["ratio"] == 0.25
    assert row["n"]["spot"] == pytest.approx({"latitude": 46.47, "longitude": 124.95})


def test_temporal_values_and_vectors_as_the_client_parses_them(graph: FalkorDBEngine) -> None:
    _same_both_ways(
        graph,
        "RETURN date('2024-02-29') AS d, localdatetime('2024-02-29T23:59:58') AS dt, "
        "localtime('12:34:56') AS t, duration('P1DT2H') AS span, vecf32([1.0, -2.5]) AS v",
        {},
    )


def test_property_keys_created_after_the_first_decoding_are_read_again(
    graph: FalkorDBEngine,
) -> None:
    _same_both_ways(graph, "MATCH (n) RETURN n", {})
    known = list(graph._graph.schema.properties)
    # Another engine on the same graph creates keys (and a label and a type) this one has
    # never seen: their ids are beyond its table.
    other = FalkorDBEngine(graph.server.data_dir, graph_name=graph.graph_name)
    try:
        other.run(
            "MATCH (c:Cell) CREATE (c)<-[:BRAND_NEW {fresh_rel_key: '新'}]-"
            "(:Novel {uid: 'novel-1', fresh_key: '🙂', another_fresh_key: [1]})"
        )
    finally:
        other.close()
    rows = graph.run(
        "MATCH (c:Cell)<-[r:BRAND_NEW]-(n:Novel) RETURN n, r, c.uid AS cell", readonly=True
    )
    assert rows == [
        {
            "n": {"uid": "novel-1", "fresh_key": "🙂", "another_fresh_key": [1]},
            "r": {"fresh_rel_key": "新"},
            "cell": "cell-1",
        }
    ]
    assert len(graph._graph.schema.properties) == len(known) + 3
    _same_both_ways(graph, "MATCH (a)-[r]->(b) RETURN a, r, b ORDER BY a.uid, b.uid", {})


def test_a_write_returns_its_new_nodes_decoded(engine: FalkorDBEngine) -> None:
    rows = engine.run("CREATE (n:Person {uid: 'p-9', name: '李四', fresh_write_key: 1.5}) RETURN n")
    assert rows == [{"n": {"uid": "p-9", "name": "李四", "fresh_write_key": 1.5}}]
    assert engine.run("CREATE (:Person {uid: 'p-10'})") == []
    assert engine.run("MATCH (n:Person) SET n.x = 1") == []


def test_an_unknown_key_id_is_named_as_such() -> None:
    reply = [[[1, "n"]], [[[8, [0, [0], [[5, 2, "x"]]]]]], ["stats"]]
    with pytest.raises(UnknownPropertyKey):
        decode_rows(reply, ["uid"])
    assert decode_rows(reply, ["uid", "a", "b", "c", "d", "e"]) == [{"n": {"e": "x"}}]


def test_errors_during_execution_are_translated(graph: FalkorDBEngine) -> None:
    with pytest.raises(EngineError):
        graph.run("RETURN toInteger('1') / 0 AS boom", readonly=True)
    with pytest.raises(EngineError):
        graph.run("MATCH (n) RETURN n.uid +", readonly=True)
    with pytest.raises(EngineError):
        graph.run("CREATE (:Cell {uid: 'cell-x'})", readonly=True)


def test_the_collector_is_paused_only_while_reading(graph: FalkorDBEngine) -> None:
    assert gc.isenabled()
    graph.run("MATCH (n) RETURN n", readonly=True)
    assert gc.isenabled()
    with pytest.raises(EngineError):
        graph.run("RETURN toInteger('1') / 0 AS boom", readonly=True)
    assert gc.isenabled()
    gc.disable()
    try:
        graph.run("MATCH (n) RETURN n", readonly=True)
        assert not gc.isenabled(), "whoever turned it off keeps it off"
    finally:
        gc.enable()
