"""The spatial coverage rules' in-process step: each rule's statement reads territories and
positions (portable Cypher), and shapely decides what lies outside, overlaps or is bare.

``JUDGES`` maps a rule id to a function turning the statement's rows into finding rows
(``uid, labels, name, cell, net, detail``), as ``run`` expects of every rule; it is given
the engine for a rule that may need to read more (``outside_cell``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import shapely
from shapely.geometry import Point, shape
from shapely.ops import unary_union
from shapely.strtree import STRtree

from graph.engine import Engine, Row
from graph.geometry import METRES_PER_DEGREE, area_m2
from queries.cypher import cypher

TOLERANCE_M2 = 1.0
"""Overlaps and bare parts smaller than this are drawing noise, not gaps."""

type Judge = Callable[[Engine, list[Row], dict[str, Any]], list[Row]]


def _shape(text: str) -> Any:
    return shape(json.loads(text))


def outside_cell(engine: Engine, rows: list[Row], bindings: dict[str, Any]) -> list[Row]:
    """Objects whose position (or, for an area, territory) is not within their cell's.

    The statement (``coverage/object_outside_cell``) gives every mapped cell with the box its
    engine trusted, and only the objects not certainly inside that box. The box is only a
    safe filter where the territory covers it; the objects of any other cell are read again
    in full (``coverage/object_positions``), so the answer is that of testing every object.
    """
    cells = [row for row in rows if row["territory"] is not None]
    objects = [row for row in rows if row["territory"] is None]
    unsure = _boxes_not_covered(cells)
    if unsure:
        objects = [row for row in objects if row["cell"] not in unsure]
        objects += engine.run(
            cypher("coverage/object_positions"),
            {"cells": sorted(unsure), "at": bindings["at"]},
            readonly=True,
        )
    by_cell: dict[str, list[Row]] = {}
    for row in objects:
        by_cell.setdefault(row["cell"], []).append(row)
    found: list[Row] = []
    for cell in cells:
        if cell["cell"] not in by_cell:
            continue
        territory = _shape(cell["territory"])
        shapely.prepare(territory)
        for obj in by_cell.pop(cell["cell"]):
            kind = [label for label in obj["labels"] if label != "GridNode"]
            if obj["shape"] is not None and "Area" in kind:
                place = _shape(obj["shape"])
            elif obj["lon"] is not None:
                place = Point(obj["lon"], obj["lat"])
            else:
                place = _shape(obj["shape"]).representative_point()
            if territory.covers(place):
                continue
            detail: dict[str, Any] = {
                "distance_m": round(territory.distance(place) * METRES_PER_DEGREE, 1)
            }
            if isinstance(place, Point):
                detail |= {"lon": place.x, "lat": place.y}
            found.append(
                {
                    "uid": obj["uid"],
                    "labels": obj["labels"],
                    "name": obj["name"],
                    "cell": cell["cell"],
                    "net": None,
                    "detail": detail,
                }
            )
    return found


def _boxes_not_covered(cells: list[Row]) -> set[str]:
    """The cells whose territory does not cover the box the engine filtered by (a box that
    can hold no point filtered nothing)."""
    boxed = [
        row
        for row in cells
        if None not in row["box"]
        and row["box"][0] < row["box"][2]
        and row["box"][1] < row["box"][3]
    ]
    if not boxed:
        return set()
    territories = shapely.from_geojson([row["territory"] for row in boxed])
    x0, y0, x1, y1 = zip(*(row["box"] for row in boxed), strict=True)
    covered = shapely.covers(territories, shapely.box(x0, y0, x1, y1))
    return {row["cell"] for row, ok in zip(boxed, covered, strict=True) if not ok}


def overlapping(engine: Engine, rows: list[Row], bindings: dict[str, Any]) -> list[Row]:
    """Cells in scope whose territory overlaps another cell's by more than the tolerance."""
    shapes = [_shape(row["detail"]["territory"]) for row in rows]
    tree = STRtree(shapes)
    found: list[Row] = []
    for i, row in enumerate(rows):
        if not row["detail"]["in_scope"]:
            continue
        others = []
        for j in tree.query(shapes[i], predicate="intersects"):
            if j != i and area_m2(shapes[i].intersection(shapes[int(j)])) > TOLERANCE_M2:
                others.append(rows[int(j)]["uid"])
        if others:
            found.append(row | {"detail": {"overlaps": sorted(others)}})
    return found


def not_covered(engine: Engine, rows: list[Row], bindings: dict[str, Any]) -> list[Row]:
    """Nets with mapped children whose union leaves part of the net's territory bare."""
    found: list[Row] = []
    for row in rows:
        parts = row["detail"]["parts"]
        if not parts:
            continue
        territory = _shape(row["detail"]["territory"])
        bare = territory.difference(unary_union([_shape(p) for p in parts]))
        if (m2 := area_m2(bare)) > TOLERANCE_M2:
            share = round(bare.area / territory.area, 4) if territory.area else 1.0
            found.append(row | {"detail": {"uncovered_m2": round(m2), "uncovered_share": share}})
    return found


JUDGES: dict[str, Judge] = {
    "object_outside_cell": outside_cell,
    "overlapping_cells": overlapping,
    "territory_not_covered": not_covered,
}
