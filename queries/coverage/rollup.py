"""Rolling findings up: how many of each rule lie in every net's subtree and in every cell."""

from __future__ import annotations

from collections import Counter

from queries.coverage.frame import Unit
from queries.coverage.report import Rollup, RuleResult, UnitCount
from queries.coverage.rules import CATALOG


def roll_up(results: list[RuleResult], frame: dict[str, Unit], root: str | None) -> Rollup:
    """Findings counted per net and cell (inside ``root`` when given), and those in neither."""
    per_unit: dict[str, Counter[str]] = {}
    unplaced: Counter[str] = Counter()
    for result in results:
        for f in result.findings:
            places = {p for p in (f.cell, f.l4, f.l3, f.l2) if p is not None}
            if not places:
                unplaced[f.rule] += 1
            for uid in places:
                per_unit.setdefault(uid, Counter())[f.rule] += 1
    order = {rule.id: i for i, rule in enumerate(CATALOG)}
    units = []
    for uid, counter in per_unit.items():
        unit = frame.get(uid)
        if unit is None or (root is not None and not unit.within(root)):
            continue
        counts = dict(sorted(counter.items(), key=lambda kv: order[kv[0]]))
        units.append(
            UnitCount(
                uid, unit.kind, unit.name, unit.level, unit.parent, sum(counts.values()), counts
            )
        )
    nets = sorted(
        (u for u in units if u.kind == "Net"), key=lambda u: (u.level or 0, -u.total, u.uid)
    )
    cells = sorted((u for u in units if u.kind == "Cell"), key=lambda u: (-u.total, u.uid))
    return Rollup(nets, cells, dict(sorted(unplaced.items(), key=lambda kv: order[kv[0]])))
