"""An independent, pure-Python implementation of every gap rule over a Dataset's rows.

It deliberately shares no code with ``seed/`` (only the rule definitions in docs/seed.md):
it looks at nothing but the rows a loader would write, so when its findings equal
``Dataset.defects`` the planted defects are exactly what each rule finds — no more, no less.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta
from typing import Any

from seed.dataset import Dataset
from tests.seed.spatial_checker import SPATIAL_RULE_IDS, SpatialChecker

type Rows = list[dict[str, Any]]

OBJECT_LABELS = ("Equipment", "Area", "WorkItem")
DONE = ("rectified", "verified", "closed")
OFFICER_ROLES = (
    "propagandist",
    "demonstrator",
    "mediator",
    "safety_supervisor",
    "security_comanager",
    "health_instructor",
    "discipline_supervisor",
    "production_coordinator",
)
ELEMENT_PROPERTIES = ("matter", "responsibility", "schedule", "space")


class GapChecker(SpatialChecker):
    """Answers each gap rule from the rows alone; ``findings()`` gives rule id → sorted uids."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self.today = data.today

    # --- row access ---------------------------------------------------------------------

    def uids(self, label: str) -> list[str]:
        return [row["uid"] for row in self.data.nodes.get(label, [])]

    def rels(self, source: str, rel_type: str, target: str) -> Rows:
        return self.data.relationships.get((source, rel_type, target), [])

    def current(self, source: str, rel_type: str, target: str) -> Rows:
        """Open assignments only: a closed one (with ``until``) is history, never current."""
        return [r for r in self.rels(source, rel_type, target) if r.get("until") is None]

    def sources(self, rows: Rows) -> set[str]:
        return {r["a"] for r in rows}

    def targets(self, rows: Rows) -> set[str]:
        return {r["b"] for r in rows}

    # --- the rules ----------------------------------------------------------------------

    def object_without_owner(self) -> list[str]:
        found = []
        for label in OBJECT_LABELS:
            owned = self.sources(self.current(label, "OWNED_BY", "Person"))
            found += [uid for uid in self.uids(label) if uid not in owned]
        return found

    def object_without_standard(self) -> list[str]:
        found = []
        for label in OBJECT_LABELS:
            governed = self.sources(self.current(label, "GOVERNED_BY", "Standard"))
            found += [uid for uid in self.uids(label) if uid not in governed]
        return found

    def risk_point_without_control(self) -> list[str]:
        controlled = self.targets(self.rels("Duty", "CONTROLS", "RiskPoint"))
        return [uid for uid in self.uids("RiskPoint") if uid not in controlled]

    def _open_hazards(self) -> Rows:
        return [h for h in self.data.nodes["Hazard"] if h["status"] not in DONE]

    def hazard_overdue(self) -> list[str]:
        today = self.today.isoformat()
        return [
            h["uid"]
            for h in self._open_hazards()
            if h.get("deadline") is not None and h["deadline"] < today
        ]

    def hazard_without_owner(self) -> list[str]:
        owned = self.sources(self.current("Hazard", "OWNED_BY", "Person"))
        return [h["uid"] for h in self._open_hazards() if h["uid"] not in owned]

    def _leads(self) -> dict[str, list[str]]:
        leads: dict[str, list[str]] = defaultdict(list)
        for row in self.current("Person", "LEADS", "MicroCell"):
            leads[row["b"]].append(row["a"])
        return leads

    def _members(self) -> dict[str, set[str]]:
        members: dict[str, set[str]] = defaultdict(set)
        for row in self.current("Person", "MEMBER_OF", "MicroCell"):
            members[row["b"]].add(row["a"])
        return members

    def microcell_without_lead(self) -> list[str]:
        leads = self._leads()
        return [mc for mc in self.uids("MicroCell") if not leads.get(mc)]

    def microcell_lead_not_party_member(self) -> list[str]:
        party = {p["uid"]: p["party_member"] for p in self.data.nodes["Person"]}
        leads = self._leads()
        return [mc for mc in self.uids("MicroCell") if any(not party[p] for p in leads.get(mc, []))]

    def microcell_lead_not_member(self) -> list[str]:
        leads, members = self._leads(), self._members()
        return [
            mc
            for mc in self.uids("MicroCell")
            if any(p not in members.get(mc, set()) for p in leads.get(mc, []))
        ]

    def lead_span_out_of_range(self) -> list[str]:
        leads, members = self._leads(), self._members()
        found = []
        for mc in self.uids("MicroCell"):
            if not leads.get(mc):
                continue
            span = len(members[mc] - set(leads[mc]))
            if not 2 <= span <= 4:
                found.append(mc)
        return found

    def _memberships(self) -> Counter[str]:
        return Counter(r["a"] for r in self.current("Person", "MEMBER_OF", "MicroCell"))

    def person_without_microcell(self) -> list[str]:
        memberships = self._memberships()
        return [p for p in self.uids("Person") if memberships[p] == 0]

    def person_in_several_microcells(self) -> list[str]:
        pairs = {(r["a"], r["b"]) for r in self.current("Person", "MEMBER_OF", "MicroCell")}
        per_person = Counter(person for person, _ in pairs)
        return [p for p in self.uids("Person") if per_person[p] >= 2]

    def cell_missing_officer_role(self) -> list[str]:
        roles: dict[str, set[str]] = defaultdict(set)
        for row in self.current("Person", "OFFICER_OF", "Cell"):
            roles[row["b"]].add(row["role"])
        return [c for c in self.uids("Cell") if not set(OFFICER_ROLES) <= roles[c]]

    def net_without_head(self) -> list[str]:
        headed = self.targets(self.current("Person", "HEAD_OF", "Net"))
        return [n for n in self.uids("Net") if n not in headed]

    def cell_without_head(self) -> list[str]:
        headed = self.targets(self.current("Person", "HEAD_OF", "Cell"))
        return [c for c in self.uids("Cell") if c not in headed]

    def _person_cells(self) -> dict[str, set[str]]:
        cell_of_mc = {r["a"]: r["b"] for r in self.current("MicroCell", "PART_OF", "Cell")}
        cells: dict[str, set[str]] = defaultdict(set)
        for row in self.current("Person", "MEMBER_OF", "MicroCell"):
            cells[row["a"]].add(cell_of_mc[row["b"]])
        return cells

    def owner_outside_cell(self) -> list[str]:
        person_cells = self._person_cells()
        found = []
        for label in OBJECT_LABELS:
            cell_of = {r["a"]: r["b"] for r in self.rels(label, "BELONGS_TO", "Cell")}
            for row in self.current(label, "OWNED_BY", "Person"):
                if cell_of[row["a"]] not in person_cells[row["b"]]:
                    found.append(row["a"])
        return found

    def overloaded_owner(self) -> list[str]:
        load = Counter(
            row["b"] for label in OBJECT_LABELS for row in self.current(label, "OWNED_BY", "Person")
        )
        return [person for person, n in load.items() if n > 40]

    def duty_missing_element(self) -> list[str]:
        assigned = self.sources(self.current("Duty", "ASSIGNED_TO", "Person"))
        with_object = self.sources(self.rels("Duty", "CONTROLS", "RiskPoint"))
        for label in OBJECT_LABELS:
            with_object |= self.sources(self.rels("Duty", "APPLIES_TO", label))
        found = []
        for duty in self.data.nodes["Duty"]:
            blank = any(not str(duty.get(p) or "").strip() for p in ELEMENT_PROPERTIES)
            if blank or duty["uid"] not in assigned or duty["uid"] not in with_object:
                found.append(duty["uid"])
        return found

    def unit_standard_not_derived(self) -> list[str]:
        derived = self.sources(self.rels("Standard", "DERIVED_FROM", "Standard"))
        return [
            s["uid"]
            for s in self.data.nodes["Standard"]
            if s["level"] == "unit" and s["uid"] not in derived
        ]

    def cell_without_recent_training(self) -> list[str]:
        since = (self.today - timedelta(days=180)).isoformat()
        today = self.today.isoformat()
        held = {s["uid"]: s["held_on"] for s in self.data.nodes["TrainingSession"]}
        trained = {
            r["b"]
            for r in self.rels("TrainingSession", "TRAINED", "Cell")
            if since <= held[r["a"]] <= today
        }
        return [c for c in self.uids("Cell") if c not in trained]

    def cell_without_assessment(self, month: str = "2026-10") -> list[str]:
        in_month = {a["uid"] for a in self.data.nodes["Assessment"] if a["month"] == month}
        assessed = {
            r["b"] for r in self.rels("Assessment", "ASSESSES", "Cell") if r["a"] in in_month
        }
        return [c for c in self.uids("Cell") if c not in assessed]

    # --- all at once ------------------------------------------------------------------------

    RULE_IDS = (
        "object_without_owner",
        "object_without_standard",
        "risk_point_without_control",
        "hazard_overdue",
        "hazard_without_owner",
        "microcell_without_lead",
        "microcell_lead_not_party_member",
        "microcell_lead_not_member",
        "lead_span_out_of_range",
        "person_without_microcell",
        "person_in_several_microcells",
        "cell_missing_officer_role",
        "net_without_head",
        "cell_without_head",
        "owner_outside_cell",
        "overloaded_owner",
        "duty_missing_element",
        "unit_standard_not_derived",
        "cell_without_recent_training",
        "cell_without_assessment",
        *SPATIAL_RULE_IDS,
    )

    def findings(self) -> dict[str, list[str]]:
        return {rule: sorted(set(getattr(self, rule)())) for rule in self.RULE_IDS}
