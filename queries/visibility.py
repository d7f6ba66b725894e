"""What one reader may see: the reach of a role, enforced wherever data is read.

Admins, planners and investigators see the whole grid. A head sees the subtrees of the
nets and cells they head now (and the nets above them, which every trace shows); a member
sees their own records: themselves, their micro-cell and cell, the objects, problems and
duties that are theirs — and, as a health instructor, the people of the cells they
instruct (to read their health records). Reference data (standards, agreements) is
visible to every reader.

A :class:`Reach` answers "which uids of this label may be read" with one statement per
label, cached for the life of the reach (one request).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.engine import Engine
from graph.enums import OfficerRole, UserRole
from queries.authority import Caller, Place, can_read_health
from queries.cypher import cypher
from queries.entities import Relation, neighbours
from queries.listing import LISTINGS, scope_of, within
from queries.views import kind_of

REFERENCE = frozenset({"Standard", "Agreement"})
"""Labels every reader may see."""

HIDDEN = frozenset({"HealthRecord", "User", "AuditEntry"})
"""Labels no reach opens; they have their own access rules."""

OWNED = ("Equipment", "Area", "WorkItem", "RiskPoint", "Hazard", "Problem")
_MANY = 1_000_000


@dataclass
class Reach:
    """The reach of one reader at one instant.

    ``units`` are the nets and cells a head heads (empty for other roles); ``cells`` and
    ``nets`` the subtrees beneath them; ``ancestors`` the nets above.

    Example:
        >>> reach = reach_of(engine, "head", "p-00042", at)  # doctest: +SKIP
        >>> reach.allowed(engine, "Equipment")  # doctest: +SKIP
        frozenset({'eq-000001', ...})
    """

    role: str
    person: str | None
    at: str
    unrestricted: bool
    units: frozenset[str] = frozenset()
    cells: frozenset[str] = frozenset()
    nets: frozenset[str] = frozenset()
    ancestors: frozenset[str] = frozenset()
    micro_cells: frozenset[str] = frozenset()
    _cache: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def allowed(self, engine: Engine, label: str) -> frozenset[str] | None:
        """The uids of ``label`` this reader may see; None for all of them."""
        if label in HIDDEN:
            return frozenset()
        if self.unrestricted or label in REFERENCE:
            return None
        if label not in self._cache:
            if self.role == UserRole.HEAD:
                self._cache[label] = self._head(engine, label)
            else:
                self._cache[label] = self._member(engine, label)
        return self._cache[label]

    def place(self, engine: Engine, label: str, uid: str) -> Place:
        """Where node ``uid`` of ``label`` (one the reader may read) lies for them."""
        if uid == self.person and label == "Person":
            return Place.SELF
        if self.unrestricted:
            return Place.INSIDE
        if label in REFERENCE:
            return Place.VISIBLE
        if label in ("Net", "Cell"):
            if uid in self.units:
                return Place.OWN
            return Place.INSIDE if uid in self.cells | self.nets else Place.VISIBLE
        if label == "Person" and self.role == UserRole.HEAD:
            return Place.INSIDE if uid in self._people_inside(engine) else Place.VISIBLE
        return Place.INSIDE

    def _people_inside(self, engine: Engine) -> frozenset[str]:
        """The people placed in or heading the units beneath the ones this head heads (not
        the heads of the nets above, whom every trace shows)."""
        key = "Person/inside"
        if key not in self._cache:
            found = set(within(engine, "Person", cells=self.cells, nets=self.nets, at=self.at))
            units = sorted(self.cells | self.nets)
            rows = engine.run(
                cypher("visibility/heads"), {"units": units, "at": self.at}, readonly=True
            )
            self._cache[key] = frozenset(found | {row["uid"] for row in rows})
        return self._cache[key]

    def caller(self) -> Caller:
        """The reader as the authority policy sees them."""
        return Caller(self.role, self.person, self.unrestricted)

    def known(self, label: str) -> bool:
        """True when :meth:`allowed` answers ``label`` without a statement."""
        return label in HIDDEN or self.unrestricted or label in REFERENCE or label in self._cache

    def _head(self, engine: Engine, label: str) -> frozenset[str]:
        if label == "Net":
            return self.nets | self.ancestors
        if label == "Cell":
            return self.cells
        found = set()
        if label in LISTINGS and LISTINGS[label].scope is not None:
            found |= set(within(engine, label, cells=self.cells, nets=self.nets, at=self.at))
        if label == "Person":
            units = sorted(self.cells | self.nets | self.ancestors)
            rows = engine.run(
                cypher("visibility/heads"), {"units": units, "at": self.at}, readonly=True
            )
            found |= {row["uid"] for row in rows} | ({self.person} if self.person else set())
        return frozenset(found)

    def _member(self, engine: Engine, label: str) -> frozenset[str]:
        person = self.person
        if person is None:
            return frozenset()
        if label == "Person":  # themselves, and the people whose health they instruct
            params = {"person": person, "role": OfficerRole.HEALTH_INSTRUCTOR.value, "at": self.at}
            rows = engine.run(cypher("visibility/instructed_cells"), params, readonly=True)
            cells = {row["uid"] for row in rows}
            instructed = within(engine, "Person", cells=cells, nets=(), at=self.at) if cells else []
            return frozenset({person, *instructed})
        if label == "MicroCell":
            return self.micro_cells
        if label == "Cell":
            return self.cells
        if label == "Net":
            return self.ancestors
        ties: list[tuple[str, str | None]] = [("OWNED_BY", self.at)] if label in OWNED else []
        ties += [("REPORTED_BY", None)] if label == "Problem" else []
        ties += [("ASSIGNED_TO", self.at)] if label == "Duty" else []
        found: set[str] = set()
        for rel_type, at in ties:
            found |= _related(engine, Relation("Person", rel_type, label, False), person, at)
        return frozenset(found)


def reach_of(engine: Engine, role: str, person: str | None, at: str) -> Reach:
    """The reach of a reader with ``role`` acting as ``person`` at ``at`` (1–4 statements).

    A head of the level-2 net reaches the whole grid; a head who heads nothing now, or a
    member placed nowhere, reaches only reference data and themselves.
    """
    if role in (UserRole.ADMIN, UserRole.PLANNER, UserRole.INVESTIGATOR):
        return Reach(role, person, at, unrestricted=True)
    if role == UserRole.HEAD and person is not None:
        rows = engine.run(
            cypher("visibility/headed_units"), {"person": person, "at": at}, readonly=True
        )
        if any(kind_of(r["labels"]) == "Net" and r["level"] == 2 for r in rows):
            return Reach(role, person, at, unrestricted=True)
        units = frozenset(row["uid"] for row in rows)
        cells: set[str] = set()
        nets: set[str] = set()
        for unit in units:
            scope = scope_of(engine, unit, at)
            cells |= set(scope.cells)
            nets |= set(scope.nets)
        return Reach(
            role, person, at, False, units, frozenset(cells), frozenset(nets),
            _ancestors(engine, units, at),
        )  # fmt: skip
    if role == UserRole.MEMBER and person is not None:
        rows = engine.run(
            cypher("visibility/member_units"), {"person": person, "at": at}, readonly=True
        )
        cells = {row["cell"] for row in rows}
        return Reach(
            role, person, at, False, cells=frozenset(cells),
            micro_cells=frozenset(row["micro_cell"] for row in rows),
            ancestors=_ancestors(engine, frozenset(cells), at),
        )  # fmt: skip
    return Reach(role, person, at, unrestricted=False)


def _ancestors(engine: Engine, units: frozenset[str], at: str) -> frozenset[str]:
    if not units:
        return frozenset()
    rows = engine.run(
        cypher("visibility/ancestors"), {"units": sorted(units), "at": at}, readonly=True
    )
    return frozenset(row["uid"] for row in rows) - units


def _related(engine: Engine, relation: Relation, person: str, at: str | None) -> set[str]:
    found = neighbours(engine, relation, [person], at=at, limit=_MANY)[person]
    return {n.node["uid"] for n in found}


def may_read_health(engine: Engine, caller: Caller, person: str, at: str) -> bool:
    """Whether ``caller`` may read the health records of ``person`` (see
    :func:`queries.authority.can_read_health`); asks whether they instruct that person's cell
    only when it matters (one statement)."""
    if can_read_health(caller, person, instructs=False):
        return True
    if caller.person is None:
        return False
    params = {"person": person, "viewer": caller.person, "at": at,
              "role": OfficerRole.HEALTH_INSTRUCTOR.value}  # fmt: skip
    rows = engine.run(cypher("visibility/health_instructor"), params, readonly=True)
    return can_read_health(caller, person, instructs=bool(rows and rows[0]["cells"]))


def health_records(engine: Engine, person: str) -> list[dict[str, Any]]:
    """The health records of ``person`` (call :func:`may_read_health` first)."""
    rows = engine.run(cypher("visibility/health_records"), {"person": person}, readonly=True)
    return [row["h"] for row in rows]
