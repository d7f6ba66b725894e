"""Coverage rules on small hand-built grids with known answers, rule by rule, plus the
roll-up, the net restriction, the output shapes and the errors.

The ``grid`` fixture is a clean organisation every rule passes; each case plants one rule's
defects next to look-alikes it must not report (closed or future assignments, dissolved
units, handed-over posts). A rule added to the catalog without a case here fails
``test_rule_finds_its_planted_cases``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from graph.engine import Engine
from graph.enums import OfficerRole
from graph.errors import NotFoundError, ValidationError
from graph.falkordb_engine import FalkorDBEngine
from graph.writer import upsert_nodes
from queries.accountability import SIX_ELEMENTS
from queries.coverage import (
    CSV_COLUMNS,
    DEFAULT_OVERLOAD_THRESHOLD,
    DEFAULT_TRAINING_DAYS,
    PARAMETERS,
    GapReport,
    catalog,
    gaps,
)
from queries.cypher import cypher
from tests.queries.factories import (
    add_assessment,
    add_cell,
    add_duty,
    add_hazard,
    add_head,
    add_microcell,
    add_net,
    add_net_chain,
    add_object,
    add_officer,
    add_owner,
    add_person,
    add_training,
    link,
    replace_head,
)
from tests.queries.spatial_cases import SPATIAL_CASES

TODAY = "2026-11-15"
ROLES = [role.value for role in OfficerRole]


def _standard(uid: str, level: str) -> dict[str, Any]:
    return {
        "uid": uid,
        "code": uid.upper(),
        "title": f"{uid} 设备管理标准",
        "level": level,
        "dimension": "equipment",
        "domain": "gathering",
    }


def _staff_cell(engine: Engine, cell: str, holders: tuple[str, str]) -> None:
    """All eight officer roles, a training session last month and last month's assessment."""
    for index, role in enumerate(ROLES):
        add_officer(engine, holders[index % 2], cell, role)
    add_training(engine, f"t-{cell}", cells=[cell], held_on="2026-10-01")
    add_assessment(engine, f"as-{cell}", cell=cell, month="2026-10", score=92.5)


@pytest.fixture
def grid(engine: FalkorDBEngine) -> FalkorDBEngine:
    """net-l2 ← net-l3 ← net-l4 ← cells c1, c2, each with one micro-cell of span 3, a head,
    all eight officers, training and assessment; owned, governed objects; a controlled risk
    point; complete duties; an open hazard on time and a closed one. Nothing is missing."""
    chain = add_net_chain(engine, "net", heads=True)
    add_cell(engine, "c1", net=chain.l4, head="p-head1", name="苏东集气站先锋格")
    add_cell(engine, "c2", net=chain.l4, head="p-head2", name="计量班先锋格")
    add_microcell(
        engine,
        "m1",
        cell="c1",
        lead="p-lead1",
        members=["p-lead1", "head-net-l2", "head-net-l3", "p-head1"],
    )
    add_microcell(
        engine,
        "m2",
        cell="c2",
        lead="p-lead2",
        members=["p-lead2", "head-net-l4", "p-head2", "p-x"],
    )
    _staff_cell(engine, "c1", ("p-lead1", "p-head1"))
    _staff_cell(engine, "c2", ("p-lead2", "p-head2"))
    upsert_nodes(engine, "Standard", [_standard("sg", "guidance"), _standard("su", "unit")])
    link(engine, "Standard", "DERIVED_FROM", "Standard", "su", "sg")
    for label, uid, cell, owner in (
        ("Equipment", "eq1", "c1", "p-lead1"),
        ("Area", "a1", "c2", "p-x"),
        ("WorkItem", "w1", "c1", "p-head1"),
    ):
        add_object(engine, label, uid, cell=cell, owner=owner)
        link(engine, label, "GOVERNED_BY", "Standard", uid, "su")
    add_object(engine, "RiskPoint", "rp1", cell="c1", owner="p-lead1")
    add_duty(engine, "d1", cell="c1", assignee="p-lead1", applies_to=("RiskPoint", "rp1"))
    add_duty(engine, "d2", cell="c1", assignee="p-head1", applies_to=("Equipment", "eq1"))
    add_hazard(engine, "hz1", cell="c1", found_on="2026-10-01", deadline="2026-12-01")
    link(engine, "Hazard", "OWNED_BY", "Person", "hz1", "p-lead1")
    add_hazard(
        engine,
        "hz2",
        cell="c1",
        found_on="2026-01-01",
        deadline="2026-02-01",
        closed_on="2026-01-20",
    )
    return engine


