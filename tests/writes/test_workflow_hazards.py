"""The hazard closed loop on a real embedded graph: find → assign → start → rectified →
verify → close, verification by the rectifier refused, every illegal transition refused
with its exact error and nothing written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graph.engine import Engine
from graph.errors import NotFoundError, ValidationError
from graph.falkordb_engine import FalkorDBEngine
from queries.audit import history
from tests.graph_state import fingerprint
from tests.queries.factories import add_object
from tests.writes.test_workflow_problems import build_grid, escalations, retire
from writes.audit import Actor
from writes.workflows import hazards

HEAD = Actor("head-cell-1")
DAY = "2026-04-01"


@pytest.fixture
def grid(engine: FalkorDBEngine) -> FalkorDBEngine:
    build_grid(engine)
    return engine


def hazard(engine: Engine, uid: str = "hz-1") -> dict[str, Any]:
    return engine.run("MATCH (h:Hazard {uid: $uid}) RETURN h", {"uid": uid})[0]["h"]


def find(engine: Engine, uid: str = "hz-1", **kwargs: Any) -> hazards.Change:
    values = {"risk_point": "rp-1", "title": "法兰渗漏", "severity": "general", "at": DAY}
    return hazards.find(engine, HEAD, uid=uid, **(values | kwargs))


def test_the_whole_closed_loop_with_its_audit_trail(grid: FalkorDBEngine) -> None:
    found = find(grid)
    assert found.after["cell"] == "cell-1" and found.after["risk_point"] == "rp-1"
    links = grid.run(
        "MATCH (h:Hazard)-[r]->(n) RETURN type(r) AS t, n.uid AS uid ORDER BY t", readonly=True
    )
    assert links == [{"t": "BELONGS_TO", "uid": "cell-1"}, {"t": "FOUND_AT", "uid": "rp-1"}]

    hazards.assign(grid, HEAD, uid="hz-1", owner="p-owner", deadline="2026-04-15", at=DAY)
    hazards.start(grid, HEAD, uid="hz-1", at="2026-04-02")
    hazards.rectified(grid, HEAD, uid="hz-1", at="2026-04-10")
    hazards.verify(grid, HEAD, uid="hz-1", by_person="p-verifier", at="2026-04-11")
    closed = hazards.close(grid, HEAD, uid="hz-1", at="2026-04-12")
    assert closed.after == {"status": "closed", "closed_on": "2026-04-12"}

    stored = hazard(grid)
    assert (stored["status"], stored["found_on"], stored["deadline"], stored["closed_on"]) == (
        "closed",
        DAY,
        "2026-04-15",
        "2026-04-12",
    )
    assert stored["rev"] == 6
    verifier = grid.run("MATCH (:Hazard)-[:VERIFIED_BY]->(p) RETURN p.uid AS uid")
    assert verifier == [{"uid": "p-verifier"}]
    grade = grid.run("MATCH (r:RiskPoint {uid: $uid}) RETURN r.grade AS g", {"uid": "rp-1"})
    assert grade == [{"g": "red"}]
    entries = list(reversed(history(grid, "hz-1")))
    assert [e.operation for e in entries] == [
        "hazard.find",
        "hazard.assign",
        "hazard.start",
        "hazard.rectified",
        "hazard.verify",
        "hazard.close",
    ]
    assert entries[1].before == {"status": "found", "deadline": None, "owner": None}
    assert entries[1].after == {"status": "assigned", "deadline": "2026-04-15", "owner": "p-owner"}
    assert entries[4].after == {"status": "verified", "verified_by": "p-verifier"}
    assert {e.actor for e in entries} == {"head-cell-1"}


def test_a_reassignment_closes_the_previous_owner(grid: FalkorDBEngine) -> None:
    find(grid)
    hazards.assign(grid, HEAD, uid="hz-1", owner="p-owner", deadline="2026-04-15", at=DAY)
    change = hazards.assign(
        grid, HEAD, uid="hz-1", owner="p-other", deadline="2026-04-20", at="2026-04-03"
    )
    assert change.before == {"status": "assigned", "deadline": "2026-04-15", "owner": "p-owner"}
    owners = grid.run(
        "MATCH (:Hazard)-[o:OWNED_BY]->(p) RETURN p.uid AS p, o.since AS s, o.until AS u ORDER BY s"
    )
    assert owners == [
        {"p": "p-owner", "s": "2026-04-01T00:00:00Z", "u": "2026-04-03T00:00:00Z"},
        {"p": "p-other", "s": "2026-04-03T00:00:00Z", "u": None},
    ]


def _rectified(engine: Engine) -> None:
    find(engine)
    hazards.assign(engine, HEAD, uid="hz-1", owner="p-owner", deadline="2026-04-15", at=DAY)
    hazards.assign(engine, HEAD, uid="hz-1", owner="p-other", deadline="2026-04-15", at=DAY)
    hazards.start(engine, HEAD, uid="hz-1", at=DAY)
    hazards.rectified(engine, HEAD, uid="hz-1", at=DAY)


@pytest.mark.parametrize("person", ["p-other", "p-owner"], ids=["owner", "former owner"])
def test_the_rectifier_may_not_verify(grid: FalkorDBEngine, person: str) -> None:
    _rectified(grid)
    before = fingerprint(grid)
    with pytest.raises(ValidationError) as caught:
        hazards.verify(grid, HEAD, uid="hz-1", by_person=person, at=DAY)
    assert str(caught.value) == (
        f"Hazard hz-1: by_person: {person} owns (or owned) the rectification of hz-1; someone "
        "other than the rectification owner (p-other) must verify it"
    )
    assert fingerprint(grid) == before


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"severity": "fatal"}, ValidationError, "Hazard: severity: 'fatal' is not one of"),
        ({"risk_point": "rp-x"}, NotFoundError, "no RiskPoint with uid 'rp-x'"),
        ({"uid": "cell-1"}, ValidationError, "Hazard: uid: 'cell-1' is already in use"),
        (
            {"risk_point": "rp-retired"},
            ValidationError,
            "Hazard: risk_point: rp-retired is retired since 2026-01-01T00:00:00Z",
        ),
        (
            {"risk_point": "rp-loose"},
            ValidationError,
            "Hazard: risk_point: risk point rp-loose must belong to exactly one cell (cells: none)",
        ),
    ],
)
def test_a_bad_find_is_refused_and_writes_nothing(
    grid: FalkorDBEngine, kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    add_object(grid, "RiskPoint", "rp-loose", cell=None)
    add_object(grid, "RiskPoint", "rp-retired", cell="cell-1")
    retire(grid, "rp-retired", "2026-01-01T00:00:00Z")
    before = fingerprint(grid)
    values = dict(kwargs)
    with pytest.raises(error) as caught:
        find(grid, values.pop("uid", "hz-1"), **values)
    assert str(caught.value).startswith(message)
    assert fingerprint(grid) == before


def test_a_deadline_before_the_find_is_refused(grid: FalkorDBEngine) -> None:
    find(grid)
    before = fingerprint(grid)
    with pytest.raises(ValidationError) as caught:
        hazards.assign(grid, HEAD, uid="hz-1", owner="p-owner", deadline="2026-03-31", at=DAY)
    assert str(caught.value) == (
        "Hazard hz-1: deadline: 2026-03-31 is before the hazard was found (2026-04-01)"
    )
    with pytest.raises(ValidationError, match="Hazard hz-1: deadline: 'soon' is not an ISO"):
        hazards.assign(grid, HEAD, uid="hz-1", owner="p-owner", deadline="soon", at=DAY)
    with pytest.raises(NotFoundError, match="no Person with uid 'p-x'"):
        hazards.assign(grid, HEAD, uid="hz-1", owner="p-x", deadline="2026-04-30", at=DAY)
    assert fingerprint(grid) == before


def test_a_manual_escalation_keeps_the_status_and_rectification_ends_it(
    grid: FalkorDBEngine,
) -> None:
    find(grid)
    change = hazards.escalate(grid, HEAD, uid="hz-1", reason="重大隐患，格内无力整改", at=DAY)
    assert change.before == {"escalated_to": None, "level": "cell"}
    assert change.after["escalated_to"] == "net-l4"
    assert hazard(grid)["status"] == "found"
    hazards.assign(grid, HEAD, uid="hz-1", owner="p-owner", deadline="2026-04-30", at=DAY)
    hazards.start(grid, HEAD, uid="hz-1", at=DAY)
    done = hazards.rectified(grid, HEAD, uid="hz-1", at="2026-04-20")
    assert done.before == {"status": "rectifying", "escalated_to": "net-l4"}
    assert escalations(grid, "hz-1") == [("net-l4", "2026-04-01T00:00:00Z", "2026-04-20T00:00:00Z")]
    before = fingerprint(grid)
    with pytest.raises(ValidationError) as caught:
        hazards.escalate(grid, HEAD, uid="hz-1", reason="再升级", at="2026-04-21")
    assert str(caught.value) == (
        "Hazard hz-1: status: cannot escalate a hazard that is 'rectified' (escalate leads to "
        "the same state and needs 'found' or 'assigned' or 'rectifying'); from 'rectified' "
        "allowed: verify → 'verified'"
    )
    assert fingerprint(grid) == before


STEPS: dict[str, Callable[[Engine], Any]] = {
    "assign": lambda e: hazards.assign(
        e, HEAD, uid="hz-1", owner="p-owner", deadline="2026-04-30", at=DAY
    ),
    "start": lambda e: hazards.start(e, HEAD, uid="hz-1", at=DAY),
    "rectified": lambda e: hazards.rectified(e, HEAD, uid="hz-1", at=DAY),
    "verify": lambda e: hazards.verify(e, HEAD, uid="hz-1", by_person="p-verifier", at=DAY),
    "close": lambda e: hazards.close(e, HEAD, uid="hz-1", at=DAY),
    "escalate": lambda e: hazards.escalate(e, HEAD, uid="hz-1", reason="升级", at=DAY),
}
ORDER = ["found", "assigned", "rectifying", "rectified", "verified", "closed"]
PATH = ["assign", "start", "rectified", "verify", "close"]
ASKED = {
    "assign": ("'assigned'", "'found' or 'assigned'"),
    "start": ("'rectifying'", "'assigned'"),
    "rectified": ("'rectified'", "'rectifying'"),
    "verify": ("'verified'", "'rectified'"),
    "close": ("'closed'", "'verified'"),
    "escalate": ("the same state", "'found' or 'assigned' or 'rectifying'"),
}
ALLOWED = {
    "found": "assign → 'assigned', escalate → 'found'",
    "assigned": "assign → 'assigned', start → 'rectifying', escalate → 'assigned'",
    "rectifying": "rectified → 'rectified', escalate → 'rectifying'",
    "rectified": "verify → 'verified'",
    "verified": "close → 'closed'",
    "closed": "nothing (it is final)",
}


def _illegal() -> list[tuple[str, str]]:
    table = hazards.HAZARD.steps
    return [(s, a) for s in ORDER for a in STEPS if s not in table[a].sources]


@pytest.mark.parametrize(("state", "action"), _illegal())
def test_every_illegal_transition_is_refused_and_writes_nothing(
    grid: FalkorDBEngine, state: str, action: str
) -> None:
    find(grid)
    for step in PATH[: ORDER.index(state)]:
        STEPS[step](grid)
    assert hazard(grid)["status"] == state
    before = fingerprint(grid)
    with pytest.raises(ValidationError) as caught:
        STEPS[action](grid)
    asked, needs = ASKED[action]
    assert str(caught.value) == (
        f"Hazard hz-1: status: cannot {action} a hazard that is '{state}' ({action} leads to "
        f"{asked} and needs {needs}); from '{state}' allowed: {ALLOWED[state]}"
    )
    assert fingerprint(grid) == before


def test_the_table_allows_exactly_the_closed_loop() -> None:
    assert len(_illegal()) == 6 * 6 - 9
    assert hazards.HAZARD.allowed("closed") == ()
    assert hazards.HAZARD.allowed("found") == ("assign", "escalate")
