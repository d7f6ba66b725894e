"""Merging and splitting cells and micro-cells: sequences of guarded statements.

No engine offers a transaction spanning them here (FalkorDB runs one statement at a
time), so a merge or split is a sequence of single-statement changes, each guarded and
audited under the operation's name (``merge_cells``…). Each step is idempotent in effect:
a re-run reads what is left to do and does only that, so an interrupted operation is
resumed by calling it again with the same arguments. Until it completes, the graph shows
the operation half done — every intermediate state is a valid grid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from graph.engine import Engine
from graph.errors import FieldError, ValidationError
from graph.model import Cell, MicroCell, Net, Person
from graph.model.base import SEARCH_PROPERTY
from graph.schema import relationship_spec
from queries.audit import history
from writes.audit import Actor
from writes.changes.assignments import LEAD, MEMBER
from writes.changes.moves import OBJECT_CELL, PARENT
from writes.changes.nodes import (
    check_reason,
    create_node,
    open_assignments,
    retire_node,
    validate_new,
)
from writes.changes.posts import Post, reassign
from writes.guarded import (
    Stored,
    change_instant,
    check_active,
    check_actor,
    open_links,
    raise_errors,
    read_node,
    read_nodes,
    referenced,
)
from writes.hand_over import check_not_before
from writes.results import Change, Restructure

_BELONGING: LiteralString = (
    "MATCH (o:GridNode)-[r:BELONGS_TO]->(c:Cell {uid: $uid}) WHERE r.until IS NULL "
    "RETURN o.uid AS uid, labels(o) AS labels, r.since AS since ORDER BY uid"
)


@dataclass(frozen=True, slots=True)
class _Children:
    """What a unit holds that a merge or split moves: ``field`` names the caller's list."""

    field: str
    post: Post
    child_label: str | None
    """The children's label for a temporal link read from the unit's side; None for the
    objects of a cell (temporal ``BELONGS_TO`` too, but from several labels)."""

    def under(self, engine: Engine, unit: Stored) -> dict[str, tuple[str, str | None]]:
        """uid → (label, since of the link) of the children open under ``unit`` now."""
        if self.child_label is None:
            rows = engine.run(_BELONGING, {"uid": unit.uid}, readonly=True)
            movable = set(self.post.subject_labels())
            return {
                r["uid"]: (label, r["since"])
                for r in rows
                for label in r["labels"]
                if label in movable
            }
        source, target = (
            (self.child_label, unit.label)
            if self.post.subject_is_source
            else (unit.label, self.child_label)
        )
        rel = relationship_spec(source, self.post.rel_type, target)
        links = open_links(engine, rel, unit.uid, from_source=not self.post.subject_is_source)
        return {link.other: (self.child_label, link.since) for link in links}


_MICRO_CELLS = _Children("micro_cells", PARENT, MicroCell.__name__)
_OBJECTS = _Children("objects", OBJECT_CELL, None)
_MEMBERS = _Children("members", MEMBER, Person.__name__)


def merge_cells(
    engine: Engine,
    actor: Actor,
    source: str,
    target: str,
    *,
    reason: str | None = None,
    at: str | None = None,
) -> Restructure:
    """Merge cell ``source`` into ``target``: every micro-cell (temporal ``PART_OF``) and
    every object, duty, risk list, risk point and hazard (temporal ``BELONGS_TO``) of the
    source moves to the target (its link closed at ``at``, a new one opened), then the
    source is retired (its head and officers are closed).
    Problems raised in, data sources feeding, training, visits and assessments of the
    source stay with it as history.

    Raises:
        ValidationError: target unknown, retired or the source itself; ``at`` before a
            link it would close began.
        NotFoundError: ``source`` names no Cell.
        ConflictError: a step found its data changed; earlier steps stay done, re-run.
    """
    return _merge(
        engine,
        actor,
        "merge_cells",
        Cell.__name__,
        source,
        target,
        [_MICRO_CELLS, _OBJECTS],
        reason=reason,
        at=at,
    )


