"""GraphQL types and root field for graph statistics."""

from __future__ import annotations

from collections.abc import Mapping

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.graphql.context import Context
from api.graphql.views import shown, view
from queries.stats import GraphStats, graph_stats


@strawberry.type(description="How many elements carry one label or relationship type.")
class CountType:
    name: str = strawberry.field(description="Node label or relationship type.")
    count: int = strawberry.field(description="How many there are.")


def counts(mapping: Mapping[str, int]) -> list[CountType]:
    """``{name: count}`` as a list of :class:`CountType`, in the mapping's order."""
    return [CountType(name=name, count=count) for name, count in mapping.items()]


def _nodes(stats: strawberry.Parent[GraphStats]) -> list[CountType]:
    return counts(stats.nodes)


def _relationships(stats: strawberry.Parent[GraphStats]) -> list[CountType]:
    return counts(stats.relationships)


@view(GraphStats, description="Size of the stored grid, per label and relationship type.")
class StatsType:
    engine: str = strawberry.field(description="Storage engine: falkordb or neo4j.")
    total_nodes: int = strawberry.field(description="Nodes of every declared label.")
    total_relationships: int = strawberry.field(description="Relationships of every declared type.")
    nodes: list[CountType] = strawberry.field(
        resolver=_nodes, description="Nodes per label (every declared label, zeros included)."
    )
    relationships: list[CountType] = strawberry.field(
        resolver=_relationships,
        description="Relationships per type (every declared type, zeros included).",
    )


async def resolve_stats(info: Info[Context, None]) -> StatsType:
    stats = await run_in_threadpool(graph_stats, info.context.engine)
    return shown(StatsType, stats)
