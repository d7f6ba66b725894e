"""The leaves of a business tree (业务支点+履责清单): per officer role, who holds it and the
duty list with the six elements (六要素) each duty lacks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from graph.engine import Engine, Row
from graph.enums import (
    OfficerRole,
)
from graph.grid_rules import SIX_ELEMENTS
from queries.business_tree.people import PersonRef, person_refs
from queries.cypher import cypher


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


def read_leaves(engine: Engine, cells: list[str], at: str) -> Leaves:
    """Officers and duties of ``cells`` current at ``at``, per role (two statements; none
    for no cell)."""
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
    assignees = person_refs(row["assignees"])
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
