"""The trunk of a business tree (网+流程): the net chain upward, the nets beneath a net
subject, and the process bundles of those nets."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from graph.engine import Engine, Row
from graph.enums import (
    NetLevel,
    OfficerRole,
    ProcessKind,
)
from queries.business_tree.people import PersonRef, person_refs
from queries.cypher import cypher


@dataclass(frozen=True, slots=True)
class NetNode:
    """A net on the trunk with its current heads (网长)."""

    uid: str
    name: str | None
    level: int | None
    kind: str | None
    parent: str | None
    heads: tuple[PersonRef, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "name": self.name,
            "level": self.level,
            "kind": self.kind,
            "kind_zh": NetLevel.zh_of(self.kind),
            "parent": self.parent,
            "heads": [h.to_json() for h in self.heads],
        }


@dataclass(frozen=True, slots=True)
class ProcessNode:
    """A process bundle (流程束) of a trunk net, with the officer role it serves."""

    uid: str
    name: str | None
    kind: str | None
    role: str | None
    net: str
    fed_by: tuple[str, ...]
    standards: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "name": self.name,
            "kind": self.kind,
            "kind_zh": ProcessKind.zh_of(self.kind),
            "role": self.role,
            "role_zh": OfficerRole.zh_of(self.role),
            "net": self.net,
            "fed_by": list(self.fed_by),
            "standards": list(self.standards),
        }


@dataclass(frozen=True, slots=True)
class Trunk:
    """Trunk (网+流程): the net chain upward, the nets beneath a net subject, the processes."""

    chain: tuple[NetNode, ...]
    nets_below: tuple[NetNode, ...]
    processes: tuple[ProcessNode, ...]

    @property
    def reaches_level_2(self) -> bool:
        """True when the chain of current PART_OF links runs up to a level-2 net."""
        return any(net.level == 2 for net in self.chain)

    def to_json(self) -> dict[str, Any]:
        return {
            "chain": [n.to_json() for n in self.chain],
            "reaches_level_2": self.reaches_level_2,
            "nets_below": [n.to_json() for n in self.nets_below],
            "processes": [p.to_json() for p in self.processes],
        }


def _net_node(row: Row) -> NetNode:
    return NetNode(
        uid=row["net"],
        name=row["net_name"],
        level=row["net_level"],
        kind=row["net_kind"],
        parent=row["parent"],
        heads=person_refs(row["heads"]),
    )


def trunk_nets(rows: list[Row]) -> tuple[tuple[NetNode, ...], tuple[NetNode, ...]]:
    """Split the net rows into the chain upward (by depth) and the nets beneath (by level)."""
    up = sorted((r for r in rows if r["net"] is not None and r["depth"] >= 0), key=_depth_key)
    down = sorted(
        (r for r in rows if r["net"] is not None and r["depth"] < 0),
        key=lambda r: (r["net_level"] or 0, r["net"]),
    )
    chain = _distinct(up)
    for lower, upper in itertools.pairwise(chain):
        if upper["depth"] == lower["depth"] + 1:
            lower["parent"] = upper["net"]
    return tuple(_net_node(r) for r in chain), tuple(_net_node(r) for r in _distinct(down))


def _depth_key(row: Row) -> tuple[int, str]:
    return row["depth"], row["net"]


def _distinct(rows: list[Row]) -> list[Row]:
    """First row per net: a net reached by two current paths appears once."""
    seen: set[str] = set()
    kept = []
    for row in rows:
        if row["net"] not in seen:
            seen.add(row["net"])
            kept.append(row)
    return kept


def read_processes(engine: Engine, nets: list[str]) -> tuple[ProcessNode, ...]:
    """The process bundles of ``nets`` (one statement; none for no net)."""
    if not nets:
        return ()
    rows = engine.run(cypher("business_tree/processes"), {"nets": nets}, readonly=True)
    return tuple(
        ProcessNode(
            uid=r["uid"],
            name=r["name"],
            kind=r["kind"],
            role=r["role"],
            net=r["net"],
            fed_by=tuple(sorted(r["fed_by"])),
            standards=tuple(sorted(r["standards"])),
        )
        for r in rows
    )
