"""The one guarded-change mechanism every write shares — grid changes, workflow steps,
merges and splits: the instant a change happens, the read it is based on, its audit entry,
and running its one guarded statement (decision 0005).

A change reads the state it is based on first (:func:`read_node`, :func:`open_links`, a
workflow's state), validates everything, then sends one statement whose guard repeats what
was read — :data:`SAME_OPEN_LINKS` for posts, a status for workflow steps, "the uid is
still free" for creations — and ends with the audit clause. If the data changed in between
the statement matches nothing and :func:`run_guarded` raises :class:`ConflictError`:
nothing was written, not even the audit entry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, LiteralString, cast

from graph.engine import Engine
from graph.errors import ConflictError, FieldError, HoldersChanged, NotFoundError, ValidationError
from graph.model import AuditEntry, HealthRecord, User
from graph.schema import RelationshipSpec, node_spec, node_specs
from queries.clock import starting
from queries.entities import nodes_by_uid
from writes.audit import AUDIT, Actor, audit_entry
from writes.results import Change
from writes.values import usable_text

NOT_EDITABLE = frozenset({HealthRecord.__name__, User.__name__, AuditEntry.__name__})
"""Labels the change layer never creates, updates or retires: accounts and health records
have their own guarded paths, audit entries are append-only."""

RETIRE_FIELDS = ("retired_at", "retired_reason")
"""Set only by retiring a node, never through create or update."""

KEY_SEPARATOR = "|"


def literal(text: str) -> LiteralString:
    """Mark a statement assembled only from schema-of-record names as a literal."""
    return cast(LiteralString, text)


def editable_labels() -> list[str]:
    """Every label the change layer creates, updates and retires."""
    return [label for label in node_specs() if label not in NOT_EDITABLE]


def check_editable(label: str) -> None:
    """A ValidationError unless ``label`` is a declared label the change layer may edit."""
    node_spec(label)
    if label in NOT_EDITABLE:
        message = f"{label} nodes are not changed through the change layer"
        raise ValidationError(label, [FieldError("label", message)])


def change_instant(at: Any, *, field: str = "at", subject: str = "change") -> str:
    """The stored form of the instant a change happens (``YYYY-MM-DDTHH:MM:SSZ``); now
    when None. A bare date means the start of that day; a ``date`` or ``datetime`` is
    taken as UTC.

    Example:
        >>> change_instant("2026-03-01")
        '2026-03-01T00:00:00Z'
    """
    return starting(at, field=field, subject=subject)


@dataclass(frozen=True, slots=True)
class Stored:
    """A node as read before a change: its own label and its properties."""

    label: str
    props: dict[str, Any]

    @property
    def uid(self) -> str:
        return str(self.props["uid"])

    @property
    def rev(self) -> int:
        """The revision the change layer keeps; nodes written by seed or import count as 0."""
        return int(self.props.get("rev") or 0)

    @property
    def retired(self) -> bool:
        return self.props.get("retired_at") is not None


def read_nodes(engine: Engine, uids: Sequence[str]) -> dict[str, Stored]:
    """The nodes named by ``uids`` (unknown ones absent), in one round trip, read by the
    one node reader (:func:`queries.entities.nodes_by_uid`)."""
    wanted = [u for u in dict.fromkeys(uids) if isinstance(u, str) and usable_text(u)]
    found = nodes_by_uid(engine, wanted)
    return {uid: Stored(record.label, dict(record.props)) for uid, record in found.items()}


def read_node(engine: Engine, uid: Any, labels: Sequence[str] | None = None) -> Stored:
    """The node ``uid`` (of one of ``labels`` when given), or :class:`NotFoundError`."""
    expected = "/".join(labels) if labels else None
    if not isinstance(uid, str) or not uid or not usable_text(uid):
        raise NotFoundError(repr(uid) if isinstance(uid, str) else str(uid), expected)
    stored = read_nodes(engine, [uid]).get(uid)
    if stored is None or (labels and stored.label not in labels):
        raise NotFoundError(uid, expected)
    return stored


def referenced(
    engine: Engine, field: str, uid: Any, labels: Sequence[str], errors: list[FieldError]
) -> Stored | None:
    """A node another one is linked to (a holder, a parent, a cell…): missing, of the wrong
    kind or retired, it is a field error of the change (appended to ``errors``)."""
    kinds = " or ".join(labels)
    if not isinstance(uid, str) or not uid:
        errors.append(FieldError(field, f"{uid!r} is not the uid of a {kinds}"))
        return None
    stored = read_nodes(engine, [uid]).get(uid)
    if stored is None or stored.label not in labels:
        errors.append(FieldError(field, f"no {kinds} with uid {uid!r}"))
        return None
    if stored.retired:
        errors.append(FieldError(field, f"{uid} is retired ({stored.props['retired_at']})"))
        return None
    return stored


def check_active(stored: Stored, field: str = "uid") -> None:
    """A ValidationError when the node to change is retired: retired nodes are history."""
    check_not_retired(stored.label, stored.uid, stored.props.get("retired_at"), field)


def check_not_retired(subject: str, uid: str, retired_at: str | None, field: str) -> None:
    """A ValidationError (on ``subject``'s ``field``) when node ``uid``, which a change
    touches, is retired: retired nodes are history."""
    if retired_at is not None:
        message = f"{uid} is retired since {retired_at}; retired nodes are not changed"
        raise ValidationError(subject, [FieldError(field, message)])


def check_revision(stored: Stored, rev: Any) -> None:
    """The caller's revision, when given, must be the one stored (optimistic concurrency)."""
    if rev is None:
        return
    if isinstance(rev, bool) or not isinstance(rev, int):
        raise ValidationError(stored.label, [FieldError("rev", f"{rev!r} is not a whole number")])
    if rev != stored.rev:
        detail = f"revision {rev} is stale, it is at revision {stored.rev}"
        raise ConflictError(stored.uid, stored.label, detail)


def check_holders(stored: Stored, field: str, current: Sequence[Link], expected: Any) -> None:
    """The holders the caller read (``expected``: uids, ``[]`` for none), when given, must be
    those holding the post now: a hand-over decided on a stale page is a conflict, not a
    silent overwrite of someone else's change (optimistic concurrency for posts)."""
    if expected is None:
        return
    listed = isinstance(expected, Sequence) and not isinstance(expected, str)
    if not listed or not all(isinstance(uid, str) for uid in expected):
        message = f"{expected!r} is not a list of uids"
        raise ValidationError(stored.label, [FieldError("expected", message)])
    now = {link.other for link in current}
    if set(expected) != now:
        raise HoldersChanged(stored.uid, stored.label, field, now, expected)


@dataclass(frozen=True, slots=True)
class Link:
    """One relationship of a node as read: the node at its other end and its properties."""

    type: str
    other: str
    since: str | None = None
    role: str | None = None

    @property
    def key(self) -> str:
        """The identity a guard compares (see :func:`link_key_expression`)."""
        return KEY_SEPARATOR.join((self.type, self.other, self.since or "", self.role or ""))


def link_key_expression(rel: str, other: str) -> str:
    """Cypher computing :attr:`Link.key` for relationship ``rel`` to node ``other``."""
    sep = f"'{KEY_SEPARATOR}'"
    return (
        f"type({rel}) + {sep} + {other}.uid + {sep} + coalesce({rel}.since, '') + {sep} "
        f"+ coalesce({rel}.role, '')"
    )


SAME_OPEN_LINKS = "size(keys) = size($expected) AND all(k IN keys WHERE k IN $expected)"
"""The links found now (``keys``) are exactly the links read before (``$expected``)."""


def open_links(
    engine: Engine, rel: RelationshipSpec, uid: str, *, from_source: bool, role: str | None = None
) -> list[Link]:
    """The links of declared relationship ``rel`` at node ``uid`` (its source when
    ``from_source``, else its target) that are open now (temporal: ``until`` is null)."""
    query = open_links_statement(rel, from_source)
    rows = engine.run(query, {"uid": uid}, readonly=True)
    links = [Link(rel.type, r["other"], r["since"], r["role"]) for r in rows]
    return [link for link in links if role is None or link.role == role]


def open_links_statement(rel: RelationshipSpec, from_source: bool) -> LiteralString:
    here, there = (rel.source, rel.target) if from_source else (rel.target, rel.source)
    pattern = (
        f"(n:{here} {{uid: $uid}})-[r:{rel.type}]->(x:{there})"
        if from_source
        else f"(x:{there})-[r:{rel.type}]->(n:{here} {{uid: $uid}})"
    )
    still_open = " WHERE r.until IS NULL" if rel.temporal else ""
    role = "r.role" if "role" in rel.properties else "null"
    return literal(
        f"MATCH {pattern}{still_open} "
        f"RETURN x.uid AS other, r.since AS since, {role} AS role ORDER BY other"
    )


def audit_params(
    actor: Actor,
    operation: str,
    stored_or_target: Stored | tuple[str, str],
    *,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    at: str,
) -> dict[str, Any]:
    """The ``$audit`` parameter of a change to ``stored_or_target`` (a node as read, or
    its uid and label), built by :func:`writes.audit.audit_entry`."""
    if isinstance(stored_or_target, Stored):
        target, kind = stored_or_target.uid, stored_or_target.label
    else:
        target, kind = stored_or_target
    return audit_entry(actor, operation, target, kind, before=before, after=after, at=at)


def check_actor(actor: Any) -> Actor:
    """The actor of a change must be an :class:`Actor` with a username."""
    if not isinstance(actor, Actor) or not isinstance(actor.username, str) or not actor.username:
        raise ValidationError("change", [FieldError("actor", "a change needs an actor")])
    return actor


def run_guarded(
    engine: Engine,
    query: LiteralString,
    params: Mapping[str, Any],
    *,
    operation: str,
    uid: str,
    label: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    at: str | None = None,
    conflict: str | None = None,
) -> Change:
    """Run one guarded statement whose ``$audit`` parameter was built by
    :func:`writes.audit.audit_entry` and which returns a row (``node``: the node after,
    when it returns one) only when its guard held; no row means the data changed since it
    was read: :class:`ConflictError`, with ``conflict`` as the reason when given."""
    rows = engine.run(query, params)
    if not rows:
        raise ConflictError(uid, label, conflict)
    node = rows[0].get("node")
    entry = params["audit"]
    props = dict(node) if node else None
    moment = at or entry["at"]
    return Change(
        operation, uid, label, props, before, after, entry["uid"], moment, actor=entry["actor"]
    )


def with_audit(body: str) -> LiteralString:
    """``body`` (match → guard → write), then the audit clause and the standard return
    that :func:`run_guarded` reads."""
    return literal(f"{body} {AUDIT} RETURN node, audit.uid AS audit")


def raise_errors(subject: str, errors: list[FieldError]) -> None:
    if errors:
        raise ValidationError(subject, errors)


def holder_value(links: Sequence[Link]) -> Any:
    """How an audit entry names the holders of a one-holder post: none, one, or (broken
    data) several."""
    others = sorted(link.other for link in links)
    if not others:
        return None
    return others[0] if len(others) == 1 else others


__all__ = [
    "NOT_EDITABLE",
    "RETIRE_FIELDS",
    "SAME_OPEN_LINKS",
    "Link",
    "Stored",
    "audit_params",
    "change_instant",
    "check_active",
    "check_actor",
    "check_editable",
    "check_holders",
    "check_not_retired",
    "check_revision",
    "editable_labels",
    "holder_value",
    "link_key_expression",
    "literal",
    "open_links",
    "open_links_statement",
    "raise_errors",
    "read_node",
    "read_nodes",
    "referenced",
    "run_guarded",
    "with_audit",
]
