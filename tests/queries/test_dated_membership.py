"""An object's membership of a cell is dated (issue 12, defect 1): after a move, every answer
as of a date before it uses the old cell — trace (cell, head, officers, nets above), impact
subtree counts, gap rules, business-tree leaves and listings — and every answer from the
move on uses the new one. Before issue 12 the move replaced the link, so the past showed
the new cell."""

from __future__ import annotations

import pytest

from graph.falkordb_engine import FalkorDBEngine
from queries.accountability import impact, trace
from queries.coverage import gaps
from queries.listing import within
from tests.queries.factories import add_cell
from tests.writes.test_changes_helpers import ACTOR, AT, BEFORE, build_grid
from writes.changes import move_object

JUST_BEFORE = "2025-06-01T07:59:59Z"
"""One second before the move (``AT``): the old cell still holds the object."""


@pytest.fixture
def moved(engine: FalkorDBEngine) -> FalkorDBEngine:
    """The helpers' grid plus cell-c under net-l4b (another level-3 net), then eq-1 moved
    from cell-a to cell-c at ``AT``. Its owner p-m1 stays a member of cell-a."""
    build_grid(engine)
    add_cell(engine, "cell-c", net="net-l4b", head="p-head-c")
    move_object(engine, ACTOR, "Equipment", "eq-1", "cell-c", at=AT)
    return engine


def _roles(engine: FalkorDBEngine, uid: str, as_of: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for link in trace(engine, uid, as_of).chain:
        found.setdefault(link.role, []).append(link.uid)
    return found


@pytest.mark.parametrize("as_of", [BEFORE, JUST_BEFORE])
def test_a_trace_before_the_move_shows_the_old_cell_its_head_and_nets(
    moved: FalkorDBEngine, as_of: str
) -> None:
    roles = _roles(moved, "eq-1", as_of)
    assert roles["cell"] == ["cell-a"]
    assert roles["cell_head"] == ["p-head-a"]
    assert roles["net"] == ["net-l4", "net-l3", "net-l2"]
    officers = trace(moved, "eq-1", as_of).officers or []
    assert [(o.role, o.holder.uid) for o in officers] == [("mediator", "p-lead-a")]


@pytest.mark.parametrize("as_of", [AT, "2025-07-01"])
def test_a_trace_from_the_move_on_shows_the_new_cell_its_head_and_nets(
    moved: FalkorDBEngine, as_of: str
) -> None:
    roles = _roles(moved, "eq-1", as_of)
    assert roles["cell"] == ["cell-c"]
    assert roles["cell_head"] == ["p-head-c"]
    assert roles["net"] == ["net-l4b", "net-l3b", "net-l2"]
    assert trace(moved, "eq-1", as_of).officers == []


def _objects(engine: FalkorDBEngine, head: str, as_of: str) -> dict[str, int]:
    subtree = impact(engine, head, as_of).subtree
    assert subtree is not None
    return subtree.objects


def test_impact_counts_the_object_under_the_old_head_before_and_the_new_head_after(
    moved: FalkorDBEngine,
) -> None:
    assert _objects(moved, "p-head-a", JUST_BEFORE).get("Equipment") == 1
    assert _objects(moved, "p-head-c", JUST_BEFORE).get("Equipment", 0) == 0
    assert _objects(moved, "p-head-a", AT).get("Equipment", 0) == 0
    assert _objects(moved, "p-head-c", AT).get("Equipment") == 1
    # the level-3 heads above each side follow too
    assert _objects(moved, "p-head-l3b", JUST_BEFORE).get("Equipment", 0) == 0
    assert _objects(moved, "p-head-l3b", AT).get("Equipment") == 1


def _offenders(engine: FalkorDBEngine, rule: str, as_of: str) -> dict[str, str | None]:
    report = gaps(engine, [rule], as_of=as_of, today=as_of[:10])
    return {f.uid: f.cell for f in report.findings}


def test_owner_outside_cell_is_not_reported_before_the_move(moved: FalkorDBEngine) -> None:
    # p-m1 is a member of cell-a: fine while eq-1 was there, a gap once it is in cell-c
    assert "eq-1" not in _offenders(moved, "owner_outside_cell", JUST_BEFORE)
    assert _offenders(moved, "owner_outside_cell", AT)["eq-1"] == "cell-c"


def test_a_subtree_listing_holds_the_object_where_it_was(moved: FalkorDBEngine) -> None:
    def listed(cell: str, at: str) -> list[str]:
        return within(moved, "Equipment", cells=[cell], nets=[], at=at)

    assert listed("cell-a", JUST_BEFORE) == ["eq-1"] and listed("cell-c", JUST_BEFORE) == []
    assert listed("cell-a", AT) == [] and listed("cell-c", AT) == ["eq-1"]


def test_a_link_without_since_counts_from_the_beginning(engine: FalkorDBEngine) -> None:
    """A data directory written before issue 12 has BELONGS_TO links with no dates: they are
    read as valid since the beginning, so old answers do not lose their cells."""
    build_grid(engine)
    engine.run(
        "MATCH (:Equipment {uid: 'eq-1'})-[r:BELONGS_TO]->() REMOVE r.since RETURN count(r) AS n",
        {},
    )
    assert _roles(engine, "eq-1", "2000-01-01")["cell"] == ["cell-a"]
    move_object(engine, ACTOR, "Equipment", "eq-1", "cell-b", at=AT)
    assert _roles(engine, "eq-1", JUST_BEFORE)["cell"] == ["cell-a"]
    assert _roles(engine, "eq-1", AT)["cell"] == ["cell-b"]
