"""Gap reports kept while the data stays the same, so a dashboard opened by many planners (the
console's heat map, the grid tree's gap counts) runs the 24 rules once rather than for each.

A report is kept per engine under everything that decides it — the rules, the subtree, the
day deadlines count from, the instant assignments are read at (or "now"), the settings — and
the **data version**: how many nodes, relationships and audit entries the graph holds (three
statements answered from the engines' counters, ≈ 0.15 ms each). Every change made through
RedGrid writes an audit entry, and every hand-over or move adds a relationship, so a change
moves the version and the next request runs the rules again. A report read "as of now" is
also kept at most ``max_age_s`` seconds (``REDGRID_GAP_CACHE_S``), which bounds what a change
made outside RedGrid (by hand, in the engine) could leave unseen; 0 turns the cache off.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Iterable
from functools import partial
from typing import Any

from graph.engine import Engine
from queries.clock import day
from queries.coverage.report import GapReport
from queries.coverage.rules import DEFAULT_OVERLOAD_THRESHOLD, DEFAULT_TRAINING_DAYS
from queries.coverage.run import When, gaps
from queries.cypher import cypher

__all__ = ["DEFAULT_GAP_CACHE_S", "KEPT_REPORTS", "cached_gaps", "data_version"]

DEFAULT_GAP_CACHE_S = 300.0
KEPT_REPORTS = 32
"""Reports kept per engine, least recently used dropped first."""

_VERSION_STATEMENTS = (
    "cache/count_nodes",
    "cache/count_relationships",
    "cache/count_audit_entries",
)

type _Key = tuple[Any, ...]
_kept: weakref.WeakKeyDictionary[Engine, OrderedDict[_Key, tuple[float, GapReport]]] = (
    weakref.WeakKeyDictionary()
)
_lock = threading.Lock()


def data_version(engine: Engine) -> tuple[int, ...]:
    """Nodes, relationships and audit entries in the graph (see the module docstring)."""
    return tuple(
        int(engine.run(cypher(name), {}, readonly=True)[0]["n"]) for name in _VERSION_STATEMENTS
    )


def cached_gaps(
    engine: Engine,
    rules: Iterable[str] | str | None = None,
    net: str | None = None,
    *,
    today: When = None,
    as_of: When = None,
    overload_threshold: int = DEFAULT_OVERLOAD_THRESHOLD,
    training_days: int = DEFAULT_TRAINING_DAYS,
    max_age_s: float = DEFAULT_GAP_CACHE_S,
) -> GapReport:
    """:func:`queries.coverage.gaps`, answered from a kept report when nothing it depends on
    has changed (module docstring); the same arguments, the same errors.

    Example:
        >>> cached_gaps(engine, today="2026-11-15") is cached_gaps(engine, today="2026-11-15")
        True
    """
    run = partial(gaps, engine, rules, net, today=today, as_of=as_of,
                  overload_threshold=overload_threshold, training_days=training_days)  # fmt: skip
    if max_age_s <= 0:
        return run()
    selected = (rules,) if isinstance(rules, str) else None if rules is None else tuple(rules)
    # "Now" moves: such a report is kept for max_age_s, and under the day it was asked on.
    moment = str(as_of) if as_of is not None else f"now:{day(None)}"
    key = (selected, net, str(today), moment, overload_threshold, training_days,
           data_version(engine))  # fmt: skip
    now = time.monotonic()
    with _lock:
        kept = _kept.setdefault(engine, OrderedDict())
        hit = kept.get(key)
        if hit is not None and (as_of is not None or now - hit[0] < max_age_s):
            kept.move_to_end(key)
            return hit[1]
    report = run()
    with _lock:
        kept[key] = (now, report)
        kept.move_to_end(key)
        while len(kept) > KEPT_REPORTS:
            kept.popitem(last=False)
    return report
