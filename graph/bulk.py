"""The fast path for loading a whole dataset into an EMPTY graph: CREATE instead of MERGE.

On an empty graph nothing can be merged, so nodes are created in ``UNWIND`` batches and
relationships are created between endpoints found by a handle the node batch returned:
FalkorDB's internal id (used only inside one load, never stored or shown: ids are reused
after deletes) or, on Neo4j, the uid through its unique index. Rows travel as positional
lists, which both engines take as parameters and which FalkorDB's client serialises fast.

Validation stays, column by column: :func:`canonical_nodes` and
:func:`canonical_relationships` accept a batch only when every value is already in the
form the neomodel validators would store (so validating it row by row would change
nothing) and nothing would be merged (no repeated uid or relationship identity).
Anything else returns ``None`` and the caller takes the validated MERGE path of
``graph.writer``, which reports errors field by field.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, LiteralString, Protocol, cast, runtime_checkable

from neomodel.properties import (
    BooleanProperty,
    FloatProperty,
    IntegerProperty,
    Property,
    StringProperty,
)

from graph.model.base import SEARCH_PROPERTY
from graph.schema import NodeSpec, RelationshipSpec
from graph.schema import _declared as declared_properties

type Handle = int | str
"""What a node batch returns to find the node again within the same load."""

BULK_BATCH = 5000
"""Rows per statement: large enough to amortise a round trip, small enough that a
FalkorDB query text (parameters are inlined) stays around a megabyte."""


IN_FLIGHT = 2
"""Batches queued for the engine while the client prepares the next one."""


@runtime_checkable
class BulkEngine(Protocol):
    """An engine that takes ``$rows`` batches through its fastest parameter path."""

    name: str

    def run_rows(self, query: LiteralString, rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
        """Run ``query`` with ``$rows`` bound to ``rows``; return the result as lists."""
        ...


@dataclass(frozen=True, slots=True)
class NodeBatch:
    """One label's canonical rows, held by column: ``values[i]`` is ``columns[i]`` of
    every row (``None`` where a row has no value)."""

    spec: NodeSpec
    uids: list[str]
    columns: list[str]
    values: list[list[Any]]

    def __len__(self) -> int:
        return len(self.uids)


@dataclass(frozen=True, slots=True)
class RelationshipBatch:
    """One declared relationship's canonical rows by column: endpoints ``a``/``b`` (uids)
    and property ``values`` in ``columns`` order."""

    spec: RelationshipSpec
    a: list[str]
    b: list[str]
    columns: list[str]
    values: list[list[Any]]

    def __len__(self) -> int:
        return len(self.a)


# --- column-wise validation ---------------------------------------------------------------


def _keeps(prop: Property, value: Any) -> bool:
    """True when the property's own validator stores ``value`` unchanged."""
    try:
        return bool(prop.deflate(value) == value)
    except Exception:
        return False


def _value_check(prop: Property) -> Callable[[Any], bool] | None:
    """A predicate true for a non-null value the property's validator would keep as it is,
    or ``None`` for a property kind this module does not know (the caller falls back)."""
    if isinstance(prop, StringProperty):
        choices = prop.choices
        max_length = prop.max_length
        plain = type(prop) is StringProperty

        def check(value: Any) -> bool:
            if type(value) is not str or not value.strip():
                return False
            if choices is not None and value not in choices:
                return False
            if max_length is not None and len(value) > max_length:
                return False
            return plain or _keeps(prop, value)

        return check
    if type(prop) is IntegerProperty:
        return lambda value: type(value) is int
    if type(prop) is FloatProperty:
        return lambda value: type(value) is float and math.isfinite(value)
    if type(prop) is BooleanProperty:
        return lambda value: type(value) is bool
    return None


