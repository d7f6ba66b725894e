"""Micro-cell spans: micro-cells whose lead leads fewer than 2 or more than 4 members."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from graph.engine import Engine
from graph.grid_rules import SPAN_MAX, SPAN_MIN
from queries.analytics.projection import (
    AsOf,
    Projection,
    project,
)
from queries.business_tree import PersonRef
from queries.clock import instant


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
