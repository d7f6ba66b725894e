"""Baselines built from the same generated :class:`Dataset` RedGrid loads, in the same run.

Each answers the same two questions, with the same semantics, so their answers can be
compared with each other and with RedGrid's:

* **trace** of one object as of an instant: follow the current ``OWNED_BY`` (object →
  person), ``MEMBER_OF`` (person → micro-cell) and ``PART_OF`` (micro-cell → cell → nets)
  relationships upward, and name every unit's current heads (``HEAD_OF``). RedGrid's
  trace does more per call (risk point and location inheritance, standards, duties,
  officers, micro-cell leads, the gaps it finds), so the ratio is an upper bound of the
  price of the graph engine, not of like-for-like work;
* three **gap rules** over the whole graph: ``cell_without_head``, ``object_without_owner``
  and ``person_without_microcell`` (the same uids RedGrid's rules report).

The baselines: :class:`Floor` (Python dicts of parent pointers, current relationships
resolved in advance: nothing can trace faster), :class:`SQLiteBaseline` (stdlib
``sqlite3`` on a file, indexed, recursive CTE — what a user would pick instead) and
:class:`NetworkXBaseline` (a ``MultiDiGraph``, walked per call).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from seed.dataset import Dataset

UP = ("OWNED_BY", "MEMBER_OF", "PART_OF")
"""Relationship types a trace climbs."""
HEAD = "HEAD_OF"
TYPES = (*UP, HEAD)
OBJECTS = ("Equipment", "Area", "WorkItem")
RULES = ("cell_without_head", "object_without_owner", "person_without_microcell")
"""The gap rules every baseline runs (ids of RedGrid's rules with the same meaning)."""

type Edge = tuple[str, str, str, str | None, str | None]
"""(type, a uid, b uid, since, until)."""


def edges(dataset: Dataset) -> Iterator[Edge]:
    """Every relationship the baselines need."""
    for (_, rel_type, _), rows in dataset.relationships.items():
        if rel_type in TYPES:
            for row in rows:
                yield rel_type, row["a"], row["b"], row.get("since"), row.get("until")


def labels(dataset: Dataset) -> dict[str, str]:
    """uid → label of every node."""
    return {row["uid"]: label for label, rows in dataset.nodes.items() for row in rows}


def current(since: str | None, until: str | None, at: str) -> bool:
    """True when an assignment holds at ``at`` (the same test RedGrid's Cypher makes)."""
    return (since is None or since <= at) and (until is None or until > at)


def canonical_chain(uids: list[str]) -> tuple[str, ...]:
    """A chain in a form every baseline agrees on (order within one level may differ)."""
    return tuple(sorted(set(uids)))


class Floor:
    """Parent pointers in dicts, current relationships resolved once for ``at``."""

    name = "in-memory parent pointers (floor)"

    def __init__(self, dataset: Dataset, at: str) -> None:
        self.up: dict[str, list[str]] = defaultdict(list)
        self.heads: dict[str, list[str]] = defaultdict(list)
        self.ever_part_of: set[str] = set()
        for rel_type, a, b, since, until in edges(dataset):
            if rel_type == "PART_OF":
                self.ever_part_of.add(a)
            if not current(since, until, at):
                continue
            if rel_type == HEAD:
                self.heads[b].append(a)
            else:
                self.up[a].append(b)
        self.by_label: dict[str, list[str]] = {
            label: [row["uid"] for row in dataset.nodes.get(label, [])]
            for label in ("Cell", "Person", *OBJECTS)
        }

    def close(self) -> None:
        """Nothing to release but memory."""

    def trace(self, uid: str) -> list[str]:
        chain: list[str] = []
        seen = {uid}
        frontier = [uid]
        while frontier:
            following = []
            for node in frontier:
                for parent in self.up.get(node, ()):
                    if parent not in seen:
                        seen.add(parent)
                        chain.append(parent)
                        chain += self.heads.get(parent, ())
                        following.append(parent)
            frontier = following
        return chain

    def gaps(self, rule: str) -> list[str]:
        up, heads = self.up, self.heads
        if rule == "cell_without_head":
            return [
                c
                for c in self.by_label["Cell"]
                if (c not in self.ever_part_of or up.get(c)) and not heads.get(c)
            ]
        if rule == "object_without_owner":
            return [o for label in OBJECTS for o in self.by_label[label] if not up.get(o)]
        return [p for p in self.by_label["Person"] if not up.get(p)]


_CURRENT = "{r}.since <= :at AND ({r}.until IS NULL OR {r}.until > :at)"

SQLITE_TRACE = f"""
WITH RECURSIVE up(uid, depth) AS (
  SELECT :uid, 0
  UNION
  SELECT r.b, up.depth + 1 FROM up JOIN rel r ON r.a = up.uid
  WHERE r.type IN ('OWNED_BY', 'MEMBER_OF', 'PART_OF') AND {_CURRENT.format(r="r")}
    AND up.depth < 12
)
SELECT up.uid, h.a FROM up
LEFT JOIN rel h ON h.b = up.uid AND h.type = 'HEAD_OF' AND {_CURRENT.format(r="h")}
WHERE up.depth > 0 ORDER BY up.depth
"""

SQLITE_GAPS = {
    "cell_without_head": f"""
SELECT c.uid FROM node c WHERE c.label = 'Cell'
  AND (NOT EXISTS (SELECT 1 FROM rel p WHERE p.a = c.uid AND p.type = 'PART_OF')
       OR EXISTS (SELECT 1 FROM rel p WHERE p.a = c.uid AND p.type = 'PART_OF'
                  AND {_CURRENT.format(r="p")}))
  AND NOT EXISTS (SELECT 1 FROM rel h WHERE h.b = c.uid AND h.type = 'HEAD_OF'
                  AND {_CURRENT.format(r="h")})""",
    "object_without_owner": f"""
SELECT o.uid FROM node o WHERE o.label IN ('Equipment', 'Area', 'WorkItem')
  AND NOT EXISTS (SELECT 1 FROM rel r WHERE r.a = o.uid AND r.type = 'OWNED_BY'
                  AND {_CURRENT.format(r="r")})""",
    "person_without_microcell": f"""
SELECT p.uid FROM node p WHERE p.label = 'Person'
  AND NOT EXISTS (SELECT 1 FROM rel r WHERE r.a = p.uid AND r.type = 'MEMBER_OF'
                  AND {_CURRENT.format(r="r")})""",
}


class SQLiteBaseline:
    """stdlib ``sqlite3`` in memory: two tables, indexed the way the queries need."""

    name = "SQLite (recursive CTE, indexed)"

    def __init__(self, dataset: Dataset, at: str, path: Path | None = None) -> None:
        self.at = at
        self.path = path
        if path is not None:
            path.unlink(missing_ok=True)
        # A file, as a user would keep it (its pages live in the OS cache, not this process).
        self.db = sqlite3.connect(path or ":memory:", check_same_thread=False)
        self.db.executescript(
            "CREATE TABLE node (uid TEXT PRIMARY KEY, label TEXT NOT NULL);"
            "CREATE TABLE rel (type TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL,"
            " since TEXT, until TEXT);"
        )
        self.db.executemany("INSERT INTO node VALUES (?, ?)", labels(dataset).items())
        self.db.executemany("INSERT INTO rel VALUES (?, ?, ?, ?, ?)", edges(dataset))
        # No ANALYZE: with its statistics SQLite 3.40 probes the recursive step through a
        # Bloom filter built over the whole rel table on every call (9 ms a trace, not 0.06).
        self.db.executescript(
            "CREATE INDEX node_label ON node (label);"
            "CREATE INDEX rel_a ON rel (a, type);"
            "CREATE INDEX rel_b ON rel (b, type);"
        )
        self.db.commit()

    def trace(self, uid: str) -> list[str]:
        chain: list[str] = []
        for unit, head in self.db.execute(SQLITE_TRACE, {"uid": uid, "at": self.at}):
            chain.append(unit)
            if head is not None:
                chain.append(head)
        return chain

    def gaps(self, rule: str) -> list[str]:
        return [uid for (uid,) in self.db.execute(SQLITE_GAPS[rule], {"at": self.at})]

    def close(self) -> None:
        self.db.close()
        if self.path is not None:
            self.path.unlink(missing_ok=True)


class NetworkXBaseline:
    """A ``networkx.MultiDiGraph`` of the relationships the questions need, walked per call."""

    name = "networkx (MultiDiGraph)"

    def __init__(self, dataset: Dataset, at: str) -> None:
        self.at = at
        self.graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        known = labels(dataset)
        for label in ("Cell", "Person", *OBJECTS):
            self.graph.add_nodes_from(
                (row["uid"] for row in dataset.nodes.get(label, [])), label=label
            )
        for rel_type, a, b, since, until in edges(dataset):
            for uid in (a, b):
                if uid not in self.graph:
                    self.graph.add_node(uid, label=known[uid])
            self.graph.add_edge(a, b, type=rel_type, since=since, until=until)
        self.by_label: dict[str, list[str]] = defaultdict(list)
        for uid, label in self.graph.nodes(data="label"):
            self.by_label[label].append(uid)

    def close(self) -> None:
        self.graph.clear()

    def _current_edges(self, uid: str, types: tuple[str, ...], incoming: bool) -> list[str]:
        at = self.at
        found = (
            self.graph.in_edges(uid, data=True)
            if incoming
            else self.graph.out_edges(uid, data=True)
        )
        return [
            (a if incoming else b)
            for a, b, d in found
            if d["type"] in types and current(d["since"], d["until"], at)
        ]

    def trace(self, uid: str) -> list[str]:
        chain: list[str] = []
        seen = {uid}
        frontier = [uid] if uid in self.graph else []
        while frontier:
            following = []
            for node in frontier:
                for parent in self._current_edges(node, UP, incoming=False):
                    if parent not in seen:
                        seen.add(parent)
                        chain.append(parent)
                        chain += self._current_edges(parent, (HEAD,), incoming=True)
                        following.append(parent)
            frontier = following
        return chain

    def gaps(self, rule: str) -> list[str]:
        graph = self.graph
        if rule == "cell_without_head":
            found = []
            for c in self.by_label["Cell"]:
                part_of = [d for _, _, d in graph.out_edges(c, data=True) if d["type"] == "PART_OF"]
                in_grid = not part_of or any(
                    current(d["since"], d["until"], self.at) for d in part_of
                )
                if in_grid and not self._current_edges(c, (HEAD,), incoming=True):
                    found.append(c)
            return found
        if rule == "object_without_owner":
            return [
                o
                for label in OBJECTS
                for o in self.by_label[label]
                if not self._current_edges(o, ("OWNED_BY",), incoming=False)
            ]
        return [
            p
            for p in self.by_label["Person"]
            if not self._current_edges(p, ("MEMBER_OF",), incoming=False)
        ]


type Baseline = Floor | SQLiteBaseline | NetworkXBaseline


def describe(baseline: Baseline) -> dict[str, Any]:
    """Name and size of a baseline, for the results."""
    if isinstance(baseline, NetworkXBaseline):
        return {
            "name": baseline.name,
            "nodes": baseline.graph.number_of_nodes(),
            "edges": baseline.graph.number_of_edges(),
        }
    return {"name": baseline.name}
