"""The grid on the map: which cell a point is in (``locate``), what lies inside a box or polygon
(``within``) and whom to call for an incident at a point (``who_to_call``).

Cell and micro-cell territories live in an in-process STRtree (shapely 2), one per engine,
rebuilt whenever a fingerprint of the mapped grid changes (``spatial/fingerprint``: counts,
highest revision and bounding boxes of the mapped units). Reading the fingerprint scans every
mapped unit (≈ 0.55 ms at scale 1, growing with the grid), so a call first reads the audit
trail's length from the engine's label counter (≈ 0.13 ms at any scale): every change made
through RedGrid writes an audit entry, and while that length stands still the index is used
as it is. The fingerprint is read again when the length moved, and at least every
``RECHECK_S`` seconds, which bounds how long a change made outside RedGrid (by hand, in the
engine) can go unseen; ``recheck_s=0`` reads it on every call. ``within`` filters by box in
Cypher on the stored numbers and tests the exact shape in process.
"""

from __future__ import annotations

import json
import math
import threading
import time
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry import Point, box, shape
from shapely.strtree import STRtree

from graph.engine import Engine
from graph.errors import FieldError, ValidationError
from graph.geometry import (
    LINE_TYPES,
    METRES_PER_DEGREE,
    GeometryError,
    check,
    metres_to_degrees,
    point,
)
from queries.clock import instant
from queries.cypher import cypher

DEFAULT_MARGIN_M = 25.0
"""A point closer than this to a cell boundary is ambiguous: every candidate is returned and
none chosen (a phone position is rarely better than 10–20 m)."""

NEIGHBOUR_M = 1.0
"""Cells within this distance of each other are neighbours (they share an edge)."""

KINDS = ("Equipment", "RiskPoint", "Hazard", "Problem")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A cell or micro-cell at or near the point: ``inside`` it or only near its boundary;
    ``edge_m`` is the distance from the point to the territory's boundary."""

    uid: str
    kind: str
    name: str
    inside: bool
    edge_m: float
    cell: str | None = None
    """For a micro-cell, its cell."""


@dataclass(frozen=True, slots=True)
class Location:
    """The answer of ``locate``: ``cell`` (and ``micro_cell`` where mapped) containing the
    point, or None when no cell does or the point is ``ambiguous`` — within ``margin_m`` of
    a boundary, where every candidate is listed and none is chosen."""

    lon: float
    lat: float
    cell: Candidate | None
    micro_cell: Candidate | None
    candidates: list[Candidate]
    ambiguous: bool
    margin_m: float


class SpatialIndex:
    """An STRtree over territories (rows of ``spatial/territories``).

    Example:
        >>> index = SpatialIndex([{"uid": "c1", "kind": "Cell", "name": "A", "cell": None,
        ...     "geometry": '{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}'}])
        >>> index.locate(0.5, 0.5).cell.uid
        'c1'
    """

    def __init__(self, rows: Sequence[dict[str, Any]]) -> None:
        self.rows = list(rows)
        self.shapes = [shape(json.loads(row["geometry"])) for row in self.rows]
        shapely.prepare(self.shapes)
        self.tree = STRtree(self.shapes)
        self.by_uid = {row["uid"]: i for i, row in enumerate(self.rows)}

    def __len__(self) -> int:
        return len(self.rows)

    def locate(self, lon: float, lat: float, margin_m: float = DEFAULT_MARGIN_M) -> Location:
        """The cell and micro-cell containing ``(lon, lat)`` (WGS84), or the candidates when
        the point is within ``margin_m`` of a boundary."""
        here = Point(lon, lat)
        reach = metres_to_degrees(margin_m, lat)
        hits = (
            self.tree.query(here, predicate="dwithin", distance=reach)
            if margin_m > 0
            else (self.tree.query(here, predicate="intersects"))
        )
        candidates = []
        for i in sorted(int(h) for h in hits):
            territory = self.shapes[i]
            row = self.rows[i]
            edge_m = float(territory.boundary.distance(here)) * _metres_per_degree(lat)
            candidates.append(
                Candidate(
                    row["uid"],
                    row["kind"],
                    row["name"] or "",
                    bool(territory.covers(here)),
                    round(edge_m, 2),
                    row.get("cell"),
                )
            )
        cells = [c for c in candidates if c.kind == "Cell"]
        ambiguous = len(cells) > 1 or any(c.edge_m < margin_m for c in cells)
        inside = [c for c in cells if c.inside]
        cell = inside[0] if inside and not ambiguous else None
        micro = [c for c in candidates if c.kind == "MicroCell" and c.inside]
        micro_cell = micro[0] if cell and len(micro) == 1 and micro[0].cell == cell.uid else None
        return Location(lon, lat, cell, micro_cell, candidates, ambiguous, margin_m)

    def brute_force(self, lon: float, lat: float) -> list[str]:
        """The cells containing the point, testing every territory (the bench's baseline)."""
        here = Point(lon, lat)
        return [
            row["uid"]
            for row, territory in zip(self.rows, self.shapes, strict=True)
            if row["kind"] == "Cell" and territory.covers(here)
        ]

    def neighbours(self, uid: str) -> list[str]:
        """The cells whose territory touches (or overlaps) the cell ``uid``'s."""
        if uid not in self.by_uid:
            return []
        i = self.by_uid[uid]
        reach = metres_to_degrees(NEIGHBOUR_M, self.shapes[i].centroid.y)
        hits = self.tree.query(self.shapes[i], predicate="dwithin", distance=reach)
        return sorted(
            self.rows[int(j)]["uid"]
            for j in hits
            if int(j) != i and self.rows[int(j)]["kind"] == "Cell"
        )


