"""One step up the nets (大事全网联动): from the cell to its level-4 net, then level 3, then
level 2 — the same for problems and hazards.

Each step closes the open ``ESCALATED_TO`` (``until``) and opens one to the net above
(``since``), so the matter's history shows every level it went through and when.
"""

from __future__ import annotations

from typing import Any, LiteralString

from graph.engine import Engine
from graph.errors import FieldError, ValidationError
from writes.audit import Actor
from writes.workflows.common import AT_STATUS, FINISH, Change, State, apply, not_before
from writes.workflows.states import Machine

ESCALATE: LiteralString = (
    AT_STATUS
    + """
OPTIONAL MATCH (x)-[open:ESCALATED_TO]->(n:Net)
WHERE open.until IS NULL
WITH x, collect(open) AS opens, collect(n.uid) AS here
WHERE here = $here
MATCH (up:Net {uid: $up})
FOREACH (r IN opens | SET r.until = $at)
CREATE (x)-[:ESCALATED_TO {since: $at}]->(up)
"""
    + FINISH
)
"""Guarded on the status and on where the matter is now (``$here``: [] at the cell)."""


def level_name(level: int | None) -> str:
    """``cell`` or ``level-N``.

    Example:
        >>> level_name(None), level_name(4)
        ('cell', 'level-4')
    """
    return "cell" if level is None else f"level-{level}"


def step(
    engine: Engine,
    actor: Actor,
    machine: Machine,
    state: State,
    *,
    reason: str,
    at: str,
    changes: dict[str, Any],
) -> Change:
    """Escalate ``state``'s matter one net up, recording ``reason``; ``changes`` are the
    node fields the escalation also sets (a problem's status and scale)."""
    machine.check(state.uid, "escalate", state.status)
    subject = f"{state.label} {state.uid}"
    if not reason or not reason.strip():
        raise ValidationError(subject, [FieldError("reason", "is required")])
    if state.cell is None:
        message = "is in no cell, so there is no net to escalate it to"
        raise ValidationError(subject, [FieldError("cell", message)])
    if state.up is None:
        if state.level is None:
            message = f"is at its cell {state.cell}, which is in no net"
        else:
            message = (
                f"is at the {level_name(state.level)} net {state.here}, which has no net above it"
            )
        raise ValidationError(subject, [FieldError("escalated_to", message)])
    not_before(state, at)
    return apply(
        engine,
        actor,
        state,
        operation=f"{machine.noun}.escalate",
        statement=ESCALATE,
        status=state.status,
        changes=changes,
        at=at,
        before={"escalated_to": state.escalated_to, "level": level_name(state.level)},
        after={"escalated_to": state.up, "level": level_name(state.up_level), "reason": reason},
        params={"here": [state.escalated_to] if state.escalated_to else [], "up": state.up},
    )
