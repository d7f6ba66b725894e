"""风险与隐患 in a real browser (issue 15, part 3, with the hazard steps of the inbox): a cell's
four-colour risk register (its risk points by grade with their controlling duties and owners);
a hazard found at one of its risk points by the level-4 head, assigned to the cell head with a
deadline, rectified, refused verification by its own rectification owner (the refusal shown),
verified by the level-4 head and closed, its loop shown as steps on the register; usable at
360 × 800.

The test writes one new hazard (a fresh uid) and one new account to the shared ``seeded``
organisation, and changes nothing seeded."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from playwright.sync_api import Locator, expect

from graph.falkordb_engine import FalkorDBEngine
from seed.dataset import Dataset
from tests.api.grid_oracle import current
from tests.console.conftest import Console, Users
from tests.console.workflow_accounts import (
    add_head_account,
    cell_heads,
    no_horizontal_scroll,
    open_as,
)


@pytest.fixture(scope="module")
def place(seeded: FalkorDBEngine, seeded_dataset: Dataset, users: Users) -> dict[str, str]:
    """A cell of the head's branch with a head of its own and risk points of every grade
    where possible: its uid, a risk point, the cell head's person and a new account of theirs."""
    heads = cell_heads(seeded_dataset)
    rows = current(seeded_dataset.relationships[("RiskPoint", "BELONGS_TO", "Cell")])
    grades = {n["uid"]: n["grade"] for n in seeded_dataset.nodes["RiskPoint"]}
    points: dict[str, list[str]] = {}
    for row in rows:
        if row["b"] in users.branch.cells and heads.get(row["b"]) not in (None, users.branch.head):
            points.setdefault(row["b"], []).append(row["a"])
    cell = max(sorted(points), key=lambda c: (len({grades[p] for p in points[c]}), len(points[c])))
    person = heads[cell]
    return {
        "cell": cell,
        "risk_point": sorted(points[cell])[0],
        "grades": ",".join(sorted({grades[p] for p in points[cell]})),
        "head": person,
        "account": add_head_account(seeded, person, "c-riskhead"),
    }


def card(console: Console, uid: str) -> Locator:
    return console.page.get_by_test_id(f"inbox-item-{uid}")


def step(console: Console, uid: str, action: str, **fields: str) -> None:
    card(console, uid).get_by_test_id(f"inbox-do-{action}").click()
    dialog = console.page.get_by_role("dialog")
    for name, value in fields.items():
        dialog.get_by_test_id(f"inbox-field-{name}").fill(value)
    dialog.get_by_test_id("inbox-confirm").click()


def test_the_register_shows_four_colours_and_a_hazard_loop_closes(
    console: Console, users: Users, place: dict[str, str]
) -> None:
    page = console.page
    cell, point = place["cell"], place["risk_point"]

    # The register: four colour groups; every risk point of the cell in its grade's group.
    open_as(console, users.names["head"], f"/risks?cell={cell}")
    for grade in ("red", "orange", "yellow", "blue"):
        expect(page.get_by_test_id(f"risks-grade-{grade}")).to_be_visible()
    for grade in place["grades"].split(","):
        group = page.get_by_test_id(f"risks-grade-{grade}")
        expect(group.locator("[data-test^='risks-point-']").first).to_be_visible()
    expect(page.get_by_test_id(f"risks-point-{point}")).to_contain_text("责任人")
    expect(page.get_by_test_id(f"risks-point-{point}")).to_contain_text("管控职责")

    # Found at the risk point, from the register.
    page.get_by_test_id(f"risks-find-{point}").click()
    page.get_by_test_id("risks-find-title").fill(f"法兰渗漏 {uuid.uuid4().hex[:6]}")
    page.get_by_test_id("risks-find-submit").click()
    made = page.get_by_test_id("risks-made")
    expect(made).to_be_visible()
    hazard = made.inner_text().split("已登记隐患")[1].split()[0]
    entry = page.get_by_test_id(f"risks-hazard-{hazard}")
    expect(entry.locator(".el-step__title.is-process")).to_have_text("发现")

    # Assigned to the cell head with a deadline, started and rectified (level-4 head).
    console.open("/inbox?tab=hazards")
    deadline = (date.today() + timedelta(days=10)).isoformat()
    card(console, hazard).get_by_test_id("inbox-do-assign").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_test_id("inbox-owner-head").click()
    expect(dialog.get_by_test_id("inbox-field-owner")).to_have_value(place["head"])
    dialog.get_by_test_id("inbox-field-deadline").fill(deadline)
    dialog.get_by_test_id("inbox-confirm").click()
    expect(card(console, hazard).get_by_test_id("inbox-status")).to_have_text("已派发")
    expect(card(console, hazard).get_by_test_id("inbox-due")).to_contain_text(deadline)
    step(console, hazard, "start")
    expect(card(console, hazard).get_by_test_id("inbox-status")).to_have_text("整改中")
    step(console, hazard, "rectified")
    expect(card(console, hazard).get_by_test_id("inbox-status")).to_have_text("已整改")

    # The rectification owner may not verify their own work: the refusal is shown.
    open_as(console, place["account"], "/inbox?tab=hazards")
    step(console, hazard, "verify")
    refusal = page.get_by_test_id("inbox-refusal")
    expect(refusal).to_contain_text("must verify it")
    expect(refusal).to_contain_text(place["head"])
    page.get_by_role("dialog").get_by_test_id("inbox-cancel").click()
    expect(card(console, hazard).get_by_test_id("inbox-status")).to_have_text("已整改")

    # Someone else verifies, then closes it (销号): it leaves the inbox, the loop is closed.
    open_as(console, users.names["head"], "/inbox?tab=hazards")
    step(console, hazard, "verify")
    expect(card(console, hazard).get_by_test_id("inbox-status")).to_have_text("已验收")
    step(console, hazard, "close")
    expect(card(console, hazard)).to_have_count(0)
    console.open(f"/risks?cell={cell}")
    entry = page.get_by_test_id(f"risks-hazard-{hazard}")
    expect(entry.locator(".el-step__head.is-success")).to_have_count(6)
    expect(entry).to_contain_text(deadline)
    console.screenshot("risks")


def test_the_register_fits_a_phone(console: Console, users: Users, place: dict[str, str]) -> None:
    console.page.set_viewport_size({"width": 360, "height": 800})
    open_as(console, users.names["head"], f"/risks?cell={place['cell']}")
    expect(console.page.get_by_test_id("risks-grade-red")).to_be_visible()
    no_horizontal_scroll(console)
    open_as(console, users.names["member"], "/risks")
    expect(console.page.get_by_test_id("risks-cell-name")).to_be_visible()
    no_horizontal_scroll(console)
