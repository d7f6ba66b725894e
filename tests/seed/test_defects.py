"""The planted defects are exactly what each gap rule finds, checked by an independent
implementation of the rules (tests/seed/gap_checker.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from seed.dataset import Dataset
from seed.generator import generate
from seed.rules import RULE_COUNTS, RULES
from tests.seed.gap_checker import GapChecker


def test_every_rule_of_the_catalogue_is_planted_with_its_count(dataset: Dataset) -> None:
    assert list(dataset.defects) == sorted(rule.id for rule in RULES)
    assert {rule: len(uids) for rule, uids in dataset.defects.items()} == RULE_COUNTS
    assert all(dataset.defects.values()), "every planted list must be non-empty"


def test_checker_knows_every_rule() -> None:
    assert sorted(GapChecker.RULE_IDS) == sorted(RULE_COUNTS)


def test_planted_defects_are_exactly_what_the_rules_find(dataset: Dataset) -> None:
    findings = GapChecker(dataset).findings()
    for rule, planted in dataset.defects.items():
        assert findings[rule] == planted, rule


@pytest.mark.parametrize(("scale", "seed"), [(1, 7), (2, 11)])
def test_exactness_holds_for_other_seeds_and_scales(scale: int, seed: int) -> None:
    data = generate(scale=scale, seed=seed)
    assert GapChecker(data).findings() == data.defects


def test_span_defects_include_both_too_few_and_too_many(dataset: Dataset) -> None:
    members: dict[str, set[str]] = {}
    for row in dataset.relationships[("Person", "MEMBER_OF", "MicroCell")]:
        members.setdefault(row["b"], set()).add(row["a"])
    leads = {r["b"]: r["a"] for r in dataset.relationships[("Person", "LEADS", "MicroCell")]}
    spans = sorted(
        len(members[mc] - {leads[mc]}) for mc in dataset.defects["lead_span_out_of_range"]
    )
    assert spans == [1, 1, 5, 5]


def test_duty_defects_cover_four_different_elements(dataset: Dataset) -> None:
    duties = {d["uid"]: d for d in dataset.nodes["Duty"]}
    planted = dataset.defects["duty_missing_element"]
    assert sum("schedule" not in duties[d] for d in planted) == 2
    assert sum("space" not in duties[d] for d in planted) == 1
    assigned = {r["a"] for r in dataset.relationships[("Duty", "ASSIGNED_TO", "Person")]}
    assert sum(d not in assigned for d in planted) == 1


def test_one_ownerless_object_keeps_its_closed_ownership(dataset: Dataset) -> None:
    """History is never a current owner: a closed OWNED_BY does not hide the gap."""
    closed = {
        row["a"]
        for label in ("Equipment", "Area", "WorkItem")
        for row in dataset.relationships[(label, "OWNED_BY", "Person")]
        if row.get("until")
    }
    assert set(dataset.defects["object_without_owner"]) & closed


# --- the checker's own semantics, on hand-made rows ------------------------------------------


def _tiny(nodes: dict[str, list[dict[str, Any]]], rels: dict[Any, list[dict[str, Any]]]) -> Dataset:
    return Dataset(nodes, rels, {}, date(2026, 11, 15), 1, 0)


def test_checker_ignores_closed_assignments() -> None:
    data = _tiny(
        {"Cell": [{"uid": "c1"}, {"uid": "c2"}], "Net": []},
        {
            ("Person", "HEAD_OF", "Cell"): [
                {"a": "p1", "b": "c1", "since": "2024-01-01T00:00:00Z", "until": "2025-01-01"},
                {"a": "p2", "b": "c2", "since": "2025-01-01T00:00:00Z"},
            ]
        },
    )
    assert GapChecker(data).cell_without_head() == ["c1"]


def test_checker_span_counts_members_other_than_the_lead() -> None:
    members = [{"a": p, "b": "mc1", "since": "x"} for p in ("lead", "m1", "m2")]
    data = _tiny(
        {"MicroCell": [{"uid": "mc1"}], "Person": []},
        {
            ("Person", "LEADS", "MicroCell"): [{"a": "lead", "b": "mc1", "since": "x"}],
            ("Person", "MEMBER_OF", "MicroCell"): members,
        },
    )
    assert GapChecker(data).lead_span_out_of_range() == []
    members.pop()
    assert GapChecker(data).lead_span_out_of_range() == ["mc1"]


def test_checker_hazard_rules_skip_done_hazards_and_future_deadlines() -> None:
    hazards = [
        {"uid": "h-done", "status": "closed", "deadline": "2026-01-01"},
        {"uid": "h-late", "status": "rectifying", "deadline": "2026-11-14"},
        {"uid": "h-due-today", "status": "assigned", "deadline": "2026-11-15"},
    ]
    data = _tiny({"Hazard": hazards}, {})
    checker = GapChecker(data)
    assert checker.hazard_overdue() == ["h-late"]
    assert checker.hazard_without_owner() == ["h-late", "h-due-today"]


def test_checker_training_window_is_180_days_inclusive() -> None:
    sessions = [
        {"uid": "t-edge", "held_on": "2026-05-19"},
        {"uid": "t-old", "held_on": "2026-05-18"},
    ]
    data = _tiny(
        {"Cell": [{"uid": "c-edge"}, {"uid": "c-old"}], "TrainingSession": sessions},
        {
            ("TrainingSession", "TRAINED", "Cell"): [
                {"a": "t-edge", "b": "c-edge"},
                {"a": "t-old", "b": "c-old"},
            ]
        },
    )
    assert GapChecker(data).cell_without_recent_training() == ["c-old"]
