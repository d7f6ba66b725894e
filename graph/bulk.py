"""The fast path for loading a whole dataset into an EMPTY graph: CREATE instead of MERGE.

On an empty graph nothing can be merged, so nodes are created in ``UNWIND`` batches and
relationships are created between endpoints found by a handle the node batch returned:
FalkorDB's internal id (used only inside one load, never stored or shown: ids are reused
after deletes) or, on Neo4j, the uid through its unique index. Rows travel as positional
lists, which both engines take as parameters and which FalkorDB's client serialises fast.
An engine with a binary bulk command (FalkorDB's ``GRAPH.BULK``, graph.falkordb_bulk) is
given the same checked rows column by column instead; its handles are internal ids too.

Validation stays, column by column: :func:`canonical_nodes` and
:func:`canonical_relationships` accept a label or relationship only when every value is
already in the form the neomodel validators would store (so validating it row by row
would change nothing) and nothing would be merged (no repeated uid or relationship
identity). Anything else stops the fast path and the caller takes the validated MERGE
path of ``graph.writer``, which reports errors field by field; MERGE over what the fast
path created so far changes nothing, so the switch is safe at any point.
"""

from __future__ import annotations

import math
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, LiteralString, Protocol, cast, runtime_checkable

import numpy as np
from neomodel.properties import (
    ArrayProperty,
    BooleanProperty,
    FloatProperty,
    IntegerProperty,
    Property,
    StringProperty,
)

from graph.dialect import Dialect
from graph.geometry import GeometryProperty, unvouched_territories
from graph.model.base import SEARCH_PROPERTY
from graph.pipeline import Pipeline
from graph.schema import NodeSpec, RelationshipSpec, searchable_specs
from graph.schema import _declared as declared_properties

type Handle = int | str
"""What a node batch returns to find the node again within the same load."""

type Rows = Sequence[Mapping[str, Any]]

BULK_BATCH = 5000
"""Rows per statement: large enough to amortise a round trip, small enough that a
FalkorDB query text (parameters are inlined) stays around a megabyte."""

IN_FLIGHT = 3
"""Batches queued for the engine while the client prepares the next ones."""

BINARY_BATCH = 20_000
"""Rows encoded at a time for an engine's binary bulk command (its own calls gather many)."""


class NotCarried(ValueError):
    """A value the engine's binary bulk format cannot carry as the statement path would
    store it: the fast path stops and the caller takes the MERGE path."""


