"""GeoJSON out (issue 13): the mapped ledgers — cells, areas, equipment … — as one GeoJSON
FeatureCollection per kind, for GIS users. Each feature is one ledger row: its territory or
position as the geometry, the row's other columns as properties, its uid as the id.

The rows are the CSV export's (``export_ledgers``), so a net's subtree, the columns and the
values are exactly what a ledger would hold, and ``geojson_in`` reads the files back.
"""

from __future__ import annotations

import csv
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.engine import Engine
from seed.ledgers.exporter import export_ledgers
from seed.ledgers.kinds import Kind, kind_named
from seed.ledgers.sources import restore

TERRITORY_KINDS = ("nets", "cells", "microcells", "areas")
"""Kinds drawn as polygons (their ``geometry`` column)."""

POINT_KINDS = ("equipment", "risk_points", "hazards", "problems")
"""Kinds placed as points (their ``lon``/``lat`` columns)."""

MAPPED_KINDS = TERRITORY_KINDS + POINT_KINDS

DEFAULT_KINDS = ("cells", "areas", "equipment")
"""What ``export --format geojson`` writes unless told otherwise."""


@dataclass(slots=True)
class GeoJSONReport:
    """Features written per file, and those without a geometry (not mapped yet)."""

    features: dict[str, int] = field(default_factory=dict)
    unmapped: dict[str, int] = field(default_factory=dict)


def mapped_kind(name: str) -> Kind:
    """The mapped ledger kind called ``name`` (English or Chinese).

    Raises:
        ValueError: no such kind, or one that is not drawn on the map.
    """
    kind = kind_named(name)
    if kind is None or kind.key not in MAPPED_KINDS:
        raise ValueError(f"{name!r} is not a mapped ledger; mapped: {', '.join(MAPPED_KINDS)}")
    return kind


def export_geojson(
    engine: Engine,
    directory: Path,
    *,
    kinds: tuple[str, ...] = DEFAULT_KINDS,
    net: str | None = None,
) -> GeoJSONReport:
    """Write ``<kind>.geojson`` into ``directory`` for each of ``kinds`` (all of a net's
    subtree with ``net``). A row without a territory or position is a feature with a null
    geometry, so nothing in the ledger is dropped.

    Example:
        >>> export_geojson(engine, Path("gis/"), kinds=("cells",))  # doctest: +SKIP
        GeoJSONReport(features={'cells.geojson': 240}, unmapped={'cells.geojson': 0})
    """
    chosen = [mapped_kind(name) for name in kinds]
    report = GeoJSONReport()
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="redgrid-geojson-") as scratch:
        export_ledgers(engine, Path(scratch), fmt="csv", lang="en", net=net)
        for kind in chosen:
            collection = feature_collection(kind, _read_csv(Path(scratch) / f"{kind.key}.csv"))
            name = f"{kind.key}.geojson"
            text = json.dumps(collection, ensure_ascii=False, indent=1)
            (directory / name).write_text(text + "\n", encoding="utf-8")
            report.features[name] = len(collection["features"])
            report.unmapped[name] = sum(1 for f in collection["features"] if not f["geometry"])
    return report


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [{k: restore(v) for k, v in row.items()} for row in csv.DictReader(handle)]


def feature_collection(kind: Kind, rows: list[dict[str, str]]) -> dict[str, Any]:
    """Ledger rows of ``kind`` (column key → text) as a FeatureCollection named after it."""
    return {
        "type": "FeatureCollection",
        "name": kind.key,
        "features": [_feature(kind, row) for row in rows],
    }


def _feature(kind: Kind, row: dict[str, str]) -> dict[str, Any]:
    geometry: dict[str, Any] | None = None
    properties = dict(row)
    if kind.key in TERRITORY_KINDS:
        text = properties.pop("geometry", "")
        geometry = json.loads(text) if text else None
    else:
        lon, lat = properties.pop("lon", ""), properties.pop("lat", "")
        line = properties.pop("line", "")
        if lon and lat:
            geometry = {"type": "Point", "coordinates": [float(lon), float(lat)]}
        if line:  # a linear asset: its route, beside its point when it has one
            route = json.loads(line)
            geometry = (
                {"type": "GeometryCollection", "geometries": [geometry, route]}
                if (geometry)
                else route
            )
    return {
        "type": "Feature",
        "id": row.get("uid"),
        "geometry": geometry,
        "properties": {k: v for k, v in properties.items() if v != ""},
    }
