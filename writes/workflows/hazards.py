"""The hazard closed loop (隐患排查治理闭环): find → assign (owner, deadline) → rectify →
verify (by someone other than the rectifier) → close; an overdue hazard escalates up the
nets like a problem.

Every change is one guarded statement that appends its audit entry (decision 0005); the
transition table is :data:`writes.workflows.states.HAZARD`. A risk point's grade colour
is never changed here.
"""

from __future__ import annotations

from typing import LiteralString

from graph import status_history
from graph.engine import Engine
from graph.enums import HazardStatus
from graph.errors import FieldError, NotFoundError, ValidationError
from graph.properties import to_date
from graph.schema import validate_node
from writes.audit import AUDIT, Actor
from writes.guarded import check_not_retired
from writes.workflows import ladder
from writes.workflows.common import (
    AT_STATUS,
    END_ESCALATION,
    FINISH,
    HAND_OVER,
    Change,
    Moment,
    apply,
    create,
    moment,
    not_before,
    person_named,
    read_state,
    uid_free,
)
from writes.workflows.positions import position
from writes.workflows.states import HAZARD

LABEL = "Hazard"

FIND_CHECK: LiteralString = """
OPTIONAL MATCH (rp:RiskPoint {uid: $risk_point})
OPTIONAL MATCH (rp)-[:BELONGS_TO]->(c:Cell)
WITH rp, collect(DISTINCT c.uid) AS cells
OPTIONAL MATCH (taken:GridNode {uid: $uid})
RETURN rp.uid AS risk_point, rp.retired_at AS retired, cells, labels(taken) AS taken
"""

FIND: LiteralString = (
    """
MATCH (rp:RiskPoint {uid: $risk_point})-[:BELONGS_TO]->(c:Cell {uid: $cell})
WHERE rp.retired_at IS NULL
OPTIONAL MATCH (taken:GridNode {uid: $uid})
WITH rp, c, count(taken) AS taken
WHERE taken = 0
CREATE (x:Hazard:GridNode)
SET x += $props, x.rev = 1, x.status_history = $history
CREATE (x)-[:FOUND_AT {since: $since}]->(rp), (x)-[:BELONGS_TO {since: $since}]->(c)
"""
    + AUDIT
    + "\nRETURN x AS node"
)
"""Create the hazard at its risk point, in the risk point's cell; guarded on the uid being
free and the risk point still being in that cell."""

ASSIGN: LiteralString = AT_STATUS + HAND_OVER + FINISH
PLAIN: LiteralString = AT_STATUS + FINISH
RECTIFIED: LiteralString = AT_STATUS + END_ESCALATION + FINISH
VERIFY: LiteralString = (
    AT_STATUS
    + """
MATCH (v:Person {uid: $by})
WHERE v.retired_at IS NULL AND NOT (x)-[:OWNED_BY]->(v)
CREATE (x)-[:VERIFIED_BY]->(v)
"""
    + FINISH
)
"""Guarded on the status and on the verifier never having owned the rectification."""


def find(
    engine: Engine,
    actor: Actor,
    *,
    uid: str,
    risk_point: str,
    title: str,
    severity: str,
    at: Moment = None,
    lon: float | None = None,
    lat: float | None = None,
    located_in: str | None = None,
) -> Change:
    """Record a hazard found at ``risk_point``; it belongs to the risk point's cell.
    ``lon``/``lat`` (WGS84, both or neither) is where it was found, stored on the hazard;
    ``located_in``, the cell that point lies in, must then be the risk point's cell.

    Raises:
        ValidationError: a field (title, severity, uid taken), or the risk point is in no
            cell (or in several).
        NotFoundError: no such risk point.
        ConflictError: the uid was taken, or the risk point moved, meanwhile.
    """
    when = moment(at)
    values = {
        "uid": uid,
        "title": title,
        "severity": severity,
        "status": HazardStatus.FOUND.value,
        "found_on": when[:10],
    } | position(lon, lat)
    props = validate_node(LABEL, values)
    found = engine.run(FIND_CHECK, {"risk_point": risk_point, "uid": uid}, readonly=True)[0]
    if found["risk_point"] is None:
        raise NotFoundError(risk_point, "RiskPoint")
    check_not_retired(LABEL, risk_point, found["retired"], "risk_point")
    if len(found["cells"]) != 1:
        cells = ", ".join(sorted(found["cells"])) or "none"
        message = f"risk point {risk_point} must belong to exactly one cell (cells: {cells})"
        raise ValidationError(LABEL, [FieldError("risk_point", message)])
    uid_free(LABEL, uid, found["taken"])
    cell = found["cells"][0]
    if located_in is not None and located_in != cell:
        message = f"the point lies in cell {located_in}, the risk point {risk_point} in {cell}"
        raise ValidationError(LABEL, [FieldError("lon/lat", message)])
    after = props | {"risk_point": risk_point, "cell": cell}
    return create(
        engine,
        actor,
        label=LABEL,
        uid=uid,
        operation="hazard.find",
        statement=FIND,
        params={
            "risk_point": risk_point,
            "cell": cell,
            "props": props,
            "since": when,
            "history": [status_history.entry(when, HazardStatus.FOUND.value)],
        },
        after=after,
        at=when,
        conflict="its uid was taken, or its risk point moved",
    )


