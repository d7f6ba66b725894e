"""The ``GeoJSON`` scalar and the descriptions of the stored geometry properties every mapped
entity shares (territories and positions, graph/model/geography.py)."""

from __future__ import annotations

import json
from typing import Any, NewType

import strawberry

from graph.geometry import GeometryError, parse_geojson

GEOJSON_DESCRIPTION = (
    "A GeoJSON object (RFC 7946) in WGS84/CGCS2000 longitude–latitude degrees: a geometry "
    '(`{"type": "Polygon", "coordinates": [[[125.01, 46.52], …]]}`, `Point`, `MultiPolygon`, '
    "`LineString` for a pipeline's route) "
    "or a `FeatureCollection`. As input a geometry object (or its JSON text) is accepted; "
    "polygons must be valid (closed rings, no self-intersection)."
)


def _serialize(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _parse(value: Any) -> str:
    try:
        parse_geojson(value, ("Point", "Polygon", "MultiPolygon"))
    except GeometryError as exc:
        raise ValueError(f"GeoJSON: {exc}") from exc
    return value if isinstance(value, str) else json.dumps(value)


GeoJSON = strawberry.scalar(
    NewType("GeoJSON", object),
    name="GeoJSON",
    description=GEOJSON_DESCRIPTION,
    serialize=_serialize,
    parse_value=_parse,
)

TERRITORY_FIELDS: dict[str, str] = {
    "geometry": "Territory (辖区) as a GeoJSON Polygon/MultiPolygon; null when not mapped.",
    "min_lon": "West edge of the territory's bounding box (degrees).",
    "min_lat": "South edge of the territory's bounding box (degrees).",
    "max_lon": "East edge of the territory's bounding box (degrees).",
    "max_lat": "North edge of the territory's bounding box (degrees).",
}
"""Descriptions of the properties of a ``Territory`` (Net, Cell, MicroCell, Area)."""

POSITION_FIELDS: dict[str, str] = {
    "lon": "Longitude of its position (位置), WGS84 degrees; null when not placed.",
    "lat": "Latitude of its position, WGS84 degrees; null when not placed.",
}
"""Descriptions of the properties of a ``Positioned`` node (Equipment, RiskPoint, Hazard,
Problem)."""
