"""redgrid backup / restore / check on a running server: counts survive the round trip, a
tampered or misplaced restore is refused, and check exits non-zero on damage."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.backup import MANIFEST_FILE, SNAPSHOT_FILE
from graph.falkordb_engine import FalkorDBEngine
from graph.schema import relationship_spec
from graph.writer import upsert_nodes, upsert_relationships
from queries.stats import graph_stats
from tests.ops.conftest import UNSUPERVISED, add_people, crash, increments

REDGRID = Path(sys.executable).parent / "redgrid"


def redgrid(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(REDGRID), "--data", str(data), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )


@pytest.fixture
def running(tmp_path: Path) -> Iterator[FalkorDBEngine]:
    """A running server with a few people, a net and their HEAD_OF links."""
    engine = FalkorDBEngine(tmp_path / "data")
    engine.ensure_schema()
    add_people(engine, range(12))
    upsert_nodes(engine, "Net", [{"uid": "n-2", "name": "分公司", "level": 2, "kind": "navigator"}])
    upsert_relationships(
        engine,
        relationship_spec("Person", "HEAD_OF", "Net"),
        [{"a": "p-1", "b": "n-2", "since": "2021-03-01"}],
    )
    yield engine
    engine.close()


def test_backup_while_running_then_restore_gives_the_manifest_counts(
    running: FalkorDBEngine, tmp_path: Path
) -> None:
    data = running.server.data_dir
    made = redgrid(data, "backup", str(tmp_path / "backup"), "--json")
    assert made.returncode == 0, made.stderr
    manifest = json.loads(made.stdout)
    stats = graph_stats(running)
    counted = manifest["graphs"]["redgrid"]
    assert {k: v for k, v in stats.nodes.items() if v} == {
        k: v for k, v in counted["nodes"].items() if k != "GridNode"
    }
    assert {k: v for k, v in stats.relationships.items() if v} == counted["relationships"]
    assert (tmp_path / "backup" / MANIFEST_FILE).stat().st_mode & 0o077 == 0

    refused = redgrid(data, "restore", str(tmp_path / "backup"))
    assert refused.returncode == 1 and "not an empty directory" in refused.stderr

    restored = tmp_path / "restored"
    done = redgrid(restored, "restore", str(tmp_path / "backup"))
    assert done.returncode == 0, done.stderr
    after = redgrid(restored, "stats", "--json")
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout)["nodes"] == stats.nodes
    checked = redgrid(restored, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_tampered_backup_is_not_restored(running: FalkorDBEngine, tmp_path: Path) -> None:
    assert redgrid(running.server.data_dir, "backup", str(tmp_path / "b")).returncode == 0
    snapshot = tmp_path / "b" / SNAPSHOT_FILE
    snapshot.write_bytes(snapshot.read_bytes()[:-1] + b"\x00")
    refused = redgrid(tmp_path / "new", "restore", str(tmp_path / "b"))
    assert refused.returncode == 1 and "does not match its manifest" in refused.stderr
    assert not (tmp_path / "new").exists() or not any((tmp_path / "new").iterdir())


def test_check_exits_non_zero_on_a_damaged_log_and_on_orphaned_audit(tmp_path: Path) -> None:
    engine = FalkorDBEngine(tmp_path, supervision=UNSUPERVISED)
    engine.ensure_schema()
    add_people(engine, range(3))
    engine.run(
        "CREATE (:GridNode:AuditEntry {uid: 'au-1', at: 0, actor: 'x', operation: 'update', "
        "target: 'p-missing', target_kind: 'Person'})"
    )
    crash(engine)
    found = redgrid(tmp_path, "check", "--json")
    assert found.returncode == 1
    problems = json.loads(found.stdout)["problems"]
    assert len(problems) == 1 and "au-1 → Person p-missing" in problems[0]

    with increments(tmp_path)[-1].open("ab") as log:
        log.write(b"*3\r\n$5\r\nGRAPH")
    damaged = redgrid(tmp_path, "check")
    assert damaged.returncode == 1 and "truncated command" in damaged.stderr
    repaired = redgrid(tmp_path, "check", "--truncate-damaged-log", "--json")
    assert repaired.returncode == 1, "the orphaned audit entry is still there"
    assert "repaired" in repaired.stderr
    report = json.loads(repaired.stdout)
    assert len(report["problems"]) == 1 and not report["problems"][0].startswith("damaged")
