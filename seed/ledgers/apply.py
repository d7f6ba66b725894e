"""The writes of a checked :class:`~seed.ledgers.planned.Plan`, through ``graph.writer``.

Nodes first (MERGE by uid, in ``NODE_CLASSES`` order), then closing open assignments and
removing replaced plain links, then opening and adding the new ones. Each statement is
atomic but the whole is not (the embedded engine has no multi-statement transactions);
because every step MERGEs or only acts on what is still open, re-running the same import
after an interruption finishes the job without doubling anything.

Every row written is recorded in the audit trail by the statement that writes it
(operations ``import.create``, ``import.update``, ``import.close``, ``import.open``,
``import.unlink``, ``import.link``), with the fields before and after.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graph.engine import Engine
from graph.model import NODE_CLASSES
from graph.schema import RelationshipSpec
from graph.writer import (
    Audit,
    close_assignments,
    delete_relationships,
    upsert_nodes,
    upsert_relationships,
)
from queries.clock import instant
from queries.entities import nodes_by_uid
from seed.ledgers.planned import Plan
from seed.ledgers.progress import Meter
from writes.audit import SYSTEM, Actor, audit_entry

_READ_CHUNK = 5_000


def apply_plan(engine: Engine, plan: Plan, bar: Meter, actor: Actor | None = None) -> None:
    """Write everything ``plan`` holds (it must carry no issues), audited as ``actor``."""
    assert not plan.issues, "a plan with issues is never written"
    who = actor or Actor(SYSTEM)
    now = instant(None)
    bar.start("writing", plan.writes)
    engine.ensure_schema()
    stored = _stored(engine, [row["uid"] for rows in plan.nodes.values() for row in rows])
    with engine.bulk_load():
        for cls in NODE_CLASSES:
            rows = plan.nodes.get(cls.__name__)
            if rows:
                audit = _node_audit(who, cls.__name__, stored, now)
                upsert_nodes(
                    engine, cls.__name__, rows, progress=bar.advance, audit=audit, revise=True
                )
        for key, rows in plan.closes.items():
            audit = _link_audit(who, plan.specs[key], "import.close", now)
            close_assignments(engine, plan.specs[key], rows, progress=bar.advance, audit=audit)
        for key, rows in plan.removes.items():
            audit = _link_audit(who, plan.specs[key], "import.unlink", now)
            delete_relationships(engine, plan.specs[key], rows, progress=bar.advance, audit=audit)
        for operation, ops in (("import.open", plan.opens), ("import.link", plan.adds)):
            for key, rows in ops.items():
                audit = _link_audit(who, plan.specs[key], operation, now)
                upsert_relationships(
                    engine, plan.specs[key], rows, progress=bar.advance, check_endpoints=False,
                    audit=audit,
                )  # fmt: skip


def _stored(engine: Engine, uids: list[str]) -> dict[str, dict[str, Any]]:
    """The stored properties of the nodes about to be written (absent: new ones)."""
    found: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(uids):
        found |= {uid: record.props for uid, record in nodes_by_uid(engine, chunk).items()}
    return found


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _READ_CHUNK):
        yield items[start : start + _READ_CHUNK]


def _node_audit(actor: Actor, label: str, stored: dict[str, dict[str, Any]], at: str) -> Audit:
    def record(row: dict[str, Any]) -> dict[str, Any] | None:
        uid, props = row["uid"], row["props"]
        old = stored.get(uid)
        if old is None:
            after = {k: v for k, v in props.items() if v is not None and k != "search"}
            return audit_entry(actor, "import.create", uid, label, before=None, after=after, at=at)
        changed = sorted(k for k, v in props.items() if k != "search" and old.get(k) != v)
        if not changed:
            return None
        before = {k: old.get(k) for k in changed}
        after = {k: props[k] for k in changed}
        return audit_entry(actor, "import.update", uid, label, before=before, after=after, at=at)

    return record


def _link_audit(actor: Actor, rel: RelationshipSpec, operation: str, at: str) -> Audit:
    def record(row: dict[str, Any]) -> dict[str, Any] | None:
        props = {k: v for k, v in row.get("props", {}).items() if v is not None}
        held = {rel.attribute: row["b"]}
        before = held if operation in ("import.close", "import.unlink") else None
        after = None if operation == "import.unlink" else {**held, **props}
        return audit_entry(
            actor, operation, row["a"], rel.source, before=before, after=after, at=at
        )

    return record
