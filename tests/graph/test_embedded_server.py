"""The embedded server: persistence across restarts, one server per data directory."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from graph.embedded_server import LOCK_FILE, STATE_FILE
from graph.errors import DataDirectoryBusy
from graph.falkordb_engine import FalkorDBEngine
from graph.schema import relationship_spec
from graph.writer import upsert_nodes, upsert_relationships

PERSON = {"uid": "p-1", "employee_no": "E1", "name": "王建国", "party_member": True}


def _servers_on(socket: Path) -> int:
    """How many redis-server processes listen on this socket (read from /proc)."""
    count = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if str(socket) in cmdline and ") Z" not in stat:
            count += 1
    return count


def _python(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_data_survives_a_stop_and_restart(tmp_path: Path) -> None:
    first = FalkorDBEngine(tmp_path)
    first.ensure_schema()
    upsert_nodes(first, "Person", [PERSON])
    upsert_nodes(
        first, "Net", [{"uid": "n-2", "name": "天然气分公司", "level": 2, "kind": "navigator"}]
    )
    upsert_relationships(
        first,
        relationship_spec("Person", "HEAD_OF", "Net"),
        [{"a": "p-1", "b": "n-2", "since": "2021-03-01"}],
    )
    first_pid = first.server.pid
    first.close()
    assert _servers_on(first.server.socket) == 0

    second = FalkorDBEngine(tmp_path)
    try:
        assert second.server.owner and second.server.pid != first_pid
        rows = second.run(
            "MATCH (p:Person)-[h:HEAD_OF]->(n:Net) RETURN p.name AS p, n.name AS n, h.since AS s",
            readonly=True,
        )
        assert rows == [{"p": "王建国", "n": "天然气分公司", "s": "2021-03-01T00:00:00Z"}]
        assert second.ensure_schema() == [], "schema survives the restart too"
    finally:
        second.close()


def test_schema_rebuilt_after_clear_survives_a_restart(tmp_path: Path) -> None:
    engine = FalkorDBEngine(tmp_path)
    engine.ensure_schema()
    upsert_nodes(engine, "Person", [PERSON])
    engine.clear()
    engine.ensure_schema()
    engine.wait_for_constraints()
    upsert_nodes(engine, "Person", [PERSON | {"uid": "p-2", "employee_no": "E2"}])
    engine.close()

    again = FalkorDBEngine(tmp_path)
    try:
        assert again.run("MATCH (p:Person) RETURN p.uid AS uid", readonly=True) == [{"uid": "p-2"}]
    finally:
        again.close()


def test_a_second_process_connects_to_the_same_server(tmp_path: Path) -> None:
    owner = FalkorDBEngine(tmp_path)
    try:
        owner.ensure_schema()
        upsert_nodes(owner, "Person", [PERSON])
        child = _python(
            """
            import json, sys
            from pathlib import Path
            from graph.falkordb_engine import FalkorDBEngine
            e = FalkorDBEngine(Path(sys.argv[1]))
            n = e.run("MATCH (p:Person) RETURN count(p) AS c")[0]["c"]
            print(json.dumps({"owner": e.server.owner, "pid": e.server.pid, "count": n}))
            e.close()
            """,
            str(tmp_path),
        )
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
        seen = json.loads(out)
        assert seen == {"owner": False, "pid": owner.server.pid, "count": 1}
        assert _servers_on(owner.server.socket) == 1
        assert owner.ping(), "the joining process's close must not stop the owner's server"
    finally:
        owner.close()


def test_a_held_directory_whose_server_is_silent_gives_a_clear_error(tmp_path: Path) -> None:
    holder = _python(
        """
        import fcntl, os, sys, time
        fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, str(os.getpid()).encode())
        print("locked", flush=True)
        time.sleep(60)
        """,
        str(tmp_path / LOCK_FILE),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(DataDirectoryBusy) as caught:
            FalkorDBEngine(tmp_path, start_timeout_s=1)
        message = str(caught.value)
        assert str(tmp_path) in message and str(holder.pid) in message
    finally:
        holder.kill()
        holder.wait()


def test_a_server_left_by_a_killed_owner_is_adopted_not_duplicated(tmp_path: Path) -> None:
    crashed = _python(
        """
        import sys, time
        from pathlib import Path
        from graph.falkordb_engine import FalkorDBEngine
        from graph.writer import upsert_nodes
        e = FalkorDBEngine(Path(sys.argv[1]))
        e.ensure_schema()
        row = {"uid": "p-9", "employee_no": "E9", "name": "赵敏", "party_member": False}
        upsert_nodes(e, "Person", [row])
        print(e.server.pid, flush=True)
        time.sleep(60)
        """,
        str(tmp_path),
    )
    assert crashed.stdout is not None
    server_pid = int(crashed.stdout.readline())
    os.kill(crashed.pid, signal.SIGKILL)
    crashed.wait()

    adopter = FalkorDBEngine(tmp_path)
    try:
        assert adopter.server.owner and adopter.server.pid == server_pid
        assert json.loads((tmp_path / STATE_FILE).read_text())["pid"] == server_pid
        assert adopter.run("MATCH (p:Person) RETURN p.name AS n") == [{"n": "赵敏"}]
        assert _servers_on(adopter.server.socket) == 1
    finally:
        adopter.close()


def test_lock_is_released_on_close(tmp_path: Path) -> None:
    FalkorDBEngine(tmp_path).close()
    fd = os.open(tmp_path / LOCK_FILE, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.close(fd)


def test_client_timeouts_are_set_for_long_analytical_queries(engine: FalkorDBEngine) -> None:
    kwargs = engine.connection.connection_pool.connection_kwargs
    assert kwargs["socket_timeout"] >= 300, "a whole-graph query at scale 50 takes seconds"
    assert engine.query_timeout_ms == 300_000
