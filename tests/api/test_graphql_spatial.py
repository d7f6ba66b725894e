"""locate, within, whoToCall and mapLayer over HTTP on hand-built territories with known
answers, each cut to the caller's reach.

The map: net-l4 holds c1 (125.0–125.1 E × 46.0–46.1 N with a hole) and c2 (125.1–125.2 E);
its sibling other-l4 holds c3, a round cell east of c2. Heads: p-head-c1, p-head-c2,
p-head-c3 for the cells, head-<net> for the nets; p-member is a member of c1's micro-cell.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from shapely.geometry import Point, Polygon, box, mapping, shape

from api.app import create_app
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from queries.map_layer import tolerance
from tests.api.graphql_client import data, only_error, post, sign_in
from tests.queries.factories import (
    add_cell,
    add_hazard,
    add_microcell,
    add_net,
    add_net_chain,
    add_object,
    add_officer,
    link,
)
from tests.queries.spatial_cases import set_position, set_territory

HOLE = box(125.04, 46.04, 125.06, 46.06)
C1 = Polygon(box(125.0, 46.0, 125.1, 46.1).exterior.coords, [HOLE.exterior.coords])
C2 = box(125.1, 46.0, 125.2, 46.1)
C3 = Point(125.25, 46.05).buffer(0.04, quad_segs=32)


def build(e: FalkorDBEngine) -> None:
    chain = add_net_chain(e, "net", heads=True)
    add_net(e, "other-l4", level=4, parent=chain.l3, head="head-other-l4")
    for uid, net, territory in (("c1", chain.l4, C1), ("c2", chain.l4, C2), ("c3", "other-l4", C3)):
        add_cell(e, uid, net=net, head=f"p-head-{uid}")
        set_territory(e, uid, territory)
    set_territory(e, chain.l4, box(125.0, 46.0, 125.2, 46.1))
    add_microcell(e, "mc-1", cell="c1", lead="p-lead-1", members=["p-member"])
    add_officer(e, "p-officer", "c1", "safety_supervisor")
    for uid, cell, lon, lat in (
        ("eq-a", "c1", 125.02, 46.02),
        ("eq-b", "c2", 125.15, 46.05),
        ("eq-c", "c3", 125.25, 46.05),
    ):
        add_object(e, "Equipment", uid, cell=cell)
        set_position(e, uid, lon, lat)
    add_object(e, "Equipment", "eq-unplaced", cell="c2")
    add_object(e, "RiskPoint", "rp-a", cell="c1", grade="red")
    link(e, "RiskPoint", "AT", "Equipment", "rp-a", "eq-a")
    add_object(e, "RiskPoint", "rp-b", cell="c2", grade="yellow")
    link(e, "RiskPoint", "AT", "Equipment", "rp-b", "eq-b")
    add_hazard(e, "hz-late", cell="c1", found_on="2026-01-05", deadline="2026-02-01")
    set_position(e, "hz-late", 125.03, 46.03)
    add_hazard(e, "hz-done", cell="c1", found_on="2026-01-05", deadline="2026-02-01",
               closed_on="2026-01-20")  # fmt: skip
    set_position(e, "hz-done", 125.031, 46.031)


@pytest.fixture(scope="module")
def grid(server_engine: FalkorDBEngine, data_dir: Path) -> Iterator[FalkorDBEngine]:
    engine = FalkorDBEngine(data_dir, graph_name="api-spatial")
    engine.ensure_schema()
    build(engine)
    yield engine
    engine.clear()
    engine.close()


@pytest.fixture(scope="module")
def client(grid: FalkorDBEngine) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), engine=grid)) as test_client:
        yield test_client


def as_(
    client: TestClient, grid: FalkorDBEngine, role: str, person: str | None = None
) -> TestClient:
    sign_in(client, grid, role=role, person=person)
    return client


def code(body: Any) -> str:
    return str(only_error(body)["extensions"]["code"])


LOCATE = """query($lon: Float!, $lat: Float!, $crs: String) {
  locate(lon: $lon, lat: $lat, crs: $crs) {
    cell { uid inside node { id } } microCell { uid } ambiguous
    candidates { uid kind inside edgeM }
    chain { chain { role uid } gaps { code } }
  }
}"""


def test_locate_finds_the_cell_and_its_chain_up_to_the_level_2_head(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    where = data(as_(client, grid, "admin"), LOCATE, {"lon": 125.02, "lat": 46.02})["locate"]
    assert where["cell"]["uid"] == "c1" and not where["ambiguous"]
    assert [(link["role"], link["uid"]) for link in where["chain"]["chain"]] == [
        ("cell", "c1"),
        ("cell_head", "p-head-c1"),
        ("net", "net-l4"),
        ("net_head", "head-net-l4"),
        ("net", "net-l3"),
        ("net_head", "head-net-l3"),
        ("net", "net-l2"),
        ("net_head", "head-net-l2"),
    ]
    assert where["chain"]["gaps"] == []


def test_locate_on_a_boundary_is_ambiguous_and_outside_has_no_cell(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    as_(client, grid, "admin")
    edge = data(client, LOCATE, {"lon": 125.1, "lat": 46.05})["locate"]
    assert edge["ambiguous"] and edge["cell"] is None and edge["chain"] is None
    assert sorted(c["uid"] for c in edge["candidates"]) == ["c1", "c2"]
    hole = data(client, LOCATE, {"lon": 125.05, "lat": 46.05})["locate"]
    assert hole["cell"] is None and not any(c["inside"] for c in hole["candidates"])
    assert data(client, LOCATE, {"lon": 126.0, "lat": 46.5})["locate"]["candidates"] == []


def test_locate_refuses_coordinates_off_the_map_or_an_unknown_crs(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    as_(client, grid, "admin")
    off = post(client, LOCATE, {"lon": 200.0, "lat": 46.0})
    assert code(off) == "BAD_INPUT" and "lon" in only_error(off)["message"]
    crs = post(client, LOCATE, {"lon": 125.02, "lat": 46.02, "crs": "BD09"})
    assert code(crs) == "BAD_INPUT" and "BD09" in only_error(crs)["message"]


def test_locate_shows_only_the_cells_in_reach(client: TestClient, grid: FalkorDBEngine) -> None:
    as_(client, grid, "head", "head-other-l4")
    where = data(client, LOCATE, {"lon": 125.02, "lat": 46.02})["locate"]
    assert where["cell"] is None and where["candidates"] == [] and where["chain"] is None
    own = data(client, LOCATE, {"lon": 125.25, "lat": 46.05})["locate"]
    assert own["cell"]["uid"] == "c3"


WITHIN = """query($box: [Float!], $polygon: GeoJSON, $kinds: [String!]) {
  within(box: $box, polygon: $polygon, kinds: $kinds) {
    items { uid kind grade node { id } } counts { kind grade count }
  }
}"""


def test_within_a_box_lists_by_kind_and_grade(client: TestClient, grid: FalkorDBEngine) -> None:
    as_(client, grid, "admin")
    found = data(client, WITHIN, {"box": [125.0, 46.0, 125.2, 46.1]})["within"]
    assert [i["uid"] for i in found["items"]] == ["eq-a", "eq-b", "rp-a", "rp-b", "hz-done",
                                                  "hz-late"]  # fmt: skip
    counts = {(c["kind"], c["grade"]): c["count"] for c in found["counts"]}
    assert counts[("RiskPoint", None)] == 2 and counts[("RiskPoint", "red")] == 1
    assert counts[("Hazard", None)] == 2
    only = data(client, WITHIN, {"box": [125.0, 46.0, 125.2, 46.1], "kinds": ["RiskPoint"]})
    assert [i["uid"] for i in only["within"]["items"]] == ["rp-a", "rp-b"]


def test_within_a_polygon_and_refusals(client: TestClient, grid: FalkorDBEngine) -> None:
    as_(client, grid, "admin")
    west = json.dumps(mapping(box(125.0, 46.0, 125.1, 46.1)))
    found = data(client, WITHIN, {"polygon": json.loads(west), "kinds": ["Equipment"]})
    assert [i["uid"] for i in found["within"]["items"]] == ["eq-a"]
    bowtie = {"type": "Polygon", "coordinates": [[[125, 46], [125.1, 46.1], [125.1, 46],
                                                  [125, 46.1], [125, 46]]]}  # fmt: skip
    refused = post(client, WITHIN, {"polygon": bowtie})  # the GeoJSON scalar refuses it
    assert code(refused) == "BAD_QUERY" and "Self-intersection" in only_error(refused)["message"]
    assert code(post(client, WITHIN, {"box": [125.2, 46.0, 125.0, 46.1]})) == "BAD_INPUT"
    assert code(post(client, WITHIN, {})) == "BAD_INPUT"
    assert code(post(client, WITHIN, {"box": [125, 46, 126, 47], "kinds": ["Duty"]})) == (
        "BAD_INPUT"
    )


def test_within_is_cut_to_the_reach(client: TestClient, grid: FalkorDBEngine) -> None:
    as_(client, grid, "head", "head-other-l4")
    found = data(client, WITHIN, {"box": [125.0, 46.0, 125.3, 46.1]})["within"]
    assert [i["uid"] for i in found["items"]] == ["eq-c"]


WHO = """query($lon: Float!, $lat: Float!) {
  whoToCall(lon: $lon, lat: $lat) {
    location { cell { uid } } contacts { uid role cell person { id } }
  }
}"""


def test_who_to_call_names_the_heads_officers_and_neighbouring_heads(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    as_(client, grid, "admin")
    calls = data(client, WHO, {"lon": 125.02, "lat": 46.02})["whoToCall"]
    assert calls["location"]["cell"]["uid"] == "c1"
    assert [(c["uid"], c["role"], c["cell"]) for c in calls["contacts"]] == [
        ("p-head-c1", "head", "c1"),
        ("p-officer", "safety_supervisor", "c1"),
        ("p-head-c2", "neighbour_head", "c2"),
    ]
    as_(client, grid, "head", "head-other-l4")
    assert data(client, WHO, {"lon": 125.02, "lat": 46.02})["whoToCall"]["contacts"] == []


LAYER = """query($net: String!, $zoom: Int!) { mapLayer(net: $net, zoom: $zoom) }"""


def features(client: TestClient, net: str, zoom: int = 14) -> dict[str, Any]:
    layer = data(client, LAYER, {"net": net, "zoom": zoom})["mapLayer"]
    assert layer["type"] == "FeatureCollection"
    return {f["id"]: f for f in layer["features"]}


def test_map_layer_counts_grades_overdue_hazards_and_gap_flags(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    as_(client, grid, "admin")
    cells = features(client, "net-l3")
    assert sorted(cells) == ["c1", "c2", "c3"]
    c1, c2 = cells["c1"]["properties"], cells["c2"]["properties"]
    assert c1["counts"] == {"Equipment": 1, "Area": 0, "RiskPoint": 1, "Hazard": 2, "Problem": 0}
    assert c1["worstGrade"] == "red" and c2["worstGrade"] == "yellow"
    assert c1["overdueHazards"] == 1 and c2["overdueHazards"] == 0
    assert c1["gaps"] == [] and c2["gaps"] == ["object_without_position"]
    assert shape(cells["c1"]["geometry"]).equals(C1)  # a box survives any simplification


def test_map_layer_simplifies_for_the_zoom(client: TestClient, grid: FalkorDBEngine) -> None:
    as_(client, grid, "admin")
    near = shape(features(client, "other-l4", 18)["c3"]["geometry"])
    far = shape(features(client, "other-l4", 8)["c3"]["geometry"])
    assert len(far.exterior.coords) < len(near.exterior.coords) == len(C3.exterior.coords)
    assert far.is_valid and far.hausdorff_distance(C3) <= tolerance(8)  # within a pixel
    assert code(post(client, LAYER, {"net": "net-l4", "zoom": 30})) == "BAD_INPUT"


def test_map_layer_outside_what_a_head_may_ask_about_is_not_found(
    client: TestClient, grid: FalkorDBEngine
) -> None:
    as_(client, grid, "head", "head-net-l4")
    assert sorted(features(client, "net-l4")) == ["c1", "c2"]
    assert code(post(client, LAYER, {"net": "net-l3", "zoom": 12})) == "NOT_FOUND"
    assert code(post(client, LAYER, {"net": "other-l4", "zoom": 12})) == "NOT_FOUND"
    as_(client, grid, "admin")
    assert code(post(client, LAYER, {"net": "no-such-net", "zoom": 12})) == "NOT_FOUND"
