"""Reads of health records are themselves recorded: who read whose, when, in which request
(an admin-only audit entry, ``queries.authority.HEALTH_READ``)."""

from __future__ import annotations

from typing import LiteralString

from graph.engine import Engine
from queries.authority import HEALTH_READ
from queries.clock import instant
from writes.audit import AUDIT, Actor
from writes.guarded import audit_params

_RECORD: LiteralString = f"MATCH (p:Person {{uid: $person}}) {AUDIT} RETURN audit.uid AS audit"


def record_health_read(engine: Engine, actor: Actor, person: str, records: int) -> str | None:
    """Append the audit entry of ``actor`` reading ``records`` health records of ``person``;
    the entry's uid (None when the person does not exist)."""
    at = instant(None)
    entry = audit_params(
        actor, HEALTH_READ, (person, "Person"), before=None, after={"records": records}, at=at
    )
    rows = engine.run(_RECORD, {"person": person, "audit": entry})
    return rows[0]["audit"] if rows else None
