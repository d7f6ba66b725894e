"""Moves in the hierarchy: a unit to another parent (temporal ``PART_OF``) and an object to
another cell (temporal ``BELONGS_TO``); both close the old link and open a new one, so
answers as of an earlier date keep the old place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import LiteralString

from graph.engine import Engine
from graph.errors import FieldError, ValidationError
from graph.model import Cell, Net
from writes.audit import Actor
from writes.changes.posts import Post, reassign
from writes.guarded import Stored
from writes.results import Change

PARENT = Post("move_unit", "PART_OF", True, (Net.__name__, Cell.__name__))
"""A net's parent net, a cell's level-4 net, a micro-cell's cell; audited under the
relationship's name in the schema (``parent``, ``net``, ``cell``)."""

OBJECT_CELL = Post("move_object", "BELONGS_TO", True, (Cell.__name__,), field="cell")

_PARENT_LEVEL = {4: 3, 3: 2}
"""A level-4 net sits under a level-3 net, a level-3 net under the level-2 net."""

_BELOW: LiteralString = (
    "MATCH path = (p:GridNode {uid: $parent})-[:PART_OF*0..8]->(u:GridNode {uid: $unit}) "
    "WHERE all(r IN relationships(path) WHERE r.until IS NULL) "
    "RETURN count(path) AS n"
)


def move_unit(
    engine: Engine,
    actor: Actor,
    unit: str,
    parent: str,
    *,
    at: str | None = None,
    expected: Sequence[str] | None = None,
) -> Change:
    """Move a unit to another parent: a micro-cell to another cell, a cell to another
    level-4 net, a level-4 net under another level-3 net, a level-3 net under another
    level-2 net. The open ``PART_OF`` is closed and a new one opened, so business trees
    and traces asked as of an earlier date still show the old parent.

    Raises:
        ValidationError: the parent is of the wrong kind or level, retired, the unit
            itself or beneath it (a cycle), or already the unit's parent.
        NotFoundError: ``unit`` names no Net, Cell or MicroCell.
        ConflictError: the unit's parent changed since it was read.
    """
    return reassign(
        engine,
        actor,
        PARENT,
        unit,
        parent,
        at=at,
        expected=expected,
        names=("unit", "parent"),
        check=lambda u, p: parent_errors(engine, u, p),
    )


def parent_errors(engine: Engine, unit: Stored, parent: Stored) -> list[FieldError]:
    """Why ``parent`` cannot hold ``unit`` (wrong level, a cycle); empty when it can."""
    if unit.label == Net.__name__:
        level = unit.props.get("level")
        wanted = _PARENT_LEVEL.get(level) if isinstance(level, int) else None
        if wanted is None:
            return [FieldError("unit", f"{unit.uid} is a level-{level} net; it has no parent")]
        if parent.props.get("level") != wanted:
            found = parent.props.get("level")
            message = (
                f"{parent.uid} is level {found}; a level-{level} net goes under level {wanted}"
            )
            return [FieldError("parent", message)]
    elif unit.label == Cell.__name__ and parent.props.get("level") != 4:
        message = (
            f"{parent.uid} is a level-{parent.props.get('level')} net; cells go under level-4 nets"
        )
        return [FieldError("parent", message)]
    rows = engine.run(_BELOW, {"parent": parent.uid, "unit": unit.uid}, readonly=True)
    if rows and rows[0]["n"]:
        return [FieldError("parent", f"{parent.uid} is {unit.uid} or beneath it: a cycle")]
    return []


def move_object(
    engine: Engine,
    actor: Actor,
    label: str,
    uid: str,
    cell: str,
    *,
    at: str | None = None,
    expected: Sequence[str] | None = None,
) -> Change:
    """Move an object, duty, risk list, risk point or hazard (``label``) to another cell.

    ``BELONGS_TO`` is temporal (issue 12): the open link is closed (``until = at``) and a
    new one opened (``since = at``), so traces, impact and gap runs asked as of an earlier
    date still see the old cell; the audit entry records ``{"cell": old}`` →
    ``{"cell": cell}``.

    Raises:
        ValidationError: ``label`` does not belong to cells, or ``cell`` is unknown,
            retired or already the object's cell.
        NotFoundError: no ``label`` node has that uid.
        ConflictError: the object's cell changed since it was read.
    """
    movable = OBJECT_CELL.subject_labels()
    if label not in movable:
        message = f"{label!r} does not belong to a cell; movable: {', '.join(movable)}"
        raise ValidationError("move_object", [FieldError("label", message)])
    return reassign(
        engine,
        actor,
        OBJECT_CELL,
        uid,
        cell,
        at=at,
        expected=expected,
        names=("uid", "cell"),
        subject_labels=[label],
    )


def statements() -> list[str]:
    """The statements only this module sends (for the portability test)."""
    return [_BELOW]
