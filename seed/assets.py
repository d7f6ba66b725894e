"""Phase 2: standards (怎么干), accountable objects with owner and standard (专人专标),
and the trunk and root of each business tree: processes (流程束) and data sources (数据源)."""

from __future__ import annotations

from datetime import date

from graph.enums import (
    CellMode,
    DataSourceKind,
    EquipmentCategory,
    OfficerRole,
    ProcessKind,
    StandardDimension,
    StandardDomain,
    StandardLevel,
)
from graph.grid_rules import OVERLOAD_LIMIT
from seed.dataset import Row, Weights, days, iso, stamp
from seed.names import (
    DUTY_AREA_KINDS,
    DUTY_EQUIPMENT_WEIGHTS,
    SCENE_AREA_KINDS,
    SCENE_EQUIPMENT_WEIGHTS,
    STANDARD_TOPICS,
    WORK_ITEMS,
    chinese_number,
    equipment_name,
    equipment_tag,
)
from seed.world import World, uid

OWNERSHIP_START = date(2023, 6, 1)
OWNER_HISTORY_SHARE = 0.03
OWNER_SOFT_CAP = OVERLOAD_LIMIT - 8
"""Owners are drawn below this load, leaving room for reassignments without overloading."""

OBJECT_DIMENSIONS: dict[str, tuple[StandardDimension, ...]] = {
    "Equipment": (StandardDimension.EQUIPMENT, StandardDimension.SAFETY),
    "Area": (StandardDimension.SAFETY, StandardDimension.OPERATIONS, StandardDimension.CULTURE),
    "WorkItem": tuple(StandardDimension),
}
"""Which unit standards may govern which kind of object."""

ROLE_DIMENSIONS: dict[OfficerRole, tuple[StandardDimension, ...]] = {
    OfficerRole.PROPAGANDIST: (StandardDimension.POLITICS, StandardDimension.CULTURE),
    OfficerRole.DEMONSTRATOR: (StandardDimension.ORGANISATION, StandardDimension.OPERATIONS),
    OfficerRole.MEDIATOR: (StandardDimension.SERVICE, StandardDimension.POLITICS),
    OfficerRole.SAFETY_SUPERVISOR: (StandardDimension.SAFETY, StandardDimension.EQUIPMENT),
    OfficerRole.SECURITY_COMANAGER: (StandardDimension.SAFETY, StandardDimension.SERVICE),
    OfficerRole.HEALTH_INSTRUCTOR: (StandardDimension.SERVICE,),
    OfficerRole.DISCIPLINE_SUPERVISOR: (StandardDimension.DISCIPLINE,),
    OfficerRole.PRODUCTION_COORDINATOR: (
        StandardDimension.OPERATIONS,
        StandardDimension.EQUIPMENT,
    ),
}
ROLE_PROCESS_KIND: dict[OfficerRole, ProcessKind] = {
    OfficerRole.PROPAGANDIST: ProcessKind.SERVICE,
    OfficerRole.DEMONSTRATOR: ProcessKind.MANAGEMENT,
    OfficerRole.MEDIATOR: ProcessKind.SERVICE,
    OfficerRole.SAFETY_SUPERVISOR: ProcessKind.OPERATION,
    OfficerRole.SECURITY_COMANAGER: ProcessKind.SERVICE,
    OfficerRole.HEALTH_INSTRUCTOR: ProcessKind.SERVICE,
    OfficerRole.DISCIPLINE_SUPERVISOR: ProcessKind.MANAGEMENT,
    OfficerRole.PRODUCTION_COORDINATOR: ProcessKind.OPERATION,
}
SOURCE_ROLES: dict[DataSourceKind, tuple[OfficerRole, ...]] = {
    DataSourceKind.PARTY_MEMBERS: (
        OfficerRole.PROPAGANDIST,
        OfficerRole.DEMONSTRATOR,
        OfficerRole.DISCIPLINE_SUPERVISOR,
    ),
    DataSourceKind.EQUIPMENT: (
        OfficerRole.PRODUCTION_COORDINATOR,
        OfficerRole.SAFETY_SUPERVISOR,
    ),
    DataSourceKind.NATURAL_CONDITIONS: (OfficerRole.PRODUCTION_COORDINATOR,),
    DataSourceKind.SAFETY_RISKS: (
        OfficerRole.SAFETY_SUPERVISOR,
        OfficerRole.SECURITY_COMANAGER,
    ),
    DataSourceKind.HEALTH: (OfficerRole.HEALTH_INSTRUCTOR,),
    DataSourceKind.EARLY_WARNING: (OfficerRole.MEDIATOR, OfficerRole.SECURITY_COMANAGER),
    DataSourceKind.CARE: (OfficerRole.HEALTH_INSTRUCTOR, OfficerRole.MEDIATOR),
}
"""Which officers' process bundles each ledger's data flows into."""


def build_assets(w: World) -> None:
    _standards(w)
    _objects(w)
    _processes(w)
    _data_sources(w)


# --- standards --------------------------------------------------------------------------------


