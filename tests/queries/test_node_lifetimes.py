"""A gap run as of D considers only what existed on D (issue 12): a person who joined after D
is not "in no micro-cell", equipment commissioned after D (or an area first placed in a cell
after D) is not "without an owner", and after a retirement neither is reported any more.
Before issue 12 only retirements were left out, so the past reported people and objects
that did not exist yet."""

from __future__ import annotations

import pytest

from graph.falkordb_engine import FalkorDBEngine
from queries.coverage import gaps
from tests.queries.factories import (
    add_cell,
    add_microcell,
    add_net_chain,
    add_object,
    add_person,
    link,
)

JOINED = "2026-03-01"
ENTERED = "2026-03-10T00:00:00Z"
"""When the new person becomes a member, and the new equipment gets its owner."""
RETIRED = "2026-06-01T00:00:00Z"


@pytest.fixture
def grid(engine: FalkorDBEngine) -> FalkorDBEngine:
    """cell-1 with mc-1 (lead p-lead, members p-a, p-b); p-new joined on 2026-03-01, a member
    of mc-1 from 2026-03-10 until retiring on 2026-06-01; eq-new commissioned on 2026-03-01,
    owned by p-a from 2026-03-10 until it retired on 2026-06-01; area-new placed in cell-1
    on 2026-03-01 and owned by nobody."""
    chain = add_net_chain(engine)
    add_cell(engine, "cell-1", net=chain.l4, head="p-lead")
    add_microcell(engine, "mc-1", cell="cell-1", lead="p-lead", members=["p-lead", "p-a", "p-b"])
    add_person(engine, "p-new", party_member=False)
    engine.run(
        "MATCH (p:Person {uid: 'p-new'}) SET p.joined_on = $joined, p.retired_at = $retired",
        {"joined": JOINED, "retired": RETIRED},
    )
    link(engine, "Person", "MEMBER_OF", "MicroCell", "p-new", "mc-1", since=ENTERED, until=RETIRED)
    add_object(
        engine, "Equipment", "eq-new", cell="cell-1", owner="p-a", since=ENTERED, until=RETIRED,
        commissioned_on=JOINED,
    )  # fmt: skip
    engine.run("MATCH (e:Equipment {uid: 'eq-new'}) SET e.retired_at = $r", {"r": RETIRED})
    add_object(engine, "Area", "area-new")
    link(engine, "Area", "BELONGS_TO", "Cell", "area-new", "cell-1", since=f"{JOINED}T00:00:00Z")
    return engine


def _found(engine: FalkorDBEngine, rule: str, as_of: str) -> list[str]:
    """The findings about the new nodes (the net heads are in no micro-cell throughout)."""
    return [uid for uid in gaps(engine, [rule], as_of=as_of).uids(rule) if uid.endswith("-new")]


@pytest.mark.parametrize("as_of", ["2026-01-15", "2026-02-28T23:59:59Z"])
def test_before_joining_and_commissioning_nothing_is_reported(
    grid: FalkorDBEngine, as_of: str
) -> None:
    assert _found(grid, "person_without_microcell", as_of) == []
    assert _found(grid, "object_without_owner", as_of) == []


@pytest.mark.parametrize("as_of", [f"{JOINED}T00:00:00Z", "2026-03-09"])
def test_from_the_start_date_until_placed_they_are_gaps(grid: FalkorDBEngine, as_of: str) -> None:
    assert _found(grid, "person_without_microcell", as_of) == ["p-new"]
    assert _found(grid, "object_without_owner", as_of) == ["area-new", "eq-new"]


def test_once_placed_only_the_ownerless_area_is_left(grid: FalkorDBEngine) -> None:
    assert _found(grid, "person_without_microcell", "2026-04-01") == []
    assert _found(grid, "object_without_owner", "2026-04-01") == ["area-new"]


@pytest.mark.parametrize("as_of", [RETIRED, "2026-07-01"])
def test_from_the_retirement_on_they_are_history(grid: FalkorDBEngine, as_of: str) -> None:
    assert _found(grid, "person_without_microcell", as_of) == []
    assert _found(grid, "object_without_owner", as_of) == ["area-new"]


def test_just_before_the_retirement_they_are_still_placed(grid: FalkorDBEngine) -> None:
    grid.run(
        "MATCH (:Person {uid: 'p-new'})-[m:MEMBER_OF]->() SET m.until = '2026-05-01T00:00:00Z'"
    )
    assert _found(grid, "person_without_microcell", "2026-05-31T23:59:59Z") == ["p-new"]
