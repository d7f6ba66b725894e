"""A net's cells as a map layer (``map_layer``): each cell's territory simplified for a web-map
zoom, with what belongs to it counted, its worst risk grade, its overdue hazards and its gap
flags; and the accountability chain above a cell (``cell_chain``) for a located point.

One statement reads the layer (``spatial/map_layer``); the shapes, flags and counts are decided
in process with shapely, so the layer of a level-3 net stays well under the 200 ms target.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry import Point, mapping, shape

from graph.engine import Engine
from graph.enums import RiskGrade
from graph.errors import FieldError, NotFoundError, ValidationError
from graph.geometry import metres_to_degrees
from queries.accountability import Link, _head_links, _heads_by_unit, _net_links
from queries.clock import instant
from queries.cypher import cypher
from queries.views import Gap

MIN_ZOOM, MAX_ZOOM = 0, 22
"""Web-map zoom levels (0: the world in one 256-pixel tile)."""

GRADE_ORDER = [g.value for g in RiskGrade]
"""Risk grades, worst first (red, orange, yellow, blue)."""

OVERLAP_M2 = 1.0
"""Cells sharing more than this area overlap (the coverage rules' tolerance)."""

GAP_FLAGS = ("unmapped", "no_head", "overlapping", "object_outside", "object_without_position")
"""The gap flags a cell of the layer may carry, in this order."""


def tolerance(zoom: int) -> float:
    """Degrees one pixel spans at ``zoom`` (256-pixel tiles): the simplification tolerance,
    so a simplified outline differs from the stored one by under a pixel.

    Example:
        >>> round(tolerance(10), 6)
        0.001373
    """
    if not MIN_ZOOM <= zoom <= MAX_ZOOM:
        raise ValidationError(
            "mapLayer", [FieldError("zoom", f"must be {MIN_ZOOM}…{MAX_ZOOM}, not {zoom}")]
        )
    return 360.0 / (256 * 2**zoom)


@dataclass(frozen=True, slots=True)
class CellFeature:
    """One cell of the layer: ``geometry`` (GeoJSON dict, simplified; None when unmapped),
    ``counts`` by kind, ``worst_grade`` of its risk points, ``overdue_hazards`` and ``gaps``
    (flags from :data:`GAP_FLAGS`)."""

    uid: str
    name: str
    geometry: dict[str, Any] | None
    heads: int
    counts: dict[str, int]
    worst_grade: str | None
    overdue_hazards: int
    open_problems: int
    gaps: list[str]

    def feature(self) -> dict[str, Any]:
        """The cell as a GeoJSON Feature."""
        return {
            "type": "Feature",
            "id": self.uid,
            "geometry": self.geometry,
            "properties": {
                "uid": self.uid,
                "name": self.name,
                "heads": self.heads,
                "counts": self.counts,
                "worstGrade": self.worst_grade,
                "overdueHazards": self.overdue_hazards,
                "openProblems": self.open_problems,
                "gaps": self.gaps,
            },
        }


@dataclass(frozen=True, slots=True)
class MapLayer:
    """The cells of one net's subtree at ``at``, simplified for ``zoom``."""

    net: str
    zoom: int
    at: str
    cells: list[CellFeature] = field(default_factory=list)

    def feature_collection(self, visible: frozenset[str] | None = None) -> dict[str, Any]:
        """The layer as a GeoJSON FeatureCollection, only the cells in ``visible`` (None: all)."""
        return {
            "type": "FeatureCollection",
            "features": [c.feature() for c in self.cells if visible is None or c.uid in visible],
        }


def map_layer(engine: Engine, net: str, zoom: int, as_of: str | None = None) -> MapLayer:
    """The map layer of net ``net``: its cells (every cell below it, now or as of ``as_of``).

    Raises:
        NotFoundError: no net ``net``.
        ValidationError: a zoom outside 0…22.
    """
    step = tolerance(zoom)
    at = instant(as_of)
    today = at[:10]
    rows = engine.run(cypher("spatial/map_layer"), {"net": net, "at": at}, readonly=True)
    if not rows and not engine.run(
        "MATCH (n:Net {uid: $uid}) RETURN n.uid AS uid", {"uid": net}, readonly=True
    ):
        raise NotFoundError(net)
    shapes = [shape(json.loads(r["geometry"])) if r["geometry"] else None for r in rows]
    overlapping = _overlapping(shapes)
    cells = []
    for i, (row, territory) in enumerate(zip(rows, shapes, strict=True)):
        cells.append(_feature(row, territory, step, today, i in overlapping))
    return MapLayer(net, zoom, at, cells)


def _overlapping(shapes: list[Any]) -> set[int]:
    """Indexes of the territories that share more than :data:`OVERLAP_M2` with another."""
    mapped = [(i, s) for i, s in enumerate(shapes) if s is not None]
    if not mapped:
        return set()
    tree = shapely.STRtree([s for _, s in mapped])
    found: set[int] = set()
    for a, b in zip(*tree.query([s for _, s in mapped], predicate="intersects"), strict=True):
        if a >= b:
            continue
        (i, first), (j, second) = mapped[int(a)], mapped[int(b)]
        shared = first.intersection(second)
        lat = shared.centroid.y if not shared.is_empty else 0.0
        if shared.area > OVERLAP_M2 * metres_to_degrees(1.0, lat) ** 2:
            found |= {i, j}
    return found


def _feature(
    row: dict[str, Any], territory: Any, step: float, today: str, overlapping: bool
) -> CellFeature:
    equipment, areas, hazards = row["equipment"], row["areas"], row["hazards"]
    risk_points, problems = row["risk_points"], row["problems"]
    gaps = []
    if territory is None:
        gaps.append("unmapped")
    if row["heads"] == 0:
        gaps.append("no_head")
    if overlapping:
        gaps.append("overlapping")
    placed = [p for p in [*equipment, *hazards, *problems] if p["lon"] is not None]
    if territory is not None and any(
        not territory.covers(Point(p["lon"], p["lat"])) for p in placed
    ):
        gaps.append("object_outside")
    if any(e["lon"] is None for e in equipment) or any(a["min_lon"] is None for a in areas):
        gaps.append("object_without_position")
    grades = {rp["grade"] for rp in risk_points}
    worst = next((g for g in GRADE_ORDER if g in grades), None)
    overdue = sum(
        1
        for h in hazards
        if (h["found_on"] or "") <= today
        and h["deadline"] is not None
        and h["deadline"] < today
        and (h["closed_on"] is None or h["closed_on"] > today)
    )
    outline = None
    if territory is not None:
        outline = mapping(territory.simplify(step, preserve_topology=True))
    return CellFeature(
        uid=row["uid"],
        name=row["name"] or "",
        geometry=_plain(outline),
        heads=row["heads"],
        counts={
            "Equipment": len(equipment),
            "Area": len(areas),
            "RiskPoint": len(risk_points),
            "Hazard": len(hazards),
            "Problem": len(problems),
        },
        worst_grade=worst,
        overdue_hazards=overdue,
        open_problems=sum(1 for p in problems if p["status"] not in ("resolved", "closed")),
        gaps=[g for g in GAP_FLAGS if g in gaps],
    )


def _plain(geometry: Any) -> dict[str, Any] | None:
    """shapely's mapping (tuples) as plain JSON lists, coordinates rounded to 1e-7° (~1 cm)."""
    if geometry is None:
        return None
    plain: dict[str, Any] = json.loads(json.dumps(geometry))

    def rounded(value: Any) -> Any:
        if isinstance(value, list):
            return [rounded(v) for v in value]
        return round(value, 7) if isinstance(value, float) else value

    plain["coordinates"] = rounded(plain["coordinates"])
    return plain


@dataclass(frozen=True, slots=True)
class CellChain:
    """The chain above a cell: the cell, its heads, every net above with its heads, and
    where it breaks."""

    cell: str
    at: str
    chain: list[Link]
    gaps: list[Gap]


def cell_chain(engine: Engine, cell: str, as_of: str | None = None) -> CellChain:
    """The accountability chain above cell ``cell`` (the tail of a trace from anything in it).

    Raises:
        NotFoundError: no cell ``cell``.
    """
    at = instant(as_of)
    rows = engine.run(cypher("spatial/cell_chain"), {"cell": cell, "at": at}, readonly=True)
    if not rows:
        raise NotFoundError(cell)
    row = rows[0]
    gaps: list[Gap] = []
    chain = [Link("cell", row["uid"], row["name"] or "", "Cell", "hierarchy")]
    heads = _heads_by_unit(row["heads"])
    chain += _head_links(
        "cell_head", row["uid"], heads.get(row["uid"], []), gaps, "cell_without_head"
    )
    chain += _net_links(row["nets"], heads, gaps, row["uid"])
    return CellChain(row["uid"], at, chain, gaps)
