"""Coverage gaps: a catalog of named rules, each one portable Cypher statement, run over the
whole grid or one net's subtree and rolled up per level-2/3/4 net and per cell, so a
planner sees where the accountability network has holes (DOMAIN.md §9).

The package is split by job: ``rules`` (the catalog), ``frame`` (cells and nets with the nets
above them), ``run`` (selecting, binding and running rules), ``rollup``, ``report`` (the
result types, JSON and CSV) and ``markdown``.

Example:
    >>> report = gaps(engine, today="2026-11-15")
    >>> report.counts["cell_without_head"], report.rollup.nets[0].uid
    (1, 'net-l2')
"""

from graph.grid_rules import DONE_HAZARD_STATUSES, SPAN_MAX, SPAN_MIN
from queries.coverage.cache import DEFAULT_GAP_CACHE_S, cached_gaps, data_version
from queries.coverage.report import (
    CSV_COLUMNS,
    Finding,
    GapReport,
    Rollup,
    RuleResult,
    UnitCount,
)
from queries.coverage.rules import (
    CATALOG,
    DEFAULT_OVERLOAD_THRESHOLD,
    DEFAULT_TRAINING_DAYS,
    PARAMETERS,
    RULES,
    Rule,
    Severity,
    catalog,
)
from queries.coverage.run import SIX_ELEMENTS_ZH, When, gaps

__all__ = [
    "CATALOG",
    "CSV_COLUMNS",
    "DEFAULT_GAP_CACHE_S",
    "DEFAULT_OVERLOAD_THRESHOLD",
    "DEFAULT_TRAINING_DAYS",
    "DONE_HAZARD_STATUSES",
    "PARAMETERS",
    "RULES",
    "SIX_ELEMENTS_ZH",
    "SPAN_MAX",
    "SPAN_MIN",
    "Finding",
    "GapReport",
    "Rollup",
    "Rule",
    "RuleResult",
    "Severity",
    "UnitCount",
    "When",
    "cached_gaps",
    "catalog",
    "data_version",
    "gaps",
]
