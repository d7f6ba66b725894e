"""reportProblem and findHazard by a point (issue 13) on the hand-built map of
test_graphql_spatial: the cell is resolved from the point, checked by the authority policy
exactly as a named cell, and the position stored; a point outside the grid, near a boundary
or in a cell the caller may not use is refused with nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from graph.geometry import wgs84_to_gcj02
from tests.api.graphql_client import data, only_error, post, sign_in
from tests.api.test_graphql_spatial import build

IN_C1, IN_C2, IN_C3 = (125.02, 46.08), (125.15, 46.08), (125.25, 46.06)


@pytest.fixture(scope="module")
def grid(server_engine: FalkorDBEngine, data_dir: Path) -> Iterator[FalkorDBEngine]:
    engine = FalkorDBEngine(data_dir, graph_name="api-report-by-position")
    engine.ensure_schema()
    build(engine)
    yield engine
    engine.clear()
    engine.close()


@pytest.fixture(scope="module")
def client(grid: FalkorDBEngine) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), engine=grid)) as test_client:
        yield test_client


REPORT = """mutation($uid: String!, $cell: String, $lon: Float, $lat: Float, $crs: String) {
  reportProblem(uid: $uid, cell: $cell, title: "漏油", category: "production",
                lon: $lon, lat: $lat, crs: $crs, anonymous: true) { uid }
}"""
FIND = """mutation($uid: String!, $rp: String!, $lon: Float, $lat: Float) {
  findHazard(uid: $uid, riskPoint: $rp, title: "阀门渗漏", severity: "general",
             lon: $lon, lat: $lat) { uid }
}"""


def stored(grid: FalkorDBEngine, uid: str) -> dict[str, Any] | None:
    rows = grid.run(
        "MATCH (n:GridNode {uid: $uid}) OPTIONAL MATCH (n)-[:RAISED_IN|BELONGS_TO]->(c:Cell) "
        "RETURN n.lon AS lon, n.lat AS lat, c.uid AS cell",
        {"uid": uid},
        readonly=True,
    )
    return rows[0] if rows else None


def report(client: TestClient, uid: str, point: tuple[float, float], **more: Any) -> Any:
    return post(client, REPORT, {"uid": uid, "lon": point[0], "lat": point[1], **more})


def code(body: Any) -> str:
    return str(only_error(body)["extensions"]["code"])


def test_a_problem_reported_at_a_point_lands_in_its_cell_with_its_position(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    sign_in(client, grid, role="admin")
    assert "errors" not in report(client, "pb-at-point", IN_C1)
    assert stored(grid, "pb-at-point") == {"lon": 125.02, "lat": 46.08, "cell": "c1"}
    g_lon, g_lat = wgs84_to_gcj02(*IN_C2)
    assert "errors" not in report(client, "pb-gcj02", (g_lon, g_lat), crs="GCJ02")
    found = stored(grid, "pb-gcj02")
    assert found is not None and found["cell"] == "c2"
    assert abs(found["lon"] - IN_C2[0]) < 1e-7 and abs(found["lat"] - IN_C2[1]) < 1e-7


@pytest.mark.parametrize(
    ("variables", "words"),
    [
        ({"lon": 126.0, "lat": 46.5}, "no cell"),
        ({"lon": 125.05, "lat": 46.05}, "no cell"),  # in c1's hole
        ({"lon": 125.1, "lat": 46.05}, "boundary"),
        ({"lon": 125.1002, "lat": 46.05}, "boundary"),  # 15 m inside c2
        ({"lon": 125.02}, "both"),
        ({}, "name the cell"),
        ({"lon": 125.02, "lat": 46.08, "cell": "c2"}, "lies in cell c1"),
        ({"lon": 190.0, "lat": 46.0}, "lon"),
        ({"lon": 125.02, "lat": 46.08, "crs": "BD09"}, "BD09"),
    ],
)
def test_a_point_outside_the_grid_or_ambiguous_is_refused_naming_why(
    client: TestClient, grid: FalkorDBEngine, variables: dict[str, Any], words: str
) -> None:
    sign_in(client, grid, role="admin")
    body = post(client, REPORT, {"uid": "pb-refused", **variables})
    assert code(body) == "BAD_INPUT" and words in only_error(body)["message"], body
    assert stored(grid, "pb-refused") is None


def test_a_head_reports_by_point_only_in_their_own_cells(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    sign_in(client, grid, role="head", person="head-other-l4")
    refused = report(client, "pb-other-branch", IN_C1)
    assert code(refused) == "NOT_FOUND" and "c1" not in only_error(refused)["message"]
    assert stored(grid, "pb-other-branch") is None
    assert "errors" not in report(client, "pb-own-branch", IN_C3)
    assert stored(grid, "pb-own-branch") == {"lon": 125.25, "lat": 46.06, "cell": "c3"}


def test_a_member_reports_by_point_only_in_their_own_cell(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    sign_in(client, grid, role="member", person="p-member")
    assert code(report(client, "pb-member-c2", IN_C2)) in {"NOT_FOUND", "FORBIDDEN"}
    assert stored(grid, "pb-member-c2") is None
    assert "errors" not in report(client, "pb-member-c1", IN_C1)
    assert stored(grid, "pb-member-c1") == {"lon": 125.02, "lat": 46.08, "cell": "c1"}


def test_a_hazard_found_at_a_point_keeps_its_position_in_the_risk_points_cell(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    sign_in(client, grid, role="admin")
    ok = {"uid": "hz-at-point", "rp": "rp-a", "lon": 125.021, "lat": 46.021}
    data(client, FIND, ok)
    assert stored(grid, "hz-at-point") == {"lon": 125.021, "lat": 46.021, "cell": "c1"}
    elsewhere = post(client, FIND, {"uid": "hz-wrong-cell", "rp": "rp-a", "lon": IN_C2[0],
                                    "lat": IN_C2[1]})  # fmt: skip
    assert code(elsewhere) == "BAD_INPUT" and "lies in cell c2" in only_error(elsewhere)["message"]
    assert stored(grid, "hz-wrong-cell") is None


def test_a_head_cannot_find_a_hazard_at_a_point_in_another_branch(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    sign_in(client, grid, role="head", person="head-net-l4")
    body = post(client, FIND, {"uid": "hz-other", "rp": "rp-a", "lon": IN_C3[0],
                               "lat": IN_C3[1]})  # fmt: skip
    assert code(body) == "NOT_FOUND"
    assert stored(grid, "hz-other") is None
    data(client, FIND, {"uid": "hz-own", "rp": "rp-a", "lon": 125.022, "lat": 46.022})
    assert stored(grid, "hz-own") == {"lon": 125.022, "lat": 46.022, "cell": "c1"}
