"""locate, within and who_to_call on hand-built territories with known answers: inside,
outside, on a boundary, in a hole, GCJ-02 input, and an index that follows every change."""

from __future__ import annotations

import pytest
from shapely.geometry import Polygon, box

from graph.errors import ValidationError
from graph.falkordb_engine import FalkorDBEngine
from graph.geometry import territory_properties, to_geojson, wgs84_to_gcj02
from queries.spatial import SpatialIndex, locate, spatial_index, who_to_call, within
from tests.queries.factories import (
    add_cell,
    add_hazard,
    add_microcell,
    add_net_chain,
    add_object,
    link,
)
from tests.queries.spatial_cases import set_position, set_territory
from writes.audit import Actor
from writes.changes.moves import move_unit
from writes.changes.nodes import update

HOLE = box(125.04, 46.04, 125.06, 46.06)
C1 = Polygon(box(125.0, 46.0, 125.1, 46.1).exterior.coords, [HOLE.exterior.coords])
C2 = box(125.1, 46.0, 125.2, 46.1)
C3 = box(125.2, 46.0, 125.3, 46.1)


@pytest.fixture
def mapped(engine: FalkorDBEngine) -> FalkorDBEngine:
    chain = add_net_chain(engine, "net", heads=True)
    for uid, territory in (("c1", C1), ("c2", C2), ("c3", C3)):
        add_cell(engine, uid, net=chain.l4, head=f"p-head-{uid}")
        set_territory(engine, uid, territory)
    link(
        engine,
        "Person",
        "OFFICER_OF",
        "Cell",
        "p-head-c2",
        "c1",
        role="safety_supervisor",
        since="2020-01-01T00:00:00Z",
    )
    add_object(engine, "Equipment", "eq-a", cell="c1")
    set_position(engine, "eq-a", 125.02, 46.02)
    add_object(engine, "Equipment", "eq-b", cell="c2")
    set_position(engine, "eq-b", 125.15, 46.05)
    add_object(engine, "RiskPoint", "rp-at-b", cell="c2")
    link(engine, "RiskPoint", "AT", "Equipment", "rp-at-b", "eq-b")
    add_hazard(engine, "hz-1", cell="c1", found_on="2026-10-01", deadline="2026-12-01")
    set_position(engine, "hz-1", 125.1, 46.05)
    return engine


def test_a_point_inside_one_cell_is_located_there(mapped: FalkorDBEngine) -> None:
    where = locate(mapped, 125.02, 46.02)
    assert where.cell is not None and where.cell.uid == "c1" and not where.ambiguous


def test_a_point_outside_every_cell_has_no_cell(mapped: FalkorDBEngine) -> None:
    where = locate(mapped, 126.0, 46.5)
    assert where.cell is None and where.candidates == [] and not where.ambiguous


def test_a_point_on_a_boundary_is_ambiguous_with_both_candidates(mapped: FalkorDBEngine) -> None:
    where = locate(mapped, 125.1, 46.05)
    assert where.ambiguous and where.cell is None
    assert sorted(c.uid for c in where.candidates) == ["c1", "c2"]


def test_near_a_boundary_within_the_margin_is_ambiguous(mapped: FalkorDBEngine) -> None:
    near = 125.1 - 0.0002  # about 15 m west of the c1/c2 edge
    assert locate(mapped, near, 46.05).ambiguous
    assert locate(mapped, near, 46.05, margin_m=5).cell.uid == "c1"  # type: ignore[union-attr]


def test_a_point_in_a_hole_is_in_no_cell(mapped: FalkorDBEngine) -> None:
    where = locate(mapped, 125.05, 46.05)
    assert where.cell is None and not any(c.inside for c in where.candidates)


def test_gcj02_input_is_converted_before_locating(mapped: FalkorDBEngine) -> None:
    # 30 m inside c2's west edge in WGS84; read as WGS84, the GCJ-02 figures lie ~500 m east.
    lon, lat = 125.1 + 0.0004, 46.05
    g_lon, g_lat = wgs84_to_gcj02(lon, lat)
    assert locate(mapped, g_lon, g_lat, crs="GCJ02", margin_m=10).cell.uid == "c2"  # type: ignore[union-attr]
    assert abs(g_lon - lon) * 77_000 > 300


