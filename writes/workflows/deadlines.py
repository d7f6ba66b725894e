"""The day an open problem or hazard escalates by deadline: from that day on, a run of
:func:`writes.workflows.escalation.escalate_overdue` with the same ``days`` moves it one net
up. This is what a heads' inbox shows as its deadline, so it follows the run's rule exactly
(tests/writes/test_escalation_deadlines.py holds the two together):

- at its cell: a big problem at once (its report day); a hazard with a rectification
  deadline the day after that deadline; anything else the day after ``days[0]`` days there;
- at a level-4 net, the day after ``days[1]`` days there; at a level-3 net after ``days[2]``;
- at the level-2 net, or no longer open: never (None).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, LiteralString

from graph.engine import Engine
from graph.enums import ProblemScale
from writes.workflows.states import HAZARD, HAZARD_OPEN, PROBLEM, PROBLEM_OPEN

_OPEN = {PROBLEM.label: PROBLEM_OPEN, HAZARD.label: HAZARD_OPEN}
DEADLINE_AT: dict[int | None, int] = {None: 0, 4: 1, 3: 2}
"""Which of the three deadlines (``days[i]``) applies where the matter is: None its cell, else
the level of the net it was escalated to (a level-2 net has none)."""

OPEN_ESCALATIONS: LiteralString = (
    "UNWIND $uids AS uid MATCH (x:GridNode {uid: uid})-[e:ESCALATED_TO]->(n:Net) "
    "WHERE e.until IS NULL RETURN uid, n.level AS level, e.since AS since"
)


@dataclass(frozen=True, slots=True)
class Matter:
    """What the deadline of a problem or hazard depends on, as stored."""

    label: str
    status: str
    arrived_on: str
    """Its report day (a problem) or find day (a hazard): when it arrived at its cell."""
    scale: str | None = None
    deadline: str | None = None
    """A hazard's rectification deadline."""
    level: int | None = None
    """The level of the net it is escalated to now (None: still at its cell)."""
    escalated_on: str | None = None
    """When it arrived at that net (ISO date or instant)."""


def escalates_on(matter: Matter, days: Sequence[int]) -> str | None:
    """The first day (YYYY-MM-DD) a run judged on it moves ``matter`` up, or None."""
    if matter.status not in _OPEN.get(matter.label, ()):
        return None
    if matter.level is None:
        if matter.scale == ProblemScale.BIG.value:
            return matter.arrived_on[:10]
        if matter.deadline:
            return _after(matter.deadline, 0)
        return _after(matter.arrived_on, days[0])
    wait = DEADLINE_AT.get(matter.level)
    if wait is None or matter.escalated_on is None:
        return None
    return _after(matter.escalated_on, days[wait])


def _after(day: str, wait: int) -> str:
    return (date.fromisoformat(day[:10]) + timedelta(days=wait + 1)).isoformat()


def open_escalations(engine: Engine, uids: Sequence[str]) -> dict[str, tuple[int, str]]:
    """Where each of ``uids`` is escalated to now: the net's level and since when (matters
    still at their cell are absent), in one statement. Only levels and dates are read, so a
    deadline can be shown to whoever may see the matter, whatever nets they may see."""
    rows = engine.run(OPEN_ESCALATIONS, {"uids": list(dict.fromkeys(uids))}, readonly=True)
    return {row["uid"]: (int(row["level"]), str(row["since"])) for row in rows}


def matter(label: str, props: Mapping[str, Any], escalation: tuple[int, str] | None) -> Matter:
    """The :class:`Matter` of a stored problem or hazard and its open escalation."""
    level, since = escalation if escalation else (None, None)
    return Matter(
        label=label,
        status=str(props.get("status")),
        arrived_on=str(props.get("reported_on") or props.get("found_on")),
        scale=props.get("scale"),
        deadline=props.get("deadline"),
        level=level,
        escalated_on=since,
    )
