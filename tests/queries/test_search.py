"""Search on the real embedded engine: recall on Chinese names, codes and tags, no false
hits, ranking, the kinds filter, errors, and the derived ``search`` property.

The searched graph is written once per module (tests only read it). The same checks run on
Neo4j when ``REDGRID_NEO4J_URI`` names a scratch server (skipped otherwise).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.connect import open_engine
from graph.dialect import NEO4J_SEARCH_INDEX, fulltext_query, search_statement
from graph.engine import Engine
from graph.errors import ValidationError
from graph.falkordb_engine import FalkorDBEngine
from graph.search_text import search_terms
from graph.settings import StorageSettings
from graph.writer import upsert_nodes
from queries.search import MAX_FIRST, SearchHit, search, searchable_kinds

_graph_numbers = itertools.count(1)

NEO4J_URI = os.environ.get("REDGRID_NEO4J_URI")
needs_neo4j = pytest.mark.skipif(
    not NEO4J_URI, reason="set REDGRID_NEO4J_URI (a scratch database) to run against Neo4j"
)


def _person(uid: str, name: str, employee_no: str, post: str) -> dict[str, Any]:
    return {"uid": uid, "name": name, "employee_no": employee_no, "post": post,
            "party_member": True}  # fmt: skip


def _equipment(uid: str, name: str, tag: str, category: str) -> dict[str, Any]:
    return {"uid": uid, "name": name, "tag": tag, "category": category}


def _standard(uid: str, code: str, title: str, level: str) -> dict[str, Any]:
    return {"uid": uid, "code": code, "title": title, "level": level,
            "dimension": "equipment", "domain": "gathering"}  # fmt: skip


NODES: dict[str, list[dict[str, Any]]] = {
    "Person": [
        _person("p-wjg", "王建国", "E100001", "采气工"),
        _person("p-wjh", "王建华", "E100002", "输气工"),
        _person("p-ljg", "李建国", "E100003", "司机"),
        _person("p-wf", "王芳", "E100004", "技术员"),
        _person("p-lw", "刘王", "E100005", "建筑工"),
        _person("p-zw", "张王", "E100006", "司机"),
        _person("p-jm", "建明", "E100007", "司机"),
    ],
    "Net": [
        {"uid": "net-3-01", "name": "采气一大队", "level": 3, "kind": "strong_base"},
        {"uid": "net-3-02", "name": "采气二大队", "level": 3, "kind": "strong_base"},
        {"uid": "net-4-01", "name": "采气一大队第一党支部", "level": 4, "kind": "fortress"},
    ],
    "Cell": [
        {"uid": "cell-1", "name": "徐深17集气站先锋格", "mode": "scene"},
        {"uid": "cell-2", "name": "徐深27-8脱水站先锋格", "mode": "scene"},
        {"uid": "cell-3", "name": "升平集气站先锋格", "mode": "duty"},
    ],
    "MicroCell": [{"uid": "mc-1", "name": "王建国微格"}],
    "Equipment": [
        _equipment("eq-1", "徐深17集气站紧急切断阀1#", "VLV-0001-001", "valve"),
        _equipment("eq-2", "升平集气站分离器2#", "SEP-0002-002", "separator"),
    ],
    "Area": [{"uid": "area-1", "name": "徐深17集气站工艺区"}],
    "WorkItem": [{"uid": "wi-1", "name": "徐深17集气站管线巡护"}],
    "Standard": [
        _standard("std-1", "TRQ/DW-00401", "采气一大队师带徒工作标准", "unit"),
        _standard("std-2", "TRQ/ZD-0001", "集气站运行设备管理基础工作指导标准", "guidance"),
    ],
    "RiskPoint": [{"uid": "rp-1", "name": "徐深17集气站工艺区火灾爆炸风险", "grade": "red"}],
    "Hazard": [
        {
            "uid": "hz-1",
            "title": "徐深17集气站王建国泄漏",
            "severity": "general",
            "status": "found",
            "found_on": "2026-01-05",
        }
    ],
}
"""A small organisation; the hazard is not searchable and must never be found."""


def _load(engine: Engine) -> None:
    for label, rows in NODES.items():
        upsert_nodes(engine, label, rows)


@pytest.fixture(
    scope="module",
    params=["falkordb", pytest.param("neo4j", marks=[pytest.mark.neo4j, needs_neo4j])],
)
def store(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """The organisation above in a store of each engine (read-only for the tests)."""
    if request.param == "falkordb":
        data_dir: Path = request.getfixturevalue("data_dir")
        request.getfixturevalue("server_engine")
        graph = FalkorDBEngine(data_dir, graph_name=f"search-{next(_graph_numbers)}")
        graph.ensure_schema()
        graph.wait_for_constraints()
        _load(graph)
        yield graph
        graph.clear()
        graph.close()
        return
    server = open_engine(StorageSettings())
    if server.run("MATCH (n) RETURN count(n) AS c", readonly=True)[0]["c"]:
        server.close()
        pytest.skip("the Neo4j database is not empty; use a scratch one")
    _load(server)
    yield server
    server.clear()
    server.close()


def _uids(hits: list[SearchHit]) -> list[str]:
    return [hit.uid for hit in hits]


def _found(store: Engine, text: str, **options: Any) -> set[str]:
    return set(_uids(search(store, text, **options)))


# --- recall -------------------------------------------------------------------------------


def test_a_full_name_finds_the_person_first(store: Engine) -> None:
    hits = search(store, "王建国")
    assert hits[0] == SearchHit(uid="p-wjg", kind="Person", name="王建国", score=1.0)
    assert _uids(hits) == ["p-wjg", "mc-1"]  # and the micro-cell named after him


def test_a_given_name_alone_finds_everyone_called_so(store: Engine) -> None:
    assert _found(store, "建国", kinds=["Person"]) == {"p-wjg", "p-ljg"}


def test_a_surname_and_one_character_finds_exactly_those_names(store: Engine) -> None:
    assert _found(store, "王建", kinds=["Person"]) == {"p-wjg", "p-wjh"}


def test_a_single_character_finds_every_name_holding_it(store: Engine) -> None:
    found = _found(store, "王", kinds=["Person"])
    assert found == {"p-wjg", "p-wjh", "p-wf", "p-lw", "p-zw"}


def test_a_unit_name_fragment_finds_units_objects_and_standards(store: Engine) -> None:
    assert _found(store, "集气站") == {
        "cell-1", "cell-3", "eq-1", "eq-2", "area-1", "wi-1", "std-2", "rp-1",
    }  # fmt: skip


def test_a_unit_name_finds_the_unit_first_and_not_its_sibling(store: Engine) -> None:
    hits = search(store, "采气一大队")
    assert _uids(hits) == ["net-3-01", "net-4-01", "std-1"]
    assert hits[0].score == 1.0


@pytest.mark.parametrize(
    "text", ["TRQ/DW-00401", "DW-00401", "00401", "ＴＲＱ／ＤＷ－００４０１", "trqdw00401"]
)
def test_a_standard_code_or_fragment_finds_the_standard(store: Engine, text: str) -> None:
    hits = search(store, text)
    assert [(h.uid, h.kind, h.name) for h in hits] == [
        ("std-1", "Standard", "TRQ/DW-00401 采气一大队师带徒工作标准")
    ]


def test_a_code_prefix_finds_every_standard_under_it(store: Engine) -> None:
    assert _found(store, "TRQ") == {"std-1", "std-2"}


@pytest.mark.parametrize("text", ["VLV-0001-001", "vlv", "vlv0001001", "ＶＬＶ－０００１－００１"])
def test_an_equipment_tag_finds_the_equipment(store: Engine, text: str) -> None:
    assert _uids(search(store, text)) == ["eq-1"]


def test_an_employee_number_or_a_post_finds_the_person(store: Engine) -> None:
    assert _uids(search(store, "e100003")) == ["p-ljg"]
    assert _uids(search(store, "采气工")) == ["p-wjg"]


def test_mixed_chinese_and_digits_match_together(store: Engine) -> None:
    assert _found(store, "徐深17集气站", kinds=["Cell"]) == {"cell-1"}


def test_every_term_must_match(store: Engine) -> None:
    assert _uids(search(store, "王建国 采气工")) == ["p-wjg"]
    assert search(store, "王建国 司机") == []
    assert search(store, "采气三大队") == []


def test_unsearchable_kinds_are_never_found(store: Engine) -> None:
    """The hazard's title holds 王建国 and 集气站, but hazards are not searched."""
    assert "hz-1" not in _found(store, "泄漏") | _found(store, "王建国") | _found(store, "集气站")


