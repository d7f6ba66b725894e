"""Whole-graph analytics for planners: owner workload, single points of failure, detached
nodes and micro-cell spans, computed with networkx on a projection pulled from the store.

Every analysis pulls one projection (two read statements: ``analytics/nodes`` and
``analytics/edges``, each limited to the labels and relationship types it needs), builds a
networkx graph and computes in memory. :func:`analytics_report` pulls one projection for
all four. Costs and measured timings: ``docs/analytics.md``.

JSON shape of :meth:`AnalyticsReport.to_json`::

    {
      "as_of": "YYYY-MM-DDTHH:MM:SSZ",
      "workload": {"as_of", "people", "owned_objects", "assignments",
                   "summary": {"mean", "median", "p90", "max"}, "gini",
                   "distribution": [{"owned", "people"}],
                   "top": [{"uid", "name", "owned", "by_kind": {label: n}}]},
      "single_points_of_failure": [{"uid", "name", "score", "orphaned_objects",
                                    "broken_units", "headless_units": [uid]}],
      "detached": {"count", "by_label": {label: n},
                   "nodes": [{"uid", "label", "name", "reason", "top"}]},
      "microcell_sizes": {"count", "too_small", "too_large",
                          "microcells": [{"uid", "name", "cell", "leads": [{"uid", "name"}],
                                          "size", "members": [uid], "verdict"}]}
    }
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, Literal

import networkx as nx

from graph.engine import Engine
from graph.grid_rules import SPAN_MAX, SPAN_MIN
from queries.business_tree import PersonRef
from queries.clock import instant
from queries.cypher import cypher

OBJECT_LABELS = ("Equipment", "Area", "WorkItem", "RiskPoint")
"""Accountable objects: what an owner (OWNED_BY) answers for and a cell (BELONGS_TO) holds."""

UNIT_LABELS = ("Net", "Cell", "MicroCell")
"""Units of the hierarchy, linked upward by PART_OF and headed (HEAD_OF) or led (LEADS)."""

ALL_LABELS = ("Person", *UNIT_LABELS, *OBJECT_LABELS)
ALL_RELS = ("PART_OF", "HEAD_OF", "LEADS", "MEMBER_OF", "OWNED_BY", "BELONGS_TO")

TOP_OWNERS = 10

type AsOf = date | datetime | str | None


# --- projection --------------------------------------------------------------------------------


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


# --- workload ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OwnerLoad:
    """One person's current owned objects, by kind."""

    person: PersonRef
    owned: int
    by_kind: Mapping[str, int]

    def to_json(self) -> dict[str, Any]:
        return {**self.person.to_json(), "owned": self.owned, "by_kind": dict(self.by_kind)}


@dataclass(frozen=True, slots=True)
class Workload:
    """How current ownership (OWNED_BY) of accountable objects spreads over people.

    Everyone counts, including people owning nothing. ``p90`` is the nearest-rank 90th
    percentile; ``gini`` is 0 when everyone owns as much as everyone else and tends to 1
    when one person owns everything.
    """

    as_of: str
    people: int
    owned_objects: int
    assignments: int
    mean: float
    median: float
    p90: int
    max: int
    gini: float
    distribution: tuple[tuple[int, int], ...]
    top: tuple[OwnerLoad, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "people": self.people,
            "owned_objects": self.owned_objects,
            "assignments": self.assignments,
            "summary": {
                "mean": round(self.mean, 3),
                "median": self.median,
                "p90": self.p90,
                "max": self.max,
            },
            "gini": round(self.gini, 4),
            "distribution": [{"owned": k, "people": n} for k, n in self.distribution],
            "top": [t.to_json() for t in self.top],
        }


def workload(engine: Engine, *, as_of: AsOf = None) -> Workload:
    """Distribution of currently owned objects (Equipment, Area, WorkItem, RiskPoint) per
    person, with summary statistics, the Gini coefficient and the top 10 owners.

    Cost: two read statements (all people, current OWNED_BY edges); O(P + E) time and memory
    for P people and E ownership edges, plus O(P log P) to sort.

    Args:
        engine: the graph store.
        as_of: the instant ownership is current at (a bare date means its end); now if None.
    """
    at = instant(as_of)
    return compute_workload(project(engine, at=at, labels=["Person"], rels=["OWNED_BY"]))


def compute_workload(projection: Projection) -> Workload:
    """:func:`workload` on a projection holding people and OWNED_BY edges."""
    people = projection.labelled("Person")
    graph = nx.DiGraph()
    graph.add_nodes_from(people)
    graph.add_edges_from((e.src, e.dst) for e in projection.of("OWNED_BY"))
    owned = {p: graph.in_degree(p) for p in people}
    values = sorted(owned.values())
    ranked = sorted(people, key=lambda p: (-owned[p], p))[:TOP_OWNERS]
    top = tuple(
        OwnerLoad(
            person=projection.person(p),
            owned=owned[p],
            by_kind=_kinds(projection, graph.predecessors(p)),
        )
        for p in ranked
        if owned[p] > 0
    )
    objects = {e.src for e in projection.of("OWNED_BY")}
    return Workload(
        as_of=projection.at,
        people=len(people),
        owned_objects=len(objects),
        assignments=graph.number_of_edges(),
        mean=statistics.fmean(values) if values else 0.0,
        median=float(statistics.median(values)) if values else 0.0,
        p90=percentile(values, 90),
        max=values[-1] if values else 0,
        gini=gini(values),
        distribution=tuple(sorted(Counter(values).items())),
        top=top,
    )


def _kinds(projection: Projection, uids: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(projection.label(u) for u in uids).items()))


