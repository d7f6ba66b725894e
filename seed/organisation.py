"""Phase 1: the net hierarchy (网), cells (格), micro-cells (微格), people, heads and officers.

Three defects are structural and planted here, where the structure is drawn: people left
out of every micro-cell, micro-cells whose span is 1 or 5, and micro-cells led by someone
who is not a party member.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from graph.enums import CellMode, NetLevel, OfficerRole
from graph.grid_rules import SPAN_MAX, SPAN_MIN
from seed.dataset import days, iso, stamp
from seed.names import (
    BRIGADES,
    COMPANY_NAME,
    COMPANY_REGION,
    DUTY_FUNCTIONS,
    LEAD_POSTS,
    PRODUCTION_POSTS,
    REGIONS,
    SERVICE_POSTS,
    Brigade,
    PlaceNamer,
    branch_name,
    brigade_name,
    cell_name,
    microcell_name,
    person_name,
)
from seed.rules import RULE_COUNTS
from seed.world import Tenure, World, uid

GRID_LAUNCH = date(2023, 3, 1)
"""The red-grid programme's start: every net, cell and post dates from it or later."""

HEAD_HISTORY_SHARE = 0.10
PARTY_SHARE_OF_MEMBERS = 0.045
"""Party members among non-lead members, so that ~35 % of everyone is a party member."""


def build_organisation(w: World) -> None:
    """Nets, cells, micro-cells with their people, heads and the eight officers."""
    _nets(w)
    _cells(w)
    _people(w)
    _microcells(w)
    _heads(w)
    _officers(w)


# --- nets ------------------------------------------------------------------------------------


def _net(w: World, net: str, name: str, level: int, region: str, parent: str | None) -> None:
    w.node(
        "Net",
        {
            "uid": net,
            "name": name,
            "level": level,
            "kind": NetLevel.for_level(level).value,
            "region": region,
        },
    )
    w.net_name[net] = name
    w.net_cells[net] = []
    w.net_children[net] = []
    if parent is not None:
        since = GRID_LAUNCH + days(w.rng.randint(0, 14) + 15 * (level - 3))
        w.rel("Net", "PART_OF", "Net", net, parent, since=stamp(since))
        w.net_parent[net] = parent
        w.net_children[parent].append(net)


def _branch_place(brigade: Brigade, index: int) -> str | None:
    """Production branches 1–2 are named after their field or plant section."""
    if not brigade.production or index >= len(brigade.fields):
        return None
    field = brigade.fields[index]
    return field if field.endswith(("站", "车间", "区", "储气库", "线")) else f"{field}作业区"


