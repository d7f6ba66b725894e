"""The server engine: Neo4j 5 over Bolt with the official driver (the scale-out path).

Every statement runs as one managed transaction (``Driver.execute_query``): reads are
routed as reads, the server is given an explicit transaction timeout, and transient
failures (a cluster leader change, a deadlock) are retried by the driver for a bounded time.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from typing import Any, LiteralString, cast
from urllib.parse import urlsplit, urlunsplit

from neo4j import Driver, GraphDatabase, Query, Result, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)
from neo4j.graph import Node, Path, Relationship

from graph.dialect import Dialect, neo4j_ddl
from graph.engine import Params, Row
from graph.errors import ConstraintViolation, EngineError, EngineUnavailable
from graph.model.base import SEARCH_PROPERTY

__all__ = ["Neo4jEngine", "redact"]

log = logging.getLogger(__name__)

CLEAR_BATCH = 10_000
"""Nodes deleted per transaction by :meth:`Neo4jEngine.clear` (keeps each one small)."""

_CLEAR_QUERY: LiteralString = (
    "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(n) AS deleted"
)

type _Outcome = tuple[list[Row], int]


def _plain(value: Any) -> Any:
    """Nodes and relationships become their property maps; containers are walked.

    A node's map leaves out its derived ``search`` tokens: they are index material, not
    data (ask for ``n.search`` to see them)."""
    if isinstance(value, Node):
        return {key: _plain(v) for key, v in value.items() if key != SEARCH_PROPERTY}
    if isinstance(value, Relationship):
        return {key: _plain(v) for key, v in value.items()}
    if isinstance(value, Path):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _collect(result: Result) -> _Outcome:
    """Turn a result into plain rows plus the number of schema objects it created."""
    rows = [{key: _plain(value) for key, value in record.items()} for record in result]
    counters = result.consume().counters
    return rows, counters.constraints_added + counters.indexes_added


def redact(uri: str) -> str:
    """The URI without any ``user:password@`` part, safe to put in messages and logs.

    Example:
        >>> redact("bolt://neo4j:secret@db:7687")
        'bolt://db:7687'
    """
    parts = urlsplit(uri)
    if "@" not in parts.netloc:
        return uri
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


class Neo4jEngine:
    """Neo4j 5 (single instance, cluster or Aura) through the official ``neo4j`` driver.

    Timeouts are explicit: ``query_timeout_s`` becomes the server-side transaction timeout
    of every statement, ``connect_timeout_s`` bounds opening a connection, and waiting for
    a busy connection pool is bounded by ``acquire_timeout_s`` (default twice the connect
    timeout). ``retry_time_s`` bounds the driver's retries of transient failures, which
    is also how long a statement keeps trying while the server is down.

    Example:
        >>> engine = Neo4jEngine("bolt://localhost:7687", user="neo4j", password="...")
        >>> engine.run("RETURN 1 AS one", readonly=True)
        [{'one': 1}]
    """

    name = "neo4j"
    dialect: Dialect = "neo4j"

    def __init__(
        self,
        uri: str,
        *,
        user: str = "neo4j",
        password: str = "",
        database: str = "neo4j",
        query_timeout_s: float = 300.0,
        connect_timeout_s: float = 10.0,
        acquire_timeout_s: float | None = None,
        retry_time_s: float = 15.0,
    ) -> None:
        self.uri = redact(uri)
        self.database = database
        self.query_timeout_s = query_timeout_s
        self.round_trips = 0
        self._lock = threading.Lock()
        self._driver = self._open_driver(
            uri,
            auth=(user, password),
            connection_timeout=connect_timeout_s,
            connection_acquisition_timeout=acquire_timeout_s or 2 * connect_timeout_s,
            max_transaction_retry_time=retry_time_s,
        )

    def _open_driver(self, uri: str, **config: Any) -> Driver:
        try:
            return GraphDatabase.driver(uri, **config)
        except (ConfigurationError, ValueError) as exc:
            raise EngineUnavailable(f"cannot use Neo4j URI {self.uri}: {exc}") from exc

    def run(
        self,
        query: LiteralString,
        params: Params | None = None,
        *,
        readonly: bool = False,
        timeout_ms: int | None = None,
    ) -> list[Row]:
        rows, _ = self._execute(query, params, readonly=readonly, timeout_ms=timeout_ms)
        return rows

    def _execute(
        self,
        query: LiteralString,
        params: Params | None = None,
        *,
        readonly: bool = False,
        timeout_ms: int | None = None,
    ) -> _Outcome:
        timeout_s = timeout_ms / 1000 if timeout_ms else self.query_timeout_s
        with self._lock:
            self.round_trips += 1
        try:
            return self._driver.execute_query(
                Query(query, timeout=timeout_s),
                dict(params or {}),
                routing_=RoutingControl.READ if readonly else RoutingControl.WRITE,
                database_=self.database,
                result_transformer_=_collect,
            )
        except (Neo4jError, DriverError) as exc:
            raise _translate(exc, self.uri) from exc

    def run_rows(self, query: LiteralString, rows: list[list[Any]]) -> list[list[Any]]:
        """Run a write ``query`` with ``$rows`` bound to positional rows (bulk-load batches)."""
        result, _ = self._execute(query, {"rows": rows})
        return [list(row.values()) for row in result]

    def ensure_schema(self) -> list[str]:
        """Run the derived DDL (each statement ``IF NOT EXISTS``).

        Returns the statements whose summary counted a new constraint or index, so a
        second call returns ``[]`` — also when an equivalent item already existed under
        another name (e.g. one made by neomodel's ``install_labels``). This is a start-up
        step, so connectivity is checked first: a wrong URI or password fails at once
        instead of after the retry budget. New indexes are waited for: Neo4j builds them in
        the background, and a full-text query fails until its index is online.
        """
        self._verify()
        created = []
        for statement in neo4j_ddl():
            _, added = self._execute(cast(LiteralString, statement))
            if added:
                created.append(statement)
        if created:
            self._execute("CALL db.awaitIndexes($seconds)", {"seconds": int(self.query_timeout_s)})
        return created

    @contextlib.contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Nothing to pause on Neo4j: transactional batches are already the fast path
        short of the offline ``neo4j-admin database import``."""
        yield

    def fresh_load(self) -> contextlib.AbstractContextManager[None]:
        """Nothing to defer on Neo4j: its indexes are maintained as transactions commit."""
        return contextlib.nullcontext()

    def ping(self) -> bool:
        """True when the server answers with these credentials; the reason is logged."""
        try:
            self._verify()
        except EngineError as exc:
            log.warning("%s", exc)
            return False
        return True

    def _verify(self) -> None:
        """One connection attempt with the credentials, no retries."""
        try:
            self._driver.verify_connectivity()
        except (Neo4jError, DriverError) as exc:
            raise _translate(exc, self.uri) from exc

    def clear(self) -> None:
        """Delete everything in bounded transactions (a single huge one would exhaust
        the server's transaction memory); constraints and indexes stay."""
        while self.run(_CLEAR_QUERY, {"limit": CLEAR_BATCH})[0]["deleted"]:
            pass

    def close(self) -> None:
        self._driver.close()


def _translate(exc: Neo4jError | DriverError, uri: str) -> EngineError:
    """The graph layer's error for a driver error; messages name the URI, never secrets."""
    if isinstance(exc, ConstraintError):
        return ConstraintViolation(exc.message)
    if isinstance(exc, ServiceUnavailable | SessionExpired):
        return EngineUnavailable(f"Neo4j at {uri} is not reachable: {exc}")
    if isinstance(exc, AuthError):
        return EngineUnavailable(f"Neo4j at {uri} refused the credentials: {exc.message}")
    if isinstance(exc, Neo4jError):
        return EngineError(f"{exc.code}: {exc.message}")
    return EngineError(str(exc))
