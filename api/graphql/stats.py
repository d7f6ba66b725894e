"""GraphQL types and root field for graph statistics."""

from __future__ import annotations

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.graphql.context import Context
from queries.stats import graph_stats


@strawberry.type(description="How many elements carry one label or relationship type.")
class CountType:
    name: str = strawberry.field(description="Node label or relationship type.")
    count: int


@strawberry.type(description="Size of the stored grid, per label and relationship type.")
class StatsType:
    engine: str = strawberry.field(description="Storage engine: falkordb or neo4j.")
    total_nodes: int
    total_relationships: int
    nodes: list[CountType]
    relationships: list[CountType]


async def resolve_stats(info: Info[Context, None]) -> StatsType:
    stats = await run_in_threadpool(graph_stats, info.context.engine)
    return StatsType(
        engine=stats.engine,
        total_nodes=stats.total_nodes,
        total_relationships=stats.total_relationships,
        nodes=[CountType(name=k, count=v) for k, v in stats.nodes.items()],
        relationships=[CountType(name=k, count=v) for k, v in stats.relationships.items()],
    )
