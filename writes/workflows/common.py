"""What every workflow step shares: the state read before a step and the statement
fragments of a guarded step; running it is the one guarded-change mechanism of
``writes.guarded`` (decision 0005).

A step is two round trips: :func:`read_state` (what the step is based on, and what it
checks in Python first), then one guarded statement built from the fragments below —
``AT_STATUS`` (match + ``WHERE x.status = $from`` before any write), the writes, ``FINISH``
(set the changed fields, bump ``rev``, append the audit entry). If the guard no longer
holds the statement matches nothing and :func:`apply` raises a ConflictError.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, LiteralString

from graph import status_history
from graph.engine import Engine
from graph.errors import FieldError, NotFoundError, ValidationError
from writes.audit import AUDIT, Actor, audit_entry
from writes.guarded import change_instant, check_not_retired, run_guarded
from writes.hand_over import close_and_open, starts_too_early
from writes.results import Change

type Moment = date | datetime | str | None
"""When a change happens: a date (its start, UTC), a date-time or ISO text; now when None."""


def moment(at: Moment, *, field_name: str = "at") -> str:
    """The stored-form instant (``YYYY-MM-DDTHH:MM:SSZ``) of a step (see
    :func:`writes.guarded.change_instant`)."""
    return change_instant(at, field=field_name, subject="workflow")


@dataclass(frozen=True, slots=True)
class State:
    """A problem or hazard as read before a change, with what the guards need."""

    uid: str
    label: str
    props: dict[str, Any]
    cell: str | None
    cell_heads: tuple[str, ...]
    owner: str | None
    """The open OWNED_BY holder (handler of a problem, rectification owner of a hazard)."""
    owners_ever: tuple[str, ...]
    escalated_to: str | None
    """The net the open ESCALATED_TO points at; None while the matter is at its cell."""
    level: int | None
    """That net's level (4, 3, 2); None at the cell."""
    level_since: str | None
    """When the open escalation began (None at the cell)."""
    latest: str | None
    """The latest ``since`` among the open links a change may close."""
    up: str | None
    """The net one level up from where the matter is now (None at the top)."""
    up_level: int | None
    person: str | None
    """The person the change names (owner, verifier, closer) when that person exists."""
    person_retired: str | None

    @property
    def status(self) -> str:
        return str(self.props["status"])

    @property
    def here(self) -> str | None:
        """Where the matter is handled now: the net escalated to, else its cell."""
        return self.escalated_to or self.cell


STATE: LiteralString = """
MATCH (x:GridNode {uid: $uid})
WHERE $label IN labels(x)
OPTIONAL MATCH (x)-[:RAISED_IN|BELONGS_TO]->(c:Cell)
WITH x, collect(DISTINCT c.uid) AS cells
OPTIONAL MATCH (x)-[e:ESCALATED_TO]->(n:Net)
WITH x, cells,
     collect(CASE WHEN e IS NOT NULL AND e.until IS NULL
             THEN {net: n.uid, level: n.level, since: e.since} END) AS escalations
OPTIONAL MATCH (x)-[o:OWNED_BY]->(p:Person)
WITH x, cells, escalations,
     collect(CASE WHEN o IS NOT NULL AND o.until IS NULL
             THEN {person: p.uid, since: o.since} END) AS owners,
     collect(DISTINCT p.uid) AS owners_ever
WITH x, cells, escalations, owners, owners_ever, head(cells) AS cell, head(escalations) AS esc
OPTIONAL MATCH (hp:Person)-[h:HEAD_OF]->(hc:Cell {uid: cell})
WHERE h.since <= $at AND (h.until IS NULL OR h.until > $at)
WITH x, cells, escalations, owners, owners_ever, cell, esc, collect(DISTINCT hp.uid) AS heads
OPTIONAL MATCH (here:GridNode {uid: coalesce(esc.net, cell)})-[pp:PART_OF]->(up:Net)
WHERE pp.since <= $at AND (pp.until IS NULL OR pp.until > $at)
WITH x, cells, escalations, owners, owners_ever, heads,
     collect(CASE WHEN up IS NOT NULL THEN {net: up.uid, level: up.level} END) AS ups
OPTIONAL MATCH (who:Person {uid: $person})
RETURN x AS node, cells, escalations, owners, owners_ever, heads, ups, who.uid AS person,
       who.retired_at AS person_retired
"""

AT_STATUS: LiteralString = """
MATCH (x:GridNode {uid: $uid})
WHERE $label IN labels(x) AND x.status = $from AND x.retired_at IS NULL
"""
"""Match the node and check the status the change was based on, before any write."""

FINISH: LiteralString = (
    "SET x += $changes, x.rev = coalesce(x.rev, 0) + 1,\n"
    "    x.status_history = coalesce(x.status_history, $history_start) + $history_add\n"
    + AUDIT
    + "\nRETURN x AS node"
)
"""Write the changed fields, bump the revision, append the new status (if any) to the status
history (``graph.status_history``; a node without one first gets its documented default)
and append the audit entry."""

