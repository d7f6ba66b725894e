"""Escalation by deadline with a controllable clock: a problem reported on day 0 stays at
its cell through day 3, reaches the level-4 net on day 4, level 3 after more than 7 days
there, level 2 after more than 15 at level 3; big ones go at once; solved ones never move;
a run is idempotent for its day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from graph.errors import ValidationError
from graph.falkordb_engine import FalkorDBEngine
from queries.audit import by_actor, history
from tests.graph_state import fingerprint
from tests.queries.factories import add_hazard, add_problem
from tests.writes.test_workflow_problems import build_grid, escalations
from writes.audit import SYSTEM, Actor
from writes.workflows import escalate_overdue, hazards, problems

CRON = Actor(SYSTEM)
DAY0 = date(2026, 3, 1)


def on(day: int) -> str:
    return (DAY0 + timedelta(days=day)).isoformat()


def stamp(day: int) -> str:
    return f"{on(day)}T00:00:00Z"


@pytest.fixture
def grid(engine: FalkorDBEngine) -> FalkorDBEngine:
    build_grid(engine)
    return engine


def moved(grid: FalkorDBEngine, day: int) -> list[tuple[str, str, int]]:
    report = escalate_overdue(grid, CRON, today=on(day))
    return [(m.uid, m.source, m.target_level) for m in report.moved]


def test_a_problem_climbs_by_deadline_and_a_run_is_idempotent(grid: FalkorDBEngine) -> None:
    problems.report(
        grid,
        Actor("p-reporter"),
        uid="pb-1",
        cell="cell-1",
        title="井场围栏破损",
        category="safety",
        reporter="p-reporter",
        at=on(0),
    )
    assert moved(grid, 2) == []
    assert moved(grid, 3) == []
    assert moved(grid, 4) == [("pb-1", "cell-1", 4)]
    before = fingerprint(grid)
    assert moved(grid, 4) == []
    assert fingerprint(grid) == before
    assert moved(grid, 4 + 7) == []
    assert moved(grid, 4 + 8) == [("pb-1", "net-l4", 3)]
    assert moved(grid, 12 + 15) == []
    assert moved(grid, 12 + 16) == [("pb-1", "net-l3", 2)]
    assert moved(grid, 200) == []

    assert escalations(grid, "pb-1") == [
        ("net-l4", stamp(4), stamp(12)),
        ("net-l3", stamp(12), stamp(28)),
        ("net-l2", stamp(28), None),
    ]
    stored = grid.run("MATCH (p:Problem) RETURN p.status AS s, p.scale AS scale")
    assert stored == [{"s": "escalated", "scale": "small"}]
    entries = [e for e in history(grid, "pb-1") if e.operation == "problem.escalate"]
    assert [(e.actor, e.at, e.after and e.after["escalated_to"]) for e in entries] == [
        (SYSTEM, stamp(28), "net-l2"),
        (SYSTEM, stamp(12), "net-l3"),
        (SYSTEM, stamp(4), "net-l4"),
    ]
    assert entries[-1].before == {"status": "reported", "escalated_to": None, "level": "cell"}
    assert entries[-1].after is not None
    assert entries[-1].after["reason"] == (
        "unresolved since 2026-03-01 at the cell: more than 3 days"
    )
    assert len(by_actor(grid, SYSTEM)) == 3


def test_a_big_problem_does_not_wait_at_the_cell(grid: FalkorDBEngine) -> None:
    add_problem(grid, "pb-loaded", cell="cell-1", status="reported", reported_on=on(0))
    grid.run("MATCH (p:Problem {uid: $uid}) SET p.scale = $big", {"uid": "pb-loaded", "big": "big"})
    report = escalate_overdue(grid, CRON, today=on(0))
    assert [(m.uid, m.target, m.reason) for m in report.moved] == [
        ("pb-loaded", "net-l4", problems.BIG_MATTER)
    ]
    assert report.by_level()[4][0].uid == "pb-loaded"


def test_solved_problems_never_move(grid: FalkorDBEngine) -> None:
    add_problem(grid, "pb-resolved", cell="cell-1", status="resolved", reported_on="2025-01-01")
    add_problem(grid, "pb-closed", cell="cell-1", status="closed", reported_on="2025-01-01")
    before = fingerprint(grid)
    report = escalate_overdue(grid, CRON, today=on(0))
    assert (report.moved, report.stuck, report.changed) == ((), (), ())
    assert fingerprint(grid) == before


def test_hazards_escalate_past_their_rectification_deadline(grid: FalkorDBEngine) -> None:
    head = Actor("head-cell-1")
    hazards.find(grid, head, uid="hz-due", risk_point="rp-1", title="t", severity="major", at=on(0))
    hazards.assign(grid, head, uid="hz-due", owner="p-owner", deadline=on(10), at=on(0))
    hazards.find(
        grid, head, uid="hz-free", risk_point="rp-1", title="t", severity="general", at=on(0)
    )
    add_hazard(grid, "hz-done", cell="cell-1", found_on="2025-01-01", closed_on="2025-02-01")

    assert moved(grid, 3) == []
    assert moved(grid, 4) == [("hz-free", "cell-1", 4)]
    assert moved(grid, 10) == []
    assert moved(grid, 11) == [("hz-due", "cell-1", 4)]
    statuses = grid.run("MATCH (h:Hazard) RETURN h.uid AS uid, h.status AS s ORDER BY uid")
    assert [r["s"] for r in statuses] == ["closed", "assigned", "found"]
    entry = next(e for e in history(grid, "hz-due") if e.operation == "hazard.escalate")
    assert entry.after == {
        "escalated_to": "net-l4",
        "level": "level-4",
        "reason": "rectification deadline 2026-03-11 passed at the cell",
    }
    hazards.start(grid, head, uid="hz-due", at=on(12))
    hazards.rectified(grid, head, uid="hz-due", at=on(13))
    assert [uid for uid, _, _ in moved(grid, 40)] == ["hz-free"]


def test_a_matter_with_nowhere_to_go_is_reported_not_moved(grid: FalkorDBEngine) -> None:
    add_problem(grid, "pb-lost", cell="cell-lost", status="accepted", reported_on=on(0))
    before = fingerprint(grid)
    report = escalate_overdue(grid, CRON, today=on(9))
    assert report.moved == ()
    assert [(h.uid, h.here, h.reason) for h in report.stuck] == [
        ("pb-lost", "cell-lost", "escalated_to: is at its cell cell-lost, which is in no net")
    ]
    assert fingerprint(grid) == before


def test_deadlines_are_configurable_and_the_report_is_json(grid: FalkorDBEngine) -> None:
    add_problem(grid, "pb-1", cell="cell-1", status="accepted", reported_on=on(0))
    report = escalate_overdue(grid, CRON, today=on(1), days=(0, 7, 15))
    body = report.to_json()
    assert body["moved"] == 1 and body["today"] == on(1) and body["at"] == stamp(1)
    assert body["days"] == {"cell": 0, "level-4": 7, "level-3": 15}
    assert [m["uid"] for m in body["by_level"]["level-4"]] == ["pb-1"]
    assert body["by_level"]["level-3"] == [] and body["stuck"] == []


def test_a_run_can_be_limited_to_given_matters(grid: FalkorDBEngine) -> None:
    for uid in ("pb-1", "pb-2"):
        add_problem(grid, uid, cell="cell-1", status="accepted", reported_on=on(0))
    add_hazard(grid, "hz-1", cell="cell-1", found_on=on(0))
    report = escalate_overdue(grid, CRON, today=on(9), uids=["pb-2", "hz-1", "pb-2"])
    assert [(m.kind, m.uid) for m in report.moved] == [("Problem", "pb-2"), ("Hazard", "hz-1")]
    assert escalations(grid, "pb-1") == []
    assert [m.uid for m in escalate_overdue(grid, CRON, today=on(9), uids=[]).moved] == []
    assert [m.uid for m in escalate_overdue(grid, CRON, today=on(9)).moved] == ["pb-1"]


@pytest.mark.parametrize(
    ("uids", "message"),
    [
        (["pb-1", "pb-nope", "cell-1"], "escalation: uids: name no problem and no hazard: "
         "cell-1, pb-nope"),
        ("pb-1", "escalation: uids: 'pb-1' must be a collection of uids"),
    ],
)  # fmt: skip
def test_unknown_matters_are_refused_before_anything_moves(
    grid: FalkorDBEngine, uids: object, message: str
) -> None:
    add_problem(grid, "pb-1", cell="cell-1", status="accepted", reported_on=on(0))
    before = fingerprint(grid)
    with pytest.raises(ValidationError) as caught:
        escalate_overdue(grid, CRON, today=on(9), uids=uids)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)
    assert fingerprint(grid) == before


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"today": "2026-02-30"}, "query: today: '2026-02-30' is not an ISO-8601 date"),
        ({"today": on(0), "days": (3, 7)}, "escalation: days: [3, 7] must be three whole"),
        ({"today": on(0), "days": (3, -1, 5)}, "escalation: days: [3, -1, 5] must be three"),
    ],
)
def test_bad_arguments_are_refused(
    grid: FalkorDBEngine, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        escalate_overdue(grid, CRON, **kwargs)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)