def test_bad_coordinates_and_crs_are_named(mapped: FalkorDBEngine) -> None:
    with pytest.raises(ValidationError, match="latitude 95"):
        locate(mapped, 125.0, 95.0)
    with pytest.raises(ValidationError, match="unknown CRS 'BD09'"):
        locate(mapped, 125.0, 46.0, crs="BD09")


def test_a_change_made_through_redgrid_is_seen_at_once(mapped: FalkorDBEngine) -> None:
    first = spatial_index(mapped, recheck_s=3600)
    assert spatial_index(mapped, recheck_s=3600) is first
    update(
        mapped, Actor("tests"), "Cell", "c3", territory_properties(box(125.2, 46.0, 125.4, 46.1))
    )
    assert spatial_index(mapped, recheck_s=3600) is not first
    assert locate(mapped, 125.35, 46.05).cell.uid == "c3"  # type: ignore[union-attr]


def test_a_change_made_by_hand_is_seen_once_the_recheck_is_due(mapped: FalkorDBEngine) -> None:
    first = spatial_index(mapped, recheck_s=3600)
    set_territory(mapped, "c3", box(125.2, 46.0, 125.4, 46.1))  # no audit entry
    assert spatial_index(mapped, recheck_s=3600) is first
    assert spatial_index(mapped, recheck_s=0) is not first
    assert locate(mapped, 125.35, 46.05).cell.uid == "c3"  # type: ignore[union-attr]


def test_an_unrelated_change_keeps_the_index(mapped: FalkorDBEngine) -> None:
    first = spatial_index(mapped)
    update(mapped, Actor("tests"), "Equipment", "eq-a", {"name": "renamed"})
    assert spatial_index(mapped) is first


def test_a_mapped_micro_cell_moved_to_another_cell_is_seen(mapped: FalkorDBEngine) -> None:
    add_microcell(mapped, "m1", cell="c1", since="2020-01-01T00:00:00Z")
    set_territory(mapped, "m1", box(125.0, 46.0, 125.03, 46.03))
    where = locate(mapped, 125.01, 46.01, margin_m=0)
    assert where.micro_cell is not None and where.micro_cell.uid == "m1"
    move_unit(mapped, Actor("tests"), "m1", "c2")
    # The point is still in c1, and m1 is no longer part of it.
    assert locate(mapped, 125.01, 46.01, margin_m=0).micro_cell is None


def test_within_a_box_and_a_polygon(mapped: FalkorDBEngine) -> None:
    found = within(mapped, (125.0, 46.0, 125.2, 46.1))
    assert [(p.kind, p.uid) for p in found.items] == [
        ("Equipment", "eq-a"),
        ("Equipment", "eq-b"),
        ("RiskPoint", "rp-at-b"),
        ("Hazard", "hz-1"),
    ]
    assert found.counts == {"Equipment": 2, "RiskPoint": 1, "Hazard": 1}
    triangle = Polygon([(125.0, 46.0), (125.12, 46.0), (125.0, 46.1)])
    assert [p.uid for p in within(mapped, triangle).items] == ["eq-a"]
    assert [p.uid for p in within(mapped, C2, ["RiskPoint"]).items] == ["rp-at-b"]


def test_within_refuses_a_self_intersecting_polygon(mapped: FalkorDBEngine) -> None:
    bow = Polygon([(125.0, 46.0), (125.1, 46.1), (125.1, 46.0), (125.0, 46.1)])
    with pytest.raises(ValidationError, match="Self-intersection"):
        within(mapped, bow)


def test_who_to_call_names_heads_officers_and_neighbour_heads(mapped: FalkorDBEngine) -> None:
    calls = who_to_call(mapped, 125.02, 46.02)
    assert [(c.uid, c.role, c.cell) for c in calls.contacts] == [
        ("p-head-c1", "head", "c1"),
        ("p-head-c2", "safety_supervisor", "c1"),
        ("p-head-c2", "neighbour_head", "c2"),
    ]


def test_the_index_agrees_with_brute_force() -> None:
    rows = [
        {
            "uid": f"c{i}",
            "kind": "Cell",
            "name": "",
            "cell": None,
            "geometry": to_geojson(box(i, 0, i + 1, 1)),
        }
        for i in range(20)
    ]
    index = SpatialIndex(rows)
    for x in (0.5, 3.25, 19.9):
        assert [index.locate(x, 0.5, 0).cell.uid] == index.brute_force(x, 0.5)  # type: ignore[union-attr]
