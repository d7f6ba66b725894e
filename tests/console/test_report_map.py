"""网上直通车's map (issue 15): a member picks where the problem is by clicking (on a phone,
tapping) inside their cell on a map of its territory, drawn from the API alone; the point is
filled in rounded to about a metre, still editable, and the API resolves the cell from it. A
click outside their cell picks nothing and says so; without a territory the page says the
map is unavailable and the cell choice remains.

The tests write to the shared ``seeded`` organisation: only new problems (fresh uids)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Route, expect
from shapely.geometry import Point

from graph.falkordb_engine import FalkorDBEngine
from graph.geometry import parse_geojson
from seed.dataset import Dataset
from tests.console.conftest import Console, Users, watched
from tests.console.workflow_accounts import cell_of_person, no_horizontal_scroll, open_as


@pytest.fixture
def phone(browser: Browser, console_url: str, users: Users) -> Iterator[Console]:
    """A touch phone's browser, 360 × 800, on the console (watched like ``console``)."""
    touch = {"viewport": {"width": 360, "height": 800}, "has_touch": True, "is_mobile": True}
    with watched(browser, console_url, users, **touch) as tab:
        yield tab


def member_cell(seeded: FalkorDBEngine, dataset: Dataset, users: Users) -> dict[str, Any]:
    uid = cell_of_person(dataset, users.member_person)
    rows = seeded.run(
        "MATCH (c:Cell {uid: $uid}) RETURN c.uid AS uid, c.name AS name, c.geometry AS geometry",
        {"uid": uid},
        readonly=True,
    )
    return rows[0]


def point_shown(console: Console) -> tuple[float, float]:
    """The longitude and latitude the form shows, checked to be rounded to 5 decimals."""
    shown = [console.page.get_by_test_id(f"report-{axis}").input_value() for axis in ("lon", "lat")]
    for text in shown:
        assert text and len(text.partition(".")[2]) <= 5, shown
    return float(shown[0]), float(shown[1])


def send(console: Console, title: str) -> str:
    page = console.page
    page.get_by_test_id("report-title").fill(title)
    page.get_by_test_id("report-submit").click()
    expect(page.get_by_test_id("report-sent-uid")).to_be_visible()
    uid = page.get_by_test_id("report-sent-uid").inner_text().strip()
    page.wait_for_load_state("networkidle")
    return uid


def stored(seeded: FalkorDBEngine, uid: str) -> dict[str, Any]:
    rows = seeded.run(
        "MATCH (p:Problem {uid: $uid})-[:RAISED_IN]->(c:Cell) "
        "RETURN p.lon AS lon, p.lat AS lat, c.uid AS cell",
        {"uid": uid},
        readonly=True,
    )
    assert len(rows) == 1, rows
    return rows[0]


def assert_in_cell(
    seeded: FalkorDBEngine, uid: str, shown: tuple[float, float], cell: dict[str, Any]
) -> None:
    """The problem stored at the point shown, in the cell resolved from it: the member's."""
    found = stored(seeded, uid)
    assert (found["lon"], found["lat"]) == shown
    assert found["cell"] == cell["uid"]
    assert parse_geojson(cell["geometry"]).contains(Point(*shown))


def test_a_member_reports_at_a_point_clicked_on_the_map(
    console: Console, seeded: FalkorDBEngine, seeded_dataset: Dataset, users: Users
) -> None:
    cell = member_cell(seeded, seeded_dataset, users)
    page = console.page
    open_as(console, users.names["member"], "/report")
    chart = page.get_by_test_id("report-map")
    expect(chart.locator("canvas")).to_be_visible()
    expect(page.get_by_test_id("report-map-hint")).to_be_visible()

    # Outside the cell (the map's margin): nothing is picked, and the page says why.
    chart.click(position={"x": 4, "y": 4})
    expect(page.get_by_test_id("report-map-outside")).to_be_visible()
    assert page.get_by_test_id("report-lon").input_value() == ""
    assert page.get_by_test_id("report-cell").locator("input").is_enabled()

    # Inside it: the point is filled in and marked, the cell named, the cell choice set aside.
    chart.click()
    expect(page.get_by_test_id("report-map-cell")).to_contain_text(cell["name"])
    expect(page.get_by_test_id("report-map-outside")).to_have_count(0)
    shown = point_shown(console)
    expect(page.get_by_test_id("report-cell").locator("input")).to_be_disabled()

    # Still editable: a point typed far away is flagged, and the map's pick comes back.
    page.get_by_test_id("report-lon").fill("100.5")
    expect(page.get_by_test_id("report-map-beyond")).to_be_visible()
    chart.click()
    assert point_shown(console) == shown
    console.screenshot("report-map")

    uid = send(console, f"井口渗漏 {uuid.uuid4().hex[:6]}")
    assert_in_cell(seeded, uid, shown, cell)
    # Followed under "my reports" (the API's reportedByMe filter).
    expect(page.get_by_test_id(f"report-item-{uid}")).to_contain_text(cell["name"])


def test_on_a_phone_a_tap_picks_the_point(
    phone: Console, seeded: FalkorDBEngine, seeded_dataset: Dataset, users: Users
) -> None:
    cell = member_cell(seeded, seeded_dataset, users)
    open_as(phone, users.names["member"], "/report")
    chart = phone.page.get_by_test_id("report-map")
    expect(chart.locator("canvas")).to_be_visible()
    chart.scroll_into_view_if_needed()
    chart.tap()
    expect(phone.page.get_by_test_id("report-map-cell")).to_contain_text(cell["name"])
    shown = point_shown(phone)
    no_horizontal_scroll(phone)
    uid = send(phone, f"路灯损坏 {uuid.uuid4().hex[:6]}")
    assert_in_cell(seeded, uid, shown, cell)


def test_without_a_territory_the_map_is_unavailable(
    console: Console, seeded: FalkorDBEngine, seeded_dataset: Dataset, users: Users
) -> None:
    cell = member_cell(seeded, seeded_dataset, users)

    def unmapped(route: Route) -> None:
        """The page's own ReportMe answer, as if no cell were mapped (no geography)."""
        response = route.fetch()
        if "ReportMe" not in (route.request.post_data or ""):
            return route.fulfill(response=response)
        body = response.json()
        person = body["data"]["me"]["person"]
        for c in [person["microCell"]["cell"], *person["headsCells"]]:
            c["geometry"] = None
        return route.fulfill(response=response, body=json.dumps(body))

    console.page.route("**/graphql", unmapped)
    open_as(console, users.names["member"], "/report")
    expect(console.page.get_by_test_id("report-map-unavailable")).to_be_visible()
    expect(console.page.get_by_test_id("report-map")).to_have_count(0)
    select = console.page.get_by_test_id("report-cell")
    expect(select.locator("input")).to_be_enabled()
    expect(select).to_contain_text(cell["name"])