def merge_micro_cells(
    engine: Engine,
    actor: Actor,
    source: str,
    target: str,
    *,
    reason: str | None = None,
    at: str | None = None,
) -> Restructure:
    """Merge micro-cell ``source`` into ``target``: every member moves (their membership
    of the source is closed, one of the target opened), then the source is retired (its
    lead and its link to its cell are closed). Errors as :func:`merge_cells`."""
    return _merge(
        engine,
        actor,
        "merge_micro_cells",
        MicroCell.__name__,
        source,
        target,
        [_MEMBERS],
        reason=reason,
        at=at,
    )


def _merge(
    engine: Engine,
    actor: Actor,
    operation: str,
    label: str,
    source: str,
    target: str,
    children: list[_Children],
    *,
    reason: str | None,
    at: str | None,
) -> Restructure:
    check_actor(actor)
    moment = change_instant(at)
    src = read_node(engine, source, [label])
    errors: list[FieldError] = []
    if target == source:
        errors.append(FieldError("target", "is the source; merge two different units"))
    dst = referenced(engine, "target", target, [label], errors)
    reason = reason if reason is not None else f"merged into {target}"
    try:
        reason = check_reason(label, reason)
    except ValidationError as exc:
        errors += exc.errors
    raise_errors(operation, errors)
    assert dst is not None
    todo = [(kind, kind.under(engine, src), kind.under(engine, dst)) for kind in children]
    closing = [since for _, here, _ in todo for _, since in here.values()]
    closing += [] if src.retired else [link.since for link in open_assignments(engine, src.uid)]
    check_not_before(moment, closing, operation)
    done = Restructure(operation, src.uid, dst.uid)
    for kind, here, there in todo:
        for uid, (child_label, _) in here.items():
            if uid in there:  # already in both (broken data): retiring the source ends it
                continue
            done.changes.append(
                _move(engine, actor, kind, uid, child_label, dst.uid, moment, operation)
            )
    if not src.retired:
        fresh = read_node(engine, src.uid, [label])
        done.changes.append(
            retire_node(engine, actor, fresh, reason, at=moment, operation=operation)
        )
    return done


def _move(
    engine: Engine,
    actor: Actor,
    kind: _Children,
    uid: str,
    label: str,
    to: str,
    at: str,
    operation: str,
) -> Change:
    return reassign(
        engine,
        actor,
        kind.post,
        uid,
        to,
        at=at,
        names=(kind.field, "target"),
        operation=operation,
        subject_labels=[label],
    )


def split_cell(
    engine: Engine,
    actor: Actor,
    cell: str,
    new: Mapping[str, Any],
    micro_cells: Sequence[str],
    objects: Sequence[str] = (),
    *,
    at: str | None = None,
) -> Restructure:
    """Split ``cell``: create the cell ``new`` (its properties, uid included) in the same
    level-4 net, and move the given micro-cells and objects (objects, duties, risk lists,
    risk points, hazards) of ``cell`` to it.

    Raises:
        ValidationError: a bad field of ``new`` (named ``new.<field>``), a listed uid that
            is not under ``cell`` (named ``micro_cells[i]`` / ``objects[i]``), ``cell`` in
            no net, or ``at`` before a link it would close began.
        NotFoundError: ``cell`` names no Cell.
        ConflictError: a step found its data changed; earlier steps stay done, re-run.
    """
    return _split(
        engine,
        actor,
        "split_cell",
        Cell.__name__,
        cell,
        new,
        {_MICRO_CELLS: micro_cells, _OBJECTS: objects},
        parent=Net.__name__,
        at=at,
    )


def split_micro_cell(
    engine: Engine,
    actor: Actor,
    micro_cell: str,
    new: Mapping[str, Any],
    members: Sequence[str],
    *,
    lead: str | None = None,
    at: str | None = None,
) -> Restructure:
    """Split ``micro_cell``: create the micro-cell ``new`` in the same cell, move the given
    ``members`` to it and, when given, make ``lead`` its lead. Errors as :func:`split_cell`
    (``members[i]``, ``lead``)."""
    return _split(
        engine,
        actor,
        "split_micro_cell",
        MicroCell.__name__,
        micro_cell,
        new,
        {_MEMBERS: members},
        parent=Cell.__name__,
        at=at,
        lead=lead,
    )


