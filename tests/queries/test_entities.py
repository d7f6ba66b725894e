"""The batched read model (``queries.entities``) and the listings (``queries.listing``):
every generated statement stays in the portable subset and runs, and the answers follow
the data, history included."""

from __future__ import annotations

import pytest

from graph.errors import NotFoundError, ValidationError
from graph.falkordb_engine import FalkorDBEngine
from graph.schema import node_spec, relationship_specs
from queries.entities import Relation, neighbours, nodes_by_uid
from queries.listing import LISTINGS, Filter, _body, scope_of, select
from queries.portability import violations
from tests.queries.factories import (
    add_cell,
    add_microcell,
    add_net_chain,
    add_object,
    add_owner,
    link,
)

NOW = "2026-11-24T00:00:00Z"

SAMPLE = {
    "values": ["nothing-here"],
    "equals": "nothing-here",
    "since": "2026-01-01",
    "until": "2026-12-31",
    "pattern": ["mediator"],
}


def every_relation() -> list[Relation]:
    return [
        relation
        for spec in relationship_specs()
        for relation in (
            Relation(spec.source, spec.type, spec.target),
            Relation(spec.target, spec.type, spec.source, outgoing=False),
        )
    ]


@pytest.mark.parametrize("relation", every_relation(), ids=str)
def test_every_relation_statement_is_portable_and_runs(
    engine: FalkorDBEngine, relation: Relation
) -> None:
    for mode in ("at", "history"):
        statement = relation.statement(mode)
        assert violations(statement) == [], statement
        engine.run(statement, {"keys": ["nothing-here"], "limit": 5, "at": NOW}, readonly=True)


@pytest.mark.parametrize("label", sorted(LISTINGS))
def test_every_listing_with_every_filter_is_portable_and_runs(
    engine: FalkorDBEngine, label: str
) -> None:
    listing = LISTINGS[label]
    params = {f.name: SAMPLE[f.op] for f in listing.filters}
    params |= {"at": NOW, "cells": ["nothing-here"], "nets": ["nothing-here"]}
    for scoped in [False, True] if listing.scope is not None else [False]:
        body = _body(listing, [f.name for f in listing.filters], scoped)
        assert violations(body) == [], body
        engine.run(body + " RETURN count(n) AS total", params, readonly=True)


def test_an_undeclared_relation_is_refused() -> None:
    with pytest.raises(ValidationError, match="OWNED_BY"):
        Relation("Cell", "OWNED_BY", "Person")


def grid(engine: FalkorDBEngine) -> None:
    """net-l2 ← net-l3 ← net-l4 ← cell-a (mc-a: lead p-lead, member p-m1) and cell-b;
    eq-1 in cell-a was owned by p-old until 2024-03-01, by p-new since; eq-2 in cell-b."""
    add_net_chain(engine, "net")
    add_cell(engine, "cell-a", net="net-l4")
    add_cell(engine, "cell-b", net="net-l4")
    add_microcell(engine, "mc-a", cell="cell-a", lead="p-lead", members=["p-m1"])
    add_object(engine, "Equipment", "eq-1", cell="cell-a", owner="p-old", until="2024-03-01")
    add_owner(engine, "Equipment", "eq-1", "p-new", since="2024-03-01")
    add_object(engine, "Equipment", "eq-2", cell="cell-b", category="pipeline")
    link(engine, "Person", "MEMBER_OF", "MicroCell", "p-lead", "mc-a")


def test_nodes_by_uid_name_their_label_and_skip_unknown(engine: FalkorDBEngine) -> None:
    grid(engine)
    found = nodes_by_uid(engine, ["eq-1", "nope", "cell-a"])
    assert {uid: r.label for uid, r in found.items()} == {"eq-1": "Equipment", "cell-a": "Cell"}
    assert "search" not in found["eq-1"].props


def test_neighbours_at_an_instant_in_history_and_per_key_limit(engine: FalkorDBEngine) -> None:
    grid(engine)
    owner = Relation("Equipment", "OWNED_BY", "Person")
    now = neighbours(engine, owner, ["eq-1", "eq-2"], at=NOW, limit=5)
    assert {k: [n.node["uid"] for n in v] for k, v in now.items()} == {
        "eq-1": ["p-new"],
        "eq-2": [],
    }
    then = neighbours(engine, owner, ["eq-1"], at="2024-02-15T00:00:00Z", limit=5)
    assert [n.node["uid"] for n in then["eq-1"]] == ["p-old"]
    every = neighbours(engine, owner, ["eq-1"], at=None, limit=5)["eq-1"]
    assert [(n.node["uid"], n.rel.get("until")) for n in every] == [
        ("p-new", None),
        ("p-old", "2024-03-01T00:00:00Z"),
    ]
    equipment = Relation("Cell", "BELONGS_TO", "Equipment", outgoing=False)
    assert [n.node["uid"] for n in neighbours(engine, equipment, ["cell-a"], at=None, limit=0)[
        "cell-a"
    ]] == []  # fmt: skip


def test_scope_of_a_net_and_of_a_cell(engine: FalkorDBEngine) -> None:
    grid(engine)
    net = scope_of(engine, "net-l3", NOW)
    assert (net.label, net.cells, net.nets) == ("Net", ["cell-a", "cell-b"], ["net-l3", "net-l4"])
    cell = scope_of(engine, "cell-a", NOW)
    assert (cell.label, cell.cells, cell.nets) == ("Cell", ["cell-a"], [])
    with pytest.raises(NotFoundError):
        scope_of(engine, "eq-1", NOW)


def test_select_filters_scopes_counts_and_slices(engine: FalkorDBEngine) -> None:
    grid(engine)
    everything = select(engine, "Equipment")
    assert everything.count() == 2
    assert [n["uid"] for n in everything.fetch(1, 5)] == ["eq-2"]
    assert [n["uid"] for n in select(engine, "Equipment", unit="cell-a").fetch(0, 5)] == ["eq-1"]
    pipelines = select(engine, "Equipment", {"category": ["pipeline"]}, unit="net-l2")
    assert pipelines.count() == 1
    people = select(engine, "Person", unit="cell-a")
    assert [n["uid"] for n in people.fetch(0, 10)] == ["p-lead", "p-m1"]


def test_select_reports_every_bad_filter_at_once(engine: FalkorDBEngine) -> None:
    with pytest.raises(ValidationError) as caught:
        select(engine, "Hazard", {"status": ["fixed"], "found_from": "soon", "grade": ["red"]})
    fields = {e.field for e in caught.value.errors}
    assert fields == {"status", "found_from", "grade"}
    with pytest.raises(ValidationError, match="cannot be listed"):
        select(engine, "HealthRecord")
    with pytest.raises(ValidationError, match="belong to a net"):
        select(engine, "Standard", unit="net-l2")
    with pytest.raises(NotFoundError):
        select(engine, "Equipment", unit="nope")


def test_filters_are_declared_properties() -> None:
    for listing in LISTINGS.values():
        props = node_spec(listing.label).properties
        for flt in listing.filters:
            assert isinstance(flt, Filter)
            assert flt.op == "pattern" or flt.prop in props, (listing.label, flt.name)
