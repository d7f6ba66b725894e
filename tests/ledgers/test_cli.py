"""``redgrid templates``, ``import`` and ``export`` on a real data directory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.falkordb_engine import FalkorDBEngine
from tests.api.test_cli import redgrid
from tests.ledgers.conftest import write_base, write_csv


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data directory whose embedded server stays up for the module."""
    directory = tmp_path_factory.mktemp("ledger-cli")
    owner = FalkorDBEngine(directory)
    yield directory
    owner.close()


def test_templates_import_export_round(data: Path, tmp_path: Path) -> None:
    code, output = redgrid(data, "templates", str(tmp_path / "t"), "--format", "csv")
    assert code == 0 and "20 templates written" in output
    assert (tmp_path / "t" / "posts.csv").exists()

    ledgers = write_base(tmp_path / "base")
    code, output = redgrid(data, "import", str(ledgers), "--as-of", "2026-01-01", "--dry-run")
    assert code == 0 and "dry run: nothing written" in output
    assert "│ people     │       5 │       0 │         0 │          0 │" in output

    code, output = redgrid(data, "import", str(ledgers), "--as-of", "2026-01-01", "--json")
    body = json.loads(output)
    assert code == 0 and body["written"] and body["kinds"]["people"]["created"] == 5
    assert body["relationships"]["opened"] == 29 and body["rows"] == 22  # cells dated (issue 12)

    code, output = redgrid(data, "import", str(ledgers))
    assert code == 0 and "0 opened, 0 closed, 0 added, 0 removed" in output

    code, output = redgrid(data, "export", str(tmp_path / "out"), "--format", "csv", "--json")
    assert code == 0 and json.loads(output)["total_rows"] == 22
    code, output = redgrid(data, "export", str(tmp_path / "zh"), "--lang", "zh", "--net", "net-4")
    assert code == 0 and (tmp_path / "zh" / "设备.xlsx").exists()


def test_bad_ledgers_exit_1_with_every_problem(data: Path, tmp_path: Path) -> None:
    bad = write_csv(tmp_path / "设备.csv", [["uid", "name", "category"], ["x", "", "plane"]])
    code, output = redgrid(data, "import", str(bad))
    assert code == 1
    assert "2 problems in the ledgers; nothing was written" in output
    assert "设备.csv, row 2, column name: is required" in output
    code, output = redgrid(data, "import", str(bad), "--json")
    assert code == 1 and len(json.loads(output)["errors"]) == 2
    code, output = redgrid(data, "import", str(bad), "--as-of", "soon")
    assert code == 2 and "--as-of" in output
    code, output = redgrid(data, "export", str(tmp_path / "x"), "--net", "nowhere")
    assert code == 1 and "no Net or Cell with uid 'nowhere'" in output
