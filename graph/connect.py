"""Open the configured engine: Neo4j when ``REDGRID_NEO4J_URI`` is set, else embedded FalkorDB."""

from __future__ import annotations

import logging

from graph.engine import Engine
from graph.errors import DiskFull
from graph.settings import StorageSettings

log = logging.getLogger("redgrid.engine")


def open_engine(
    settings: StorageSettings | None = None, *, truncate_damaged_log: bool = False
) -> Engine:
    """Connect (starting the embedded server if this process is the first), make sure the
    schema derived from the neomodel classes is installed, and return the engine.

    ``truncate_damaged_log`` is the operator's explicit consent to start the embedded engine
    from the last complete command of a damaged append-only log (``graph/aof.py``). On a
    full disk the engine opens all the same: reads work, writes raise :class:`DiskFull`."""
    engine = _connect(settings or StorageSettings(), truncate_damaged_log)
    try:
        engine.ensure_schema()
    except DiskFull as exc:
        log.info("schema not checked: %s", exc)
    except BaseException:
        engine.close()
        raise
    return engine


def _connect(settings: StorageSettings, truncate_damaged_log: bool) -> Engine:
    if settings.neo4j_uri:
        from graph.neo4j_engine import Neo4jEngine

        return Neo4jEngine(
            settings.neo4j_uri,
            user=settings.neo4j_user,
            password=settings.neo4j_password.get_secret_value(),
            database=settings.neo4j_database,
            query_timeout_s=settings.query_timeout_s,
            connect_timeout_s=settings.connect_timeout_s,
        )
    from graph.falkordb_engine import FalkorDBEngine

    return FalkorDBEngine(
        settings.data,
        graph_name=settings.graph_name,
        query_timeout_s=settings.query_timeout_s,
        connect_timeout_s=settings.connect_timeout_s,
        start_timeout_s=settings.start_timeout_s,
        truncate_damaged_log=truncate_damaged_log,
    )
