"""create / update / retire: validated first, one guarded statement, its own audit entry."""

from __future__ import annotations

import pytest

from graph.errors import ConflictError, NotFoundError, ValidationError
from graph.falkordb_engine import FalkorDBEngine
from graph.schema import node_spec
from queries.accountability import trace
from queries.audit import by_actor, history
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
from writes.audit import Actor
from writes.changes import create, retire, update

PUMP = {"uid": "eq-9", "name": "分离器", "category": "separator", "tag": "S-9"}


@pytest.fixture
def grid(engine: FalkorDBEngine) -> FalkorDBEngine:
    build_grid(engine)
    return engine


def _search(engine: FalkorDBEngine, uid: str) -> str:
    return engine.run("MATCH (n {uid: $uid}) RETURN n.search AS s", {"uid": uid})[0]["s"]


def _fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.field for e in exc.value.errors}


def test_create_writes_the_node_at_revision_1_with_its_audit_entry(grid: FalkorDBEngine) -> None:
    change = create(grid, ACTOR, "Equipment", PUMP, at=AT)

    assert change.props == PUMP | {"rev": 1}
    assert "分离" in _search(grid, "eq-9")
    entry = last_entry(grid, "eq-9")
    assert entry.uid == change.audit
    assert (entry.actor, entry.request_id, entry.operation, entry.at) == (
        "admin",
        "req-1",
        "create",
        AT,
    )
    assert (entry.target, entry.target_kind, entry.before, entry.after) == (
        "eq-9",
        "Equipment",
        None,
        PUMP,
    )
    assert [e.uid for e in by_actor(grid, "admin")] == [change.audit]


def test_create_reports_every_bad_field_at_once_and_writes_nothing(grid: FalkorDBEngine) -> None:
    before = fingerprint(grid)
    bad = {"uid": "eq-9", "name": "x" * 201, "category": "rocket", "colour": "red"}
    with pytest.raises(ValidationError) as exc:
        create(grid, ACTOR, "Equipment", bad, at=AT)
    assert _fields(exc) == {"name", "category", "colour"}
    assert "rocket" in str(exc.value) and "at most 200" in str(exc.value)
    assert fingerprint(grid) == before


@pytest.mark.parametrize(
    ("label", "props", "field"),
    [
        ("Equipment", PUMP | {"uid": "cell-a"}, "uid"),  # a Cell's uid: unique across kinds
        (
            "Person",
            {"uid": "p-new", "employee_no": "E-p-m1", "name": "n", "party_member": "no"},
            "employee_no",
        ),
        ("Net", {"uid": "n-5", "name": "n", "level": 5, "kind": "fortress"}, "level"),
        ("Net", {"uid": "n-4", "name": "n", "level": 4, "kind": "navigator"}, "kind"),
        ("Equipment", PUMP | {"retired_at": AT}, "retired_at"),
        ("Equipment", PUMP | {"search": "x"}, "search"),
        ("AuditEntry", {"uid": "a-1"}, "label"),
        ("User", {"uid": "u-1"}, "label"),
        ("HealthRecord", {"uid": "h-1"}, "label"),
        ("Rocket", {"uid": "r-1"}, "label"),
    ],
)
def test_create_refuses(grid: FalkorDBEngine, label: str, props: dict, field: str) -> None:
    before = fingerprint(grid)
    with pytest.raises(ValidationError) as exc:
        create(grid, ACTOR, label, props, at=AT)
    assert field in _fields(exc)
    assert fingerprint(grid) == before


def test_update_changes_only_the_given_fields_clears_none_and_bumps_rev(
    grid: FalkorDBEngine,
) -> None:
    create(grid, ACTOR, "Equipment", PUMP, at=AT)

    change = update(grid, ACTOR, "Equipment", "eq-9", {"name": "分离器1#", "tag": None}, rev=1)

    assert change.props["rev"] == 2 and "tag" not in change.props
    assert change.props["name"] == "分离器1#" and change.props["category"] == "separator"
    # the derived search tokens follow the new name and the cleared tag
    assert _search(grid, "eq-9") == node_spec("Equipment").search_tokens({"name": "分离器1#"})
    assert (change.before, change.after) == (
        {"name": "分离器", "tag": "S-9"},
        {"name": "分离器1#", "tag": None},
    )
    entry = last_entry(grid, "eq-9")
    assert (entry.operation, entry.before, entry.after) == ("update", change.before, change.after)


