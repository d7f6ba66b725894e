"""Moves keep the PART_OF history (trees and traces as of before show the old parent);
wrong levels and cycles are refused; object moves close the old BELONGS_TO (issue 12)."""

from __future__ import annotations

import pytest

from graph.errors import NotFoundError, ValidationError
from graph.falkordb_engine import FalkorDBEngine
from queries.accountability import trace
from queries.business_tree import business_tree
from tests.graph_state import fingerprint
from tests.writes.test_changes_helpers import (
    ACTOR,
    AFTER,
    AT,
    BEFORE,
    build_grid,
    last_entry,
)
from writes.changes import move_object, move_unit


@pytest.fixture
def grid(engine: FalkorDBEngine) -> FalkorDBEngine:
    build_grid(engine)
    return engine


def _nets(engine: FalkorDBEngine, uid: str, as_of: str) -> list[str]:
    return [link.uid for link in trace(engine, uid, as_of).chain if link.role == "net"]


def test_moving_a_cell_to_another_level_4_net_keeps_the_old_one_in_history(
    grid: FalkorDBEngine,
) -> None:
    change = move_unit(grid, ACTOR, "cell-a", "net-l4b", at=AT)

    assert (change.before, change.after) == ({"net": "net-l4"}, {"net": "net-l4b"})
    assert _nets(grid, "eq-1", BEFORE) == ["net-l4", "net-l3", "net-l2"]
    assert _nets(grid, "eq-1", AFTER) == ["net-l4b", "net-l3b", "net-l2"]
    then = business_tree(grid, "cell-a", today="2024-01-01")
    now = business_tree(grid, "cell-a", today="2025-07-01")
    assert [n.uid for n in then.trunk.chain] == ["net-l4", "net-l3", "net-l2"]
    assert [n.uid for n in now.trunk.chain] == ["net-l4b", "net-l3b", "net-l2"]
    assert "cell-a" in {c.uid for c in business_tree(grid, "net-l4", today="2024-01-01").root.cells}
    assert "cell-a" not in {
        c.uid for c in business_tree(grid, "net-l4", today="2025-07-01").root.cells
    }
    entry = last_entry(grid, "cell-a")
    assert (entry.operation, entry.before, entry.after) == (
        "move_unit",
        change.before,
        change.after,
    )


def test_moving_nets_and_micro_cells(grid: FalkorDBEngine) -> None:
    net = move_unit(grid, ACTOR, "net-l4", "net-l3b", at=AT)
    micro = move_unit(grid, ACTOR, "mc-a1", "cell-b", at=AT)

    assert (net.before, net.after) == ({"parent": "net-l3"}, {"parent": "net-l3b"})
    assert (micro.before, micro.after) == ({"cell": "cell-a"}, {"cell": "cell-b"})
    assert _nets(grid, "eq-1", BEFORE) == ["net-l4", "net-l3", "net-l2"]
    assert _nets(grid, "eq-1", AFTER) == ["net-l4", "net-l3b", "net-l2"]
    membership = [link for link in trace(grid, "p-m1", AFTER).chain if link.role == "micro_cell"]
    assert membership[0].uid == "mc-a1"
    assert trace(grid, "p-m1", AFTER).chain[-1].uid == "head-net-l2"


@pytest.mark.parametrize(
    ("unit", "parent", "field", "message"),
    [
        ("cell-a", "net-l3", "parent", "cells go under level-4 nets"),
        ("net-l4", "net-l2", "parent", "goes under level 3"),
        ("net-l3", "net-l4b", "parent", "goes under level 2"),
        ("net-l2", "net-l3", "unit", "has no parent"),
        ("mc-a1", "net-l4", "parent", "takes none here"),
        ("cell-a", "mc-b1", "parent", "no Net or Cell"),
        ("cell-a", "net-404", "parent", "no Net or Cell"),
        ("cell-a", "net-l4", "parent", "already holds"),
    ],
)
def test_wrong_moves_are_refused_and_write_nothing(
    grid: FalkorDBEngine, unit: str, parent: str, field: str, message: str
) -> None:
    before = fingerprint(grid)
    with pytest.raises(ValidationError) as exc:
        move_unit(grid, ACTOR, unit, parent, at=AT)
    assert [e.field for e in exc.value.errors] == [field]
    assert message in str(exc.value)
    assert fingerprint(grid) == before


def test_cycles_are_refused_even_when_the_levels_are_wrong(grid: FalkorDBEngine) -> None:
    # Data imported with inconsistent levels: a level-3 net recorded beneath net-l4.
    grid.run(
        "MATCH (n:Net {uid: $uid}) SET n.level = 4, n.kind = $kind",
        {"uid": "net-l3", "kind": "fortress"},
    )
    grid.run(
        "MATCH (n:Net {uid: $uid}) SET n.level = 3, n.kind = $kind",
        {"uid": "net-l4", "kind": "strong_base"},
    )
    before = fingerprint(grid)
    with pytest.raises(ValidationError, match="cycle"):
        move_unit(grid, ACTOR, "net-l3", "net-l4", at=AT)
    assert fingerprint(grid) == before


def test_moving_an_object_to_another_cell_closes_the_old_link_and_is_audited(
    grid: FalkorDBEngine,
) -> None:
    change = move_object(grid, ACTOR, "Equipment", "eq-1", "cell-b", at=AT)

    assert (change.before, change.after) == ({"cell": "cell-a"}, {"cell": "cell-b"})
    cells = grid.run(
        "MATCH (:Equipment {uid: $uid})-[r:BELONGS_TO]->(c) "
        "RETURN c.uid AS c, r.until AS until ORDER BY c",
        {"uid": "eq-1"},
    )
    assert cells == [{"c": "cell-a", "until": AT}, {"c": "cell-b", "until": None}]
    cell = [link.uid for link in trace(grid, "eq-1", AFTER).chain if link.role == "cell"]
    assert cell == ["cell-b"]
    entry = last_entry(grid, "eq-1")
    assert (entry.operation, entry.before, entry.after) == (
        "move_object",
        change.before,
        change.after,
    )


def test_wrong_object_moves_are_refused(grid: FalkorDBEngine) -> None:
    before = fingerprint(grid)
    with pytest.raises(ValidationError, match="does not belong to a cell"):
        move_object(grid, ACTOR, "Person", "p-m1", "cell-b", at=AT)
    with pytest.raises(ValidationError, match="already holds"):
        move_object(grid, ACTOR, "Equipment", "eq-1", "cell-a", at=AT)
    with pytest.raises(ValidationError, match="no Cell"):
        move_object(grid, ACTOR, "Equipment", "eq-1", "net-l4", at=AT)
    with pytest.raises(NotFoundError):
        move_object(grid, ACTOR, "Area", "eq-1", "cell-b", at=AT)
    assert fingerprint(grid) == before