def _canonical_columns(
    declared: Mapping[str, Property], rows: Sequence[Mapping[str, Any]], skip: tuple[str, ...]
) -> list[str] | None:
    """The declared properties present in ``rows`` (declaration order), or ``None`` when a
    row holds an undeclared key or any value the validator would change or reject.

    Each column's distinct values are checked once: dates, choices and flags repeat a lot.
    """
    keys: set[str] = set()
    for row in rows:
        keys.update(row)
    keys.difference_update(skip)
    if keys - declared.keys():
        return None
    columns = []
    for name, prop in declared.items():
        if name not in keys:
            if prop.required or prop.has_default:
                return None
            continue
        check = _value_check(prop)
        if check is None:
            return None
        try:
            values = {row.get(name) for row in rows}
        except TypeError:  # an unhashable value: not a scalar the schema declares
            return None
        if None in values:
            # A missing value is stored as nothing, unless the validator would fill or refuse it.
            if prop.required or prop.has_default:
                return None
            values.discard(None)
        if not all(check(v) for v in values):
            return None
        columns.append(name)
    return columns


def canonical_nodes(spec: NodeSpec, rows: Sequence[Mapping[str, Any]]) -> NodeBatch | None:
    """The rows as a :class:`NodeBatch` with the derived ``search`` tokens added, or
    ``None`` when row-by-row validation could change or reject something."""
    if any(SEARCH_PROPERTY in row for row in rows):
        return None
    columns = _canonical_columns(declared_properties(spec.cls), rows, ())
    if columns is None:
        return None
    uids = [row["uid"] for row in rows]
    if len(set(uids)) != len(uids):
        return None
    values = [[row.get(name) for row in rows] for name in columns]
    if spec.searchable:
        columns = [*columns, SEARCH_PROPERTY]
        values.append([spec.search_tokens(row) for row in rows])
    return NodeBatch(spec, uids, columns, values)


def canonical_relationships(
    spec: RelationshipSpec, rows: Sequence[Mapping[str, Any]]
) -> RelationshipBatch | None:
    """The rows as a :class:`RelationshipBatch`, or ``None`` when validation could change
    or reject a value, or when MERGE would fold two rows into one relationship."""
    a = [row.get("a") for row in rows]
    b = [row.get("b") for row in rows]
    if not all(a) or not all(b):
        return None
    declared = declared_properties(spec.model) if spec.model is not None else {}
    columns = _canonical_columns(declared, rows, ("a", "b"))
    if columns is None:
        return None
    values = [[row.get(name) for row in rows] for name in columns]
    identity = [values[columns.index(name)] for name in spec.identity if name in columns]
    if len(spec.identity) != len(identity) or len(set(zip(a, b, *identity, strict=True))) != len(
        rows
    ):
        return None
    return RelationshipBatch(spec, a, b, columns, values)


def prepare(
    nodes: Iterable[tuple[NodeSpec, Sequence[Mapping[str, Any]]]],
    relationships: Iterable[tuple[RelationshipSpec, Sequence[Mapping[str, Any]]]],
) -> tuple[list[NodeBatch], list[RelationshipBatch]] | None:
    """Every label and relationship canonical, or ``None`` at the first that is not."""
    node_batches = []
    for spec, rows in nodes:
        node_batch = canonical_nodes(spec, rows)
        if node_batch is None:
            return None
        node_batches.append(node_batch)
    rel_batches = []
    for rel, rows in relationships:
        rel_batch = canonical_relationships(rel, rows)
        if rel_batch is None:
            return None
        rel_batches.append(rel_batch)
    return node_batches, rel_batches


# --- statements and writing ---------------------------------------------------------------


def _literal(text: str) -> LiteralString:
    """Mark a statement assembled only from schema-of-record names as a literal."""
    return cast(LiteralString, text)


def _sets(variable: str, columns: Sequence[str], offset: int) -> str:
    assignments = [f"{variable}.{name} = row[{offset + i}]" for i, name in enumerate(columns)]
    return f" SET {', '.join(assignments)}" if assignments else ""


