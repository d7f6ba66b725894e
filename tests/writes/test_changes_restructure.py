"""Merging and splitting cells and micro-cells: results, audit entries per step, history
kept, refusals that write nothing, and resuming an interrupted operation by re-running."""

from __future__ import annotations

import pytest

from graph.errors import ConflictError, NotFoundError, ValidationError
from graph.falkordb_engine import FalkorDBEngine
from queries.accountability import trace
from queries.audit import history
from tests.graph_state import fingerprint
from tests.queries.factories import add_hazard, add_object
from tests.writes.test_changes_helpers import (
    ACTOR,
    AFTER,
    AT,
    BEFORE,
    Meanwhile,
    build_grid,
)
from writes.changes import (
    merge_cells,
    merge_micro_cells,
    split_cell,
    split_micro_cell,
)

NEW_CELL = {"uid": "cell-c", "name": "新格", "mode": "duty"}


@pytest.fixture
def grid(engine: FalkorDBEngine) -> FalkorDBEngine:
    build_grid(engine)
    add_object(engine, "WorkItem", "wi-b", cell="cell-b", owner="p-m3")
    add_hazard(engine, "hz-b", cell="cell-b", found_on="2024-05-01")
    return engine


def _cell_of(engine: FalkorDBEngine, uid: str, as_of: str) -> str | None:
    cells = [link.uid for link in trace(engine, uid, as_of).chain if link.role == "cell"]
    return cells[0] if cells else None


def _belongs(engine: FalkorDBEngine, cell: str) -> list[str]:
    rows = engine.run(
        "MATCH (o)-[r:BELONGS_TO]->(:Cell {uid: $uid}) WHERE r.until IS NULL "
        "RETURN o.uid AS uid ORDER BY uid",
        {"uid": cell},
    )
    return [row["uid"] for row in rows]


def test_merging_cells_moves_everything_and_retires_the_source(grid: FalkorDBEngine) -> None:
    result = merge_cells(grid, ACTOR, "cell-b", "cell-a", at=AT)

    assert [(c.uid, c.operation) for c in result.changes] == [
        ("mc-b1", "merge_cells"),
        ("hz-b", "merge_cells"),
        ("wi-b", "merge_cells"),
        ("cell-b", "merge_cells"),
    ]
    assert _belongs(grid, "cell-b") == []
    assert _belongs(grid, "cell-a") == ["area-1", "duty-1", "eq-1", "hz-b", "rp-1", "wi-b"]
    retired = result.changes[-1]
    assert retired.props["retired_reason"] == "merged into cell-a"
    closed = {(c["type"], c["other"]) for c in retired.before["open_assignments"]}  # type: ignore[index]
    assert closed == {("HEAD_OF", "p-head-b"), ("PART_OF", "net-l4")}
    # the member of the merged micro-cell is traced to the target now, to the source before
    assert _cell_of(grid, "p-m3", BEFORE) == "cell-b"
    assert _cell_of(grid, "p-m3", AFTER) == "cell-a"
    for change in result.changes:
        entry = history(grid, change.uid, limit=1)[0]
        assert (entry.operation, entry.uid, entry.after) == (
            "merge_cells",
            change.audit,
            change.after,
        )


def test_a_merge_interrupted_by_a_conflict_resumes_when_run_again(grid: FalkorDBEngine) -> None:
    # hz-b is moved by someone else between the merge's read and its second write.
    racing = Meanwhile(
        grid,
        "MATCH (:MicroCell {uid: $uid})-[r:PART_OF]->() WHERE r.until IS NULL SET r.until = $at "
        "WITH 1 AS one MATCH (m:MicroCell {uid: $uid}), (c:Cell {uid: $cell}) "
        "CREATE (m)-[:PART_OF {since: $at}]->(c)",
        {"uid": "mc-b1", "cell": "cell-b", "at": "2025-05-01T00:00:00Z"},
    )
    with pytest.raises(ConflictError):
        merge_cells(racing, ACTOR, "cell-b", "cell-a", at=AT)  # type: ignore[arg-type]
    assert history(grid, "cell-b") == []

    result = merge_cells(grid, ACTOR, "cell-b", "cell-a", at=AT)
    assert [c.uid for c in result.changes] == ["mc-b1", "hz-b", "wi-b", "cell-b"]

    again = merge_cells(grid, ACTOR, "cell-b", "cell-a", at=AT)
    assert again.changes == []  # done: nothing left under the retired source


def test_merge_refusals_write_nothing(grid: FalkorDBEngine) -> None:
    before = fingerprint(grid)
    for source, target, field in [
        ("cell-a", "cell-a", "target"),
        ("cell-a", "cell-404", "target"),
        ("cell-a", "mc-a1", "target"),
    ]:
        with pytest.raises(ValidationError) as exc:
            merge_cells(grid, ACTOR, source, target, at=AT)
        assert field in {e.field for e in exc.value.errors}
    with pytest.raises(NotFoundError):
        merge_cells(grid, ACTOR, "mc-a1", "cell-a", at=AT)
    with pytest.raises(ValidationError) as exc:
        merge_cells(grid, ACTOR, "cell-b", "cell-a", at="2022-01-01")
    assert [e.field for e in exc.value.errors] == ["at"]
    assert fingerprint(grid) == before


