"""The root GraphQL schema, composed from the per-domain modules, with limits from settings
and typed, safe errors (``api.graphql.errors``)."""

from __future__ import annotations

import logging

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext
from strawberry.utils.logging import StrawberryLogger

from api.graphql.accountability import ImpactType, TraceType, resolve_impact, resolve_trace
from api.graphql.analytics import AnalyticsType, resolve_analytics
from api.graphql.audit import AuditEntryType, resolve_audit, resolve_history
from api.graphql.business_tree import BusinessTreeType, resolve_business_tree
from api.graphql.cost import CostModel
from api.graphql.coverage import (
    GapReportType,
    GapRuleType,
    resolve_coverage_gaps,
    resolve_coverage_rules,
)
from api.graphql.document_cache import document_cache
from api.graphql.entities import Entity
from api.graphql.errors import ErrorCodes, is_unexpected
from api.graphql.geojson import GeoJSON
from api.graphql.grid_outline import (
    GRID_OUTLINE_DESCRIPTION,
    GridOutlineType,
    resolve_grid_outline,
)
from api.graphql.ledgers import LedgerFileType, LedgerMutation, resolve_export_ledgers
from api.graphql.limits import DOCUMENT_CACHE_SIZE, RequestLimits
from api.graphql.lists import LIST_FIELDS
from api.graphql.me import MeType, resolve_me
from api.graphql.mutations.accounts import AccountMutation
from api.graphql.mutations.arguments import describe
from api.graphql.mutations.authorize import authorized
from api.graphql.mutations.grid import GridMutation
from api.graphql.mutations.work import WorkMutation
from api.graphql.node import resolve_node, resolve_nodes
from api.graphql.search import SearchHitType, resolve_search
from api.graphql.server_limits import LimitsType, resolve_limits
from api.graphql.spatial import (
    LOCATE_DESCRIPTION,
    MAP_LAYER_DESCRIPTION,
    WHO_TO_CALL_DESCRIPTION,
    WITHIN_DESCRIPTION,
    CallListType,
    InsideType,
    LocationType,
    resolve_locate,
    resolve_map_layer,
    resolve_who_to_call,
    resolve_within,
)
from api.graphql.stats import StatsType, resolve_stats
from api.graphql.users_admin import AccountType, resolve_users
from api.settings import Settings

__all__ = ["Query", "RedGridSchema", "build_schema"]

log = logging.getLogger("redgrid.api.graphql")


