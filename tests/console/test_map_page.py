"""一张图 (MapPage, route /): the company's level-3 nets, a drill-down to a net's cells coloured
by risk grade, a cell's side panel matching the API's mapLayer, and a head kept to their
branch (another branch's net typed into the URL says not found and names nothing of it)."""

from __future__ import annotations

import json

import httpx2 as httpx
import pytest
from playwright.sync_api import Route, expect

from seed.dataset import Dataset
from tests.console.conftest import PASSWORD, Console, Users

LAYER = "query($net: String!) { mapLayer(net: $net, zoom: 12) }"


def api(console_url: str, username: str, query: str, variables: dict) -> dict:
    """Ask the GraphQL API as ``username`` with a bearer token (the expectation of a test)."""
    form = {"username": username, "password": PASSWORD}
    token = httpx.post(f"{console_url}/auth/token", data=form).json()["access_token"]
    answer = httpx.post(
        f"{console_url}/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
        timeout=60,
    ).json()
    assert "errors" not in answer, answer
    return answer["data"]


def names_of(dataset: Dataset, uids: set[str]) -> set[str]:
    return {
        node["name"]
        for nodes in dataset.nodes.values()
        for node in nodes
        if node.get("uid") in uids and node.get("name")
    }


def settled(console: Console) -> None:
    """Wait until the map page has drawn its net (or said it cannot)."""
    done = "[data-test=map-chart] canvas, [data-test=map-empty], [data-test=map-not-found]"
    console.page.locator(done).first.wait_for()


def signed_in(console: Console, role: str, *, language: str | None = None) -> None:
    """Sign in and let the home page (this map) finish its requests: leaving it sooner aborts
    them, which the console's watch counts as failed requests."""
    console.sign_in(role, language=language)
    settled(console)


@pytest.fixture(scope="module")
def dataset(seeded_dataset: Dataset) -> Dataset:
    return seeded_dataset


def test_admin_drills_into_a_level_3_net_and_opens_a_cell(
    console: Console, console_url: str, users: Users
) -> None:
    signed_in(console, "admin")
    console.open("/")
    page = console.page
    expect(page.get_by_role("heading", name="一张图")).to_be_visible()
    expect(page.get_by_test_id("map-chart").locator("canvas").first).to_be_attached()
    page.get_by_test_id("pick-net-l3-01").click()
    expect(page).to_have_url(f"{console_url}/console/?net=net-l3-01")
    settled(console)
    expect(page.get_by_test_id("map-chart").locator("canvas").first).to_be_attached()
    expect(page.get_by_test_id("map-legend")).to_contain_text("红")
    layer = api(console_url, users.names["admin"], LAYER, {"net": "net-l3-01"})["mapLayer"]
    cell = next(f["properties"] for f in layer["features"] if f["properties"]["gaps"] == [])
    page.get_by_test_id(f"pick-{cell['uid']}").click()
    panel = page.get_by_test_id("cell-panel")
    expect(panel.get_by_test_id("cell-name")).to_have_text(cell["name"])
    expect(panel.get_by_test_id("cell-heads")).to_have_text(str(cell["heads"]))
    expect(panel.get_by_test_id("cell-overdue")).to_have_text(str(cell["overdueHazards"]))
    console.screenshot("map")
    panel.get_by_test_id("cell-tree").click()
    expect(page).to_have_url(f"{console_url}/console/tree/{cell['uid']}")


def test_breadcrumbs_and_nets_beneath_lead_up_and_down(console: Console, console_url: str) -> None:
    signed_in(console, "planner")
    console.open("/?net=net-l3-01")
    page = console.page
    child = page.locator("[data-test^='net-net-l4-']").first
    uid = child.get_attribute("data-test").removeprefix("net-")
    child.click()
    expect(page).to_have_url(f"{console_url}/console/?net={uid}")
    settled(console)
    page.get_by_test_id("crumb-net-l3-01").click()
    expect(page).to_have_url(f"{console_url}/console/?net=net-l3-01")
    settled(console)
    page.get_by_test_id("crumb-net-l2").click()
    expect(page).to_have_url(f"{console_url}/console/?net=net-l2")
    expect(page.get_by_test_id("pick-net-l3-02")).to_be_visible()


def test_clicking_a_cell_on_the_canvas_opens_its_panel(console: Console) -> None:
    signed_in(console, "investigator")
    console.open("/?net=net-l3-01")
    canvas = console.page.get_by_test_id("map-chart")
    box = canvas.bounding_box()
    assert box is not None
    console.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(console.page.get_by_test_id("cell-name")).to_contain_text("先锋格")


def test_a_head_starts_at_their_net_and_never_sees_the_other_branch(
    console: Console, console_url: str, users: Users, dataset: Dataset
) -> None:
    signed_in(console, "head")
    console.open("/")
    page = console.page
    expect(page).to_have_url(f"{console_url}/console/?net={users.branch.net}")
    settled(console)
    listed = {
        test_id.removeprefix("pick-")
        for test_id in page.locator("[data-test^='pick-']").evaluate_all(
            "nodes => nodes.map(n => n.dataset.test)"
        )
    }
    assert listed and listed <= users.branch.cells
    expect(page.get_by_test_id("crumb-net-l2")).not_to_have_attribute("href", "#")
    hidden = names_of(dataset, users.other.cells | users.other.nets) - names_of(
        dataset, users.branch.universe
    )
    for path in (f"/?net={users.other.net}", "/?net=net-l2", f"/?net={users.other.net}x<b>"):
        console.open(path)
        settled(console)
        text = page.locator("main").inner_text()
        for name in hidden:
            assert name not in text, (path, name)
    console.open(f"/?net={users.other.net}")
    expect(page.get_by_test_id("map-not-found")).to_contain_text("不在您的管辖范围内")


def test_a_net_without_mapped_cells_says_so(console: Console) -> None:
    signed_in(console, "planner")

    def unmapped(route: Route) -> None:
        response = route.fetch()
        body = response.json()
        layer = (body.get("data") or {}).get("mapLayer")
        if layer:
            for feature in layer["features"]:
                feature["geometry"] = None
        route.fulfill(response=response, body=json.dumps(body))

    console.page.route("**/graphql", unmapped)
    console.open("/?net=net-l3-02")
    expect(console.page.get_by_test_id("map-empty")).to_contain_text("还没有已上图的先锋格")
    expect(console.page.get_by_test_id("map-legend")).to_contain_text("尚未上图")


def test_a_member_sees_the_map_or_a_clear_message(console: Console) -> None:
    signed_in(console, "member")
    expect(console.page.locator(".rg-missing")).to_have_count(0)


@pytest.mark.parametrize("net", ["nothing-here", "cell-0001", "%E7%BD%91", ""])
def test_a_bad_net_in_the_url_says_not_found(console: Console, net: str) -> None:
    signed_in(console, "admin")
    console.open(f"/?net={net}")
    expect(console.page.get_by_test_id("map-not-found")).to_be_visible()


def test_english_on_request(console: Console) -> None:
    signed_in(console, "planner", language="en")
    console.open("/?net=net-l3-02")
    expect(console.page.get_by_role("heading", name="Map")).to_be_visible()
    expect(console.page.get_by_test_id("overlay-gaps")).to_contain_text("Show gaps")