def test_seeded_nodes_count_as_revision_0(grid: FalkorDBEngine) -> None:
    change = update(grid, ACTOR, "Equipment", "eq-1", {"tag": "V-1"}, rev=0, at=AT)
    assert change.props["rev"] == 1


def test_an_update_that_changes_nothing_writes_nothing(grid: FalkorDBEngine) -> None:
    before = fingerprint(grid)
    change = update(grid, ACTOR, "Equipment", "eq-1", {"name": "eq-1", "uid": "eq-1"}, at=AT)
    assert change.audit is None and change.after is None
    assert fingerprint(grid) == before


@pytest.mark.parametrize(
    ("label", "uid", "patch", "fields"),
    [
        ("Equipment", "eq-1", {"name": None, "category": ""}, {"name", "category"}),
        ("Equipment", "eq-1", {"uid": "eq-2"}, {"uid"}),
        (
            "Equipment",
            "eq-1",
            {"retired_at": AT, "retired_reason": "x"},
            {"retired_at", "retired_reason"},
        ),
        (
            "Equipment",
            "eq-1",
            {"category": "rocket", "commissioned_on": "soon"},
            {"category", "commissioned_on"},
        ),
        ("Net", "net-l4", {"level": 3, "kind": "strong_base"}, {"level"}),
        ("Net", "net-l4", {"kind": "navigator"}, {"kind"}),
        ("Person", "p-m1", {"employee_no": "E-p-m2"}, {"employee_no"}),
        ("Person", "p-m1", {"party_member": "perhaps"}, {"party_member"}),
    ],
)
def test_update_refuses(
    grid: FalkorDBEngine, label: str, uid: str, patch: dict, fields: set[str]
) -> None:
    before = fingerprint(grid)
    with pytest.raises(ValidationError) as exc:
        update(grid, ACTOR, label, uid, patch, at=AT)
    assert _fields(exc) == fields
    assert fingerprint(grid) == before


def test_update_of_an_unknown_uid_or_the_wrong_label_is_not_found(grid: FalkorDBEngine) -> None:
    with pytest.raises(NotFoundError):
        update(grid, ACTOR, "Equipment", "eq-404", {"tag": "x"}, at=AT)
    with pytest.raises(NotFoundError):
        update(grid, ACTOR, "Area", "eq-1", {"kind": "x"}, at=AT)


def test_a_stale_revision_is_a_conflict_and_nothing_is_written(grid: FalkorDBEngine) -> None:
    update(grid, ACTOR, "Equipment", "eq-1", {"tag": "V-1"}, rev=0, at=AT)
    before = fingerprint(grid)
    with pytest.raises(ConflictError, match="revision 0 is stale"):
        update(grid, ACTOR, "Equipment", "eq-1", {"tag": "V-2"}, rev=0, at=AT)
    assert fingerprint(grid) == before


def test_the_guard_refuses_a_write_based_on_a_read_that_went_stale(grid: FalkorDBEngine) -> None:
    # Another user's update lands between this change's read and its write.
    racing = Meanwhile(
        grid,
        "MATCH (n:Equipment {uid: $uid}) SET n.rev = 1, n.tag = $tag",
        {"uid": "eq-1", "tag": "theirs"},
    )
    with pytest.raises(ConflictError, match="eq-1"):
        update(racing, ACTOR, "Equipment", "eq-1", {"tag": "mine"}, at=AT)  # type: ignore[arg-type]
    props = grid.run("MATCH (n {uid: $uid}) RETURN n", {"uid": "eq-1"})[0]["n"]
    assert props["tag"] == "theirs"
    assert history(grid, "eq-1") == []


