"""FalkorDB's ``GRAPH.BULK``: a whole graph created from binary rows into a new graph key.

The command takes, per call, a node count, an edge count, the number of node and edge
*tokens* and the tokens themselves. A token is one label's (or one relationship type's)
rows: a header (the label names joined by ``:`` and a NUL, a 4-byte property count, each
property key NUL-terminated) followed by the rows, each property one type byte and its
value (0 null, 1 bool as one byte, 2 double, 3 NUL-terminated UTF-8 string, 4 signed
64-bit integer, 5 array: 64-bit length then the items); an edge row starts with its
source and destination internal node ids as unsigned 64-bit integers. Everything is
little-endian. Null properties are not stored, as with ``SET n.p = null``. (Format of
FalkorDB's ``src/bulk_insert/bulk_insert.c``, as written by the falkordb-bulk-loader.)

The first call carries ``BEGIN`` and creates the graph key, which must not exist. Nodes of
a new graph get the internal ids 0, 1, 2, … in the order they are created (no id was ever
freed in it), which is how relationships name their endpoints; :class:`BulkInsert` counts
them and checks a sample against the engine before any relationship is sent.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Callable, Collection, Sequence
from itertools import chain, repeat
from typing import Any

import redis

from graph.bulk import NotCarried
from graph.pipeline import Pipeline

BULK_BYTES = 48 * 2**20
"""Bytes of tokens per ``GRAPH.BULK`` call: far below the server's 512 MB argument limit,
large enough that the per-call matrix synchronisation of relationships is paid rarely."""

BULK_ELEMENTS = 400_000
"""Elements per call at most, so the progress bar moves and a call stays a few seconds."""

IN_FLIGHT = 2
"""Calls queued for the server while the client encodes the next ones."""

_LONG = struct.Struct("<q")
_DOUBLE = struct.Struct("<d")
_ENDS = struct.Struct("<QQ")
_COUNT = struct.Struct("<I")
_INT64 = range(-(2**63), 2**63)
_TAGGED_DOUBLE = struct.Struct("<cd")
_TAGGED_LONG = struct.Struct("<cq")

NULL, BOOL, DOUBLE, STRING, LONG, ARRAY = (bytes([kind]) for kind in range(6))


class Unencodable(NotCarried):
    """A value ``GRAPH.BULK`` cannot carry as the query path would store it (a string
    holding a NUL, an integer beyond 64 bits, a type the engine does not store)."""


def encode_value(value: Any) -> bytes:
    """One property value in the binary form.

    Example:
        >>> encode_value(["a", 1])
        b'\\x05\\x02\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x03a\\x00\\x04\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00'
    """
    kind = type(value)
    if kind is str:
        text = value.encode()
        if b"\x00" in text:
            raise Unencodable(f"a string holding a NUL character: {value!r}")
        return STRING + text + b"\x00"
    if kind is bool:
        return BOOL + (b"\x01" if value else b"\x00")
    if kind is int:
        if value not in _INT64:
            raise Unencodable(f"an integer beyond 64 bits: {value}")
        return LONG + _LONG.pack(value)
    if kind is float:
        return DOUBLE + _DOUBLE.pack(value)
    if kind is list or kind is tuple:
        return ARRAY + _LONG.pack(len(value)) + b"".join(map(encode_value, value))
    if value is None:
        return NULL
    raise Unencodable(f"a value of type {kind.__name__}: {value!r}")


def _encoded_column(values: Sequence[Any]) -> list[bytes]:
    """Every value of one column encoded, as :func:`encode_value` would encode each.

    A column holds one type (checked by the caller's column-wise validation), so the
    common columns are encoded by type without a call per value: strings (dates and
    choices repeat a lot, so few distinct ones are encoded once each), floats and integers
    through one ``struct`` each, flags from a table. Anything else goes value by value
    (not through a cache keyed by value: ``1 == True`` and ``0.0 == -0.0``).
    """
    kinds = set(map(type, values))
    nullable = type(None) in kinds
    kinds.discard(type(None))
    if kinds == {str}:
        distinct = set(values)
        distinct.discard(None)
        if "\x00" not in "".join(distinct):
            if len(distinct) * 4 < len(values):
                encoded = {text: STRING + text.encode() + b"\x00" for text in distinct}
                encoded[None] = NULL
                return list(map(encoded.__getitem__, values))
            return [NULL if text is None else STRING + text.encode() + b"\x00" for text in values]
    elif kinds == {float}:
        if not nullable:
            return list(map(_TAGGED_DOUBLE.pack, repeat(DOUBLE), values))
        return [NULL if value is None else _TAGGED_DOUBLE.pack(DOUBLE, value) for value in values]
    elif kinds == {int} and not nullable and min(values) in _INT64 and max(values) in _INT64:
        return list(map(_TAGGED_LONG.pack, repeat(LONG), values))
    elif kinds == {bool}:
        flags = {True: BOOL + b"\x01", False: BOOL + b"\x00", None: NULL}
        return list(map(flags.__getitem__, values))
    return list(map(encode_value, values))


def _header(names: Sequence[str], columns: Sequence[str]) -> bytes:
    keys = b"".join(name.encode() + b"\x00" for name in columns)
    return ":".join(names).encode() + b"\x00" + _COUNT.pack(len(columns)) + keys


def node_token(
    labels: Sequence[str], columns: Sequence[str], values: Sequence[Sequence[Any]]
) -> bytes:
    """One token creating a node per row with ``labels``; ``values[i]`` holds ``columns[i]``
    of every row."""
    encoded = [_encoded_column(column) for column in values]
    return _header(labels, columns) + b"".join(chain.from_iterable(zip(*encoded, strict=True)))


def edge_token(rel_type: str, columns: Sequence[str], values: Sequence[Sequence[Any]]) -> bytes:
    """One token creating a relationship per row; ``values`` holds the source ids, the
    target ids, then one list per name in ``columns``."""
    sources, targets, *properties = values
    header = _header([rel_type], columns)
    if not properties and sys.byteorder == "little":
        ends = array("Q", bytes(16 * len(sources)))
        ends[0::2] = array("Q", sources)
        ends[1::2] = array("Q", targets)
        return header + ends.tobytes()
    encoded = [_encoded_column(column) for column in properties]
    pairs = map(_ENDS.pack, sources, targets)
    return header + b"".join(chain.from_iterable(zip(pairs, *encoded, strict=True)))


class BulkInsert:
    """Creates a new graph through ``GRAPH.BULK``: tokens are gathered into calls of about
    :data:`BULK_BYTES`, sent from one worker thread while the caller encodes the next ones.

    Node ids are handed out as the nodes are queued (see the module's docstring);
    :meth:`check_ids` confirms them against the engine once every node is created.
    :meth:`labels_complete` calls ``labels_done`` with labels whose every node is in, once
    the calls holding them are answered (the engine lays those labels' indexes down then,
    so that they are built while the next labels and the relationships are sent).
    """

    def __init__(
        self,
        connection: redis.Redis,
        graph_name: str,
        progress: Callable[[int], None] | None = None,
        labels_done: Callable[[Collection[str]], object] | None = None,
    ) -> None:
        self.connection = connection
        self.graph_name = graph_name
        self.progress = progress
        self.next_id = 0
        self._begun = False
        self._nodes: list[bytes] = []
        self._edges: list[bytes] = []
        self._node_count = 0
        self._edge_count = 0
        self._bytes = 0
        self.labels_done = labels_done
        self._calls = Pipeline(workers=1, limit=IN_FLIGHT + 1, name="graph-bulk")

    def nodes(
        self, labels: Sequence[str], columns: Sequence[str], values: Sequence[Sequence[Any]]
    ) -> range:
        """Queue a node per row (given column by column, see :func:`node_token`); return
        their internal ids, in row order."""
        token = node_token(labels, columns, values)
        count = len(values[0]) if values else 0
        ids = range(self.next_id, self.next_id + count)
        self.next_id = ids.stop
        self._nodes.append(token)
        self._node_count += count
        self._queued(len(token))
        return ids

    def relationships(
        self, rel_type: str, columns: Sequence[str], values: Sequence[Sequence[Any]]
    ) -> None:
        """Queue a relationship per row (given column by column, see :func:`edge_token`)."""
        token = edge_token(rel_type, columns, values)
        self._edges.append(token)
        self._edge_count += len(values[0])
        self._queued(len(token))

    def _queued(self, size: int) -> None:
        self._bytes += size
        if self._bytes >= BULK_BYTES or self._node_count + self._edge_count >= BULK_ELEMENTS:
            self.flush()

    def flush(self) -> None:
        """Send what is queued as one call (the first one creates the graph)."""
        if not self._nodes and not self._edges:
            return
        command: list[Any] = ["GRAPH.BULK", self.graph_name]
        if not self._begun:
            command.append("BEGIN")
            self._begun = True
        command += [self._node_count, self._edge_count, len(self._nodes), len(self._edges)]
        command += self._nodes + self._edges
        elements = self._node_count + self._edge_count
        progress = self.progress
        self._calls.submit(
            self.connection.execute_command,
            *command,
            done=None if progress is None else lambda _: progress(elements),
        )
        self._nodes, self._edges = [], []
        self._node_count = self._edge_count = self._bytes = 0

    def labels_complete(self, labels: Collection[str]) -> None:
        """Every node of ``labels`` is queued: send them, then (on the same worker, so after
        they are answered) call ``labels_done``."""
        if self.labels_done is None or not labels:
            return
        self.flush()
        self._calls.submit(self.labels_done, labels)

    def finish(self) -> None:
        """Send what is left and wait for every call."""
        self.flush()
        self._calls.settle()

    def check_ids(self, expected: dict[int, str]) -> None:
        """Every node is created: check that the ids handed out name the expected uids."""
        self.finish()
        if not expected:
            return
        ids = sorted(expected)
        reply = self.connection.execute_command(
            "GRAPH.RO_QUERY",
            self.graph_name,
            f"CYPHER ids={ids} UNWIND $ids AS i MATCH (n) WHERE id(n) = i RETURN i, n.uid",
        )
        found = {int(i): uid for i, uid in reply[1]}
        wrong = {i: uid for i, uid in expected.items() if found.get(i) != uid}
        if wrong:
            raise RuntimeError(f"GRAPH.BULK gave other node ids than expected: {wrong}")

    def close(self) -> None:
        self._calls.close()