# --- no false hits ------------------------------------------------------------------------


def test_no_bigram_spans_two_names(store: Engine) -> None:
    """张王 and 建明 are two people: 王建 is found in neither; 刘王 is a 建筑工, and his
    name and post are tokenised apart, so no 王建 spans them either."""
    assert _found(store, "王建") == {"p-wjg", "p-wjh", "mc-1"}
    assert search(store, "王建明") == []
    assert search(store, "国王") == []
    assert search(store, "华李") == []


def test_a_longer_query_does_not_match_on_single_characters(store: Engine) -> None:
    """王芳 holds 王 and 芳 but not the bigram 芳王: a two-character query is a bigram."""
    assert search(store, "芳王") == []


# --- ranking and options -------------------------------------------------------------------


def test_hits_rank_by_score_then_name(store: Engine) -> None:
    hits = search(store, "王建")
    assert [(h.name, h.score) for h in hits] == [
        ("王建华", pytest.approx(2 / 3)),
        ("王建国", pytest.approx(2 / 3)),
        ("王建国微格", 0.4),
    ]


def test_a_hit_by_name_outranks_a_hit_by_post(store: Engine) -> None:
    """采气 is in two unit names, a longer one, a standard's title and 王建国's post (采气工);
    the post is not his name, so it is scored against his search tokens and comes last."""
    hits = search(store, "采气")
    assert _uids(hits) == ["net-3-01", "net-3-02", "net-4-01", "std-1", "p-wjg"]
    tokens = search_terms("王建国", "E100001", "采气工")
    assert [hit.score for hit in hits] == [
        0.4, 0.4, 0.2, round(2 / len("TRQ/DW-00401 采气一大队师带徒工作标准"), 6),
        round(2 / len(tokens), 6),
    ]  # fmt: skip


