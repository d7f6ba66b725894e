"""Adding a member on a micro-cell's change page (/change/<micro-cell>?action=member): the
person picked is shown with the micro-cell they are in now (adding moves them out of it) and
that micro-cell is sent as ``expected``, so a person moved elsewhere meanwhile is a CONFLICT
explained and retried from fresh data; a person in no micro-cell is added without one.

The ``seeded`` organisation is shared by every API and console test: these tests move only
people they create here, between micro-cells of the head's branch."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx2 as httpx
import pytest
from playwright.sync_api import Request, expect

from graph.falkordb_engine import FalkorDBEngine
from seed.dataset import Dataset
from tests.console.conftest import PASSWORD, Console, Users
from tests.console.test_changes import new_person

MOVE = """mutation($person: String!, $microCell: String!) {
  moveMember(person: $person, microCell: $microCell) { operation }
}"""


@dataclass(frozen=True)
class Micro:
    uid: str
    name: str


@pytest.fixture(scope="module")
def micro_cells(seeded_dataset: Dataset, users: Users) -> list[Micro]:
    """Three current micro-cells of the head's branch: the page's, where people start, and
    where another account moves them meanwhile."""
    names = {n["uid"]: n["name"] for n in seeded_dataset.nodes["MicroCell"]}
    rows = seeded_dataset.relationships[("MicroCell", "PART_OF", "Cell")]
    found = sorted(r["a"] for r in rows if r["b"] in users.branch.cells and not r.get("until"))
    assert len(found) >= 3, "the head's branch needs three micro-cells"
    return [Micro(uid, names[uid]) for uid in found[:3]]


def micro_cells_of(seeded: FalkorDBEngine, person: str) -> list[str]:
    """The micro-cells ``person`` is an open member of, in the graph."""
    rows = seeded.run(
        "MATCH (:Person {uid: $uid})-[m:MEMBER_OF]->(c:MicroCell) WHERE m.until IS NULL "
        "RETURN c.uid AS micro_cell",
        {"uid": person},
        readonly=True,
    )
    return sorted(row["micro_cell"] for row in rows)


def move_as(console_url: str, username: str, person: str, micro_cell: str) -> None:
    """Move ``person`` into ``micro_cell`` through the GraphQL API as another account."""
    form = {"username": username, "password": PASSWORD}
    token = httpx.post(f"{console_url}/auth/token", data=form).json()["access_token"]
    answer = httpx.post(
        f"{console_url}/graphql",
        json={"query": MOVE, "variables": {"person": person, "microCell": micro_cell}},
        headers={"authorization": f"Bearer {token}"},
        timeout=60,
    ).json()
    assert "errors" not in answer, answer


@pytest.fixture
def sent(console: Console) -> Iterator[list[dict[str, Any]]]:
    """The variables of every add-member mutation the page sends."""
    found: list[dict[str, Any]] = []

    def watch(request: Request) -> None:
        body = request.post_data_json if request.url.endswith("/graphql") else None
        if isinstance(body, dict) and "ChangeAddMember" in body.get("query", ""):
            found.append(body.get("variables") or {})

    console.page.on("request", watch)
    yield found


def pick(console: Console, person: dict[str, str]) -> None:
    console.page.get_by_test_id("person").click()
    console.page.keyboard.type(person["name"])
    console.page.get_by_role("option").filter(has_text=person["uid"]).click()


def test_picking_a_person_shows_the_micro_cell_they_leave(
    console: Console, seeded: FalkorDBEngine, micro_cells: list[Micro], sent: list[dict[str, Any]]
) -> None:
    home, there, _ = micro_cells
    person = new_person(seeded, there.uid, "甲")
    console.sign_in("head", into=f"/change/{home.uid}?action=member")
    pick(console, person)
    expect(console.page.get_by_test_id("member-place")).to_have_text(
        f"现属微格 {there.name}；加入后将移出"
    )
    console.page.get_by_test_id("submit").click()
    audit = console.page.get_by_test_id("audit-entry")
    expect(audit.get_by_test_id("audit-after")).to_contain_text(home.uid)
    assert [v.get("expected") for v in sent] == [[there.uid]]
    assert micro_cells_of(seeded, person["uid"]) == [home.uid]


def test_a_person_moved_meanwhile_is_a_conflict_retried_from_fresh_data(
    console: Console,
    seeded: FalkorDBEngine,
    console_url: str,
    users: Users,
    micro_cells: list[Micro],
    sent: list[dict[str, Any]],
) -> None:
    home, there, elsewhere = micro_cells
    person = new_person(seeded, there.uid, "乙")
    console.sign_in("head", into=f"/change/{home.uid}?action=member")
    pick(console, person)
    place = console.page.get_by_test_id("member-place")
    expect(place).to_contain_text(there.name)
    move_as(console_url, users.names["admin"], person["uid"], elsewhere.uid)
    console.page.get_by_test_id("submit").click()
    conflict = console.page.get_by_test_id("conflict")
    expect(conflict).to_contain_text("数据已被他人修改")
    expect(conflict.get_by_test_id("conflict-detail")).to_contain_text(
        f"its micro_cell is now {elsewhere.uid}, not {there.uid} as read"
    )
    expect(place).to_have_text(f"现属微格 {elsewhere.name}；加入后将移出")
    assert micro_cells_of(seeded, person["uid"]) == [elsewhere.uid]

    console.page.get_by_test_id("retry").click()
    audit = console.page.get_by_test_id("audit-entry")
    expect(audit.get_by_test_id("audit-after")).to_contain_text(home.uid)
    expect(audit).to_contain_text(elsewhere.uid)
    expect(conflict).to_be_hidden()
    assert [v.get("expected") for v in sent] == [[there.uid], [elsewhere.uid]]
    assert micro_cells_of(seeded, person["uid"]) == [home.uid]


def test_a_person_in_no_micro_cell_is_added_without_conflict(
    console: Console, seeded: FalkorDBEngine, micro_cells: list[Micro], sent: list[dict[str, Any]]
) -> None:
    home, _, _ = micro_cells
    person = new_person(seeded, None, "丙")
    console.sign_in("admin", language="en", into=f"/change/{home.uid}?action=member")
    pick(console, person)
    expect(console.page.get_by_test_id("member-place")).to_have_text("in no micro-cell now")
    console.page.get_by_test_id("submit").click()
    audit = console.page.get_by_test_id("audit-entry")
    expect(audit.get_by_test_id("audit-after")).to_contain_text(home.uid)
    expect(console.page.get_by_test_id("conflict")).to_be_hidden()
    # An empty micro-cell may be one out of reach, so nothing is expected (as for held()).
    assert [v.get("expected") for v in sent] == [None]
    assert micro_cells_of(seeded, person["uid"]) == [home.uid]
