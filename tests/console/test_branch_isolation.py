"""A level-4 head sees nothing of another branch anywhere in the console: not on any page,
not through search, not on the map, not through links typed by hand. Each page's own tests
check its behaviour; this walks every route with the other branch's uids and reads the page
text for any of its names."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from seed.dataset import Dataset
from tests.console.conftest import Console, Users


def _names(dataset: Dataset, uids: set[str]) -> set[str]:
    return {n["name"] for nodes in dataset.nodes.values() for n in nodes
            if n.get("uid") in uids and n.get("name")}  # fmt: skip


@pytest.fixture(scope="module")
def foreign_names(users: Users, seeded_dataset: Dataset) -> set[str]:
    """Names of the other branch that the head's branch does not also see (the shared nets
    above both, and equal names on both sides, are left out)."""
    mine, other = users.branch, users.other
    theirs = other.universe - mine.universe
    return _names(seeded_dataset, theirs) - _names(seeded_dataset, mine.universe)


def _routes(users: Users) -> list[str]:
    other = users.other
    device = sorted(other.by_label["Equipment"])[0]
    hazard = sorted(other.by_label["Hazard"])[0]
    person = sorted(other.people)[0]
    cell = sorted(other.cells)[0]
    return [
        f"/?net={other.net}", f"/gaps?net={other.net}&today=2026-11-15",
        f"/tree/{other.net}", f"/tree/{cell}", f"/assessment?net={other.net}",
        f"/object/{device}", f"/object/{hazard}", f"/person/{person}", f"/labels/{cell}",
        "/", "/grid", "/gaps?today=2026-11-15", "/assessment",
    ]  # fmt: skip


def test_no_page_shows_the_other_branch(
    console: Console, users: Users, foreign_names: set[str]
) -> None:
    console.sign_in("head")
    for route in _routes(users):
        console.open(route)
        text = console.page.locator("body").inner_text()
        leaked = sorted(name for name in foreign_names if name in text)
        assert not leaked, f"{route} shows the other branch: {leaked[:5]}"
    console.watch.allow("404")


def test_search_finds_nothing_of_the_other_branch(
    console: Console, users: Users, seeded_dataset: Dataset
) -> None:
    console.sign_in("head")
    net = next(n for n in seeded_dataset.nodes["Net"] if n["uid"] == users.other.net)
    mine = next(n for n in seeded_dataset.nodes["Net"] if n["uid"] == users.branch.net)
    box = console.page.get_by_test_id("search")
    box.fill(mine["name"])
    expect(console.page.get_by_test_id("search-hit").first).to_be_visible()
    box.fill(net["name"])
    console.page.wait_for_load_state("networkidle")
    hits = console.page.get_by_test_id("search-hit").all_inner_texts()
    assert net["name"] not in hits
