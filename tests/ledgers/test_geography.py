"""Geography in the ledgers (issue 13): a ``geometry`` column (WKT or GeoJSON) for
territories, ``lon``/``lat`` for positions; the bounding box derived, bad shapes refused row
by row with nothing written, and the export round trip keeping every coordinate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import box, mapping, shape

from graph.engine import Engine
from graph.geometry import wgs84_to_gcj02
from seed.ledgers import ImportReport, LedgerError, export_ledgers, import_ledgers
from seed.ledgers.geojson_in import import_geojson
from seed.ledgers.geojson_out import export_geojson
from tests.graph_state import fingerprint
from tests.ledgers.conftest import compare_exports, write_csv
from tests.ledgers.test_import_errors import problems

CELLS = ["uid", "name", "mode", "net", "geometry"]
WEST_WKT = "POLYGON ((125 46, 125.1 46, 125.1 46.1, 125 46.1, 125 46))"
EAST_GEOJSON = json.dumps(
    {"type": "Polygon", "coordinates": [[[125.1, 46], [125.2, 46], [125.2, 46.1], [125.1, 46]]]}
)
BOWTIE = "POLYGON ((125 46, 125.1 46.1, 125.1 46, 125 46.1, 125 46))"


def stored(engine: Engine, uid: str) -> dict[str, object]:
    rows = engine.run(
        "MATCH (n:GridNode {uid: $uid}) RETURN n.geometry AS geometry, n.min_lon AS min_lon, "
        "n.max_lat AS max_lat, n.lon AS lon, n.lat AS lat",
        {"uid": uid},
        readonly=True,
    )
    return dict(rows[0])


def test_territories_in_wkt_or_geojson_are_stored_with_their_box(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    cells = [CELLS, ["cell-1", "徐深17集气站先锋格", "scene", "net-4", WEST_WKT]]
    cells.append(["cell-2", "设备维护先锋格", "duty", "net-4", EAST_GEOJSON])
    equipment = [["uid", "name", "category", "经度", "纬度"], ["eq-1", "1号分离器", "分离器",
                                                          125.02, 46.02]]  # fmt: skip
    report = import_ledgers(
        engine,
        [write_csv(tmp_path / "cells.csv", cells), write_csv(tmp_path / "设备.csv", equipment)],
        as_of="2026-03-01",
    )
    assert report.kinds["cells"].updated == 2 and report.kinds["equipment"].updated == 1
    west = stored(engine, "cell-1")
    assert shape(json.loads(str(west["geometry"]))).equals(box(125.0, 46.0, 125.1, 46.1))
    assert (west["min_lon"], west["max_lat"]) == (125.0, 46.1)
    assert stored(engine, "cell-2")["min_lon"] == 125.1
    assert (stored(engine, "eq-1")["lon"], stored(engine, "eq-1")["lat"]) == (125.02, 46.02)
    again = import_ledgers(engine, [tmp_path / "cells.csv"], as_of="2026-03-02")
    assert not again.changed  # stored GeoJSON compares equal to what the ledger says


def test_a_cleared_territory_takes_its_box_with_it(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    mapped = [CELLS, ["cell-1", "徐深17集气站先锋格", "scene", "net-4", WEST_WKT]]
    import_ledgers(engine, [write_csv(tmp_path / "a" / "cells.csv", mapped)], as_of="2026-03-01")
    cleared = [CELLS, ["cell-1", "徐深17集气站先锋格", "scene", "net-4", ""]]
    import_ledgers(engine, [write_csv(tmp_path / "b" / "cells.csv", cleared)], as_of="2026-03-02")
    assert stored(engine, "cell-1") == dict.fromkeys(
        ("geometry", "min_lon", "max_lat", "lon", "lat")
    )


def test_bad_shapes_and_coordinates_are_refused_row_by_row(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    cells = [CELLS, ["cell-1", "徐深17集气站先锋格", "scene", "net-4", BOWTIE]]
    cells.append(["cell-2", "设备维护先锋格", "duty", "net-4", "POINT (125 46)"])
    cells.append(["cell-3", "新格", "duty", "net-4", "POLYGON ((125 46, 125.1"])
    equipment = [["uid", "name", "category", "lon", "lat"], ["eq-1", "分离器", "分离器", 46.02,
                                                           125.02]]  # fmt: skip
    found = problems(
        engine,
        [write_csv(tmp_path / "cells.csv", cells), write_csv(tmp_path / "设备.csv", equipment)],
    )
    assert len(found) == 4, found
    assert found[0].startswith("cells.csv, row 2, column geometry: territory: invalid Polygon: ")
    assert "Self-intersection" in found[0]
    assert found[1] == "cells.csv, row 3, column geometry: territory: a Point where Polygon or " \
        "MultiPolygon fits"  # fmt: skip
    assert found[2].startswith("cells.csv, row 4, column geometry: territory: not WKT")
    assert found[3].startswith("设备.csv, row 2, column lat: lat 125.02 is off the map")


def test_the_export_round_trips_territories_and_positions(
    engine: Engine, empty_engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    cells = [CELLS, ["cell-1", "徐深17集气站先锋格", "scene", "net-4", WEST_WKT]]
    equipment = [["uid", "name", "category", "lon", "lat"], ["eq-1", "1号分离器", "分离器",
                                                           125.02, 46.02]]  # fmt: skip
    import_ledgers(
        engine,
        [
            write_csv(tmp_path / "cells.csv", cells),
            write_csv(tmp_path / "equipment.csv", equipment),
        ],
        as_of="2026-03-01",
    )
    first, second = tmp_path / "first", tmp_path / "second"
    export_ledgers(engine, first, fmt="csv")
    text = (first / "cells.csv").read_text(encoding="utf-8-sig")
    assert '"{""type"":""Polygon""' in text
    import_ledgers(empty_engine, [first], as_of="2026-03-05")
    export_ledgers(empty_engine, second, fmt="csv")
    compare_exports(first, second)
    assert stored(empty_engine, "cell-1")["min_lon"] == 125.0


def collection(name: str, *features: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", "name": name, "features": list(features), **more}


def feature(geometry: Any, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def write_json(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


WEST = mapping(box(125.0, 46.0, 125.1, 46.1))


def test_geojson_in_sets_territories_and_positions_like_a_ledger(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    cells = collection(
        "cells",
        feature(WEST, uid="cell-1", name="徐深17集气站先锋格", mode="scene", net="net-4"),
    )
    g_lon, g_lat = wgs84_to_gcj02(125.02, 46.02)
    devices = collection(
        "设备",
        feature(
            {"type": "Point", "coordinates": [g_lon, g_lat]},
            uid="eq-1",
            name="1号分离器",
            category="separator",
        ),
        crs={"type": "name", "properties": {"name": "GCJ02"}},
    )
    report = import_geojson(
        engine,
        [
            write_json(tmp_path / "gis" / "a.geojson", cells),
            write_json(tmp_path / "gis" / "b.json", devices),
        ],
        as_of="2026-03-01",
    )
    assert report.kinds["cells"].updated == 1 and report.kinds["equipment"].updated == 1
    assert stored(engine, "cell-1")["min_lon"] == 125.0
    eq = stored(engine, "eq-1")
    assert abs(float(eq["lon"]) - 125.02) < 1e-6 and abs(float(eq["lat"]) - 46.02) < 1e-6  # type: ignore[arg-type]


def test_geojson_in_refuses_bad_features_naming_file_and_feature(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    bowtie = {"type": "Polygon", "coordinates": [[[125, 46], [125.1, 46.1], [125.1, 46],
                                                  [125, 46.1], [125, 46]]]}  # fmt: skip
    cells = collection(
        "cells",
        feature(WEST, uid="cell-1", name="A", mode="scene", net="net-4"),
        feature(bowtie, uid="cell-2", name="B", mode="duty", net="net-4"),
        feature({"type": "Point", "coordinates": [125, 46]}, uid="cell-9", name="C", mode="duty"),
        feature(WEST, uid="cell-8", name="D", mode="sideways", net="net-4"),
    )
    path = write_json(tmp_path / "cells.geojson", cells)
    odd = write_json(tmp_path / "x" / "areas.geojson", collection("areas", crs={
        "type": "name", "properties": {"name": "EPSG:3857"}}))  # fmt: skip
    found = problems_geojson(engine, [path, odd])
    assert found[0].startswith("areas.geojson, column crs: unknown CRS 'EPSG:3857'")
    assert found[1].startswith("cells.geojson, feature 2, column geometry: invalid Polygon")
    assert found[2] == "cells.geojson, feature 3, column geometry: a Point where Polygon or " \
        "MultiPolygon fits"  # fmt: skip
    assert found[3].startswith("cells.geojson, feature 4, column mode: 'sideways'")
    assert len(found) == 4, found


def problems_geojson(engine: Engine, paths: list[Path]) -> list[str]:
    before = fingerprint(engine)
    with pytest.raises(LedgerError) as caught:
        import_geojson(engine, paths, as_of="2026-03-01")
    assert fingerprint(engine) == before, "a failed import wrote something"
    return [str(issue) for issue in caught.value.issues]


def test_geojson_out_and_back_in_round_trips(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    cells = [CELLS, ["cell-1", "徐深17集气站先锋格", "scene", "net-4", WEST_WKT]]
    equipment = [["uid", "name", "category", "lon", "lat"], ["eq-1", "1号分离器", "分离器",
                                                           125.02, 46.02]]  # fmt: skip
    import_ledgers(
        engine,
        [
            write_csv(tmp_path / "cells.csv", cells),
            write_csv(tmp_path / "equipment.csv", equipment),
        ],
        as_of="2026-03-01",
    )
    out = tmp_path / "gis"
    report = export_geojson(engine, out)
    assert report.features == {"cells.geojson": 2, "areas.geojson": 1, "equipment.geojson": 2}
    assert report.unmapped == {"cells.geojson": 1, "areas.geojson": 1, "equipment.geojson": 1}
    written = json.loads((out / "cells.geojson").read_text(encoding="utf-8"))
    first = written["features"][0]
    assert first["id"] == "cell-1" and first["properties"]["net"] == "net-4"
    assert shape(first["geometry"]).equals(box(125.0, 46.0, 125.1, 46.1))
    point = json.loads((out / "equipment.geojson").read_text(encoding="utf-8"))["features"][0]
    assert point["geometry"] == {"type": "Point", "coordinates": [125.02, 46.02]}
    again = import_geojson(engine, [out], as_of="2026-03-02")
    assert not again.changed
    export_geojson(engine, tmp_path / "gis2")
    for name in ("cells.geojson", "areas.geojson", "equipment.geojson"):
        assert (out / name).read_text(encoding="utf-8") == (tmp_path / "gis2" / name).read_text(
            encoding="utf-8"
        )
