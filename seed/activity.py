"""Phase 4: the grid at work — problems (micro-matters), health records, training sessions,
tackling teams, leader visits, monthly assessments and the company–local partners."""

from __future__ import annotations

from datetime import date

from graph.enums import (
    CellMode,
    HealthStatus,
    PartnerKind,
    ProblemCategory,
    ProblemScale,
    ProblemStatus,
    TrainingKind,
)
from graph.grid_rules import TRAINING_WINDOW_DAYS
from seed.dataset import Weights, days, iso, stamp
from seed.names import (
    AGREEMENT_SCOPE,
    AGREEMENT_TITLE,
    HEALTH_NOTES,
    PARTNERS,
    PROBLEM_TEXTS,
    TACKLE_TASKS,
    TRAINING_TOPICS,
    VISIT_PURPOSES,
)
from seed.world import Tenure, World, uid

PROBLEMS_FROM = date(2024, 3, 1)
TRAININGS_FROM = date(2025, 1, 6)
AGREEMENT_SIGNED = date(2024, 5, 16)
ASSESSED_MONTHS = tuple(
    f"{year}-{month:02d}"
    for year, month in [(2025, 11), (2025, 12)] + [(2026, m) for m in range(1, 11)]
)
"""The twelve assessed months, 2025-11 … 2026-10."""

CATEGORY_WEIGHTS = {
    ProblemCategory.SAFETY: 25,
    ProblemCategory.PRODUCTION: 25,
    ProblemCategory.LIVELIHOOD: 20,
    ProblemCategory.STABILITY: 8,
    ProblemCategory.SUGGESTION: 14,
    ProblemCategory.ENVIRONMENT: 8,
}
SMALL_STATUSES = {
    ProblemStatus.REPORTED: 2,
    ProblemStatus.ACCEPTED: 4,
    ProblemStatus.RESOLVED: 16,
    ProblemStatus.CLOSED: 78,
}
BIG_STATUSES = {ProblemStatus.ESCALATED: 15, ProblemStatus.RESOLVED: 15, ProblemStatus.CLOSED: 70}
OPEN_PROBLEM = (ProblemStatus.REPORTED, ProblemStatus.ACCEPTED, ProblemStatus.ESCALATED)
_SMALL_STATUSES = Weights.of(SMALL_STATUSES)
_BIG_STATUSES = Weights.of(BIG_STATUSES)
_SCENE_CATEGORIES = Weights.of(CATEGORY_WEIGHTS)
_OTHER_CATEGORIES = Weights.of(CATEGORY_WEIGHTS | {ProblemCategory.PRODUCTION: 4})
HEALTH_WEIGHTS = {
    HealthStatus.HEALTHY: 70,
    HealthStatus.OBSERVE: 18,
    HealthStatus.FOLLOW_UP: 9,
    HealthStatus.RESTRICTED: 3,
}
_HEALTH_STATUSES = Weights.of(HEALTH_WEIGHTS)


def build_activity(w: World) -> None:
    _problems(w)
    _health_records(w)
    _trainings(w)
    _tackle_teams(w)
    _visits(w)
    _assessments(w)
    _partners(w)


# --- problems ----------------------------------------------------------------------------------


def _problems(w: World) -> None:
    """Small matters solved in the cell, big ones escalated to the net (大事全网联动)."""
    total = w.volumes.problems
    weights = [len(w.cell_people[c]) for c in w.cells]
    for i, cell in enumerate(w.rng.choices(w.cells, weights=weights, k=total), start=1):
        problem = uid("pb", i, total, 5)
        big = w.rng.random() < 0.08
        status = (_BIG_STATUSES if big else _SMALL_STATUSES).draw(w.rng)
        category = _category(w, cell)
        anonymous = w.rng.random() < 0.06
        if status in OPEN_PROBLEM:
            reported = w.between(w.today - days(45), w.today - days(1))
        else:
            reported = w.between(PROBLEMS_FROM, w.today - days(70))
        row = {
            "uid": problem,
            "title": f"{w.cell_place[cell]}：{w.rng.choice(PROBLEM_TEXTS[category])}",
            "category": category.value,
            "status": status.value,
            "scale": (ProblemScale.BIG if big else ProblemScale.SMALL).value,
            "anonymous": anonymous,
            "reported_on": iso(reported),
        }
        escalated = reported + days(w.rng.randint(0, 3)) if big else None
        resolved = None
        if status not in OPEN_PROBLEM:
            resolved = (escalated or reported) + days(w.rng.randint(1, 60 if big else 15))
            row["resolved_on"] = iso(resolved)
            row["resolution"] = "全网联动协调解决" if big else "格内协调解决"
        w.node("Problem", row)
        _problem_links(w, problem, cell, reported, anonymous, escalated, resolved)


