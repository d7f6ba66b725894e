"""Hazard and problem statuses keep their history (issue 12): every workflow step appends
``"<instant>|<status>"`` in the statement that changes the status, so ``hazard_overdue``,
``hazard_without_owner``, the problem tally and the business-tree fruit read the status that
held on the date asked. Before issue 12 they read the status stored now: a hazard closed
later was never overdue in the past, and a month's tally had no open count."""

from __future__ import annotations

import pytest

from graph.falkordb_engine import FalkorDBEngine
from graph.status_history import entry, history_of, status_as_of
from queries.business_tree.fruit import read_fruit
from queries.coverage import gaps
from tests.queries.factories import add_hazard, add_problem
from tests.writes.test_workflow_problems import ADMIN, build_grid, report
from writes.workflows import hazards, monthly_problem_tally, problems

FOUND = "2026-01-05T08:00:00Z"
DEADLINE = "2026-01-20"
CLOSED = "2026-02-03T10:00:00Z"


@pytest.fixture
def grid(engine: FalkorDBEngine) -> FalkorDBEngine:
    """build_grid's cell-1 with hz-1 found, assigned (deadline 2026-01-20), started,
    rectified 2026-02-01, verified 2026-02-02 and closed 2026-02-03."""
    build_grid(engine)
    hazards.find(
        engine, ADMIN, uid="hz-1", risk_point="rp-1", title="法兰渗漏", severity="general",
        at=FOUND,
    )  # fmt: skip
    hazards.assign(engine, ADMIN, uid="hz-1", owner="p-owner", deadline=DEADLINE, at=FOUND)
    hazards.start(engine, ADMIN, uid="hz-1", at="2026-01-06")
    hazards.rectified(engine, ADMIN, uid="hz-1", at="2026-02-01")
    hazards.verify(engine, ADMIN, uid="hz-1", by_person="p-verifier", at="2026-02-02")
    hazards.close(engine, ADMIN, uid="hz-1", at=CLOSED)
    return engine


def _overdue(engine: FalkorDBEngine, as_of: str) -> list[str]:
    return gaps(engine, ["hazard_overdue"], as_of=as_of).uids("hazard_overdue")


def test_each_step_appends_its_status_and_instant(grid: FalkorDBEngine) -> None:
    stored = grid.run("MATCH (h:Hazard {uid: 'hz-1'}) RETURN h.status_history AS s")[0]["s"]
    assert stored == [
        f"{FOUND}|found",
        f"{FOUND}|assigned",
        "2026-01-06T00:00:00Z|rectifying",
        "2026-02-01T00:00:00Z|rectified",
        "2026-02-02T00:00:00Z|verified",
        f"{CLOSED}|closed",
    ]


def test_a_hazard_closed_later_is_overdue_as_of_a_day_past_its_deadline(
    grid: FalkorDBEngine,
) -> None:
    assert _overdue(grid, "2026-01-25") == ["hz-1"]
    finding = gaps(grid, ["hazard_overdue"], as_of="2026-01-25").results[0].findings[0]
    assert finding.detail["status"] == "rectifying"


@pytest.mark.parametrize("as_of", ["2026-01-19", "2026-02-01", CLOSED, "2026-03-01"])
def test_not_overdue_before_its_deadline_nor_once_rectified_or_closed(
    grid: FalkorDBEngine, as_of: str
) -> None:
    assert _overdue(grid, as_of) == []


def test_a_hazard_without_history_is_read_from_its_own_dates(engine: FalkorDBEngine) -> None:
    """Data written before issue 12 (or by a ledger): 'found' from found_on, its current
    status from closed_on when it has one."""
    build_grid(engine)
    add_hazard(engine, "hz-old-open", cell="cell-1", found_on="2026-01-02", deadline="2026-01-10")
    add_hazard(
        engine, "hz-old-in-time", cell="cell-1", found_on="2026-01-02", deadline="2026-01-10",
        closed_on="2026-01-08",
    )  # fmt: skip
    add_hazard(
        engine, "hz-old-late", cell="cell-1", found_on="2026-01-02", deadline="2026-01-10",
        closed_on="2026-01-20",
    )  # fmt: skip
    assert _overdue(engine, "2026-01-15") == ["hz-old-late", "hz-old-open"]
    assert _overdue(engine, "2026-01-25") == ["hz-old-open"]
    assert _overdue(engine, "2026-01-01") == []
    hazards.assign(engine, ADMIN, uid="hz-old-open", owner="p-owner", deadline="2026-01-10")
    stored = engine.run("MATCH (h:Hazard {uid: 'hz-old-open'}) RETURN h.status_history AS s")
    assert stored[0]["s"][0] == "2026-01-02T00:00:00Z|found"
    assert stored[0]["s"][1].endswith("|assigned")