# --- one case per rule -------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """What to plant on the clean grid, the uids the rule must report, and run settings."""

    plant: Callable[[Engine], None]
    expected: list[str]
    settings: dict[str, Any] = field(default_factory=dict)


def _objects_without_owner(e: Engine) -> None:
    add_object(e, "Equipment", "eq-lapsed", cell="c1", owner="p-x", until="2024-03-01")
    add_object(e, "Equipment", "eq-handed", cell="c1", owner="p-x", until="2024-03-01")
    add_owner(e, "Equipment", "eq-handed", "p-lead1", since="2024-03-01")
    add_object(e, "WorkItem", "wi-none", cell="c2")
    add_object(e, "Area", "area-future", cell="c2", owner="p-x", since="2027-01-01")


def _objects_without_standard(e: Engine) -> None:
    add_object(e, "Equipment", "eq-std-lapsed", cell="c1", owner="p-lead1")
    link(e, "Equipment", "GOVERNED_BY", "Standard", "eq-std-lapsed", "su", until="2025-01-01")
    add_object(e, "Area", "area-std-none", cell="c2", owner="p-x")
    add_object(e, "Equipment", "eq-std-renewed", cell="c1", owner="p-lead1")
    link(e, "Equipment", "GOVERNED_BY", "Standard", "eq-std-renewed", "sg", until="2025-01-01")
    link(e, "Equipment", "GOVERNED_BY", "Standard", "eq-std-renewed", "su", since="2025-01-01")


def _risk_points(e: Engine) -> None:
    add_object(e, "RiskPoint", "rp-free", cell="c2", owner="p-x")
    add_object(e, "RiskPoint", "rp-watched", cell="c2", owner="p-x")
    add_duty(e, "d-watch", cell="c2", assignee="p-x", applies_to=("RiskPoint", "rp-watched"))


def _hazards_overdue(e: Engine) -> None:
    add_hazard(e, "hz-late", cell="c1", found_on="2026-09-01", deadline="2026-11-01")
    add_hazard(e, "hz-due-today", cell="c1", found_on="2026-09-01", deadline=TODAY)
    add_hazard(e, "hz-no-deadline", cell="c2", found_on="2026-09-01")
    for hazard in ("hz-late", "hz-due-today", "hz-no-deadline"):
        link(e, "Hazard", "OWNED_BY", "Person", hazard, "p-lead1")


def _hazards_without_owner(e: Engine) -> None:
    add_hazard(e, "hz-orphan", cell="c2", found_on="2026-09-01", deadline="2026-12-31")
    link(e, "Hazard", "OWNED_BY", "Person", "hz-orphan", "p-x", until="2026-10-01")
    add_hazard(e, "hz-handed", cell="c2", found_on="2026-09-01", deadline="2026-12-31")
    link(e, "Hazard", "OWNED_BY", "Person", "hz-handed", "p-x", until="2026-10-01")
    link(e, "Hazard", "OWNED_BY", "Person", "hz-handed", "p-lead2", since="2026-10-01")


def _microcells_without_lead(e: Engine) -> None:
    add_microcell(e, "m3", cell="c2", members=["p-a", "p-b"])
    add_person(e, "p-old-lead")
    link(e, "Person", "LEADS", "MicroCell", "p-old-lead", "m3", until="2026-01-01")
    add_microcell(e, "m-dissolved", cell="c2", until="2025-01-01")


def _leads_not_party_members(e: Engine) -> None:
    add_microcell(e, "m3", cell="c1", lead="p-plain", members=["p-plain", "p-a", "p-b"])
    add_microcell(e, "m4", cell="c1", lead="p-party", members=["p-party", "p-c", "p-d"])
    add_person(e, "p-plain2")
    link(e, "Person", "LEADS", "MicroCell", "p-plain2", "m4", until="2024-01-01")
    for person in ("p-plain", "p-plain2"):
        add_person(e, person, party_member=False)


