"""Owner workload: how current ownership of accountable objects spreads over people."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.engine import Engine
from queries.analytics.projection import (
    AsOf,
    Projection,
    project,
)
from queries.business_tree import PersonRef
from queries.clock import instant

TOP_OWNERS = 10


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