def _metres_per_degree(lat: float) -> float:
    """Metres per degree along a boundary, taken conservatively as longitude's at ``lat``."""
    return METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01)


RECHECK_S = 5.0
"""How long the index is trusted on the audit trail's word alone (module docstring)."""


@dataclass(slots=True)
class _Kept:
    """An index with what it was built from: the grid's fingerprint, the audit trail's
    length when the fingerprint was last read, and when (``time.monotonic``)."""

    fingerprint: tuple[Any, ...]
    changes: int
    checked: float
    index: SpatialIndex


_cache: weakref.WeakKeyDictionary[Engine, _Kept] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def spatial_index(engine: Engine, *, recheck_s: float = RECHECK_S) -> SpatialIndex:
    """The index of the mapped grid as it is now (module docstring): one counter read per
    call while nothing was changed through RedGrid, the grid's fingerprint when something
    was or ``recheck_s`` has passed, and a rebuild when the fingerprint moved."""
    changes = int(engine.run(cypher("cache/count_audit_entries"), {}, readonly=True)[0]["n"])
    with _lock:
        kept = _cache.get(engine)
        if (
            kept is not None
            and kept.changes == changes
            and time.monotonic() - kept.checked < recheck_s
        ):
            return kept.index
    checked = time.monotonic()
    rows = engine.run(cypher("spatial/fingerprint"), {}, readonly=True)
    fingerprint = tuple(tuple(r.values()) for r in rows)
    if kept is not None and kept.fingerprint == fingerprint:
        index = kept.index
    else:
        at = instant(None)
        index = SpatialIndex(engine.run(cypher("spatial/territories"), {"at": at}, readonly=True))
    with _lock:
        _cache[engine] = _Kept(fingerprint, changes, checked, index)
    return index


def locate(
    engine: Engine,
    lon: float,
    lat: float,
    *,
    crs: str | None = None,
    margin_m: float = DEFAULT_MARGIN_M,
) -> Location:
    """The cell (and micro-cell where mapped) containing the point; ambiguous near a boundary.

    ``crs`` names the coordinates' system (WGS84 by default; ``GCJ02`` positions from
    Chinese map apps are converted first).

    Raises:
        ValidationError: coordinates off the map, an unknown CRS, a negative margin.
    """
    here = _point(lon, lat, crs)
    if margin_m < 0:
        raise ValidationError("locate", [FieldError("margin", f"must be ≥ 0, not {margin_m}")])
    return spatial_index(engine).locate(here.x, here.y, margin_m)


def _point(lon: float, lat: float, crs: str | None) -> Any:
    try:
        return point(lon, lat, crs)
    except GeometryError as exc:
        raise ValidationError("position", [FieldError("lon/lat", str(exc))]) from exc


@dataclass(frozen=True, slots=True)
class Placed:
    """A thing inside the area asked about: ``grade`` is the risk grade of a risk point, the
    severity of a hazard, the scale of a problem, the category of a device."""

    uid: str
    kind: str
    name: str
    lon: float
    lat: float
    grade: str | None
    status: str | None


