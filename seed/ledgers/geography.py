"""Where a ledger row lies (issue 13): the ``geometry`` column of territories (nets, cells,
micro-cells, areas) as GeoJSON or WKT, and the ``lon``/``lat`` columns of positioned rows
(equipment, risk points, hazards, problems), in WGS84/CGCS2000 degrees. The bounding box
stored beside a territory is derived on every write (``graph.schema``), never a column."""

from __future__ import annotations

from typing import Any

from graph.geometry import LINE_TYPES, GeometryError, parse_text, to_geojson
from graph.schema import BOX_PROPERTIES

HEADERS: dict[str, tuple[str, ...]] = {
    "geometry": (
        "territory: a GeoJSON Polygon/MultiPolygon or WKT (POLYGON ((lon lat, …))), "
        "WGS84/CGCS2000 degrees; valid (closed rings, no self-intersection)",
        "边界坐标",
        "边界",
        "范围坐标",
        "几何",
        "wkt",
        "geojson",
    ),
    "line": (
        "route of a linear asset such as a pipeline: a GeoJSON LineString/MultiLineString or "
        "WKT (LINESTRING (lon lat, …)), WGS84/CGCS2000 degrees",
        "线路走向",
        "走向",
        "管线坐标",
    ),
    "lon": ("longitude of its position, WGS84/CGCS2000 degrees (−180…180)", "经度", "longitude"),
    "lat": ("latitude of its position, WGS84/CGCS2000 degrees (−90…90)", "纬度", "latitude"),
}
"""Meaning, Chinese header and aliases of the geography columns."""

DERIVED = frozenset(BOX_PROPERTIES)
"""Stored properties that are not columns: the box is derived from the territory."""

_RANGE = {"lon": 180.0, "lat": 90.0}


def territory_text(value: Any) -> str:
    """A territory cell (GeoJSON or WKT) as the GeoJSON text stored.

    Raises:
        ValueError: unreadable, not a polygon, off the map, or invalid (self-intersecting,
            unclosed ring, a hole outside its shell), naming the reason.
    """
    try:
        return to_geojson(parse_text(str(value)))
    except GeometryError as exc:
        raise ValueError(f"territory: {exc}") from exc


def line_text(value: Any) -> str:
    """A route cell (GeoJSON or WKT LineString/MultiLineString) as the GeoJSON text stored.

    Raises:
        ValueError: unreadable, not a line, off the map, or fewer than two distinct points.
    """
    try:
        return to_geojson(parse_text(str(value), LINE_TYPES))
    except GeometryError as exc:
        raise ValueError(f"line: {exc}") from exc


def coordinate(name: str, value: Any) -> Any:
    """A ``lon`` or ``lat`` cell, refused off the map (a swapped pair is the usual cause)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value  # not a number: the schema's validation says so, in its words
    if abs(number) > _RANGE[name]:
        raise ValueError(
            f"{name} {number} is off the map (−{_RANGE[name]:g}…{_RANGE[name]:g}; "
            "longitude and latitude swapped?)"
        )
    return number
