"""Geography in the ledgers (issue 13): a ``geometry`` column (WKT or GeoJSON) for
territories, ``lon``/``lat`` for positions; the bounding box derived, bad shapes refused row
by row with nothing written, and the export round trip keeping every coordinate."""

from __future__ import annotations

import json
from pathlib import Path

from shapely.geometry import box, shape

from graph.engine import Engine
from seed.ledgers import ImportReport, export_ledgers, import_ledgers
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
