"""Escalation by deadline (大事全网联动): every problem or hazard still open whose time at
its current level is past that level's deadline moves one net up.

The deadlines are ``days`` = (cell, level-4, level-3): a matter escalates when it has been
at its cell more than ``days[0]`` days (a hazard with a rectification deadline: once that
deadline has passed), at the level-4 net more than ``days[1]`` days, at the level-3 net
more than ``days[2]`` days. A big problem does not wait at the cell. Each move is one
guarded statement with its audit entry (:func:`writes.workflows.ladder.step`); a run
moves a matter at most one level and starts its clock at the new level, so running twice
on a day moves nothing more.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any, LiteralString

from graph.engine import Engine
from graph.enums import ProblemScale, ProblemStatus
from graph.errors import ConflictError, FieldError, NotFoundError, ValidationError
from graph.properties import to_timestamp
from queries.clock import day
from writes.audit import Actor
from writes.workflows import ladder
from writes.workflows.common import Moment, moment, read_state
from writes.workflows.deadlines import DEADLINE_AT
from writes.workflows.problems import BIG_MATTER
from writes.workflows.states import HAZARD, HAZARD_OPEN, PROBLEM, PROBLEM_OPEN, Machine

DEFAULT_DAYS = (3, 7, 15)

_DUE_TAIL: LiteralString = """
OPTIONAL MATCH (x)-[e:ESCALATED_TO]->(n:Net)
WHERE e.until IS NULL
WITH x, c, since, urgent, deadline, n, substring(e.since, 0, 10) AS escalated_on
WHERE (n IS NULL AND (urgent OR coalesce(deadline < $today, since < $cell_cutoff)))
   OR coalesce(n.level = 4 AND escalated_on < $l4_cutoff, false)
   OR coalesce(n.level = 3 AND escalated_on < $l3_cutoff, false)
RETURN x.uid AS uid, c.uid AS cell, n.uid AS here, n.level AS level,
       coalesce(escalated_on, since) AS since, deadline, urgent
ORDER BY uid
"""

DUE_PROBLEMS: LiteralString = (
    """
MATCH (x:Problem)-[:RAISED_IN]->(c:Cell)
WHERE x.status IN $open AND x.reported_on <= $today AND x.retired_at IS NULL
  AND ($uids IS NULL OR x.uid IN $uids)
WITH x, c, x.reported_on AS since, x.scale = $big AS urgent, null AS deadline
"""
    + _DUE_TAIL
)
"""Open problems past their level's deadline (big ones at once from the cell)."""

DUE_HAZARDS: LiteralString = (
    """
MATCH (x:Hazard)-[:BELONGS_TO]->(c:Cell)
WHERE x.status IN $open AND x.found_on <= $today AND x.retired_at IS NULL
  AND ($uids IS NULL OR x.uid IN $uids)
WITH x, c, x.found_on AS since, false AS urgent, x.deadline AS deadline
"""
    + _DUE_TAIL
)
"""Unrectified hazards past their rectification deadline (or their level's deadline)."""

_KNOWN: LiteralString = """
UNWIND $uids AS uid
OPTIONAL MATCH (x:GridNode {uid: uid})
WITH uid, x WHERE x IS NULL OR NOT (x:Problem OR x:Hazard)
RETURN uid ORDER BY uid
"""
"""The given uids that name no problem and no hazard."""


@dataclass(frozen=True, slots=True)
class Moved:
    """One matter moved one net up."""

    kind: str
    uid: str
    cell: str
    source: str
    """Where it was: its cell, or the net it had been escalated to."""
    source_level: str
    """``cell``, ``level-4`` or ``level-3``."""
    target: str
    target_level: int
    since: str
    """When it had arrived where it was (its report / find date at the cell)."""
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "uid": self.uid,
            "cell": self.cell,
            "from": self.source,
            "from_level": self.source_level,
            "to": self.target,
            "to_level": self.target_level,
            "since": self.since,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Held:
    """A matter past its deadline that did not move, and why."""

    kind: str
    uid: str
    cell: str
    here: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class EscalationReport:
    """What one run moved (per level reached), and what was due but stayed.

    ``stuck``: nowhere to go (its cell in no net, or no net above); ``changed``: it changed
    between the run's read and its move (left for the next run).
    """

    today: str
    at: str
    days: tuple[int, int, int]
    moved: tuple[Moved, ...]
    stuck: tuple[Held, ...]
    changed: tuple[Held, ...]

    def by_level(self) -> dict[int, list[Moved]]:
        """The moves per level reached: 4, 3, 2 (every key present)."""
        levels: dict[int, list[Moved]] = {4: [], 3: [], 2: []}
        for move in self.moved:
            levels.setdefault(move.target_level, []).append(move)
        return levels

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today,
            "at": self.at,
            "days": {"cell": self.days[0], "level-4": self.days[1], "level-3": self.days[2]},
            "moved": len(self.moved),
            "by_level": {
                f"level-{level}": [move.to_json() for move in moves]
                for level, moves in self.by_level().items()
            },
            "stuck": [held.to_json() for held in self.stuck],
            "changed": [held.to_json() for held in self.changed],
        }


