"""The catalogue of coverage-gap rules the seed plants defects for.

Rule ids are shared with the gap analysis (``queries/``): each must report exactly the
uids ``Dataset.defects`` lists for it. Counts are fixed, whatever the scale.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.enums import OfficerRole
from graph.grid_rules import (
    OVERLOAD_LIMIT,
    TRAINING_WINDOW_DAYS,
)

ASSESSMENT_MONTH = "2026-10"
"""The last complete month before SEED_TODAY: every cell needs its assessment."""

MISSING_OFFICER_ROLE = OfficerRole.SAFETY_SUPERVISOR
"""The officer role the planted ``cell_missing_officer_role`` cells lack."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One gap rule: what it reports (``label``), how many the seed plants, what it means."""

    id: str
    label: str
    count: int
    meaning: str


RULES: tuple[Rule, ...] = (
    Rule(
        "object_without_owner",
        "Equipment/Area/WorkItem",
        7,
        "an object with no open OWNED_BY (no dedicated person, 无专人)",
    ),
    Rule(
        "object_without_standard",
        "Equipment/Area/WorkItem",
        5,
        "an object with no open GOVERNED_BY (no dedicated standard, 无专标)",
    ),
    Rule(
        "risk_point_without_control",
        "RiskPoint",
        4,
        "a risk point no Duty CONTROLS",
    ),
    Rule(
        "hazard_overdue",
        "Hazard",
        3,
        "status not rectified/verified/closed and deadline before today",
    ),
    Rule(
        "hazard_without_owner",
        "Hazard",
        2,
        "status not rectified/verified/closed and no open OWNED_BY",
    ),
    Rule(
        "microcell_without_lead",
        "MicroCell",
        2,
        "a micro-cell with no open LEADS",
    ),
    Rule(
        "microcell_lead_not_party_member",
        "MicroCell",
        2,
        "a micro-cell whose current lead is not a party member",
    ),
    Rule(
        "microcell_lead_not_member",
        "MicroCell",
        2,
        "a micro-cell whose current lead is not a current member of it (the lead sits in "
        "another micro-cell of the same cell)",
    ),
    Rule(
        "lead_span_out_of_range",
        "MicroCell",
        4,
        "a micro-cell with a current lead whose span (current members other than the lead) "
        "is below 2 or above 4; two are planted with 1, two with 5",
    ),
    Rule(
        "person_without_microcell",
        "Person",
        3,
        "a person with no open MEMBER_OF (in no net, 不在网)",
    ),
    Rule(
        "person_in_several_microcells",
        "Person",
        2,
        "a person with open MEMBER_OF to two or more micro-cells",
    ),
    Rule(
        "cell_missing_officer_role",
        "Cell",
        2,
        "a cell where one of the eight officer roles has no open OFFICER_OF "
        "(the planted ones lack the safety supervisor)",
    ),
    Rule("net_without_head", "Net", 1, "a net with no open HEAD_OF (planted on a level-4 net)"),
    Rule("cell_without_head", "Cell", 1, "a cell with no open HEAD_OF"),
    Rule(
        "owner_outside_cell",
        "Equipment/Area/WorkItem",
        3,
        "an object whose current owner is a current member of no micro-cell of the object's cell",
    ),
    Rule(
        "overloaded_owner",
        "Person",
        2,
        f"a person owning more than {OVERLOAD_LIMIT} current objects",
    ),
    Rule(
        "duty_missing_element",
        "Duty",
        5,
        "a duty lacking one of the six elements: no open ASSIGNED_TO (person), blank matter, "
        "no APPLIES_TO and no CONTROLS (object), blank responsibility, schedule (time) or "
        "space; planted: 2 without schedule, 1 without space, 1 without assignee, "
        "1 without object",
    ),
    Rule(
        "unit_standard_not_derived",
        "Standard",
        3,
        "a unit standard with no DERIVED_FROM guidance standard",
    ),
    Rule(
        "cell_without_recent_training",
        "Cell",
        2,
        f"a cell no TrainingSession TRAINED with held_on in the {TRAINING_WINDOW_DAYS} days "
        "before today (held_on ≥ today − 180 days and ≤ today)",
    ),
    Rule(
        "cell_without_assessment",
        "Cell",
        2,
        f"a cell with no Assessment for month {ASSESSMENT_MONTH}",
    ),
    Rule(
        "object_outside_cell",
        "Equipment/Area/RiskPoint/Hazard/Problem",
        3,
        "a positioned object (a risk point at its own position or its object's) outside the "
        "territory of its cell; planted: two devices and one hazard moved into another net",
    ),
    Rule(
        "overlapping_cells",
        "Cell",
        2,
        "a mapped cell whose territory overlaps another cell's (more than 1 m²); planted: one "
        "cell stretched into its neighbour, both reported",
    ),
    Rule(
        "territory_not_covered",
        "Net",
        1,
        "a mapped net part of whose territory (more than 1 m²) lies in none of its mapped "
        "child nets or cells; planted: a level-4 net whose cells leave its east quarter bare",
    ),
    Rule(
        "object_without_position",
        "Equipment/Area",
        4,
        "a device or area of a mapped cell with no position (area: no territory); planted: "
        "three devices and one area",
    ),
)
"""Every rule, in the order docs and reports list them."""

RULE_COUNTS: dict[str, int] = {rule.id: rule.count for rule in RULES}