def _standards(w: World) -> None:
    """400 guidance standards covering all 8 × 15 dimension–domain pairs, and the unit
    standards derived from them."""
    v = w.volumes
    pairs = [(d, m) for d in StandardDimension for m in StandardDomain]
    w.rng.shuffle(pairs)
    plan = pairs + [w.rng.choice(pairs) for _ in range(v.guidance_standards - len(pairs))]
    for i, (dimension, domain) in enumerate(plan, start=1):
        topic = w.rng.choice(STANDARD_TOPICS[domain])
        row = {
            "uid": uid("std-g", i, v.guidance_standards, 3),
            "code": f"TRQ/ZD-{i:04d}",
            "title": f"{topic}{dimension.zh}基础工作指导标准",
            "level": StandardLevel.GUIDANCE.value,
            "dimension": dimension.value,
            "domain": domain.value,
            "effective_from": iso(w.between(date(2023, 6, 1), date(2024, 6, 30))),
        }
        w.guidance.append(w.node("Standard", row))
    for i in range(1, v.unit_standards + 1):
        parent = w.rng.choice(w.guidance)
        domain = StandardDomain(parent["domain"])
        effective = date.fromisoformat(parent["effective_from"]) + days(w.rng.randint(30, 400))
        unit = w.net_name[w.rng.choice(w.l3)]
        row = {
            "uid": uid("std-u", i, v.unit_standards, 5),
            "code": f"TRQ/DW-{i:05d}",
            "title": f"{unit}{w.rng.choice(STANDARD_TOPICS[domain])}工作标准",
            "level": StandardLevel.UNIT.value,
            "dimension": parent["dimension"],
            "domain": parent["domain"],
            "effective_from": iso(effective),
        }
        w.unit_standards.append(w.node("Standard", row))
        w.unit_effective[row["uid"]] = effective
        w.rel("Standard", "DERIVED_FROM", "Standard", row["uid"], parent["uid"])


# --- accountable objects -------------------------------------------------------------------


def _objects(w: World) -> None:
    v = w.volumes
    scene = [w.cell_mode[c] == CellMode.SCENE.value for c in w.cells]
    people = [len(w.cell_people[c]) for c in w.cells]
    areas = w.spread(v.areas, [1.6 if s else 0.4 for s in scene], minimum=0)
    for i, has_scene in enumerate(scene):  # every scene cell has at least one area
        if has_scene and areas[i] == 0:
            donor = max(range(len(areas)), key=lambda k: areas[k])
            areas[donor] -= 1
            areas[i] = 1
    equipment = w.spread(
        v.equipment, [(3.0 if s else 0.8) * n for s, n in zip(scene, people, strict=True)], 5
    )
    work_items = w.spread(v.work_items, [1.0 if s else 1.4 for s in scene], minimum=2)
    pools = {
        label: [s["uid"] for s in w.unit_standards if s["dimension"] in dims]
        for label, dims in OBJECT_DIMENSIONS.items()
    }
    counters = {"Area": 0, "Equipment": 0, "WorkItem": 0}
    for index, cell in enumerate(w.cells):
        w.cell_objects[cell] = []
        w.cell_areas[cell] = []
        w.cell_equipment[cell] = []
        w.cell_work_items[cell] = []
        for k in range(areas[index]):
            counters["Area"] += 1
            _area(w, cell, uid("area", counters["Area"], v.areas, 5), k, pools["Area"])
        for k in range(equipment[index]):
            counters["Equipment"] += 1
            number = counters["Equipment"]
            _equipment(w, cell, uid("eq", number, v.equipment, 6), k, pools["Equipment"])
        for k in range(work_items[index]):
            counters["WorkItem"] += 1
            _work_item(w, cell, uid("wi", counters["WorkItem"], v.work_items, 5), k, pools)


def _nth(kinds: tuple[str, ...], k: int) -> tuple[str, str]:
    """The k-th kind of a cell's list, and a "二号" prefix once the list wraps around."""
    kind = kinds[k % len(kinds)]
    return kind, "" if k < len(kinds) else f"{chinese_number(k // len(kinds) + 1)}号"


def _area(w: World, cell: str, area: str, k: int, standards: list[str]) -> None:
    kinds = SCENE_AREA_KINDS if w.cell_mode[cell] == CellMode.SCENE.value else DUTY_AREA_KINDS
    kind, prefix = _nth(kinds, k)
    name = f"{w.cell_place[cell]}{prefix}{kind}"
    w.node("Area", {"uid": area, "name": name, "kind": kind})
    _accountable(w, "Area", cell, area, name, standards, OWNERSHIP_START)
    w.cell_areas[cell].append(area)


_SCENE_CATEGORIES = Weights.of(SCENE_EQUIPMENT_WEIGHTS)
_DUTY_CATEGORIES = Weights.of(DUTY_EQUIPMENT_WEIGHTS)


