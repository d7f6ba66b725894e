"""Point checks of the ledgers (issue 13): the ``crs`` column of positioned rows (GCJ-02
converted, an unknown system refused) and the row-level error "point outside any cell",
raised only when the grid has mapped cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.engine import Engine
from graph.geometry import wgs84_to_gcj02
from seed.ledgers import ImportReport, import_ledgers
from tests.ledgers.conftest import write_csv, write_xlsx
from tests.ledgers.test_geography import CELLS, WEST_WKT, stored
from tests.ledgers.test_import_errors import problems

EQUIPMENT = ["uid", "name", "category", "lon", "lat"]


def map_cell_1(engine: Engine, directory: Path) -> None:
    """cell-1's territory: the box 125–125.1 E × 46–46.1 N (cell-2 stays unmapped)."""
    cells = [CELLS, ["cell-1", "徐深17集气站先锋格", "scene", "net-4", WEST_WKT]]
    import_ledgers(engine, [write_csv(directory / "cells.csv", cells)], as_of="2026-02-01")


def test_a_gcj02_position_is_stored_in_wgs84(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    map_cell_1(engine, tmp_path / "map")
    lon, lat = wgs84_to_gcj02(125.02, 46.02)
    sheet = [["uid", "name", "category", "经度", "纬度", "坐标系"]]
    sheet.append(["eq-1", "1号分离器", "分离器", lon, lat, "GCJ02"])
    import_ledgers(engine, [write_xlsx(tmp_path / "设备.xlsx", {"设备": sheet})], as_of=T1)
    got = stored(engine, "eq-1")
    assert got["lon"] == pytest.approx(125.02, abs=1e-6)
    assert got["lat"] == pytest.approx(46.02, abs=1e-6)


def test_without_crs_or_with_wgs84_the_position_is_kept(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    map_cell_1(engine, tmp_path / "map")
    rows = [[*EQUIPMENT, "crs"], ["eq-1", "1号分离器", "分离器", 125.02, 46.02, ""]]
    import_ledgers(engine, [write_csv(tmp_path / "equipment.csv", rows)], as_of="2026-03-01")
    assert (stored(engine, "eq-1")["lon"], stored(engine, "eq-1")["lat"]) == (125.02, 46.02)


def test_an_unknown_crs_is_refused_naming_row_and_column(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    rows = [[*EQUIPMENT, "坐标系"], ["eq-1", "1号分离器", "分离器", 125.02, 46.02, "EPSG:3857"]]
    found = problems(engine, [write_csv(tmp_path / "equipment.csv", rows)])
    assert len(found) == 1
    assert found[0].startswith("equipment.csv, row 2, column 坐标系: unknown CRS 'EPSG:3857'")


def test_a_crs_column_belongs_to_positioned_kinds_only(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    cells = [[*CELLS, "crs"], ["cell-1", "徐深17集气站先锋格", "scene", "net-4", WEST_WKT, "WGS84"]]
    found = problems(engine, [write_csv(tmp_path / "cells.csv", cells)])
    assert len(found) == 1 and "unknown column 'crs'" in found[0]


def test_a_point_outside_every_mapped_cell_is_refused(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    map_cell_1(engine, tmp_path / "map")
    rows = [["uid", "name", "category", "经度", "纬度"]]
    rows.append(["eq-1", "1号分离器", "分离器", 125.05, 46.05])  # inside cell-1
    rows.append(["eq-new", "新分离器", "分离器", 125.15, 46.05])  # east of it: no cell
    found = problems(engine, [write_csv(tmp_path / "设备.csv", rows)])
    assert found == [
        "设备.csv, row 3, column 经度: point (125.15, 46.05) lies outside any cell of the map "
        "(WGS84; a GCJ-02 position needs crs GCJ02, a swapped pair lies elsewhere)"
    ]


def test_a_gcj02_point_read_as_wgs84_can_fall_outside(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    """Near a boundary, the ~500 m GCJ-02 offset is the difference between in and out."""
    map_cell_1(engine, tmp_path / "map")
    lon, lat = wgs84_to_gcj02(125.098, 46.05)  # 150 m inside cell-1's east edge
    assert lon > 125.1  # the phone-app coordinates lie east of it
    plain = [EQUIPMENT, ["eq-1", "1号分离器", "分离器", lon, lat]]
    assert len(problems(engine, [write_csv(tmp_path / "a" / "equipment.csv", plain)])) == 1
    told = [[*EQUIPMENT, "crs"], ["eq-1", "1号分离器", "分离器", lon, lat, "gcj02"]]
    import_ledgers(engine, [write_csv(tmp_path / "b" / "equipment.csv", told)], as_of="2026-03-01")
    assert stored(engine, "eq-1")["lon"] == pytest.approx(125.098, abs=1e-6)


def test_no_mapped_cell_means_no_cell_check(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    rows = [EQUIPMENT, ["eq-1", "1号分离器", "分离器", 90.0, 30.0]]
    report = import_ledgers(engine, [write_csv(tmp_path / "equipment.csv", rows)], as_of=T1)
    assert report.kinds["equipment"].updated == 1


def test_the_grid_includes_the_cells_of_the_same_import(
    engine: Engine, base: ImportReport, tmp_path: Path
) -> None:
    map_cell_1(engine, tmp_path / "map")
    east = "POLYGON ((125.1 46, 125.2 46, 125.2 46.1, 125.1 46.1, 125.1 46))"
    cells = [CELLS, ["cell-2", "设备维护先锋格", "duty", "net-4", east]]
    hazards = [["uid", "title", "severity", "status", "found_on", "lon", "lat"]]
    hazards.append(["hz-new", "法兰渗漏", "general", "found", "2026-02-20", 125.15, 46.05])
    report = import_ledgers(
        engine,
        [write_csv(tmp_path / "cells.csv", cells), write_csv(tmp_path / "hazards.csv", hazards)],
        as_of=T1,
    )
    assert report.kinds["hazards"].created == 1
    unmapped = [CELLS, ["cell-2", "设备维护先锋格", "duty", "net-4", ""]]
    moved = [hazards[0], ["hz-new", "法兰渗漏", "general", "found", "2026-02-20", 125.16, 46.05]]
    found = problems(
        engine,
        [
            write_csv(tmp_path / "b" / "cells.csv", unmapped),
            write_csv(tmp_path / "b" / "hazards.csv", moved),
        ],
    )
    assert len(found) == 1 and found[0].startswith("hazards.csv, row 2, column lon: point")


T1 = "2026-03-01"