def _leads_not_members(e: Engine) -> None:
    """Reported: a lead placed in another micro-cell, in none, whose membership ended, and one
    of a never-placed micro-cell. Not: a lead who is a member, a former lead, a dissolved one."""
    add_microcell(e, "m-away", cell="c1", lead="p-away", members=["p-a1", "p-a2"])
    link(e, "Person", "MEMBER_OF", "MicroCell", "p-away", "m1")
    add_microcell(e, "m-none", cell="c2", lead="p-none", members=["p-n1", "p-n2"])
    add_microcell(e, "m-left", cell="c1", lead="p-gone", members=["p-l1", "p-l2"])
    link(e, "Person", "MEMBER_OF", "MicroCell", "p-gone", "m-left", until="2026-01-01")
    add_microcell(e, "m-free", cell=None, lead="p-free", members=["p-f1", "p-f2"])
    add_microcell(e, "m-fine", cell="c2", lead="p-fine", members=["p-fine", "p-i1", "p-i2"])
    add_microcell(e, "m-old", cell="c1", members=["p-o1", "p-o2"])
    link(e, "Person", "LEADS", "MicroCell", "p-lead1", "m-old", until="2024-01-01")
    add_microcell(e, "m-gone", cell="c1", lead="p-dissolved", until="2025-01-01")


def _spans(e: Engine) -> None:
    add_microcell(e, "m-small", cell="c1", lead="p-s", members=["p-s", "p-s1"])
    big = ["p-b", *(f"p-b{i}" for i in range(1, 6))]
    add_microcell(e, "m-big", cell="c1", lead="p-b", members=big)
    add_microcell(e, "m-ok", cell="c2", lead="p-o", members=["p-o", "p-o1", "p-o2"])
    add_person(e, "p-o3")
    link(e, "Person", "MEMBER_OF", "MicroCell", "p-o3", "m-ok", until="2026-01-01")
    add_microcell(e, "m-leadless", cell="c2", members=["p-l1"])


def _people_without_microcell(e: Engine) -> None:
    add_person(e, "p-left")
    link(e, "Person", "MEMBER_OF", "MicroCell", "p-left", "m1", until="2026-01-01")
    add_person(e, "p-new")
    add_person(e, "p-future")
    link(e, "Person", "MEMBER_OF", "MicroCell", "p-future", "m2", since="2027-01-01")


def _people_in_several_microcells(e: Engine) -> None:
    link(e, "Person", "MEMBER_OF", "MicroCell", "p-x", "m1", since="2026-09-01")
    add_person(e, "p-moved")
    link(e, "Person", "MEMBER_OF", "MicroCell", "p-moved", "m1", until="2026-06-01")
    link(e, "Person", "MEMBER_OF", "MicroCell", "p-moved", "m2", since="2026-06-01")


def _cells_missing_officer_role(e: Engine) -> None:
    add_cell(e, "c3", net="net-l4", head="p-head3")
    for role in ROLES:
        until = "2026-01-01" if role == "safety_supervisor" else None
        add_officer(e, "p-head3", "c3", role, until=until)
    add_cell(e, "c-dissolved", net="net-l4", until="2025-01-01")


def _nets_without_head(e: Engine) -> None:
    add_net(e, "n4b", level=4, parent="net-l3")
    add_head(e, "p-n4b", "Net", "n4b", until="2026-03-01")
    add_net(e, "n4-old", level=4, parent="net-l3", until="2025-01-01")


def _cells_without_head(e: Engine) -> None:
    add_cell(e, "c3", net="net-l4")
    add_head(e, "p-c3", "Cell", "c3", until="2026-06-01")
    add_cell(e, "c4", net="net-l4")
    add_person(e, "p-c4-old")
    replace_head(e, "Cell", "c4", old="p-c4-old", new="p-c4-new", on="2026-06-01")


def _owners_outside_cell(e: Engine) -> None:
    add_object(e, "Equipment", "eq-far", cell="c1", owner="p-x")
    add_object(e, "Equipment", "eq-moved", cell="c1", owner="p-lead2", until="2025-01-01")
    add_owner(e, "Equipment", "eq-moved", "p-lead1", since="2025-01-01")
    add_person(e, "p-ex")
    link(e, "Person", "MEMBER_OF", "MicroCell", "p-ex", "m1", until="2026-01-01")
    link(e, "Person", "MEMBER_OF", "MicroCell", "p-ex", "m2", since="2026-01-01")
    add_object(e, "WorkItem", "wi-ex-member", cell="c1", owner="p-ex", since="2024-01-01")


