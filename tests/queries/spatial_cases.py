"""Hand-built territories for the four spatial coverage rules, planted on the clean grid of
tests/queries/test_coverage.py (net-l4 with cells c1 and c2; eq1 and hz1 in c1, a1 in c2).

The map: net-l4 is the box 125.0–125.2 E × 46.0–46.1 N; c1 its west half with a hole, c2 its
east half; so the case uids and their answers are known by construction.
"""

from __future__ import annotations

from typing import Any

from shapely.geometry import Polygon, box

from graph.engine import Engine
from graph.geometry import territory_properties
from tests.queries.factories import add_cell, add_hazard, add_object, link

NET = box(125.0, 46.0, 125.2, 46.1)
HOLE = box(125.04, 46.04, 125.06, 46.06)
C1 = Polygon(box(125.0, 46.0, 125.1, 46.1).exterior.coords, [HOLE.exterior.coords])
C2 = box(125.1, 46.0, 125.2, 46.1)


def set_territory(e: Engine, uid: str, geom: Any) -> None:
    e.run(
        "MATCH (n:GridNode {uid: $uid}) SET n += $props",
        {"uid": uid, "props": territory_properties(geom)},
    )


def set_position(e: Engine, uid: str, lon: float | None, lat: float | None) -> None:
    e.run(
        "MATCH (n:GridNode {uid: $uid}) SET n.lon = $lon, n.lat = $lat",
        {"uid": uid, "lon": lon, "lat": lat},
    )


def map_grid(e: Engine) -> None:
    """Put the clean grid on the map: nothing is outside, overlapping, bare or unplaced."""
    set_territory(e, "net-l4", NET)
    set_territory(e, "c1", C1)
    set_territory(e, "c2", C2)
    set_territory(e, "a1", box(125.15, 46.02, 125.17, 46.04))
    set_position(e, "eq1", 125.02, 46.02)
    set_position(e, "hz1", 125.03, 46.05)


def objects_outside_cell(e: Engine) -> None:
    map_grid(e)
    add_object(e, "Equipment", "eq-in-c2", cell="c1")
    set_position(e, "eq-in-c2", 125.15, 46.05)
    add_object(e, "Equipment", "eq-in-hole", cell="c1")
    set_position(e, "eq-in-hole", 125.05, 46.05)
    add_object(e, "Equipment", "eq-on-edge", cell="c1")
    set_position(e, "eq-on-edge", 125.1, 46.05)
    add_object(e, "RiskPoint", "rp-at-eq-in-c2", cell="c1")
    link(e, "RiskPoint", "AT", "Equipment", "rp-at-eq-in-c2", "eq-in-c2")
    add_object(e, "RiskPoint", "rp-own-inside", cell="c1")
    link(e, "RiskPoint", "AT", "Equipment", "rp-own-inside", "eq-in-c2")
    set_position(e, "rp-own-inside", 125.01, 46.01)
    add_object(e, "Area", "a-straddling", cell="c2")
    set_territory(e, "a-straddling", box(125.09, 46.07, 125.12, 46.09))
    add_hazard(e, "hz-far", cell="c1", found_on="2026-10-01", deadline="2026-12-01")
    set_position(e, "hz-far", 126.0, 47.0)


def overlapping_cells(e: Engine) -> None:
    map_grid(e)
    add_cell(e, "c3", net="net-l4")
    set_territory(e, "c3", box(125.09, 46.09, 125.095, 46.2))
    add_cell(e, "c4", net="net-l4")
    set_territory(e, "c4", box(125.0, 46.1, 125.05, 46.2))


def territory_not_covered(e: Engine) -> None:
    map_grid(e)
    set_territory(e, "net-l4", box(125.0, 46.0, 125.25, 46.1))
    set_territory(e, "net-l3", box(125.0, 46.0, 125.25, 46.1))


def objects_without_position(e: Engine) -> None:
    map_grid(e)
    add_object(e, "Equipment", "eq-unplaced", cell="c1")
    add_object(e, "Area", "a-unplaced", cell="c2")
    add_object(e, "WorkItem", "wi-never-placed", cell="c2")


SPATIAL_CASES: dict[str, tuple[Any, list[str]]] = {
    "object_outside_cell": (
        objects_outside_cell,
        ["a-straddling", "eq-in-c2", "eq-in-hole", "hz-far", "rp-at-eq-in-c2"],
    ),
    "overlapping_cells": (overlapping_cells, ["c1", "c3"]),
    "territory_not_covered": (territory_not_covered, ["net-l4"]),
    "object_without_position": (objects_without_position, ["a-unplaced", "eq-unplaced"]),
}
"""rule → (what to plant on the clean grid, the uids the rule must report)."""
