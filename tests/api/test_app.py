"""The HTTP surface: probes and the GraphQL stats query, on the real embedded engine."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.falkordb_engine import FalkorDBEngine
from graph.writer import upsert_nodes
from queries.stats import graph_stats
from tests.api.graphql_client import sign_in

STATS = "{ stats { engine totalNodes totalRelationships nodes { name count } } }"


@pytest.fixture
def client(engine: FalkorDBEngine) -> Iterator[TestClient]:
    upsert_nodes(
        engine,
        "Person",
        [
            {
                "uid": f"p-{i}",
                "employee_no": f"E{i}",
                "name": f"职工{i}",
                "party_member": i % 2 == 0,
            }
            for i in range(5)
        ],
    )
    with TestClient(create_app(Settings(max_query_depth=4), engine=engine)) as test_client:
        sign_in(test_client, engine)
        yield test_client


def test_probes_answer(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready", "engine": "falkordb"}
    assert client.get("/version").json()["engine"] == "falkordb"


def test_stats_query_matches_the_engine_counts(client: TestClient, engine: FalkorDBEngine) -> None:
    body = client.post("/graphql", json={"query": STATS}).json()
    stats = body["data"]["stats"]
    expected = graph_stats(engine)
    assert stats["engine"] == "falkordb"
    counts = {n["name"]: n["count"] for n in stats["nodes"]}
    assert counts == expected.nodes
    assert (counts["Person"], counts["User"], counts["AuditEntry"]) == (5, 1, 1)  # + sign-in
    assert stats["totalNodes"] == expected.total_nodes == 7


def test_validation_errors_stay_readable(client: TestClient) -> None:
    body = client.post("/graphql", json={"query": "{ stats { nope } }"}).json()
    assert "Cannot query field 'nope'" in body["errors"][0]["message"]


def test_depth_limit_from_settings_rejects_deep_queries(engine: FalkorDBEngine) -> None:
    query = {"query": "{ stats { nodes { name } } }"}
    with TestClient(create_app(Settings(max_query_depth=2), engine=engine)) as within:
        sign_in(within, engine)
        assert "errors" not in within.post("/graphql", json=query).json()
    with TestClient(create_app(Settings(max_query_depth=1), engine=engine)) as beyond:
        sign_in(beyond, engine)
        body = beyond.post("/graphql", json=query).json()
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


def test_graphql_ide_is_served_locally_not_from_a_cdn(client: TestClient) -> None:
    assert client.get("/graphql").status_code in (404, 405), "strawberry's CDN page is off"
    page = client.get("/graphiql")
    assert page.status_code == 200 and "/graphiql/static/" in page.text
    assert "unpkg" not in page.text and "jsdelivr" not in page.text


def test_readyz_reports_an_unreachable_engine(tmp_path: Path) -> None:
    stopped = FalkorDBEngine(tmp_path)
    stopped.server.stop()
    with TestClient(create_app(Settings(), engine=stopped)) as test_client:
        response = test_client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_every_request_is_logged_with_its_timing_and_a_request_id(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="redgrid.api"):
        given = client.get("/healthz", headers={"X-Request-ID": "trace-42.a_b"})
        made = client.post("/graphql", json={"query": STATS}, headers={"X-Request-ID": "bad id!"})
    assert given.headers["x-request-id"] == "trace-42.a_b"
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])
    logged = [r.http for r in caplog.records if r.name == "redgrid.api" and hasattr(r, "http")]
    assert [(f["method"], f["path"], f["status"], f["request_id"]) for f in logged] == [
        ("GET", "/healthz", 200, "trace-42.a_b"),
        ("POST", "/graphql", 200, made.headers["x-request-id"]),
    ]
    assert all(isinstance(f["ms"], float) and f["ms"] >= 0 for f in logged)
    assert "method=GET path=/healthz status=200" in caplog.text
