"""The business tree page (/tree/:uid?) in a real browser: the four parts of a net's tree with
links to the nodes' pages; a head lands on their own net; other branches' uids typed into the
URL say not found and their names never appear; the picker finds a cell."""

from __future__ import annotations

from playwright.sync_api import expect

from seed.dataset import Dataset
from tests.console.conftest import Console
from tests.console.test_grid_tree import names_of, sign_in


def test_a_head_lands_on_their_net_and_sees_the_four_parts(
    console: Console, seeded_dataset: Dataset
) -> None:
    branch, other = console.users.branch, console.users.other
    sign_in(console, "head")
    console.open("/tree")
    page = console.page
    expect(page).to_have_url(f"{page.url.split('/console')[0]}/console/tree/{branch.net}")
    for part, label in [("root", "树根"), ("trunk", "树干"), ("leaves", "树叶"), ("fruit", "果实")]:
        expect(page.get_by_test_id(f"part-{part}")).to_contain_text(label)
    page.get_by_test_id("part-cells").click()
    cell = sorted(branch.cells)[0]
    page.get_by_test_id(f"node-{cell}").click()
    expect(page).to_have_url(f"{page.url.split('/console')[0]}/console/tree/{cell}")
    cell_name = next(c["name"] for c in seeded_dataset.nodes["Cell"] if c["uid"] == cell)
    expect(page.locator("h1")).to_contain_text(cell_name)
    expect(page.get_by_test_id("part-fruit")).to_be_visible()
    text = page.inner_text("body")
    for name in names_of(seeded_dataset, other.nets | other.cells):
        assert name not in text
    console.screenshot("business-tree")


def test_other_branches_and_unknown_units_are_not_found(
    console: Console, seeded_dataset: Dataset
) -> None:
    branch, other = console.users.branch, console.users.other
    sign_in(console, "head")
    for uid in [other.net, sorted(other.cells)[0], sorted(branch.ancestors)[0], "no-such-unit"]:
        console.open(f"/tree/{uid}")
        expect(console.page.get_by_test_id("not-found")).to_be_visible()
        text = console.page.inner_text("body")
        for name in names_of(seeded_dataset, other.nets | other.cells):
            assert name not in text


def test_a_planner_picks_a_cell_and_reads_it_in_english(
    console: Console, seeded_dataset: Dataset
) -> None:
    cell = next(c for c in seeded_dataset.nodes["Cell"] if c["uid"] in console.users.other.cells)
    sign_in(console, "planner", "en")
    console.open("/tree")
    page = console.page
    expect(page.locator("[data-test^=brigade-]")).to_have_count(
        sum(1 for n in seeded_dataset.nodes["Net"] if n["level"] == 3)
    )
    page.get_by_test_id("pick").locator("input").fill(cell["name"])
    page.get_by_role("option", name=cell["name"]).first.click()
    expect(page).to_have_url(f"{page.url.split('/console')[0]}/console/tree/{cell['uid']}")
    expect(page.get_by_test_id("part-root")).to_contain_text("Root")
    expect(page.get_by_test_id("part-leaves")).to_contain_text("Leaves")
    console.open(f"/tree/{cell['uid']}?today=2026-13-01")
    expect(page.get_by_test_id("error")).to_contain_text("Could not load")
