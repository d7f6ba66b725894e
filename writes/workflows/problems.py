"""The problem life cycle (看-听-报-防-帮): report → accept → resolve → close, escalating
"big matters to the whole net" (大事全网联动、小事格内解决), and the monthly tally that
feeds a cell's assessment.

Every change is one guarded statement that appends its audit entry (decision 0005);
the transition table is :data:`writes.workflows.states.PROBLEM`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from typing import Any, LiteralString

from graph import status_history
from graph.engine import Engine
from graph.enums import ProblemScale, ProblemStatus
from graph.errors import FieldError, NotFoundError, ValidationError
from graph.schema import validate_node
from queries.authority import ANONYMOUS
from writes.audit import AUDIT, Actor
from writes.guarded import check_not_retired
from writes.workflows import ladder
from writes.workflows.common import (
    AT_STATUS,
    END_ESCALATION,
    FINISH,
    HAND_OVER,
    Change,
    Moment,
    apply,
    create,
    moment,
    not_before,
    person_named,
    read_state,
    uid_free,
)
from writes.workflows.positions import position
from writes.workflows.states import PROBLEM

LABEL = "Problem"
BIG_MATTER = "big matter: escalated to the whole net (大事全网联动)"
"""The reason recorded when a problem is reported (or marked) big."""

REPORT_CHECK: LiteralString = """
OPTIONAL MATCH (c:Cell {uid: $cell})
WITH c
OPTIONAL MATCH (r:Person {uid: $reporter})
WITH c, r
OPTIONAL MATCH (taken:GridNode {uid: $uid})
RETURN c.uid AS cell, c.retired_at AS cell_retired, r.uid AS reporter,
       r.retired_at AS reporter_retired, labels(taken) AS taken
"""

REPORT: LiteralString = (
    """
MATCH (c:Cell {uid: $cell})
WHERE c.retired_at IS NULL
OPTIONAL MATCH (taken:GridNode {uid: $uid})
WITH c, count(taken) AS taken
WHERE taken = 0
OPTIONAL MATCH (r:Person {uid: $reporter})
WHERE r.retired_at IS NULL
WITH c, r
WHERE $reporter IS NULL OR r IS NOT NULL
CREATE (x:Problem:GridNode)
SET x += $props, x.rev = 1, x.status_history = $history
CREATE (x)-[:RAISED_IN {since: $since}]->(c)
FOREACH (_ IN CASE WHEN r IS NULL THEN [] ELSE [1] END | CREATE (x)-[:REPORTED_BY]->(r))
"""
    + AUDIT
    + "\nRETURN x AS node"
)
"""Create the problem in its cell, linked to its reporter unless anonymous; guarded on the
uid being free."""

ACCEPT: LiteralString = AT_STATUS + HAND_OVER + FINISH
RESOLVE: LiteralString = AT_STATUS + END_ESCALATION + FINISH
CLOSE: LiteralString = (
    AT_STATUS
    + """
MATCH (x)-[:RAISED_IN]->(:Cell)<-[h:HEAD_OF]-(:Person {uid: $by})
WHERE h.since <= $at AND (h.until IS NULL OR h.until > $at)
WITH DISTINCT x
"""
    + FINISH
)
"""Guarded on the status and on ``$by`` heading the problem's cell at ``$at``."""


def report(
    engine: Engine,
    actor: Actor,
    *,
    uid: str,
    cell: str,
    title: str,
    category: str,
    scale: str = ProblemScale.SMALL,
    reporter: str | None,
    anonymous: bool = False,
    at: Moment = None,
    lon: float | None = None,
    lat: float | None = None,
) -> Change:
    """Report a problem in ``cell`` (any member may); a big one goes to the cell's
    level-4 net at once (a second change, ``followed_by``). ``lon``/``lat`` (WGS84, both or
    neither) is where it was reported, stored on the problem.

    An anonymous report keeps no ``REPORTED_BY`` link and ``reporter`` must be None, and
    its audit entries name no account either: their actor is ``anonymous`` and they carry
    no request id (docs/workflows.md).

    Raises:
        ValidationError: a field (title, category, scale, reporter, uid taken).
        NotFoundError: no such cell or reporter.
        ConflictError: the uid was taken, or the cell or reporter removed, meanwhile.
    """
    when = moment(at)
    if anonymous:
        actor = Actor(ANONYMOUS)
    errors = []
    if anonymous and reporter is not None:
        errors.append(FieldError("reporter", "an anonymous report names no reporter"))
    if not anonymous and reporter is None:
        errors.append(FieldError("reporter", "is required unless the report is anonymous"))
    values = {
        "uid": uid,
        "title": title,
        "category": category,
        "status": ProblemStatus.REPORTED.value,
        "scale": scale,
        "anonymous": anonymous,
        "reported_on": when[:10],
    } | position(lon, lat)
    try:
        props = validate_node(LABEL, values)
    except ValidationError as exc:
        raise ValidationError(LABEL, exc.errors + errors) from None
    if errors:
        raise ValidationError(LABEL, errors)
    params = {"cell": cell, "reporter": reporter, "uid": uid}
    found = engine.run(REPORT_CHECK, params, readonly=True)[0]
    if found["cell"] is None:
        raise NotFoundError(cell, "Cell")
    if reporter is not None and found["reporter"] is None:
        raise NotFoundError(reporter, "Person")
    check_not_retired(LABEL, cell, found["cell_retired"], "cell")
    check_not_retired(LABEL, str(reporter), found["reporter_retired"], "reporter")
    uid_free(LABEL, uid, found["taken"])
    links = {"cell": cell} | ({} if anonymous else {"reporter": reporter})
    after = props | links
    change = create(
        engine,
        actor,
        label=LABEL,
        uid=uid,
        operation="problem.report",
        statement=REPORT,
        params=params
        | {"props": props, "since": when, "history": [status_history.entry(when, props["status"])]},
        after=after,
        at=when,
        conflict="its uid was taken, or its cell or reporter removed",
    )
    if props["scale"] == ProblemScale.BIG:
        escalation = escalate(engine, actor, uid=uid, reason=BIG_MATTER, at=when)
        change = replace(change, followed_by=escalation)
    return change


