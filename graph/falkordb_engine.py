"""The embedded default engine: FalkorDB from falkordblite, one server per data directory."""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any, LiteralString

import redis
from falkordb import FalkorDB
from falkordb.helpers import stringify_param_value
from redis.backoff import NoBackoff
from redis.retry import Retry

from graph.collector import collector_paused
from graph.dialect import (
    ALREADY_EXISTS_MARKERS,
    Dialect,
    falkordb_constraint_commands,
    falkordb_fulltext_ddl,
    falkordb_index_ddl,
)
from graph.embedded_server import EmbeddedServer, Supervision, read_state
from graph.engine import Params, Row
from graph.errors import ConstraintViolation, EngineError, EngineUnavailable
from graph.falkordb_bulk import BulkInsert
from graph.falkordb_results import UnknownPropertyKey, check_reply, decode_rows
from graph.health import Health, persistence_error

_JSON_ESCAPE = re.compile(r"\\[^\\\"]")
"""A JSON escape other than a quote or a backslash (i.e. a control character)."""


_EFFECTS = "EFFECTS_THRESHOLD"
_STATEMENTS_LOGGED = 3_600_000_000
"""An ``EFFECTS_THRESHOLD`` (µs) no statement reaches: each is logged as sent."""


def rows_literal(rows: list[list[Any]]) -> str:
    """``rows`` as a Cypher list literal, the form falkordb-py inlines parameters in.

    Lists of scalars print the same in JSON as in Cypher except for control characters in
    strings and non-finite floats; JSON's encoder is in C and about ten times faster than
    the client's, so it is used whenever neither occurs.

    Example:
        >>> rows_literal([[1, "a\\"b", None, True]])
        '[[1,"a\\\\"b",null,true]]'
    """
    try:
        text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):
        return str(stringify_param_value(rows))
    if "\\" in text and _JSON_ESCAPE.search(text.replace("\\\\", "")):
        return str(stringify_param_value(rows))
    return text


@contextlib.contextmanager
def _translated_errors(data_dir: Path) -> Iterator[None]:
    """The client's errors as the graph layer's; a refused write (``MISCONF``: the log
    cannot be written) names the data directory, a full disk as :class:`DiskFull`."""
    try:
        yield
    except redis.ConnectionError as exc:
        why = read_state(data_dir)
        during = f" ({why.status}: {why.reason})" if why.status != "up" else ""
        raise EngineUnavailable(f"embedded FalkorDB is not reachable: {exc}{during}") from exc
    except redis.ResponseError as exc:
        message = str(exc)
        if message.startswith("MISCONF"):
            raise persistence_error(message, data_dir) from exc
        if "unique constraint" in message.lower():
            raise ConstraintViolation(message) from exc
        raise EngineError(message) from exc


