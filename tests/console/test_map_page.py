"""一张图 (MapPage, route /): the company's level-3 nets, a drill-down to a net's cells coloured
by risk grade, a cell's side panel matching the API's mapLayer, a level-4 net's risk points and
overdue hazards as points matching the API's ``within`` (a click on one, in the list or on the
canvas, opens its object page), and a head kept to their branch (another branch's net typed
into the URL says not found and names nothing of it, nor any of its points)."""

from __future__ import annotations

import base64
import json
import re

import httpx2 as httpx
import pytest
from playwright.sync_api import Route, expect

from seed.dataset import Dataset
from tests.console.conftest import PASSWORD, Console, Users

LAYER = "query($net: String!) { mapLayer(net: $net, zoom: 12) }"
BOX = """query($id: ID!) { node(id: $id) { ... on Net { minLon minLat maxLon maxLat } } }"""
WITHIN = """query($box: [Float!]!) {
  within(box: $box, kinds: ["RiskPoint", "Hazard"]) {
    items { uid kind name }
    counts { kind grade count }
  }
}"""


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


def net_id(uid: str) -> str:
    return base64.b64encode(f"Net:{uid}".encode()).decode()


def points_within(console_url: str, username: str, net: str) -> dict:
    """What ``within`` answers ``username`` for the bounding box of ``net``."""
    bounds = api(console_url, username, BOX, {"id": net_id(net)})["node"]
    box = [bounds["minLon"], bounds["minLat"], bounds["maxLon"], bounds["maxLat"]]
    return api(console_url, username, WITHIN, {"box": box})["within"]


def drawn_points(console: Console) -> list[dict[str, str]]:
    """The points the map drew, from the list under it (kind, uid, grade, pixel)."""
    return console.page.get_by_test_id("map-point").evaluate_all(
        "nodes => nodes.map(n => ({kind: n.dataset.kind, uid: n.dataset.uid,"
        " grade: n.dataset.grade || '', pixel: n.dataset.pixel || ''}))"
    )


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
    expect(page.get_by_test_id("overlay-points")).to_have_count(0)
    expect(page.get_by_test_id("map-point")).to_have_count(0)
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


def test_a_head_sees_the_risk_points_of_their_net_and_opens_one(
    console: Console, console_url: str, users: Users, dataset: Dataset
) -> None:
    signed_in(console, "head")
    page = console.page
    expect(page).to_have_url(f"{console_url}/console/?net={users.branch.net}")
    expect(page.get_by_test_id("overlay-points")).to_contain_text("显示风险点")
    inside = points_within(console_url, users.names["head"], users.branch.net)
    risk_count = next(
        (c["count"] for c in inside["counts"] if c["kind"] == "RiskPoint" and c["grade"] is None),
        0,
    )
    assert risk_count > 0
    expect(page.locator("[data-test=map-point][data-kind=RiskPoint]")).to_have_count(risk_count)
    drawn = drawn_points(console)
    allowed = {item["uid"] for item in inside["items"]}
    assert {p["uid"] for p in drawn} <= allowed
    assert {p["grade"] for p in drawn if p["kind"] == "RiskPoint"} <= {
        "red", "orange", "yellow", "blue"
    }  # fmt: skip
    # Nothing of another branch: what the admin finds in the same box and the head may not.
    everything = points_within(console_url, users.names["admin"], users.branch.net)["items"]
    foreign = {item["uid"] for item in everything} - allowed
    assert not foreign & {p["uid"] for p in drawn}
    hidden = names_of(dataset, users.other.cells | users.other.nets) - names_of(
        dataset, users.branch.universe
    )
    text = page.locator("main").inner_text()
    assert not [name for name in hidden if name in text]
    console.screenshot("map")
    # The switch hides the risk points (overdue hazards follow their own switch).
    page.get_by_test_id("overlay-points").click()
    expect(page.locator("[data-test=map-point][data-kind=RiskPoint]")).to_have_count(0)
    page.get_by_test_id("overlay-points").click()
    first = page.locator("[data-test=map-point][data-kind=RiskPoint]").first
    uid = first.get_attribute("data-uid")
    first.click()
    expect(page).to_have_url(f"{console_url}/console/object/{uid}")


def test_clicking_a_point_on_the_canvas_opens_its_object(
    console: Console, console_url: str, users: Users
) -> None:
    signed_in(console, "head")
    page = console.page
    expect(page.locator("[data-test=map-point]").first).to_have_attribute(
        "data-pixel", re.compile(r"\d")
    )
    drawn = [p for p in drawn_points(console) if p["pixel"]]
    at = {p["uid"]: tuple(int(v) for v in p["pixel"].split(",")) for p in drawn}

    def alone(uid: str) -> bool:
        x, y = at[uid]
        return all(abs(x - u) + abs(y - v) > 24 for other, (u, v) in at.items() if other != uid)

    box = page.get_by_test_id("map-chart").bounding_box()
    assert box is not None
    inside = [
        uid
        for uid, (x, y) in at.items()
        if 10 < x < box["width"] - 10 and 10 < y < box["height"] - 10
    ]
    uid = next((u for u in inside if alone(u)), inside[0])
    x, y = at[uid]
    page.mouse.click(box["x"] + x, box["y"] + y)
    if alone(uid):
        expect(page).to_have_url(f"{console_url}/console/object/{uid}")
    else:
        expect(page).to_have_url(re.compile(r"/console/object/(rp|hz)-"))
