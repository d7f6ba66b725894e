"""The business tree (业务树) of a cell or a net: root, trunk, leaves and fruit (DOMAIN.md §5).

A cell's tree is read from the cell itself; a net's tree aggregates every cell beneath it
through current ``PART_OF`` links. Seven read statements answer any subject, whatever its
size (``queries/cypher/business_tree/``).

JSON shape of :meth:`BusinessTree.to_json` (every list sorted, so equal graphs give equal
documents)::

    {
      "subject": {"uid", "label": "Cell" | "Net", "name", "level": int | null},
      "as_of": "YYYY-MM-DDTHH:MM:SSZ",   # instant at which links and posts are current
      "today": "YYYY-MM-DD",             # reference day of the fruit
      "root": {                          # 格 + 数据源
        "cells": [{"uid", "name", "mode", "mode_zh", "nets": [uid], "heads": [person]}],
        "data_sources": [{"uid", "name", "kind", "kind_zh", "cells": [uid]}]
      },
      "trunk": {                         # 网 + 流程
        "chain": [net],                  # upward: L4 → L3 → L2 (a net subject first)
        "reaches_level_2": bool,
        "nets_below": [net],             # a net subject's nets beneath it, by level
        "processes": [{"uid", "name", "kind", "kind_zh", "role", "role_zh", "net",
                       "fed_by": [uid], "standards": [code]}]
      },
      "leaves": {                        # 业务支点 + 履责清单
        "roles": [{"role", "role_zh", "officers": [{"uid", "name", "cell", "since"}],
                   "duties": [duty], "duty_count", "complete_duties"}],   # all eight roles
        "duties_without_role": [duty]
      },
      "fruit": {                         # 运行质效 + 考核评价
        "problems": {"total", "solved", "open"},
        "hazards": {"total", "closed_on_time", "closed_late", "open", "open_overdue"},
        "training": {"sessions", "attendees", "window_days", "from", "to"},
        "assessment": {"latest_month", "latest_average", "latest_assessments",
                       "year_from", "year_average", "year_assessments"}
      }
    }
    net    = {"uid", "name", "level", "kind", "kind_zh", "parent", "heads": [person]}
    person = {"uid", "name"}
    duty   = {"uid", "title", "role", "cell", "assignees": [person], "complete",
              "missing": [element]}    # element ∈ person, matter, object, responsibility,
                                       #           time, space (六要素)
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from graph.engine import Engine, Row
from graph.enums import (
    CellMode,
    DataSourceKind,
    NetLevel,
    OfficerRole,
    ProcessKind,
)
from graph.errors import NotFoundError
from graph.grid_rules import SIX_ELEMENTS, SOLVED_PROBLEM_STATUSES, TRAINING_WINDOW_DAYS
from queries.clock import day, instant
from queries.cypher import cypher

ASSESSMENT_WINDOW_MONTHS = 12
"""The assessment average covers the twelve months up to and including ``today``'s month."""

type SubjectLabel = Literal["Cell", "Net"]


@dataclass(frozen=True, slots=True)
class PersonRef:
    """A person named in the tree: a head, an officer or an assignee."""

    uid: str
    name: str | None

    def to_json(self) -> dict[str, Any]:
        return {"uid": self.uid, "name": self.name}


def _people(maps: list[dict[str, Any]]) -> tuple[PersonRef, ...]:
    """Collected ``{uid, name}`` maps without the all-null one an empty OPTIONAL MATCH gives."""
    found = {m["uid"]: m.get("name") for m in maps if m.get("uid") is not None}
    return tuple(PersonRef(uid, found[uid]) for uid in sorted(found))


@dataclass(frozen=True, slots=True)
class Subject:
    """The cell or net the tree was asked for."""

    uid: str
    label: SubjectLabel
    name: str | None
    level: int | None

    def to_json(self) -> dict[str, Any]:
        return {"uid": self.uid, "label": self.label, "name": self.name, "level": self.level}


