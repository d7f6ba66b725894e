"""The writes of a checked :class:`~seed.ledgers.plan.Plan`, through ``graph.writer``.

Nodes first (MERGE by uid, in ``NODE_CLASSES`` order), then closing open assignments and
removing replaced plain links, then opening and adding the new ones. Each statement is
atomic but the whole is not (the embedded engine has no multi-statement transactions);
because every step MERGEs or only acts on what is still open, re-running the same import
after an interruption finishes the job without doubling anything.
"""

from __future__ import annotations

from graph.engine import Engine
from graph.model import NODE_CLASSES
from graph.writer import (
    close_assignments,
    delete_relationships,
    upsert_nodes,
    upsert_relationships,
)
from seed.ledgers.plan import Plan
from seed.ledgers.progress import Meter


def apply_plan(engine: Engine, plan: Plan, bar: Meter) -> None:
    """Write everything ``plan`` holds (it must carry no issues)."""
    assert not plan.issues, "a plan with issues is never written"
    bar.start("writing", plan.writes)
    engine.ensure_schema()
    with engine.bulk_load():
        for cls in NODE_CLASSES:
            rows = plan.nodes.get(cls.__name__)
            if rows:
                upsert_nodes(engine, cls.__name__, rows, progress=bar.advance)
        for key, rows in plan.closes.items():
            close_assignments(engine, plan.specs[key], rows, progress=bar.advance)
        for key, rows in plan.removes.items():
            delete_relationships(engine, plan.specs[key], rows, progress=bar.advance)
        for ops in (plan.opens, plan.adds):
            for key, rows in ops.items():
                upsert_relationships(
                    engine, plan.specs[key], rows, progress=bar.advance, check_endpoints=False
                )