def assign(
    engine: Engine,
    actor: Actor,
    *,
    uid: str,
    owner: str,
    deadline: Moment,
    at: Moment = None,
) -> Change:
    """Name the rectification owner and deadline (整改责任人、整改期限); a reassignment
    closes the previous owner's OWNED_BY and opens the new one.

    Raises:
        NotFoundError: no such hazard or person.
        ValidationError: not ``found``/``assigned``, a bad deadline (or one before the
            hazard was found), or ``at`` too early.
        ConflictError: it changed since it was read.
    """
    when = moment(at)
    try:
        due = to_date(deadline)
    except ValueError as exc:
        raise ValidationError(f"{LABEL} {uid}", [FieldError("deadline", str(exc))]) from None
    state = read_state(engine, LABEL, uid, when, person=owner)
    target = HAZARD.check(uid, "assign", state.status)
    person_named(state, owner, "owner")
    if due < state.props["found_on"]:
        message = f"{due} is before the hazard was found ({state.props['found_on']})"
        raise ValidationError(f"{LABEL} {uid}", [FieldError("deadline", message)])
    not_before(state, when)
    return apply(
        engine,
        actor,
        state,
        operation="hazard.assign",
        statement=ASSIGN,
        status=state.status,
        changes={"status": target, "deadline": due},
        at=when,
        before={"owner": state.owner},
        after={"owner": owner},
        params={"owner": owner},
    )


def start(engine: Engine, actor: Actor, *, uid: str, at: Moment = None) -> Change:
    """The owner starts rectifying (整改中). Raises as :func:`close`."""
    return _plain(engine, actor, uid, "start", PLAIN, at)


def rectified(engine: Engine, actor: Actor, *, uid: str, at: Moment = None) -> Change:
    """The owner reports the rectification done (已整改); an open escalation is closed.
    Raises as :func:`close`."""
    return _plain(engine, actor, uid, "rectified", RECTIFIED, at)


def verify(engine: Engine, actor: Actor, *, uid: str, by_person: str, at: Moment = None) -> Change:
    """``by_person`` checks the rectification and accepts it (验收): VERIFIED_BY.

    Raises:
        NotFoundError: no such hazard or person.
        ValidationError: not ``rectified``, or ``by_person`` is (or was) its rectification
            owner — nobody verifies their own work.
        ConflictError: it changed since it was read.
    """
    when = moment(at)
    state = read_state(engine, LABEL, uid, when, person=by_person)
    target = HAZARD.check(uid, "verify", state.status)
    person_named(state, by_person, "by_person")
    if by_person in state.owners_ever:
        message = (
            f"{by_person} owns (or owned) the rectification of {uid}; someone other than "
            f"the rectification owner ({state.owner or 'none now'}) must verify it"
        )
        raise ValidationError(f"{LABEL} {uid}", [FieldError("by_person", message)])
    return apply(
        engine,
        actor,
        state,
        operation="hazard.verify",
        statement=VERIFY,
        status=state.status,
        changes={"status": target},
        at=when,
        after={"verified_by": by_person},
        params={"by": by_person},
    )


def close(engine: Engine, actor: Actor, *, uid: str, at: Moment = None) -> Change:
    """Close the verified hazard (销号): ``closed_on`` is the day of ``at``.

    Raises:
        NotFoundError: no such hazard.
        ValidationError: not in a state the transition table allows.
        ConflictError: it changed since it was read.
    """
    return _plain(engine, actor, uid, "close", PLAIN, at)


def escalate(engine: Engine, actor: Actor, *, uid: str, reason: str, at: Moment = None) -> Change:
    """Escalate the hazard one net up (cell → level 4 → 3 → 2); its status stays.

    Raises:
        NotFoundError: no such hazard.
        ValidationError: already rectified (or later), no reason, no net above, or in no
            cell.
        ConflictError: it changed (or moved) since it was read.
    """
    when = moment(at)
    state = read_state(engine, LABEL, uid, when)
    return ladder.step(engine, actor, HAZARD, state, reason=reason, at=when, changes={})


def _plain(
    engine: Engine, actor: Actor, uid: str, action: str, statement: LiteralString, at: Moment
) -> Change:
    """A transition that only moves the status (and, for ``close``, sets ``closed_on``)."""
    when = moment(at)
    state = read_state(engine, LABEL, uid, when)
    target = HAZARD.check(uid, action, state.status)
    not_before(state, when)
    changes = {"status": target}
    if target == HazardStatus.CLOSED:
        changes["closed_on"] = when[:10]
    before = {"escalated_to": state.escalated_to} if statement is RECTIFIED else None
    after = {"escalated_to": None} if statement is RECTIFIED else None
    return apply(
        engine,
        actor,
        state,
        operation=f"hazard.{action}",
        statement=statement,
        status=state.status,
        changes=changes,
        at=when,
        before=before,
        after=after,
    )
