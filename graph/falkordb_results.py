"""FalkorDB's compact result replies decoded straight into the plain values ``Engine.run``
returns: what falkordb-py's parser followed by :func:`plain` gives, without building
``Node``/``Edge`` objects first (0.5 ms instead of ≈ 3 ms for 400 nodes and 400
relationships).

The compact reply (``GRAPH.QUERY … --compact``) is ``[header, rows, statistics]``; every
value is ``[type tag, raw]``; a node is ``[id, [label ids], [[key id, tag, raw], …]]``, a
relationship ``[id, type id, source id, target id, properties]``, a path ``[nodes, edges]``,
a map a flat ``[key, value, key, value, …]``. Property keys arrive as ids, named by
``db.propertyKeys()``; labels and relationship types are not looked up at all, since the
plain values leave them out. Tags this module does not decode itself (points, vectors,
temporal values, unknown) go through falkordb-py's own parser for that tag.
"""

from __future__ import annotations

from typing import Any

from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path
from falkordb.query_result import PARSE_SCALAR_TYPES
from redis import ResponseError

from graph.engine import Row
from graph.model.base import SEARCH_PROPERTY

_NULL, _STRING, _INTEGER, _BOOLEAN, _DOUBLE = 1, 2, 3, 4, 5
_ARRAY, _EDGE, _NODE, _PATH, _MAP = 6, 7, 8, 9, 10
_AS_SENT = frozenset({_STRING, _INTEGER})
"""Tags whose raw value is the plain value: with ``decode_responses`` the RESP layer already
gives strings as ``str`` and integers as ``int``."""


class UnknownPropertyKey(LookupError):
    """A property key id beyond the names known: they must be read again (ids only grow
    while the graph lives)."""


def check_reply(reply: list[Any]) -> None:
    """Raise the error a reply carries, as falkordb-py does: a failure before execution is
    the reply's first element, one during execution (a timeout, say) its last."""
    if isinstance(reply[0], ResponseError):
        raise reply[0]
    if isinstance(reply[-1], ResponseError):
        raise reply[-1]


def decode_rows(reply: list[Any], keys: list[str]) -> list[Row]:
    """The rows of a compact ``reply`` as ``{column: plain value}``, property key ids named
    by ``keys`` (``keys[id]``).

    Raises :class:`UnknownPropertyKey` when an id is not in ``keys``.

    Example:
        >>> reply = [[[1, "n"]], [[[8, [7, [0], [[0, 2, "cell-0001"], [1, 5, "1.5"]]]]]], []]
        >>> decode_rows(reply, ["uid", "x"])
        [{'n': {'uid': 'cell-0001', 'x': 1.5}}]
    """
    if len(reply) == 1 or not reply[0]:
        return []
    columns = [column[1] for column in reply[0]]
    try:
        return [
            {name: _value(tag, raw, keys) for name, (tag, raw) in zip(columns, row, strict=True)}
            for row in reply[1]
        ]
    except IndexError as exc:
        raise UnknownPropertyKey(str(exc)) from exc


def plain(value: Any) -> Any:
    """A value falkordb-py's parser made, as plain data: nodes and relationships become
    their property maps, a path its nodes; containers are walked. This is what ``run``
    returned before :func:`decode_rows`, and the reference it is held to (the tests and
    ``bench.decoding`` compare both).

    A node's map leaves out its derived ``search`` tokens: they are index material, not
    data (ask for ``n.search`` to see them)."""
    if isinstance(value, Node):
        return {k: v for k, v in value.properties.items() if k != SEARCH_PROPERTY}
    if isinstance(value, Edge):
        return dict(value.properties)
    if isinstance(value, Path):
        return [plain(n) for n in value.nodes()]
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def _value(tag: int, raw: Any, keys: list[str]) -> Any:
    # Ordered by how often each tag occurs in RedGrid's results.
    if tag in _AS_SENT:
        return raw
    if tag == _NODE:
        return _node(raw, keys)
    if tag == _ARRAY:
        return _array(raw, keys)
    if tag == _NULL:
        return None
    if tag == _EDGE:
        return _properties(raw[4], keys)
    if tag == _DOUBLE:
        return float(raw)
    if tag == _BOOLEAN:
        return raw == "true"
    if tag == _MAP:
        return {raw[i]: _value(raw[i + 1][0], raw[i + 1][1], keys) for i in range(0, len(raw), 2)}
    if tag == _PATH:
        return _array(raw[0][1], keys)  # its nodes; the relationships are left out
    return PARSE_SCALAR_TYPES[tag](raw, None)  # points, vectors, temporal values


def _array(items: list[Any], keys: list[str]) -> list[Any]:
    out = []
    for tag, raw in items:
        if tag == _NODE:
            out.append(_node(raw, keys))
        elif tag == _EDGE:
            out.append(_properties(raw[4], keys))
        elif tag in _AS_SENT:
            out.append(raw)
        else:
            out.append(_value(tag, raw, keys))
    return out


def _node(raw: list[Any], keys: list[str]) -> dict[str, Any]:
    # A node's plain value leaves out its derived search tokens (see plain).
    out = _properties(raw[2], keys)
    out.pop(SEARCH_PROPERTY, None)
    return out


def _properties(props: list[Any], keys: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, tag, raw in props:
        if tag in _AS_SENT:
            out[keys[key]] = raw
        elif tag == _DOUBLE:
            out[keys[key]] = float(raw)
        else:
            out[keys[key]] = _value(tag, raw, keys)
    return out
