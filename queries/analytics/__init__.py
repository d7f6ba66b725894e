"""Whole-graph analytics for planners: owner workload, single points of failure, detached
nodes and micro-cell spans, computed with networkx on a projection pulled from the store.

Every analysis pulls one projection (two read statements: ``analytics/nodes`` and
``analytics/edges``, each limited to the labels and relationship types it needs), builds a
networkx graph and computes in memory. :func:`analytics_report` pulls one projection for
all four. Costs and measured timings: ``docs/analytics.md``.

The package is split by job: ``projection`` (what is pulled from the store), ``workload``,
``failure_points``, ``detached``, ``microcell_spans`` (one analysis each) and ``report``.

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

from queries.analytics.detached import (
    DetachedNode,
    DetachedReason,
    compute_detached,
    detached,
)
from queries.analytics.failure_points import (
    FailurePoint,
    accountability_graph,
    compute_single_points_of_failure,
    single_points_of_failure,
)
from queries.analytics.microcell_spans import (
    MicroCellSpan,
    compute_microcell_sizes,
    microcell_sizes,
)
from queries.analytics.projection import (
    ALL_LABELS,
    ALL_RELS,
    OBJECT_LABELS,
    UNIT_LABELS,
    AsOf,
    Edge,
    NodeInfo,
    Projection,
    project,
)
from queries.analytics.report import AnalyticsReport, analytics_report
from queries.analytics.workload import (
    TOP_OWNERS,
    OwnerLoad,
    Workload,
    compute_workload,
    gini,
    percentile,
    workload,
)

__all__ = [
    "ALL_LABELS",
    "ALL_RELS",
    "OBJECT_LABELS",
    "TOP_OWNERS",
    "UNIT_LABELS",
    "AnalyticsReport",
    "AsOf",
    "DetachedNode",
    "DetachedReason",
    "Edge",
    "FailurePoint",
    "MicroCellSpan",
    "NodeInfo",
    "OwnerLoad",
    "Projection",
    "Workload",
    "accountability_graph",
    "analytics_report",
    "compute_detached",
    "compute_microcell_sizes",
    "compute_single_points_of_failure",
    "compute_workload",
    "detached",
    "gini",
    "microcell_sizes",
    "percentile",
    "project",
    "single_points_of_failure",
    "workload",
]