def accept(engine: Engine, actor: Actor, *, uid: str, owner: str, at: Moment = None) -> Change:
    """The cell accepts the problem: ``owner`` handles it from now (temporal OWNED_BY).

    Raises:
        NotFoundError: no such problem or person.
        ValidationError: not ``reported`` (the transition table), or ``at`` too early.
        ConflictError: it changed since it was read.
    """
    when = moment(at)
    state = read_state(engine, LABEL, uid, when, person=owner)
    target = PROBLEM.check(uid, "accept", state.status)
    person_named(state, owner, "owner")
    not_before(state, when)
    return apply(
        engine,
        actor,
        state,
        operation="problem.accept",
        statement=ACCEPT,
        status=state.status,
        changes={"status": target},
        at=when,
        before={"owner": state.owner},
        after={"owner": owner},
        params={"owner": owner},
    )


def escalate(engine: Engine, actor: Actor, *, uid: str, reason: str, at: Moment = None) -> Change:
    """Escalate the problem one net up (cell → its level-4 net → level 3 → level 2) and mark
    it big: the previous escalation is closed (``until``), the new one opened (``since``).

    Raises:
        NotFoundError: no such problem.
        ValidationError: resolved or closed, no reason, already at the top (no net above),
            or in no cell.
        ConflictError: it changed (or moved) since it was read.
    """
    when = moment(at)
    state = read_state(engine, LABEL, uid, when)
    changes: dict[str, Any] = {"status": ProblemStatus.ESCALATED.value}
    if state.props.get("scale") != ProblemScale.BIG:
        changes["scale"] = ProblemScale.BIG.value
    return ladder.step(engine, actor, PROBLEM, state, reason=reason, at=when, changes=changes)


def resolve(
    engine: Engine, actor: Actor, *, uid: str, resolution: str, at: Moment = None
) -> Change:
    """Record the problem as solved, in its cell or by the net it was escalated to (the
    audit entry says which: ``resolved_at``); the open escalation is closed.

    Raises:
        NotFoundError: no such problem.
        ValidationError: not ``accepted`` or ``escalated``, or no (or too long) resolution.
        ConflictError: it changed since it was read.
    """
    when = moment(at)
    changes = {"resolved_on": when[:10], "resolution": resolution}
    if not resolution or not resolution.strip():
        raise ValidationError(f"{LABEL} {uid}", [FieldError("resolution", "is required")])
    changes = validate_node(LABEL, changes, partial=True)
    state = read_state(engine, LABEL, uid, when)
    target = PROBLEM.check(uid, "resolve", state.status)
    not_before(state, when)
    return apply(
        engine,
        actor,
        state,
        operation="problem.resolve",
        statement=RESOLVE,
        status=state.status,
        changes={"status": target} | changes,
        at=when,
        before={"escalated_to": state.escalated_to},
        after={
            "escalated_to": None,
            "resolved_at": state.here,
            "level": ladder.level_name(state.level),
        },
    )


