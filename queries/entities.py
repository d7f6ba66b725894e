"""Nodes by uid and their neighbours, in batches: the read model behind the GraphQL entity
types and their DataLoaders.

Every function answers for many keys in one statement (``UNWIND $keys``), so a request
costs one round trip per field however many objects it lists. Statements are assembled
from labels and relationship types declared in the schema of record, never from values;
values travel as parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, LiteralString, cast

from graph.engine import Engine, Row
from graph.schema import relationship_spec
from queries.views import kind_of

type Props = dict[str, Any]

_NODES: LiteralString = (
    "UNWIND $keys AS key MATCH (n:GridNode {uid: key}) RETURN key, labels(n) AS labels, n AS node"
)


@dataclass(frozen=True, slots=True)
class Record:
    """One stored node: its label and its properties."""

    label: str
    props: Props


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A related node with the properties of the relationship leading to it (since, until,
    role…)."""

    node: Props
    rel: Props


def nodes_by_uid(engine: Engine, uids: Sequence[str]) -> dict[str, Record]:
    """The nodes named by ``uids`` (unknown uids are simply absent), in one statement.

    Example:
        >>> nodes_by_uid(engine, ["eq-000001"])["eq-000001"].label  # doctest: +SKIP
        'Equipment'
    """
    if not uids:
        return {}
    rows = engine.run(_NODES, {"keys": list(dict.fromkeys(uids))}, readonly=True)
    return {row["key"]: Record(kind_of(row["labels"]), public_props(row["node"])) for row in rows}


@dataclass(frozen=True, slots=True)
class Relation:
    """A relationship seen from one end: ``(source)-[type]->(target)`` when ``outgoing``,
    ``(source)<-[type]-(target)`` otherwise. ``source`` is the label the field sits on.

    A temporal relation (an ``Assignment``) is read as it stands at an instant, or in full
    (every assignment ever made, closed ones included) when asked for its history.
    """

    source: str
    type: str
    target: str
    outgoing: bool = True

    def __post_init__(self) -> None:
        start, end = (self.source, self.target) if self.outgoing else (self.target, self.source)
        relationship_spec(start, self.type, end)  # raises for an undeclared relationship

    @property
    def temporal(self) -> bool:
        start, end = (self.source, self.target) if self.outgoing else (self.target, self.source)
        return relationship_spec(start, self.type, end).temporal

    def statement(self, mode: Literal["at", "history"]) -> LiteralString:
        """The batched statement: parameters ``$keys`` (source uids), ``$limit`` (per
        source) and, for a temporal relation read at an instant, ``$at``."""
        return _statement(self, mode)


@cache
def _statement(relation: Relation, mode: Literal["at", "history"]) -> LiteralString:
    arrow = (
        f"-[r:{relation.type}]->" if relation.outgoing else f"<-[r:{relation.type}]-"
    )  # labels and types come from the schema of record, checked in Relation.__post_init__
    when = (
        "WHERE coalesce(r.since, '') <= $at AND (r.until IS NULL OR r.until > $at) "
        if relation.temporal and mode == "at"
        else ""
    )
    order = "t.uid, r.since" if relation.temporal else "t.uid"
    return cast(
        LiteralString,
        f"UNWIND $keys AS key "
        f"MATCH (s:{relation.source} {{uid: key}}){arrow}(t:{relation.target}) "
        f"{when}"
        f"WITH key, t, r ORDER BY {order} "
        f"WITH key, collect(t) AS ts, collect(r) AS rs "
        f"RETURN key, ts[..$limit] AS nodes, rs[..$limit] AS rels",
    )


def neighbours(
    engine: Engine,
    relation: Relation,
    keys: Sequence[str],
    *,
    at: str | None,
    limit: int,
) -> dict[str, list[Neighbour]]:
    """For each source uid, its first ``limit`` neighbours by uid (by uid then ``since`` for
    a history), in one statement. ``at`` reads a temporal relation at that instant; None
    reads its whole history. A source without neighbours maps to an empty list.

    Example:
        >>> owner = Relation("Equipment", "OWNED_BY", "Person")
        >>> neighbours(engine, owner, ["eq-000001"], at="2026-11-15T00:00:00Z", limit=1)
        ... # doctest: +SKIP
        {'eq-000001': [Neighbour(node={'uid': 'p-00042', ...}, rel={'since': ...})]}
    """
    result: dict[str, list[Neighbour]] = {key: [] for key in keys}
    if not keys:
        return result
    mode: Literal["at", "history"] = "at" if relation.temporal and at is not None else "history"
    params: dict[str, Any] = {"keys": list(dict.fromkeys(keys)), "limit": limit}
    if mode == "at":
        params["at"] = at
    for row in engine.run(relation.statement(mode), params, readonly=True):
        result[row["key"]] = [
            Neighbour(public_props(node), dict(rel))
            for node, rel in zip(row["nodes"], row["rels"], strict=True)
        ]
    return result


def public_props(props: Row) -> Props:
    """Stored properties without the derived search tokens."""
    return {k: v for k, v in props.items() if k != "search"}
