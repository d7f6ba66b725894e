"""The page of changes to the grid (/change/<uid>): a head assigns an owner from their branch
with a start date (the audit entry shown, the object page's chain shows the new owner from that
day); a head's refused changes (a device of another branch is not found; a person outside the
branch is refused with the API's message, nothing written); a conflicting edit explained and
retried from fresh data; an admin retires a device with a reason; usable at 360 × 800.

The ``seeded`` organisation is shared by every API and console test: these tests change only
devices and people they create here, inside the head's branch."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from graph.falkordb_engine import FalkorDBEngine
from seed.dataset import Dataset
from tests.api.grid_oracle import placed_people
from tests.console.conftest import Console, Users
from writes import changes
from writes.audit import Actor

ACTOR = Actor("console-changes-tests")


@pytest.fixture(scope="module")
def place(seeded_dataset: Dataset, users: Users) -> tuple[str, str]:
    """A cell of the head's branch and one of its current micro-cells."""
    rows = seeded_dataset.relationships[("MicroCell", "PART_OF", "Cell")]
    micro = sorted(
        (r["b"], r["a"]) for r in rows if r["b"] in users.branch.cells and not r.get("until")
    )
    return micro[0]


def new_device(seeded: FalkorDBEngine, cell: str, label: str) -> dict[str, str]:
    uid = f"eq-chg-{secrets.token_hex(4)}"
    name = f"变更测试{label}{uid[-4:]}"
    props = {"uid": uid, "name": name, "category": "separator"}
    changes.create(seeded, ACTOR, "Equipment", props, cell=cell)
    return {"uid": uid, "name": name}


def new_person(seeded: FalkorDBEngine, micro_cell: str | None, label: str) -> dict[str, str]:
    """A fresh person, a member of ``micro_cell`` (None: of none)."""
    uid = f"p-chg-{secrets.token_hex(4)}"
    name = f"试{label}{uid[-4:]}"
    props = {"uid": uid, "employee_no": f"E-{uid}", "name": name, "party_member": False}
    changes.create(seeded, ACTOR, "Person", props)
    if micro_cell is not None:
        changes.move_member(seeded, ACTOR, uid, micro_cell)
    return {"uid": uid, "name": name}


def owner_of(seeded: FalkorDBEngine, uid: str) -> list[str]:
    rows = seeded.run(
        "MATCH (:Equipment {uid: $uid})-[o:OWNED_BY]->(p:Person) WHERE o.until IS NULL "
        "RETURN p.uid AS person",
        {"uid": uid},
        readonly=True,
    )
    return [row["person"] for row in rows]


def device_row(seeded: FalkorDBEngine, uid: str) -> dict:
    rows = seeded.run(
        "MATCH (e:Equipment {uid: $uid}) RETURN e.name AS name, e.retired_at AS retired_at, "
        "e.retired_reason AS reason",
        {"uid": uid},
        readonly=True,
    )
    return dict(rows[0])


def pick(console: Console, test_id: str, text: str, uid: str) -> None:
    """Type into a search picker and choose the hit naming ``uid``."""
    console.page.get_by_test_id(test_id).click()
    console.page.keyboard.type(text)
    console.page.get_by_role("option").filter(has_text=uid).click()


def set_since(console: Console, day: str) -> None:
    field = console.page.get_by_test_id("since").locator("input")
    field.fill(day)
    field.press("Enter")


def test_head_assigns_an_owner_with_a_start_date(
    console: Console, seeded: FalkorDBEngine, place: tuple[str, str]
) -> None:
    cell, micro = place
    device = new_device(seeded, cell, "甲")
    person = new_person(seeded, micro, "甲")
    since = (date.today() - timedelta(days=10)).isoformat()
    console.sign_in("head", into=f"/object/{device['uid']}")
    console.page.get_by_test_id("change-link").click()
    expect(console.page.get_by_test_id("change-title")).to_contain_text(device["name"])
    expect(console.page.get_by_test_id("fact-owner")).to_contain_text("无")
    pick(console, "person", person["name"], person["uid"])
    set_since(console, since)
    console.page.get_by_test_id("submit").click()
    audit = console.page.get_by_test_id("audit-entry")
    expect(audit).to_contain_text("assign_owner")
    expect(audit.get_by_test_id("audit-after")).to_contain_text(person["name"])
    expect(audit.get_by_test_id("audit-uid")).not_to_be_empty()
    expect(audit.get_by_test_id("audit-actor")).to_have_text(console.users.names["head"])
    expect(audit.get_by_test_id("audit-at")).to_have_text(f"{since} 00:00:00 UTC")
    expect(console.page.get_by_test_id("fact-owner")).to_contain_text(person["name"])
    assert owner_of(seeded, device["uid"]) == [person["uid"]]
    console.screenshot("changes")

    console.open(f"/object/{device['uid']}?asOf={since}")
    owner = console.page.locator("[data-test=chain-link][data-role=owner]")
    expect(owner).to_contain_text(person["name"])
    before = (date.fromisoformat(since) - timedelta(days=1)).isoformat()
    console.open(f"/object/{device['uid']}?asOf={before}")
    expect(console.page.get_by_test_id("chain")).to_be_visible()
    expect(console.page.get_by_test_id("chain")).not_to_contain_text(person["name"])