def close(engine: Engine, actor: Actor, *, uid: str, by_person: str, at: Moment = None) -> Change:
    """The head of the problem's cell (at ``at``) verifies the solution and closes it.

    Raises:
        NotFoundError: no such problem or person.
        ValidationError: not ``resolved``, or ``by_person`` is not the cell head.
        ConflictError: it changed (or the cell changed heads) since it was read.
    """
    when = moment(at)
    state = read_state(engine, LABEL, uid, when, person=by_person)
    target = PROBLEM.check(uid, "close", state.status)
    person_named(state, by_person, "by_person")
    if by_person not in state.cell_heads:
        heads = ", ".join(state.cell_heads) or "nobody"
        message = (
            f"{by_person} is not the head of cell {state.cell} (head now: {heads}); only the "
            "cell head verifies and closes a problem"
        )
        raise ValidationError(f"{LABEL} {uid}", [FieldError("by_person", message)])
    return apply(
        engine,
        actor,
        state,
        operation="problem.close",
        statement=CLOSE,
        status=state.status,
        changes={"status": target},
        at=when,
        after={"closed_by": by_person},
        params={"by": by_person},
    )


# --- the monthly tally -------------------------------------------------------------------------

TALLY: LiteralString = """
MATCH (c:Cell {uid: $cell})
OPTIONAL MATCH (p:Problem)-[:RAISED_IN]->(c)
OPTIONAL MATCH (p)-[e:ESCALATED_TO]->(:Net)
WITH c, p, collect(e.since) AS escalations
WITH c, p, escalations, p.resolved_on STARTS WITH $month AND p.status IN $solved AS solved
RETURN c.uid AS cell,
       count(CASE WHEN p.reported_on STARTS WITH $month THEN p END) AS reported,
       count(CASE WHEN solved AND size(escalations) = 0 THEN p END) AS resolved_in_cell,
       count(CASE WHEN solved AND size(escalations) > 0 THEN p END) AS resolved_by_net,
       count(CASE WHEN any(s IN escalations WHERE s STARTS WITH $month) THEN p END)
         AS escalated,
       count(CASE WHEN solved AND p.status = $closed THEN p END) AS closed,
       count(CASE WHEN p.reported_on <= $last_day
                   AND NOT substring(last([s IN coalesce(p.status_history,
                         CASE WHEN p.resolved_on IS NULL
                              THEN [p.reported_on + 'T00:00:00Z|' + p.status]
                              ELSE [p.reported_on + 'T00:00:00Z|reported',
                                    p.resolved_on + 'T00:00:00Z|' + p.status] END)
                         WHERE substring(s, 0, 20) <= $month_end]), 21) IN $solved
             THEN p END) AS open
"""
"""``open`` reads each problem's status at the end of the month from its status history
(``graph.status_history``, with its default for a problem without one): a problem closed
later still counts open in that month."""

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True, slots=True)
class ProblemTally:
    """A cell's problems in one month (YYYY-MM), the problem side of its monthly
    assessment (月度考核评价): what the grid found and how far it had to travel.

    ``reported``: reported that month; ``resolved_in_cell`` / ``resolved_by_net``: solved
    that month without / after an escalation (small matters solved in the cell, big ones by
    the net); ``escalated``: escalated (one or more levels) that month; ``closed``: solved
    that month and since verified and closed by the cell head; ``open``: reported by the
    end of the month and neither resolved nor closed then (its status at the month's last
    second, from the status history — exact for a past month).
    """

    cell: str
    month: str
    reported: int
    resolved_in_cell: int
    resolved_by_net: int
    escalated: int
    closed: int
    open: int

    def to_json(self) -> dict[str, Any]:
        return {
            "cell": self.cell,
            "month": self.month,
            "reported": self.reported,
            "resolved_in_cell": self.resolved_in_cell,
            "resolved_by_net": self.resolved_by_net,
            "escalated": self.escalated,
            "closed": self.closed,
            "open": self.open,
        }


def monthly_problem_tally(engine: Engine, cell: str, month: str) -> ProblemTally:
    """The problem tally of ``cell`` for ``month`` (YYYY-MM).

    Raises:
        ValidationError: ``month`` is not YYYY-MM.
        NotFoundError: no such cell.
    """
    if not isinstance(month, str) or not _MONTH.match(month.strip()):
        raise ValidationError("tally", [FieldError("month", f"{month!r} is not a month (YYYY-MM)")])
    month = month.strip()
    year, number = int(month[:4]), int(month[5:])
    last_day = f"{month}-{calendar.monthrange(year, number)[1]:02d}"
    params = {
        "cell": cell,
        "month": month,
        "solved": [ProblemStatus.RESOLVED.value, ProblemStatus.CLOSED.value],
        "closed": ProblemStatus.CLOSED.value,
        "last_day": last_day,
        "month_end": f"{last_day}T23:59:59Z",
    }
    rows = engine.run(TALLY, params, readonly=True)
    if not rows:
        raise NotFoundError(cell, "Cell")
    row = rows[0]
    return ProblemTally(
        cell=cell,
        month=month,
        reported=row["reported"],
        resolved_in_cell=row["resolved_in_cell"],
        resolved_by_net=row["resolved_by_net"],
        escalated=row["escalated"],
        closed=row["closed"],
        open=row["open"],
    )
