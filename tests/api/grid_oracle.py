"""Answers computed straight from the generated dataset's rows (plain Python), to check
what the API returns against something that does not share its code."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from seed.dataset import Dataset

NOW = "2026-11-24T00:00:00Z"


def current(rows: list[dict[str, Any]], at: str = NOW) -> list[dict[str, Any]]:
    return [r for r in rows if r["since"] <= at and (r.get("until") is None or r["until"] > at)]


def parents(dataset: Dataset) -> dict[str, str]:
    """Net → the net it is part of, and cell → its level-4 net, now."""
    rels = dataset.relationships
    return {r["a"]: r["b"] for key in [("Net", "PART_OF", "Net"), ("Cell", "PART_OF", "Net")]
            for r in current(rels[key])}  # fmt: skip


def chain(dataset: Dataset, unit: str) -> Iterator[str]:
    """``unit`` and every net above it."""
    up = parents(dataset)
    node: str | None = unit
    while node is not None:
        yield node
        node = up.get(node)


def subtree_cells(dataset: Dataset, unit: str) -> set[str]:
    """Cells beneath ``unit`` (a net or a cell) now."""
    cells = {c["uid"] for c in dataset.nodes["Cell"]}
    return {cell for cell in cells if unit in chain(dataset, cell)}


def subtree_nets(dataset: Dataset, unit: str) -> set[str]:
    nets = {n["uid"] for n in dataset.nodes["Net"]}
    return {net for net in nets if unit in chain(dataset, net)}


def in_cells(dataset: Dataset, label: str, rel_type: str, cells: set[str]) -> set[str]:
    """Uids of ``label`` tied by ``rel_type`` to any of ``cells``."""
    rows = dataset.relationships[(label, rel_type, "Cell")]
    if rows and "since" in rows[0]:
        rows = current(rows)
    return {r["a"] for r in rows if r["b"] in cells}


def placed_people(dataset: Dataset, cells: set[str]) -> set[str]:
    rels = dataset.relationships
    micro = in_cells(dataset, "MicroCell", "PART_OF", cells)
    placed = current(rels[("Person", "MEMBER_OF", "MicroCell")]) + current(
        rels[("Person", "LEADS", "MicroCell")]
    )
    return {r["a"] for r in placed if r["b"] in micro}


def uids_in(value: Any) -> set[str]:
    """Every ``uid`` value anywhere in a JSON answer."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "uid" and isinstance(item, str):
                found.add(item)
            else:
                found |= uids_in(item)
    elif isinstance(value, list):
        for item in value:
            found |= uids_in(item)
    return found