def _overloaded_owners(e: Engine) -> None:
    add_object(e, "Equipment", "eq-o1", cell="c2", owner="p-x")
    add_object(e, "WorkItem", "wi-o2", cell="c2", owner="p-x")
    add_object(e, "Equipment", "eq-o3", cell="c1", owner="p-head1")
    add_object(e, "Equipment", "eq-o4", cell="c1", owner="p-head1", until="2025-01-01")
    add_object(e, "RiskPoint", "rp-o5", cell="c1", owner="p-lead1")
    add_object(e, "RiskPoint", "rp-o6", cell="c1", owner="p-lead1")


def _duties_missing_elements(e: Engine) -> None:
    add_duty(
        e, "d-blank", cell="c1", assignee="p-lead1", applies_to=("Equipment", "eq1"), schedule="  "
    )
    add_duty(e, "d-unassigned", cell="c1", applies_to=("Area", "a1"))
    link(e, "Duty", "ASSIGNED_TO", "Person", "d-unassigned", "p-lead1", until="2026-01-01")
    add_duty(e, "d-objectless", cell="c2", assignee="p-x")
    add_duty(e, "d-bare", cell="c2", complete=False)


def _unit_standards(e: Engine) -> None:
    upsert_nodes(e, "Standard", [_standard("su2", "unit"), _standard("sg2", "guidance")])


def _cells_without_training(e: Engine) -> None:
    add_cell(e, "c3", net="net-l4", head="p-head3")
    add_training(e, "t-old", cells=["c3"], held_on="2026-01-01")
    add_training(e, "t-planned", cells=["c3"], held_on="2026-12-01")
    add_cell(e, "c4", net="net-l4", head="p-head4")
    add_training(e, "t-edge", cells=["c4"], held_on="2026-05-19")


def _cells_without_assessment(e: Engine) -> None:
    add_cell(e, "c3", net="net-l4", head="p-head3")
    add_assessment(e, "as-c3-09", cell="c3", month="2026-09", score=80.0)
    add_assessment(e, "as-c3-11", cell="c3", month="2026-11", score=85.0)


CASES: dict[str, Case] = {
    "object_without_owner": Case(_objects_without_owner, ["area-future", "eq-lapsed", "wi-none"]),
    "object_without_standard": Case(_objects_without_standard, ["area-std-none", "eq-std-lapsed"]),
    "risk_point_without_control": Case(_risk_points, ["rp-free"]),
    "hazard_overdue": Case(_hazards_overdue, ["hz-late"]),
    "hazard_without_owner": Case(_hazards_without_owner, ["hz-orphan"]),
    "microcell_without_lead": Case(_microcells_without_lead, ["m3"]),
    "microcell_lead_not_party_member": Case(_leads_not_party_members, ["m3"]),
    "microcell_lead_not_member": Case(_leads_not_members, ["m-away", "m-free", "m-left", "m-none"]),
    "lead_span_out_of_range": Case(_spans, ["m-big", "m-small"]),
    "person_without_microcell": Case(_people_without_microcell, ["p-future", "p-left", "p-new"]),
    "person_in_several_microcells": Case(_people_in_several_microcells, ["p-x"]),
    "cell_missing_officer_role": Case(_cells_missing_officer_role, ["c3"]),
    "net_without_head": Case(_nets_without_head, ["n4b"]),
    "cell_without_head": Case(_cells_without_head, ["c3"]),
    "owner_outside_cell": Case(_owners_outside_cell, ["eq-far", "wi-ex-member"]),
    "overloaded_owner": Case(_overloaded_owners, ["p-x"], {"overload_threshold": 2}),
    "duty_missing_element": Case(
        _duties_missing_elements, ["d-bare", "d-blank", "d-objectless", "d-unassigned"]
    ),
    "unit_standard_not_derived": Case(_unit_standards, ["su2"]),
    "cell_without_recent_training": Case(_cells_without_training, ["c3"]),
    "cell_without_assessment": Case(_cells_without_assessment, ["c3"]),
    **{rule: Case(plant, expected) for rule, (plant, expected) in SPATIAL_CASES.items()},
}

RULE_IDS = [rule.id for rule in catalog()]


def run(engine: Engine, *rules: str, **settings: Any) -> GapReport:
    settings.setdefault("today", TODAY)
    return gaps(engine, list(rules) or None, **settings)