def test_an_open_hazard_without_an_owner_as_of_a_day_before_it_was_closed(
    grid: FalkorDBEngine,
) -> None:
    grid.run("MATCH (h:Hazard)-[o:OWNED_BY]->() SET o.since = '2026-01-10T00:00:00Z'")
    found = gaps(grid, ["hazard_without_owner"], as_of="2026-01-08")
    assert found.uids("hazard_without_owner") == ["hz-1"]
    assert (
        gaps(grid, ["hazard_without_owner"], as_of="2026-03-01").uids("hazard_without_owner") == []
    )


def test_the_tally_of_a_month_before_a_problem_was_closed_counts_it_open(
    engine: FalkorDBEngine,
) -> None:
    build_grid(engine)
    report(engine, "pb-1", at="2026-02-10")
    problems.accept(engine, ADMIN, uid="pb-1", owner="p-handler", at="2026-02-11")
    problems.resolve(engine, ADMIN, uid="pb-1", resolution="已处理", at="2026-03-05")
    problems.close(engine, ADMIN, uid="pb-1", by_person="head-cell-1", at="2026-03-10")
    february = monthly_problem_tally(engine, "cell-1", "2026-02")
    march = monthly_problem_tally(engine, "cell-1", "2026-03")
    assert (february.reported, february.open) == (1, 1)
    assert (march.open, march.resolved_in_cell, march.closed) == (0, 1, 1)
    assert monthly_problem_tally(engine, "cell-1", "2026-01").open == 0
    fruit = read_fruit(engine, ["cell-1"], "2026-02-28").problems
    assert (fruit.total, fruit.solved, fruit.open) == (1, 0, 1)
    assert read_fruit(engine, ["cell-1"], "2026-03-31").problems.solved == 1


def test_a_problem_without_history_is_read_from_its_own_dates(engine: FalkorDBEngine) -> None:
    build_grid(engine)
    add_problem(engine, "pb-old", cell="cell-1", status="accepted", reported_on="2026-01-05")
    add_problem(
        engine, "pb-old-done", cell="cell-1", status="closed", reported_on="2026-01-06",
        resolved_on="2026-02-03",
    )  # fmt: skip
    assert monthly_problem_tally(engine, "cell-1", "2026-01").open == 2
    assert monthly_problem_tally(engine, "cell-1", "2026-02").open == 1
    assert monthly_problem_tally(engine, "cell-1", "2025-12").open == 0


def test_status_as_of_reads_the_last_entry_begun_by_then() -> None:
    props = {"status": "closed", "found_on": "2026-01-05", "status_history": [
        entry("2026-01-05", "found"), entry("2026-02-10T09:00:00Z", "closed")]}  # fmt: skip
    assert status_as_of(props, "2026-01-04T23:59:59Z") is None
    assert status_as_of(props, "2026-02-10T08:59:59Z") == "found"
    assert status_as_of(props, "2026-02-10T09:00:00Z") == "closed"
    old = {"status": "resolved", "reported_on": "2026-01-05", "resolved_on": "2026-01-09"}
    assert history_of(old) == ["2026-01-05T00:00:00Z|reported", "2026-01-09T00:00:00Z|resolved"]
    assert status_as_of(old, "2026-01-08") == "reported"
    assert history_of({"status": "assigned", "found_on": "2026-01-05"}) == [
        "2026-01-05T00:00:00Z|assigned"
    ]
    assert history_of({"status": "found"}) == []
