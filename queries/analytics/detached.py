"""Detached nodes: units and objects with no current path up to a level-2 net."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from graph.engine import Engine
from queries.analytics.projection import (
    OBJECT_LABELS,
    UNIT_LABELS,
    AsOf,
    NodeInfo,
    Projection,
    project,
)
from queries.clock import instant

type DetachedReason = Literal["no_parent", "chain_broken", "no_cell", "cell_detached"]


@dataclass(frozen=True, slots=True)
class DetachedNode:
    """A unit or object with no current path up to a level-2 net.

    ``reason``: ``no_parent`` (a unit other than a level-2 net with no current PART_OF),
    ``chain_broken`` (its PART_OF chain stops at ``top``), ``no_cell`` (an object that
    belongs to no cell), ``cell_detached`` (an object whose cells are all detached; the
    chain stops at ``top``). ``top`` is None when the chain runs in a cycle.
    """

    uid: str
    label: str
    name: str | None
    reason: DetachedReason
    top: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "label": self.label,
            "name": self.name,
            "reason": self.reason,
            "top": self.top,
        }


def detached(engine: Engine, *, as_of: AsOf = None) -> list[DetachedNode]:
    """Units (nets, cells, micro-cells) and objects not connected to a level-2 net.

    A unit is attached when a chain of current PART_OF links leads from it to a level-2
    net; an object (Equipment, Area, WorkItem, RiskPoint) when one of its cells
    (BELONGS_TO) is attached. Heads do not matter here (see
    :func:`single_points_of_failure`). Sorted by label (nets first) and uid.

    Cost: two read statements (every unit and object; current PART_OF and BELONGS_TO
    edges). O(N + E) time and memory for the attached set (networkx ``ancestors`` of each
    level-2 net on the child → parent graph), plus O(depth) per detached unit to find where
    its chain stops.

    Args:
        engine: the graph store.
        as_of: the instant PART_OF links are current at; now if None.
    """
    at = instant(as_of)
    projection = project(
        engine, at=at, labels=[*UNIT_LABELS, *OBJECT_LABELS], rels=["PART_OF", "BELONGS_TO"]
    )
    return compute_detached(projection)


def compute_detached(projection: Projection) -> list[DetachedNode]:
    """:func:`detached` on a projection of units, objects, PART_OF and BELONGS_TO edges."""
    graph = nx.DiGraph()
    placed = projection.labelled(*UNIT_LABELS, *OBJECT_LABELS)
    graph.add_nodes_from(placed)
    graph.add_edges_from((e.src, e.dst) for e in projection.of("PART_OF", "BELONGS_TO"))
    roots = [u for u in placed if _is_level_2(projection.nodes[u])]
    attached = set(roots).union(*(nx.ancestors(graph, r) for r in roots))
    order = {label: i for i, label in enumerate((*UNIT_LABELS, *OBJECT_LABELS))}
    found = [_detached_node(graph, projection, u) for u in placed if u not in attached]
    return sorted(found, key=lambda d: (order[d.label], d.uid))


def _is_level_2(info: NodeInfo) -> bool:
    return info.label == "Net" and info.level == 2


def _detached_node(graph: nx.DiGraph, projection: Projection, uid: str) -> DetachedNode:
    label = projection.label(uid)
    is_object = label in OBJECT_LABELS
    if graph.out_degree(uid) == 0:
        reason: DetachedReason = "no_cell" if is_object else "no_parent"
        top = None if is_object else uid
    else:
        reason = "cell_detached" if is_object else "chain_broken"
        sinks = sorted(d for d in nx.descendants(graph, uid) if graph.out_degree(d) == 0)
        top = sinks[0] if sinks else None
    return DetachedNode(uid, label, projection.name(uid), reason, top)