HAND_OVER: LiteralString = (
    """
MATCH (h:Person {uid: $owner})
WHERE h.retired_at IS NULL
OPTIONAL MATCH (x)-[held:OWNED_BY]->(:Person)
WHERE held.until IS NULL
WITH x, h, collect(held) AS held
"""
    + close_and_open("held", "(x)-[new:OWNED_BY]->(h)", props="{since: $at}")
    + "\n"
)
"""Close the open OWNED_BY (``until``) and open one to ``$owner`` (``since``)."""

END_ESCALATION: LiteralString = """
OPTIONAL MATCH (x)-[open:ESCALATED_TO]->(:Net)
WHERE open.until IS NULL
WITH x, collect(open) AS opens
FOREACH (r IN opens | SET r.until = $at)
"""
"""Close the open ESCALATED_TO: the matter leaves the net's desk (resolved, rectified)."""


def read_state(
    engine: Engine, label: str, uid: str, at: str, *, person: str | None = None
) -> State:
    """The node ``uid`` of ``label`` as it stands at ``at`` (and whether the Person
    ``person`` exists), or NotFoundError."""
    params = {"uid": uid, "label": label, "at": at, "person": person}
    rows = engine.run(STATE, params, readonly=True)
    if not rows:
        raise NotFoundError(uid, label)
    row = rows[0]
    check_not_retired(label, uid, row["node"].get("retired_at"), "uid")
    escalation = _single(row["escalations"])
    owner = _single(row["owners"])
    up = _single(row["ups"])
    opened = [link["since"] for link in (escalation, owner) if link is not None]
    return State(
        uid=uid,
        label=label,
        props=row["node"],
        cell=row["cells"][0] if row["cells"] else None,
        cell_heads=tuple(sorted(row["heads"])),
        owner=owner["person"] if owner else None,
        owners_ever=tuple(sorted(row["owners_ever"])),
        escalated_to=escalation["net"] if escalation else None,
        level=escalation["level"] if escalation else None,
        level_since=escalation["since"] if escalation else None,
        latest=max(opened) if opened else None,
        up=up["net"] if up else None,
        up_level=up["level"] if up else None,
        person=row["person"],
        person_retired=row["person_retired"],
    )


def create(
    engine: Engine,
    actor: Actor,
    *,
    label: str,
    uid: str,
    operation: str,
    statement: LiteralString,
    params: dict[str, Any],
    after: dict[str, Any],
    at: str,
    conflict: str,
) -> Change:
    """Run one guarded creation (its statement ends with the audit entry built here) and
    return it; ConflictError with ``conflict`` as the reason when the guard failed."""
    record = audit_entry(actor, operation, uid, label, before=None, after=after, at=at)
    return run_guarded(
        engine, statement, params | {"uid": uid, "audit": record}, operation=operation,
        uid=uid, label=label, before=None, after=after, at=at, conflict=conflict,
    )  # fmt: skip


def _single(values: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The one open link of a kind (the latest if the data holds several)."""
    return max(values, key=lambda v: v.get("since") or "") if values else None


def not_before(state: State, at: str) -> None:
    """A step may not happen before the open links it closes began (the hand-over rule)."""
    latest = starts_too_early(at, [state.latest])
    if latest is not None:
        message = f"{at} is before the {state.label.lower()}'s last change ({latest})"
        raise ValidationError(f"{state.label} {state.uid}", [FieldError("at", message)])


def apply(
    engine: Engine,
    actor: Actor,
    state: State,
    *,
    operation: str,
    statement: LiteralString,
    status: str,
    changes: dict[str, Any],
    at: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    params: dict[str, Any] | None = None,
) -> Change:
    """Run one guarded change of ``state``'s node and return it.

    ``changes`` are the node properties written; ``before``/``after`` add what else the
    audit entry records (links opened or closed, a reason). Raises ConflictError when the
    node no longer is as read (its status, or a guard of ``statement``).
    """
    was = {key: state.props.get(key) for key in changes} | (before or {})
    now = changes | (after or {})
    record = audit_entry(actor, operation, state.uid, state.label, before=was, after=now, at=at)
    target = changes.get("status")
    values = {
        "uid": state.uid,
        "label": state.label,
        "from": status,
        "changes": changes,
        "at": at,
        "audit": record,
        "history_start": status_history.history_of(state.props | {"status": status}),
        "history_add": [] if target in (None, status) else [status_history.entry(at, str(target))],
    }
    return run_guarded(
        engine, statement, values | (params or {}), operation=operation, uid=state.uid,
        label=state.label, before=was, after=now, at=at,
        conflict=f"it is no longer as read (status '{status}', {operation})",
    )  # fmt: skip


def person_named(state: State, person: str, field_name: str) -> None:
    """NotFoundError unless the person a change names exists; ValidationError if retired."""
    if state.person != person:
        raise NotFoundError(person, "Person")
    check_not_retired(f"{state.label} {state.uid}", person, state.person_retired, field_name)


def uid_free(label: str, uid: str, taken: list[str] | None) -> None:
    """ValidationError when ``uid`` already names a node (``taken``: that node's labels),
    without naming its kind (it may be out of the caller's reach)."""
    if taken:
        raise ValidationError(label, [FieldError("uid", f"{uid!r} is already in use")])
