"""A pipeline's route in the ledgers (issue 13): the ``line`` column (线路走向, WKT or GeoJSON)
stored as GeoJSON, exported with the CSV, and in GeoJSON a GeometryCollection of the point and
the route that comes back in unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from graph.engine import Engine
from seed.ledgers import ImportReport, export_ledgers, import_ledgers
from seed.ledgers.geojson_in import import_geojson
from seed.ledgers.geojson_out import export_geojson
from tests.ledgers.conftest import write_csv
from tests.ledgers.test_import_errors import problems
from tests.queries.test_spatial_lines import ROUTE


def test_routes_round_trip_through_the_ledgers_and_geojson(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    rows = [["uid", "name", "category", "lon", "lat", "线路走向"]]
    rows.append(
        ["eq-1", "1号分离器", "管线", 125.0, 46.0, "LINESTRING (125 46, 125.2 46, 125.2 46.2)"]
    )
    import_ledgers(engine, [write_csv(tmp_path / "equipment.csv", rows)], as_of="2026-03-01")
    stored = engine.run("MATCH (e:Equipment {uid: 'eq-1'}) RETURN e.line AS line", readonly=True)
    assert stored[0]["line"] == ROUTE
    export_geojson(engine, tmp_path / "gis", kinds=("equipment",))
    collection = json.loads((tmp_path / "gis" / "equipment.geojson").read_text(encoding="utf-8"))
    feature = next(f for f in collection["features"] if f["id"] == "eq-1")
    assert feature["geometry"]["type"] == "GeometryCollection"
    assert [g["type"] for g in feature["geometry"]["geometries"]] == ["Point", "LineString"]
    again = import_geojson(engine, [tmp_path / "gis"], as_of="2026-03-02")
    assert not again.changed
    export_ledgers(engine, tmp_path / "csv", fmt="csv")
    text = (tmp_path / "csv" / "equipment.csv").read_text(encoding="utf-8-sig")
    assert "LineString" in text


def test_a_bad_route_is_refused_naming_row_and_column(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    rows = [
        ["uid", "name", "category", "line"],
        ["eq-1", "1号分离器", "管线", "LINESTRING (125 46)"],
    ]
    found = problems(engine, [write_csv(tmp_path / "equipment.csv", rows)])
    assert len(found) == 1 and found[0].startswith("equipment.csv, row 2, column line: line:")