def escalate_overdue(
    engine: Engine,
    actor: Actor,
    *,
    today: date | str | None = None,
    days: Sequence[int] = DEFAULT_DAYS,
    at: Moment = None,
    uids: Collection[str] | None = None,
) -> EscalationReport:
    """Move every open problem and hazard past its level's deadline one net up.

    ``today`` (default: the current UTC date) is the day deadlines are judged at; ``at`` is
    when the moves are recorded (default: now when ``today`` is not given, else the start
    of ``today``), which starts the clock at the new level. ``uids`` (default: all) limits
    the run to these problems and hazards, judged by the same deadlines: the others are
    neither moved nor reported (e.g. to escalate one matter on a shared organisation).

    Example:
        >>> escalate_overdue(engine, Actor(SYSTEM), today="2026-03-05", uids=["pb-1"])
        ... # doctest: +SKIP

    Raises:
        ValidationError: a bad ``today``/``at``, ``days`` not three whole numbers ≥ 0, or
            ``uids`` not a collection of strings (a bare string is refused) or naming
            something that is neither a problem nor a hazard (every such uid named).
    """
    deadlines = _days(days)
    only = _uids(engine, uids)
    on = day(today)
    when = moment(at if at is not None else (None if today is None else to_timestamp(on)))
    reference = date.fromisoformat(on)
    cutoffs = [(reference - timedelta(days=d)).isoformat() for d in deadlines]
    params = {
        "today": on,
        "cell_cutoff": cutoffs[0],
        "l4_cutoff": cutoffs[1],
        "l3_cutoff": cutoffs[2],
        "big": ProblemScale.BIG.value,
        "uids": only,
    }
    moved: list[Moved] = []
    stuck: list[Held] = []
    changed: list[Held] = []
    plans: tuple[tuple[Machine, LiteralString, tuple[str, ...]], ...] = (
        (PROBLEM, DUE_PROBLEMS, PROBLEM_OPEN),
        (HAZARD, DUE_HAZARDS, HAZARD_OPEN),
    )
    for machine, statement, open_states in plans:
        rows = engine.run(statement, params | {"open": list(open_states)}, readonly=True)
        seen: set[str] = set()
        for row in rows:
            if row["uid"] in seen:
                continue
            seen.add(row["uid"])
            held = Held(machine.label, row["uid"], row["cell"], row["here"] or row["cell"], "")
            reason = _reason(row, deadlines)
            try:
                moved.append(_move(engine, actor, machine, row, reason, when))
            except ValidationError as exc:
                stuck.append(_with_reason(held, "; ".join(str(e) for e in exc.errors)))
            except (ConflictError, NotFoundError) as exc:
                changed.append(_with_reason(held, str(exc)))
    return EscalationReport(
        today=on,
        at=when,
        days=deadlines,
        moved=tuple(moved),
        stuck=tuple(stuck),
        changed=tuple(changed),
    )


def _move(
    engine: Engine, actor: Actor, machine: Machine, row: dict[str, Any], reason: str, at: str
) -> Moved:
    state = read_state(engine, machine.label, row["uid"], at)
    if state.status not in machine.steps["escalate"].sources:
        raise ConflictError(state.uid, state.label, f"it is '{state.status}' now")
    if state.here != (row["here"] or row["cell"]):
        raise ConflictError(state.uid, state.label, f"it moved to {state.here} meanwhile")
    changes = {"status": ProblemStatus.ESCALATED.value} if machine is PROBLEM else {}
    ladder.step(engine, actor, machine, state, reason=reason, at=at, changes=changes)
    return Moved(
        kind=machine.label,
        uid=state.uid,
        cell=row["cell"],
        source=row["here"] or row["cell"],
        source_level=ladder.level_name(row["level"]),
        target=str(state.up),
        target_level=int(state.up_level or 0),
        since=row["since"],
        reason=reason,
    )


def _reason(row: dict[str, Any], days: tuple[int, int, int]) -> str:
    level = row["level"]
    if level is None and row["urgent"]:
        return BIG_MATTER
    if level is None and row["deadline"] is not None:
        return f"rectification deadline {row['deadline']} passed at the cell"
    limit = days[DEADLINE_AT[level]]
    where = "cell" if level is None else f"{ladder.level_name(level)} net"
    return f"unresolved since {row['since']} at the {where}: more than {limit} days"


def _with_reason(held: Held, reason: str) -> Held:
    return Held(held.kind, held.uid, held.cell, held.here, reason)


def _uids(engine: Engine, uids: Collection[str] | None) -> list[str] | None:
    """``uids`` sorted, once each; None for all. Checked before anything moves."""
    if uids is None:
        return None
    if isinstance(uids, str) or not all(isinstance(u, str) for u in uids):
        message = f"{uids!r} must be a collection of uids (strings), not one string"
        raise ValidationError("escalation", [FieldError("uids", message)])
    wanted = sorted(set(uids))
    unknown = [row["uid"] for row in engine.run(_KNOWN, {"uids": wanted}, readonly=True)]
    if unknown:
        message = f"name no problem and no hazard: {', '.join(unknown)}"
        raise ValidationError("escalation", [FieldError("uids", message)])
    return wanted


def _days(days: Sequence[int]) -> tuple[int, int, int]:
    values = tuple(days)
    if len(values) != 3 or not all(isinstance(d, int) and d >= 0 for d in values):
        message = f"{list(values)!r} must be three whole numbers ≥ 0 (cell, level-4, level-3)"
        raise ValidationError("escalation", [FieldError("days", message)])
    return values[0], values[1], values[2]