@dataclass(frozen=True, slots=True)
class NetNode:
    """A net on the trunk with its current heads (网长)."""

    uid: str
    name: str | None
    level: int | None
    kind: str | None
    parent: str | None
    heads: tuple[PersonRef, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "name": self.name,
            "level": self.level,
            "kind": self.kind,
            "kind_zh": NetLevel.zh_of(self.kind),
            "parent": self.parent,
            "heads": [h.to_json() for h in self.heads],
        }


@dataclass(frozen=True, slots=True)
class CellNode:
    """A cell at the root with the net(s) it is currently part of and its heads (格长)."""

    uid: str
    name: str | None
    mode: str | None
    nets: tuple[str, ...]
    heads: tuple[PersonRef, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "name": self.name,
            "mode": self.mode,
            "mode_zh": CellMode.zh_of(self.mode),
            "nets": list(self.nets),
            "heads": [h.to_json() for h in self.heads],
        }


@dataclass(frozen=True, slots=True)
class DataSourceNode:
    """A data source (数据源) feeding one or more of the tree's cells."""

    uid: str
    name: str | None
    kind: str | None
    cells: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "name": self.name,
            "kind": self.kind,
            "kind_zh": DataSourceKind.zh_of(self.kind),
            "cells": list(self.cells),
        }


@dataclass(frozen=True, slots=True)
class Root:
    """Root (格+数据源): the cells and the data sources feeding them."""

    cells: tuple[CellNode, ...]
    data_sources: tuple[DataSourceNode, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "cells": [c.to_json() for c in self.cells],
            "data_sources": [d.to_json() for d in self.data_sources],
        }


@dataclass(frozen=True, slots=True)
class ProcessNode:
    """A process bundle (流程束) of a trunk net, with the officer role it serves."""

    uid: str
    name: str | None
    kind: str | None
    role: str | None
    net: str
    fed_by: tuple[str, ...]
    standards: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "name": self.name,
            "kind": self.kind,
            "kind_zh": ProcessKind.zh_of(self.kind),
            "role": self.role,
            "role_zh": OfficerRole.zh_of(self.role),
            "net": self.net,
            "fed_by": list(self.fed_by),
            "standards": list(self.standards),
        }


@dataclass(frozen=True, slots=True)
class Trunk:
    """Trunk (网+流程): the net chain upward, the nets beneath a net subject, the processes."""

    chain: tuple[NetNode, ...]
    nets_below: tuple[NetNode, ...]
    processes: tuple[ProcessNode, ...]

    @property
    def reaches_level_2(self) -> bool:
        """True when the chain of current PART_OF links runs up to a level-2 net."""
        return any(net.level == 2 for net in self.chain)

    def to_json(self) -> dict[str, Any]:
        return {
            "chain": [n.to_json() for n in self.chain],
            "reaches_level_2": self.reaches_level_2,
            "nets_below": [n.to_json() for n in self.nets_below],
            "processes": [p.to_json() for p in self.processes],
        }


@dataclass(frozen=True, slots=True)
class Officer:
    """A person holding an officer role in one cell, since when."""

    person: PersonRef
    cell: str
    since: str | None

    def to_json(self) -> dict[str, Any]:
        return {**self.person.to_json(), "cell": self.cell, "since": self.since}


@dataclass(frozen=True, slots=True)
class DutyEntry:
    """One duty record of a cell with the six elements (六要素) it lacks."""

    uid: str
    title: str | None
    role: str | None
    cell: str
    assignees: tuple[PersonRef, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "title": self.title,
            "role": self.role,
            "cell": self.cell,
            "assignees": [a.to_json() for a in self.assignees],
            "complete": self.complete,
            "missing": list(self.missing),
        }


@dataclass(frozen=True, slots=True)
class Leaf:
    """Leaves of one officer role: its business fulcrums (officers) and duty list."""

    role: OfficerRole
    officers: tuple[Officer, ...]
    duties: tuple[DutyEntry, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "role": self.role.value,
            "role_zh": self.role.zh,
            "officers": [o.to_json() for o in self.officers],
            "duties": [d.to_json() for d in self.duties],
            "duty_count": len(self.duties),
            "complete_duties": sum(d.complete for d in self.duties),
        }