def test_splitting_a_cell_creates_it_in_the_same_net_and_moves_what_was_named(
    grid: FalkorDBEngine,
) -> None:
    result = split_cell(grid, ACTOR, "cell-a", NEW_CELL, ["mc-a1"], ["eq-1"], at=AT)

    created = result.changes[0]
    assert (created.uid, created.operation, created.before) == ("cell-c", "split_cell", None)
    assert created.after == NEW_CELL | {"net": "net-l4", "split_from": "cell-a"}
    assert created.props["rev"] == 1
    assert [c.uid for c in result.changes[1:]] == ["mc-a1", "eq-1"]
    assert _belongs(grid, "cell-c") == ["eq-1"]
    # BELONGS_TO keeps its history (issue 12), as PART_OF does
    assert _cell_of(grid, "eq-1", BEFORE) == "cell-a"
    assert _cell_of(grid, "eq-1", AFTER) == "cell-c"
    assert _cell_of(grid, "area-1", AFTER) == "cell-a"
    assert _cell_of(grid, "p-m1", BEFORE) == "cell-a"
    assert _cell_of(grid, "p-m1", AFTER) == "cell-c"
    assert next(n.uid for n in trace(grid, "p-m1", AFTER).chain if n.role == "net") == "net-l4"


def test_a_split_is_resumed_by_running_it_again(grid: FalkorDBEngine) -> None:
    first = split_cell(grid, ACTOR, "cell-a", NEW_CELL, ["mc-a1"], [], at=AT)
    assert len(first.changes) == 2
    # Re-running after an interruption does what is left: here the object move.
    rest = split_cell(grid, ACTOR, "cell-a", NEW_CELL, ["mc-a1"], ["eq-1"], at=AT)
    assert [(c.uid, c.operation) for c in rest.changes] == [("eq-1", "split_cell")]
    assert split_cell(grid, ACTOR, "cell-a", NEW_CELL, ["mc-a1"], ["eq-1"], at=AT).changes == []


def test_split_refusals_name_the_field_and_write_nothing(grid: FalkorDBEngine) -> None:
    before = fingerprint(grid)
    with pytest.raises(ValidationError) as exc:
        split_cell(
            grid,
            ACTOR,
            "cell-a",
            {"uid": "cell-c", "mode": "nowhere"},
            ["mc-b1", "x"],
            ["wi-b"],
            at=AT,
        )
    assert {e.field for e in exc.value.errors} == {
        "new.name",
        "new.mode",
        "micro_cells[0]",
        "micro_cells[1]",
        "objects[0]",
    }
    with pytest.raises(ValidationError) as exc:
        split_cell(grid, ACTOR, "cell-a", NEW_CELL | {"uid": "cell-b"}, [], at=AT)
    assert [e.field for e in exc.value.errors] == ["new.uid"]
    assert fingerprint(grid) == before


def test_merging_micro_cells_moves_the_members(grid: FalkorDBEngine) -> None:
    result = merge_micro_cells(grid, ACTOR, "mc-b1", "mc-a1", at=AT)

    assert [(c.uid, c.before, c.after) for c in result.changes[:-1]] == [
        ("p-m3", {"micro_cell": "mc-b1"}, {"micro_cell": "mc-a1"})
    ]
    assert result.changes[-1].uid == "mc-b1" and result.changes[-1].props["retired_at"] == AT
    assert _cell_of(grid, "p-m3", BEFORE) == "cell-b"
    assert _cell_of(grid, "p-m3", AFTER) == "cell-a"
    leads = [
        link.uid for link in trace(grid, "p-m3", BEFORE).chain if link.role == "micro_cell_lead"
    ]
    assert leads == ["p-lead-b"]


def test_splitting_a_micro_cell_moves_the_named_members_and_sets_a_lead(
    grid: FalkorDBEngine,
) -> None:
    new = {"uid": "mc-a2", "name": "微格二"}
    result = split_micro_cell(grid, ACTOR, "mc-a1", new, ["p-m2"], lead="p-m1", at=AT)

    assert [(c.uid, c.operation) for c in result.changes] == [
        ("mc-a2", "split_micro_cell"),
        ("p-m2", "split_micro_cell"),
        ("mc-a2", "split_micro_cell"),
    ]
    assert result.changes[-1].after == {"lead": "p-m1"}
    chain = trace(grid, "p-m2", AFTER).chain
    assert [
        (x.role, x.uid) for x in chain if x.role in ("micro_cell", "micro_cell_lead", "cell")
    ] == [
        ("micro_cell", "mc-a2"),
        ("micro_cell_lead", "p-m1"),
        ("cell", "cell-a"),
    ]
    assert split_micro_cell(grid, ACTOR, "mc-a1", new, ["p-m2"], lead="p-m1", at=AT).changes == []
    with pytest.raises(ValidationError) as exc:
        split_micro_cell(grid, ACTOR, "mc-a1", {"uid": "mc-a3", "name": "x"}, ["p-m3"], at=AT)
    assert [e.field for e in exc.value.errors] == ["members[0]"]
