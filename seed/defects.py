"""Phase 5: plant the coverage-gap defects the gap analysis must find (see ``seed.rules``).

Each planter removes or alters a few rows of the finished world and records the exact
uids its rule will report. Victims are drawn away from everything an earlier defect
reserved, and chosen so that one defect never trips another rule by accident: a risk point
loses its control only when its duty still controls others, owners are moved only among
objects with no ownership history, and so on. (The structural defects — spans, people left
out, non-party leads — are planted while the organisation is drawn.)
"""

from __future__ import annotations

from collections.abc import Callable

from graph.grid_rules import DONE_HAZARD_STATUSES, OVERLOAD_LIMIT, SPAN_MAX, TRAINING_WINDOW_DAYS
from seed.dataset import RelKey, Row, days, iso, stamp
from seed.geography import build_geography
from seed.rules import ASSESSMENT_MONTH, MISSING_OFFICER_ROLE, RULE_COUNTS
from seed.world import World

OBJECT_LABELS = ("Equipment", "Area", "WorkItem")


def plant_defects(w: World) -> None:
    planters: tuple[Callable[[World], None], ...] = (
        _person_in_several_microcells,
        _microcell_without_lead,
        _microcell_lead_not_member,
        _cell_defects,
        _net_without_head,
        _overloaded_owner,
        _owner_outside_cell,
        _object_without_owner,
        _object_without_standard,
        _risk_point_without_control,
        _duty_missing_element,
        _hazard_defects,
        _unit_standard_not_derived,
        build_geography,
    )
    for planter in planters:
        planter(w)
    missing = [rule for rule in RULE_COUNTS if rule not in w.defects]
    if missing:
        raise RuntimeError(f"no defect planted for {missing}")


def _discard(w: World, key: RelKey, rows: list[Row]) -> None:
    """Remove exactly these row objects."""
    doomed = {id(row) for row in rows}
    w.drop(key, lambda row: id(row) in doomed)


# --- people and micro-cells ---------------------------------------------------------------


def _person_in_several_microcells(w: World) -> None:
    """Someone moved into a micro-cell of another cell, the old membership never closed."""
    rule = "person_in_several_microcells"
    members = [p for mc in w.microcells if mc not in w.reserved for p in w.mc_members[mc]]
    people = w.pick(members, RULE_COUNTS[rule], rule)
    for person in people:
        home = w.person_cell[person]
        targets = [
            mc for mc in w.microcells if w.mc_cell[mc] != home and len(w.mc_members[mc]) < SPAN_MAX
        ]
        target = w.pick(targets, 1, f"{rule} target")[0]
        since = w.between(w.today - days(200), w.today - days(10))
        w.rel("Person", "MEMBER_OF", "MicroCell", person, target, since=stamp(since))
        w.mc_members[target].append(person)
        w.reserved[target] = None
    w.plant(rule, people)


def _microcell_without_lead(w: World) -> None:
    """The lead's LEADS is gone; they stay a member, so the cell still has 3–4 members."""
    rule = "microcell_without_lead"
    candidates = [
        mc
        for mc in w.microcells
        if len(w.mc_members[mc]) in (2, 3) and w.mc_lead[mc] not in w.reserved
    ]
    chosen = w.pick(candidates, RULE_COUNTS[rule], rule)
    doomed = dict.fromkeys(chosen)
    w.drop(("Person", "LEADS", "MicroCell"), lambda row: row["b"] in doomed)
    w.plant(rule, chosen)


def _microcell_lead_not_member(w: World) -> None:
    """The lead sits in another micro-cell of the same cell (their membership moved, the
    LEADS stayed): still in exactly one micro-cell and one cell, and the other micro-cell,
    which gains a member, stays within 2–4."""
    rule = "microcell_lead_not_member"
    key = ("Person", "MEMBER_OF", "MicroCell")

    same_cell: dict[str, list[str]] = {}
    for mc in w.microcells:
        same_cell.setdefault(w.mc_cell[mc], []).append(mc)

    def others(mc: str) -> list[str]:
        return [
            o
            for o in same_cell[w.mc_cell[mc]]
            if o != mc and o not in w.reserved and len(w.mc_members[o]) < SPAN_MAX
        ]

    candidates = [mc for mc in w.microcells if w.mc_lead[mc] not in w.reserved and others(mc)]
    chosen = w.pick(candidates, RULE_COUNTS[rule], rule)
    for mc in chosen:
        target = w.pick(others(mc), 1, f"{rule} target")[0]
        lead = w.mc_lead[mc]
        since = {row["b"]: row["since"] for row in w.relationships[key] if row["a"] == lead}[mc]
        target_since = next(
            row["since"]
            for row in w.relationships[key]
            if row["a"] == w.mc_lead[target] and row["b"] == target
        )
        w.drop(key, lambda row: (row["a"], row["b"]) == (lead, mc))  # noqa: B023 (used at once)
        w.rel("Person", "MEMBER_OF", "MicroCell", lead, target, since=max(since, target_since))
        w.mc_members[target].append(lead)
        w.person_mc[lead] = target
        w.reserved[target] = None
        w.reserved[lead] = None
    w.plant(rule, chosen)


