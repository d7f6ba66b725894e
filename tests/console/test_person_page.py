"""The person page: basics, posts held and their history, the impact of their leaving
(counts and the orphaned list, capped); no health records; other branches not found."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from seed.dataset import Dataset
from tests.console.conftest import Console, Users


def _names(dataset: Dataset) -> dict[str, str]:
    return {n["uid"]: n["name"] for n in dataset.nodes["Person"]}


def test_a_head_sees_their_own_page_and_impact(
    console: Console, users: Users, seeded_dataset: Dataset
) -> None:
    person = next(n for n in seeded_dataset.nodes["Person"] if n["uid"] == users.branch.head)
    console.sign_in("head", into=f"/person/{users.branch.head}")
    expect(console.page.get_by_test_id("person-name")).to_have_text(person["name"])
    expect(console.page.get_by_text(person["employee_no"])).to_be_visible()
    expect(console.page.get_by_test_id("grid-role")).to_have_text("网长")
    expect(console.page.get_by_test_id("posts")).to_contain_text("4级网网长")
    expect(console.page.get_by_test_id("impact-counts")).to_be_visible()
    expect(console.page.get_by_test_id("subtree")).to_contain_text("先锋格")
    assert "健康" not in console.page.inner_text("body")
    console.screenshot("person")


def test_an_owner_with_orphans_links_them(
    console: Console, users: Users, seeded_dataset: Dataset
) -> None:
    owners: dict[str, int] = {}
    for row in seeded_dataset.relationships[("Equipment", "OWNED_BY", "Person")]:
        if not row.get("until") and row["a"] in users.branch.by_label["Equipment"]:
            owners[row["b"]] = owners.get(row["b"], 0) + 1
    owner = max(sorted(owners), key=lambda p: owners[p])
    console.sign_in("investigator", into=f"/person/{owner}")
    expect(console.page.get_by_test_id("person-name")).to_have_text(_names(seeded_dataset)[owner])
    orphaned = console.page.get_by_test_id("orphaned")
    expect(orphaned.locator("a").first).to_have_attribute("href", re.compile(r"^/console/object/"))
    if owners[owner] > 20:
        expect(console.page.get_by_test_id("more")).to_contain_text("另有")
        expect(orphaned.locator("a")).to_have_count(20)


def test_a_member_sees_basics_without_impact(console: Console, users: Users) -> None:
    console.sign_in("member", into=f"/person/{users.member_person}", language="en")
    expect(console.page.get_by_test_id("person-name")).to_be_visible()
    expect(console.page.get_by_text("If they leave")).to_be_visible()


def test_an_earlier_day_and_a_bad_day(console: Console, users: Users) -> None:
    console.sign_in("admin", into=f"/person/{users.branch.head}?asOf=2020-01-01")
    expect(console.page.get_by_test_id("person-name")).to_be_visible()
    expect(console.page.get_by_test_id("posts")).not_to_contain_text("4级网网长")
    console.open(f"/person/{users.branch.head}?asOf=yesterday")
    expect(console.page.get_by_test_id("error")).to_be_visible()


def test_unknown_and_other_branch_people_are_not_found(
    console: Console, users: Users, seeded_dataset: Dataset
) -> None:
    names = _names(seeded_dataset)
    other = sorted(p for p in users.other.people if p in names and p not in users.branch.people)
    console.sign_in("head", into=f"/person/{users.branch.head}")
    for uid in ("p-99999", "eq-000001", other[0]):
        console.open(f"/person/{uid}")
        expect(console.page.get_by_test_id("not-found")).to_be_visible()
    text = console.page.inner_text("body")
    assert names[other[0]] not in text