def details(report: GapReport, rule: str) -> dict[str, dict[str, Any]]:
    return {f.uid: f.detail for f in report.findings if f.rule == rule}


def test_the_clean_grid_has_no_finding(grid: FalkorDBEngine) -> None:
    report = run(grid)
    assert report.counts == dict.fromkeys(RULE_IDS, 0)
    assert report.rollup.nets == [] and report.rollup.cells == [] and report.rollup.unplaced == {}


@pytest.mark.parametrize("rule", RULE_IDS)
def test_rule_finds_its_planted_cases(grid: FalkorDBEngine, rule: str) -> None:
    case = CASES[rule]
    case.plant(grid)
    assert run(grid, rule, **case.settings).uids(rule) == case.expected


@pytest.mark.parametrize("rule", RULE_IDS)
def test_a_subtree_run_finds_the_placed_cases_through_its_own_branch(
    grid: FalkorDBEngine, rule: str
) -> None:
    """Subtree runs start from the subtree's cells, a separate branch of most statements."""
    case = CASES[rule]
    case.plant(grid)
    whole = run(grid, rule, **case.settings)
    placed = sorted(f.uid for f in whole.findings if f.l2 == "net-l2")
    assert run(grid, rule, net="net-l2", **case.settings).uids(rule) == placed
    in_c1 = sorted(f.uid for f in whole.findings if f.cell == "c1")
    assert run(grid, rule, net="c1", **case.settings).uids(rule) == in_c1


def test_every_case_is_a_catalog_rule() -> None:
    assert sorted(CASES) == sorted(RULE_IDS)


# --- details and placement ---------------------------------------------------------------------


def test_details_name_what_is_missing(grid: FalkorDBEngine) -> None:
    for rule in ("duty_missing_element", "cell_missing_officer_role", "hazard_overdue"):
        CASES[rule].plant(grid)
    report = run(grid, "duty_missing_element", "cell_missing_officer_role", "hazard_overdue")
    duties = details(report, "duty_missing_element")
    assert duties["d-blank"] == {"missing": ["schedule"], "missing_zh": ["时间"]}
    assert duties["d-unassigned"]["missing"] == ["assignee"]
    assert duties["d-objectless"]["missing"] == ["object"]
    assert duties["d-bare"]["missing"] == list(SIX_ELEMENTS)
    assert details(report, "cell_missing_officer_role")["c3"] == {
        "missing": ["safety_supervisor"],
        "missing_zh": ["监督员"],
    }
    late = details(report, "hazard_overdue")["hz-late"]
    assert (late["deadline"], late["days_overdue"], late["status"]) == ("2026-11-01", 14, "found")


def test_details_name_the_previous_holder(grid: FalkorDBEngine) -> None:
    for rule in ("object_without_owner", "net_without_head", "person_without_microcell"):
        CASES[rule].plant(grid)
    report = run(grid, "object_without_owner", "net_without_head", "person_without_microcell")
    owner = details(report, "object_without_owner")
    assert owner["eq-lapsed"]["previous_owner"]["uid"] == "p-x"
    assert owner["eq-lapsed"]["previous_owner"]["until"] == "2024-03-01T00:00:00Z"
    assert owner["wi-none"]["previous_owner"] is None
    assert details(report, "net_without_head")["n4b"]["previous_head"]["uid"] == "p-n4b"
    left = details(report, "person_without_microcell")["p-left"]
    assert left == {"last_micro_cell": "m1", "left_on": "2026-01-01T00:00:00Z"}


def test_findings_are_placed_in_their_cell_and_nets(grid: FalkorDBEngine) -> None:
    for rule in ("person_without_microcell", "net_without_head", "person_in_several_microcells"):
        CASES[rule].plant(grid)
    report = run(
        grid, "person_without_microcell", "net_without_head", "person_in_several_microcells"
    )
    places = {f.uid: (f.cell, f.l4, f.l3, f.l2) for f in report.findings}
    assert places["p-left"] == ("c1", "net-l4", "net-l3", "net-l2")
    assert places["p-new"] == (None, None, None, None)
    assert places["n4b"] == (None, "n4b", "net-l3", "net-l2")
    assert places["p-x"] == ("c1", "net-l4", "net-l3", "net-l2")
    several = details(report, "person_in_several_microcells")["p-x"]["memberships"]
    assert [(m["micro_cell"], m["cell"]) for m in several] == [("m1", "c1"), ("m2", "c2")]


