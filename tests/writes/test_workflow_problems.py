"""The problem life cycle on a real embedded graph: report → accept → escalate → resolve →
close, every illegal transition refused with its exact error and nothing written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graph.engine import Engine
from graph.errors import ConflictError, NotFoundError, ValidationError
from graph.falkordb_engine import FalkorDBEngine
from queries.audit import history
from tests.graph_state import fingerprint
from tests.queries.factories import (
    add_cell,
    add_net_chain,
    add_object,
    add_people,
    add_problem,
    link,
    replace_head,
)
from writes.audit import Actor
from writes.workflows import monthly_problem_tally, problems
from writes.workflows.common import apply, read_state

ADMIN = Actor("admin", request_id="req-1")
DAY = "2026-03-01"


def build_grid(engine: Engine) -> None:
    """net-l2 ← net-l3 ← net-l4 ← cell-1 (head-cell-1) with a red risk point rp-1, five
    people, and cell-lost in no net."""
    chain = add_net_chain(engine, "net")
    add_cell(engine, "cell-1", net=chain.l4, head="head-cell-1")
    add_cell(engine, "cell-lost", net=None, head="head-cell-lost")
    add_people(engine, ["p-reporter", "p-handler", "p-owner", "p-verifier", "p-other"])
    add_object(engine, "RiskPoint", "rp-1", cell="cell-1", grade="red")


def problem(engine: Engine, uid: str) -> dict[str, Any]:
    return engine.run("MATCH (p:Problem {uid: $uid}) RETURN p", {"uid": uid})[0]["p"]


def escalations(engine: Engine, uid: str) -> list[tuple[str, str, str | None]]:
    rows = engine.run(
        "MATCH (:GridNode {uid: $uid})-[e:ESCALATED_TO]->(n:Net) "
        "RETURN n.uid AS net, e.since AS since, e.until AS until ORDER BY since",
        {"uid": uid},
    )
    return [(r["net"], r["since"], r["until"]) for r in rows]


@pytest.fixture
def grid(engine: FalkorDBEngine) -> FalkorDBEngine:
    build_grid(engine)
    return engine


def report(engine: Engine, uid: str = "pb-1", **kwargs: Any) -> problems.Change:
    values: dict[str, Any] = {
        "cell": "cell-1",
        "title": "阀门渗漏",
        "category": "safety",
        "reporter": "p-reporter",
        "at": DAY,
    }
    return problems.report(engine, ADMIN, uid=uid, **(values | kwargs))


def test_the_whole_life_cycle_with_its_audit_trail(grid: FalkorDBEngine) -> None:
    change = report(grid)
    assert change.operation == "problem.report" and change.followed_by is None
    stored = problem(grid, "pb-1")
    assert (stored["status"], stored["scale"], stored["reported_on"]) == (
        "reported",
        "small",
        DAY,
    )
    assert stored["anonymous"] is False
    reporter = grid.run("MATCH (:Problem)-[:REPORTED_BY]->(p) RETURN p.uid AS uid")
    assert reporter == [{"uid": "p-reporter"}]

    problems.accept(grid, ADMIN, uid="pb-1", owner="p-handler", at="2026-03-02")
    resolved = problems.resolve(
        grid, ADMIN, uid="pb-1", resolution="更换密封圈", at="2026-03-03T09:30:00Z"
    )
    assert resolved.after["resolved_at"] == "cell-1" and resolved.after["level"] == "cell"
    problems.close(grid, ADMIN, uid="pb-1", by_person="head-cell-1", at="2026-03-04")

    stored = problem(grid, "pb-1")
    assert stored["status"] == "closed"
    assert (stored["resolved_on"], stored["resolution"]) == ("2026-03-03", "更换密封圈")
    assert stored["rev"] == 4
    owners = grid.run("MATCH (:Problem)-[o:OWNED_BY]->(p) RETURN p.uid AS uid, o.since AS since")
    assert owners == [{"uid": "p-handler", "since": "2026-03-02T00:00:00Z"}]
    entries = list(reversed(history(grid, "pb-1")))
    assert [e.operation for e in entries] == [
        "problem.report",
        "problem.accept",
        "problem.resolve",
        "problem.close",
    ]
    assert {(e.actor, e.request_id, e.target_kind) for e in entries} == {
        ("admin", "req-1", "Problem")
    }
    assert entries[0].before is None and entries[0].after is not None
    assert entries[0].after["reporter"] == "p-reporter"
    assert entries[1].before == {"status": "reported", "owner": None}
    assert entries[1].after == {"status": "accepted", "owner": "p-handler"}
    assert entries[3].after == {"status": "closed", "closed_by": "head-cell-1"}
    assert [e.at for e in entries] == [
        "2026-03-01T00:00:00Z",
        "2026-03-02T00:00:00Z",
        "2026-03-03T09:30:00Z",
        "2026-03-04T00:00:00Z",
    ]


def test_an_anonymous_report_keeps_no_reporter_link(grid: FalkorDBEngine) -> None:
    change = report(grid, reporter=None, anonymous=True)
    assert "reporter" not in change.after
    assert problem(grid, "pb-1")["anonymous"] is True
    assert grid.run("MATCH (:Problem)-[r:REPORTED_BY]->() RETURN count(r) AS n") == [{"n": 0}]
    entry = history(grid, "pb-1")[0]
    assert entry.after is not None and "reporter" not in entry.after


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"reporter": "p-reporter", "anonymous": True},
            "Problem: reporter: an anonymous report names no reporter",
        ),
        ({"reporter": None}, "Problem: reporter: is required unless the report is anonymous"),
        (
            {"category": "gossip", "scale": "huge"},
            "Problem: category: 'gossip' is not one of: safety, production, livelihood, "
            "stability, suggestion, environment; scale: 'huge' is not one of: small, big",
        ),
        ({"title": ""}, "Problem: title: is required"),
        ({"uid": "rp-1"}, "Problem: uid: 'rp-1' is already in use"),
        ({"at": "yesterday"}, "workflow: at: 'yesterday' is not an ISO-8601 date or date-time"),
    ],
)
def test_a_bad_report_is_refused_and_writes_nothing(
    grid: FalkorDBEngine, kwargs: dict[str, Any], message: str
) -> None:
    before = fingerprint(grid)
    values = dict(kwargs)
    uid = values.pop("uid", "pb-1")
    with pytest.raises(ValidationError) as caught:
        report(grid, uid, **values)
    assert str(caught.value) == message
    assert fingerprint(grid) == before


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cell": "cell-x"}, "no Cell with uid 'cell-x'"),
        ({"reporter": "p-nobody"}, "no Person with uid 'p-nobody'"),
    ],
)
def test_a_report_naming_nobody_is_not_found(
    grid: FalkorDBEngine, kwargs: dict[str, Any], message: str
) -> None:
    before = fingerprint(grid)
    with pytest.raises(NotFoundError, match=message):
        report(grid, **kwargs)
    assert fingerprint(grid) == before


def test_a_big_problem_goes_straight_to_the_level_4_net(grid: FalkorDBEngine) -> None:
    change = report(grid, scale="big")
    assert change.followed_by is not None and change.last.operation == "problem.escalate"
    assert problem(grid, "pb-1")["status"] == "escalated"
    assert escalations(grid, "pb-1") == [("net-l4", "2026-03-01T00:00:00Z", None)]
    escalation = history(grid, "pb-1")[0]
    assert escalation.operation == "problem.escalate"
    assert escalation.after == {
        "status": "escalated",
        "escalated_to": "net-l4",
        "level": "level-4",
        "reason": problems.BIG_MATTER,
    }


def test_escalation_climbs_every_level_and_keeps_the_history(grid: FalkorDBEngine) -> None:
    report(grid)
    problems.accept(grid, ADMIN, uid="pb-1", owner="p-handler", at="2026-03-02")
    first = problems.escalate(grid, ADMIN, uid="pb-1", reason="需要全网联动", at="2026-03-03")
    assert first.before == {
        "status": "accepted",
        "scale": "small",
        "escalated_to": None,
        "level": "cell",
    }
    assert first.after["scale"] == "big"
    problems.escalate(grid, ADMIN, uid="pb-1", reason="大队协调", at="2026-03-05")
    problems.escalate(grid, ADMIN, uid="pb-1", reason="公司协调", at="2026-03-09")
    assert escalations(grid, "pb-1") == [
        ("net-l4", "2026-03-03T00:00:00Z", "2026-03-05T00:00:00Z"),
        ("net-l3", "2026-03-05T00:00:00Z", "2026-03-09T00:00:00Z"),
        ("net-l2", "2026-03-09T00:00:00Z", None),
    ]
    before = fingerprint(grid)
    with pytest.raises(ValidationError) as caught:
        problems.escalate(grid, ADMIN, uid="pb-1", reason="更高", at="2026-03-10")
    assert str(caught.value) == (
        "Problem pb-1: escalated_to: is at the level-2 net net-l2, which has no net above it"
    )
    assert fingerprint(grid) == before

    resolved = problems.resolve(grid, ADMIN, uid="pb-1", resolution="公司协调解决", at="2026-03-12")
    assert resolved.after["resolved_at"] == "net-l2" and resolved.after["level"] == "level-2"
    assert escalations(grid, "pb-1")[-1] == (
        "net-l2",
        "2026-03-09T00:00:00Z",
        "2026-03-12T00:00:00Z",
    )
    operations = [e.operation for e in history(grid, "pb-1")]
    assert operations.count("problem.escalate") == 3


def _reported(engine: Engine) -> None:
    report(engine)


def _accepted(engine: Engine) -> None:
    report(engine)
    problems.accept(engine, ADMIN, uid="pb-1", owner="p-handler", at=DAY)


def _resolved(engine: Engine) -> None:
    _accepted(engine)
    problems.resolve(engine, ADMIN, uid="pb-1", resolution="已处理", at=DAY)


def _closed(engine: Engine) -> None:
    _resolved(engine)
    problems.close(engine, ADMIN, uid="pb-1", by_person="head-cell-1", at=DAY)


SETUPS: dict[str, Callable[[Engine], None]] = {
    "reported": _reported,
    "accepted": _accepted,
    "resolved": _resolved,
    "closed": _closed,
}
ACTIONS: dict[str, Callable[[Engine], Any]] = {
    "accept": lambda e: problems.accept(e, ADMIN, uid="pb-1", owner="p-other", at=DAY),
    "escalate": lambda e: problems.escalate(e, ADMIN, uid="pb-1", reason="升级", at=DAY),
    "resolve": lambda e: problems.resolve(e, ADMIN, uid="pb-1", resolution="好", at=DAY),
    "close": lambda e: problems.close(e, ADMIN, uid="pb-1", by_person="head-cell-1", at=DAY),
}
ILLEGAL = [
    (
        "reported",
        "resolve",
        "cannot resolve a problem that is 'reported' (resolve leads to 'resolved' and needs "
        "'accepted' or 'escalated'); from 'reported' allowed: accept → 'accepted', "
        "escalate → 'escalated'",
    ),
    (
        "reported",
        "close",
        "cannot close a problem that is 'reported' (close leads to 'closed' and needs "
        "'resolved'); from 'reported' allowed: accept → 'accepted', escalate → 'escalated'",
    ),
    (
        "accepted",
        "accept",
        "cannot accept a problem that is 'accepted' (accept leads to 'accepted' and needs "
        "'reported'); from 'accepted' allowed: escalate → 'escalated', resolve → 'resolved'",
    ),
    (
        "accepted",
        "close",
        "cannot close a problem that is 'accepted' (close leads to 'closed' and needs "
        "'resolved'); from 'accepted' allowed: escalate → 'escalated', resolve → 'resolved'",
    ),
    (
        "resolved",
        "accept",
        "cannot accept a problem that is 'resolved' (accept leads to 'accepted' and needs "
        "'reported'); from 'resolved' allowed: close → 'closed'",
    ),
    (
        "resolved",
        "escalate",
        "cannot escalate a problem that is 'resolved' (escalate leads to 'escalated' and "
        "needs 'reported' or 'accepted' or 'escalated'); from 'resolved' allowed: "
        "close → 'closed'",
    ),
    (
        "resolved",
        "resolve",
        "cannot resolve a problem that is 'resolved' (resolve leads to 'resolved' and needs "
        "'accepted' or 'escalated'); from 'resolved' allowed: close → 'closed'",
    ),
    *[
        (
            "closed",
            action,
            f"cannot {action} a problem that is 'closed' ({action} leads to '{target}' and "
            f"needs {needs}); from 'closed' allowed: nothing (it is final)",
        )
        for action, target, needs in [
            ("accept", "accepted", "'reported'"),
            ("escalate", "escalated", "'reported' or 'accepted' or 'escalated'"),
            ("resolve", "resolved", "'accepted' or 'escalated'"),
            ("close", "closed", "'resolved'"),
        ]
    ],
]


@pytest.mark.parametrize(("state", "action", "message"), ILLEGAL, ids=lambda v: str(v)[:20])
def test_every_illegal_transition_is_refused_and_writes_nothing(
    grid: FalkorDBEngine, state: str, action: str, message: str
) -> None:
    SETUPS[state](grid)
    before = fingerprint(grid)
    with pytest.raises(ValidationError) as caught:
        ACTIONS[action](grid)
    assert str(caught.value) == f"Problem pb-1: status: {message}"
    assert caught.value.errors[0].field == "status"
    assert fingerprint(grid) == before


def test_every_illegal_pair_of_the_table_is_tested() -> None:
    legal = {(s, a) for a, step in problems.PROBLEM.steps.items() for s in step.sources}
    every = {(s, a) for s in SETUPS for a in ACTIONS}
    assert {(s, a) for s, a, _ in ILLEGAL} == every - legal


def test_only_the_head_of_the_cell_now_may_close(grid: FalkorDBEngine) -> None:
    _resolved(grid)
    replace_head(grid, "Cell", "cell-1", old="head-cell-1", new="p-other", on="2026-02-01")
    before = fingerprint(grid)
    for person in ("head-cell-1", "p-reporter", "head-net-l4"):
        with pytest.raises(ValidationError) as caught:
            problems.close(grid, ADMIN, uid="pb-1", by_person=person, at=DAY)
        assert str(caught.value) == (
            f"Problem pb-1: by_person: {person} is not the head of cell cell-1 (head now: "
            "p-other); only the cell head verifies and closes a problem"
        )
    with pytest.raises(NotFoundError, match="no Person with uid 'p-ghost'"):
        problems.close(grid, ADMIN, uid="pb-1", by_person="p-ghost", at=DAY)
    assert fingerprint(grid) == before
    problems.close(grid, ADMIN, uid="pb-1", by_person="p-other", at=DAY)
    assert problem(grid, "pb-1")["status"] == "closed"


def test_unknown_problem_and_unknown_owner(grid: FalkorDBEngine) -> None:
    with pytest.raises(NotFoundError, match="no Problem with uid 'pb-x'"):
        problems.accept(grid, ADMIN, uid="pb-x", owner="p-handler")
    report(grid)
    with pytest.raises(NotFoundError, match="no Person with uid 'p-x'"):
        problems.accept(grid, ADMIN, uid="pb-1", owner="p-x", at=DAY)
    with pytest.raises(NotFoundError, match="no Problem with uid 'rp-1'"):
        problems.resolve(grid, ADMIN, uid="rp-1", resolution="x", at=DAY)


def test_a_resolution_is_required_and_time_does_not_run_backwards(grid: FalkorDBEngine) -> None:
    _accepted(grid)
    before = fingerprint(grid)
    with pytest.raises(ValidationError, match="Problem pb-1: resolution: is required"):
        problems.resolve(grid, ADMIN, uid="pb-1", resolution=" ", at=DAY)
    with pytest.raises(ValidationError) as caught:
        problems.escalate(grid, ADMIN, uid="pb-1", reason="升级", at="2026-02-27")
    assert str(caught.value) == (
        "Problem pb-1: at: 2026-02-27T00:00:00Z is before the problem's last change "
        "(2026-03-01T00:00:00Z)"
    )
    assert fingerprint(grid) == before


def test_a_stale_read_is_a_conflict_and_writes_nothing(grid: FalkorDBEngine) -> None:
    report(grid)
    stale = read_state(grid, "Problem", "pb-1", "2026-03-02T00:00:00Z")
    problems.accept(grid, ADMIN, uid="pb-1", owner="p-handler", at="2026-03-02")
    before = fingerprint(grid)
    with pytest.raises(ConflictError) as caught:
        apply(
            grid,
            ADMIN,
            stale,
            operation="problem.accept",
            statement=problems.ACCEPT,
            status=stale.status,
            changes={"status": "accepted"},
            at="2026-03-02T00:00:00Z",
            params={"owner": "p-other"},
        )
    assert str(caught.value) == (
        "Problem 'pb-1' was not changed: it is no longer as read (status 'reported', "
        "problem.accept); read it again"
    )
    assert fingerprint(grid) == before


def test_the_monthly_tally(grid: FalkorDBEngine) -> None:
    add_problem(
        grid,
        "pb-old",
        cell="cell-1",
        status="resolved",
        reported_on="2026-01-20",
        resolved_on="2026-02-03",
    )
    report(grid, "pb-small", at="2026-02-02")
    problems.accept(grid, ADMIN, uid="pb-small", owner="p-handler", at="2026-02-02")
    problems.resolve(grid, ADMIN, uid="pb-small", resolution="格内解决", at="2026-02-05")
    problems.close(grid, ADMIN, uid="pb-small", by_person="head-cell-1", at="2026-03-01")
    report(grid, "pb-big", scale="big", at="2026-02-10")
    problems.resolve(grid, ADMIN, uid="pb-big", resolution="网格联动", at="2026-02-20")
    report(grid, "pb-late", at="2026-02-27")
    problems.escalate(grid, ADMIN, uid="pb-late", reason="升级", at="2026-03-02")
    report(grid, "pb-elsewhere", cell="cell-lost", at="2026-02-11")

    tally = monthly_problem_tally(grid, "cell-1", "2026-02")
    assert tally.to_json() == {
        "cell": "cell-1",
        "month": "2026-02",
        "reported": 3,
        "resolved_in_cell": 2,
        "resolved_by_net": 1,
        "escalated": 1,
        "closed": 1,
        "open": 1,
    }
    march = monthly_problem_tally(grid, "cell-1", "2026-03")
    assert (march.reported, march.escalated, march.resolved_in_cell) == (0, 1, 0)
    empty = monthly_problem_tally(grid, "cell-lost", "2025-12")
    assert (empty.reported, empty.closed) == (0, 0)
    with pytest.raises(ValidationError, match=r"tally: month: '2026-13' is not a month"):
        monthly_problem_tally(grid, "cell-1", "2026-13")
    with pytest.raises(NotFoundError, match="no Cell with uid 'cell-x'"):
        monthly_problem_tally(grid, "cell-x", "2026-02")


def test_a_loaded_problem_without_a_trail_follows_the_same_table(grid: FalkorDBEngine) -> None:
    """A problem loaded by the seed or a ledger (no rev, no audit entry yet) changes alike."""
    add_problem(grid, "pb-seeded", cell="cell-1", status="accepted", reported_on="2026-01-05")
    link(grid, "Problem", "OWNED_BY", "Person", "pb-seeded", "p-handler", since="2026-01-05")
    problems.resolve(grid, ADMIN, uid="pb-seeded", resolution="已处理", at=DAY)
    assert problem(grid, "pb-seeded")["rev"] == 1
    assert [e.operation for e in history(grid, "pb-seeded")] == ["problem.resolve"]


def retire(engine: Engine, uid: str, at: str = "2026-02-01T00:00:00Z") -> None:
    """Mark a node retired as the change workflow does (its links are left alone here)."""
    engine.run("MATCH (n:GridNode {uid: $uid}) SET n.retired_at = $at", {"uid": uid, "at": at})


def test_retired_nodes_are_history_not_workflow(grid: FalkorDBEngine) -> None:
    report(grid)
    retire(grid, "p-handler")
    retire(grid, "cell-lost")
    before = fingerprint(grid)
    with pytest.raises(ValidationError) as caught:
        problems.accept(grid, ADMIN, uid="pb-1", owner="p-handler", at=DAY)
    assert str(caught.value) == (
        "Problem pb-1: owner: p-handler is retired since 2026-02-01T00:00:00Z; retired nodes "
        "are not changed"
    )
    with pytest.raises(ValidationError, match="Problem: cell: cell-lost is retired since"):
        report(grid, "pb-2", cell="cell-lost")
    retire(grid, "pb-1")
    with pytest.raises(ValidationError, match="Problem: uid: pb-1 is retired since"):
        problems.accept(grid, ADMIN, uid="pb-1", owner="p-other", at=DAY)
    grid.run("MATCH (n:GridNode {uid: $uid}) REMOVE n.retired_at", {"uid": "pb-1"})
    assert fingerprint(grid) == before