def _nets(w: World) -> None:
    v = w.volumes
    w.l2 = "net-l2"
    _net(w, w.l2, COMPANY_NAME, 2, COMPANY_REGION, None)
    for i in range(v.l3_nets):
        brigade = BRIGADES[i % len(BRIGADES)]
        name = brigade_name(brigade, i // len(BRIGADES))
        region = REGIONS[i % len(REGIONS)]
        l3 = uid("net-l3", i + 1, v.l3_nets, 2)
        _net(w, l3, name, 3, region, w.l2)
        w.l3.append(l3)
        w.brigade_of[l3] = brigade
        numbered = 0
        for j in range(v.l4_per_l3):
            place = _branch_place(brigade, j)
            if place is None:
                numbered += 1
            l4 = uid("net-l4", i * v.l4_per_l3 + j + 1, v.l4_nets, 3)
            _net(w, l4, branch_name(name, numbered, place), 4, region, l3)
            w.l4.append(l4)
            w.brigade_of[l4] = brigade


# --- cells -----------------------------------------------------------------------------------


def _duty_functions(w: World) -> Iterator[str]:
    """Functions for duty cells, without repeats inside one brigade until all are used."""
    round_ = 0
    while True:
        functions = list(DUTY_FUNCTIONS)
        w.rng.shuffle(functions)
        suffix = "" if round_ == 0 else f"{round_ + 1}组"
        yield from (f"{f}{suffix}" for f in functions)
        round_ += 1


def _cells(w: World) -> None:
    v = w.volumes
    base, extra = divmod(v.cells, v.l4_nets)
    bigger = set(w.rng.sample(range(v.l4_nets), extra))
    places = PlaceNamer(w.rng)
    functions: dict[str, Iterator[str]] = {}
    number = 0
    for index, l4 in enumerate(w.l4):
        l3 = w.net_parent[l4]
        brigade = w.brigade_of[l4]
        functions.setdefault(l3, _duty_functions(w))
        branch = index % v.l4_per_l3
        fields = (
            brigade.fields[branch : branch + 1] if branch < len(brigade.fields) else brigade.fields
        )
        for k in range(base + (index in bigger)):
            number += 1
            scene = brigade.production and (k == 0 or w.rng.random() < 0.85)
            place = places.scene_place(fields) if scene else next(functions[l3])
            _cell(w, uid("cell", number, v.cells, 4), number, l4, place, scene)


def _cell(w: World, cell: str, number: int, l4: str, place: str, scene: bool) -> None:
    mode = CellMode.SCENE if scene else CellMode.DUTY
    w.node("Cell", {"uid": cell, "name": cell_name(place), "mode": mode.value})
    since = GRID_LAUNCH + days(30 + w.rng.randint(0, 30))
    w.rel("Cell", "PART_OF", "Net", cell, l4, since=stamp(since))
    w.cells.append(cell)
    w.cell_no[cell] = number
    w.cell_net[cell] = l4
    w.cell_mode[cell] = mode.value
    w.cell_place[cell] = place
    w.cell_since[cell] = since
    w.cell_people[cell] = []
    net: str | None = l4
    while net is not None:
        w.net_cells[net].append(cell)
        net = w.net_parent.get(net)


# --- people and micro-cells --------------------------------------------------------------


def _people(w: World) -> None:
    total = w.volumes.people
    for i in range(1, total + 1):
        person = uid("p", i, total, 5)
        row = {
            "uid": person,
            "employee_no": f"E{i:06d}",
            "name": person_name(w.rng),
            "party_member": False,
            "post": None,
            "joined_on": iso(w.between(date(1988, 7, 1), date(2022, 12, 31))),
        }
        w.node("Person", row)
        w.person[person] = row


def _span_plan(w: World, micro_cells: int, members: int) -> tuple[list[int], list[int]]:
    """Members (beyond the lead) per micro-cell: mostly 2, some 3–4, and the planted 1s and
    5s. Returns the spans and the indices of the planted micro-cells."""
    spans = [SPAN_MIN] * micro_cells
    planted = w.rng.sample(range(micro_cells), RULE_COUNTS["lead_span_out_of_range"])
    half = len(planted) // 2
    for index in planted[:half]:
        spans[index] = SPAN_MIN - 1
    for index in planted[half:]:
        spans[index] = SPAN_MAX + 1
    extra = members - sum(spans)
    if extra < 0:
        raise ValueError(f"{members} members cannot fill {micro_cells} micro-cells")
    growable = [i for i in range(micro_cells) if i not in planted]
    while extra:
        index = w.rng.choice(growable)
        if spans[index] < SPAN_MAX:
            spans[index] += 1
            extra -= 1
    return spans, planted


def _post(w: World, cell: str, lead: bool) -> str:
    if lead and w.rng.random() < 0.5:
        return w.rng.choice(LEAD_POSTS)
    scene = w.cell_mode[cell] == CellMode.SCENE.value
    posts = PRODUCTION_POSTS if scene and w.rng.random() < 0.85 else SERVICE_POSTS
    return w.rng.choice(posts)


def _microcells(w: World) -> None:
    v = w.volumes
    unplaced = RULE_COUNTS["person_without_microcell"]
    weights = [1.4 if w.cell_mode[c] == CellMode.SCENE.value else 1.0 for c in w.cells]
    per_cell = w.spread(v.micro_cells, weights, minimum=3)
    spans, planted = _span_plan(w, v.micro_cells, v.people - unplaced - v.micro_cells)
    order = list(w.person)
    w.rng.shuffle(order)
    queue = iter(order)
    number = 0
    for cell, count in zip(w.cells, per_cell, strict=True):
        for _ in range(count):
            lead = next(queue)
            members = [next(queue) for _ in range(spans[number])]
            number += 1
            _microcell(w, uid("mc", number, v.micro_cells, 5), cell, lead, members)
    w.plant("lead_span_out_of_range", [w.microcells[i] for i in planted])
    left_out = list(queue)
    for person in left_out:
        w.person[person]["post"] = w.rng.choice(SERVICE_POSTS)
    w.plant("person_without_microcell", left_out)
    _plant_lead_not_party_member(w)


def _microcell(w: World, mc: str, cell: str, lead: str, members: list[str]) -> None:
    w.person[lead]["party_member"] = True
    w.person[lead]["post"] = _post(w, cell, lead=True)
    for member in members:
        w.person[member]["party_member"] = w.rng.random() < PARTY_SHARE_OF_MEMBERS
        w.person[member]["post"] = _post(w, cell, lead=False)
    w.node("MicroCell", {"uid": mc, "name": microcell_name(w.person[lead]["name"])})
    since = w.cell_since[cell] + days(w.rng.randint(15, 75))
    w.rel("MicroCell", "PART_OF", "Cell", mc, cell, since=stamp(since))
    w.rel("Person", "LEADS", "MicroCell", lead, mc, since=stamp(since))
    w.rel("Person", "MEMBER_OF", "MicroCell", lead, mc, since=stamp(since))
    for member in members:
        joined = since + days(w.rng.randint(0, 20))
        w.rel("Person", "MEMBER_OF", "MicroCell", member, mc, since=stamp(joined))
    w.microcells.append(mc)
    w.mc_cell[mc] = cell
    w.mc_lead[mc] = lead
    w.mc_members[mc] = members
    for person in (lead, *members):
        w.person_cell[person] = cell
        w.person_mc[person] = mc
        w.cell_people[cell].append(person)


def _plant_lead_not_party_member(w: World) -> None:
    rule = "microcell_lead_not_party_member"
    chosen = w.pick(w.microcells, RULE_COUNTS[rule], rule)
    for mc in chosen:
        w.person[w.mc_lead[mc]]["party_member"] = False
        w.reserved[w.mc_lead[mc]] = None
    w.plant(rule, chosen)


# --- heads and officers ----------------------------------------------------------------------


def _party_members(w: World, cells: list[str]) -> list[str]:
    return [p for c in cells for p in w.cell_people[c] if w.person[p]["party_member"]]


def _heads(w: World) -> None:
    """One head per cell and per net, all different people, party members where possible."""
    taken: dict[str, None] = {}

    def choose(pool: list[str], fallback: list[str]) -> str:
        free = [p for p in pool if p not in taken] or [p for p in fallback if p not in taken]
        head = w.rng.choice(free)
        taken[head] = None
        return head

    for cell in w.cells:
        people = w.cell_people[cell]
        head = choose(_party_members(w, [cell]), people)
        _appoint(w, "Cell", cell, head, people, w.cell_since[cell] + days(20))
    for net in [*w.l4, *w.l3, w.l2]:
        party = _party_members(w, w.net_cells[net])
        head = choose(party, [p for c in w.net_cells[net] for p in w.cell_people[c]])
        _appoint(w, "Net", net, head, party, GRID_LAUNCH + days(w.rng.randint(10, 40)))


def _appoint(w: World, label: str, target: str, head: str, pool: list[str], start: date) -> None:
    """Make ``head`` the current head; some posts had a previous holder first."""
    others = [p for p in pool if p != head]
    if others and w.rng.random() < HEAD_HISTORY_SHARE:
        previous = w.rng.choice(others)
        handover = w.between(start + days(180), w.today - days(30))
        w.rel(
            "Person", "HEAD_OF", label, previous, target, since=stamp(start), until=stamp(handover)
        )
        w.rel("Person", "HEAD_OF", label, head, target, since=stamp(handover))
        w.heads[target] = [Tenure(previous, start, handover), Tenure(head, handover, None)]
    else:
        w.rel("Person", "HEAD_OF", label, head, target, since=stamp(start))
        w.heads[target] = [Tenure(head, start, None)]


def _officers(w: World) -> None:
    """All eight roles in every cell, spread over 3–6 of its people (一格多员、一员多用).

    Each role starts on its own day: a temporal relationship is keyed by ``since``, so one
    person's several roles in one cell must not share it.
    """
    roles = list(OfficerRole)
    for cell in w.cells:
        people = w.cell_people[cell]
        holders = w.rng.sample(people, k=min(len(people), w.rng.randint(3, 6)))
        shuffled = roles[:]
        w.rng.shuffle(shuffled)
        assigned = {role: holders[i % len(holders)] for i, role in enumerate(shuffled)}
        w.officers[cell] = {}
        for index, role in enumerate(roles):
            since = w.cell_since[cell] + days(60 + index)
            person = assigned[role]
            w.officers[cell][role] = person
            w.rel(
                "Person",
                "OFFICER_OF",
                "Cell",
                person,
                cell,
                role=role.value,
                since=stamp(since),
            )