def _category(w: World, cell: str) -> ProblemCategory:
    """Production problems come mostly from scene cells (stations), the rest from anywhere."""
    scene = w.cell_mode[cell] == CellMode.SCENE.value
    return (_SCENE_CATEGORIES if scene else _OTHER_CATEGORIES).draw(w.rng)


def _problem_links(
    w: World,
    problem: str,
    cell: str,
    reported: date,
    anonymous: bool,
    escalated: date | None,
    resolved: date | None,
) -> None:
    people = w.cell_people[cell]
    w.rel("Problem", "RAISED_IN", "Cell", problem, cell)
    if not anonymous:
        w.rel("Problem", "REPORTED_BY", "Person", problem, w.rng.choice(people))
    handler = w.heads[cell][-1].person if w.rng.random() < 0.4 else w.rng.choice(people)
    w.rel("Problem", "OWNED_BY", "Person", problem, handler, since=stamp(reported))
    if escalated is not None:
        l4 = w.cell_net[cell]
        net = l4 if w.rng.random() < 0.6 else w.net_parent[l4]
        props = {"since": stamp(escalated)}
        if resolved is not None:
            props["until"] = stamp(resolved)
        w.rel("Problem", "ESCALATED_TO", "Net", problem, net, **props)


# --- people's records and training --------------------------------------------------------------


def _health_records(w: World) -> None:
    """One health record per employee (员工健康档案)."""
    for person in w.person:
        record = "hr-" + person.removeprefix("p-")
        status = _HEALTH_STATUSES.draw(w.rng)
        checked = w.between(date(2026, 1, 5), date(2026, 10, 30))
        row = {
            "uid": record,
            "checked_on": iso(checked),
            "status": status.value,
            "notes": HEALTH_NOTES[status.value],
        }
        w.node("HealthRecord", row)
        w.rel("HealthRecord", "RECORD_OF", "Person", record, person)


def _trainings(w: World) -> None:
    """Post-check training sessions (岗检培训), each for all cells of one or two level-4 nets.

    The first sessions cover every level-4 net inside the recent-training window; the rest
    fall anywhere since early 2025.
    """
    total = w.volumes.trainings
    nets = w.l4[:]
    w.rng.shuffle(nets)
    plan: list[tuple[list[str], date]] = []
    recent_from = w.today - days(TRAINING_WINDOW_DAYS - 10)
    while nets:
        size = 2 if len(nets) > 1 and w.rng.random() < 0.5 else 1
        plan.append((nets[:size], w.between(recent_from, w.today - days(3))))
        nets = nets[size:]
    if len(plan) > total:
        raise ValueError(f"{total} training sessions cannot cover {len(w.l4)} nets")
    while len(plan) < total:
        branches = w.net_children[w.rng.choice(w.l3)]
        group = w.rng.sample(branches, k=1 if w.rng.random() < 0.6 else 2)
        plan.append((group, w.between(TRAININGS_FROM, w.today - days(1))))
    plan.sort(key=lambda entry: entry[1])
    for i, (group, held) in enumerate(plan, start=1):
        _training(w, uid("tr", i, total, 3), group, held)


def _training(w: World, session: str, group: list[str], held: date) -> None:
    cells = [c for net in group for c in w.net_cells[net]]
    people = sum(len(w.cell_people[c]) for c in cells)
    kind = w.rng.choice(list(TrainingKind))
    topic = w.rng.choice(TRAINING_TOPICS)
    row = {
        "uid": session,
        "title": f"{topic}岗检培训（{kind.zh}）",
        "kind": kind.value,
        "held_on": iso(held),
        "attendees": round(people * w.rng.uniform(0.7, 0.95)),
    }
    w.node("TrainingSession", row)
    for cell in cells:
        w.rel("TrainingSession", "TRAINED", "Cell", session, cell)
    trainers = [p for c in cells for p in w.cell_people[c] if w.person[p]["party_member"]]
    w.rel("TrainingSession", "TAUGHT_BY", "Person", session, w.rng.choice(trainers))
    w.session_held[session] = held


