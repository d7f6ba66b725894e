"""The monthly assessment page (/assessment) in a real browser: a head's net by default at the
latest month assessed, with the scores, problem tallies and training of the dataset; a month
without assessments marks every cell; other branches' nets typed into the URL show nothing of
them; a bad month says so."""

from __future__ import annotations

from playwright.sync_api import expect

from seed.dataset import Dataset
from tests.console.conftest import Console
from tests.console.test_grid_tree import names_of, sign_in


def scores(dataset: Dataset, cells: set[str], month: str) -> dict[str, float]:
    """The dataset's score of each of ``cells`` assessed in ``month``."""
    by_uid = {a["uid"]: a for a in dataset.nodes["Assessment"]}
    rows = dataset.relationships[("Assessment", "ASSESSES", "Cell")]
    return {r["b"]: by_uid[r["a"]]["score"] for r in rows
            if r["b"] in cells and by_uid[r["a"]]["month"] == month}  # fmt: skip


def test_a_head_sees_their_cells_scores_at_the_latest_month(
    console: Console, seeded_dataset: Dataset
) -> None:
    branch, other = console.users.branch, console.users.other
    latest = max(a["month"] for a in seeded_dataset.nodes["Assessment"])
    sign_in(console, "head")
    console.open("/assessment")
    page = console.page
    expect(page).to_have_url(
        f"{page.url.split('/console')[0]}/console/assessment?net={branch.net}&month={latest}"
    )
    expected = scores(seeded_dataset, branch.cells, latest)
    assert expected
    for cell, score in expected.items():
        expect(page.get_by_test_id(f"score-{cell}")).to_have_text(f"{score:g}")
    expect(page.get_by_test_id("summary")).to_contain_text(
        f"{len(expected)}/{len(branch.cells)} 个先锋格已评价"
    )
    expect(page.get_by_test_id("chart").locator("canvas")).to_have_count(1)
    text = page.inner_text("body")
    for name in names_of(seeded_dataset, other.nets | other.cells):
        assert name not in text
    console.screenshot("assessment")


def test_a_month_without_assessments_marks_every_cell_and_sorting_works(
    console: Console, seeded_dataset: Dataset
) -> None:
    branch = console.users.branch
    sign_in(console, "head")
    console.open(f"/assessment?net={branch.net}&month=2020-01")
    page = console.page
    for cell in branch.cells:
        expect(page.get_by_test_id(f"score-{cell}")).to_have_text("未评价")
        expect(page.get_by_test_id(f"score-{cell}")).to_have_class("rg-missing")
    latest = max(a["month"] for a in seeded_dataset.nodes["Assessment"])
    console.open(f"/assessment?net={branch.net}&month={latest}")
    shown = [float(s) for s in page.locator("[data-test^=score-]").all_inner_texts()]
    assert shown == sorted(shown, reverse=True)  # best first by default
    header = page.get_by_role("columnheader", name="考核得分")
    header.click()  # unsorted
    header.click()  # ascending
    expect(page.locator("[data-test^=score-]").first).to_have_text(f"{min(shown):g}")


def test_other_branches_show_nothing_and_a_bad_month_says_so(
    console: Console, seeded_dataset: Dataset
) -> None:
    branch, other = console.users.branch, console.users.other
    sign_in(console, "head")
    for net in [other.net, sorted(other.cells)[0], "net-nowhere"]:
        console.open(f"/assessment?net={net}&month=2026-10")
        expect(console.page.get_by_test_id("not-found").or_(
            console.page.get_by_test_id("empty"))).to_be_visible()  # fmt: skip
        text = console.page.inner_text("body")
        for name in names_of(seeded_dataset, other.nets | other.cells):
            assert name not in text
    console.open(f"/assessment?net={branch.net}&month=2026-13")
    expect(console.page.get_by_test_id("bad-month")).to_be_visible()


def test_a_planner_picks_a_net_in_english(console: Console, seeded_dataset: Dataset) -> None:
    sign_in(console, "planner", "en")
    console.open("/assessment?month=2026-10")
    page = console.page
    page.get_by_test_id("net").click()
    page.get_by_role("option", name=next(
        n["name"] for n in seeded_dataset.nodes["Net"] if n["uid"] == console.users.other.net
    )).click()  # fmt: skip
    expect(page).to_have_url(
        f"{page.url.split('?')[0]}?month=2026-10&net={console.users.other.net}"
    )
    expect(page.get_by_test_id("summary")).to_contain_text("cells assessed")
