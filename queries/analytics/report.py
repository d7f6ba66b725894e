"""All four analyses on one projection, and the report's JSON shape."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from graph.engine import Engine
from queries.analytics.detached import DetachedNode, compute_detached
from queries.analytics.failure_points import FailurePoint, compute_single_points_of_failure
from queries.analytics.microcell_spans import MicroCellSpan, compute_microcell_sizes
from queries.analytics.projection import (
    AsOf,
    project,
)
from queries.analytics.workload import Workload, compute_workload
from queries.clock import instant


@dataclass(frozen=True, slots=True)
class AnalyticsReport:
    """All four analyses on one projection, as of one instant."""

    as_of: str
    workload: Workload
    single_points_of_failure: tuple[FailurePoint, ...]
    detached: tuple[DetachedNode, ...]
    microcell_sizes: tuple[MicroCellSpan, ...]

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape (see the ``queries.analytics`` docstring)."""
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