def percentile(sorted_values: list[int], pct: float) -> int:
    """Nearest-rank percentile of ascending values (0 for none).

    Example:
        >>> percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)
        9
    """
    if not sorted_values:
        return 0
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def gini(sorted_values: list[int]) -> float:
    """Gini coefficient of ascending non-negative values: 0 equal, → 1 concentrated.

    Example:
        >>> gini([0, 0, 0, 4])
        0.75
    """
    n, total = len(sorted_values), sum(sorted_values)
    if n == 0 or total == 0:
        return 0.0
    weighted = sum(rank * value for rank, value in enumerate(sorted_values, start=1))
    return 2 * weighted / (n * total) - (n + 1) / n


# --- single points of failure ------------------------------------------------------------------


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


# --- detached nodes ----------------------------------------------------------------------------

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


# --- micro-cell spans --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MicroCellSpan:
    """A micro-cell whose span (current members other than its lead) is out of 2–4."""

    uid: str
    name: str | None
    cell: str | None
    leads: tuple[PersonRef, ...]
    members: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def verdict(self) -> Literal["too_small", "too_large"]:
        return "too_small" if self.size < SPAN_MIN else "too_large"

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "name": self.name,
            "cell": self.cell,
            "leads": [lead.to_json() for lead in self.leads],
            "size": self.size,
            "members": list(self.members),
            "verdict": self.verdict,
        }


def microcell_sizes(engine: Engine, *, as_of: AsOf = None) -> list[MicroCellSpan]:
    """Micro-cells whose span is below 2 or above 4, smallest first (then by uid).

    The span is the number of current members (MEMBER_OF) other than the current lead(s)
    (LEADS); a micro-cell with no lead is listed with an empty ``leads``.

    Cost: two read statements (people and micro-cells; current LEADS, MEMBER_OF and
    PART_OF edges). O(M + E) time and memory for M micro-cells and E edges.

    Args:
        engine: the graph store.
        as_of: the instant memberships are current at; now if None.
    """
    at = instant(as_of)
    projection = project(
        engine,
        at=at,
        labels=["Person", "MicroCell"],
        rels=["LEADS", "MEMBER_OF", "PART_OF"],
    )
    return compute_microcell_sizes(projection)


def compute_microcell_sizes(projection: Projection) -> list[MicroCellSpan]:
    """:func:`microcell_sizes` on a projection of micro-cells, LEADS, MEMBER_OF, PART_OF."""
    graph = nx.MultiDiGraph()
    cells = projection.labelled("MicroCell")
    graph.add_nodes_from(cells)
    graph.add_edges_from(
        (e.src, e.dst, e.rel, {})
        for e in projection.of("LEADS", "MEMBER_OF", "PART_OF")
        if e.rel != "PART_OF" or projection.label(e.src) == "MicroCell"
    )
    spans = []
    for uid in cells:
        leads = _linked(graph.in_edges(uid, keys=True), "LEADS", end=0)
        members = _linked(graph.in_edges(uid, keys=True), "MEMBER_OF", end=0) - leads
        if SPAN_MIN <= len(members) <= SPAN_MAX:
            continue
        parents = sorted(_linked(graph.out_edges(uid, keys=True), "PART_OF", end=1))
        spans.append(
            MicroCellSpan(
                uid=uid,
                name=projection.name(uid),
                cell=parents[0] if parents else None,
                leads=tuple(projection.person(p) for p in sorted(leads)),
                members=tuple(sorted(members)),
            )
        )
    return sorted(spans, key=lambda s: (s.size, s.uid))


def _linked(edges: Iterable[tuple[str, str, str]], rel: str, *, end: int) -> set[str]:
    """The endpoint at position ``end`` of the ``(u, v, key)`` edges whose key is ``rel``."""
    return {edge[end] for edge in edges if edge[2] == rel}


# --- report ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnalyticsReport:
    """All four analyses on one projection, as of one instant."""

    as_of: str
    workload: Workload
    single_points_of_failure: tuple[FailurePoint, ...]
    detached: tuple[DetachedNode, ...]
    microcell_sizes: tuple[MicroCellSpan, ...]

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape (see the module docstring)."""
        spans = self.microcell_sizes
        return {
            "as_of": self.as_of,
            "workload": self.workload.to_json(),
            "single_points_of_failure": [p.to_json() for p in self.single_points_of_failure],
            "detached": {
                "count": len(self.detached),
                "by_label": dict(sorted(Counter(d.label for d in self.detached).items())),
                "nodes": [d.to_json() for d in self.detached],
            },
            "microcell_sizes": {
                "count": len(spans),
                "too_small": sum(s.verdict == "too_small" for s in spans),
                "too_large": sum(s.verdict == "too_large" for s in spans),
                "microcells": [s.to_json() for s in spans],
            },
        }


def analytics_report(engine: Engine, *, as_of: AsOf = None, top: int = 20) -> AnalyticsReport:
    """Workload, single points of failure, detached nodes and micro-cell spans at once.

    Pulls one projection holding everything the four analyses need (two read
    statements), so the report reflects one consistent instant.

    Args:
        engine: the graph store.
        as_of: the instant links are current at (a bare date means its end); now if None.
        top: how many single points of failure to list.
    """
    projection = project(engine, at=instant(as_of))
    return AnalyticsReport(
        as_of=projection.at,
        workload=compute_workload(projection),
        single_points_of_failure=tuple(compute_single_points_of_failure(projection, top=top)),
        detached=tuple(compute_detached(projection)),
        microcell_sizes=tuple(compute_microcell_sizes(projection)),
    )
