"""What the database holds for the uids a ledger names: nodes, alternate keys, current links.

Every read is a parameterised ``WHERE n.uid IN $uids`` (or ``n.<key> IN $values``) query in
batches; labels, relationship types and property names come from the schema of record,
never from ledger text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, LiteralString, cast

from graph.engine import Engine
from graph.errors import ValidationError
from graph.model.base import SEARCH_PROPERTY
from graph.schema import RelationshipSpec, node_spec

LOOKUP_BATCH = 5000


def schema_cypher(text: str) -> LiteralString:
    """A statement assembled only from schema-of-record names (labels, types, properties)."""
    return cast(LiteralString, text)


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), LOOKUP_BATCH):
        yield items[start : start + LOOKUP_BATCH]


@dataclass(frozen=True, slots=True)
class StoredNode:
    uid: str
    label: str
    props: dict[str, Any]


def stored_nodes(engine: Engine, uids: Iterable[str]) -> dict[str, StoredNode]:
    """The nodes among ``uids`` that exist, with their own label and declared properties."""
    labels: dict[str, list[str]] = defaultdict(list)
    query = "MATCH (n:GridNode) WHERE n.uid IN $uids RETURN n.uid AS uid, labels(n) AS labels"
    for chunk in _chunks(sorted(set(uids))):
        for row in engine.run(query, {"uids": chunk}, readonly=True):
            own = [label for label in row["labels"] if label != "GridNode"]
            labels[own[0] if own else "GridNode"].append(row["uid"])
    found: dict[str, StoredNode] = {}
    for label, members in labels.items():
        for props in _properties(engine, label, members):
            found[props["uid"]] = StoredNode(props["uid"], label, props)
    for label, members in labels.items():  # labels outside the schema: the uid alone
        for uid in members:
            found.setdefault(uid, StoredNode(uid, label, {"uid": uid}))
    return found


def _properties(
    engine: Engine, label: str, uids: list[str] | None, where: str = ""
) -> list[dict[str, Any]]:
    """The declared properties (not the derived search tokens) of ``label`` nodes, all or
    those among ``uids``, read as explicit columns (half the cost of whole nodes)."""
    try:
        declared = [name for name in node_spec(label).properties if name != SEARCH_PROPERTY]
    except ValidationError:
        return []
    columns = ", ".join(f"n.{name} AS {name}" for name in declared)
    conditions = [c for c in ("n.uid IN $uids" if uids is not None else "", where) if c]
    filters = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    query = schema_cypher(f"MATCH (n:{label}){filters} RETURN {columns}")
    batches: Iterable[list[str] | None] = [None] if uids is None else _chunks(sorted(set(uids)))
    found = []
    for chunk in batches:
        params = {"uids": chunk} if chunk is not None else {}
        for row in engine.run(query, params, readonly=True):
            found.append({k: v for k, v in row.items() if v is not None})
    return found


def uids_by_key(engine: Engine, label: str, prop: str, keys: Iterable[str]) -> dict[str, str]:
    """``prop`` value → uid for the ``label`` nodes whose unique ``prop`` is among ``keys``."""
    query = schema_cypher(
        f"MATCH (n:{label}) WHERE n.{prop} IN $keys RETURN n.{prop} AS key, n.uid AS uid"
    )
    found: dict[str, str] = {}
    for chunk in _chunks(sorted(set(keys))):
        for row in engine.run(query, {"keys": chunk}, readonly=True):
            found[str(row["key"])] = row["uid"]
    return found


@dataclass(frozen=True, slots=True)
class StoredLink:
    """One relationship seen from an anchor node: the node at the other end; ``until`` is
    None while it is open (or not dated)."""

    anchor: str
    other: str
    other_label: str
    since: str | None
    role: str | None
    until: str | None = None


def current_links(
    engine: Engine,
    spec: RelationshipSpec,
    *,
    anchor_is_source: bool,
    anchors: Iterable[str] | None = None,
    closed: bool = False,
) -> list[StoredLink]:
    """The relationships of ``spec`` at the given anchors (all of them when ``anchors`` is
    None); for a temporal relationship only the open ones (no ``until``), unless ``closed``
    asks for its whole history."""
    anchor_label, other_label = (
        (spec.source, spec.target) if anchor_is_source else (spec.target, spec.source)
    )
    pattern = (
        f"(a:{anchor_label})-[r:{spec.type}]->(o:{other_label})"
        if anchor_is_source
        else f"(o:{other_label})-[r:{spec.type}]->(a:{anchor_label})"
    )
    conditions = ["r.until IS NULL"] if spec.temporal and not closed else []
    batches: Iterable[list[str] | None] = [None]
    if anchors is not None:
        conditions.insert(0, "a.uid IN $uids")
        batches = _chunks(sorted(set(anchors)))
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    role = ", r.role AS role" if "role" in spec.properties else ""
    since = ", r.since AS since, r.until AS until" if spec.temporal else ""
    returns = f"RETURN a.uid AS anchor, o.uid AS other{since}{role}"
    links = []
    query = schema_cypher(f"MATCH {pattern}{where} {returns}")
    for chunk in batches:
        params = {"uids": chunk} if chunk is not None else {}
        for row in engine.run(query, params, readonly=True):
            links.append(
                StoredLink(
                    row["anchor"],
                    row["other"],
                    other_label,
                    row.get("since"),
                    row.get("role"),
                    row.get("until"),
                )
            )
    return links


def nodes_of(engine: Engine, label: str, uids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The declared properties of every living (not retired) ``label`` node, or of those
    among ``uids``."""
    wanted = None if uids is None else list(uids)
    return _properties(engine, label, wanted, where="n.retired_at IS NULL")