@dataclass(frozen=True, slots=True)
class Inside:
    """What ``within`` found, sorted by kind then uid, with counts by kind and by grade."""

    items: list[Placed]
    counts: dict[str, int] = field(default_factory=dict)
    grades: dict[str, dict[str, int]] = field(default_factory=dict)


def within(
    engine: Engine,
    area: Any,
    kinds: Iterable[str] | None = None,
) -> Inside:
    """The equipment, risk points, hazards and problems inside ``area``: a shapely polygon
    (checked) or a box ``(west, south, east, north)``. A point on the edge is inside; a device
    with a route (a pipeline's line) is inside when the route crosses the area, placed where
    it does.

    Raises:
        ValidationError: an invalid polygon or box, or an unknown kind.
    """
    wanted = tuple(kinds) if kinds is not None else KINDS
    if unknown := [k for k in wanted if k not in KINDS]:
        raise ValidationError(
            "within", [FieldError("kinds", f"unknown {unknown}; known: {', '.join(KINDS)}")]
        )
    try:
        region = check(box(*area) if isinstance(area, tuple | list) else area)
    except (GeometryError, TypeError, ValueError) as exc:
        raise ValidationError("within", [FieldError("area", str(exc))]) from exc
    shapely.prepare(region)
    west, south, east, north = region.bounds
    rows = engine.run(
        cypher("spatial/within"),
        {"west": west, "south": south, "east": east, "north": north},
        readonly=True,
    )
    items = []
    for row in rows:
        if row["kind"] not in wanted:
            continue
        if row["lon"] is None:
            outline = shape(json.loads(row["shape"]))
            if outline.geom_type in LINE_TYPES:  # a route crossing the area: where it does
                crossing = region.intersection(outline)
                spot = outline if crossing.is_empty else crossing.representative_point()
            else:
                spot = outline.representative_point()
        else:
            spot = Point(row["lon"], row["lat"])
        if region.covers(spot):
            items.append(
                Placed(
                    row["uid"],
                    row["kind"],
                    row["name"] or "",
                    spot.x,
                    spot.y,
                    row["grade"],
                    row["status"],
                )
            )
    items.sort(key=lambda p: (KINDS.index(p.kind), p.uid))
    counts: dict[str, int] = {}
    grades: dict[str, dict[str, int]] = {}
    for item in items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
        if item.grade is not None:
            by_grade = grades.setdefault(item.kind, {})
            by_grade[item.grade] = by_grade.get(item.grade, 0) + 1
    return Inside(items, counts, grades)


@dataclass(frozen=True, slots=True)
class Contact:
    """A person to call and why: ``role`` is ``head``, an officer role, or
    ``neighbour_head`` for the head of a neighbouring cell."""

    uid: str
    name: str
    role: str
    cell: str


@dataclass(frozen=True, slots=True)
class CallList:
    """Whom to call for an incident at a point, the cells they come from first."""

    location: Location
    contacts: list[Contact]


def who_to_call(
    engine: Engine,
    lon: float,
    lat: float,
    *,
    crs: str | None = None,
    margin_m: float = DEFAULT_MARGIN_M,
) -> CallList:
    """The heads and officers of the cell at the point (of every candidate when ambiguous),
    then the heads of the neighbouring cells. One statement besides ``locate``'s."""
    here = _point(lon, lat, crs)
    index = spatial_index(engine)
    where = index.locate(here.x, here.y, margin_m)
    own = [c.uid for c in where.candidates if c.kind == "Cell" and (c.inside or where.ambiguous)]
    near = sorted({n for uid in own for n in index.neighbours(uid)} - set(own))
    if not own:
        return CallList(where, [])
    rows = engine.run(
        cypher("spatial/who_to_call"), {"cells": own + near, "at": instant(None)}, readonly=True
    )
    by_cell = {row["cell"]: row for row in rows}
    contacts: list[Contact] = []
    for uid in own:
        row = by_cell.get(uid, {"heads": [], "officers": []})
        contacts += [Contact(h["uid"], h["name"], "head", uid) for h in row["heads"] if h]
        contacts += [
            Contact(o["uid"], o["name"], o["role"], uid)
            for o in sorted((o for o in row["officers"] if o), key=lambda o: (o["role"], o["uid"]))
        ]
    for uid in near:
        row = by_cell.get(uid, {"heads": []})
        contacts += [Contact(h["uid"], h["name"], "neighbour_head", uid) for h in row["heads"] if h]
    return CallList(where, contacts)