@dataclass(frozen=True, slots=True)
class Leaves:
    """Leaves (业务支点+履责清单) for all eight roles, plus duties that name no role."""

    roles: tuple[Leaf, ...]
    duties_without_role: tuple[DutyEntry, ...]

    def leaf(self, role: OfficerRole | str) -> Leaf:
        """The leaf of one role."""
        return next(leaf for leaf in self.roles if leaf.role == role)

    def to_json(self) -> dict[str, Any]:
        return {
            "roles": [leaf.to_json() for leaf in self.roles],
            "duties_without_role": [d.to_json() for d in self.duties_without_role],
        }


@dataclass(frozen=True, slots=True)
class ProblemTally:
    """Problems raised in the cells by ``today``: solved (resolved/closed by then) vs open."""

    total: int
    solved: int

    @property
    def open(self) -> int:
        return self.total - self.solved

    def to_json(self) -> dict[str, Any]:
        return {"total": self.total, "solved": self.solved, "open": self.open}


@dataclass(frozen=True, slots=True)
class HazardTally:
    """Hazards found by ``today``: closed on time (by the deadline) or late, or still open;
    ``open_overdue`` counts the open ones already past their deadline."""

    total: int
    closed_on_time: int
    closed_late: int
    open_overdue: int

    @property
    def open(self) -> int:
        return self.total - self.closed_on_time - self.closed_late

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "closed_on_time": self.closed_on_time,
            "closed_late": self.closed_late,
            "open": self.open,
            "open_overdue": self.open_overdue,
        }


@dataclass(frozen=True, slots=True)
class TrainingTally:
    """Distinct training sessions held for the cells from ``window_from`` to ``window_to``
    (both included)."""

    sessions: int
    attendees: int
    window_from: str
    window_to: str

    def to_json(self) -> dict[str, Any]:
        return {
            "sessions": self.sessions,
            "attendees": self.attendees,
            "window_days": TRAINING_WINDOW_DAYS,
            "from": self.window_from,
            "to": self.window_to,
        }


