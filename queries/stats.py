"""Counts per node label and relationship type: the first thing anyone asks of a graph."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, LiteralString, cast

from graph.engine import Engine
from graph.schema import node_specs, relationship_specs


class Totals:
    """Sums over counts per label (``nodes``) and per type (``relationships``)."""

    __slots__ = ()
    nodes: dict[str, int]
    relationships: dict[str, int]

    @property
    def total_nodes(self) -> int:
        return sum(self.nodes.values())

    @property
    def total_relationships(self) -> int:
        return sum(self.relationships.values())


@dataclass(frozen=True, slots=True)
class GraphStats(Totals):
    """How many nodes of each label and relationships of each type the graph holds."""

    engine: str
    nodes: dict[str, int]
    relationships: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "total_nodes": self.total_nodes,
            "total_relationships": self.total_relationships,
        }


def _label_counts_query() -> LiteralString:
    parts = [f"MATCH (n:{label}) RETURN '{label}' AS name, count(n) AS c" for label in node_specs()]
    return cast(LiteralString, " UNION ALL ".join(parts))


def _type_counts_query() -> LiteralString:
    types = sorted({rel.type for rel in relationship_specs()})
    parts = [f"MATCH ()-[r:{t}]->() RETURN '{t}' AS name, count(r) AS c" for t in types]
    return cast(LiteralString, " UNION ALL ".join(parts))


LABEL_COUNTS = _label_counts_query()
TYPE_COUNTS = _type_counts_query()


def graph_stats(engine: Engine) -> GraphStats:
    """Count every declared label and relationship type (two round trips, read-only)."""
    # FalkorDB yields no row for a label it has never stored; Neo4j yields 0: fill in zeros.
    nodes = dict.fromkeys(node_specs(), 0)
    nodes |= {r["name"]: int(r["c"]) for r in engine.run(LABEL_COUNTS, readonly=True)}
    rels = dict.fromkeys(sorted({rel.type for rel in relationship_specs()}), 0)
    rels |= {r["name"]: int(r["c"]) for r in engine.run(TYPE_COUNTS, readonly=True)}
    return GraphStats(engine=engine.name, nodes=nodes, relationships=rels)
