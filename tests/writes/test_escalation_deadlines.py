"""The deadline an inbox shows (``escalates_on``) is the day escalation by deadline really
moves the matter: on the day before, a run leaves it; on that day, a run moves it up — at
every rung of the ladder, for problems and hazards, with the deadlines a site configured."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from graph.falkordb_engine import FalkorDBEngine
from queries.entities import nodes_by_uid
from tests.queries.factories import add_hazard, add_problem
from tests.writes.test_workflow_problems import build_grid
from writes.audit import SYSTEM, Actor
from writes.workflows import escalate_overdue
from writes.workflows.deadlines import Matter, escalates_on, matter, open_escalations

DAYS = (2, 5, 9)
"""Not the defaults, so a deadline computed with the wrong days shows."""
CRON = Actor(SYSTEM)


def read(engine: FalkorDBEngine, uid: str) -> Matter:
    record = nodes_by_uid(engine, [uid])[uid]
    return matter(record.label, record.props, open_escalations(engine, [uid]).get(uid))


def moves(engine: FalkorDBEngine, uid: str, day: str) -> bool:
    report = escalate_overdue(engine, CRON, today=day, days=DAYS, uids=[uid])
    return [m.uid for m in report.moved] == [uid]


def before(day: str) -> str:
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


@pytest.fixture
def grid(engine: FalkorDBEngine) -> FalkorDBEngine:
    build_grid(engine)
    add_problem(engine, "pb-small", cell="cell-1", status="reported", reported_on="2026-03-01")
    add_problem(engine, "pb-big", cell="cell-1", status="accepted", reported_on="2026-03-01")
    engine.run("MATCH (p:Problem {uid: 'pb-big'}) SET p.scale = 'big'")
    add_hazard(engine, "hz-deadline", cell="cell-1", found_on="2026-03-01", deadline="2026-03-20")
    add_hazard(engine, "hz-plain", cell="cell-1", found_on="2026-03-01")
    return engine


@pytest.mark.parametrize(
    ("uid", "first"),
    [
        ("pb-small", "2026-03-04"),
        ("pb-big", "2026-03-01"),
        ("hz-deadline", "2026-03-21"),
        ("hz-plain", "2026-03-04"),
    ],
)
def test_every_rung_escalates_on_the_day_shown_and_not_before(
    grid: FalkorDBEngine, uid: str, first: str
) -> None:
    due = escalates_on(read(grid, uid), DAYS)
    assert due == first
    rungs = []
    while due is not None:
        if due > first:
            assert not moves(grid, uid, before(due)), f"{uid} moved before {due}"
        assert moves(grid, uid, due), f"{uid} did not move on {due}"
        rungs.append((read(grid, uid).level, due))
        due = escalates_on(read(grid, uid), DAYS)
    level_4, level_3 = rungs[0][1], rungs[1][1]
    assert [level for level, _ in rungs] == [4, 3, 2]
    assert level_3 == (date.fromisoformat(level_4) + timedelta(days=DAYS[1] + 1)).isoformat()
    assert not moves(grid, uid, "2027-12-31")


def test_a_closed_matter_has_no_deadline(grid: FalkorDBEngine) -> None:
    add_problem(grid, "pb-done", cell="cell-1", status="closed", reported_on="2026-03-01")
    add_hazard(grid, "hz-done", cell="cell-1", found_on="2026-03-01", closed_on="2026-03-02")
    assert escalates_on(read(grid, "pb-done"), DAYS) is None
    assert escalates_on(read(grid, "hz-done"), DAYS) is None