def _split(
    engine: Engine,
    actor: Actor,
    operation: str,
    label: str,
    source: str,
    new: Mapping[str, Any],
    selected: dict[_Children, Sequence[str]],
    *,
    parent: str,
    at: str | None,
    lead: str | None = None,
) -> Restructure:
    check_actor(actor)
    moment = change_instant(at)
    src = read_node(engine, source, [label])
    check_active(src, "uid")
    part_of = relationship_spec(label, "PART_OF", parent)
    parents = open_links(engine, part_of, src.uid, from_source=True)
    errors: list[FieldError] = []
    if len(parents) != 1:
        where = "no" if not parents else "several"
        errors.append(FieldError("uid", f"{src.uid} is in {where} {parent}; split needs one"))
    new_uid = new.get("uid") if isinstance(new, Mapping) else None
    existing = read_nodes(engine, [new_uid]).get(new_uid) if isinstance(new_uid, str) else None
    resuming = existing is not None and _split_from(engine, existing, operation) == src.uid
    clean: dict[str, Any] = {}
    if existing is not None and not resuming:
        errors.append(FieldError("new.uid", f"{new_uid!r} is already in use"))
    else:
        try:
            clean = validate_new(engine, label, new, prefix="new.", existing=resuming)
        except ValidationError as exc:
            errors += exc.errors
        if existing is not None:
            errors += [
                FieldError(f"new.{name}", "differs from the unit an earlier run created")
                for name, value in clean.items()
                if name != SEARCH_PROPERTY and existing.props.get(name) != value
            ]
    moves: list[tuple[_Children, str, str]] = []
    closing: list[str | None] = []
    for kind, uids in selected.items():
        here = kind.under(engine, src)
        there = kind.under(engine, existing) if resuming and existing is not None else {}
        chosen = _selected(kind, uids, src.uid, here, there, errors)
        closing += [here[uid][1] for _, uid, _ in chosen]
        moves += chosen
    lead_node = None
    if lead is not None:
        lead_node = referenced(engine, "lead", lead, [Person.__name__], errors)
    raise_errors(operation, errors)
    check_not_before(moment, closing, operation)
    done = Restructure(operation, src.uid, str(new_uid))
    if existing is None:
        done.changes.append(
            create_node(
                engine,
                actor,
                label,
                clean,
                at=moment,
                operation=operation,
                parent=(part_of, parents[0].other),
                note={"split_from": src.uid},
            )
        )
    for kind, uid, child_label in moves:
        done.changes.append(
            _move(engine, actor, kind, uid, child_label, str(new_uid), moment, operation)
        )
    if lead_node is not None:
        leads = open_links(
            engine,
            relationship_spec(Person.__name__, LEAD.rel_type, label),
            str(new_uid),
            from_source=False,
        )
        if lead_node.uid not in {link.other for link in leads}:
            done.changes.append(
                reassign(
                    engine,
                    actor,
                    LEAD,
                    new_uid,
                    lead_node.uid,
                    at=moment,
                    names=("new.uid", "lead"),
                    operation=operation,
                )
            )
    return done


def _selected(
    kind: _Children,
    uids: Any,
    source: str,
    here: dict[str, tuple[str, str | None]],
    there: dict[str, tuple[str, str | None]],
    errors: list[FieldError],
) -> list[tuple[_Children, str, str]]:
    """The listed children still to move; listed ones not under the source (nor already
    moved, on a re-run) are field errors."""
    if isinstance(uids, str) or not isinstance(uids, Sequence):
        errors.append(FieldError(kind.field, "must be a list of uids"))
        return []
    moves, seen = [], set()
    for i, uid in enumerate(uids):
        field = f"{kind.field}[{i}]"
        if not isinstance(uid, str) or uid in seen:
            errors.append(FieldError(field, f"{uid!r} is not a uid, or is listed twice"))
            continue
        seen.add(uid)
        if uid in here:
            moves.append((kind, uid, here[uid][0]))
        elif uid not in there:
            errors.append(FieldError(field, f"{uid} is not under {source}"))
    return moves


def _split_from(engine: Engine, node: Stored, operation: str) -> str | None:
    """The unit ``node`` was split from, when an earlier run of ``operation`` created it."""
    for entry in history(engine, node.uid, limit=1000):
        if entry.operation == operation and entry.before is None and entry.after:
            return entry.after.get("split_from")
    return None


def statements() -> list[str]:
    """The statements only this module sends (for the portability test)."""
    return [_BELONGING]