# --- cells and nets ---------------------------------------------------------------------------


def _cell_defects(w: World) -> None:
    """Distinct cells: one lacks a head, two the safety supervisor, two recent training,
    two the last month's assessment."""
    rules = (
        "cell_without_head",
        "cell_missing_officer_role",
        "cell_without_recent_training",
        "cell_without_assessment",
    )
    cells = w.pick(w.cells, sum(RULE_COUNTS[r] for r in rules), "cell defects")
    chosen: dict[str, list[str]] = {}
    for rule in rules:
        chosen[rule], cells = cells[: RULE_COUNTS[rule]], cells[RULE_COUNTS[rule] :]
        w.plant(rule, chosen[rule])

    headless = dict.fromkeys(chosen["cell_without_head"])
    w.drop(
        ("Person", "HEAD_OF", "Cell"),
        lambda row: row["b"] in headless and row.get("until") is None,
    )
    lacking = dict.fromkeys(chosen["cell_missing_officer_role"])
    w.drop(
        ("Person", "OFFICER_OF", "Cell"),
        lambda row: row["b"] in lacking and row["role"] == MISSING_OFFICER_ROLE.value,
    )
    untrained = dict.fromkeys(chosen["cell_without_recent_training"])
    recent = w.today - days(TRAINING_WINDOW_DAYS)
    w.drop(
        ("TrainingSession", "TRAINED", "Cell"),
        lambda row: row["b"] in untrained and w.session_held[row["a"]] >= recent,
    )
    unassessed = {
        row["a"]: None
        for row in w.relationships[("Assessment", "ASSESSES", "Cell")]
        if row["b"] in chosen["cell_without_assessment"] and row["a"].endswith(ASSESSMENT_MONTH)
    }
    w.nodes["Assessment"] = [r for r in w.nodes["Assessment"] if r["uid"] not in unassessed]
    w.drop(("Assessment", "ASSESSES", "Cell"), lambda row: row["a"] in unassessed)


def _net_without_head(w: World) -> None:
    rule = "net_without_head"
    nets = w.pick(w.l4, RULE_COUNTS[rule], rule)
    headless = dict.fromkeys(nets)
    w.drop(
        ("Person", "HEAD_OF", "Net"),
        lambda row: row["b"] in headless and row.get("until") is None,
    )
    w.plant(rule, nets)


# --- objects -----------------------------------------------------------------------------------


def _single_members(w: World, cell: str) -> list[str]:
    """People of the cell no other defect has reserved (so nobody in two micro-cells)."""
    return [p for p in w.cell_people[cell] if p not in w.reserved]


def _reassign(w: World, obj: str, person: str) -> None:
    row = w.object_owner[obj]
    w.owner_load[row["b"]] -= 1
    row["b"] = person
    w.owner_load[person] = w.owner_load.get(person, 0) + 1


def _movable_objects(w: World) -> list[str]:
    """Objects in cells no defect reserved, never reassigned before, not yet a defect."""
    history = dict.fromkeys(w.objects_with_history)
    return [
        obj
        for cell in w.cells
        if cell not in w.reserved
        for _, obj in w.cell_objects[cell]
        if obj not in w.reserved and obj not in history
    ]


def _overloaded_owner(w: World) -> None:
    """Two people each handed a pile of their cell's objects, beyond the limit of 40."""
    rule = "overloaded_owner"
    people = []
    big_cells = [c for c in w.cells if len(w.cell_objects[c]) >= OVERLOAD_LIMIT + 25]
    for cell in w.pick(big_cells, RULE_COUNTS[rule], rule):
        person = w.rng.choice(_single_members(w, cell))
        target = OVERLOAD_LIMIT + w.rng.randint(3, 9)
        history = dict.fromkeys(w.objects_with_history)
        objects = [obj for _, obj in w.cell_objects[cell] if obj not in history]
        w.rng.shuffle(objects)
        for obj in objects:
            if w.owner_load.get(person, 0) >= target:
                break
            if w.object_owner[obj]["b"] != person:
                _reassign(w, obj, person)
        if w.owner_load[person] < target:
            raise RuntimeError(f"cell {cell} has too few objects to overload {person}")
        people.append(person)
        w.reserved[cell] = None
    w.plant(rule, people)


def _owner_outside_cell(w: World) -> None:
    """Three objects handed to someone of another cell."""
    rule = "owner_outside_cell"
    objects = w.pick(_movable_objects(w), RULE_COUNTS[rule], rule)
    cell_of = {obj: cell for cell in w.cells for _, obj in w.cell_objects[cell]}
    for obj in objects:
        while True:
            other = w.rng.choice(w.cells)
            if other == cell_of[obj] or other in w.reserved:
                continue
            person = w.rng.choice(w.cell_people[other])
            if person not in w.reserved and w.owner_load.get(person, 0) <= OVERLOAD_LIMIT - 10:
                break
        _reassign(w, obj, person)
        w.reserved[person] = None
    w.plant(rule, objects)


