"""The few places where the engines differ: schema DDL and error texts.

Queries themselves are shared; they stay inside the portable Cypher subset (DESIGN.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from graph.schema import base_spec, node_specs

type Dialect = Literal["falkordb", "neo4j"]


@dataclass(frozen=True, slots=True)
class SchemaItem:
    """One index or unique constraint the schema declares."""

    label: str
    prop: str
    unique: bool


def schema_items() -> list[SchemaItem]:
    """Every unique constraint and index, derived from the neomodel declarations."""
    items = []
    for spec in (base_spec(), *node_specs().values()):
        items += [SchemaItem(spec.label, p, True) for p in spec.unique]
        items += [SchemaItem(spec.label, p, False) for p in spec.indexed]
    return items


def neo4j_ddl() -> list[str]:
    """Neo4j 5 statements; ``IF NOT EXISTS`` makes them idempotent."""
    statements = []
    for item in schema_items():
        if item.unique:
            statements.append(
                f"CREATE CONSTRAINT {item.label}_{item.prop}_unique IF NOT EXISTS "
                f"FOR (n:{item.label}) REQUIRE n.{item.prop} IS UNIQUE"
            )
        else:
            statements.append(
                f"CREATE INDEX {item.label}_{item.prop} IF NOT EXISTS "
                f"FOR (n:{item.label}) ON (n.{item.prop})"
            )
    return statements


def falkordb_index_ddl() -> list[str]:
    """FalkorDB range indexes: one per unique or indexed property (a unique constraint
    needs an index on the same property first)."""
    return [f"CREATE INDEX FOR (n:{i.label}) ON (n.{i.prop})" for i in schema_items()]


def falkordb_constraint_commands(graph: str) -> list[tuple[str, ...]]:
    """FalkorDB creates constraints by command, not Cypher."""
    return [
        ("GRAPH.CONSTRAINT", "CREATE", graph, "UNIQUE", "NODE", i.label, "PROPERTIES", "1", i.prop)
        for i in schema_items()
        if i.unique
    ]


ALREADY_EXISTS_MARKERS = ("already indexed", "already exists", "equivalent")
"""Texts by which either engine says an index or constraint is there already."""
