"""Phase 3: post risk lists, graded risk points, the duties that control them and the
officers' duties (六要素), and hazards with their closed loop."""

from __future__ import annotations

from datetime import date

from graph.enums import (
    CellMode,
    HazardSeverity,
    HazardStatus,
    OfficerRole,
    RiskGrade,
)
from graph.grid_rules import DONE_HAZARD_STATUSES
from graph.status_history import default_history
from seed.dataset import Weights, days, iso, stamp
from seed.names import (
    AREA_RISKS,
    CONTROL_SCHEDULES,
    EQUIPMENT_RISKS,
    HAZARD_ISSUES,
    OFFICER_TASKS,
)
from seed.world import World, uid

GRADE_WEIGHTS = {RiskGrade.RED: 2, RiskGrade.ORANGE: 10, RiskGrade.YELLOW: 30, RiskGrade.BLUE: 58}
"""The graded risk control pyramid: roughly 2 % red, 10 % orange, 30 % yellow, 58 % blue."""

HAZARD_STATUS_WEIGHTS = {
    HazardStatus.CLOSED: 840,
    HazardStatus.VERIFIED: 50,
    HazardStatus.RECTIFIED: 30,
    HazardStatus.RECTIFYING: 40,
    HazardStatus.ASSIGNED: 25,
    HazardStatus.FOUND: 15,
}
_GRADES = Weights.of(GRADE_WEIGHTS)
_HAZARD_STATUSES = Weights.of(HAZARD_STATUS_WEIGHTS)
OFFICER_SCHEDULES = ("每日一次", "每周一次", "每月一次", "每季度一次", "每班交接时")
RISK_OWNERSHIP_START = date(2023, 9, 1)
DUTY_START = date(2024, 1, 1)
HAZARDS_FROM = date(2024, 1, 1)


def build_safety(w: World) -> None:
    lists = _risk_lists(w)
    _risk_points(w, lists)
    _control_duties(w)
    _officer_duties(w)
    _hazards(w)


def _risk_lists(w: World) -> list[tuple[str, str]]:
    """Post risk lists (岗位风险清单), mostly in scene cells, one per post and cell."""
    total = w.volumes.risk_lists
    weights = [3.0 if w.cell_mode[c] == CellMode.SCENE.value else 1.0 for c in w.cells]
    lists = []
    used: dict[tuple[str, str], None] = {}
    for i, cell in enumerate(w.rng.choices(w.cells, weights=weights, k=total), start=1):
        posts = [w.person[p]["post"] for p in w.cell_people[cell]]
        post = next((p for p in posts if (cell, p) not in used), posts[0])
        used[(cell, post)] = None
        risk_list = uid("rl", i, total, 4)
        name = f"{w.cell_place[cell]}{post}岗位风险清单"
        w.node("RiskList", {"uid": risk_list, "name": name, "post": post})
        w.rel("RiskList", "BELONGS_TO", "Cell", risk_list, cell, since=stamp(RISK_OWNERSHIP_START))
        lists.append((risk_list, cell))
    return lists


def _risk_points(w: World, lists: list[tuple[str, str]]) -> None:
    total = w.volumes.risk_points
    weights = [len(w.cell_equipment[cell]) + 5 for _, cell in lists]
    per_list = w.spread(total, weights, minimum=5)
    number = 0
    for (risk_list, cell), count in zip(lists, per_list, strict=True):
        for _ in range(count):
            number += 1
            point = uid("rp", number, total, 5)
            grade = _GRADES.draw(w.rng)
            on_area = bool(w.cell_areas[cell]) and w.rng.random() < 0.25
            target = w.rng.choice(w.cell_areas[cell] if on_area else w.cell_equipment[cell])
            risk = w.rng.choice(AREA_RISKS if on_area else EQUIPMENT_RISKS)
            name = f"{w.object_name[target]}{risk}风险"
            w.node("RiskPoint", {"uid": point, "name": name, "grade": grade.value})
            w.rel("RiskPoint", "LISTED_IN", "RiskList", point, risk_list)
            w.rel("RiskPoint", "BELONGS_TO", "Cell", point, cell, since=stamp(RISK_OWNERSHIP_START))
            w.rel(
                "RiskPoint", "AT", "Area" if on_area else "Equipment", point, target,
                since=stamp(RISK_OWNERSHIP_START),
            )  # fmt: skip
            owner = w.rng.choice(w.cell_people[cell])
            since = w.between(RISK_OWNERSHIP_START, date(2024, 12, 31))
            w.rel("RiskPoint", "OWNED_BY", "Person", point, owner, since=stamp(since))
            w.rp_cell[point] = cell
            w.rp_owner[point] = owner
            w.rp_name[point] = name
            w.rp_grade[point] = grade.value
            w.rp_target[point] = target
            w.cell_risk_points.setdefault(cell, []).append(point)


def _next_duty(w: World) -> str:
    number = len(w.duty) + 1
    return f"duty-{number:05d}" if number < 100_000 else f"duty-{number}"


def _control_duties(w: World) -> None:
    """Each risk point is controlled by one duty of its cell; a duty controls 1–4 of them."""
    order = [g.value for g in GRADE_WEIGHTS]
    for cell, points in w.cell_risk_points.items():
        points = points[:]
        w.rng.shuffle(points)
        while points:
            size = w.rng.choices((1, 2, 3, 4), weights=(3, 4, 2, 1))[0]
            chunk, points = points[:size], points[size:]
            grade = min((w.rp_grade[p] for p in chunk), key=order.index)
            first = w.rp_name[chunk[0]]
            title = f"{first}管控" if len(chunk) == 1 else f"{first}等{len(chunk)}项风险管控"
            duty = _duty(
                w,
                cell,
                title=title[:300],
                matter="落实风险辨识、巡检、监测和应急处置措施",
                responsibility="对所管控风险点的管控措施落实负直接责任，发现异常立即上报格长",
                schedule=CONTROL_SCHEDULES[grade],
                assignee=w.rp_owner[chunk[0]],
                role=None,
            )
            for point in chunk:
                w.rel("Duty", "CONTROLS", "RiskPoint", duty, point)
            w.duty_controls[duty] = chunk