def test_scores_fall_as_the_name_grows(store: Engine) -> None:
    hits = search(store, "集气站")
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < score <= 1 for score in scores)
    by_uid = {hit.uid: hit.score for hit in hits}
    assert by_uid["cell-3"] > by_uid["cell-1"]  # 升平集气站先锋格 is shorter


def test_kinds_restrict_the_labels(store: Engine) -> None:
    assert _found(store, "集气站", kinds=["Cell"]) == {"cell-1", "cell-3"}
    assert _found(store, "集气站", kinds=["Equipment", "Standard"]) == {"eq-1", "eq-2", "std-2"}
    assert {hit.kind for hit in search(store, "集气站", kinds=("Area",))} == {"Area"}


def test_first_caps_the_hits_and_keeps_the_best(store: Engine) -> None:
    everything = search(store, "集气站", first=MAX_FIRST)
    assert len(everything) == 8
    assert search(store, "集气站", first=3) == everything[:3]


def test_one_search_is_one_read(store: Engine) -> None:
    before = store.round_trips
    search(store, "集气站", kinds=["Cell", "Equipment", "Person"])
    assert store.round_trips - before == 1


# --- errors -------------------------------------------------------------------------------

BAD_CALLS: dict[str, tuple[dict[str, Any], str, str]] = {
    "empty text": ({"text": ""}, "text", "is blank"),
    "blank text": ({"text": " \t "}, "text", "is blank"),
    "text too long": ({"text": "王" * 101}, "text", "is 101 characters; at most 100"),
    "only punctuation": ({"text": "！？—/"}, "text", "no letter, digit or Chinese character"),
    "unknown kind": ({"kinds": ["Person", "Hazard"]}, "kinds", "unknown kind 'Hazard'"),
    "no kinds": ({"kinds": []}, "kinds", "at least one kind"),
    "first zero": ({"first": 0}, "first", "must be 1 to 100"),
    "first too big": ({"first": 101}, "first", "must be 1 to 100"),
    "first not a number": ({"first": True}, "first", "must be 1 to 100"),
}


