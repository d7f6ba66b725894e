"""kill -9 of the embedded engine: requests fail at once with a reason, the owner restarts it
with bounded retries, and nothing needs a manual restart."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from graph.embedded_server import Supervision, read_state
from graph.errors import EngineUnavailable
from graph.falkordb_engine import FalkorDBEngine
from tests.ops.conftest import add_people, increments, people, wait_for


def test_a_killed_engine_is_restarted_and_requests_fail_fast_meanwhile(tmp_path: Path) -> None:
    engine = FalkorDBEngine(tmp_path, supervision=Supervision(backoff_s=1.0, poll_s=0.1))
    try:
        engine.ensure_schema()
        add_people(engine, range(3))
        killed = engine.server.pid
        assert killed is not None
        os.kill(killed, signal.SIGKILL)

        started = time.monotonic()
        with pytest.raises(EngineUnavailable):
            people(engine)
        assert time.monotonic() - started < 2, "a request must not hang while the engine is down"

        wait_for(lambda: "exited" in engine.health().reason, timeout=5)
        health = engine.health()
        assert health.status == "unavailable"
        assert f"engine process {killed} exited" in health.reason
        assert read_state(tmp_path).status in ("restarting", "up")

        wait_for(lambda: engine.health().status == "ready")
        assert engine.server.pid != killed
        assert people(engine) == ["p-0", "p-1", "p-2"], "acknowledged writes survive"
        add_people(engine, range(3, 4))
        assert people(engine)[-1] == "p-3", "writes work again without a manual restart"
    finally:
        engine.close()


def test_restarts_are_bounded_and_the_reason_is_kept(tmp_path: Path) -> None:
    engine = FalkorDBEngine(
        tmp_path, supervision=Supervision(attempts=2, backoff_s=0.3, poll_s=0.1)
    )
    try:
        engine.ensure_schema()
        add_people(engine, range(2))
        assert engine.server.pid is not None
        os.kill(engine.server.pid, signal.SIGKILL)
        with increments(tmp_path)[-1].open("ab") as log:
            log.write(bytes(64))  # the log is damaged: every restart attempt refuses it

        wait_for(lambda: engine.server.state.status == "failed")
        health = engine.health()
        assert health.status == "unavailable"
        assert "gave up after 2 attempts" in health.reason and "damaged" in health.reason
        assert read_state(tmp_path).status == "failed"
        with pytest.raises(EngineUnavailable, match="failed"):
            people(engine)
    finally:
        engine.close()
