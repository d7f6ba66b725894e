"""Create, update and retire nodes, each as one guarded statement with its audit entry.

Nodes are never deleted: retiring one marks it ``retired_at`` / ``retired_reason`` and
closes every open assignment touching it. Every write bumps the node's revision ``rev``
(nodes written by seed or import have none and count as 0); an update or retire may
name the revision it was based on and fails with :class:`ConflictError` when it is stale.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, LiteralString

from graph.engine import Engine
from graph.enums import NetLevel
from graph.errors import ConflictError, ConstraintViolation, FieldError, ValidationError
from graph.model import Cell, Net
from graph.model.base import SEARCH_PROPERTY
from graph.schema import RelationshipSpec, node_spec, relationship_specs, validate_node
from writes.audit import Actor
from writes.guarded import (
    RETIRE_FIELDS,
    SAME_OPEN_LINKS,
    Link,
    Stored,
    audit_params,
    change_instant,
    check_active,
    check_actor,
    check_editable,
    check_revision,
    editable_labels,
    link_key_expression,
    literal,
    raise_errors,
    read_node,
    read_nodes,
    referenced,
    run_guarded,
    with_audit,
)
from writes.hand_over import check_not_before
from writes.results import Change
from writes.values import non_scalar_errors, usable_text

_LEVELS = {level.level: level.value for level in NetLevel}


def create(
    engine: Engine,
    actor: Actor,
    label: str,
    props: Mapping[str, Any],
    *,
    cell: str | None = None,
    at: str | None = None,
) -> Change:
    """Create a node of ``label`` (not HealthRecord, User or AuditEntry) with ``props``,
    placed in ``cell`` at once when given (the same statement: never one without the other).

    Every field is validated through the schema of record and all errors are reported at
    once; the uid must be new across all kinds, other unique values (a person's
    ``employee_no``, a standard's ``code``) new within the label. The node starts at
    revision 1. Links (cell, owner, parent…) are made by the assignment and move
    functions afterwards.

    Raises:
        ValidationError: a bad label or field, or a uid or unique value already taken.
        ConflictError: the uid or a unique value was taken between the check and the write.

    Example:
        >>> create(engine, Actor("admin"), "Equipment",
        ...        {"uid": "eq-9", "name": "分离器", "category": "separator"}).props["rev"]
        1
    """
    check_actor(actor)
    moment = change_instant(at)
    clean = validate_new(engine, label, props)
    parent = None
    if cell is not None:
        parent = (cell_link(label), cell)
        errors: list[FieldError] = []
        referenced(engine, "cell", cell, [Cell.__name__], errors)
        raise_errors(label, errors)
    return create_node(engine, actor, label, clean, at=moment, operation="create", parent=parent)


def cell_link(label: str) -> RelationshipSpec:
    """The declared link by which a ``label`` node belongs to a cell, or a ValidationError
    naming the kinds that do."""
    for spec in relationship_specs():
        if spec.source == label and spec.target == Cell.__name__ and spec.type == "BELONGS_TO":
            return spec
    kinds = sorted(
        s.source for s in relationship_specs()
        if s.target == Cell.__name__ and s.type == "BELONGS_TO"
    )  # fmt: skip
    message = f"a {label} does not belong to a cell; these do: {', '.join(kinds)}"
    raise ValidationError(label, [FieldError("cell", message)])


def validate_new(
    engine: Engine, label: str, props: Any, *, prefix: str = "", existing: bool = False
) -> dict[str, Any]:
    """The storable properties of a new node (derived ``search`` tokens included), or a
    ValidationError listing every problem; ``prefix`` qualifies field names (``new.name``).
    ``existing``: the node was created already (a resumed split): skip the check that its
    uid and unique values are free."""
    check_editable(label)
    if not isinstance(props, Mapping):
        raise ValidationError(label, [FieldError(prefix.rstrip(".") or "props", "not a mapping")])
    errors = [
        FieldError(f"{prefix}{name}", "is set by retiring the node, not by create")
        for name in RETIRE_FIELDS
        if name in props
    ]
    clean: dict[str, Any] | None = None
    scalar = non_scalar_errors(props, prefix)
    errors += scalar
    try:
        if not scalar:
            fields = {k: v for k, v in props.items() if k not in RETIRE_FIELDS}
            clean = validate_node(label, fields)
    except ValidationError as exc:
        errors += [FieldError(f"{prefix}{e.field}", e.message) for e in exc.errors]
    if clean is not None:
        found = _net_level_errors(label, clean)
        found += [] if existing else _taken(engine, label, clean)
        errors += [FieldError(f"{prefix}{e.field}", e.message) for e in found]
    raise_errors(label, errors)
    assert clean is not None
    spec = node_spec(label)
    if spec.searchable:
        clean[SEARCH_PROPERTY] = spec.search_tokens(clean)
    return {k: v for k, v in clean.items() if v is not None}


def create_node(
    engine: Engine,
    actor: Actor,
    label: str,
    clean: dict[str, Any],
    *,
    at: str,
    operation: str,
    parent: tuple[RelationshipSpec, str] | None = None,
    note: dict[str, Any] | None = None,
) -> Change:
    """Write validated ``clean`` properties as a new node, linked to ``parent`` (a temporal
    ``PART_OF``, from ``at``) when given, in one statement guarded on the uid being new.
    ``note`` adds context to the audit entry's "after" (the unit a split came from)."""
    after = {k: v for k, v in clean.items() if k != SEARCH_PROPERTY} | (note or {})
    params: dict[str, Any] = {"uid": clean["uid"], "props": clean, "at": at}
    if parent is not None:
        rel, parent_uid = parent
        after[rel.attribute] = parent_uid
        params["parent"] = parent_uid
    params["audit"] = audit_params(
        actor, operation, (clean["uid"], label), before=None, after=after, at=at
    )
    query = _create_statement(label, parent[0] if parent else None)
    try:
        return run_guarded(
            engine,
            query,
            params,
            operation=operation,
            uid=clean["uid"],
            label=label,
            before=None,
            after=after,
            at=at,
        )
    except ConstraintViolation as exc:
        detail = f"a unique value was taken meanwhile ({exc})"
        raise ConflictError(clean["uid"], label, detail) from None


@cache
def _create_statement(label: str, parent: RelationshipSpec | None) -> LiteralString:
    labels = ":".join(node_spec(label).labels)
    match_parent = link_parent = ""
    if parent is not None:
        match_parent = f"MATCH (p:{parent.target} {{uid: $parent}}) WHERE p.retired_at IS NULL "
        since = " {since: $at}" if parent.temporal else ""
        link_parent = f"CREATE (node)-[:{parent.type}{since}]->(p) "
    return with_audit(
        "OPTIONAL MATCH (x:GridNode {uid: $uid}) WITH x WHERE x IS NULL "
        f"{match_parent}"
        f"CREATE (node:{labels}) SET node = $props, node.rev = 1 "
        f"{link_parent}"
    )


def update(
    engine: Engine,
    actor: Actor,
    label: str,
    uid: str,
    patch: Mapping[str, Any],
    *,
    rev: int | None = None,
    at: str | None = None,
) -> Change:
    """Change some fields of node ``uid``; a ``None`` value clears an optional field.

    Required fields cannot be cleared, ``uid`` cannot change, nor a net's ``level`` (its
    place in the hierarchy: create a new net and move the units instead); ``retired_*``
    are set by :func:`retire`. ``rev``, when given, must be the stored revision. Fields
    that already hold the given value are left out; a patch that changes nothing writes
    nothing (``audit`` is None).

    Raises:
        ValidationError: a bad label or field (all listed), or the node is retired.
        NotFoundError: no ``label`` node has that uid.
        ConflictError: ``rev`` is stale, or the node changed since it was read.
    """
    check_actor(actor)
    moment = change_instant(at)
    check_editable(label)
    if not isinstance(patch, Mapping):
        raise ValidationError(label, [FieldError("patch", "not a mapping")])
    errors: list[FieldError] = []
    if "uid" in patch and patch["uid"] != uid:
        errors.append(FieldError("uid", "cannot change; it is the node's stable key"))
    errors += [
        FieldError(name, "is set by retiring the node, not by update")
        for name in RETIRE_FIELDS
        if name in patch
    ]
    if rev is not None and (isinstance(rev, bool) or not isinstance(rev, int)):
        errors.append(FieldError("rev", f"{rev!r} is not a whole number"))
    fields = {k: v for k, v in patch.items() if k != "uid" and k not in RETIRE_FIELDS}
    clean: dict[str, Any] = {}
    scalar = non_scalar_errors(fields)
    errors += scalar
    try:
        if not scalar:
            clean = validate_node(label, fields, partial=True)
    except ValidationError as exc:
        errors += exc.errors
    raise_errors(label, errors)
    stored = read_node(engine, uid, [label])
    check_active(stored)
    check_revision(stored, rev)
    changed = {k: v for k, v in clean.items() if stored.props.get(k) != v}
    merged = {**stored.props, **changed}
    if label == Net.__name__ and "level" in changed:
        message = "cannot change; create a net of the new level and move the units to it"
        errors.append(FieldError("level", message))
    errors += _net_level_errors(label, merged) if "kind" in changed else []
    errors += _taken(engine, label, changed, own=stored.uid)
    raise_errors(label, errors)
    if not changed:
        return Change("update", stored.uid, label, stored.props, None, None, None)
    values = dict(changed)
    spec = node_spec(label)
    if spec.searchable and any(name in changed for name in spec.search_fields):
        values[SEARCH_PROPERTY] = spec.search_tokens(merged)
    before = {k: stored.props.get(k) for k in changed}
    params = {
        "uid": stored.uid,
        "rev": stored.rev,
        "set": values,
        "audit": audit_params(actor, "update", stored, before=before, after=changed, at=moment),
    }
    return run_guarded(
        engine,
        _update_statement(label),
        params,
        operation="update",
        uid=stored.uid,
        label=label,
        before=before,
        after=changed,
        at=moment,
    )


@cache
def _update_statement(label: str) -> LiteralString:
    return with_audit(
        f"MATCH (node:{label} {{uid: $uid}}) "
        "WHERE coalesce(node.rev, 0) = $rev AND node.retired_at IS NULL "
        "SET node += $set, node.rev = $rev + 1"
    )


def retire(
    engine: Engine,
    actor: Actor,
    label: str,
    uid: str,
    reason: str,
    *,
    rev: int | None = None,
    at: str | None = None,
) -> Change:
    """Retire node ``uid``: set ``retired_at`` and ``retired_reason`` and close (``until``)
    every open assignment touching it, in either direction. Nothing is deleted.

    The audit entry lists the assignments it closed (``open_assignments`` before → ``[]``).

    Raises:
        ValidationError: a bad label or reason, the node is already retired, or ``at`` is
            before one of the assignments it would close began.
        NotFoundError: no ``label`` node has that uid.
        ConflictError: ``rev`` is stale, or the node or its assignments changed since read.
    """
    check_actor(actor)
    moment = change_instant(at)
    check_editable(label)
    reason = check_reason(label, reason)
    stored = read_node(engine, uid, [label])
    if stored.retired:
        message = f"{uid} is already retired since {stored.props['retired_at']}"
        raise ValidationError(label, [FieldError("uid", message)])
    check_revision(stored, rev)
    return retire_node(engine, actor, stored, reason, at=moment, operation="retire")


def check_reason(label: str, reason: Any) -> str:
    """A retire reason: 1 to 500 characters (``retired_reason``), stripped."""
    if not isinstance(reason, str) or not reason.strip():
        raise ValidationError(label, [FieldError("reason", "is required")])
    if not usable_text(reason):
        raise ValidationError(label, [FieldError("reason", "contains a NUL character")])
    try:
        validate_node(label, {"retired_reason": reason}, partial=True)
    except ValidationError as exc:
        raise ValidationError(
            label, [FieldError("reason", e.message) for e in exc.errors]
        ) from None
    return reason.strip()


def retire_node(
    engine: Engine, actor: Actor, stored: Stored, reason: str, *, at: str, operation: str
) -> Change:
    """Retire a node read as ``stored`` (checked active), recorded as ``operation``."""
    links = open_assignments(engine, stored.uid)
    check_not_before(at, [link.since for link in links], stored.label)
    listed = [
        {
            k: v
            for k, v in (("type", x.type), ("other", x.other), ("since", x.since), ("role", x.role))
            if v is not None
        }
        for x in links
    ]
    before = {"retired_at": None, "retired_reason": None, "open_assignments": listed}
    after = {"retired_at": at, "retired_reason": reason, "open_assignments": []}
    params = {
        "uid": stored.uid,
        "rev": stored.rev,
        "at": at,
        "reason": reason,
        "types": _temporal_types(),
        "expected": [link.key for link in links],
        "audit": audit_params(actor, operation, stored, before=before, after=after, at=at),
    }
    return run_guarded(
        engine,
        _retire_statement(stored.label),
        params,
        operation=operation,
        uid=stored.uid,
        label=stored.label,
        before=before,
        after=after,
        at=at,
    )


_OPEN_ASSIGNMENTS: LiteralString = (
    "MATCH (n:GridNode {uid: $uid})-[r]-(x) WHERE type(r) IN $types AND r.until IS NULL "
    "RETURN type(r) AS type, x.uid AS other, r.since AS since, r.role AS role "
    "ORDER BY type, other, since"
)


def open_assignments(engine: Engine, uid: str) -> list[Link]:
    """Every open temporal assignment touching node ``uid``, in either direction."""
    rows = engine.run(_OPEN_ASSIGNMENTS, {"uid": uid, "types": _temporal_types()}, readonly=True)
    return [Link(r["type"], r["other"], r["since"], r["role"]) for r in rows]


@cache
def _temporal_types() -> list[str]:
    return sorted({rel.type for rel in relationship_specs() if rel.temporal})


@cache
def _retire_statement(label: str) -> LiteralString:
    return with_audit(
        f"MATCH (node:{label} {{uid: $uid}}) "
        "WHERE coalesce(node.rev, 0) = $rev AND node.retired_at IS NULL "
        "OPTIONAL MATCH (node)-[r]-(x) WHERE type(r) IN $types AND r.until IS NULL "
        f"WITH node, collect(r) AS open, collect({link_key_expression('r', 'x')}) AS keys "
        f"WHERE {SAME_OPEN_LINKS} "
        "FOREACH (r IN open | SET r.until = $at) "
        "SET node.retired_at = $at, node.retired_reason = $reason, node.rev = $rev + 1"
    )


def _net_level_errors(label: str, values: Mapping[str, Any]) -> list[FieldError]:
    """A net's ``level`` is 2, 3 or 4 and its ``kind`` names that level."""
    if label != Net.__name__:
        return []
    level, kind = values.get("level"), values.get("kind")
    if level not in _LEVELS:
        return [FieldError("level", f"{level!r} is not a net level; nets are level 2, 3 or 4")]
    if kind != _LEVELS[level]:
        return [
            FieldError("kind", f"{kind!r} does not match level {level}: use {_LEVELS[level]!r}")
        ]
    return []


def _taken(
    engine: Engine, label: str, values: Mapping[str, Any], *, own: str | None = None
) -> list[FieldError]:
    """Unique values of ``values`` another node already holds (the uid across all kinds).
    The message never names the holder: it may lie outside the caller's reach, or be a
    node no reach opens (a health record, an account)."""
    errors = []
    uid = values.get("uid")
    if uid is not None and uid != own:
        holder = read_nodes(engine, [uid]).get(uid)
        if holder is not None:
            errors.append(FieldError("uid", f"{uid!r} is already in use"))
    for name in node_spec(label).unique:
        if name == "uid" or values.get(name) is None:
            continue
        rows = engine.run(_unique_statement(label, name), {"value": values[name]}, readonly=True)
        others = [row["uid"] for row in rows if row["uid"] != own]
        if others:
            errors.append(FieldError(name, f"{values[name]!r} is already in use"))
    return errors


@cache
def _unique_statement(label: str, name: str) -> LiteralString:
    return literal(f"MATCH (n:{label} {{{name}: $value}}) RETURN n.uid AS uid LIMIT 2")


def statements() -> list[str]:
    """Every statement this module sends (for the portability test)."""
    built: list[str] = [_OPEN_ASSIGNMENTS]
    for label in editable_labels():
        built += [_create_statement(label, None), _update_statement(label)]
        built.append(_retire_statement(label))
        built += [_unique_statement(label, name) for name in node_spec(label).unique]
    built += [
        _create_statement(rel.source, rel)
        for rel in relationship_specs()
        if rel.type == "PART_OF" and rel.source != Net.__name__
    ]
    return built