def test_owner_outside_cell_names_the_owner_and_their_cells(grid: FalkorDBEngine) -> None:
    CASES["owner_outside_cell"].plant(grid)
    far = details(run(grid, "owner_outside_cell"), "owner_outside_cell")["eq-far"]
    assert far == {"owner": "p-x", "owner_name": "p-x", "owner_cells": ["c2"]}


def test_overloaded_owner_counts_current_objects_only(grid: FalkorDBEngine) -> None:
    CASES["overloaded_owner"].plant(grid)
    report = run(grid, "overloaded_owner", overload_threshold=2)
    assert details(report, "overloaded_owner") == {"p-x": {"objects": 3, "threshold": 2}}
    assert run(grid, "overloaded_owner", overload_threshold=1).uids("overloaded_owner") == [
        "p-head1",
        "p-x",
    ]
    assert run(grid, "overloaded_owner").uids("overloaded_owner") == []


# --- time ----------------------------------------------------------------------------------------


def test_a_historic_owner_counted_while_their_ownership_lasted(grid: FalkorDBEngine) -> None:
    CASES["object_without_owner"].plant(grid)
    before = gaps(grid, ["object_without_owner"], as_of="2024-01-01")
    assert before.uids("object_without_owner") == ["area-future", "wi-none"]
    assert before.today == "2024-01-01"


def test_units_not_yet_in_the_grid_are_not_reported(grid: FalkorDBEngine) -> None:
    report = gaps(grid, ["net_without_head", "cell_without_head"], as_of="2022-06-01")
    assert report.uids("net_without_head") == ["net-l2"]
    assert report.uids("cell_without_head") == []


def test_training_window_and_assessment_month_follow_today(grid: FalkorDBEngine) -> None:
    CASES["cell_without_recent_training"].plant(grid)
    assert run(grid, "cell_without_recent_training", training_days=365).total == 0
    later = run(grid, "cell_without_recent_training", "cell_without_assessment", today="2026-12-02")
    assert later.settings["assessment_month"] == "2026-11"
    assert later.uids("cell_without_assessment") == ["c1", "c2", "c3", "c4"]
    assert later.uids("cell_without_recent_training") == ["c4"]  # its May session fell out
    january = run(grid, "cell_without_assessment", today="2027-01-10")
    assert january.settings["assessment_month"] == "2026-12"


def test_clock_defaults(grid: FalkorDBEngine) -> None:
    by_day = run(grid, "cell_without_head")
    assert (by_day.as_of, by_day.today) == ("2026-11-15T23:59:59Z", TODAY)
    by_instant = gaps(grid, ["cell_without_head"], as_of="2026-11-15T08:30:00Z")
    assert (by_instant.as_of, by_instant.today) == ("2026-11-15T08:30:00Z", TODAY)
    assert by_day.settings == {
        "overload_threshold": DEFAULT_OVERLOAD_THRESHOLD,
        "training_days": DEFAULT_TRAINING_DAYS,
        "training_since": "2026-05-19",
        "assessment_month": "2026-10",
    }


# --- roll-up and restriction ---------------------------------------------------------------------


SPREAD_RULES = (
    "object_without_owner",
    "net_without_head",
    "cell_without_head",
    "owner_outside_cell",
    "unit_standard_not_derived",
)


@pytest.fixture
def spread(grid: FalkorDBEngine) -> FalkorDBEngine:
    """For ``SPREAD_RULES``: findings in c1 (owner outside cell ×2), c3 (no head), on n4b
    (no head) and unplaced (an object in no cell, a unit standard)."""
    _owners_outside_cell(grid)
    _cells_without_head(grid)
    _nets_without_head(grid)
    add_object(grid, "Equipment", "eq-nowhere")
    _unit_standards(grid)
    return grid