class FalkorDBEngine:
    """Embedded FalkorDB over a Unix socket.

    Client timeouts are explicit: the socket waits ``query_timeout_s`` (a whole-graph
    analysis at two million nodes takes seconds) and the server is given the same budget
    per query, so neither side cuts a legitimate long statement short.

    The client never retries a statement by itself (a write retried after a lost reply
    could apply twice, and retries with backoff made requests hang while the server was
    down): a read is sent once more on a broken connection, and while the supervisor is
    restarting the server every statement fails at once with :class:`EngineUnavailable`.
    """

    name = "falkordb"
    dialect: Dialect = "falkordb"

    def __init__(
        self,
        data_dir: Path,
        *,
        graph_name: str = "redgrid",
        query_timeout_s: float = 300.0,
        connect_timeout_s: float = 10.0,
        start_timeout_s: float = 60.0,
        truncate_damaged_log: bool = False,
        supervision: Supervision | None = None,
    ) -> None:
        self.server = EmbeddedServer.attach(
            data_dir,
            start_timeout=start_timeout_s,
            truncate_damaged_log=truncate_damaged_log,
            supervision=supervision,
        )
        self.graph_name = graph_name
        self.query_timeout_ms = int(query_timeout_s * 1000)
        self._db = FalkorDB(
            unix_socket_path=str(self.server.socket),
            socket_timeout=query_timeout_s + 5,
            socket_connect_timeout=connect_timeout_s,
            retry=Retry(NoBackoff(), 0),
        )
        self.server.on_restart.append(self._db.connection.connection_pool.disconnect)
        self._graph = self._db.select_graph(graph_name)
        self._lock = threading.Lock()
        self.round_trips = 0

    @property
    def connection(self) -> redis.Redis:
        return self._db.connection

    def run(
        self,
        query: LiteralString,
        params: Params | None = None,
        *,
        readonly: bool = False,
        timeout_ms: int | None = None,
    ) -> list[Row]:
        self._check_available()
        with self._lock:
            self.round_trips += 1
        command = self._command(query, params, readonly=readonly, timeout_ms=timeout_ms)
        with _translated_errors(self.server.data_dir):
            try:
                return self._rows(command)
            except redis.BusyLoadingError:
                raise
            except redis.ConnectionError:
                if not readonly:
                    raise
                return self._rows(command)

    def _command(
        self, query: str, params: Params | None, *, readonly: bool, timeout_ms: int | None
    ) -> list[Any]:
        """The command falkordb-py's ``query``/``ro_query`` send: parameters inlined in a
        ``CYPHER`` header, the compact reply format, the server-side timeout (a timeout the
        server cannot parse is its error, translated like any other)."""
        text = self._graph._build_params_header(dict(params or {})) + query
        return [
            "GRAPH.RO_QUERY" if readonly else "GRAPH.QUERY",
            self.graph_name,
            text,
            "--compact",
            "timeout",
            timeout_ms or self.query_timeout_ms,
        ]

    def _rows(self, command: list[Any]) -> list[Row]:
        """Send ``command`` and decode its reply into plain rows (graph.falkordb_results),
        reading the property key names again when the reply names a key created since."""
        with collector_paused():
            reply = self.connection.execute_command(*command)
            check_reply(reply)
            schema = self._graph.schema
            try:
                return decode_rows(reply, schema.properties)
            except UnknownPropertyKey:
                schema.refresh_properties()
                return decode_rows(reply, schema.properties)

    def run_rows(self, query: LiteralString, rows: list[list[Any]]) -> list[list[Any]]:
        """Run a write ``query`` with ``$rows`` bound to a list of positional rows (the bulk
        load's batches), serialising them with :func:`rows_literal`."""
        self._check_available()
        with self._lock:
            self.round_trips += 1
        text = f"CYPHER rows={rows_literal(rows)} {query}"
        with _translated_errors(self.server.data_dir):
            result = self._graph.query(text, timeout=self.query_timeout_ms)
        return [list(row) for row in result.result_set]

    def ensure_schema(
        self, *, fulltext: bool = True, labels: Collection[str] | None = None
    ) -> list[str]:
        """Range indexes, full-text indexes, then unique constraints (only those of
        ``labels`` when given); what exists is kept (FalkorDB answers "already indexed"),
        so a second call returns ``[]``."""
        created = []
        texts = falkordb_fulltext_ddl(labels) if fulltext else []
        for statement in falkordb_index_ddl(labels) + texts:
            if self._tolerate_existing(lambda s=statement: self._graph.query(s)):
                created.append(statement)
        for command in falkordb_constraint_commands(self.graph_name, labels):
            if self._tolerate_existing(lambda c=command: self.connection.execute_command(*c)):
                created.append(" ".join(command))
        return created

    def _tolerate_existing(self, action: Any) -> bool:
        try:
            with _translated_errors(self.server.data_dir):
                action()
        except EngineError as exc:
            if any(marker in str(exc).lower() for marker in ALREADY_EXISTS_MARKERS):
                return False
            raise
        return True

    def _check_available(self) -> None:
        reason = self.server.unavailable_reason()
        if reason:
            raise EngineUnavailable(f"embedded FalkorDB at {self.server.data_dir} is {reason}")

    def health(self) -> Health:
        """Ready, read-only (the log cannot be written: writes are refused, e.g. a full
        disk) or unavailable, with the reason; asks with a short timeout so a probe never
        hangs on a stuck server."""
        reason = self.server.unavailable_reason()
        if reason:
            return Health("unavailable", self.name, reason)
        probe = redis.Redis(
            unix_socket_path=str(self.server.socket),
            socket_timeout=2,
            socket_connect_timeout=2,
            retry=Retry(NoBackoff(), 0),
        )
        try:
            if probe.info("persistence").get("aof_last_write_status") == "ok":
                return Health("ready", self.name)
            # DEL of a key that does not exist writes nothing, but is refused like any
            # write while the log is failing, with the operating system's reason.
            probe.delete("redgrid:write-probe")
            return Health("ready", self.name)
        except redis.ResponseError as exc:
            return Health(
                "read-only", self.name, str(persistence_error(str(exc), self.server.data_dir))
            )
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            why = read_state(self.server.data_dir)
            during = f" ({why.status}: {why.reason})" if why.status != "up" else ""
            return Health("unavailable", self.name, f"the engine does not answer: {exc}{during}")
        finally:
            probe.close()

    def wait_for_indexes(self, timeout_s: float = 600.0) -> None:
        """Indexes created over existing nodes are built in the background; block until
        every one is operational (a full-text query misses nodes until then)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            rows = self.run("CALL db.indexes() YIELD status RETURN status", readonly=True)
            if all(r["status"] == "OPERATIONAL" for r in rows):
                return
            time.sleep(0.05)
        raise EngineError(f"indexes not operational after {timeout_s:.0f}s")

    @contextlib.contextmanager
    def fresh_load(self) -> Iterator[None]:
        """Create a whole graph into this empty one, its full-text indexes built once at
        the end instead of node by node while loading (20× dearer at a million nodes).

        The empty graph is made again without them first: FalkorDB keeps a label's
        full-text options while it has range indexes, so one cannot be dropped and re-added.
        """
        if self.run("MATCH (n) RETURN count(n) AS c", readonly=True)[0]["c"]:
            raise EngineError(f"graph {self.graph_name} is not empty: a fresh load needs it empty")
        with contextlib.suppress(redis.ResponseError):
            self._graph.delete()
        self._graph = self._db.select_graph(self.graph_name)
        self.ensure_schema(fulltext=False)
        self.wait_for_constraints()
        try:
            yield
        finally:
            self.ensure_schema()
            self.wait_for_constraints()
            self.wait_for_indexes()

    @contextlib.contextmanager
    def binary_load(self, progress: Callable[[int], None] | None = None) -> Iterator[BulkInsert]:
        """Create a whole graph into this empty one through ``GRAPH.BULK``
        (graph.falkordb_bulk), building every index and constraint over it once.

        The empty graph is deleted first: the command creates the graph key itself. A
        label's indexes and constraints are laid down as soon as its last node is in (they
        cover nodes only; ``GridNode``'s, which every node has, once every node is in), so
        the server builds them in the background while the client encodes the next labels
        and the relationships. Laid down all together once every node was in, they took the
        load at scale 50 from 177 to 149 s against laying them down after it; kept up while
        their own label loads they cost more (scale 10: 75–98 s against 39–69 s laid down
        after the load).
        """
        exists = self.connection.exists(self.graph_name)
        if exists and self.run("MATCH (n) RETURN count(n) AS c", readonly=True)[0]["c"]:
            raise EngineError(f"graph {self.graph_name} is not empty: a fresh load needs it empty")
        with contextlib.suppress(redis.ResponseError):
            self._graph.delete()
        self._graph = self._db.select_graph(self.graph_name)
        insert = BulkInsert(
            self.connection,
            self.graph_name,
            progress,
            labels_done=lambda labels: self.ensure_schema(labels=labels),
        )
        try:
            with _translated_errors(self.server.data_dir):
                yield insert
                insert.finish()
        finally:
            insert.close()
            self.ensure_schema()
            self.wait_for_constraints(timeout_s=600.0)
            self.wait_for_indexes()

    def wait_for_constraints(self, timeout_s: float = 60.0) -> None:
        """Constraints are built asynchronously; block until every one is operational."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            rows = self.run("CALL db.constraints() YIELD status RETURN status", readonly=True)
            if all(r["status"] == "OPERATIONAL" for r in rows):
                return
            if any(r["status"] == "FAILED" for r in rows):
                raise EngineError("a unique constraint failed to build: duplicate values exist")
            time.sleep(0.05)
        raise EngineError(f"constraints not operational after {timeout_s:.0f}s")

    @contextlib.contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Pause snapshot forks and automatic append-only-file rewrites during a bulk load
        (each forks the server and writes the whole graph; at two million nodes one came
        mid-load), then compact once.

        Meanwhile the log records each write statement as sent instead of its effects
        (FalkorDB's ``EFFECTS_THRESHOLD``, 0 here: every write's changes are recorded one by
        one, 3–10 % of a bulk statement's time). Replaying a statement gives the same graph:
        every value it writes is a parameter (no clock, no random: the portable subset), and
        the log is compacted as the load ends."""
        paused = {"save": "", "auto-aof-rewrite-percentage": "0"}
        saved = {key: str(self.connection.config_get(key).get(key) or "") for key in paused}
        effects = self.connection.execute_command("GRAPH.CONFIG", "GET", _EFFECTS)[1]
        for key, value in paused.items():
            self.connection.config_set(key, value)
        self.connection.execute_command("GRAPH.CONFIG", "SET", _EFFECTS, _STATEMENTS_LOGGED)
        try:
            yield
        finally:
            self.connection.execute_command("GRAPH.CONFIG", "SET", _EFFECTS, effects)
            for key, value in saved.items():
                self.connection.config_set(key, value)
            self.server.compact()

    def ping(self) -> bool:
        try:
            return bool(self.connection.ping())
        except redis.ResponseError:
            return True  # PING is refused while the log cannot be written; reads still work
        except (redis.ConnectionError, redis.TimeoutError):
            return False

    def clear(self) -> None:
        """Drop the graph in one command, then lay the schema down again."""
        with contextlib.suppress(redis.ResponseError):
            self._graph.delete()
        self._graph = self._db.select_graph(self.graph_name)
        self.ensure_schema()
        self.wait_for_constraints()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.connection.close()
        self.server.stop()
