"""GeoJSON in (issue 13): FeatureCollections of cells, areas, equipment … imported like the
other ledgers — each feature one row (its properties the columns, its geometry the territory
or position), every row checked, all or nothing.

A collection's kind is its ``name`` member (as GDAL/QGIS write it) or its file name
(``cells.geojson``, ``格.geojson``). Coordinates are WGS84 unless the collection's legacy
``crs`` member or the ``crs`` argument says otherwise (GCJ-02 is converted). Geometry problems
(invalid or self-intersecting polygon, a point where a polygon fits, unknown CRS) are found
here; everything else by the ledger import itself, run on the features as ledger rows (a dry
run when this module found problems), so the same rules and errors hold. Problems name the
file and the feature (numbered from 1).
"""

from __future__ import annotations

import csv
import json
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from graph.engine import Engine
from graph.geometry import (
    LINE_TYPES,
    GeometryError,
    crs_of,
    parse_geojson,
    to_geojson,
    to_wgs84,
)
from seed.ledgers.geojson_out import POINT_KINDS, TERRITORY_KINDS, mapped_kind
from seed.ledgers.importer import import_ledgers
from seed.ledgers.kinds import Kind
from seed.ledgers.report import ImportReport, Issue, LedgerError
from writes.audit import Actor

SUFFIXES = (".geojson", ".json")
LINE_KINDS = ("equipment",)
"""Kinds whose features may carry a route (LineString) beside or instead of their point."""


@dataclass(slots=True)
class _Collection:
    """One file's features as ledger rows of one kind."""

    path: Path
    kind: Kind
    rows: list[dict[str, Any]]
    features: list[int]
    """The feature number (from 1) of each row."""


def geojson_files(paths: list[Path]) -> list[Path]:
    """The GeoJSON files among ``paths`` (directories searched one level)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
        else:
            found.append(path)
    return found


def import_geojson(
    engine: Engine,
    paths: list[Path],
    *,
    crs: str | None = None,
    dry_run: bool = False,
    as_of: datetime | str | None = None,
    actor: Actor | None = None,
) -> ImportReport:
    """Import GeoJSON FeatureCollections (files or directories of them).

    Raises:
        LedgerError: every problem found, by file and feature; nothing is written.

    Example:
        >>> import_geojson(engine, [Path("gis/cells.geojson")], crs="GCJ02")  # doctest: +SKIP
    """
    issues: list[Issue] = []
    collections = []
    for path in geojson_files(paths):
        collection = _read(path, crs, issues)
        if collection is not None:
            collections.append(collection)
    merged = _by_kind(collections)
    with tempfile.TemporaryDirectory(prefix="redgrid-geojson-in-") as scratch:
        csvs = [_write_csv(Path(scratch), kind, rows) for kind, rows in merged.items()]
        try:
            report = import_ledgers(
                engine, csvs, dry_run=dry_run or bool(issues), as_of=as_of, actor=actor
            )
        except LedgerError as exc:
            issues += [_translated(issue, merged) for issue in exc.issues]
            raise LedgerError(issues) from None
    if issues:
        raise LedgerError(issues)
    return report


type _Rows = list[tuple[str, int, dict[str, Any]]]
"""Rows of one kind: the file and feature number each came from, and the row."""


def _by_kind(collections: list[_Collection]) -> dict[Kind, _Rows]:
    """Every file's rows, one list per kind (two files of cells are one cells ledger)."""
    merged: dict[Kind, _Rows] = {}
    for collection in collections:
        rows = merged.setdefault(collection.kind, [])
        for number, row in zip(collection.features, collection.rows, strict=True):
            rows.append((collection.path.name, number, row))
    return {kind: rows for kind, rows in merged.items() if rows}


