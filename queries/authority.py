"""The one authority policy: who may read, ask about, change, appoint and report what.

Pure functions over what the caller is (:class:`Caller`) and where each node an argument
names lies for them (:class:`Place`, worked out once per request from their reach by the
API). The loaders stay the one place that filters reads; the API asks :func:`can_change`
once for every mutation, with every node and person its arguments name, not only its
subject. The table in docs/security.md is :data:`RULES` in prose; the tests enumerate it.

Outside the reach looks exactly like "does not exist" (``NOT_FOUND``): a refusal for a
node the caller may read but not change is ``FORBIDDEN`` and says why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from graph.enums import OfficerRole, UserRole


class Place(StrEnum):
    """Where a node lies for one caller."""

    MISSING = "missing"
    """Names nothing the caller may read: unknown, or out of their reach."""
    VISIBLE = "visible"
    """Readable but outside the units the caller heads: nets above, their heads, reference
    data (standards, agreements)."""
    OWN = "own"
    """A unit the caller heads: the top of their subtree, changed from above except for
    what lies in it (its officers, its micro-cells, its objects)."""
    INSIDE = "inside"
    """Beneath the units the caller heads (a member: their own cell and records)."""
    SELF = "self"
    """The caller's own person."""


class Need(StrEnum):
    """What an argument of a change must name."""

    SUBJECT = "subject"
    """The node changed: inside the caller's units."""
    WHERE = "where"
    """Where something goes or whose posts change: inside, or a unit the caller heads."""
    HOLDER = "holder"
    """A person who takes on an object or a duty: inside, or the caller themselves."""
    APPOINTEE = "appointee"
    """A person appointed to a post (head, lead, officer) or moved: inside, never the caller."""
    ACTOR = "actor"
    """The person a step is done by or in the name of: the caller (admins: anyone)."""
    REFERENCE = "reference"
    """Reference data used, not changed (a standard): anything the caller may read."""


WRITERS = frozenset({UserRole.ADMIN, UserRole.HEAD})
REPORTERS = frozenset({UserRole.ADMIN, UserRole.HEAD, UserRole.MEMBER})
ADMINS = frozenset({UserRole.ADMIN})
SIGNED_IN = frozenset(UserRole)
"""Every account: for changes to the caller's own account, which name no other."""


@dataclass(frozen=True, slots=True)
class Rule:
    """Who may run an operation, and what each argument naming a node must be."""

    roles: frozenset[UserRole]
    arguments: Mapping[str, Need]


def _writers(**arguments: Need) -> Rule:
    return Rule(WRITERS, arguments)


S, W, H, A, X, R = Need.SUBJECT, Need.WHERE, Need.HOLDER, Need.APPOINTEE, Need.ACTOR, Need.REFERENCE

RULES: Mapping[str, Rule] = {
    # the grid
    "create_node": _writers(cell=W),
    "update_node": _writers(uid=S),
    "retire_node": _writers(uid=S),
    "assign_owner": _writers(uid=S, person=H),
    "assign_head": _writers(unit=S, person=A),
    "assign_lead": _writers(micro_cell=S, person=A),
    "move_member": _writers(person=A, micro_cell=S),
    "assign_officer": _writers(cell=W, person=A),
    "assign_duty": _writers(duty=S, person=H),
    "add_standard": _writers(uid=S, standard=R),
    "withdraw_standard": _writers(uid=S, standard=R),
    "move_unit": _writers(unit=S, parent=W),
    "move_object": _writers(uid=S, cell=W),
    "merge_cells": _writers(source=S, target=S),
    "split_cell": _writers(cell=S, micro_cells=S, objects=S),
    "merge_micro_cells": _writers(source=S, target=S),
    "split_micro_cell": _writers(micro_cell=S, members=A, lead=A),
    # the workflows
    "report_problem": Rule(REPORTERS, {"cell": W, "reporter": X}),
    "accept_problem": _writers(uid=S, owner=H),
    "escalate_problem": _writers(uid=S),
    "resolve_problem": _writers(uid=S),
    "close_problem": _writers(uid=S, by_person=X),
    "find_hazard": _writers(risk_point=S, cell=W),  # cell: resolved from a point
    "assign_hazard": _writers(uid=S, owner=H),
    "start_hazard": _writers(uid=S),
    "hazard_rectified": _writers(uid=S),
    "verify_hazard": _writers(uid=S, by_person=X),
    "close_hazard": _writers(uid=S),
    "escalate_hazard": _writers(uid=S),
    # accounts
    "create_user": Rule(ADMINS, {}),
    "issue_token": Rule(ADMINS, {}),
    "set_user_active": Rule(ADMINS, {}),
    "change_password": Rule(SIGNED_IN, {}),  # the caller's own: it names no account
    # ledgers
    "import_ledgers": Rule(ADMINS, {}),
}
"""Every mutation, by its Python name."""