@pytest.mark.parametrize(("call", "field", "message"), BAD_CALLS.values(), ids=BAD_CALLS)
def test_bad_arguments_name_the_field(
    store: Engine, call: dict[str, Any], field: str, message: str
) -> None:
    arguments = {"text": "王建国", **call}
    before = store.round_trips
    with pytest.raises(ValidationError) as caught:
        search(store, **arguments)
    assert [e.field for e in caught.value.errors] == [field]
    assert message in caught.value.errors[0].message
    assert store.round_trips == before  # refused before the engine is asked


def test_every_bad_argument_is_named_at_once(store: Engine) -> None:
    with pytest.raises(ValidationError) as caught:
        search(store, " ", kinds=["Hazard"], first=0)
    assert [e.field for e in caught.value.errors] == ["text", "kinds", "first"]


def test_an_unknown_kind_error_lists_the_searchable_ones(store: Engine) -> None:
    with pytest.raises(ValidationError) as caught:
        search(store, "王建国", kinds=["Persn"])
    assert ", ".join(searchable_kinds()) in str(caught.value)


def test_a_hundred_characters_are_accepted(store: Engine) -> None:
    assert search(store, "王" * 100) == []


# --- the derived search property (fresh graphs) ------------------------------------------

PERSON = {"uid": "p-1", "employee_no": "E000001", "name": "王建国", "party_member": True}


def test_the_writer_derives_search_and_node_maps_leave_it_out(engine: FalkorDBEngine) -> None:
    upsert_nodes(engine, "Person", [PERSON])
    rows = engine.run("MATCH (n:Person) RETURN n, n.search AS search", readonly=True)
    assert rows == [{"n": PERSON, "search": "王建 建国 王 建 国 e000001"}]


def test_a_supplied_search_is_refused_and_nothing_is_written(engine: FalkorDBEngine) -> None:
    rows = [PERSON, {**PERSON, "uid": "p-2", "employee_no": "E2", "search": "张三"}]
    with pytest.raises(ValidationError) as caught:
        upsert_nodes(engine, "Person", rows)
    assert [str(e) for e in caught.value.errors] == [
        "row 2.search: is derived from name, employee_no, post by the writer; leave it out"
    ]
    assert engine.run("MATCH (n) RETURN count(n) AS c", readonly=True) == [{"c": 0}]


def test_a_rename_is_found_under_the_new_name_only(engine: FalkorDBEngine) -> None:
    upsert_nodes(engine, "Person", [PERSON])
    upsert_nodes(engine, "Person", [{**PERSON, "name": "李红梅"}])
    assert search(engine, "王建国") == []
    assert _uids(search(engine, "红梅")) == ["p-1"]


def test_the_search_is_served_by_the_fulltext_procedure(engine: FalkorDBEngine) -> None:
    """No label scan on the hot path: the plan starts from the full-text index."""
    params = {"query": fulltext_query("falkordb", ["王建"]), "labels": searchable_kinds(),
              "plain": "王建", "length": 2, "first": 20}  # fmt: skip
    plan = "\n".join(engine._graph.explain(search_statement("falkordb"), params).plan)
    assert "ProcedureCall" in plan
    assert "Scan" not in plan


# --- the engine statements (no database) ---------------------------------------------------


def test_each_engine_gets_its_own_procedure_and_query_syntax() -> None:
    assert "db.idx.fulltext.queryNodes(kind, $query)" in search_statement("falkordb")
    neo4j = search_statement("neo4j")
    assert f"db.index.fulltext.queryNodes('{NEO4J_SEARCH_INDEX}', $query)" in neo4j
    assert "IN $labels" in neo4j  # hits of unrequested kinds are dropped
    assert fulltext_query("falkordb", ["王建", "建国"]) == "王建 建国"  # RediSearch: AND
    assert fulltext_query("neo4j", ["王建", "建国"]) == "+王建 +建国"  # Lucene: OR unless +


def test_both_statements_rank_and_name_hits_the_same_way() -> None:
    falkordb, neo4j = search_statement("falkordb"), search_statement("neo4j")
    tail = falkordb[falkordb.index("WITH kind, node.uid") :]
    assert neo4j.endswith(tail)
    assert tail.endswith("ORDER BY score DESC, name, uid LIMIT $first")
