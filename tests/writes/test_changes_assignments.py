"""Reassignments keep history: a trace as of before the change names the old holder, as
of after it the new one; each change has its audit entry; refusals write nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graph.errors import ConflictError, NotFoundError, ValidationError
from graph.falkordb_engine import FalkorDBEngine
from queries.accountability import Trace, trace
from queries.audit import history
from tests.graph_state import fingerprint
from tests.writes.test_changes_helpers import (
    ACTOR,
    AFTER,
    AT,
    BEFORE,
    Meanwhile,
    build_grid,
    last_entry,
)
from writes.changes import (
    Change,
    add_standard,
    assign_duty,
    assign_head,
    assign_lead,
    assign_officer,
    assign_owner,
    move_member,
    retire,
    withdraw_standard,
)


@pytest.fixture
def grid(engine: FalkorDBEngine) -> FalkorDBEngine:
    build_grid(engine)
    return engine


def _link(t: Trace, role: str) -> str:
    return next(link.uid for link in t.chain if link.role == role)


def _officer(t: Trace, role: str) -> str:
    return next(o.holder.uid for o in t.officers if o.role == role)


def _assignee(t: Trace) -> str | None:
    return t.duties[0].assignee.uid if t.duties[0].assignee else None


def _standards(t: Trace) -> list[str]:
    return sorted(s.uid for s in t.standards)


CASES: list[
    tuple[
        str,
        Callable[..., Change],
        tuple[str, ...],
        str,
        Callable[[Trace], object],
        object,
        object,
        dict,
        dict,
    ]
] = [
    (
        "owner",
        assign_owner,
        ("eq-1", "p-m2"),
        "eq-1",
        lambda t: _link(t, "owner"),
        "p-m1",
        "p-m2",
        {"owner": "p-m1"},
        {"owner": "p-m2"},
    ),
    (
        "cell head",
        assign_head,
        ("cell-a", "p-m2"),
        "eq-1",
        lambda t: _link(t, "cell_head"),
        "p-head-a",
        "p-m2",
        {"head": "p-head-a"},
        {"head": "p-m2"},
    ),
    (
        "net head",
        assign_head,
        ("net-l4", "p-m2"),
        "eq-1",
        lambda t: next(x.uid for x in t.chain if x.role == "net_head"),
        "head-net-l4",
        "p-m2",
        {"head": "head-net-l4"},
        {"head": "p-m2"},
    ),
    (
        "lead",
        assign_lead,
        ("mc-a1", "p-m2"),
        "eq-1",
        lambda t: _link(t, "micro_cell_lead"),
        "p-lead-a",
        "p-m2",
        {"lead": "p-lead-a"},
        {"lead": "p-m2"},
    ),
    (
        "member",
        move_member,
        ("p-m1", "mc-b1"),
        "p-m1",
        lambda t: _link(t, "micro_cell"),
        "mc-a1",
        "mc-b1",
        {"micro_cell": "mc-a1"},
        {"micro_cell": "mc-b1"},
    ),
    (
        "officer",
        assign_officer,
        ("cell-a", "mediator", "p-m2"),
        "eq-1",
        lambda t: _officer(t, "mediator"),
        "p-lead-a",
        "p-m2",
        {"officer": "p-lead-a", "role": "mediator"},
        {"officer": "p-m2", "role": "mediator"},
    ),
    (
        "duty",
        assign_duty,
        ("duty-1", "p-m2"),
        "eq-1",
        _assignee,
        "p-m1",
        "p-m2",
        {"assignee": "p-m1"},
        {"assignee": "p-m2"},
    ),
    (
        "add standard",
        add_standard,
        ("eq-1", "st-2"),
        "eq-1",
        _standards,
        ["st-1"],
        ["st-1", "st-2"],
        {"standards": ["st-1"]},
        {"standards": ["st-1", "st-2"]},
    ),
    (
        "withdraw standard",
        withdraw_standard,
        ("eq-1", "st-1"),
        "eq-1",
        _standards,
        ["st-1"],
        [],
        {"standards": ["st-1"]},
        {"standards": []},
    ),
]


@pytest.mark.parametrize(
    ("change", "args", "subject", "read", "old", "new", "before", "after"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_reassignment_keeps_the_old_holder_in_history(
    grid: FalkorDBEngine,
    change: Callable[..., Change],
    args: tuple[str, ...],
    subject: str,
    read: Callable[[Trace], object],
    old: object,
    new: object,
    before: dict,
    after: dict,
) -> None:
    assert read(trace(grid, subject, AFTER)) == old

    result = change(grid, ACTOR, *args, at=AT)

    assert read(trace(grid, subject, BEFORE)) == old
    assert read(trace(grid, subject, AFTER)) == new
    assert (result.before, result.after) == (before, after)
    entry = last_entry(grid, args[0])
    assert entry.uid == result.audit
    assert (entry.actor, entry.request_id, entry.at) == ("admin", "req-1", AT)
    assert (entry.operation, entry.before, entry.after) == (result.operation, before, after)


def test_closed_assignments_stay_beside_the_open_one(grid: FalkorDBEngine) -> None:
    assign_owner(grid, ACTOR, "eq-1", "p-m2", at=AT)
    assign_owner(grid, ACTOR, "eq-1", "p-m1", at=AFTER)
    rows = grid.run(
        "MATCH (:Equipment {uid: $uid})-[r:OWNED_BY]->(p) RETURN p.uid AS p, r.since AS since, "
        "r.until AS until ORDER BY since",
        {"uid": "eq-1"},
    )
    assert [(r["p"], r["until"]) for r in rows] == [("p-m1", AT), ("p-m2", AFTER), ("p-m1", None)]


def test_one_person_may_hold_several_officer_roles_of_a_cell(grid: FalkorDBEngine) -> None:
    assign_officer(grid, ACTOR, "cell-a", "propagandist", "p-lead-a", at=AT)
    officers = trace(grid, "eq-1", AFTER).officers
    assert {(o.role, o.holder.uid) for o in officers} == {
        ("mediator", "p-lead-a"),
        ("propagandist", "p-lead-a"),
    }


@pytest.mark.parametrize(
    ("change", "args", "field", "message"),
    [
        (assign_owner, ("eq-1", "p-m1"), "person", "already holds"),
        (move_member, ("p-m1", "mc-a1"), "micro_cell", "already holds"),
        (assign_officer, ("cell-a", "mediator", "p-lead-a"), "person", "already holds"),
        (add_standard, ("eq-1", "st-1"), "standard", "already holds"),
        (withdraw_standard, ("eq-1", "st-2"), "standard", "not in force"),
        (assign_owner, ("eq-1", "cell-a"), "person", "no Person"),
        (assign_owner, ("eq-1", "p-404"), "person", "no Person"),
        (assign_head, ("cell-a", "mc-a1"), "person", "no Person"),
        (move_member, ("p-m1", "cell-a"), "micro_cell", "no MicroCell"),
        (assign_officer, ("cell-a", "chief", "p-m1"), "role", "not one of"),
        (add_standard, ("eq-1", "st-404"), "standard", "no Standard"),
    ],
)
def test_refused_reassignments_name_the_field_and_write_nothing(
    grid: FalkorDBEngine,
    change: Callable[..., Change],
    args: tuple[str, ...],
    field: str,
    message: str,
) -> None:
    before = fingerprint(grid)
    with pytest.raises(ValidationError) as exc:
        change(grid, ACTOR, *args, at=AT)
    assert [e.field for e in exc.value.errors] == [field]
    assert message in str(exc.value)
    assert fingerprint(grid) == before


def test_the_subject_must_exist_and_be_of_a_kind_that_holds_the_post(
    grid: FalkorDBEngine,
) -> None:
    before = fingerprint(grid)
    for change, args in [
        (assign_owner, ("eq-404", "p-m1")),
        (assign_owner, ("cell-a", "p-m1")),  # cells have heads, not owners
        (assign_head, ("mc-a1", "p-m1")),
        (assign_duty, ("eq-1", "p-m1")),
    ]:
        with pytest.raises(NotFoundError):
            change(grid, ACTOR, *args, at=AT)
    assert fingerprint(grid) == before


def test_retired_holders_and_subjects_are_refused(grid: FalkorDBEngine) -> None:
    retire(grid, ACTOR, "Person", "p-m3", "left", at=AT)
    retire(grid, ACTOR, "Area", "area-1", "demolished", at=AT)
    before = fingerprint(grid)
    with pytest.raises(ValidationError, match="retired"):
        assign_owner(grid, ACTOR, "eq-1", "p-m3", at=AFTER)
    with pytest.raises(ValidationError, match="retired"):
        assign_owner(grid, ACTOR, "area-1", "p-m1", at=AFTER)
    assert fingerprint(grid) == before


def test_a_change_cannot_close_an_assignment_before_it_began(grid: FalkorDBEngine) -> None:
    before = fingerprint(grid)
    with pytest.raises(ValidationError) as exc:
        assign_owner(grid, ACTOR, "eq-1", "p-m2", at="2022-12-31")
    assert [e.field for e in exc.value.errors] == ["at"]
    assert fingerprint(grid) == before


def test_the_guard_refuses_a_reassignment_when_the_holder_changed_meanwhile(
    grid: FalkorDBEngine,
) -> None:
    # Someone else hands eq-1 to p-m3 between this change's read and its write.
    racing = Meanwhile(
        grid,
        "MATCH (o:Equipment {uid: $uid})-[r:OWNED_BY]->() SET r.until = $at "
        "WITH o MATCH (p:Person {uid: $p}) CREATE (o)-[:OWNED_BY {since: $at}]->(p)",
        {"uid": "eq-1", "p": "p-m3", "at": AT},
    )
    with pytest.raises(ConflictError, match="eq-1"):
        assign_owner(racing, ACTOR, "eq-1", "p-m2", at=AT)  # type: ignore[arg-type]
    assert _link(trace(grid, "eq-1", AFTER), "owner") == "p-m3"
    assert history(grid, "eq-1") == []
