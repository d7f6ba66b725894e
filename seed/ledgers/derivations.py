"""Derivation cycles refused at import: a standard that derives (DERIVED_FROM), through any
number of steps, from itself has no guidance standard at the top of its cascade.

The derivation graph checked is the stored one with each imported standard's links replaced by
what its row asks (a row names the full set of standards it derives from), so a cycle closed
by the ledgers, by the database, or by both together is found.
"""

from __future__ import annotations

from collections import defaultdict

from graph.engine import Engine
from seed.ledgers.planned import Plan, Slot

DERIVATION = "DERIVED_FROM"
STORED = "MATCH (a:Standard)-[:DERIVED_FROM]->(b:Standard) RETURN a.uid AS a, b.uid AS b"


def check_derivations(engine: Engine, plan: Plan, slots: list[Slot]) -> None:
    """An error on the row of each standard that closes a derivation cycle, naming the
    standards around it (each cycle once)."""
    asked = {s.anchor: s for s in slots if s.link.rel_type == DERIVATION}
    if not asked:
        return
    parents: dict[str, list[str]] = defaultdict(list)
    for row in engine.run(STORED, {}, readonly=True):
        parents[row["a"]].append(row["b"])
    for uid, slot in asked.items():
        parents[uid] = [target.uid for target in slot.desired]
    reported: set[frozenset[str]] = set()
    for uid, slot in asked.items():
        cycle = derivation_cycle(uid, parents)
        if cycle is None or frozenset(cycle) in reported:
            continue
        reported.add(frozenset(cycle))
        message = (
            f"derivation cycle: {' → '.join(cycle)}; a standard cannot derive from itself, "
            "directly or through others"
        )
        plan.issues.append(slot.row.issue(message, slot.column))


def derivation_cycle(start: str, parents: dict[str, list[str]]) -> list[str] | None:
    """The uids from ``start`` back to itself along ``parents``, or None when it has none."""
    path = [start]
    seen = {start}
    stack = [iter(parents.get(start, []))]
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            path.pop()
            continue
        if step == start:
            return [*path, start]
        if step not in seen:
            seen.add(step)
            path.append(step)
            stack.append(iter(parents.get(step, [])))
    return None
