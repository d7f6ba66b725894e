"""Single points of failure: the people whose departure breaks the most accountability
chains."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.engine import Engine
from queries.analytics.projection import (
    UNIT_LABELS,
    AsOf,
    Projection,
    project,
)
from queries.business_tree import PersonRef
from queries.clock import instant


@dataclass(frozen=True, slots=True)
class FailurePoint:
    """What one person's departure would break (see :func:`single_points_of_failure`)."""

    person: PersonRef
    orphaned_objects: int
    broken_units: int
    headless_units: tuple[str, ...]

    @property
    def score(self) -> int:
        return self.orphaned_objects + self.broken_units

    def to_json(self) -> dict[str, Any]:
        return {
            **self.person.to_json(),
            "score": self.score,
            "orphaned_objects": self.orphaned_objects,
            "broken_units": self.broken_units,
            "headless_units": list(self.headless_units),
        }


def single_points_of_failure(
    engine: Engine, *, as_of: AsOf = None, top: int = 20
) -> list[FailurePoint]:
    """The people whose departure breaks the most accountability chains, worst first.

    The accountability graph is directed: object → owner (OWNED_BY), unit → head (HEAD_OF
    of a net or cell, LEADS of a micro-cell) and micro-cell → cell → L4 → L3 → L2
    (PART_OF), all current at ``as_of``. A unit's chain is *intact* when it has a head and
    is a level-2 net or part of a unit whose chain is intact. For a person P:

    - ``orphaned_objects``: objects whose only current owner is P;
    - ``headless_units``: units whose only current head or lead is P;
    - ``broken_units``: units whose chain is intact now and would not be without P — the
      intact headless units themselves and every unit beneath them with no other intact
      path to a level-2 net;
    - ``score`` = orphaned_objects + broken_units.

    Objects count through their owner only: an object whose owner stays keeps its owner
    even when that owner's cell loses its head. People with a score of 0 are left out;
    ties are broken by uid.

    Cost: two read statements (people and units; current OWNED_BY, HEAD_OF, LEADS and
    PART_OF edges). O(N + E) to build the graph and the intact set; then for each of the H
    people who solely head an intact unit, O(size of the subtrees beneath their units) when
    the hierarchy is a forest, O(U + E_u) over the U units and E_u PART_OF edges otherwise.
    Memory O(N + E).

    Args:
        engine: the graph store.
        as_of: the instant links are current at (a bare date means its end); now if None.
        top: how many people to return.
    """
    at = instant(as_of)
    projection = project(
        engine,
        at=at,
        labels=["Person", *UNIT_LABELS],
        rels=["OWNED_BY", "HEAD_OF", "LEADS", "PART_OF"],
    )
    return compute_single_points_of_failure(projection, top=top)


def accountability_graph(projection: Projection) -> nx.DiGraph:
    """Directed graph: object → owner, unit → head or lead, child unit → parent unit."""
    graph = nx.DiGraph()
    for uid, info in projection.nodes.items():
        graph.add_node(uid, label=info.label, level=info.level)
    for e in projection.of("OWNED_BY", "PART_OF"):
        graph.add_edge(e.src, e.dst, rel=e.rel)
    for e in projection.of("HEAD_OF", "LEADS"):
        graph.add_edge(e.dst, e.src, rel="HEAD_OF")
    return graph


def compute_single_points_of_failure(
    projection: Projection, *, top: int = 20
) -> list[FailurePoint]:
    """:func:`single_points_of_failure` on a projection (people, units, the four edge types)."""
    graph = accountability_graph(projection)
    targets = _targets(graph)
    heads, owners = targets["HEAD_OF"], targets["OWNED_BY"]
    tree = _headed_tree(targets["PART_OF"], heads)
    roots = [r for r in _level_2_nets(graph) if r in tree]
    intact = _reachable(tree, roots)
    forest = all(degree <= 1 for _, degree in tree.in_degree())
    sole_head = _sole(heads)
    sole_owner = _sole(owners)
    points = []
    for person in sorted(set(sole_head) | set(sole_owner)):
        units = sole_head.get(person, [])
        lost = [u for u in units if u in intact]
        if not lost:
            broken: set[str] = set()
        elif forest:
            broken = set(lost).union(*(nx.descendants(tree, u) for u in lost))
        else:
            broken = intact - _reachable(tree.subgraph(set(tree) - set(lost)), roots)
        point = FailurePoint(
            person=projection.person(person),
            orphaned_objects=len(sole_owner.get(person, [])),
            broken_units=len(broken),
            headless_units=tuple(sorted(units)),
        )
        if point.score > 0:
            points.append(point)
    points.sort(key=lambda p: (-p.score, p.person.uid))
    return points[:top]


def _targets(graph: nx.DiGraph) -> dict[str, dict[str, set[str]]]:
    """Relationship type → node → the targets of the node's out-edges of that type."""
    found: dict[str, dict[str, set[str]]] = {"HEAD_OF": {}, "OWNED_BY": {}, "PART_OF": {}}
    for src, targets in graph.adjacency():
        for dst, data in targets.items():
            found[data["rel"]].setdefault(src, set()).add(dst)
    return found


def _sole(holders: Mapping[str, set[str]]) -> dict[str, list[str]]:
    """Person → the nodes they are the only holder of."""
    sole: dict[str, list[str]] = {}
    for node, people in holders.items():
        if len(people) == 1:
            sole.setdefault(next(iter(people)), []).append(node)
    return sole


def _headed_tree(parents: Mapping[str, set[str]], heads: Mapping[str, set[str]]) -> nx.DiGraph:
    """Parent → child PART_OF edges between units that currently have a head or lead."""
    tree = nx.DiGraph()
    tree.add_nodes_from(heads)
    tree.add_edges_from(
        (parent, child)
        for child, ups in parents.items()
        if child in heads
        for parent in ups
        if parent in heads
    )
    return tree


def _level_2_nets(graph: nx.DiGraph) -> list[str]:
    return sorted(
        n for n, data in graph.nodes(data=True) if data["label"] == "Net" and data["level"] == 2
    )


def _reachable(tree: nx.DiGraph, roots: Iterable[str]) -> set[str]:
    """The roots present in ``tree`` and every node beneath them."""
    found: set[str] = set()
    for root in roots:
        if root in tree and root not in found:
            found |= {root} | nx.descendants(tree, root)
    return found
