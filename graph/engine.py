"""The engine protocol every storage backend implements, kept deliberately small."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from itertools import islice
from typing import TYPE_CHECKING, Any, LiteralString, Protocol, runtime_checkable

if TYPE_CHECKING:
    from graph.dialect import Dialect

type Row = dict[str, Any]
type Params = Mapping[str, Any]


@runtime_checkable
class Engine(Protocol):
    """A graph store that runs portable, parameterised Cypher.

    Results are plain dicts keyed by the RETURN column names; nodes and relationships
    returned whole come back as their property maps. ``round_trips`` counts statements
    sent, so tests can prove a request costs a constant number of them. ``name`` is what
    the engine is called in reports; ``dialect`` is what code branches on where the engines
    differ (graph.dialect).

    Example:
        >>> rows = engine.run("MATCH (n:Net {level: $level}) RETURN n.uid AS uid", {"level": 2})
        >>> rows[0]["uid"]
        'net-l2'
    """

    name: str
    dialect: Dialect
    round_trips: int

    def run(
        self,
        query: LiteralString,
        params: Params | None = None,
        *,
        readonly: bool = False,
        timeout_ms: int | None = None,
    ) -> list[Row]:
        """Run one statement (atomic on both engines) and return its rows."""
        ...

    def ensure_schema(self) -> list[str]:
        """Create the unique constraints and indexes the schema declares; idempotent.

        Returns the statements that created something new.
        """
        ...

    def bulk_load(self) -> AbstractContextManager[None]:
        """A context in which large batched writes run fastest (e.g. snapshots paused)."""
        ...

    def ping(self) -> bool:
        """True when the store answers."""
        ...

    def clear(self) -> None:
        """Delete every node and relationship (schema stays)."""
        ...

    def close(self) -> None:
        """Release connections (and stop an embedded server this process owns)."""
        ...


def batched[T](rows: Iterable[T], size: int) -> Iterator[list[T]]:
    """Split rows into batches of at most ``size``; a list is sliced, anything else is
    drawn lazily (each batch made only when asked for)."""
    if isinstance(rows, list):
        for start in range(0, len(rows), size):
            yield rows[start : start + size]
        return
    source = iter(rows)
    while batch := list(islice(source, size)):
        yield batch