def test_rollup_counts_each_net_subtree_and_each_cell(spread: FalkorDBEngine) -> None:
    report = run(spread, *SPREAD_RULES)
    assert report.total == 6
    nets = {u.uid: (u.level, u.parent, u.total, u.counts) for u in report.rollup.nets}
    assert nets == {
        "net-l2": (
            2,
            None,
            4,
            {"net_without_head": 1, "cell_without_head": 1, "owner_outside_cell": 2},
        ),
        "net-l3": (
            3,
            "net-l2",
            4,
            {"net_without_head": 1, "cell_without_head": 1, "owner_outside_cell": 2},
        ),
        "net-l4": (4, "net-l3", 3, {"cell_without_head": 1, "owner_outside_cell": 2}),
        "n4b": (4, "net-l3", 1, {"net_without_head": 1}),
    }
    assert [u.uid for u in report.rollup.nets] == ["net-l2", "net-l3", "net-l4", "n4b"]
    cells = [(u.uid, u.parent, u.total) for u in report.rollup.cells]
    assert cells == [("c1", "net-l4", 2), ("c3", "net-l4", 1)]
    assert report.rollup.unplaced == {"object_without_owner": 1, "unit_standard_not_derived": 1}
    assert report.rollup.top(4, 1)[0].uid == "net-l4"


@pytest.mark.parametrize(
    ("root", "expected", "nets", "cells"),
    [
        ("c1", {"eq-far", "wi-ex-member"}, [], ["c1"]),
        ("net-l4", {"eq-far", "wi-ex-member", "c3"}, ["net-l4"], ["c1", "c3"]),
        ("n4b", {"n4b"}, ["n4b"], []),
        (
            "net-l3",
            {"eq-far", "wi-ex-member", "c3", "n4b"},
            ["net-l3", "net-l4", "n4b"],
            ["c1", "c3"],
        ),
        (
            "net-l2",
            {"eq-far", "wi-ex-member", "c3", "n4b"},
            ["net-l2", "net-l3", "net-l4", "n4b"],
            ["c1", "c3"],
        ),
    ],
)
def test_a_net_restriction_reports_and_rolls_up_its_subtree_only(
    spread: FalkorDBEngine, root: str, expected: set[str], nets: list[str], cells: list[str]
) -> None:
    report = run(spread, *SPREAD_RULES, net=root)
    assert {f.uid for f in report.findings} == expected
    assert report.net == root
    assert [u.uid for u in report.rollup.nets] == nets
    assert [u.uid for u in report.rollup.cells] == cells
    assert report.rollup.unplaced == {}


def test_unknown_net_is_not_found(grid: FalkorDBEngine) -> None:
    with pytest.raises(NotFoundError, match="no-such-net"):
        run(grid, net="no-such-net")
    with pytest.raises(NotFoundError, match="p-x"):
        run(grid, net="p-x")


# --- errors and settings -------------------------------------------------------------------------


def test_unknown_rule_is_named_with_the_valid_ones(grid: FalkorDBEngine) -> None:
    with pytest.raises(ValidationError) as error:
        run(grid, "cell_without_head", "cells_without_heads")
    message = str(error.value)
    assert "'cells_without_heads'" in message
    assert "valid rules: object_without_owner, object_without_standard" in message
    assert error.value.errors[0].field == "rules"


def test_rules_can_be_one_id_and_keep_catalog_order(grid: FalkorDBEngine) -> None:
    assert [r.rule.id for r in gaps(grid, "cell_without_head").results] == ["cell_without_head"]
    picked = gaps(grid, ["cell_without_assessment", "object_without_owner", "object_without_owner"])
    assert [r.rule.id for r in picked.results] == [
        "object_without_owner",
        "cell_without_assessment",
    ]


@pytest.mark.parametrize(
    ("settings", "field_name"),
    [
        ({"overload_threshold": -1}, "overload_threshold"),
        ({"overload_threshold": True}, "overload_threshold"),
        ({"training_days": 0}, "training_days"),
        ({"today": "yesterday"}, "today"),
        ({"as_of": "last tuesday"}, "as_of"),
    ],
)
def test_bad_settings_are_named(
    grid: FalkorDBEngine, settings: dict[str, Any], field_name: str
) -> None:
    with pytest.raises(ValidationError, match=field_name):
        gaps(grid, **settings)


def test_a_report_costs_one_statement_per_rule_plus_the_hierarchy(grid: FalkorDBEngine) -> None:
    before = grid.round_trips
    run(grid)
    assert grid.round_trips - before == len(RULE_IDS) + 1


# --- output shapes -------------------------------------------------------------------------------


