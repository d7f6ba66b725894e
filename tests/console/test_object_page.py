"""The object page: search → object → accountability chain → as of an earlier day; post
histories, standards with their guidance, duties with the six elements, the QR label; unknown
and out-of-reach uids read the same, and a bad date in the URL shows the API's message."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from seed.dataset import Dataset
from tests.console.conftest import Console, Users


def _names(dataset: Dataset) -> dict[str, str]:
    return {n["uid"]: n["name"] for n in dataset.nodes["Person"]}


@pytest.fixture(scope="module")
def handed_over(seeded_dataset: Dataset, users: Users) -> tuple[dict, str, str, str]:
    """A device of the head's branch whose owner changed: (device, earlier owner's name,
    current owner's name, a day the earlier owner still held it)."""
    names = _names(seeded_dataset)
    rows = seeded_dataset.relationships[("Equipment", "OWNED_BY", "Person")]
    mine = users.branch.by_label["Equipment"]
    devices = {n["uid"]: n for n in seeded_dataset.nodes["Equipment"]}
    by_device: dict[str, list[dict]] = {}
    for row in rows:
        if row["a"] in mine:
            by_device.setdefault(row["a"], []).append(row)
    for uid, held in sorted(by_device.items()):
        current = [r for r in held if not r.get("until")]
        earlier = [r for r in held if r.get("until")]
        if len(current) != 1 or not earlier:
            continue
        before, now = earlier[-1], current[0]
        if names[before["b"]] == names[now["b"]] or before["until"] != now["since"]:
            continue
        day = date.fromisoformat(now["since"][:10]) - timedelta(days=1)
        if day.isoformat() >= before["since"][:10] and len(devices[uid]["name"]) >= 3:
            return devices[uid], names[before["b"]], names[now["b"]], day.isoformat()
    raise AssertionError("no device of the branch changed owner")


def test_search_object_chain_and_an_earlier_day(console: Console, handed_over) -> None:
    device, earlier, current, day = handed_over
    console.sign_in("head", into=f"/person/{console.users.branch.head}")
    search = console.page.get_by_test_id("search")
    search.fill(device["name"][:-1])
    console.page.get_by_role("option").filter(has_text=device["uid"]).click()
    expect(console.page).to_have_url(
        f"{console.page.url.split('/console')[0]}/console/object/{device['uid']}"
    )
    owner = console.page.locator("[data-test=chain-link][data-role=owner]")
    expect(owner).to_contain_text(current)
    expect(console.page.get_by_test_id("chain")).to_contain_text("格长")
    picker = console.page.get_by_test_id("as-of").locator("input")
    picker.fill(day)
    picker.press("Enter")
    expect(console.page).to_have_url(f"{console.page.url.split('?')[0]}?asOf={day}")
    expect(owner).to_contain_text(earlier)
    expect(owner).not_to_contain_text(current)
    expect(picker).to_have_value(day)
    history = console.page.get_by_test_id("post-history").first
    expect(history).to_contain_text(earlier)
    expect(history).to_contain_text(current)
    console.screenshot("object")


def test_standards_duties_and_the_label(console: Console, handed_over) -> None:
    device = handed_over[0]
    console.sign_in("investigator", into=f"/object/{device['uid']}")
    expect(console.page.get_by_test_id("object-name")).to_contain_text(device["name"])
    expect(console.page.get_by_test_id("standards")).to_contain_text("指导标准")
    qr = console.page.get_by_test_id("qr")
    expect(qr).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    url = qr.get_attribute("data-url")
    assert url and url.endswith(f"/console/object/{device['uid']}") and url.startswith("http")
    console.page.evaluate("window.print = () => { window.printed = true }")
    console.page.get_by_test_id("print").click()
    assert console.page.evaluate("window.printed") is True
    console.page.get_by_test_id("cell-labels").click()
    expect(console.page).to_have_url(re.compile(r"/console/labels/cell-"))


def test_duty_elements_missing_are_red(console: Console, seeded_dataset: Dataset) -> None:
    elements = ("matter", "responsibility", "schedule", "space")
    duties = seeded_dataset.nodes["Duty"]
    lacking = {d["uid"]: d for d in duties if any(not d.get(e) for e in elements)}
    rows = seeded_dataset.relationships[("Duty", "CONTROLS", "RiskPoint")]
    controls = [r for r in rows if not r.get("until")]
    duty, point = next((lacking[r["a"]], r["b"]) for r in controls if r["a"] in lacking)
    console.sign_in("admin", into=f"/object/{point}")
    card = console.page.get_by_test_id("duty").filter(has_text=duty["title"]).first
    missing = next(e for e in elements if not duty.get(e))
    expect(card.locator(f"[data-element={missing}]")).to_have_class(re.compile("rg-missing"))
    expect(card.locator("[data-element=assignee]")).to_be_visible()


def test_a_duty_shows_its_elements_and_assignee_history(
    console: Console, seeded_dataset: Dataset
) -> None:
    assigned = {r["a"] for r in seeded_dataset.relationships[("Duty", "ASSIGNED_TO", "Person")]}
    duty = next(d for d in seeded_dataset.nodes["Duty"] if d["uid"] in assigned)
    console.sign_in("admin", into=f"/object/{duty['uid']}")
    expect(console.page.get_by_test_id("object-name")).to_contain_text(duty["title"])
    expect(console.page.get_by_test_id("post-history")).to_contain_text("履责人")
    expect(console.page.get_by_test_id("chain")).to_have_count(0)


def test_a_standard_shows_its_basics(console: Console, seeded_dataset: Dataset) -> None:
    standard = next(s for s in seeded_dataset.nodes["Standard"] if s["level"] == "unit")
    console.sign_in("planner", into=f"/object/{standard['uid']}")
    expect(console.page.get_by_test_id("object-name")).to_contain_text(standard["title"])
    expect(console.page.get_by_text(standard["code"]).first).to_be_visible()


def test_a_bad_date_in_the_url_shows_the_api_message(console: Console, handed_over) -> None:
    console.sign_in("head", into=f"/object/{handed_over[0]['uid']}?asOf=2025-13-45")
    expect(console.page.get_by_test_id("trace-error")).to_be_visible()
    expect(console.page.get_by_test_id("object-name")).to_contain_text(handed_over[0]["name"])


@pytest.mark.parametrize("uid", ["eq-999999", "nothing", "%E8%AE%BE%E5%A4%87", "p-00001"])
def test_unknown_uids_are_not_found(console: Console, uid: str) -> None:
    console.sign_in("admin", into=f"/object/{uid}")
    expect(console.page.get_by_test_id("not-found")).to_be_visible()


def test_the_other_branch_is_not_found_for_the_head(
    console: Console, users: Users, seeded_dataset: Dataset
) -> None:
    other = sorted(users.other.by_label["Equipment"])[0]
    names = {n["uid"]: n["name"] for n in seeded_dataset.nodes["Equipment"]}
    people = _names(seeded_dataset)
    console.sign_in("head", into=f"/object/{other}?asOf=2025-06-01")
    expect(console.page.get_by_test_id("not-found")).to_be_visible()
    text = console.page.inner_text("body")
    assert names[other] not in text
    foreign = {people[p] for p in users.other.people if p in people} - {
        people.get(p) for p in users.branch.people
    }
    assert not [name for name in foreign if name in text]


def test_english(console: Console, handed_over) -> None:
    console.sign_in("investigator", into=f"/object/{handed_over[0]['uid']}", language="en")
    expect(console.page.get_by_text("Accountability chain")).to_be_visible()
    expect(console.page.locator("[data-test=chain-link][data-role=owner]")).to_be_visible()
