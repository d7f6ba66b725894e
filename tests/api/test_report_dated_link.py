"""A problem reported and a hazard found by a point (issue 13) link to the cell resolved from
the point with ``since`` = the report instant."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from graph.properties import to_timestamp
from tests.api.graphql_client import post, sign_in
from tests.api.test_graphql_spatial import build
from tests.api.test_report_by_position import FIND, IN_C1, REPORT


@pytest.fixture(scope="module")
def grid(server_engine: FalkorDBEngine, data_dir: Path) -> Iterator[FalkorDBEngine]:
    engine = FalkorDBEngine(data_dir, graph_name="api-report-dated-link")
    engine.ensure_schema()
    build(engine)
    yield engine
    engine.clear()
    engine.close()


def now() -> str:
    return to_timestamp(datetime.now(UTC).replace(microsecond=0))


def test_the_cell_link_of_a_report_by_point_carries_the_report_instant(
    grid: FalkorDBEngine,
) -> None:
    with TestClient(create_app(Settings(), engine=grid)) as client:
        sign_in(client, grid, role="admin")
        before = now()
        problem = post(client, REPORT, {"uid": "pb-dated", "lon": IN_C1[0], "lat": IN_C1[1]})
        hazard = post(client, FIND, {"uid": "hz-dated", "rp": "rp-a", "lon": 125.021,
                                     "lat": 46.021})  # fmt: skip
        after = now()
    assert "errors" not in problem and "errors" not in hazard, (problem, hazard)
    rows = grid.run(
        "MATCH (x:GridNode)-[r:RAISED_IN|BELONGS_TO]->(c:Cell) WHERE x.uid IN $uids "
        "RETURN x.uid AS uid, c.uid AS cell, r.since AS since ORDER BY uid",
        {"uids": ["hz-dated", "pb-dated"]},
        readonly=True,
    )
    assert [(r["uid"], r["cell"]) for r in rows] == [("hz-dated", "c1"), ("pb-dated", "c1")]
    assert all(before <= str(r["since"]) <= after for r in rows), rows
