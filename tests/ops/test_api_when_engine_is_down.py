"""The API while the engine is down: /readyz says why (503), a GraphQL request answers 503
with the code ENGINE_UNAVAILABLE at once (from authentication, the first statement), and both
recover when the supervisor has restarted the engine."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.embedded_server import Supervision
from graph.falkordb_engine import FalkorDBEngine
from tests.api.graphql_client import sign_in
from tests.ops.conftest import add_people, wait_for

STATS = "{ stats { totalNodes } }"


def test_requests_get_a_coded_503_while_the_engine_restarts(tmp_path: Path) -> None:
    engine = FalkorDBEngine(tmp_path, supervision=Supervision(backoff_s=1.5, poll_s=0.1))
    try:
        engine.ensure_schema()
        add_people(engine, range(2))
        with TestClient(create_app(Settings(), engine=engine)) as client:
            sign_in(client, engine)
            assert client.get("/readyz").json() == {"status": "ready", "engine": "falkordb"}
            assert engine.server.pid is not None
            os.kill(engine.server.pid, signal.SIGKILL)
            wait_for(lambda: "exited" in client.get("/readyz").json().get("reason", ""), 5)
            ready = client.get("/readyz")
            assert ready.status_code == 503 and ready.json()["status"] == "unavailable"

            started = time.monotonic()
            answer = client.post("/graphql", json={"query": STATS})
            assert time.monotonic() - started < 2
            assert answer.status_code == 503 and answer.headers["retry-after"]
            assert answer.json()["code"] == "ENGINE_UNAVAILABLE"
            assert "restarting" in answer.json()["detail"]

            wait_for(lambda: client.get("/readyz").status_code == 200)
            again = client.post("/graphql", json={"query": STATS})
            assert again.status_code == 200 and again.json()["data"]["stats"]["totalNodes"] >= 2
    finally:
        engine.close()


def test_graphql_codes_engine_errors_instead_of_masking_them() -> None:
    from graphql import GraphQLError

    from api.graphql.errors import coded
    from graph.errors import DiskFull, EngineUnavailable

    down = coded(GraphQLError("x", original_error=EngineUnavailable("restarting: why")))
    assert down.extensions == {"code": "ENGINE_UNAVAILABLE"} and "why" in down.message
    full = coded(GraphQLError("x", original_error=DiskFull("/srv/data")))
    assert full.extensions == {"code": "DISK_FULL"} and "disk full at /srv/data" in full.message