def test_json_shape(spread: FalkorDBEngine) -> None:
    data = json.loads(json.dumps(run(spread, *SPREAD_RULES).to_json(), ensure_ascii=False))
    assert list(data) == [
        "as_of",
        "today",
        "net",
        "settings",
        "total",
        "counts",
        "ms",
        "rules",
        "rollup",
    ]
    assert [r["id"] for r in data["rules"]] == list(SPREAD_RULES)
    rule = next(r for r in data["rules"] if r["id"] == "cell_without_head")
    assert set(rule) == {"id", "title_en", "title_zh", "severity", "count", "ms", "findings"}
    assert (rule["title_zh"], rule["count"]) == ("格无格长", 1)
    assert rule["findings"][0] == {
        "rule": "cell_without_head",
        "uid": "c3",
        "kind": "Cell",
        "name": "c3",
        "cell": "c3",
        "l4": "net-l4",
        "l3": "net-l3",
        "l2": "net-l2",
        "detail": {
            "previous_head": {"uid": "p-c3", "name": "p-c3", "until": "2026-06-01T00:00:00Z"}
        },
    }
    assert set(data["rollup"]) == {"nets", "cells", "unplaced"}
    assert set(data["rollup"]["nets"][0]) == {
        "uid",
        "kind",
        "name",
        "level",
        "parent",
        "total",
        "counts",
    }
    assert data["rollup"]["unplaced"]["total"] == 2
    assert data["total"] == sum(data["counts"].values()) == 6


def test_csv_has_one_row_per_finding(spread: FalkorDBEngine) -> None:
    report = run(spread, *SPREAD_RULES)
    rows = list(csv.reader(io.StringIO(report.to_csv())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == report.total + 1
    by_uid = {row[2]: dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]}
    far = by_uid["eq-far"]
    assert (far["rule"], far["severity"], far["kind"], far["cell"], far["l4"], far["l3"]) == (
        "owner_outside_cell",
        "medium",
        "Equipment",
        "c1",
        "net-l4",
        "net-l3",
    )
    assert json.loads(far["detail"])["owner"] == "p-x"
    assert by_uid["su2"]["cell"] == "" and by_uid["su2"]["name"] == "su2 设备管理标准"


def test_markdown_summarises_ranks_and_caps(spread: FalkorDBEngine) -> None:
    text = run(spread, *SPREAD_RULES).to_markdown(limit=1, top=2)
    assert "| `cell_without_head` | Cell without a head | 格无格长 | high | 1 |" in text
    assert "## Where the gaps concentrate" in text
    assert "| L4 | `net-l4` | net-l4 | 3 |" in text
    assert "| cell 格 | `c1` | 苏东集气站先锋格 | 2 |" in text
    assert "2 findings lie in no net or cell." in text
    findings = text.split("## `owner_outside_cell`", 1)[1].split("\n## ", 1)[0]
    assert "| `eq-far` |" in findings and "wi-ex-member" not in findings
    assert "… 1 more" in findings
    assert "… " not in text.split("## `cell_without_head`", 1)[1].split("\n## ", 1)[0]


def test_markdown_of_a_clean_grid(grid: FalkorDBEngine) -> None:
    text = run(grid, "hazard_overdue").to_markdown()
    assert "## `hazard_overdue` — Hazard past its rectification deadline 隐患逾期未整改 (0)" in text
    assert "None." in text and "No finding lies in a net or cell." in text


# --- the catalog ---------------------------------------------------------------------------------


def test_catalog_entries_are_complete() -> None:
    rules = catalog()
    assert len({r.id for r in rules}) == len(rules) == 24
    for rule in rules:
        assert rule.severity in ("high", "medium", "low")
        assert rule.title_en and rule.rationale.endswith(".")
        assert re.search(r"[\u4e00-\u9fff]", rule.title_zh)
        assert set(rule.parameters) <= set(PARAMETERS)


@pytest.mark.parametrize("rule", catalog(), ids=lambda r: r.id)
def test_rule_parameters_are_exactly_those_its_cypher_uses(rule: Any) -> None:
    used = set(re.findall(r"\$(\w+)", cypher(rule.query)))
    assert used == set(rule.parameters)


def test_catalog_agrees_with_the_seed_rules() -> None:
    from seed import rules as seed_rules

    assert [r.id for r in seed_rules.RULES] == RULE_IDS


def test_every_rule_is_documented() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "coverage.md").read_text(encoding="utf-8")
    for rule in catalog():
        assert f"| `{rule.id}` | {rule.title_en} | {rule.title_zh} | {rule.severity} |" in doc