_ACCEPTS: Mapping[Need, frozenset[Place]] = {
    Need.SUBJECT: frozenset({Place.INSIDE}),
    Need.WHERE: frozenset({Place.INSIDE, Place.OWN}),
    Need.HOLDER: frozenset({Place.INSIDE, Place.OWN, Place.SELF}),
    Need.APPOINTEE: frozenset({Place.INSIDE, Place.OWN}),
    Need.ACTOR: frozenset({Place.SELF}),
    Need.REFERENCE: frozenset({Place.VISIBLE, Place.INSIDE, Place.OWN, Place.SELF}),
}
"""The places a restricted caller's argument may name, per need."""

_WHY: Mapping[Need, str] = {
    Need.SUBJECT: "lies outside the units you head (the units you head themselves are "
    "changed from above)",
    Need.WHERE: "lies outside the units you head",
    Need.HOLDER: "is not a person in the units you head",
    Need.APPOINTEE: "is not a person in the units you head",
    Need.ACTOR: "is not you: a step is done by, and reported in the name of, the person you act as",
    Need.REFERENCE: "is not readable",
}

HELD = "held"
"""Not an argument: the nodes at the other end of the open posts of a node to be retired
(retiring closes them all), which the API names beside the arguments."""

_OUTSIDE = frozenset({Place.MISSING, Place.VISIBLE})

SENSITIVE_ROLES = frozenset({OfficerRole.HEALTH_INSTRUCTOR.value})
"""Officer roles that open sensitive data (the health instructor reads health records):
appointed by admins only, never by a head, so no head can grant themselves or a colleague
reading rights over other people's health."""

CELL_KINDS_FOR_HEADS = frozenset(
    {"Equipment", "Area", "WorkItem", "RiskList", "RiskPoint", "Hazard", "Duty"}
)
"""What a head may create: things that belong to a cell they head, placed there at once.
Units, people, standards and the rest are created by admins."""


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking: their role, the person they act as, and whether they reach all."""

    role: str
    person: str | None
    unrestricted: bool


@dataclass(frozen=True, slots=True)
class Named:
    """A node an argument names, and where it lies for the caller."""

    argument: str
    uid: str
    place: Place


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a change is refused: ``NOT_FOUND`` (as if it did not exist), ``FORBIDDEN`` or
    ``BAD_INPUT``, with the argument at fault."""

    code: str
    argument: str | None
    message: str


def can_change(
    caller: Caller,
    operation: str,
    named: Sequence[Named],
    options: Mapping[str, object] | None = None,
) -> Refusal | None:
    """Whether ``caller`` may run ``operation`` with the nodes ``named`` by its arguments
    (``options``: its other arguments that matter to the policy, e.g. ``role``, ``kind``,
    ``anonymous``). None when allowed.

    Example:
        >>> head = Caller("head", "p-1", unrestricted=False)
        >>> can_change(head, "assign_owner", [Named("uid", "eq-1", Place.INSIDE),
        ...                                   Named("person", "p-9", Place.VISIBLE)]).code
        'FORBIDDEN'
    """
    rule = RULES.get(operation)
    if rule is None:
        return Refusal("FORBIDDEN", None, f"{operation} is not an operation anyone may run")
    if caller.role not in rule.roles:
        names = ", ".join(sorted(rule.roles))
        return Refusal("FORBIDDEN", None, f"{operation} needs one of the roles: {names}")
    options = options or {}
    for item in named:
        need = rule.arguments.get(item.argument)
        if need is None:
            continue
        refusal = _check(caller, need, item)
        if refusal is not None:
            return refusal
    return _special(caller, operation, named, options)


