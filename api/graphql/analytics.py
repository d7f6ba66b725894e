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
from api.graphql.stats import CountType, counts
from queries import analytics

DEFAULT_TOP = 20


@strawberry.type(description="How many people own a given number of objects.")
class WorkloadBucketType:
    owned: int = strawberry.field(description="Objects owned.")
    people: int = strawberry.field(description="People owning exactly that many.")


@strawberry.type(description="One person's currently owned objects.")
class OwnerLoadType:
    uid: str = strawberry.field(description="Person uid.")
    name: str | None = strawberry.field(description="Person name.")
    owned: int = strawberry.field(description="Objects owned.")
    by_kind: list[CountType] = strawberry.field(description="Objects owned, per label.")


@strawberry.type(description="How current ownership of objects spreads over people.")
class WorkloadType:
    as_of: str = strawberry.field(description="Instant ownership was read at.")
    people: int = strawberry.field(description="People, including those owning nothing.")
    owned_objects: int = strawberry.field(description="Objects with a current owner.")
    assignments: int = strawberry.field(description="Current ownership links.")
    mean: float = strawberry.field(description="Mean objects per person.")
    median: float = strawberry.field(description="Median objects per person.")
    p90: int = strawberry.field(description="Nearest-rank 90th percentile.")
    max: int = strawberry.field(description="Most objects one person owns.")
    gini: float = strawberry.field(description="Gini coefficient: 0 even, towards 1 concentrated.")
    distribution: list[WorkloadBucketType] = strawberry.field(
        description="People per number of objects owned."
    )
    top: list[OwnerLoadType] = strawberry.field(description="The ten heaviest owners.")

    @classmethod
    def of(cls, w: analytics.Workload) -> WorkloadType:
        return cls(
            as_of=w.as_of,
            people=w.people,
            owned_objects=w.owned_objects,
            assignments=w.assignments,
            mean=round(w.mean, 3),
            median=w.median,
            p90=w.p90,
            max=w.max,
            gini=round(w.gini, 4),
            distribution=[WorkloadBucketType(owned=k, people=n) for k, n in w.distribution],
            top=[
                OwnerLoadType(
                    uid=t.person.uid, name=t.person.name, owned=t.owned, by_kind=counts(t.by_kind)
                )
                for t in w.top
            ],
        )


@strawberry.type(description="What one person's departure would break.")
class FailurePointType:
    uid: str = strawberry.field(description="Person uid.")
    name: str | None = strawberry.field(description="Person name.")
    score: int = strawberry.field(description="orphanedObjects + brokenUnits.")
    orphaned_objects: int = strawberry.field(description="Objects they alone own.")
    broken_units: int = strawberry.field(
        description="Units whose chain to a level-2 net would break without them."
    )
    headless_units: list[str] = strawberry.field(description="Units they alone head or lead.")

    @classmethod
    def of(cls, p: analytics.FailurePoint) -> FailurePointType:
        return cls(
            uid=p.person.uid,
            name=p.person.name,
            score=p.score,
            orphaned_objects=p.orphaned_objects,
            broken_units=p.broken_units,
            headless_units=list(p.headless_units),
        )


@strawberry.type(description="A unit or object with no current path up to a level-2 net.")
class DetachedNodeType:
    uid: str = strawberry.field(description="Its uid.")
    label: str = strawberry.field(description="Its label.")
    name: str | None = strawberry.field(description="Its name.")
    reason: str = strawberry.field(description="no_parent, chain_broken, no_cell or cell_detached.")
    top: str | None = strawberry.field(description="Where its chain stops; null in a cycle.")


@strawberry.type(description="Units and objects not connected to a level-2 net.")
class DetachedReportType:
    count: int = strawberry.field(description="How many.")
    by_label: list[CountType] = strawberry.field(description="How many per label.")
    nodes: list[DetachedNodeType] = strawberry.field(description="Nets first, then by uid.")


@strawberry.type(description="A micro-cell whose span (members besides the lead) is not 2–4.")
class MicroCellSpanType:
    uid: str = strawberry.field(description="Micro-cell uid.")
    name: str | None = strawberry.field(description="Its name.")
    cell: str | None = strawberry.field(description="The cell it is part of.")
    leads: list[PersonRefType] = strawberry.field(description="Its current leads.")
    size: int = strawberry.field(description="Current members besides the leads.")
    members: list[str] = strawberry.field(description="Their uids.")
    verdict: str = strawberry.field(description="too_small or too_large.")


@strawberry.type(description="Micro-cells whose span is out of 2–4.")
class MicroCellSizesType:
    count: int = strawberry.field(description="How many.")
    too_small: int = strawberry.field(description="Fewer than two members.")
    too_large: int = strawberry.field(description="More than four members.")
    microcells: list[MicroCellSpanType] = strawberry.field(description="Smallest first.")


@strawberry.type(
    description="Planner analytics on one consistent projection: workload, single points of "
    "failure, detached nodes, micro-cell spans."
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

    @classmethod
    def of(cls, report: analytics.AnalyticsReport) -> AnalyticsType:
        spans = report.microcell_sizes
        return cls(
            as_of=report.as_of,
            workload=WorkloadType.of(report.workload),
            single_points_of_failure=[
                FailurePointType.of(p) for p in report.single_points_of_failure
            ],
            detached=DetachedReportType(
                count=len(report.detached),
                by_label=counts(dict(sorted(Counter(d.label for d in report.detached).items()))),
                nodes=[
                    DetachedNodeType(
                        uid=d.uid, label=d.label, name=d.name, reason=d.reason, top=d.top
                    )
                    for d in report.detached
                ],
            ),
            microcell_sizes=MicroCellSizesType(
                count=len(spans),
                too_small=sum(s.verdict == "too_small" for s in spans),
                too_large=sum(s.verdict == "too_large" for s in spans),
                microcells=[
                    MicroCellSpanType(
                        uid=s.uid,
                        name=s.name,
                        cell=s.cell,
                        leads=[PersonRefType.of(lead) for lead in s.leads],
                        size=s.size,
                        members=list(s.members),
                        verdict=s.verdict,
                    )
                    for s in spans
                ],
            ),
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
    return AnalyticsType.of(report)
