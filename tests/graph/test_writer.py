"""The validated writer: labels, idempotence and temporal keys."""

from __future__ import annotations

import pytest

from graph.errors import ValidationError
from graph.falkordb_engine import FalkorDBEngine
from graph.schema import relationship_spec
from graph.writer import upsert_nodes, upsert_relationships

NET = {"uid": "n-2", "name": "天然气分公司", "level": 2, "kind": "navigator"}
PERSON = {"uid": "p-1", "employee_no": "E1", "name": "王建国", "party_member": True}


def test_written_nodes_carry_their_label_and_gridnode(engine: FalkorDBEngine) -> None:
    upsert_nodes(engine, "Net", [NET])
    rows = engine.run("MATCH (n:GridNode {uid: $uid}) RETURN labels(n) AS labels", {"uid": "n-2"})
    assert len(rows) == 1 and sorted(rows[0]["labels"]) == ["GridNode", "Net"]


def test_repeated_upserts_change_nothing_and_updates_apply(engine: FalkorDBEngine) -> None:
    for _ in range(2):
        upsert_nodes(engine, "Net", [NET])
    upsert_nodes(engine, "Net", [NET | {"region": "鄂尔多斯"}])
    rows = engine.run("MATCH (n:Net) RETURN n.uid AS uid, n.region AS region")
    assert rows == [{"uid": "n-2", "region": "鄂尔多斯"}]


def test_a_closed_assignment_and_its_successor_coexist(engine: FalkorDBEngine) -> None:
    upsert_nodes(engine, "Net", [NET])
    upsert_nodes(engine, "Person", [PERSON, PERSON | {"uid": "p-2", "employee_no": "E2"}])
    head_of = relationship_spec("Person", "HEAD_OF", "Net")
    rows = [
        {"a": "p-1", "b": "n-2", "since": "2020-01-01", "until": "2024-03-01"},
        {"a": "p-2", "b": "n-2", "since": "2024-03-01"},
    ]
    upsert_relationships(engine, head_of, rows)
    upsert_relationships(engine, head_of, rows)
    heads = engine.run(
        "MATCH (p:Person)-[h:HEAD_OF]->(:Net) RETURN p.uid AS p, h.until AS until ORDER BY p"
    )
    assert heads == [
        {"p": "p-1", "until": "2024-03-01T00:00:00Z"},
        {"p": "p-2", "until": None},
    ]


def test_one_person_may_hold_several_officer_roles_from_the_same_day(
    engine: FalkorDBEngine,
) -> None:
    upsert_nodes(engine, "Person", [PERSON])
    upsert_nodes(engine, "Cell", [{"uid": "c-1", "name": "先锋格", "mode": "scene"}])
    officer_of = relationship_spec("Person", "OFFICER_OF", "Cell")
    rows = [
        {"a": "p-1", "b": "c-1", "since": "2024-01-01", "role": role}
        for role in ("mediator", "propagandist")
    ]
    upsert_relationships(engine, officer_of, rows)
    upsert_relationships(engine, officer_of, rows)
    held = engine.run("MATCH (:Person)-[r:OFFICER_OF]->(:Cell) RETURN r.role AS role ORDER BY role")
    assert held == [{"role": "mediator"}, {"role": "propagandist"}]


def test_relationships_to_missing_endpoints_are_reported_and_nothing_is_written(
    engine: FalkorDBEngine,
) -> None:
    upsert_nodes(engine, "Net", [NET])
    upsert_nodes(engine, "Person", [PERSON])
    head_of = relationship_spec("Person", "HEAD_OF", "Net")
    rows = [
        {"a": "p-1", "b": "n-2", "since": "2024-01-01"},
        {"a": "p-ghost", "b": "n-2", "since": "2024-01-01"},
        {"a": "p-1", "b": "n-ghost", "since": "2024-01-01"},
    ]
    with pytest.raises(ValidationError) as caught:
        upsert_relationships(engine, head_of, rows)
    assert [str(e) for e in caught.value.errors] == [
        "row 2.a: no Person with uid 'p-ghost'",
        "row 3.b: no Net with uid 'n-ghost'",
    ]
    assert engine.run("MATCH ()-[r:HEAD_OF]->() RETURN count(r) AS c") == [{"c": 0}]