def _tackle_teams(w: World) -> None:
    """One party-member tackling team (党员攻坚队) per level-3 net."""
    for i, net in enumerate(w.l3, start=1):
        team = uid("tt", i, len(w.l3), 3)
        row = {"uid": team, "name": f"{w.net_name[net]}党员攻坚队"}
        row["task"] = w.rng.choice(TACKLE_TASKS)
        w.node("TackleTeam", row)
        w.rel("TackleTeam", "IN_NET", "Net", team, net)
        party = [
            p for c in w.net_cells[net] for p in w.cell_people[c] if w.person[p]["party_member"]
        ]
        for person in w.rng.sample(party, k=min(len(party), w.rng.randint(6, 12))):
            w.rel("Person", "IN_TEAM", "TackleTeam", person, team)


# --- visits, assessments, partners -----------------------------------------------------------


def _holder(tenures: list[Tenure], day: date) -> str:
    for tenure in tenures:
        if tenure.since <= day and (tenure.until is None or day < tenure.until):
            return tenure.person
    return tenures[-1].person


def _visits(w: World) -> None:
    """Leaders (company and brigade heads) go down to a cell every Tuesday and Wednesday."""
    total = w.volumes.visits
    visit_days = [
        day for day in (w.today - days(k) for k in range(365, 0, -1)) if day.weekday() in (1, 2)
    ]
    plan = []
    for _ in range(total):
        day = w.rng.choice(visit_days)
        net = w.l2 if w.rng.random() < 0.2 else w.rng.choice(w.l3)
        plan.append((day, net, w.rng.choice(w.net_cells[net])))
    plan.sort(key=lambda entry: entry[0])
    for i, (day, net, cell) in enumerate(plan, start=1):
        visit = uid("vs", i, total, 4)
        weekday = "二" if day.weekday() == 1 else "三"
        purpose = f"周{weekday}下基层：{w.rng.choice(VISIT_PURPOSES)}"
        row = {"uid": visit, "visited_on": iso(day), "purpose": purpose}
        w.node("Visit", row)
        w.rel("Visit", "VISITED_BY", "Person", visit, _holder(w.heads[net], day))
        w.rel("Visit", "VISITED", "Cell", visit, cell)


def _assessments(w: World) -> None:
    """One monthly assessment (月度考核评价) per cell for each of the twelve months."""
    width = max(4, len(str(len(w.cells))))
    for cell in w.cells:
        for month in ASSESSED_MONTHS:
            assessment = f"asmt-{w.cell_no[cell]:0{width}d}-{month}"
            score = round(min(100.0, max(60.0, w.rng.gauss(86.0, 7.0))), 1)
            w.node("Assessment", {"uid": assessment, "month": month, "score": score})
            w.rel("Assessment", "ASSESSES", "Cell", assessment, cell)


def _partners(w: World) -> None:
    """The eleven partners who signed the four cities' maintenance-cooperation agreement."""
    agreement = "agr-01"
    w.node(
        "Agreement",
        {
            "uid": agreement,
            "title": AGREEMENT_TITLE,
            "signed_on": iso(AGREEMENT_SIGNED),
            "scope": AGREEMENT_SCOPE,
        },
    )
    for i, (name, kind, city) in enumerate(PARTNERS, start=1):
        partner = uid("partner", i, len(PARTNERS), 2)
        w.node(
            "PartnerOrg",
            {"uid": partner, "name": name, "kind": PartnerKind(kind).value, "city": city},
        )
        w.rel("PartnerOrg", "SIGNED", "Agreement", partner, agreement)
        for net in w.rng.sample(w.l3, k=min(len(w.l3), w.rng.randint(2, 4))):
            w.rel("PartnerOrg", "LINKED_WITH", "Net", partner, net)
