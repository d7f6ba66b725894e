"""The audit trail: every change is appended as an ``AuditEntry`` by the very statement
that makes the change (decision 0005), and read back per node or per actor.

A writer builds its statement as ``<guarded change> <AUDIT>`` and passes
``{"audit": entry(...)}`` among its parameters: the entry is created only when the change
is, and a failed statement leaves neither.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any, LiteralString

from graph.engine import Engine
from queries.clock import instant, starting
from queries.cypher import cypher

AUDIT: LiteralString = "CREATE (audit:AuditEntry:GridNode) SET audit += $audit"
"""The clause that appends the entry passed as ``$audit``; put it after the change."""

SYSTEM = "system"
"""The actor of changes made by commands run on the server (seed, import, escalate)."""


@dataclass(frozen=True, slots=True)
class Actor:
    """Who makes a change, and in which request (None outside HTTP)."""

    username: str
    request_id: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One recorded change, as read back."""

    uid: str
    at: str
    actor: str
    request_id: str | None
    operation: str
    target: str
    target_kind: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @classmethod
    def from_props(cls, props: dict[str, Any]) -> Entry:
        return cls(
            uid=props["uid"],
            at=props["at"],
            actor=props["actor"],
            request_id=props.get("request_id"),
            operation=props["operation"],
            target=props["target"],
            target_kind=props["target_kind"],
            before=_load(props.get("before")),
            after=_load(props.get("after")),
        )


def entry(
    actor: Actor,
    operation: str,
    target: str,
    target_kind: str,
    *,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    at: str,
) -> dict[str, Any]:
    """The properties of a new audit entry (the ``$audit`` parameter of :data:`AUDIT`).

    ``before``/``after`` hold the changed fields only (None when the node did not exist /
    no longer exists); they are stored as JSON text.

    Example:
        >>> entry(Actor("admin"), "update", "eq-1", "Equipment",
        ...       before={"name": "泵"}, after={"name": "泵1#"}, at="2026-11-24T08:00:00Z")["after"]
        '{"name": "泵1#"}'
    """
    props = {
        "uid": f"audit-{time.time_ns():020d}-{uuid.uuid4().hex[:12]}",  # sorts by creation
        "at": at,
        "actor": actor.username,
        "request_id": actor.request_id,
        "operation": operation,
        "target": target,
        "target_kind": target_kind,
        "before": _dump(before),
        "after": _dump(after),
    }
    return {k: v for k, v in props.items() if v is not None}


def history(engine: Engine, uid: str, *, limit: int = 100) -> list[Entry]:
    """The changes recorded about node ``uid``, newest first."""
    rows = engine.run(cypher("audit/history"), {"uid": uid, "limit": limit}, readonly=True)
    return [Entry.from_props(row["a"]) for row in rows]


def by_actor(
    engine: Engine,
    actor: str,
    *,
    since: str | None = None,
    until: str | None = None,
    limit: int = 100,
) -> list[Entry]:
    """The changes ``actor`` made from ``since`` to ``until`` inclusive (all time by
    default), newest first. A bare date as ``since`` means the start of that day, as
    ``until`` its end."""
    params = {
        "actor": actor,
        "since": starting(since, field="since", subject="query") if since else "0000",
        "until": instant(until, field="until") if until else "9999",
        "limit": limit,
    }
    rows = engine.run(cypher("audit/by_actor"), params, readonly=True)
    return [Entry.from_props(row["a"]) for row in rows]


def _dump(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _load(text: str | None) -> dict[str, Any] | None:
    return None if text is None else json.loads(text)