def _officer_duties(w: World) -> None:
    """Every officer holds one or two duties, applying to the cell's work items or areas
    and placed in the net's process bundle for that role."""
    for cell in w.cells:
        for role in OfficerRole:
            tasks = OFFICER_TASKS[role]
            for task in w.rng.sample(tasks, k=1 if w.rng.random() < 0.5 else 2):
                duty = _duty(
                    w,
                    cell,
                    title=f"{role.zh}：{task}",
                    matter=f"{task}：按标准组织实施并做好台账记录",
                    responsibility=f"作为{role.zh}对本格{task}工作负责",
                    schedule=w.rng.choice(OFFICER_SCHEDULES),
                    assignee=w.officers[cell][role],
                    role=role.value,
                )
                targets = [("WorkItem", i) for i in w.cell_work_items[cell]] + [
                    ("Area", a) for a in w.cell_areas[cell]
                ]
                label, target = w.rng.choice(targets)
                w.rel("Duty", "APPLIES_TO", label, duty, target)
                process = w.process[(w.cell_net[cell], role)]
                w.rel("Duty", "IN_PROCESS", "Process", duty, process)
                w.officer_duties.append(duty)


def _duty(
    w: World,
    cell: str,
    *,
    title: str,
    matter: str,
    responsibility: str,
    schedule: str,
    assignee: str,
    role: str | None,
) -> str:
    """A duty with the six elements: person, matter, (object added by the caller),
    responsibility, time and space."""
    duty = _next_duty(w)
    row = {
        "uid": duty,
        "title": title,
        "matter": matter,
        "responsibility": responsibility,
        "schedule": schedule,
        "space": w.cell_place[cell],
    }
    if role is not None:
        row["role"] = role
    w.node("Duty", row)
    w.duty[duty] = row
    w.rel("Duty", "BELONGS_TO", "Cell", duty, cell, since=stamp(DUTY_START))
    since = w.between(DUTY_START, date(2024, 12, 31))
    w.rel("Duty", "ASSIGNED_TO", "Person", duty, assignee, since=stamp(since))
    return duty


# --- hazards -----------------------------------------------------------------------------------


def _hazards(w: World) -> None:
    """Hazards found at risk points: most closed in time and verified by someone other than
    the owner; the open ones are recent and not yet due."""
    total = w.volumes.hazards
    points = list(w.rp_cell)
    for i in range(1, total + 1):
        hazard = uid("hz", i, total, 5)
        point = w.rng.choice(points)
        cell = w.rp_cell[point]
        status = _HAZARD_STATUSES.draw(w.rng)
        major = w.rng.random() < (0.2 if w.rp_grade[point] in ("red", "orange") else 0.03)
        target = w.object_name[w.rp_target[point]]
        row = {
            "uid": hazard,
            "title": f"{target}{w.rng.choice(HAZARD_ISSUES)}"[:300],
            "severity": (HazardSeverity.MAJOR if major else HazardSeverity.GENERAL).value,
            "status": status.value,
            **_hazard_dates(w, status.value in DONE_HAZARD_STATUSES),
        }
        w.node("Hazard", row)
        w.hazard[hazard] = row
        since = stamp(date.fromisoformat(row["found_on"]))
        w.rel("Hazard", "FOUND_AT", "RiskPoint", hazard, point, since=since)
        w.rel("Hazard", "BELONGS_TO", "Cell", hazard, cell, since=since)
        people = w.cell_people[cell]
        owner = w.rp_owner[point] if w.rng.random() < 0.7 else w.rng.choice(people)
        w.hazard_owner[hazard] = w.rel("Hazard", "OWNED_BY", "Person", hazard, owner, since=since)
        if status in (HazardStatus.VERIFIED, HazardStatus.CLOSED):
            w.rel("Hazard", "VERIFIED_BY", "Person", hazard, _verifier(w, cell, owner))


def _hazard_dates(w: World, done: bool) -> dict[str, str]:
    if done:
        found = w.between(HAZARDS_FROM, w.today - days(75))
        deadline = found + days(w.rng.randint(7, 60))
        closed = found + days(w.rng.randint(1, (deadline - found).days))
        return {"found_on": iso(found), "deadline": iso(deadline), "closed_on": iso(closed)}
    found = w.between(w.today - days(60), w.today - days(1))
    deadline = w.between(w.today + days(1), w.today + days(60))
    return {"found_on": iso(found), "deadline": iso(deadline)}


def _verifier(w: World, cell: str, owner: str) -> str:
    """The cell's safety supervisor checks the rectification, unless they did it themselves."""
    supervisor = w.officers[cell][OfficerRole.SAFETY_SUPERVISOR]
    if supervisor != owner:
        return supervisor
    return w.rng.choice([p for p in w.cell_people[cell] if p != owner])


def record_status_histories(w: World) -> None:
    """Give every hazard and problem its status history from its own final dates (after the
    planted defects moved some of them), the way data without one is read
    (``graph.status_history.default_history``): the first status on the found/reported
    date, a done one on its closed/resolved date. Steps in between that no date of the row
    fixes are not invented."""
    for label in ("Hazard", "Problem"):
        for row in w.nodes[label]:
            row["status_history"] = default_history(row)
