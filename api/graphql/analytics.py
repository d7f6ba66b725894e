"""GraphQL types and root field for the planners' whole-graph analytics: owner workload,
single points of failure, detached nodes and micro-cell spans, all as of one instant.
The resolver calls ``queries.analytics.analytics_report``.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.graphql.accountability import AS_OF
from api.graphql.business_tree import PersonRefType
from api.graphql.context import READ_ALL, Context
from api.graphql.entities.base import loaded
from api.graphql.entities.refs import MicroCellRef, PersonRef
from api.graphql.stats import CountType, counts
from api.graphql.views import shown, view
from queries import analytics

DEFAULT_TOP = 20


@strawberry.type(description="How many people own a given number of objects.")
class WorkloadBucketType:
    owned: int = strawberry.field(description="Objects owned.")
    people: int = strawberry.field(description="People owning exactly that many.")


def _person_uid(item: strawberry.Parent[analytics.OwnerLoad | analytics.FailurePoint]) -> str:
    return item.person.uid


def _person_name(
    item: strawberry.Parent[analytics.OwnerLoad | analytics.FailurePoint],
) -> str | None:
    return item.person.name


def _by_kind(load: strawberry.Parent[analytics.OwnerLoad]) -> list[CountType]:
    return counts(load.by_kind)


@view(analytics.OwnerLoad, description="One person's currently owned objects.")
class OwnerLoadType:
    uid: str = strawberry.field(resolver=_person_uid, description="Person uid.")
    name: str | None = strawberry.field(resolver=_person_name, description="Person name.")
    owned: int = strawberry.field(description="Objects owned.")
    by_kind: list[CountType] = strawberry.field(
        resolver=_by_kind, description="Objects owned, per label."
    )
    person: PersonRef | None = loaded(
        "Person", "The person (null outside your reach).", uid=_person_uid
    )


def _mean(workload: strawberry.Parent[analytics.Workload]) -> float:
    return round(workload.mean, 3)


def _gini(workload: strawberry.Parent[analytics.Workload]) -> float:
    return round(workload.gini, 4)


def _distribution(workload: strawberry.Parent[analytics.Workload]) -> list[WorkloadBucketType]:
    return [WorkloadBucketType(owned=k, people=n) for k, n in workload.distribution]


@view(analytics.Workload, description="How current ownership of objects spreads over people.")
class WorkloadType:
    as_of: str = strawberry.field(description="Instant ownership was read at.")
    people: int = strawberry.field(description="People, including those owning nothing.")
    owned_objects: int = strawberry.field(description="Objects with a current owner.")
    assignments: int = strawberry.field(description="Current ownership links.")
    mean: float = strawberry.field(resolver=_mean, description="Mean objects per person.")
    median: float = strawberry.field(description="Median objects per person.")
    p90: int = strawberry.field(description="Nearest-rank 90th percentile.")
    max: int = strawberry.field(description="Most objects one person owns.")
    gini: float = strawberry.field(
        resolver=_gini, description="Gini coefficient: 0 even, towards 1 concentrated."
    )
    distribution: list[WorkloadBucketType] = strawberry.field(
        resolver=_distribution, description="People per number of objects owned."
    )
    top: list[OwnerLoadType] = strawberry.field(description="The ten heaviest owners.")


@view(analytics.FailurePoint, description="What one person's departure would break.")
class FailurePointType:
    uid: str = strawberry.field(resolver=_person_uid, description="Person uid.")
    name: str | None = strawberry.field(resolver=_person_name, description="Person name.")
    score: int = strawberry.field(description="orphanedObjects + brokenUnits.")
    orphaned_objects: int = strawberry.field(description="Objects they alone own.")
    broken_units: int = strawberry.field(
        description="Units whose chain to a level-2 net would break without them."
    )
    headless_units: list[str] = strawberry.field(description="Units they alone head or lead.")
    person: PersonRef | None = loaded(
        "Person", "The person (null outside your reach).", uid=_person_uid
    )


@view(
    analytics.DetachedNode, description="A unit or object with no current path up to a level-2 net."
)
class DetachedNodeType:
    uid: str = strawberry.field(description="Its uid.")
    label: str = strawberry.field(description="Its label.")
    name: str | None = strawberry.field(description="Its name.")
    reason: str = strawberry.field(description="no_parent, chain_broken, no_cell or cell_detached.")
    top: str | None = strawberry.field(description="Where its chain stops; null in a cycle.")


type Detached = tuple[analytics.DetachedNode, ...]


def _detached_count(detached: strawberry.Parent[Detached]) -> int:
    return len(detached)


def _by_label(detached: strawberry.Parent[Detached]) -> list[CountType]:
    return counts(dict(sorted(Counter(d.label for d in detached).items())))


def _detached_nodes(detached: strawberry.Parent[Detached]) -> list[DetachedNodeType]:
    return list(detached)  # type: ignore[arg-type]


@view(tuple, description="Units and objects not connected to a level-2 net.")
class DetachedReportType:
    count: int = strawberry.field(resolver=_detached_count, description="How many.")
    by_label: list[CountType] = strawberry.field(
        resolver=_by_label, description="How many per label."
    )
    nodes: list[DetachedNodeType] = strawberry.field(
        resolver=_detached_nodes, description="Nets first, then by uid."
    )


@view(
    analytics.MicroCellSpan,
    description="A micro-cell whose span (members besides the lead) is not 2–4.",
)
class MicroCellSpanType:
    uid: str = strawberry.field(description="Micro-cell uid.")
    name: str | None = strawberry.field(description="Its name.")
    cell: str | None = strawberry.field(description="The cell it is part of.")
    leads: list[PersonRefType] = strawberry.field(description="Its current leads.")
    size: int = strawberry.field(description="Current members besides the leads.")
    members: list[str] = strawberry.field(description="Their uids.")
    verdict: str = strawberry.field(description="too_small or too_large.")
    micro_cell: MicroCellRef | None = loaded(
        "MicroCell", "The micro-cell (null outside your reach)."
    )


type Spans = tuple[analytics.MicroCellSpan, ...]


def _span_count(spans: strawberry.Parent[Spans]) -> int:
    return len(spans)


def _too_small(spans: strawberry.Parent[Spans]) -> int:
    return sum(s.verdict == "too_small" for s in spans)


def _too_large(spans: strawberry.Parent[Spans]) -> int:
    return sum(s.verdict == "too_large" for s in spans)


def _microcells(spans: strawberry.Parent[Spans]) -> list[MicroCellSpanType]:
    return list(spans)  # type: ignore[arg-type]


@view(tuple, description="Micro-cells whose span is out of 2–4.")
class MicroCellSizesType:
    count: int = strawberry.field(resolver=_span_count, description="How many.")
    too_small: int = strawberry.field(resolver=_too_small, description="Fewer than two members.")
    too_large: int = strawberry.field(resolver=_too_large, description="More than four members.")
    microcells: list[MicroCellSpanType] = strawberry.field(
        resolver=_microcells, description="Smallest first."
    )


@view(
    analytics.AnalyticsReport,
    description="Planner analytics on one consistent projection: workload, single points of "
    "failure, detached nodes, micro-cell spans.",
)
class AnalyticsType:
    as_of: str = strawberry.field(description="Instant links were read at (ISO-8601 UTC).")
    workload: WorkloadType = strawberry.field(description="Owner workload.")
    single_points_of_failure: list[FailurePointType] = strawberry.field(
        description="People whose departure breaks most, worst first (at most `top`)."
    )
    detached: DetachedReportType = strawberry.field(description="Detached units and objects.")
    microcell_sizes: MicroCellSizesType = strawberry.field(
        description="Micro-cells with a span out of range."
    )


async def resolve_analytics(
    info: Info[Context, None],
    as_of: Annotated[str | None, strawberry.argument(description=AS_OF)] = None,
    top: Annotated[
        int,
        strawberry.argument(
            description="How many single points of failure to list (capped at the server's "
            "max_page_size)."
        ),
    ] = DEFAULT_TOP,
) -> AnalyticsType | None:
    info.context.require(*READ_ALL)
    top = info.context.page_size(top, "top")
    report = await run_in_threadpool(
        lambda: analytics.analytics_report(info.context.engine, as_of=as_of, top=top)
    )
    return shown(AnalyticsType, report)
