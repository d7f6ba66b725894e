"""The projection every analysis works on: nodes of some labels and the edges of some
relationship types current at one instant, pulled from the store in two read statements."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from graph.engine import Engine
from queries.business_tree import PersonRef
from queries.cypher import cypher

OBJECT_LABELS = ("Equipment", "Area", "WorkItem", "RiskPoint")
"""Accountable objects: what an owner (OWNED_BY) answers for and a cell (BELONGS_TO) holds."""

UNIT_LABELS = ("Net", "Cell", "MicroCell")
"""Units of the hierarchy, linked upward by PART_OF and headed (HEAD_OF) or led (LEADS)."""

ALL_LABELS = ("Person", *UNIT_LABELS, *OBJECT_LABELS)
ALL_RELS = ("PART_OF", "HEAD_OF", "LEADS", "MEMBER_OF", "OWNED_BY", "BELONGS_TO")


type AsOf = date | datetime | str | None


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """What the projection knows of a node."""

    label: str
    name: str | None = None
    level: int | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    """A stored relationship ``(src)-[rel]->(dst)``."""

    src: str
    rel: str
    dst: str


@dataclass(frozen=True, slots=True)
class Projection:
    """Nodes and current edges pulled from the store at one instant.

    ``nodes`` holds every node of the labels asked for and every edge endpoint (the latter
    with its label only, when its own label was not asked for).
    """

    at: str
    nodes: Mapping[str, NodeInfo]
    edges: tuple[Edge, ...]

    def of(self, *rels: str) -> Iterator[Edge]:
        """The edges of the given types."""
        return (e for e in self.edges if e.rel in rels)

    def labelled(self, *labels: str) -> list[str]:
        """Uids of the nodes carrying one of ``labels``, sorted."""
        return sorted(uid for uid, info in self.nodes.items() if info.label in labels)

    def label(self, uid: str) -> str:
        return self.nodes[uid].label

    def name(self, uid: str) -> str | None:
        info = self.nodes.get(uid)
        return info.name if info else None

    def person(self, uid: str) -> PersonRef:
        return PersonRef(uid, self.name(uid))


def project(
    engine: Engine, *, at: str, labels: Iterable[str] = ALL_LABELS, rels: Iterable[str] = ALL_RELS
) -> Projection:
    """Pull the nodes of ``labels`` and the edges of ``rels`` current at ``at``.

    Two read statements; O(N + E) rows for the N nodes and E edges asked for.

    Args:
        engine: the graph store.
        at: stored-form instant (``queries.clock.instant``) temporal edges are current at.
        labels: node labels to list (see ``ALL_LABELS``); edge endpoints of other labels
            are still known by label.
        rels: relationship types to pull (see ``ALL_RELS``).
    """
    node_rows = engine.run(cypher("analytics/nodes"), {"labels": list(labels)}, readonly=True)
    edge_rows = engine.run(cypher("analytics/edges"), {"rels": list(rels), "at": at}, readonly=True)
    nodes = {r["uid"]: NodeInfo(r["label"], r["name"], _level(r["level"])) for r in node_rows}
    edges = []
    for r in edge_rows:
        src_label, rel, dst_label = _kind(r["kind"])
        nodes.setdefault(r["src"], NodeInfo(src_label))
        nodes.setdefault(r["dst"], NodeInfo(dst_label))
        edges.append(Edge(r["src"], rel, r["dst"]))
    return Projection(at=at, nodes=nodes, edges=tuple(edges))


@cache
def _kind(kind: str) -> tuple[str, str, str]:
    """``'Cell-PART_OF->Net'`` → ``('Cell', 'PART_OF', 'Net')``."""
    source, rest = kind.split("-", 1)
    rel, target = rest.split("->", 1)
    return source, rel, target


def _level(value: Any) -> int | None:
    return None if value is None else int(value)