@runtime_checkable
class BulkEngine(Protocol):
    """An engine that creates batches of ``$rows`` through its fastest parameter path."""

    dialect: Dialect

    def run_rows(self, query: LiteralString, rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
        """Run ``query`` with ``$rows`` bound to ``rows``; return the result as lists."""
        ...

    def fresh_load(self) -> AbstractContextManager[None]:
        """A context for creating a whole graph into an empty one (indexes that are
        cheaper to build once afterwards are built on leaving it)."""
        ...


class BinaryInsert(Protocol):
    """An engine's binary bulk command into a new graph (FalkorDB's ``GRAPH.BULK``)."""

    def nodes(
        self, labels: Sequence[str], columns: Sequence[str], values: Sequence[Sequence[Any]]
    ) -> Sequence[int]:
        """Create a node per row, given column by column (``values[i]`` holds
        ``columns[i]``); return their handles in row order."""
        ...

    def relationships(
        self, rel_type: str, columns: Sequence[str], values: Sequence[Sequence[Any]]
    ) -> None:
        """Create a relationship per row, given column by column: source handles, target
        handles, then one list per name in ``columns``."""
        ...

    def labels_complete(self, labels: Collection[str]) -> None:
        """Every node of ``labels`` is given: the engine may index them now."""
        ...

    def check_ids(self, expected: dict[int, str]) -> None:
        """Once every node is created: raise unless each handle names the expected uid."""
        ...


@runtime_checkable
class BinaryBulkEngine(Protocol):
    """An engine that can create a whole graph through a binary bulk command."""

    def binary_load(
        self, progress: Callable[[int], None] | None = None
    ) -> AbstractContextManager[BinaryInsert]:
        """A context for creating a whole graph into an empty one; every index and
        constraint is built on leaving it."""
        ...


@dataclass(frozen=True, slots=True)
class NodeBatch:
    """One label's rows, vouched for by :func:`canonical_nodes`, read out in slices."""

    spec: NodeSpec
    properties: list[str]
    """The declared properties the rows hold, in declaration order."""
    source: Rows

    def __len__(self) -> int:
        return len(self.source)

    @property
    def columns(self) -> list[str]:
        """What each row holds: the properties, then the derived ``search`` tokens."""
        return [*self.properties, SEARCH_PROPERTY] if self.spec.searchable else self.properties

    def uids(self, start: int, end: int) -> list[str]:
        return [row["uid"] for row in self.source[start:end]]

    def rows(self, start: int, end: int) -> list[list[Any]]:
        """Rows ``start:end`` as positional lists in :attr:`columns` order."""
        names = self.properties
        chunk = self.source[start:end]
        out = [[row.get(name) for name in names] for row in chunk]
        if self.spec.searchable:
            tokens = self.spec.search_tokens
            for row, values in zip(chunk, out, strict=True):
                values.append(tokens(row))
        return out

    def values(
        self, start: int, end: int, search: list[str | None] | None = None
    ) -> list[list[Any]]:
        """Rows ``start:end`` column by column, in :attr:`columns` order; ``search``, the
        rows' ``search`` tokens when they were worked out elsewhere (:class:`SearchHelper`)."""
        chunk = self.source[start:end]
        out = [[row.get(name) for row in chunk] for name in self.properties]
        if self.spec.searchable:
            out.append(search if search is not None else list(map(self.spec.search_tokens, chunk)))
        return out


@dataclass(frozen=True, slots=True)
class RelationshipBatch:
    """One declared relationship's rows, vouched for by :func:`canonical_relationships`."""

    spec: RelationshipSpec
    columns: list[str]
    """The declared properties the rows hold, in declaration order."""
    source: Rows
    ends: tuple[list[int], list[int]] | None = None
    """Every row's source and target node ids, when the check was given them."""

    def __len__(self) -> int:
        return len(self.source)

    def rows(self, start: int, end: int, handles: Mapping[str, Handle]) -> list[list[Any]]:
        """Rows ``start:end`` as ``[a handle, b handle, *properties]``."""
        names = self.columns
        return [
            [handles[row["a"]], handles[row["b"]], *[row.get(name) for name in names]]
            for row in self.source[start:end]
        ]

    def values(self, start: int, end: int, handles: Mapping[str, Handle]) -> list[list[Any]]:
        """Rows ``start:end`` column by column: a handles, b handles, then :attr:`columns`."""
        chunk = self.source[start:end]
        sources: list[Any]
        targets: list[Any]
        if self.ends is not None:
            sources, targets = self.ends[0][start:end], self.ends[1][start:end]
        else:
            sources = [handles[row["a"]] for row in chunk]
            targets = [handles[row["b"]] for row in chunk]
        return [sources, targets, *[[row.get(name) for row in chunk] for name in self.columns]]


# --- column-wise validation ---------------------------------------------------------------


def _keeps(prop: Property, value: Any) -> bool:
    """True when the property's own validator stores ``value`` unchanged."""
    try:
        return bool(prop.deflate(value) == value)
    except Exception:
        return False


def _frozen(value: Any) -> Any:
    """A list value as a tuple, so a column's distinct values can be collected in a set."""
    return tuple(value) if type(value) is list else value


def _only(kind: type, values: set[Any]) -> bool:
    return set(map(type, values)) <= {kind}


def _column_check(prop: Property) -> Callable[[set[Any]], bool] | None:
    """A predicate true for a column's distinct non-null values when the property's
    validator would keep each as it is, or ``None`` for a property kind this module does
    not know (the caller falls back). Written with C-level set and ``map`` operations: a
    column of unique names or uids has as many distinct values as rows."""
    if isinstance(prop, StringProperty):
        choices = set(prop.choices) if prop.choices is not None else None
        max_length = prop.max_length
        plain = type(prop) is StringProperty

        def strings(values: set[Any]) -> bool:
            if not _only(str, values) or not all(map(str.strip, values)):
                return False
            if choices is not None and not values <= choices:
                return False
            if max_length is not None and values and max(map(len, values)) > max_length:
                return False
            if plain:
                return True
            if type(prop) is GeometryProperty:
                values = set(unvouched_territories(values))
            return all(_keeps(prop, value) for value in values)

        return strings
    if type(prop) is ArrayProperty and prop.base_property is not None:
        each = _column_check(prop.base_property)
        if each is None:
            return None
        items = each

        def arrays(values: set[Any]) -> bool:
            # Lists arrive frozen to tuples (see _canonical_columns); stored as lists.
            if not _only(tuple, values):
                return False
            try:
                return items({item for value in values for item in value})
            except TypeError:  # an unhashable item: not a scalar the schema declares
                return False

        return arrays
    if type(prop) is IntegerProperty:
        return lambda values: _only(int, values)
    if type(prop) is FloatProperty:
        return lambda values: _only(float, values) and all(map(math.isfinite, values))
    if type(prop) is BooleanProperty:
        return lambda values: _only(bool, values)
    return None


def _canonical_columns(
    declared: Mapping[str, Property], rows: Sequence[Mapping[str, Any]], skip: tuple[str, ...]
) -> list[str] | None:
    """The declared properties present in ``rows`` (declaration order), or ``None`` when a
    row holds an undeclared key or any value the validator would change or reject.

    Each column's distinct values are checked once: dates, choices and flags repeat a lot.
    """
    keys: set[str] = set().union(*rows)
    keys.difference_update(skip)
    if keys - declared.keys():
        return None
    columns = []
    for name, prop in declared.items():
        if name not in keys:
            if prop.required or prop.has_default:
                return None
            continue
        check = _column_check(prop)
        if check is None:
            return None
        try:
            if isinstance(prop, ArrayProperty):
                values = {_frozen(row.get(name)) for row in rows}
            else:
                values = {row.get(name) for row in rows}
        except TypeError:  # an unhashable value: not a scalar the schema declares
            return None
        if None in values:
            # A missing value is stored as nothing, unless the validator would fill or refuse it.
            if prop.required or prop.has_default:
                return None
            values.discard(None)
        if not check(values):
            return None
        columns.append(name)
    return columns


def canonical_nodes(spec: NodeSpec, rows: Rows) -> NodeBatch | None:
    """The rows as a :class:`NodeBatch`, or ``None`` when row-by-row validation could
    change or reject something (the derived ``search`` tokens are added when read out)."""
    if any(SEARCH_PROPERTY in row for row in rows):
        return None
    properties = _canonical_columns(declared_properties(spec.cls), rows, ())  # type: ignore[arg-type]
    if properties is None:
        return None
    if len(set(map(itemgetter("uid"), rows))) != len(rows):
        return None
    return NodeBatch(spec, properties, rows)


def canonical_relationships(
    spec: RelationshipSpec, rows: Rows, ids: Mapping[str, int] | None = None
) -> RelationshipBatch | None:
    """The rows as a :class:`RelationshipBatch`, or ``None`` when validation could change
    or reject a value, or when MERGE would fold two rows into one relationship.

    ``ids``, the internal id of every node already created (the binary path), resolves each
    row's endpoints once here: the batch carries them, and two rows are told apart by those
    ids instead of by tuples of uids (a uid names one node, so the answer is the same).
    """
    try:
        sources = list(map(itemgetter("a"), rows))
        targets = list(map(itemgetter("b"), rows))
    except KeyError:
        return None
    if not (all(sources) and all(targets)):
        return None
    declared = declared_properties(spec.model) if spec.model is not None else {}
    columns = _canonical_columns(declared, rows, ("a", "b"))
    if columns is None or not set(spec.identity) <= set(columns):
        return None
    if ids is not None:
        try:
            ends = list(map(ids.__getitem__, sources)), list(map(ids.__getitem__, targets))
            identity = [list(map(itemgetter(name), rows)) for name in spec.identity]
        except (KeyError, TypeError):
            return None
        distinct = _distinct_keys(*ends, identity)
        if distinct is not None:
            return RelationshipBatch(spec, columns, rows, ends) if distinct else None
    try:
        keys = set(map(itemgetter("a", "b", *spec.identity), rows))
    except (KeyError, TypeError):
        return None
    if len(keys) != len(rows):
        return None
    return RelationshipBatch(spec, columns, rows)


def _distinct_keys(
    sources: list[int], targets: list[int], identity: list[list[Any]]
) -> bool | None:
    """True when no two rows share their source, target and ``identity`` values, or
    ``None`` when those do not fit one 63-bit key a row (the caller compares tuples).

    Each identity value becomes its number among the column's distinct values, and a
    row's key is the mixed-radix number of its ids and those numbers; sorting the keys in
    numpy finds a repeat without a tuple and a hash per row (2.25 M rows at scale 10).
    """
    if not sources:
        return True
    radix = max(max(sources), max(targets)) + 1
    digits = [np.asarray(sources, dtype=np.int64), np.asarray(targets, dtype=np.int64)]
    radices = [radix, radix]
    for column in identity:
        numbers = {value: number for number, value in enumerate(set(column))}
        digits.append(np.fromiter(map(numbers.__getitem__, column), np.int64, len(column)))
        radices.append(len(numbers))
    if math.prod(radices) >= 2**63:
        return None
    keys = digits[0]
    for digit, base in zip(digits[1:], radices[1:], strict=True):
        keys = keys * base + digit
    keys.sort()
    return not bool((keys[1:] == keys[:-1]).any())


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
    if engine.dialect == "falkordb":
        text += " RETURN id(n) AS id"
    return _literal(text)


def relationship_statement(engine: BulkEngine, batch: RelationshipBatch) -> LiteralString:
    """``CREATE`` one relationship per row between endpoints found by their handles."""
    rel = batch.spec
    if engine.dialect == "falkordb":
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


class _Sender:
    """Sends statements from one worker thread while the caller prepares the next ones;
    at most :data:`IN_FLIGHT` wait. Node batches' ids are recorded as handles."""

    def __init__(self, engine: BulkEngine, progress: Callable[[int], None] | None) -> None:
        self.engine = engine
        self.progress = progress
        self.handles: dict[str, Handle] = {}
        self._calls = Pipeline(workers=1, limit=IN_FLIGHT + 1, name="bulk-load")

    def send(self, query: LiteralString, rows: list[list[Any]], uids: list[str] | None) -> None:
        def done(result: list[list[Any]]) -> None:
            if uids is not None:
                if len(result) != len(uids):
                    raise RuntimeError(f"a node batch created {len(result)} of {len(uids)}")
                self.handles.update(zip(uids, (row[0] for row in result), strict=True))
            if self.progress:
                self.progress(len(rows))

        self._calls.submit(self.engine.run_rows, query, rows, done=done)

    def settle(self) -> None:
        """Wait for every statement sent (raising their errors)."""
        self._calls.settle()

    def close(self) -> None:
        self._calls.close()


def create_all(
    engine: BulkEngine,
    nodes: Iterable[tuple[NodeSpec, Rows]],
    relationships: Iterable[tuple[RelationshipSpec, Rows]],
    *,
    batch_size: int = BULK_BATCH,
    progress: Callable[[int], None] | None = None,
    describe: Callable[[str], None] | None = None,
    search: SearchHelper | None = None,
) -> LoadCounts | None:
    """Create every node, then every relationship between them, into an empty graph.

    Each label and relationship is checked just before it is written, so checking and
    writing overlap. Returns what was written, or ``None`` as soon as a label or
    relationship is not canonical: the caller then loads the dataset through the MERGE
    path, which keeps what was created and validates the rest row by row.

    An engine with a binary bulk command (:class:`BinaryBulkEngine`) is given the same
    checked rows through it instead of ``UNWIND`` statements, and the searchable labels'
    ``search`` tokens are worked out by ``search`` (offered the rows and closed here), or
    by a :class:`SearchHelper` of its own.
    """
    if isinstance(engine, BinaryBulkEngine):
        return _create_binary(engine, nodes, relationships, progress, describe, search)
    counts = LoadCounts()
    sender = _Sender(engine, progress)
    try:
        with engine.fresh_load():
            for spec, source in nodes:
                node_batch = canonical_nodes(spec, source)
                if node_batch is None:
                    return None
                if describe:
                    describe(f"nodes {spec.label}")
                query = node_statement(engine, node_batch)
                own_ids = engine.dialect == "falkordb"
                for start in range(0, len(node_batch), batch_size):
                    end = start + batch_size
                    uids = node_batch.uids(start, end)
                    if not own_ids:
                        sender.handles.update(zip(uids, uids, strict=True))
                    sender.send(query, node_batch.rows(start, end), uids if own_ids else None)
                counts.nodes[spec.label] = len(node_batch)
            sender.settle()
            for rel, source in relationships:
                rel_batch = canonical_relationships(rel, source)
                if rel_batch is None:
                    return None
                if describe:
                    describe(f"{rel.source}-[:{rel.type}]->{rel.target}")
                query = relationship_statement(engine, rel_batch)
                for start in range(0, len(rel_batch), batch_size):
                    rows = rel_batch.rows(start, start + batch_size, sender.handles)
                    sender.send(query, rows, None)
                written = counts.relationships.get(rel.type, 0) + len(rel_batch)
                counts.relationships[rel.type] = written
            sender.settle()
    finally:
        sender.close()
    return counts


class SearchHelper:
    """The ``search`` tokens of node rows worked out in a helper process
    (``python -m graph.search_text``) while this one does something else: generates the
    dataset (``seed_database`` offers each phase's rows as it ends, when one core is
    otherwise idle), then checks and encodes the rest of the load.

    :meth:`offer` queues each searchable label's rows not offered yet; a thread sends their
    search fields' values in slices of :data:`BINARY_BATCH` rows and a second reads the
    answers as they come, so neither process waits for the other. Rows may change after
    they were offered (the generator goes on), so :meth:`tokens` gives a slice's answer
    only when the slice's values are still the ones sent, and ``None`` otherwise, as when
    the helper failed: the caller then works them out itself, the same values either way.

    Example:
        >>> helper = SearchHelper()  # doctest: +SKIP
        >>> helper.offer({"Net": rows}); helper.finish()  # doctest: +SKIP
        >>> helper.tokens(node_spec("Net"), rows[:20_000], 0)  # doctest: +SKIP
    """

    def __init__(self) -> None:
        root = str(Path(__file__).resolve().parent.parent)  # the directory holding graph/
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
        self._process = subprocess.Popen(
            [sys.executable, "-m", "graph.search_text"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # a value it cannot tokenise fails here as before
            env=env,
        )
        self._labels: dict[str, _Offered] = {}
        self._lock = threading.Lock()
        self._over = False
        """The helper answers no more (set by the receiver, under the lock)."""
        self._outbox: queue.SimpleQueue[_Offered | None] = queue.SimpleQueue()
        self._sent: queue.SimpleQueue[_Offered] = queue.SimpleQueue()
        """The label of each request written, in order: whose the next answer is."""
        self._threads = [
            threading.Thread(target=self._send, name="search-send", daemon=True),
            threading.Thread(target=self._receive, name="search-receive", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def offer(self, nodes: Mapping[str, Rows]) -> None:
        """Queue the search values of each searchable label in ``nodes`` that has rows and
        was not offered before (a label is sent once, as its rows are now)."""
        for spec in searchable_specs():
            rows = nodes.get(spec.label)
            if rows and spec.label not in self._labels:
                offered = _Offered()
                for start in range(0, len(rows), BINARY_BATCH):
                    offered.columns.append(search_columns(spec, rows[start : start + BINARY_BATCH]))
                with self._lock:
                    self._labels[spec.label] = offered
                    if self._over:
                        offered.answers.put(None)
                self._outbox.put(offered)

    def finish(self) -> None:
        """Nothing more will be offered: the helper ends once it has answered the rest."""
        self._outbox.put(None)

    def _send(self) -> None:
        pipe = self._process.stdin
        assert pipe is not None
        try:
            with pipe:
                while (offered := self._outbox.get()) is not None:
                    for columns in offered.columns:
                        request = pickle.dumps(columns, protocol=pickle.HIGHEST_PROTOCOL)
                        self._sent.put(offered)
                        pipe.write(len(request).to_bytes(8, "little") + request)
                    pipe.flush()  # the next offer may be a phase of the generator away
        except Exception:
            pass  # the pipe is closed either way: the helper ends and the receiver says so

    def _receive(self) -> None:
        pipe = self._process.stdout
        assert pipe is not None
        try:
            while header := pipe.read(8):
                answer = pickle.loads(pipe.read(int.from_bytes(header, "little")))
                self._sent.get_nowait().answers.put(answer)
        except (OSError, ValueError, EOFError, pickle.UnpicklingError, queue.Empty):
            pass
        with self._lock:
            self._over = True
            for offered in self._labels.values():
                offered.answers.put(None)  # no more answers: the last ones, or a failure

    def tokens(self, spec: NodeSpec, rows: Rows, number: int) -> list[str | None] | None:
        """The tokens of ``rows``, the ``number``-th slice of :data:`BINARY_BATCH` rows of
        ``spec``'s label (asked for in order), or ``None`` when the caller must work them out:
        the label was not offered, the helper failed, or the rows' search values are not
        the ones sent."""
        offered = self._labels.get(spec.label)
        if offered is None or offered.ended or number >= len(offered.columns):
            return None
        answer = offered.answers.get()
        if answer is None:
            offered.ended = True
            return None
        if offered.columns[number] != search_columns(spec, rows):
            return None  # changed after it was offered
        return answer

    def close(self) -> None:
        """Stop the helper (if it is still working) and its threads; safe to call again."""
        self.finish()
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for thread in self._threads:
            thread.join()
        if self._process.stdout is not None:
            self._process.stdout.close()


@dataclass(slots=True)
class _Offered:
    """One label's slices as sent to the :class:`SearchHelper`, and their answers."""

    columns: list[list[list[Any]]] = field(default_factory=list)
    """Each slice's search values as offered (:func:`search_columns`)."""
    answers: queue.SimpleQueue[list[str | None] | None] = field(default_factory=queue.SimpleQueue)
    ended: bool = False


def search_columns(spec: NodeSpec, rows: Rows) -> list[list[Any]]:
    """The values of ``spec``'s search fields in ``rows``, one list per field."""
    return [[row.get(name) for row in rows] for name in spec.search_fields]


def _create_binary(
    engine: BinaryBulkEngine,
    nodes: Iterable[tuple[NodeSpec, Rows]],
    relationships: Iterable[tuple[RelationshipSpec, Rows]],
    progress: Callable[[int], None] | None,
    describe: Callable[[str], None] | None,
    search: SearchHelper | None,
) -> LoadCounts | None:
    """:func:`create_all` through the engine's binary bulk command.

    The handles it returns are checked for each label's first and last node before any
    relationship names them.
    """
    counts = LoadCounts()
    handles: dict[str, int] = {}
    expected: dict[int, str] = {}
    nodes = list(nodes)
    specs_left = Counter(label for spec, _ in nodes for label in spec.labels)
    if search is None:
        search = SearchHelper()
    search.offer({spec.label: rows for spec, rows in nodes})
    search.finish()
    try:
        with engine.binary_load(progress) as insert:
            try:
                for spec, source in nodes:
                    node_batch = canonical_nodes(spec, source)
                    if node_batch is None:
                        return None
                    if describe:
                        describe(f"nodes {spec.label}")
                    for start in range(0, len(node_batch), BINARY_BATCH):
                        end = start + BINARY_BATCH
                        uids = node_batch.uids(start, end)
                        tokens = None
                        if spec.searchable:
                            chunk = node_batch.source[start:end]
                            tokens = search.tokens(spec, chunk, start // BINARY_BATCH)
                        values = node_batch.values(start, end, tokens)
                        ids = insert.nodes(spec.labels, node_batch.columns, values)
                        handles.update(zip(uids, ids, strict=True))
                        if start == 0:
                            expected[ids[0]] = uids[0]
                    if len(node_batch):
                        expected[ids[-1]] = uids[-1]
                    counts.nodes[spec.label] = len(node_batch)
                    specs_left.subtract(spec.labels)
                    insert.labels_complete(
                        [label for label in spec.labels if not specs_left[label]]
                    )
                search.close()
                insert.check_ids(expected)
                for rel, source in relationships:
                    rel_batch = canonical_relationships(rel, source, handles)
                    if rel_batch is None:
                        return None
                    if describe:
                        describe(f"{rel.source}-[:{rel.type}]->{rel.target}")
                    for start in range(0, len(rel_batch), BINARY_BATCH):
                        values = rel_batch.values(start, start + BINARY_BATCH, handles)
                        insert.relationships(rel.type, rel_batch.columns, values)
                    written = counts.relationships.get(rel.type, 0) + len(rel_batch)
                    counts.relationships[rel.type] = written
            except NotCarried:
                return None
    finally:
        search.close()
    return counts
