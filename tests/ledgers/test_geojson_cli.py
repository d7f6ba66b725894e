"""``redgrid export --format geojson`` and ``redgrid import-geojson`` on a real data
directory: the base organisation out as FeatureCollections and back in unchanged; a bad
feature exits 1 naming file and feature."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.falkordb_engine import FalkorDBEngine
from tests.api.test_cli import redgrid
from tests.ledgers.conftest import write_base


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    directory = tmp_path_factory.mktemp("geojson-cli")
    owner = FalkorDBEngine(directory)
    yield directory
    owner.close()


def test_geojson_out_and_in_through_the_command_line(data: Path, tmp_path: Path) -> None:
    code, _ = redgrid(data, "import", str(write_base(tmp_path / "base")), "--as-of", "2026-01-01")
    assert code == 0
    out = tmp_path / "gis"
    code, output = redgrid(data, "export", str(out), "--format", "geojson", "--json")
    assert code == 0 and json.loads(output)["features"]["cells.geojson"] == 2
    cells = json.loads((out / "cells.geojson").read_text(encoding="utf-8"))
    cells["features"][0]["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[125, 46], [125.1, 46], [125.1, 46.1], [125, 46.1], [125, 46]]],
    }
    (out / "cells.geojson").write_text(json.dumps(cells), encoding="utf-8")
    code, output = redgrid(data, "import-geojson", str(out), "--as-of", "2026-02-01", "--json")
    body = json.loads(output)
    assert code == 0 and body["kinds"]["cells"]["updated"] == 1, output

    cells["features"][1]["geometry"] = {"type": "Point", "coordinates": [125, 46]}
    (out / "cells.geojson").write_text(json.dumps(cells), encoding="utf-8")
    code, output = redgrid(data, "import-geojson", str(out / "cells.geojson"))
    assert code == 1 and "cells.geojson, feature 2, column geometry: a Point" in output
    code, output = redgrid(data, "export", str(out), "--format", "geojson", "--kinds", "people")
    assert code == 2 and "not a mapped ledger" in output
