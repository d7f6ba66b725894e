"""object_outside_cell where its statement filters by box: the engine leaves out what lies
certainly inside a cell's bounding box, which is exact only for a territory that covers its
box, so these cases sit on and just beyond the box's edges, in the notch of a cell that is
not a rectangle, and on both sides of a dated move (an AT link, a BELONGS_TO link)."""

from __future__ import annotations

import pytest
from shapely.geometry import Polygon, box

from graph.falkordb_engine import FalkorDBEngine
from queries.coverage import GapReport, gaps
from tests.queries.factories import add_cell, add_hazard, add_net_chain, add_object, link
from tests.queries.spatial_cases import set_position, set_territory

RULE = "object_outside_cell"
TODAY = "2026-11-15"
BOX = box(125.0, 46.0, 125.1, 46.1)
ELL = Polygon(
    [(125.1, 46.0), (125.3, 46.0), (125.3, 46.05), (125.2, 46.05), (125.2, 46.1), (125.1, 46.1)]
)
"""An L: its bounding box 125.1–125.3 × 46.0–46.1 holds a notch (x > 125.2, y > 46.05)."""


@pytest.fixture
def cells(engine: FalkorDBEngine) -> FalkorDBEngine:
    chain = add_net_chain(engine, "net", heads=False)
    add_cell(engine, "c-box", net=chain.l4)
    set_territory(engine, "c-box", BOX)
    add_cell(engine, "c-ell", net=chain.l4)
    set_territory(engine, "c-ell", ELL)
    return engine


def _point(e: FalkorDBEngine, label: str, uid: str, cell: str, lon: float, lat: float) -> None:
    add_object(e, label, uid, cell=cell)
    set_position(e, uid, lon, lat)


def _area(e: FalkorDBEngine, uid: str, cell: str, territory: Polygon) -> None:
    add_object(e, "Area", uid, cell=cell)
    set_territory(e, uid, territory)


def _run(e: FalkorDBEngine, as_of: str = TODAY, net: str | None = None) -> GapReport:
    return gaps(e, [RULE], net, today=TODAY, as_of=as_of)


def test_edges_of_a_rectangular_cell(cells: FalkorDBEngine) -> None:
    e = cells
    _point(e, "Equipment", "eq-inside", "c-box", 125.05, 46.05)
    _point(e, "Equipment", "eq-on-edge", "c-box", 125.1, 46.05)
    _point(e, "Equipment", "eq-in-margin", "c-box", 125.0999995, 46.0000005)
    _point(e, "Equipment", "eq-just-out", "c-box", 125.1000001, 46.05)
    _point(e, "Equipment", "eq-below", "c-box", 125.05, 45.9999999)
    add_hazard(e, "hz-out", cell="c-box", found_on="2026-10-01", deadline="2026-12-01")
    set_position(e, "hz-out", 124.9, 46.05)
    _area(e, "a-touching", "c-box", box(125.08, 46.08, 125.1, 46.1))
    _area(e, "a-crossing", "c-box", box(125.08, 46.08, 125.1000001, 46.1))
    add_object(e, "RiskPoint", "rp-at-crossing", cell="c-box")
    link(e, "RiskPoint", "AT", "Area", "rp-at-crossing", "a-crossing")
    add_object(e, "RiskPoint", "rp-at-out", cell="c-box")
    link(e, "RiskPoint", "AT", "Equipment", "rp-at-out", "eq-just-out")
    add_object(e, "RiskPoint", "rp-own-inside", cell="c-box", lon=125.01, lat=46.01)
    link(e, "RiskPoint", "AT", "Equipment", "rp-own-inside", "eq-just-out")
    add_object(e, "RiskPoint", "rp-own-outside", cell="c-box", lon=125.2, lat=46.01)
    link(e, "RiskPoint", "AT", "Equipment", "rp-own-outside", "eq-inside")
    report = _run(e)
    assert report.uids(RULE) == [
        "a-crossing",
        "eq-below",
        "eq-just-out",
        "hz-out",
        "rp-at-out",
        "rp-own-outside",
    ]
    detail = {f.uid: f.detail for f in report.findings}
    assert detail["rp-at-out"] == {"distance_m": 0.0, "lon": 125.1000001, "lat": 46.05}
    assert detail["rp-own-outside"]["lon"] == 125.2


def test_a_cell_that_is_not_its_box_has_every_object_tested(cells: FalkorDBEngine) -> None:
    e = cells
    _point(e, "Equipment", "eq-in-notch", "c-ell", 125.25, 46.08)
    _point(e, "Equipment", "eq-in-ell", "c-ell", 125.15, 46.08)
    _area(e, "a-in-notch", "c-ell", box(125.22, 46.06, 125.24, 46.07))
    add_object(e, "RiskPoint", "rp-at-notch-area", cell="c-ell")
    link(e, "RiskPoint", "AT", "Area", "rp-at-notch-area", "a-in-notch")
    add_object(e, "RiskPoint", "rp-at-ell", cell="c-ell")
    link(e, "RiskPoint", "AT", "Equipment", "rp-at-ell", "eq-in-ell")
    _point(e, "Equipment", "eq-box-inside", "c-box", 125.05, 46.05)
    expected = ["a-in-notch", "eq-in-notch", "rp-at-notch-area"]
    assert _run(e).uids(RULE) == expected
    assert _run(e, net="c-ell").uids(RULE) == expected
    assert _run(e, net="c-box").uids(RULE) == []


def test_a_risk_point_moved_to_another_target_is_judged_where_it_was(
    cells: FalkorDBEngine,
) -> None:
    """AT is dated: inside until 1 June (its area), outside from then (equipment across the
    box's edge); a risk point whose only AT link has ended has no position."""
    e = cells
    _area(e, "a-home", "c-box", box(125.02, 46.02, 125.03, 46.03))
    _point(e, "Equipment", "eq-away", "c-box", 125.5, 46.05)
    add_object(e, "RiskPoint", "rp-moved", cell="c-box")
    link(e, "RiskPoint", "AT", "Area", "rp-moved", "a-home", until="2026-06-01")
    link(e, "RiskPoint", "AT", "Equipment", "rp-moved", "eq-away", since="2026-06-01")
    add_object(e, "RiskPoint", "rp-ended", cell="c-box")
    link(e, "RiskPoint", "AT", "Equipment", "rp-ended", "eq-away", until="2026-06-01")
    assert _run(e, as_of="2026-05-01").uids(RULE) == ["eq-away", "rp-ended"]
    assert _run(e).uids(RULE) == ["eq-away", "rp-moved"]


def test_an_object_moved_between_cells_is_judged_against_the_cell_it_was_in(
    cells: FalkorDBEngine,
) -> None:
    e = cells
    add_object(e, "Equipment", "eq-moved")
    set_position(e, "eq-moved", 125.15, 46.02)
    link(e, "Equipment", "BELONGS_TO", "Cell", "eq-moved", "c-box", until="2026-06-01")
    link(e, "Equipment", "BELONGS_TO", "Cell", "eq-moved", "c-ell", since="2026-06-01")
    before = _run(e, as_of="2026-05-01")
    assert [(f.uid, f.cell) for f in before.findings] == [("eq-moved", "c-box")]
    assert _run(e).uids(RULE) == []