def test_retire_closes_every_open_assignment_in_both_directions(grid: FalkorDBEngine) -> None:
    # p-m1 owns eq-1 and rp-1 (incoming), is a member of mc-a1 and duty-1's assignee.
    change = retire(grid, ACTOR, "Person", "p-m1", "left the company", at=AT)

    assert change.props["retired_at"] == AT
    assert change.props["retired_reason"] == "left the company"
    assert change.props["rev"] == 1
    closed = change.before["open_assignments"]  # type: ignore[index]
    assert {(c["type"], c["other"]) for c in closed} == {
        ("OWNED_BY", "eq-1"),
        ("OWNED_BY", "rp-1"),
        ("MEMBER_OF", "mc-a1"),
        ("ASSIGNED_TO", "duty-1"),
    }
    open_rows = grid.run(
        "MATCH (p:Person {uid: $uid})-[r]-() WHERE r.until IS NULL AND r.since IS NOT NULL "
        "RETURN count(r) AS n",
        {"uid": "p-m1"},
    )
    assert open_rows[0]["n"] == 0
    kept = grid.run("MATCH (:Person {uid: $uid})-[r]-() RETURN count(r) AS n", {"uid": "p-m1"})
    assert kept[0]["n"] == 4  # closed, never deleted
    assert trace(grid, "eq-1", BEFORE).chain[1].uid == "p-m1"
    assert [link.role for link in trace(grid, "eq-1", AFTER).chain][1] != "owner"
    entry = last_entry(grid, "p-m1")
    assert (entry.operation, entry.after) == ("retire", change.after)


def test_retiring_twice_is_an_error_and_changes_nothing(grid: FalkorDBEngine) -> None:
    retire(grid, ACTOR, "Cell", "cell-b", "merged by hand", at=AT)
    before = fingerprint(grid)
    with pytest.raises(ValidationError, match="already retired"):
        retire(grid, ACTOR, "Cell", "cell-b", "again", at=AFTER)
    with pytest.raises(ValidationError, match="retired"):
        update(grid, ACTOR, "Cell", "cell-b", {"name": "x"}, at=AFTER)
    assert fingerprint(grid) == before


def test_retire_refuses_a_bad_reason_a_stale_rev_and_an_instant_before_the_assignments(
    grid: FalkorDBEngine,
) -> None:
    before = fingerprint(grid)
    with pytest.raises(ValidationError) as exc:
        retire(grid, ACTOR, "Cell", "cell-a", "x" * 501, at=AT)
    assert _fields(exc) == {"reason"}
    with pytest.raises(ValidationError) as exc:
        retire(grid, ACTOR, "Cell", "cell-a", " ", at=AT)
    assert _fields(exc) == {"reason"}
    with pytest.raises(ConflictError):
        retire(grid, ACTOR, "Cell", "cell-a", "closed", rev=3, at=AT)
    with pytest.raises(ValidationError) as exc:
        retire(grid, ACTOR, "Cell", "cell-a", "closed", at="2020-01-01")
    assert _fields(exc) == {"at"}
    assert fingerprint(grid) == before


def test_bad_instants_and_actors_are_refused_before_anything_runs(grid: FalkorDBEngine) -> None:
    before = fingerprint(grid)
    with pytest.raises(ValidationError) as exc:
        update(grid, ACTOR, "Equipment", "eq-1", {"tag": "x"}, at="yesterday")
    assert _fields(exc) == {"at"}
    with pytest.raises(ValidationError) as exc:
        update(grid, Actor("x" * 65), "Equipment", "eq-1", {"tag": "x"}, at=AT)
    assert _fields(exc) == {"actor.actor"}
    assert fingerprint(grid) == before


def test_changes_without_an_instant_happen_now(grid: FalkorDBEngine) -> None:
    change = update(grid, ACTOR, "Equipment", "eq-1", {"tag": "V-1"})
    assert last_entry(grid, "eq-1").at[:2] == "20" and change.audit
