"""Point checks of the ledgers (issue 13): the optional ``crs`` column of positioned rows
(equipment, risk points, hazards, problems: WGS84 by default, GCJ-02 converted) and the
row-level error "point outside any cell" when a row's position lies in no mapped cell.

The ``crs`` column is read, never written: the stored position is WGS84 whatever the ledger
said, so the export has no such column. The cell check runs only when the grid has mapped
cells (as stored, with the territories the same import gives its cells), so a ledger of an
unmapped organisation imports as before.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import shapely
from shapely import STRtree
from shapely.geometry import Point, shape

from graph.engine import Engine
from graph.geometry import GeometryError, crs_of, gcj02_to_wgs84
from seed.ledgers.kinds import Kind, normalise_name
from seed.ledgers.report import Issue

if TYPE_CHECKING:  # rows reads the crs column through this module
    from seed.ledgers.rows import LedgerRow, ParsedSheet

CRS_COLUMN = "crs"
"""The key of the coordinate-system column of positioned rows."""

CRS_HEADERS = frozenset(
    normalise_name(h) for h in (CRS_COLUMN, "坐标系", "坐标系统", "coordinate system", "srs")
)
POINT_KINDS = frozenset(("equipment", "risk_points", "hazards", "problems"))
"""Kinds placed as points; every one belongs to a cell (BELONGS_TO, or RAISED_IN)."""

_MAPPED_CELLS = (
    "MATCH (c:Cell) WHERE c.geometry IS NOT NULL RETURN c.uid AS uid, c.geometry AS geometry"
)


def crs_column(kind: Kind, header: str) -> str | None:
    """``crs`` when ``header`` names the coordinate-system column of a positioned kind."""
    if kind.key in POINT_KINDS and normalise_name(header) in CRS_HEADERS:
        return CRS_COLUMN
    return None


def to_wgs84(props: dict[str, Any], crs: Any) -> None:
    """Convert the row's ``lon``/``lat`` (already read as numbers) from ``crs`` to WGS84.

    Raises:
        ValueError: an unknown CRS (naming the known ones), or a GCJ-02 row with only one of
            its coordinates.
    """
    name = None if crs is None else str(crs).strip()
    try:
        system = crs_of(name)
    except GeometryError as exc:
        raise ValueError(str(exc)) from exc
    if system != "GCJ02":
        return
    lon, lat = props.get("lon"), props.get("lat")
    if lon is None and lat is None:
        return
    if not isinstance(lon, float | int) or not isinstance(lat, float | int):
        raise ValueError("a GCJ-02 position needs both lon and lat as numbers")
    wgs_lon, wgs_lat = gcj02_to_wgs84(float(lon), float(lat))
    props["lon"], props["lat"] = round(wgs_lon, 7), round(wgs_lat, 7)


def points_outside_cells(engine: Engine, sheets: list[ParsedSheet]) -> list[Issue]:
    """An issue (row and ``lon`` column) for each positioned row whose point lies in no
    mapped cell; none when no cell is mapped. The grid is the stored one with the
    territories given by the import's own cells rows (a blank one unmaps its cell)."""
    placed = [
        row
        for sheet in sheets
        if sheet.info.kind.key in POINT_KINDS
        for row in sheet.rows
        if isinstance(row.props.get("lon"), float | int)
        and isinstance(row.props.get("lat"), float | int)
    ]
    if not placed:
        return []
    territories: dict[str, str | None] = {
        r["uid"]: r["geometry"] for r in engine.run(_MAPPED_CELLS, {}, readonly=True)
    }
    for sheet in sheets:
        if sheet.info.kind.key != "cells":
            continue
        for row in sheet.rows:
            if row.uid is not None and "geometry" in row.props:
                territories[row.uid] = row.props["geometry"]
    shapes = [shape(json.loads(text)) for text in territories.values() if text]
    if not shapes:
        return []
    shapely.prepare(shapes)
    tree = STRtree(shapes)
    return [_outside(row) for row in placed if not _inside(tree, shapes, row)]


def _inside(tree: STRtree, shapes: list[Any], row: LedgerRow) -> bool:
    here = Point(float(row.props["lon"]), float(row.props["lat"]))
    return any(shapes[int(i)].covers(here) for i in tree.query(here))


def _outside(row: LedgerRow) -> Issue:
    lon, lat = row.props["lon"], row.props["lat"]
    return row.issue(
        f"point ({lon}, {lat}) lies outside any cell of the map (WGS84; a GCJ-02 position "
        "needs crs GCJ02, a swapped pair lies elsewhere)",
        "lon",
    )