def _object_labels(w: World) -> dict[str, str]:
    return {obj: label for cell in w.cells for label, obj in w.cell_objects[cell]}


def _object_without_owner(w: World) -> None:
    """Current owners removed; one of the objects keeps its closed, earlier ownership."""
    rule = "object_without_owner"
    cell_of = {obj: cell for cell in w.cells for _, obj in w.cell_objects[cell]}
    history = [
        obj
        for obj in w.objects_with_history
        if cell_of[obj] not in w.reserved and obj not in w.reserved
    ]
    objects = w.pick(history, 1, rule) + w.pick(_movable_objects(w), RULE_COUNTS[rule] - 1, rule)
    labels = _object_labels(w)
    for label in OBJECT_LABELS:
        rows = [w.object_owner[obj] for obj in objects if labels[obj] == label]
        _discard(w, (label, "OWNED_BY", "Person"), rows)
    for obj in objects:
        w.owner_load[w.object_owner[obj]["b"]] -= 1
    w.plant(rule, objects)


def _object_without_standard(w: World) -> None:
    rule = "object_without_standard"
    objects = w.pick(_movable_objects(w), RULE_COUNTS[rule], rule)
    doomed = dict.fromkeys(objects)
    for label in OBJECT_LABELS:
        w.drop((label, "GOVERNED_BY", "Standard"), lambda row: row["a"] in doomed)
    w.plant(rule, objects)


# --- risks, duties, hazards, standards ----------------------------------------------------------


def _risk_point_without_control(w: World) -> None:
    """One risk point taken from each of four duties that control several."""
    rule = "risk_point_without_control"
    shared = [duty for duty, points in w.duty_controls.items() if len(points) >= 2]
    duties = w.pick(shared, RULE_COUNTS[rule], rule)
    lost: dict[tuple[str, str], None] = {}
    for duty in duties:
        point = w.rng.choice(w.duty_controls[duty])
        w.duty_controls[duty].remove(point)
        lost[(duty, point)] = None
        w.reserved[duty] = None
    w.drop(("Duty", "CONTROLS", "RiskPoint"), lambda row: (row["a"], row["b"]) in lost)
    w.plant(rule, [point for _, point in lost])


def _duty_missing_element(w: World) -> None:
    """Two duties without a schedule (time), one without a space, one officer duty without
    an assignee (person) and one without anything it applies to (object)."""
    rule = "duty_missing_element"
    any_duty = w.pick(list(w.duty), 3, rule)
    for duty, element in zip(any_duty, ("schedule", "schedule", "space"), strict=True):
        del w.duty[duty][element]
        w.reserved[duty] = None
    unassigned, objectless = w.pick(w.officer_duties, 2, rule)
    w.drop(("Duty", "ASSIGNED_TO", "Person"), lambda row: row["a"] == unassigned)
    for label in OBJECT_LABELS:
        w.drop(("Duty", "APPLIES_TO", label), lambda row: row["a"] == objectless)
    w.plant(rule, [*any_duty, unassigned, objectless])


def _hazard_defects(w: World) -> None:
    """Three open hazards past their deadline, two open ones with no owner."""
    open_hazards = [h for h, row in w.hazard.items() if row["status"] not in DONE_HAZARD_STATUSES]
    overdue = w.pick(open_hazards, RULE_COUNTS["hazard_overdue"], "hazard_overdue")
    cell_links = {row["a"]: row for row in w.relationships[("Hazard", "BELONGS_TO", "Cell")]}
    found_at = {row["a"]: row for row in w.relationships[("Hazard", "FOUND_AT", "RiskPoint")]}
    for hazard in overdue:
        deadline = w.today - days(w.rng.randint(2, 20))
        found = deadline - days(w.rng.randint(10, 40))
        w.hazard[hazard]["deadline"] = iso(deadline)
        w.hazard[hazard]["found_on"] = iso(found)
        w.hazard_owner[hazard]["since"] = stamp(found)
        cell_links[hazard]["since"] = stamp(found)
        found_at[hazard]["since"] = stamp(found)
    w.plant("hazard_overdue", overdue)
    ownerless = w.pick(open_hazards, RULE_COUNTS["hazard_without_owner"], "hazard_without_owner")
    _discard(w, ("Hazard", "OWNED_BY", "Person"), [w.hazard_owner[h] for h in ownerless])
    w.plant("hazard_without_owner", ownerless)


def _unit_standard_not_derived(w: World) -> None:
    rule = "unit_standard_not_derived"
    standards = w.pick([s["uid"] for s in w.unit_standards], RULE_COUNTS[rule], rule)
    orphans = dict.fromkeys(standards)
    w.drop(("Standard", "DERIVED_FROM", "Standard"), lambda row: row["a"] in orphans)
    w.plant(rule, standards)
