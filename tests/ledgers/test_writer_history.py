"""The writer's history-keeping primitives: close an assignment, delete a plain link."""

from __future__ import annotations

import pytest

from graph.engine import Engine
from graph.errors import ValidationError
from graph.schema import relationship_spec
from graph.writer import close_assignments, delete_relationships, upsert_relationships
from tests.ledgers.conftest import holders
from tests.queries.factories import add_cell, add_object, add_officer, ensure_people, link

SINCE = "2023-01-01T00:00:00Z"


def test_closing_one_role_leaves_the_others_open(engine: Engine) -> None:
    add_cell(engine, "c1", net=None)
    add_officer(engine, "p1", "c1", "mediator")
    add_officer(engine, "p1", "c1", "propagandist")
    officer = relationship_spec("Person", "OFFICER_OF", "Cell")
    rows = [{"a": "p1", "b": "c1", "role": "mediator", "until": "2026-01-01"}]
    assert close_assignments(engine, officer, rows) == 1
    found = engine.run(
        "MATCH (:Person)-[r:OFFICER_OF]->(:Cell) RETURN r.role AS role, r.until AS until",
        readonly=True,
    )
    assert sorted((r["role"], r["until"]) for r in found) == [
        ("mediator", "2026-01-01T00:00:00Z"),
        ("propagandist", None),
    ]
    close_assignments(engine, officer, rows)  # nothing open any more: nothing changes
    assert len(engine.run("MATCH ()-[r:OFFICER_OF]->() RETURN r", readonly=True)) == 2


def test_reopening_at_the_same_instant_clears_until(engine: Engine) -> None:
    """Two imports at one instant: a holder closed at T and opened again at T is open."""
    add_cell(engine, "c1", net=None)
    add_object(engine, "Equipment", "e1", cell="c1", owner="p1")
    ensure_people(engine, ["p2"])
    owned = relationship_spec("Equipment", "OWNED_BY", "Person")
    at = "2026-01-01T00:00:00Z"
    hand_over = {"a": "e1", "b": "p2", "since": at, "until": None}
    close_assignments(engine, owned, [{"a": "e1", "b": "p1", "until": at}])
    upsert_relationships(engine, owned, [hand_over])
    close_assignments(engine, owned, [{"a": "e1", "b": "p2", "until": at}])
    upsert_relationships(engine, owned, [hand_over])
    assert holders(engine, "OWNED_BY", "e1") == [("p1", SINCE, at), ("p2", at, None)]


def test_plain_links_are_deleted_and_temporal_ones_never(engine: Engine) -> None:
    add_cell(engine, "c1", net=None)
    add_object(engine, "Area", "a1", cell="c1", owner="p1")
    add_object(engine, "Equipment", "e1", cell="c1")
    located = relationship_spec("Equipment", "LOCATED_IN", "Area")
    link(engine, "Equipment", "LOCATED_IN", "Area", "e1", "a1")
    assert delete_relationships(engine, located, [{"a": "e1", "b": "a1"}]) == 1
    assert holders(engine, "LOCATED_IN", "e1") == []
    with pytest.raises(ValidationError, match="closed, never deleted"):
        delete_relationships(engine, relationship_spec("Area", "OWNED_BY", "Person"), [])
    with pytest.raises(ValidationError, match="closed, never deleted"):  # issue 12: dated
        delete_relationships(engine, relationship_spec("Area", "BELONGS_TO", "Cell"), [])
    with pytest.raises(ValidationError, match="only temporal relationships"):
        close_assignments(engine, located, [])
    with pytest.raises(ValidationError, match=r"row 1\.until"):
        close_assignments(
            engine, relationship_spec("Area", "OWNED_BY", "Person"), [{"a": "a1", "b": "p1"}]
        )