def _read(path: Path, crs: str | None, issues: list[Issue]) -> _Collection | None:
    def problem(message: str, feature: int | None = None, column: str | None = None) -> None:
        where = path.name if feature is None else f"{path.name}, feature {feature}"
        issues.append(Issue(where, message, column=column))

    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        problem(f"not readable as GeoJSON: {exc}")
        return None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        problem("not a GeoJSON FeatureCollection")
        return None
    try:
        kind = mapped_kind(str(data.get("name") or path.stem))
    except ValueError as exc:
        problem(f"{exc} (name the collection or the file after its kind)")
        return None
    try:
        system = _crs(data, crs)
    except GeometryError as exc:
        problem(str(exc), column="crs")
        return None
    collection = _Collection(path, kind, [], [])
    for number, feature in enumerate(data.get("features") or [], start=1):
        before = len(issues)
        row = _row(kind, feature, system, lambda m, c, n=number: problem(m, n, c))
        if row is not None and len(issues) == before:
            collection.rows.append(row)
            collection.features.append(number)
    return collection


def _crs(data: dict[str, Any], given: str | None) -> str:
    """The collection's CRS: the argument, else its legacy ``crs`` member, else WGS84."""
    if given is not None:
        return crs_of(given)
    member = data.get("crs")
    if isinstance(member, dict):
        return crs_of(str((member.get("properties") or {}).get("name") or ""))
    return crs_of(None)


def _row(kind: Kind, feature: Any, system: str, problem: Any) -> dict[str, Any] | None:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        problem("not a GeoJSON Feature", None)
        return None
    row = {k: _cell(v) for k, v in (feature.get("properties") or {}).items()}
    if "uid" not in row and feature.get("id") is not None:
        row["uid"] = str(feature["id"])
    geometry = feature.get("geometry")
    if geometry is None:
        return row
    kinds: tuple[str, ...] = (
        ("Polygon", "MultiPolygon") if kind.key in TERRITORY_KINDS else ("Point",)
    )
    if kind.key in LINE_KINDS:
        kinds += (*LINE_TYPES, "GeometryCollection")
    try:
        shape = to_wgs84(parse_geojson(geometry, kinds), system)
        parts = _parts(shape)
    except GeometryError as exc:
        problem(str(exc), "geometry")
        return None
    if kind.key not in POINT_KINDS:
        row["geometry"] = to_geojson(shape)
        return row
    for part in parts:
        if part.geom_type == "Point":
            row["lon"], row["lat"] = round(float(part.x), 7), round(float(part.y), 7)
        else:
            row["line"] = to_geojson(part)
    return row


def _parts(shape: Any) -> list[Any]:
    """A positioned feature's geometry as its point and route (a GeometryCollection holds at
    most one of each)."""
    if shape.geom_type != "GeometryCollection":
        return [shape]
    parts = list(shape.geoms)
    types = ["Point" if p.geom_type == "Point" else "line" for p in parts]
    if (
        not parts
        or len(set(types)) != len(types)
        or any(p.geom_type not in ("Point", *LINE_TYPES) for p in parts)
    ):
        raise GeometryError(
            "a GeometryCollection here holds one Point and one LineString or MultiLineString"
        )
    return parts


def _cell(value: Any) -> Any:
    """A property as a ledger cell: lists joined with ``;``, booleans as true/false."""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def _write_csv(scratch: Path, kind: Kind, rows: _Rows) -> Path:
    order = [c.key for c in kind.columns]
    keys = sorted({k for _, _, row in rows for k in row}, key=_position(order))
    path = scratch / f"{kind.key}.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(keys)
        for _, _, row in rows:
            writer.writerow([_text(row.get(k, "")) for k in keys])
    return path


def _position(order: list[str]) -> Any:
    return lambda key: (order.index(key) if key in order else len(order), key)


def _text(value: Any) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _translated(issue: Issue, merged: dict[Kind, _Rows]) -> Issue:
    """An issue of a scratch CSV named by the GeoJSON file and feature it came from."""
    rows = next((r for kind, r in merged.items() if issue.file == f"{kind.key}.csv"), None)
    if rows is None:
        return issue
    if issue.row is not None and 2 <= issue.row <= len(rows) + 1:
        name, number, _ = rows[issue.row - 2]
        where = f"{name}, feature {number}"
    else:
        where = ", ".join(sorted({name for name, _, _ in rows}))
    return Issue(where, issue.message, column=issue.column, dependents=issue.dependents)
