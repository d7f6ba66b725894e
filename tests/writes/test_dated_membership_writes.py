"""Every write that changes an object's cell closes the old ``BELONGS_TO`` (``until``) and
opens a new one (``since``), never rewriting it (issue 12, defect 1): a move inside a merge
or a split of cells (ledger imports: tests/ledgers/test_dated_membership_import.py). Before
issue 12 each replaced the link, so traces as of an earlier date showed the new cell."""

from __future__ import annotations

import pytest

from graph.engine import Engine
from graph.falkordb_engine import FalkorDBEngine
from queries.accountability import trace
from tests.queries.factories import add_hazard, add_object
from tests.writes.test_changes_helpers import ACTOR, AT, BEFORE, build_grid
from writes.changes import merge_cells, split_cell

JUST_BEFORE = "2025-06-01T07:59:59Z"
NEW_CELL = {"uid": "cell-c", "name": "新格", "mode": "duty"}


def _cell(engine: Engine, uid: str, as_of: str) -> str | None:
    cells = [link.uid for link in trace(engine, uid, as_of).chain if link.role == "cell"]
    return cells[0] if cells else None


def _head(engine: Engine, uid: str, as_of: str) -> list[str]:
    return [link.uid for link in trace(engine, uid, as_of).chain if link.role == "cell_head"]


def _links(engine: Engine, uid: str) -> list[tuple[str, str | None]]:
    rows = engine.run(
        "MATCH (:GridNode {uid: $uid})-[r:BELONGS_TO]->(c:Cell) "
        "RETURN c.uid AS cell, r.until AS until ORDER BY until",
        {"uid": uid},
        readonly=True,
    )
    return sorted((row["cell"], row["until"]) for row in rows)


@pytest.fixture
def grid(engine: FalkorDBEngine) -> FalkorDBEngine:
    build_grid(engine)
    add_object(engine, "WorkItem", "wi-b", cell="cell-b", owner="p-m3")
    add_hazard(engine, "hz-b", cell="cell-b", found_on="2024-05-01")
    return engine


def test_a_merge_keeps_the_source_cell_in_the_past_of_what_it_moves(
    grid: FalkorDBEngine,
) -> None:
    merge_cells(grid, ACTOR, "cell-b", "cell-a", at=AT)

    for uid in ("wi-b", "hz-b"):
        assert _links(grid, uid) == [("cell-a", None), ("cell-b", AT)]
        assert _cell(grid, uid, JUST_BEFORE) == "cell-b"
        assert _cell(grid, uid, AT) == "cell-a"
    assert _head(grid, "wi-b", BEFORE) == ["p-head-b"]
    assert _head(grid, "wi-b", AT) == ["p-head-a"]


def test_a_split_keeps_the_old_cell_in_the_past_of_what_it_moves(grid: FalkorDBEngine) -> None:
    split_cell(grid, ACTOR, "cell-a", NEW_CELL, [], ["eq-1"], at=AT)

    assert _links(grid, "eq-1") == [("cell-a", AT), ("cell-c", None)]
    assert _cell(grid, "eq-1", JUST_BEFORE) == "cell-a"
    assert _head(grid, "eq-1", JUST_BEFORE) == ["p-head-a"]
    assert _cell(grid, "eq-1", AT) == "cell-c"
    assert _cell(grid, "area-1", AT) == "cell-a"  # not moved: one open link, never closed
    assert _links(grid, "area-1") == [("cell-a", None)]


def test_a_resumed_merge_moves_nothing_twice(grid: FalkorDBEngine) -> None:
    merge_cells(grid, ACTOR, "cell-b", "cell-a", at=AT)
    merge_cells(grid, ACTOR, "cell-b", "cell-a", at=AT)
    assert _links(grid, "wi-b") == [("cell-a", None), ("cell-b", AT)]
