"""Geometry stored portably: territories as GeoJSON text with a numeric bounding box, positions
as numeric ``lon``/``lat``, in CGCS2000/WGS84 degrees (the two agree to well under a metre).

Both engines filter by box in Cypher on the numeric properties; exact work (point in polygon,
overlaps, holes) is done in process with shapely. This module parses and checks geometry from
any way in (GeoJSON, WKT, lon/lat pairs, GCJ-02 phone positions) and derives the stored
properties, so every writer stores the same shape.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection
from typing import Any, Literal

import numpy as np
import shapely
from neomodel import StringProperty
from neomodel.properties import validator
from shapely.geometry import Point, mapping, shape
from shapely.geometry.base import BaseGeometry

type Crs = Literal["WGS84", "CGCS2000", "GCJ02"]

CRS_NAMES: dict[str, Crs] = {
    "wgs84": "WGS84",
    "epsg:4326": "WGS84",
    "urn:ogc:def:crs:ogc:1.3:crs84": "WGS84",
    "cgcs2000": "CGCS2000",
    "epsg:4490": "CGCS2000",
    "gcj02": "GCJ02",
    "gcj-02": "GCJ02",
}
"""Names a ledger or GeoJSON ``crs`` may use, lower-cased, to the CRS they mean."""

TERRITORY_TYPES = ("Polygon", "MultiPolygon")
POINT_TYPES = ("Point",)
LINE_TYPES = ("LineString", "MultiLineString")
"""The route of a linear asset (a pipeline), stored beside its point (issue 13)."""
METRES_PER_DEGREE = 111_320.0
"""Length of one degree of latitude (and of longitude at the equator), for rough distances."""


class GeometryError(ValueError):
    """Geometry that cannot be stored: unreadable, of the wrong kind, invalid or off the map."""


# --- reading ------------------------------------------------------------------------------


def parse_geojson(value: str | dict[str, Any], kinds: tuple[str, ...] = TERRITORY_TYPES) -> Any:
    """A checked shapely geometry from GeoJSON text or a GeoJSON geometry (or Feature) dict.

    Raises:
        GeometryError: not GeoJSON, not one of ``kinds``, coordinates off the map, or an
            invalid polygon (self-intersecting, unclosed ring ...), naming the reason.

    Example:
        >>> parse_geojson('{"type": "Point", "coordinates": [125.0, 46.5]}', ("Point",)).x
        125.0
    """
    data = value
    if isinstance(value, str):
        try:
            data = json.loads(value)
        except json.JSONDecodeError as exc:
            raise GeometryError(f"not GeoJSON: {exc.msg} at character {exc.pos}") from exc
    if not isinstance(data, dict):
        raise GeometryError("not GeoJSON: expected an object with 'type' and 'coordinates'")
    if data.get("type") == "Feature":
        data = data.get("geometry") or {}
    kind = data.get("type")
    if kind not in kinds:
        raise GeometryError(f"a {kind or 'value without a type'} where {' or '.join(kinds)} fits")
    try:
        geom = shape(data)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise GeometryError(f"unreadable {kind} coordinates: {exc}") from exc
    return check(geom)


def parse_wkt(text: str, kinds: tuple[str, ...] = TERRITORY_TYPES) -> Any:
    """A checked geometry from well-known text (``POLYGON ((lon lat, ...))``)."""
    try:
        geom = shapely.from_wkt(text.strip())
    except Exception as exc:
        raise GeometryError(f"not WKT: {exc}") from exc
    if geom.geom_type not in kinds:
        raise GeometryError(f"a {geom.geom_type} where {' or '.join(kinds)} fits")
    return check(geom)


def parse_text(text: str, kinds: tuple[str, ...] = TERRITORY_TYPES) -> Any:
    """GeoJSON (starts with ``{``) or WKT, whichever the text is."""
    stripped = text.strip()
    if stripped.startswith("{"):
        return parse_geojson(stripped, kinds)
    return parse_wkt(stripped, kinds)


def check(geom: BaseGeometry) -> Any:
    """``geom`` itself when it can be stored: not empty, on the map, and valid (OGC rules:
    no self-intersection, closed rings, holes inside their shell)."""
    if geom.is_empty:
        raise GeometryError("empty geometry")
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    check_lon_lat(min_lon, min_lat)
    check_lon_lat(max_lon, max_lat)
    if not geom.is_valid:
        raise GeometryError(f"invalid {geom.geom_type}: {shapely.is_valid_reason(geom)}")
    return geom


def check_lon_lat(lon: float, lat: float) -> None:
    """Refuse a longitude outside −180…180 or a latitude outside −90…90 (or not a number)."""
    for name, value, limit in (("longitude", lon, 180.0), ("latitude", lat, 90.0)):
        if not isinstance(value, int | float) or isinstance(value, bool) or math.isnan(value):
            raise GeometryError(f"{name} {value!r} is not a number")
        if not -limit <= value <= limit:
            raise GeometryError(f"{name} {value} is outside −{limit:g}…{limit:g} degrees")


def crs_of(name: str | None) -> Crs:
    """The CRS a name means; None or blank is WGS84 (GeoJSON's default).

    Raises:
        GeometryError: an unknown CRS, listing the known names.
    """
    if name is None or not name.strip():
        return "WGS84"
    key = name.strip().lower()
    if key not in CRS_NAMES:
        raise GeometryError(f"unknown CRS {name!r}; known: {', '.join(sorted(CRS_NAMES))}")
    return CRS_NAMES[key]


def point(lon: float, lat: float, crs: str | None = None) -> Any:
    """A checked point in WGS84 from ``lon``/``lat`` in ``crs`` (GCJ-02 is converted)."""
    check_lon_lat(lon, lat)
    if crs_of(crs) == "GCJ02":
        lon, lat = gcj02_to_wgs84(lon, lat)
    return Point(lon, lat)


def to_wgs84(geom: Any, crs: str | None) -> Any:
    """``geom`` with every coordinate converted from ``crs`` to WGS84 (checked again)."""
    if crs_of(crs) != "GCJ02":
        return geom

    def convert(coords: Any) -> Any:
        return np.array([gcj02_to_wgs84(float(x), float(y)) for x, y in coords]).reshape(-1, 2)

    return check(shapely.transform(geom, convert))


# --- stored properties ----------------------------------------------------------------------


def to_geojson(geom: BaseGeometry) -> str:
    """Compact GeoJSON text of ``geom`` (coordinates rounded to 1e-7°, about 1 cm)."""
    return json.dumps(_rounded(mapping(geom)), separators=(",", ":"))


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 7)
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def territory_properties(geom: BaseGeometry) -> dict[str, Any]:
    """The stored properties of a territory: ``geometry`` and its bounding box."""
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    return {
        "geometry": to_geojson(geom),
        "min_lon": round(min_lon, 7),
        "min_lat": round(min_lat, 7),
        "max_lon": round(max_lon, 7),
        "max_lat": round(max_lat, 7),
    }


def position_properties(geom: Any) -> dict[str, float]:
    """The stored properties of a position: ``lon`` and ``lat``."""
    return {"lon": round(float(geom.x), 7), "lat": round(float(geom.y), 7)}


def point_geojson(lon: float, lat: float) -> str:
    """GeoJSON text of a stored position."""
    return json.dumps({"type": "Point", "coordinates": [lon, lat]}, separators=(",", ":"))


def metres_to_degrees(metres: float, lat: float) -> float:
    """A distance in metres as degrees of longitude at ``lat`` (the larger of the two, so a
    buffer of this many degrees covers at least that many metres in every direction)."""
    return metres / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))


def area_m2(geom: BaseGeometry) -> float:
    """Approximate area in square metres (equirectangular at the centroid's latitude; within
    0.5 % for a territory a few tens of kilometres across)."""
    lat = geom.centroid.y if not geom.is_empty else 0.0
    return float(geom.area) * METRES_PER_DEGREE**2 * math.cos(math.radians(lat))


_TERRITORY_TYPE_IDS = (3, 6)
"""shapely's type ids of Polygon and MultiPolygon (TERRITORY_TYPES)."""


def unvouched_territories(texts: Collection[str]) -> list[str]:
    """Those of ``texts`` that :class:`GeometryProperty` might not store unchanged, told
    for all of them at once through shapely's array functions (one at a time, parsing and
    writing back a territory takes ~60 µs). The rest it stores as they are; those returned
    are only not vouched for here — the caller checks each of them as before.

    A text is vouched for when GEOS reads it as a valid, non-empty Polygon or MultiPolygon
    on the map, two-dimensional, every coordinate already rounded to 1e-7° (what
    :func:`to_geojson` rounds to), and writes it back as the very same text. Then the text
    holds ``type`` and ``coordinates`` and nothing else, closed rings, every number a float
    in its shortest form (so Python reads the same doubles GEOS did: GEOS's own reading is
    sometimes one unit in the last place off, and such a text comes back different), which
    is what :func:`to_geojson` writes for it (tests/graph/test_geometry_check.py).

    Example:
        >>> square = '{"type":"Polygon","coordinates":[[[1.0,2.0],[3.0,2.0],[3.0,4.0],[1.0,2.0]]]}'
        >>> unvouched_territories([square, square.replace("1.0,2.0", "1,2")])
        ['{"type":"Polygon","coordinates":[[[1,2],[3.0,2.0],[3.0,4.0],[1,2]]]}']
    """
    values = list(texts)
    if not values:
        return []
    try:
        geoms = shapely.from_geojson(values)
    except Exception:  # GEOS refuses one of them: the one-by-one check names the reason
        return values
    good = np.isin(shapely.get_type_id(geoms), _TERRITORY_TYPE_IDS)
    good &= ~shapely.is_empty(geoms) & ~shapely.has_z(geoms)
    with np.errstate(invalid="ignore"):  # an empty geometry's bounds are NaN: not on the map
        bounds = np.abs(shapely.bounds(geoms))
    good &= (bounds[:, [0, 2]] <= 180.0).all(axis=1) & (bounds[:, [1, 3]] <= 90.0).all(axis=1)
    good &= shapely.is_valid(geoms)
    coordinates, owners = shapely.get_coordinates(geoms, return_index=True)
    unrounded = owners[(np.round(coordinates, 7) != coordinates).any(axis=1)]
    good[unrounded] = False
    written = shapely.to_geojson(geoms)
    return [
        value
        for value, text, ok in zip(values, written, good, strict=True)
        if not ok or text != value
    ]


class GeometryProperty(StringProperty):
    """A territory (Polygon or MultiPolygon) stored as GeoJSON text; validated and normalised
    on every write, so a stored value always parses."""

    @validator
    def deflate(self, value: Any) -> str:
        geom = value if isinstance(value, BaseGeometry) else parse_geojson(value)
        return to_geojson(geom)

    @validator
    def inflate(self, value: Any) -> str:
        return str(value)


class LineProperty(StringProperty):
    """The route of a linear asset (LineString or MultiLineString) stored as GeoJSON text;
    validated (at least two distinct points, on the map) and normalised on every write."""

    @validator
    def deflate(self, value: Any) -> str:
        geom = value if isinstance(value, BaseGeometry) else parse_geojson(value, LINE_TYPES)
        if geom.geom_type not in LINE_TYPES:
            raise GeometryError(f"a {geom.geom_type} where {' or '.join(LINE_TYPES)} fits")
        return to_geojson(check(geom))

    @validator
    def inflate(self, value: Any) -> str:
        return str(value)


# --- GCJ-02 ---------------------------------------------------------------------------------

_A = 6378245.0
_EE = 0.00669342162296594323


def _outside_china(lon: float, lat: float) -> bool:
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _offset(lon: float, lat: float) -> tuple[float, float]:
    x, y = lon - 105.0, lat - 35.0
    d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    common = (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    d_lat += common + (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2 / 3
    d_lat += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2 / 3
    d_lon += common + (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2 / 3
    d_lon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2 / 3
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * math.sqrt(magic)) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / math.sqrt(magic) * math.cos(rad) * math.pi)
    return d_lon, d_lat


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """The GCJ-02 ("Mars") coordinates Chinese map apps show for a WGS84 position; outside
    China GCJ-02 equals WGS84."""
    if _outside_china(lon, lat):
        return lon, lat
    d_lon, d_lat = _offset(lon, lat)
    return lon + d_lon, lat + d_lat


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """WGS84 for a GCJ-02 position, by inverting the published forward transform.

    The forward transform has no closed inverse; a fixed-point iteration (at most 30 steps,
    stopping below 1e-9°) finds the WGS84 point whose GCJ-02 image is the input to within
    about 0.1 mm. The one-step shortcut many libraries use is off by 1–2 m. The GCJ-02 offset
    itself is 100–700 m (about 0.5 km around Daqing), which is what an unconverted phone
    position would be wrong by.
    """
    if _outside_china(lon, lat):
        return lon, lat
    w_lon, w_lat = lon, lat
    for _ in range(30):
        g_lon, g_lat = wgs84_to_gcj02(w_lon, w_lat)
        e_lon, e_lat = g_lon - lon, g_lat - lat
        w_lon, w_lat = w_lon - e_lon, w_lat - e_lat
        if abs(e_lon) < 1e-9 and abs(e_lat) < 1e-9:
            break
    return w_lon, w_lat
