"""The audit trail's one writer: every change appends an ``AuditEntry`` by the very
statement that makes the change (decision 0005). A writer builds its statement as
``<guarded change> <AUDIT>`` and passes ``{"audit": audit_entry(...)}`` among its
parameters: the entry is created only when the change is, and a failed statement leaves
neither. Reading the trail back is ``queries.audit``.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, LiteralString

from graph.errors import FieldError, ValidationError
from graph.model import AuditEntry
from graph.schema import validate_node
from writes.values import non_scalar_errors

AUDIT: LiteralString = "CREATE (audit:AuditEntry:GridNode) SET audit += $audit"
"""The clause that appends the entry passed as ``$audit``; put it after the change."""

SYSTEM = "system"
"""The actor of changes made by commands run on the server (seed, import, escalate)."""


@dataclass(frozen=True, slots=True)
class Actor:
    """Who makes a change, and in which request (None outside HTTP)."""

    username: str
    request_id: str | None = None


def audit_entry(
    actor: Actor,
    operation: str,
    target: str,
    target_kind: str,
    *,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    at: str,
) -> dict[str, Any]:
    """The properties of a new audit entry (the ``$audit`` parameter of :data:`AUDIT`),
    checked against the ``AuditEntry`` declaration like any other write: an over-long
    username or request id, or a value no property can hold, is refused before anything
    runs (a ValidationError on ``actor.<field>``). Every writer builds its entry here.

    ``before``/``after`` hold the changed fields only (None when the node did not exist /
    no longer exists); they are stored as JSON text.

    Example:
        >>> audit_entry(Actor("admin"), "update", "eq-1", "Equipment",
        ...       before={"name": "泵"}, after={"name": "泵1#"}, at="2026-11-24T08:00:00Z")["after"]
        '{"name": "泵1#"}'
    """
    props = {
        "uid": _entry_uid(),
        "at": at,
        "actor": actor.username,
        "request_id": actor.request_id,
        "operation": operation,
        "target": target,
        "target_kind": target_kind,
        "before": _dump(before),
        "after": _dump(after),
    }
    props = {k: v for k, v in props.items() if v is not None}
    try:
        problems = non_scalar_errors(props)
        if problems:
            raise ValidationError(AuditEntry.__name__, problems)
        return validate_node(AuditEntry.__name__, props)
    except ValidationError as exc:
        errors = [FieldError(f"actor.{e.field}", e.message) for e in exc.errors]
        raise ValidationError(operation, errors) from None


def _entry_uid() -> str:
    """A new entry's uid; uids sort by creation. The tail is 48 random bits, as the first
    twelve hex digits of a ``uuid4`` are (drawn directly: a third of the cost)."""
    return f"audit-{time.time_ns():020d}-{os.urandom(6).hex()}"


_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
"""What ``json.dumps(value, ensure_ascii=False, sort_keys=True)`` uses, made once."""


def _dump(value: dict[str, Any] | None) -> str | None:
    return None if value is None else _JSON.encode(value)


type EntryBuilder = Callable[
    [str, str, str, dict[str, Any] | None, dict[str, Any] | None], dict[str, Any]
]
"""``(operation, target, target_kind, before, after)`` → the properties of a new entry."""

_NAMES = AuditEntry.defined_properties(aliases=False, rels=False)
_NAME_LIMIT = min(_NAMES[name].max_length for name in ("operation", "target", "target_kind"))
"""The declared ``max_length`` of ``operation``, ``target`` and ``target_kind``."""


def _plain(name: str) -> bool:
    """A name an entry takes as it is: text within the declared length, trimmed, no NUL."""
    return (
        type(name) is str
        and 0 < len(name) <= _NAME_LIMIT
        and name.strip() == name
        and "\0" not in name
    )


_EPOCH = "1970-01-01T00:00:00Z"


def check_targets(entries: Iterable[tuple[str, str]]) -> None:
    """Raise the ValidationError :func:`audit_entry` would raise for the first ``(operation,
    target)`` it refuses. For a writer that makes its entries while it writes (an import
    builds each row's entry as its batch is sent): checked before the first write, a
    refusal still leaves nothing written."""
    for operation, target in entries:
        if not (_plain(operation) and _plain(target)):
            audit_entry(Actor(SYSTEM), operation, target, "-", before=None, after=None, at=_EPOCH)


def audit_entries(actor: Actor, at: str) -> EntryBuilder:
    """A builder of many entries by one actor at one instant (an import's): what they share
    is checked once by :func:`audit_entry` (the same errors), and each entry only for what
    varies — names that are plain text within the declared length go straight in (the
    JSON before/after are text whatever they hold), anything else takes
    :func:`audit_entry`'s full check.

    Example:
        >>> build = audit_entries(Actor("cli:planner"), "2026-11-24T08:00:00Z")
        >>> build("import.create", "eq-1", "Equipment", None, {"name": "泵"})["after"]
        '{"name": "泵"}'
    """
    shared = audit_entry(actor, "-", "-", "-", before=None, after=None, at=at)
    shared = {
        k: v for k, v in shared.items() if k not in ("uid", "operation", "target", "target_kind")
    }

    def build(
        operation: str,
        target: str,
        target_kind: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> dict[str, Any]:
        if not (_plain(operation) and _plain(target) and _plain(target_kind)):
            return audit_entry(
                actor, operation, target, target_kind, before=before, after=after, at=at
            )
        props = {
            "uid": _entry_uid(),
            **shared,
            "operation": operation,
            "target": target,
            "target_kind": target_kind,
        }
        if before is not None:
            props["before"] = _dump(before)
        if after is not None:
            props["after"] = _dump(after)
        return props

    return build