class _Query:
    stats: StatsType = strawberry.field(
        resolver=resolve_stats, description="Counts of nodes per label and relationships per type."
    )
    trace: TraceType | None = strawberry.field(
        resolver=resolve_trace,
        description="The accountability chain of an object, risk point, hazard or person, up "
        "to the level-2 net head, now or as of a past date. Unknown uid: NOT_FOUND.",
    )
    impact: ImpactType | None = strawberry.field(
        resolver=resolve_impact,
        description="Everything a person answers for and what their leaving would orphan. "
        "Unknown uid: NOT_FOUND.",
    )
    coverage_gaps: GapReportType | None = strawberry.field(
        resolver=resolve_coverage_gaps,
        description="Run coverage rules over the grid or one net's subtree; findings per rule, "
        "rolled up per net and cell. Unknown rule or bad setting: BAD_INPUT.",
    )
    coverage_rules: list[GapRuleType] = strawberry.field(
        resolver=resolve_coverage_rules,
        description="The catalog of coverage rules, with Chinese titles.",
    )
    business_tree: BusinessTreeType | None = strawberry.field(
        resolver=resolve_business_tree,
        description="The business tree (业务树) of a cell or a net. Unknown uid: NOT_FOUND.",
    )
    grid_outline: GridOutlineType | None = strawberry.field(
        resolver=resolve_grid_outline, description=GRID_OUTLINE_DESCRIPTION
    )
    search: list[SearchHitType] = strawberry.field(
        resolver=resolve_search,
        description="Find people, nets, cells, micro-cells, equipment, areas, work items, "
        "standards and risk points by Chinese or Latin text (partial names work). "
        "Blank or over-long text, unknown kind: BAD_INPUT.",
    )
    analytics: AnalyticsType | None = strawberry.field(
        resolver=resolve_analytics,
        description="Workload, single points of failure, detached nodes and micro-cell spans.",
    )
    me: MeType = strawberry.field(
        resolver=resolve_me, description="The account making the request and its reach."
    )
    limits: LimitsType = strawberry.field(
        resolver=resolve_limits, description="What this server accepts: body, page and text sizes."
    )
    history: list[AuditEntryType] = strawberry.field(
        resolver=resolve_history,
        description="The audit trail of one node, newest first (admins, investigators).",
    )
    audit: list[AuditEntryType] = strawberry.field(
        resolver=resolve_audit,
        description="What one account changed, newest first (admins, investigators).",
    )
    node: Entity | None = strawberry.field(
        resolver=resolve_node,
        description="Any entity by its global id; null (with a NOT_FOUND error) for an id "
        "naming nothing you can see. Malformed id: BAD_INPUT.",
    )
    nodes: list[Entity | None] = strawberry.field(
        resolver=resolve_nodes,
        description="Entities by global id, in the order asked; null for an id naming nothing.",
    )
    locate: LocationType = strawberry.field(resolver=resolve_locate, description=LOCATE_DESCRIPTION)
    within: InsideType = strawberry.field(resolver=resolve_within, description=WITHIN_DESCRIPTION)
    who_to_call: CallListType = strawberry.field(
        resolver=resolve_who_to_call, description=WHO_TO_CALL_DESCRIPTION
    )
    map_layer: GeoJSON = strawberry.field(  # type: ignore[valid-type]
        resolver=resolve_map_layer, description=MAP_LAYER_DESCRIPTION
    )
    users: list[AccountType] = strawberry.field(
        resolver=resolve_users, description="Every account, by username (admins)."
    )
    export_ledgers: list[LedgerFileType] = strawberry.field(
        resolver=resolve_export_ledgers,
        description="The ledgers `redgrid export` writes, one file per kind (admins). Bad "
        "format or lang: BAD_INPUT; unknown net: NOT_FOUND.",
    )


for _name, _field in LIST_FIELDS.items():
    setattr(_Query, _name, _field)
Query = strawberry.type(_Query, name="Query", description="Read access to the responsibility grid.")


Mutation = merge_types(
    "Mutation",
    tuple(
        authorized(describe(t))
        for t in (GridMutation, WorkMutation, AccountMutation, LedgerMutation)
    ),
)
Mutation.__strawberry_definition__.description = (  # type: ignore[attr-defined]
    "Changes: each checked against your role and reach, applied as one guarded statement "
    "with its audit entry (docs/changes.md, docs/workflows.md, docs/security.md)."
)


class RedGridSchema(strawberry.Schema):
    """strawberry's schema, logging unexpected errors with their stack trace (as strawberry
    does) and errors raised on purpose (not found, bad input, bad query) as one line."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if is_unexpected(error):
                StrawberryLogger.error(error, execution_context)
            else:
                log.info("graphql error at %s: %s", error.path or "-", error.message)


def build_schema(settings: Settings) -> strawberry.Schema:
    """The schema with depth, alias, token, string, page and cost limits taken from settings
    and coded errors.

    Example:
        >>> print(build_schema(Settings()).as_str())  # doctest: +SKIP
    """
    # The limiters' rule classes are made once, so that a repeated document (front-ends send
    # the same few) hits the validation cache: graphql-core's validation costs ~6 ms a
    # request, more than a trace does in the engine.
    limits = [
        *QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
    ]
    schema = RedGridSchema(
        query=Query,
        mutation=Mutation,
        extensions=[
            document_cache(DOCUMENT_CACHE_SIZE),
            lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
            lambda: AddValidationRules(limits),
            ErrorCodes,
        ],
    )
    # The cost model reads the built GraphQL schema, so its extension joins afterwards.
    model = CostModel(schema._schema, settings.query_costs, max_page_size=settings.max_page_size)
    schema.extensions = (
        *schema.extensions,
        lambda: RequestLimits(
            model, budget=settings.max_query_cost, max_string_length=settings.max_string_length
        ),
    )
    return schema