def _check(caller: Caller, need: Need, item: Named) -> Refusal | None:
    if item.place is Place.MISSING:
        return Refusal("NOT_FOUND", item.argument, f"{item.uid} not found")
    if need is Need.APPOINTEE and item.place is Place.SELF:
        return Refusal("FORBIDDEN", item.argument, "nobody appoints themselves to a post")
    if caller.unrestricted and caller.role == UserRole.ADMIN:
        return None
    if item.place not in _ACCEPTS[need]:
        return Refusal("FORBIDDEN", item.argument, f"{item.uid} {_WHY[need]}")
    return None


def _special(
    caller: Caller, operation: str, named: Sequence[Named], options: Mapping[str, object]
) -> Refusal | None:
    """The rules that depend on more than where things lie."""
    admin = caller.role == UserRole.ADMIN
    if operation == "assign_officer" and options.get("role") in SENSITIVE_ROLES and not admin:
        role = options["role"]
        return Refusal("FORBIDDEN", "role", f"the {role} is appointed by an admin")
    if operation == "create_node" and not admin:
        kind = str(options.get("kind"))
        if kind not in CELL_KINDS_FOR_HEADS:
            kinds = ", ".join(sorted(CELL_KINDS_FOR_HEADS))
            return Refusal("FORBIDDEN", "kind", f"heads create only {kinds}; a {kind} is "
                           "created by an admin")  # fmt: skip
        if not any(item.argument == "cell" for item in named):
            return Refusal("BAD_INPUT", "cell", "a head places what they create in a cell "
                           "they head")  # fmt: skip
    if operation == "retire_node" and not admin:
        beyond = [item for item in named if item.argument == HELD and item.place in _OUTSIDE]
        if beyond:
            subject = next((item.uid for item in named if item.argument == "uid"), "it")
            return Refusal("FORBIDDEN", "uid", f"{subject} holds posts outside the units you "
                           "head; retiring it would close them (an admin's act)")  # fmt: skip
    if operation == "report_problem" and caller.role == UserRole.MEMBER:
        cell = next((item for item in named if item.argument == "cell"), None)
        if cell is not None and cell.place is not Place.INSIDE:
            return Refusal("FORBIDDEN", "cell", "a member reports problems in their own cell")
    return None


def can_ask_about(caller: Caller, place: Place) -> bool:
    """Whether ``caller`` may ask what a node answers for or to (trace, impact, a subtree's
    gaps or tree): what they may change or are, not merely what a trace of theirs shows
    (the heads above them). False must look like "does not exist"."""
    if place is Place.MISSING:
        return False
    return caller.unrestricted or place in (Place.INSIDE, Place.OWN, Place.SELF)


def can_read_health(caller: Caller, person: str, instructs: bool) -> bool:
    """Health records (员工健康档案) are for the person, their current health instructor
    (``instructs``) and admins only — not planners, investigators or other heads."""
    if caller.role == UserRole.ADMIN:
        return True
    return caller.person is not None and (caller.person == person or instructs)


def audit_hidden(caller: Caller) -> frozenset[str] | None:
    """The audit-entry operations ``caller`` may not read, or None when they may read no
    audit trail at all. Admins read everything; investigators the whole trail except who
    read whose health records; nobody else reads it."""
    if caller.role == UserRole.ADMIN:
        return frozenset()
    if caller.role == UserRole.INVESTIGATOR:
        return ADMIN_ONLY_ENTRIES
    return None


HEALTH_READ = "read_health_records"
"""The operation of the audit entry every read of health records appends."""

ADMIN_ONLY_ENTRIES = frozenset({HEALTH_READ})

ANONYMOUS = "anonymous"
"""The actor an anonymous report is recorded under: no account, no person, anywhere."""


__all__ = [
    "ADMIN_ONLY_ENTRIES",
    "ANONYMOUS",
    "CELL_KINDS_FOR_HEADS",
    "HEALTH_READ",
    "HELD",
    "RULES",
    "SENSITIVE_ROLES",
    "SIGNED_IN",
    "Caller",
    "Named",
    "Need",
    "Place",
    "Refusal",
    "Rule",
    "audit_hidden",
    "can_ask_about",
    "can_change",
    "can_read_health",
]