def node_statement(engine: BulkEngine, batch: NodeBatch) -> LiteralString:
    """``CREATE`` one node per row; FalkorDB returns the internal id of each, in row order."""
    labels = ":".join(batch.spec.labels)
    text = f"UNWIND $rows AS row CREATE (n:{labels}){_sets('n', batch.columns, 0)}"
    if engine.name == "falkordb":
        text += " RETURN id(n) AS id"
    return _literal(text)


def relationship_statement(engine: BulkEngine, batch: RelationshipBatch) -> LiteralString:
    """``CREATE`` one relationship per row between endpoints found by their handles."""
    rel = batch.spec
    if engine.name == "falkordb":
        match = "MATCH (a), (b) WHERE id(a) = row[0] AND id(b) = row[1]"
    else:
        match = f"MATCH (a:{rel.source} {{uid: row[0]}}) MATCH (b:{rel.target} {{uid: row[1]}})"
    return _literal(
        f"UNWIND $rows AS row {match} CREATE (a)-[r:{rel.type}]->(b){_sets('r', batch.columns, 2)}"
    )


@dataclass(slots=True)
class LoadCounts:
    """Rows written per label and per relationship type."""

    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)


def create_all(
    engine: BulkEngine,
    nodes: Sequence[NodeBatch],
    relationships: Sequence[RelationshipBatch],
    *,
    batch_size: int = BULK_BATCH,
    progress: Callable[[int], None] | None = None,
    describe: Callable[[str], None] | None = None,
) -> LoadCounts:
    """Create every node, then every relationship between them; return what was written.

    Statements go out from one worker thread while this one builds the next batch, so
    the engine's work and the client's overlap (at most :data:`IN_FLIGHT` batches queued).
    """
    counts = LoadCounts()
    handles: dict[str, Handle] = {}
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-load") as sender:
        pending: deque[tuple[Future[list[list[Any]]], list[str] | None, int]] = deque()

        def settle(limit: int) -> None:
            while len(pending) > limit:
                future, uids, n = pending.popleft()
                result = future.result()
                if uids is not None:
                    if len(result) != len(uids):
                        raise RuntimeError(f"a node batch created {len(result)} of {len(uids)}")
                    handles.update(zip(uids, (row[0] for row in result), strict=True))
                if progress:
                    progress(n)

        for node_batch in nodes:
            if describe:
                describe(f"nodes {node_batch.spec.label}")
            query = node_statement(engine, node_batch)
            own_ids = engine.name == "falkordb"
            for start in range(0, len(node_batch), batch_size):
                end = start + batch_size
                uids = node_batch.uids[start:end]
                rows = list(zip(*(column[start:end] for column in node_batch.values), strict=True))
                if not own_ids:
                    handles.update(zip(uids, uids, strict=True))
                pending.append(
                    (
                        sender.submit(engine.run_rows, query, rows),
                        uids if own_ids else None,
                        len(rows),
                    )
                )
                settle(IN_FLIGHT)
            counts.nodes[node_batch.spec.label] = len(node_batch)
        settle(0)
        for rel_batch in relationships:
            spec = rel_batch.spec
            if describe:
                describe(f"{spec.source}-[:{spec.type}]->{spec.target}")
            query = relationship_statement(engine, rel_batch)
            for start in range(0, len(rel_batch), batch_size):
                end = start + batch_size
                rows = list(
                    zip(
                        map(handles.__getitem__, rel_batch.a[start:end]),
                        map(handles.__getitem__, rel_batch.b[start:end]),
                        *(column[start:end] for column in rel_batch.values),
                        strict=True,
                    )
                )
                pending.append((sender.submit(engine.run_rows, query, rows), None, len(rows)))
                settle(IN_FLIGHT)
            counts.relationships[spec.type] = counts.relationships.get(spec.type, 0) + len(
                rel_batch
            )
        settle(0)
    return counts
