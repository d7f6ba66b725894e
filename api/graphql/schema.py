"""The root GraphQL schema, composed from the per-domain modules, with limits from settings."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter

from api.graphql.stats import StatsType, resolve_stats
from api.settings import Settings
from graph.errors import GraphError


@strawberry.type(description="Read access to the responsibility grid.")
class Query:
    stats: StatsType = strawberry.field(
        resolver=resolve_stats, description="Counts of nodes per label and relationships per type."
    )


def _is_unexpected(error: GraphQLError) -> bool:
    """Hide internals of unexpected failures; keep validation and domain errors readable."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphError)


def build_schema(settings: Settings) -> strawberry.Schema:
    """The schema with depth, alias and token limits taken from settings, errors masked."""
    return strawberry.Schema(
        query=Query,
        extensions=[
            lambda: QueryDepthLimiter(max_depth=settings.max_query_depth),
            lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
            lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
            lambda: MaskErrors(should_mask_error=_is_unexpected),
        ],
    )
