"""The audit trail read back, per node or per actor (entries are written by
``writes.audit`` in the statement of each change, decision 0005)."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from graph.engine import Engine
from queries.clock import instant, starting
from queries.cypher import cypher


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


def history(
    engine: Engine, uid: str, *, limit: int = 100, hidden: Collection[str] = ()
) -> list[Entry]:
    """The changes recorded about node ``uid``, newest first, less those whose operation
    is in ``hidden`` (entries the reader may not see)."""
    params = {"uid": uid, "limit": limit, "hidden": sorted(hidden)}
    rows = engine.run(cypher("audit/history"), params, readonly=True)
    return [Entry.from_props(row["a"]) for row in rows]


def by_actor(
    engine: Engine,
    actor: str,
    *,
    since: str | None = None,
    until: str | None = None,
    limit: int = 100,
    hidden: Collection[str] = (),
) -> list[Entry]:
    """The changes ``actor`` made from ``since`` to ``until`` inclusive (all time by
    default), newest first. A bare date as ``since`` means the start of that day, as
    ``until`` its end."""
    params = {
        "actor": actor,
        "since": starting(since, field="since", subject="query") if since else "0000",
        "until": instant(until, field="until") if until else "9999",
        "limit": limit,
        "hidden": sorted(hidden),
    }
    rows = engine.run(cypher("audit/by_actor"), params, readonly=True)
    return [Entry.from_props(row["a"]) for row in rows]


def _load(text: str | None) -> dict[str, Any] | None:
    return None if text is None else json.loads(text)
