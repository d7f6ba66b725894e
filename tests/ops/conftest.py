"""Operations fixtures: a private data directory per test with its own supervised server, and
small helpers to write a few nodes, crash the server and read its log files."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

from graph.aof import AOF_DIR
from graph.embedded_server import Supervision
from graph.falkordb_engine import FalkorDBEngine
from graph.writer import upsert_nodes


def person(number: int) -> dict[str, object]:
    return {
        "uid": f"p-{number}",
        "employee_no": f"E{number}",
        "name": f"职工{number}",
        "party_member": number % 2 == 0,
    }


def add_people(engine: FalkorDBEngine, numbers: range) -> None:
    """One statement per person, so each is one command in the log."""
    for number in numbers:
        upsert_nodes(engine, "Person", [person(number)])


def people(engine: FalkorDBEngine) -> list[str]:
    rows = engine.run("MATCH (p:Person) RETURN p.uid AS uid ORDER BY uid", readonly=True)
    return [row["uid"] for row in rows]


UNSUPERVISED = Supervision(poll_s=3600)
"""For engines a test crashes on purpose: the supervisor never looks."""


def crash(engine: FalkorDBEngine) -> None:
    """kill -9 the server of an ``UNSUPERVISED`` engine (as if it and its owner died), then
    release the owner's lock."""
    assert engine.server.pid is not None
    os.kill(engine.server.pid, signal.SIGKILL)
    wait_for(lambda: not Path(f"/proc/{engine.server.pid}").exists() or _zombie(engine))
    engine.close()


def _zombie(engine: FalkorDBEngine) -> bool:
    stat = Path(f"/proc/{engine.server.pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True


def increments(data_dir: Path) -> list[Path]:
    return sorted((data_dir / AOF_DIR).glob("*.incr.aof"))


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)