def test_head_refused_outside_the_branch(
    console: Console,
    seeded: FalkorDBEngine,
    seeded_dataset: Dataset,
    users: Users,
    place: tuple[str, str],
) -> None:
    theirs = sorted(users.other.by_label["Equipment"])[0]
    console.sign_in("head", into=f"/change/{theirs}")
    expect(console.page.get_by_test_id("not-found")).to_be_visible()
    console.watch.allow("NOT_FOUND")

    cell, _ = place
    device = new_device(seeded, cell, "乙")
    stranger = sorted(users.other.people - users.branch.people)[0]
    console.open(f"/change/{device['uid']}?action=owner")
    console.page.get_by_test_id("person").click()
    console.page.keyboard.type(stranger)
    console.page.keyboard.press("Enter")
    console.page.get_by_test_id("submit").click()
    expect(console.page.get_by_test_id("refusal")).to_contain_text("NOT_FOUND")
    assert owner_of(seeded, device["uid"]) == []

    # Someone the head may read (the head of a net above) but who is not inside the branch.
    inside = placed_people(seeded_dataset, users.branch.cells) | {users.branch.head}
    rows = seeded_dataset.relationships[("Person", "HEAD_OF", "Net")]
    above = sorted(
        r["a"]
        for r in rows
        if r["b"] in users.branch.ancestors and not r.get("until") and r["a"] not in inside
    )
    if above:
        name = next(p["name"] for p in seeded_dataset.nodes["Person"] if p["uid"] == above[0])
        console.open(f"/change/{device['uid']}?action=owner")
        pick(console, "person", name, above[0])
        console.page.get_by_test_id("submit").click()
        expect(console.page.get_by_test_id("refusal")).to_contain_text("FORBIDDEN")
        assert owner_of(seeded, device["uid"]) == []


def test_conflict_is_explained_and_retried(
    console: Console, seeded: FalkorDBEngine, place: tuple[str, str]
) -> None:
    cell, _ = place
    device = new_device(seeded, cell, "丙")
    console.sign_in("head", into=f"/change/{device['uid']}?action=rename")
    console.page.get_by_test_id("name").fill("变更测试新名")
    changes.update(seeded, ACTOR, "Equipment", device["uid"], {"name": "变更测试他人改名"})
    console.page.get_by_test_id("submit").click()
    expect(console.page.get_by_test_id("conflict")).to_contain_text("数据已被他人修改")
    expect(console.page.get_by_test_id("change-title")).to_contain_text("变更测试他人改名")
    assert device_row(seeded, device["uid"])["name"] == "变更测试他人改名"
    console.page.get_by_test_id("retry").click()
    expect(console.page.get_by_test_id("audit-entry")).to_contain_text("变更测试新名")
    expect(console.page.get_by_test_id("conflict")).to_be_hidden()
    assert device_row(seeded, device["uid"])["name"] == "变更测试新名"


def test_a_hand_over_on_a_stale_page_is_a_conflict_retried_from_fresh_data(
    console: Console, seeded: FalkorDBEngine, place: tuple[str, str]
) -> None:
    cell, micro = place
    device = new_device(seeded, cell, "己")
    first, meanwhile, mine = (new_person(seeded, micro, label) for label in "子丑寅")
    changes.assign_owner(seeded, ACTOR, device["uid"], first["uid"])
    console.sign_in("head", into=f"/change/{device['uid']}?action=owner")
    expect(console.page.get_by_test_id("fact-owner")).to_contain_text(first["name"])
    pick(console, "person", mine["name"], mine["uid"])
    changes.assign_owner(seeded, ACTOR, device["uid"], meanwhile["uid"])
    console.page.get_by_test_id("submit").click()
    conflict = console.page.get_by_test_id("conflict")
    expect(conflict).to_contain_text("数据已被他人修改")
    expect(conflict.get_by_test_id("conflict-detail")).to_contain_text(
        f"its owner is now {meanwhile['uid']}, not {first['uid']} as read"
    )
    expect(console.page.get_by_test_id("fact-owner")).to_contain_text(meanwhile["name"])
    assert owner_of(seeded, device["uid"]) == [meanwhile["uid"]]

    console.page.get_by_test_id("retry").click()
    audit = console.page.get_by_test_id("audit-entry")
    expect(audit.get_by_test_id("audit-after")).to_contain_text(mine["name"])
    expect(audit).to_contain_text(meanwhile["uid"])
    assert owner_of(seeded, device["uid"]) == [mine["uid"]]


def test_admin_retires_with_a_reason(
    console: Console, seeded: FalkorDBEngine, place: tuple[str, str]
) -> None:
    cell, _ = place
    device = new_device(seeded, cell, "丁")
    console.sign_in("admin", into=f"/change/{device['uid']}?action=retire")
    console.page.get_by_test_id("reason").fill("设备报废")
    console.page.get_by_test_id("submit").click()
    audit = console.page.get_by_test_id("audit-entry")
    expect(audit).to_contain_text("retire")
    expect(audit.get_by_test_id("audit-actor")).to_contain_text(console.users.names["admin"])
    expect(console.page.get_by_test_id("retired")).to_be_visible()
    row = device_row(seeded, device["uid"])
    assert row["retired_at"] and row["reason"] == "设备报废"


def test_phone_sized_screen(
    console: Console, seeded: FalkorDBEngine, place: tuple[str, str]
) -> None:
    cell, _ = place
    device = new_device(seeded, cell, "戊")
    console.page.set_viewport_size({"width": 360, "height": 800})
    console.sign_in("head", into=f"/change/{device['uid']}")
    expect(console.page.get_by_test_id("submit")).to_be_visible()
    for action in ("owner", "move", "rename", "retire"):
        console.page.get_by_test_id(f"action-{action}").click()
        expect(console.page.get_by_test_id("submit")).to_be_visible()
        overflow = console.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{action}: {overflow}px of horizontal scroll"
