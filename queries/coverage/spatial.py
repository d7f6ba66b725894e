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

import numpy as np
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


def _shapes(texts: list[str]) -> Any:
    """Many GeoJSON texts parsed in one call (an array of geometries): the same geometries as
    :func:`_shape` gives one by one (checked on every territory of a scale-10 seed), about
    four times faster."""
    return shapely.from_geojson(texts)


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
    # One row per object and cell, as the object's links to its cell counted once before.
    by_cell: dict[str, dict[str, Row]] = {}
    for row in objects:
        by_cell.setdefault(row["cell"], {}).setdefault(row["uid"], row)
    found: list[Row] = []
    for cell in cells:
        if cell["cell"] not in by_cell:
            continue
        territory = _shape(cell["territory"])
        shapely.prepare(territory)
        for obj in by_cell.pop(cell["cell"]).values():
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
    territories = _shapes([row["territory"] for row in boxed])
    x0, y0, x1, y1 = zip(*(row["box"] for row in boxed), strict=True)
    covered = shapely.covers(territories, shapely.box(x0, y0, x1, y1))
    return {row["cell"] for row, ok in zip(boxed, covered, strict=True) if not ok}


def overlapping(engine: Engine, rows: list[Row], bindings: dict[str, Any]) -> list[Row]:
    """Cells in scope whose territory overlaps another cell's by more than the tolerance.

    Every intersecting pair is found in one tree query and intersected in one call; only the
    pieces with an area (not the shared edges of neighbours) are measured.
    """
    if not rows:
        return []
    shapes = _shapes([row["detail"]["territory"] for row in rows])
    left, right = STRtree(shapes).query(shapes, predicate="intersects")
    in_scope = np.array([bool(row["detail"]["in_scope"]) for row in rows])
    pair = (left != right) & in_scope[left]
    left, right = left[pair], right[pair]
    pieces = shapely.intersection(shapes[left], shapes[right])
    solid = shapely.area(pieces) > 0
    others: dict[int, list[str]] = {}
    for i, j, piece in zip(left[solid], right[solid], pieces[solid], strict=True):
        if area_m2(piece) > TOLERANCE_M2:
            others.setdefault(int(i), []).append(rows[int(j)]["uid"])
    return [rows[i] | {"detail": {"overlaps": sorted(others[i])}} for i in sorted(others)]


def not_covered(engine: Engine, rows: list[Row], bindings: dict[str, Any]) -> list[Row]:
    """Nets with mapped children whose union leaves part of the net's territory bare."""
    mapped = [row for row in rows if row["detail"]["parts"]]
    territories = _shapes([row["detail"]["territory"] for row in mapped])
    parts = _shapes([part for row in mapped for part in row["detail"]["parts"]])
    found: list[Row] = []
    start = 0
    for row, territory in zip(mapped, territories, strict=True):
        end = start + len(row["detail"]["parts"])
        bare = territory.difference(unary_union(list(parts[start:end])))
        start = end
        if (m2 := area_m2(bare)) > TOLERANCE_M2:
            share = round(bare.area / territory.area, 4) if territory.area else 1.0
            found.append(row | {"detail": {"uncovered_m2": round(m2), "uncovered_share": share}})
    return found


JUDGES: dict[str, Judge] = {
    "object_outside_cell": outside_cell,
    "overlapping_cells": overlapping,
    "territory_not_covered": not_covered,
}
