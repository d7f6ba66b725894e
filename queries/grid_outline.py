"""The grid outline: every net, cell and micro-cell under some units as one flat row each,
with its head (the lead of a micro-cell), its officers, and its members and coverage gaps
counted directly and rolled up, so a front-end draws the whole tree from one answer.

Counting rules (also in the GraphQL field docs):

- **members** are people with a current MEMBER_OF link to a micro-cell (people are placed
  only in micro-cells). *Direct* members of a micro-cell are its own; of a cell, those of its
  micro-cells; of a net, those of the cells directly part of it (0 for a net with only nets
  beneath). *Rolled-up* members add everything beneath. A person in two micro-cells counts
  in both (the rule ``person_in_several_microcells`` reports them).
- **gaps** are the findings of every coverage rule (``queries.coverage.gaps``, run once over
  the same subtree; no second gap engine). *Rolled-up* gaps of a net or cell are the
  coverage roll-up's count; *direct* gaps of a net are the findings placed in the net itself
  and in none of its cells or nets; a cell's direct gaps equal its rolled-up ones (the
  coverage engine places nothing finer than a cell). A micro-cell's gaps are the findings
  about the micro-cell itself (no lead, a lead who is no member…), also counted in its cell.

Example:
    >>> outline = grid_outline(engine, ["net-l4-001"], today="2026-11-15")
    >>> outline.units[0].kind, outline.units[0].members
    ('Net', 52)
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from graph.engine import Engine
from graph.errors import NotFoundError
from queries import coverage
from queries.business_tree.people import PersonRef
from queries.clock import at_and_today
from queries.coverage.report import Finding
from queries.cypher import cypher

type When = str | None

KINDS = ("Net", "Cell", "MicroCell")
"""The kinds of unit an outline lists, top-down."""


@dataclass(frozen=True, slots=True)
class OutlineUnit:
    """One net, cell or micro-cell of an outline with its people and gaps counted."""

    uid: str
    kind: str
    name: str
    level: int | None
    parent: str | None
    heads: list[PersonRef]
    officers: int
    direct_members: int
    members: int
    direct_gaps: int
    gaps: int


@dataclass(frozen=True, slots=True)
class GridOutline:
    """The units under ``roots`` (every unit when None), parents before children."""

    as_of: str
    today: str
    roots: list[str] | None
    units: list[OutlineUnit]
    gaps_ms: float
    ms: float


@dataclass(slots=True)
class _Node:
    uid: str
    kind: str
    name: str
    level: int | None
    retired: bool
    parent: str | None = None


def grid_outline(
    engine: Engine,
    roots: Iterable[str] | None = None,
    *,
    today: When = None,
    as_of: When = None,
    gap_cache_s: float = coverage.DEFAULT_GAP_CACHE_S,
) -> GridOutline:
    """The outline of the subtrees of ``roots`` (net or cell uids; a root inside another is
    dropped), or of the whole grid when None, as the grid stood at ``as_of`` (gap deadlines
    and windows counted from ``today``; either defaults to the other, both to now).

    Costs two statements plus one coverage run (every rule) per root, answered from a kept
    report when the data has not changed (``queries.coverage.cache``; ``gap_cache_s`` 0: never).

    Raises:
        ValidationError: a bad date.
        NotFoundError: a root names no net or cell.
    """
    started = time.perf_counter()
    at, today_iso = at_and_today(today, as_of, as_of_field="asOf")
    nodes = _frame(engine, at)
    children: dict[str | None, list[str]] = {}
    for node in sorted(nodes.values(), key=lambda n: (KINDS.index(n.kind), n.level or 0, n.uid)):
        if not node.retired:
            children.setdefault(node.parent, []).append(node.uid)
    wanted = None if roots is None else _top(nodes, sorted(set(roots)))
    order = _walk(children, wanted if wanted is not None else children.get(None, []))
    counts = _people(engine, order, at)
    gaps_started = time.perf_counter()
    findings, rolled = _gaps(engine, wanted, as_of, today_iso, gap_cache_s)
    gaps_ms = (time.perf_counter() - gaps_started) * 1000
    direct_gaps = _direct_gaps(findings, {uid: nodes[uid].kind for uid in order})
    members = _members(order, nodes, children, counts)
    units = []
    for uid in order:
        node = nodes[uid]
        heads, officers, _ = counts.get(uid, ([], 0, 0))
        direct, total = members[uid]
        units.append(
            OutlineUnit(
                uid=uid,
                kind=node.kind,
                name=node.name,
                level=node.level,
                parent=node.parent,
                heads=heads,
                officers=officers,
                direct_members=direct,
                members=total,
                direct_gaps=direct_gaps[uid],
                gaps=direct_gaps[uid] if node.kind == "MicroCell" else rolled[uid],
            )
        )
    return GridOutline(
        at, today_iso, wanted, units, gaps_ms, (time.perf_counter() - started) * 1000
    )


def _frame(engine: Engine, at: str) -> dict[str, _Node]:
    """Every unit by uid with the parent its current PART_OF link names (the first by uid
    when there are several, which the coverage rules report)."""
    nodes: dict[str, _Node] = {}
    parents: dict[str, list[str]] = {}
    for row in engine.run(cypher("grid_outline/frame"), {}, readonly=True):
        if row["kind"] is not None:
            retired = row["retired"] is not None and row["retired"] <= at
            level = None if row["level"] is None else int(row["level"])
            nodes[row["uid"]] = _Node(row["uid"], row["kind"], row["name"] or "", level, retired)
            continue
        since, until = row["since"], row["until"]
        if since is not None and since <= at and (until is None or until > at):
            parents.setdefault(row["uid"], []).append(row["parent"])
    for uid, ups in parents.items():
        if uid in nodes:
            nodes[uid].parent = min(ups)
    return nodes


def _top(nodes: dict[str, _Node], roots: list[str]) -> list[str]:
    """``roots`` without those lying under another root. NotFoundError for a root that is
    no current net or cell."""
    for root in roots:
        node = nodes.get(root)
        if node is None or node.kind == "MicroCell" or node.retired:
            raise NotFoundError(root, "Net or Cell")
    chosen = set(roots)
    top = []
    for root in roots:
        up, seen = nodes[root].parent, {root}
        while up is not None and up not in chosen and up not in seen:
            seen.add(up)
            up = nodes[up].parent if up in nodes else None
        if up is None or up not in chosen:
            top.append(root)
    return top


def _walk(children: dict[str | None, list[str]], roots: list[str]) -> list[str]:
    """The uids under ``roots`` (included), depth first, parents before children."""
    order: list[str] = []
    seen: set[str] = set()
    stack = list(reversed(roots))
    while stack:
        uid = stack.pop()
        if uid in seen:
            continue
        seen.add(uid)
        order.append(uid)
        stack.extend(reversed(children.get(uid, [])))
    return order


def _people(
    engine: Engine, units: list[str], at: str
) -> dict[str, tuple[list[PersonRef], int, int]]:
    """Per unit: its current heads, officers and members (one statement)."""
    if not units:
        return {}
    rows = engine.run(cypher("grid_outline/people"), {"units": units, "at": at}, readonly=True)
    found = {}
    for row in rows:
        heads = sorted(
            (PersonRef(h["uid"], h["name"]) for h in row["heads"] if h is not None),
            key=lambda h: h.uid,
        )
        found[row["uid"]] = (heads, int(row["officers"]), int(row["members"]))
    return found


def _members(
    order: list[str],
    nodes: dict[str, _Node],
    children: dict[str | None, list[str]],
    counts: dict[str, tuple[list[PersonRef], int, int]],
) -> dict[str, tuple[int, int]]:
    """Per unit ``(direct, rolled-up)`` members, as the module docstring defines them."""
    found: dict[str, tuple[int, int]] = {}
    for uid in reversed(order):  # children before parents
        kind = nodes[uid].kind
        below = [c for c in children.get(uid, []) if c in found]
        if kind == "MicroCell":
            own = counts.get(uid, ([], 0, 0))[2]
            found[uid] = (own, own)
            continue
        total = sum(found[c][1] for c in below)
        if kind == "Cell":
            found[uid] = (total, total)
        else:
            found[uid] = (sum(found[c][1] for c in below if nodes[c].kind == "Cell"), total)
    return found


def _gaps(
    engine: Engine, roots: list[str] | None, as_of: When, today: str, max_age_s: float
) -> tuple[list[Finding], dict[str, int]]:
    """Every finding of every coverage rule under ``roots`` and the roll-up's count per net
    and cell (one coverage run per root; one for the whole grid when None)."""
    findings: list[Finding] = []
    rolled: Counter[str] = Counter()
    for root in [None] if roots is None else roots:
        report = coverage.cached_gaps(
            engine, None, root, today=today, as_of=as_of, max_age_s=max_age_s
        )
        findings += [f for result in report.results for f in result.findings]
        for unit in (*report.rollup.nets, *report.rollup.cells):
            rolled[unit.uid] = unit.total
    return findings, rolled


def _direct_gaps(findings: list[Finding], kinds: dict[str, str]) -> Counter[str]:
    """Per unit, the findings whose most specific place is the unit; per micro-cell, the
    findings about the micro-cell itself."""
    found: Counter[str] = Counter()
    for f in findings:
        if kinds.get(f.uid) == "MicroCell":
            found[f.uid] += 1
        place = f.cell or f.l4 or f.l3 or f.l2
        if place is not None:
            found[place] += 1
    return found