def _equipment(w: World, cell: str, eq: str, k: int, standards: list[str]) -> None:
    categories = (
        _SCENE_CATEGORIES if w.cell_mode[cell] == CellMode.SCENE.value else _DUTY_CATEGORIES
    )
    category: EquipmentCategory = categories.draw(w.rng)
    name = equipment_name(w.rng, w.cell_place[cell], category, k + 1)
    commissioned = w.between(date(1995, 1, 1), date(2025, 12, 31))
    w.node(
        "Equipment",
        {
            "uid": eq,
            "name": name,
            "tag": equipment_tag(category, w.cell_no[cell], k + 1),
            "category": category.value,
            "commissioned_on": iso(commissioned),
        },
    )
    if w.cell_areas[cell]:
        w.rel("Equipment", "LOCATED_IN", "Area", eq, w.rng.choice(w.cell_areas[cell]))
    start = max(OWNERSHIP_START, commissioned + days(7))
    _accountable(w, "Equipment", cell, eq, name, standards, start)
    w.cell_equipment[cell].append(eq)


def _work_item(w: World, cell: str, item: str, k: int, pools: dict[str, list[str]]) -> None:
    index = (w.cell_no[cell] * 7 + k) % len(WORK_ITEMS)  # cells start at different items
    title, frequency = WORK_ITEMS[index]
    prefix = "" if k < len(WORK_ITEMS) else f"{chinese_number(k // len(WORK_ITEMS) + 1)}号"
    name = f"{w.cell_place[cell]}{prefix}{title}"
    w.node("WorkItem", {"uid": item, "name": name, "frequency": frequency})
    _accountable(w, "WorkItem", cell, item, name, pools["WorkItem"], OWNERSHIP_START)
    w.cell_work_items[cell].append(item)


def _accountable(
    w: World, label: str, cell: str, obj: str, name: str, standards: list[str], start: date
) -> None:
    """BELONGS_TO the cell from ``start`` (no later than its first owner), OWNED_BY one of
    its people (some with a previous owner) and GOVERNED_BY one or two unit standards."""
    w.rel(label, "BELONGS_TO", "Cell", obj, cell, since=stamp(start))
    w.cell_objects[cell].append((label, obj))
    w.object_name[obj] = name
    owner = _owner(w, cell)
    since = w.between(start, min(start + days(365), w.today - days(60)))
    people = w.cell_people[cell]
    if len(people) > 1 and w.rng.random() < OWNER_HISTORY_SHARE:
        previous = w.rng.choice([p for p in people if p != owner])
        handover = w.between(since + days(60), w.today - days(14))
        w.rel(label, "OWNED_BY", "Person", obj, previous, since=stamp(since), until=stamp(handover))
        since = handover
        w.objects_with_history.append(obj)
    w.object_owner[obj] = w.rel(label, "OWNED_BY", "Person", obj, owner, since=stamp(since))
    for standard in w.rng.sample(standards, k=1 if w.rng.random() < 0.5 else 2):
        effective = max(w.unit_effective[standard], start)
        w.rel(label, "GOVERNED_BY", "Standard", obj, standard, since=stamp(min(effective, w.today)))


def _owner(w: World, cell: str) -> str:
    """A person of the cell, avoiding anyone near the overload limit."""
    people = w.cell_people[cell]
    for _ in range(8):
        person = w.rng.choice(people)
        if w.owner_load.get(person, 0) < OWNER_SOFT_CAP:
            break
    else:
        person = min(people, key=lambda p: w.owner_load.get(p, 0))
    w.owner_load[person] = w.owner_load.get(person, 0) + 1
    return person


# --- business tree trunk and root ----------------------------------------------------------


def _processes(w: World) -> None:
    """One process bundle per level-4 net and officer role, following guidance standards."""
    total = w.volumes.l4_nets * len(OfficerRole)
    by_dimension: dict[str, list[str]] = {}
    for standard in w.guidance:
        by_dimension.setdefault(standard["dimension"], []).append(standard["uid"])
    number = 0
    for net in w.l4:
        for role in OfficerRole:
            number += 1
            process = uid("proc", number, total, 5)
            row: Row = {
                "uid": process,
                "name": f"{w.net_name[net]}{role.zh}履职流程",
                "kind": ROLE_PROCESS_KIND[role].value,
                "role": role.value,
            }
            w.node("Process", row)
            w.rel("Process", "IN_NET", "Net", process, net)
            pool = [s for d in ROLE_DIMENSIONS[role] for s in by_dimension.get(d.value, [])]
            for followed in w.rng.sample(pool, k=min(len(pool), w.rng.randint(1, 3))):
                w.rel("Process", "FOLLOWS", "Standard", process, followed)
            w.process[(net, role)] = process


def _data_sources(w: World) -> None:
    """Seven ledgers per level-4 net, feeding its cells and flowing into its processes."""
    total = w.volumes.l4_nets * len(DataSourceKind)
    number = 0
    for net in w.l4:
        for kind in DataSourceKind:
            number += 1
            source = uid("ds", number, total, 5)
            w.node(
                "DataSource",
                {"uid": source, "name": f"{w.net_name[net]}{kind.zh}", "kind": kind.value},
            )
            for cell in w.net_cells[net]:
                w.rel("DataSource", "FEEDS", "Cell", source, cell)
            for role in SOURCE_ROLES[kind]:
                w.rel("DataSource", "FLOWS_INTO", "Process", source, w.process[(net, role)])
