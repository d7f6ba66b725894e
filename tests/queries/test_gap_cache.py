"""Kept gap reports (queries.coverage.cache): the same question on the same data is answered
from the kept report; any change made through RedGrid (a new assignment, a field edited, a
node added) asks the rules again; "now" is kept at most max_age_s; 0 keeps nothing."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest

from graph.errors import ValidationError
from graph.falkordb_engine import FalkorDBEngine
from queries.coverage import cached_gaps, data_version, gaps
from queries.coverage.cache import KEPT_REPORTS
from tests.queries.factories import add_cell, add_net_chain, add_object, add_people
from writes.audit import Actor
from writes.changes.assignments import assign_owner
from writes.changes.nodes import update

TODAY = "2026-11-15"
ACTOR = Actor("gap-cache-tests")


@pytest.fixture
def grid(engine: FalkorDBEngine) -> FalkorDBEngine:
    chain = add_net_chain(engine, "net")
    add_cell(engine, "cell-1", net=chain.l4, head="head-cell-1")
    add_people(engine, ["p-owner"])
    add_object(engine, "Equipment", "eq-1", cell="cell-1")
    return engine


def test_the_same_question_on_the_same_data_is_answered_from_the_kept_report(
    grid: FalkorDBEngine,
) -> None:
    first = cached_gaps(grid, today=TODAY)
    assert cached_gaps(grid, today=TODAY) is first
    assert cached_gaps(grid, ["object_without_owner"], today=TODAY) is not first
    assert cached_gaps(grid, today="2026-11-16") is not first
    assert cached_gaps(grid, today=TODAY, overload_threshold=3) is not first
    assert first.uids("object_without_owner") == gaps(grid, today=TODAY).uids(
        "object_without_owner"
    )


def test_an_assignment_made_through_redgrid_asks_the_rules_again(grid: FalkorDBEngine) -> None:
    before = cached_gaps(grid, today=TODAY)
    assert "eq-1" in before.uids("object_without_owner")
    assign_owner(grid, ACTOR, "eq-1", "p-owner", at="2026-01-01T00:00:00Z")
    after = cached_gaps(grid, today=TODAY)
    assert after is not before
    assert "eq-1" not in after.uids("object_without_owner")


def test_a_field_edited_moves_the_version_through_its_audit_entry(grid: FalkorDBEngine) -> None:
    version = data_version(grid)
    before = cached_gaps(grid, today=TODAY)
    update(grid, ACTOR, "Equipment", "eq-1", {"name": "renamed valve"})
    assert data_version(grid) != version
    _, links, audits = data_version(grid)
    assert (links, audits) == (version[1], version[2] + 1)  # the audit entry (a node) did it
    assert cached_gaps(grid, today=TODAY) is not before


def test_a_node_added_by_hand_moves_the_version(grid: FalkorDBEngine) -> None:
    before = cached_gaps(grid, today=TODAY)
    add_object(grid, "Equipment", "eq-2", cell="cell-1")
    after = cached_gaps(grid, today=TODAY)
    assert after is not before and "eq-2" in after.uids("object_without_owner")


def test_now_is_kept_for_max_age_and_zero_keeps_nothing(grid: FalkorDBEngine) -> None:
    now = cached_gaps(grid, max_age_s=0.2)
    assert cached_gaps(grid, max_age_s=0.2) is now
    time.sleep(0.3)
    assert cached_gaps(grid, max_age_s=0.2) is not now
    dated = cached_gaps(grid, as_of="2026-06-30", max_age_s=0.2)
    time.sleep(0.3)
    assert cached_gaps(grid, as_of="2026-06-30", max_age_s=0.2) is dated  # the past stays
    assert cached_gaps(grid, today=TODAY, max_age_s=0) is not cached_gaps(
        grid, today=TODAY, max_age_s=0
    )


def test_bad_questions_fail_as_the_rules_do_and_keep_nothing(grid: FalkorDBEngine) -> None:
    with pytest.raises(ValidationError, match="no_such_rule"):
        cached_gaps(grid, ["no_such_rule"], today=TODAY)
    with pytest.raises(ValidationError):
        cached_gaps(grid, today="2026-13-45")


def test_only_the_most_recent_reports_are_kept(grid: FalkorDBEngine) -> None:
    first = cached_gaps(grid, ["net_without_head"], today="2026-01-01")
    for n in range(1, KEPT_REPORTS + 1):
        later = date(2026, 1, 1) + timedelta(days=n)
        cached_gaps(grid, ["net_without_head"], today=later.isoformat())
    assert cached_gaps(grid, ["net_without_head"], today="2026-01-01") is not first
