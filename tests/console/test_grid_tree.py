"""The grid tree page (/grid) in a real browser: a head sees their branch only, with the
counts of the API's gridOutline; expanding a net shows its cells; other branches' uids typed
into the URL say not found; bad dates say so."""

from __future__ import annotations

from playwright.sync_api import expect

from graph.falkordb_engine import FalkorDBEngine
from queries.grid_outline import grid_outline
from seed.dataset import Dataset
from tests.console.conftest import PASSWORD, Console

AS_OF = "2026-11-15"


def sign_in(console: Console, role: str, language: str | None = None) -> None:
    """Sign in as ``role`` through the sign-in page, landing on a page that asks nothing
    rather than on the map (whose requests a test opening another page at once would abort,
    which the watch counts as a failure)."""
    page = console.page
    page.goto("/console/login?next=/signed-in")
    if language == "en":
        console.choose_language("English")
    page.get_by_test_id("username").fill(console.users.names[role])
    page.get_by_test_id("password").fill(PASSWORD)
    page.get_by_test_id("submit").click()
    page.get_by_test_id("user").wait_for()


def names_of(dataset: Dataset, uids: set[str]) -> set[str]:
    """The names of the nets, cells and micro-cells among ``uids``."""
    return {n["name"] for label in ("Net", "Cell", "MicroCell") for n in dataset.nodes[label]
            if n["uid"] in uids}  # fmt: skip


def test_a_head_sees_their_branch_with_the_api_counts(
    console: Console, seeded: FalkorDBEngine, seeded_dataset: Dataset
) -> None:
    branch, other = console.users.branch, console.users.other
    sign_in(console, "head")
    console.open(f"/grid?asOf={AS_OF}")
    page = console.page
    outline = grid_outline(seeded, [branch.net], as_of=AS_OF)
    root = outline.units[0]
    expect(page.get_by_test_id(f"unit-{branch.net}")).to_have_text(root.name)
    expect(page.get_by_test_id(f"members-{branch.net}")).to_have_text(
        f"{root.direct_members} / {root.members}"
    )
    expect(page.get_by_test_id(f"gaps-{branch.net}")).to_have_text(
        f"{root.direct_gaps} / {root.gaps}"
    )
    cells = [u for u in outline.units if u.kind == "Cell"]
    expect(page.get_by_test_id(f"unit-{cells[0].uid}")).to_have_count(0)
    row = page.locator("tr", has=page.get_by_test_id(f"unit-{branch.net}"))
    row.locator(".el-table__expand-icon").click()
    for cell in cells:
        expect(page.get_by_test_id(f"unit-{cell.uid}")).to_have_text(cell.name)
        expect(page.get_by_test_id(f"members-{cell.uid}")).to_have_text(
            f"{cell.direct_members} / {cell.members}"
        )
    expect(page.get_by_test_id("summary")).to_contain_text(f"{len(cells)} 个先锋格")
    text = page.inner_text("body")
    for name in names_of(seeded_dataset, other.nets | other.cells):
        assert name not in text
    console.screenshot("grid-tree")


def test_other_branches_and_the_nets_above_are_not_found(
    console: Console, seeded_dataset: Dataset
) -> None:
    branch, other = console.users.branch, console.users.other
    sign_in(console, "head")
    for uid in [other.net, sorted(other.cells)[0], sorted(branch.ancestors)[0], "net-nowhere"]:
        console.open(f"/grid?net={uid}")
        expect(console.page.get_by_test_id("not-found")).to_be_visible()
        text = console.page.inner_text("body")
        for name in names_of(seeded_dataset, other.nets | other.cells | branch.ancestors):
            assert name not in text


def test_a_bad_date_says_so_and_a_planner_outlines_a_net_in_english(console: Console) -> None:
    sign_in(console, "planner", "en")
    console.open("/grid?asOf=not-a-date")
    expect(console.page.get_by_test_id("error")).to_contain_text("Could not load")
    l3 = sorted(console.users.branch.ancestors)[-1]
    console.open(f"/grid?net={l3}&asOf={AS_OF}")
    expect(console.page.get_by_test_id(f"unit-{l3}")).to_be_visible()
    expect(console.page.get_by_test_id("summary")).to_contain_text("cells")
    expect(console.page.get_by_test_id("whole")).to_have_text("Whole grid")