@dataclass(frozen=True, slots=True)
class AssessmentTally:
    """Monthly assessments: the latest month's average score over the cells assessed then,
    and the average of every assessment from ``year_from`` to ``today``'s month."""

    latest_month: str | None
    latest_average: float | None
    latest_assessments: int
    year_from: str
    year_average: float | None
    year_assessments: int

    def to_json(self) -> dict[str, Any]:
        return {
            "latest_month": self.latest_month,
            "latest_average": _round(self.latest_average),
            "latest_assessments": self.latest_assessments,
            "year_from": self.year_from,
            "year_average": _round(self.year_average),
            "year_assessments": self.year_assessments,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@dataclass(frozen=True, slots=True)
class Fruit:
    """Fruit (运行质效+考核评价): operating quality and assessment."""

    problems: ProblemTally
    hazards: HazardTally
    training: TrainingTally
    assessment: AssessmentTally

    def to_json(self) -> dict[str, Any]:
        return {
            "problems": self.problems.to_json(),
            "hazards": self.hazards.to_json(),
            "training": self.training.to_json(),
            "assessment": self.assessment.to_json(),
        }


@dataclass(frozen=True, slots=True)
class BusinessTree:
    """The business tree of a cell or a net (业务树), as of one instant.

    Example:
        >>> tree = business_tree(engine, "cell-0001", today="2026-11-15")  # doctest: +SKIP
        >>> tree.trunk.reaches_level_2, tree.leaves.leaf("mediator").role.zh
        (True, '调解员')
    """

    subject: Subject
    as_of: str
    today: str
    root: Root
    trunk: Trunk
    leaves: Leaves
    fruit: Fruit

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape (see the module docstring)."""
        return {
            "subject": self.subject.to_json(),
            "as_of": self.as_of,
            "today": self.today,
            "root": self.root.to_json(),
            "trunk": self.trunk.to_json(),
            "leaves": self.leaves.to_json(),
            "fruit": self.fruit.to_json(),
        }


def business_tree(
    engine: Engine, uid: str, *, today: date | datetime | str | None = None
) -> BusinessTree:
    """The business tree of the cell or net ``uid`` as of ``today`` (now when None).

    Links and posts (PART_OF, HEAD_OF, OFFICER_OF, ASSIGNED_TO) are taken as current at
    the end of ``today``; the fruit counts what was reported, found, held or assessed by
    then. A net's tree aggregates every cell beneath it. Costs at most seven read
    statements whatever the subject's size (fewer when it has no cell or no net).

    Args:
        engine: the graph store.
        uid: uid of a Cell or a Net of any level.
        today: reference day (date, datetime or ISO string).

    Returns:
        The tree; ``to_json()`` gives the documented JSON shape.

    Raises:
        NotFoundError: ``uid`` names no Cell and no Net.
        ValidationError: ``today`` is not a date.
    """
    at = instant(today, field="today")
    reference = day(today)
    net_rows = engine.run(cypher("business_tree/nets"), {"uid": uid, "at": at}, readonly=True)
    if not net_rows:
        raise NotFoundError(uid, "Cell or Net")
    subject = _subject(net_rows[0])
    chain, below = _trunk_nets(net_rows)
    cells = _cells(engine.run(cypher("business_tree/cells"), {"uid": uid, "at": at}, readonly=True))
    cell_uids = [c.uid for c in cells]
    net_uids = [n.uid for n in (*chain, *below)]
    return BusinessTree(
        subject=subject,
        as_of=at,
        today=reference,
        root=Root(cells=cells, data_sources=_data_sources(engine, cell_uids)),
        trunk=Trunk(chain=chain, nets_below=below, processes=_processes(engine, net_uids)),
        leaves=_leaves(engine, cell_uids, at),
        fruit=_fruit(engine, cell_uids, reference),
    )


def _subject(row: Row) -> Subject:
    label: SubjectLabel = "Cell" if row["is_cell"] else "Net"
    return Subject(uid=row["uid"], label=label, name=row["name"], level=row["level"])


def _net_node(row: Row) -> NetNode:
    return NetNode(
        uid=row["net"],
        name=row["net_name"],
        level=row["net_level"],
        kind=row["net_kind"],
        parent=row["parent"],
        heads=_people(row["heads"]),
    )


def _trunk_nets(rows: list[Row]) -> tuple[tuple[NetNode, ...], tuple[NetNode, ...]]:
    """Split the net rows into the chain upward (by depth) and the nets beneath (by level)."""
    up = sorted((r for r in rows if r["net"] is not None and r["depth"] >= 0), key=_depth_key)
    down = sorted(
        (r for r in rows if r["net"] is not None and r["depth"] < 0),
        key=lambda r: (r["net_level"] or 0, r["net"]),
    )
    chain = _distinct(up)
    for lower, upper in itertools.pairwise(chain):
        if upper["depth"] == lower["depth"] + 1:
            lower["parent"] = upper["net"]
    return tuple(_net_node(r) for r in chain), tuple(_net_node(r) for r in _distinct(down))


def _depth_key(row: Row) -> tuple[int, str]:
    return row["depth"], row["net"]


def _distinct(rows: list[Row]) -> list[Row]:
    """First row per net: a net reached by two current paths appears once."""
    seen: set[str] = set()
    kept = []
    for row in rows:
        if row["net"] not in seen:
            seen.add(row["net"])
            kept.append(row)
    return kept


def _cells(rows: list[Row]) -> tuple[CellNode, ...]:
    return tuple(
        CellNode(
            uid=r["uid"],
            name=r["name"],
            mode=r["mode"],
            nets=tuple(sorted(r["nets"])),
            heads=_people(r["heads"]),
        )
        for r in rows
    )


def _data_sources(engine: Engine, cells: list[str]) -> tuple[DataSourceNode, ...]:
    if not cells:
        return ()
    rows = engine.run(cypher("business_tree/data_sources"), {"cells": cells}, readonly=True)
    return tuple(
        DataSourceNode(r["uid"], r["name"], r["kind"], tuple(sorted(set(r["cells"])))) for r in rows
    )


def _processes(engine: Engine, nets: list[str]) -> tuple[ProcessNode, ...]:
    if not nets:
        return ()
    rows = engine.run(cypher("business_tree/processes"), {"nets": nets}, readonly=True)
    return tuple(
        ProcessNode(
            uid=r["uid"],
            name=r["name"],
            kind=r["kind"],
            role=r["role"],
            net=r["net"],
            fed_by=tuple(sorted(r["fed_by"])),
            standards=tuple(sorted(r["standards"])),
        )
        for r in rows
    )


def _leaves(engine: Engine, cells: list[str], at: str) -> Leaves:
    officers: dict[str, list[Officer]] = defaultdict(list)
    duties: dict[str | None, list[DutyEntry]] = defaultdict(list)
    if cells:
        params = {"cells": cells, "at": at}
        for r in engine.run(cypher("business_tree/officers"), params, readonly=True):
            person = PersonRef(r["uid"], r["name"])
            officers[r["role"]].append(Officer(person, r["cell"], r["since"]))
        for r in engine.run(cypher("business_tree/duties"), params, readonly=True):
            duties[r["role"]].append(_duty(r))
    roles = tuple(
        Leaf(role=role, officers=tuple(officers[role.value]), duties=tuple(duties[role.value]))
        for role in OfficerRole
    )
    return Leaves(roles=roles, duties_without_role=tuple(duties[None]))


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _duty(row: Row) -> DutyEntry:
    assignees = _people(row["assignees"])
    present = {
        "assignee": bool(assignees),
        "matter": _filled(row["matter"]),
        "object": int(row["objects"]) > 0,
        "responsibility": _filled(row["responsibility"]),
        "schedule": _filled(row["schedule"]),
        "space": _filled(row["space"]),
    }
    return DutyEntry(
        uid=row["uid"],
        title=row["title"],
        role=row["role"],
        cell=row["cell"],
        assignees=assignees,
        missing=tuple(element for element in SIX_ELEMENTS if not present[element]),
    )


def _month_back(month: str, months: int) -> str:
    """``YYYY-MM`` that lies ``months`` months before ``month``."""
    year, number = int(month[:4]), int(month[5:7])
    index = year * 12 + number - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _fruit(engine: Engine, cells: list[str], today: str) -> Fruit:
    since = (date.fromisoformat(today) - timedelta(days=TRAINING_WINDOW_DAYS)).isoformat()
    month = today[:7]
    from_month = _month_back(month, ASSESSMENT_WINDOW_MONTHS - 1)
    rows: list[Row] = []
    if cells:
        params = {
            "cells": cells,
            "today": today,
            "since": since,
            "month": month,
            "from_month": from_month,
            "solved": list(SOLVED_PROBLEM_STATUSES),
        }
        rows = engine.run(cypher("business_tree/fruit"), params, readonly=True)

    def total(key: str) -> int:
        return sum(int(r[key] or 0) for r in rows)

    sessions = {s["uid"]: int(s.get("attendees") or 0) for r in rows for s in r["sessions"] if s}
    return Fruit(
        problems=ProblemTally(total=total("problems"), solved=total("problems_solved")),
        hazards=HazardTally(
            total=total("hazards"),
            closed_on_time=total("hazards_on_time"),
            closed_late=total("hazards_late"),
            open_overdue=total("hazards_overdue"),
        ),
        training=TrainingTally(len(sessions), sum(sessions.values()), since, today),
        assessment=_assessment(rows, from_month),
    )


def _assessment(rows: list[Row], from_month: str) -> AssessmentTally:
    """Add the cells' assessments up: the latest month is the latest of any cell."""
    latest = max((r["latest_month"] for r in rows if r["latest_month"]), default=None)
    current = [r for r in rows if latest is not None and r["latest_month"] == latest]
    latest_count = sum(int(r["latest_count"]) for r in current)
    year_count = sum(int(r["year_count"]) for r in rows)
    return AssessmentTally(
        latest_month=latest,
        latest_average=_mean(sum(float(r["latest_sum"]) for r in current), latest_count),
        latest_assessments=latest_count,
        year_from=from_month,
        year_average=_mean(sum(float(r["year_sum"]) for r in rows), year_count),
        year_assessments=year_count,
    )


def _mean(total: float, count: int) -> float | None:
    return total / count if count else None
