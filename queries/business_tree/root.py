"""The root of a business tree (格+数据源): the cells and the data sources feeding them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.engine import Engine, Row
from graph.enums import (
    CellMode,
    DataSourceKind,
)
from queries.business_tree.people import PersonRef, person_refs
from queries.cypher import cypher


@dataclass(frozen=True, slots=True)
class CellNode:
    """A cell at the root with the net(s) it is currently part of and its heads (格长)."""

    uid: str
    name: str | None
    mode: str | None
    nets: tuple[str, ...]
    heads: tuple[PersonRef, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "name": self.name,
            "mode": self.mode,
            "mode_zh": CellMode.zh_of(self.mode),
            "nets": list(self.nets),
            "heads": [h.to_json() for h in self.heads],
        }


@dataclass(frozen=True, slots=True)
class DataSourceNode:
    """A data source (数据源) feeding one or more of the tree's cells."""

    uid: str
    name: str | None
    kind: str | None
    cells: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "name": self.name,
            "kind": self.kind,
            "kind_zh": DataSourceKind.zh_of(self.kind),
            "cells": list(self.cells),
        }


@dataclass(frozen=True, slots=True)
class Root:
    """Root (格+数据源): the cells and the data sources feeding them."""

    cells: tuple[CellNode, ...]
    data_sources: tuple[DataSourceNode, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "cells": [c.to_json() for c in self.cells],
            "data_sources": [d.to_json() for d in self.data_sources],
        }


def cell_nodes(rows: list[Row]) -> tuple[CellNode, ...]:
    """The rows of ``business_tree/cells`` as cells of the root."""
    return tuple(
        CellNode(
            uid=r["uid"],
            name=r["name"],
            mode=r["mode"],
            nets=tuple(sorted(r["nets"])),
            heads=person_refs(r["heads"]),
        )
        for r in rows
    )


def read_data_sources(engine: Engine, cells: list[str]) -> tuple[DataSourceNode, ...]:
    """The data sources feeding ``cells`` (one statement; none for no cell)."""
    if not cells:
        return ()
    rows = engine.run(cypher("business_tree/data_sources"), {"cells": cells}, readonly=True)
    return tuple(
        DataSourceNode(r["uid"], r["name"], r["kind"], tuple(sorted(set(r["cells"])))) for r in rows
    )
