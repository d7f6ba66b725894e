"""GraphQL types and root fields for accountability: ``trace`` (from any object or person up
the chain to the level-2 head, now or as of a past date) and ``impact`` (what a person
answers for and what their leaving would orphan). Resolvers call ``queries.accountability``.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.graphql.context import READ_ALL, Context
from api.graphql.entities import Entity
from api.graphql.entities.base import loaded
from api.graphql.entities.refs import DutyRef, PersonRef, StandardRef
from api.graphql.look_ahead import selected_under
from api.graphql.stats import CountType, counts
from api.graphql.views import shown, view, zh, zh_all
from graph.enums import DutyElement, OfficerRole, UserRole
from queries import accountability
from queries.views import Gap, Holder

AS_OF = (
    "The instant to read assignments at: `YYYY-MM-DD` (the end of that day) or an ISO-8601 "
    "date-time; now when omitted."
)


@view(Holder, description="A person holding a post (owner, head, lead, officer, assignee).")
class HolderType:
    uid: str = strawberry.field(description="Person uid.")
    name: str = strawberry.field(description="Person name.")
    since: str | None = strawberry.field(description="When the post started (ISO-8601 UTC).")
    until: str | None = strawberry.field(
        description="When the post ended (ISO-8601 UTC); null while current."
    )
    person: PersonRef | None = loaded("Person", "The person (null outside your reach).")


@view(Gap, description="Where an accountability chain breaks.")
class GapType:
    code: str = strawberry.field(
        description="The coverage rule id this gap corresponds to (see `coverageRules`)."
    )
    message: str = strawberry.field(description="What is missing, naming the node.")
    uid: str | None = strawberry.field(description="The node where the chain breaks.")


@view(accountability.Link, description="One step of an accountability chain.")
class ChainLinkType:
    role: str = strawberry.field(
        description="object, owner, micro_cell, micro_cell_lead, cell, cell_head, net or net_head."
    )
    uid: str = strawberry.field(description="Uid of the node at this step.")
    name: str = strawberry.field(description="Its name.")
    kind: str = strawberry.field(description="Its label (Person, Cell, Net, Equipment…).")
    via: str = strawberry.field(
        description="direct (dedicated to the subject), inherited (through the risk point or "
        "equipment named by `source`) or hierarchy."
    )
    since: str | None = strawberry.field(description="When the link started (ISO-8601 UTC).")
    until: str | None = strawberry.field(description="When the link ended; null while current.")
    level: int | None = strawberry.field(description="Net level (2, 3, 4) for nets and net heads.")
    source: str | None = strawberry.field(
        description="For inherited links: the uid the link is inherited through."
    )
    node: Entity | None = loaded(None, "The node at this step (null outside your reach).")


@view(
    accountability.Officer,
    description="One of the eight officer roles (八大员) of a cell, with its holder.",
)
class OfficerType:
    role: str = strawberry.field(description="Officer role (an OfficerRole value).")
    role_zh: str = zh(OfficerRole, "role", required=True)
    holder: HolderType = strawberry.field(description="Who holds it.")


@view(
    accountability.DutyView,
    description="A duty that applies to the traced subject, with missing elements.",
)
class DutyType:
    uid: str = strawberry.field(description="Duty uid.")
    title: str = strawberry.field(description="Duty title.")
    role: str | None = strawberry.field(description="Officer role the duty belongs to, if any.")
    role_zh: str | None = zh(OfficerRole, "role")
    matter: str | None = strawberry.field(description="The matter (事).")
    responsibility: str | None = strawberry.field(description="The responsibility (责).")
    schedule: str | None = strawberry.field(description="The time (时间).")
    space: str | None = strawberry.field(description="The space (空间).")
    assignee: HolderType | None = strawberry.field(description="The person (人) assigned.")
    via: str = strawberry.field(description="direct or inherited (through `source`).")
    source: str = strawberry.field(description="The uid the duty is attached to.")
    missing: list[str] = strawberry.field(
        description="Six elements (六要素) the duty lacks: assignee, matter, object, "
        "responsibility, schedule, space."
    )
    missing_zh: list[str] = zh_all(DutyElement, "missing")
    duty: DutyRef | None = loaded("Duty", "The duty record (null outside your reach).")


@view(accountability.StandardView, description="A standard in force for the traced subject.")
class StandardType:
    uid: str = strawberry.field(description="Standard uid.")
    code: str = strawberry.field(description="Standard code.")
    title: str = strawberry.field(description="Standard title.")
    level: str = strawberry.field(description="guidance or unit.")
    since: str | None = strawberry.field(description="In force since (ISO-8601 UTC).")
    until: str | None = strawberry.field(description="In force until; null while current.")
    via: str = strawberry.field(description="direct or inherited (through `source`).")
    source: str = strawberry.field(description="The uid governed by the standard.")
    guidance_uid: str | None = strawberry.field(
        description="Uid of the guidance standard it derives from."
    )
    guidance_code: str | None = strawberry.field(description="Code of that guidance standard.")
    guidance_title: str | None = strawberry.field(description="Title of that guidance standard.")
    standard: StandardRef | None = loaded("Standard", "The standard (null outside your reach).")


@view(
    accountability.Trace,
    description="The accountability chain of one object or person as it stood at `asOf`: "
    "owner, micro-cell, cell and every net above with their heads, the cell's officers, "
    "the duties and standards that apply, and where the chain breaks.",
)
class TraceType:
    uid: str = strawberry.field(description="The traced subject.")
    kind: str = strawberry.field(description="Its label.")
    name: str = strawberry.field(description="Its name.")
    as_of: str = strawberry.field(description="The instant the chain was read at (ISO-8601 UTC).")
    chain: list[ChainLinkType] = strawberry.field(
        description="From the subject upward to the level-2 net head; stops where it breaks."
    )
    officers: list[OfficerType] = strawberry.field(description="The cell's officers (八大员).")
    duties: list[DutyType] = strawberry.field(description="Duties that apply to the subject.")
    standards: list[StandardType] = strawberry.field(description="Standards in force.")
    gaps: list[GapType] = strawberry.field(description="Where the chain breaks; empty if whole.")
    complete: bool = strawberry.field(description="True when there is no gap.")
    subject: Entity | None = loaded(None, "The traced subject as an entity.")


@view(accountability.Responsibility, description="One thing a person answers for directly.")
class ResponsibilityType:
    post: str = strawberry.field(
        description="owner, duty_assignee, officer, micro_cell_lead or head."
    )
    uid: str = strawberry.field(description="Uid of what they answer for.")
    name: str = strawberry.field(description="Its name.")
    kind: str = strawberry.field(description="Its label.")
    since: str | None = strawberry.field(description="Held since (ISO-8601 UTC).")
    sole: bool = strawberry.field(description="True when nobody else holds this post.")
    role: str | None = strawberry.field(description="The officer role, for officer posts.")
    role_zh: str | None = zh(OfficerRole, "role")
    level: int | None = strawberry.field(description="The net level, for heads of nets.")
    node: Entity | None = loaded(None, "What they answer for, as an entity.")


@strawberry.type(description="How many responsibilities of one post.")
class PostCountType:
    post: str = strawberry.field(
        description="owner, duty_assignee, officer, micro_cell_lead or head."
    )
    count: int = strawberry.field(description="How many.")


def _post_counts(per_post: dict[str, int]) -> list[PostCountType]:
    return [PostCountType(post=post, count=n) for post, n in per_post.items()]


def _objects(subtree: strawberry.Parent[accountability.Subtree]) -> list[CountType]:
    return counts(subtree.objects)


@view(accountability.Subtree, description="What lies beneath the nets and cells a person heads.")
class SubtreeType:
    cells: int = strawberry.field(description="Cells beneath.")
    micro_cells: int = strawberry.field(description="Micro-cells beneath.")
    members: int = strawberry.field(description="Current micro-cell members beneath.")
    objects: list[CountType] = strawberry.field(
        resolver=_objects, description="Objects beneath, per label."
    )


def _counts(impact: strawberry.Parent[accountability.Impact]) -> list[PostCountType]:
    return _post_counts(impact.counts)


def _orphaned_counts(impact: strawberry.Parent[accountability.Impact]) -> list[PostCountType]:
    return _post_counts(impact.orphaned_counts)


@view(
    accountability.Impact,
    description="Everything a person is accountable for at `asOf`, and what their leaving "
    "would leave uncovered.",
)
class ImpactType:
    uid: str = strawberry.field(description="Person uid.")
    name: str = strawberry.field(description="Person name.")
    as_of: str = strawberry.field(description="The instant posts were read at (ISO-8601 UTC).")
    direct: list[ResponsibilityType] = strawberry.field(
        description="Owned objects, duties, officer roles, micro-cells led, units headed."
    )
    counts: list[PostCountType] = strawberry.field(
        resolver=_counts, description="Direct responsibilities per post."
    )
    orphaned: list[ResponsibilityType] = strawberry.field(
        description="The direct responsibilities nobody else shares (`sole`)."
    )
    orphaned_counts: list[PostCountType] = strawberry.field(
        resolver=_orphaned_counts, description="Orphaned, per post."
    )
    subtree: SubtreeType = strawberry.field(description="What lies beneath the units headed.")
    person: PersonRef | None = loaded("Person", "The person as an entity.")


_TRACE_PARTS: dict[str, accountability.Part] = {
    "officers": "officers",
    "duties": "duties",
    "standards": "standards",
    "gaps": "gaps",
    "complete": "gaps",
}
"""Trace fields → the part of the trace (``queries.accountability.PARTS``) they read."""


def selected(info: Info[Context, None]) -> set[str]:
    """The names of the fields selected on this field's result, through fragments (a field
    under ``@skip``/``@include`` counts as selected: reading it costs only time)."""
    return {field.name for field in selected_under(info)}


async def resolve_trace(
    info: Info[Context, None],
    uid: Annotated[
        str, strawberry.argument(description="Uid of an object, risk point, hazard or person.")
    ],
    as_of: Annotated[str | None, strawberry.argument(description=AS_OF)] = None,
) -> TraceType | None:
    """The trace, reading only the parts the query selects: the chain alone is one chain walk."""
    context = info.context
    await context.require_askable(uid)
    parts = {_TRACE_PARTS[name] for name in selected(info) if name in _TRACE_PARTS}
    result = await run_in_threadpool(
        partial(accountability.trace, parts=parts), context.engine, uid, as_of
    )
    return shown(TraceType, result)


async def resolve_impact(
    info: Info[Context, None],
    person_uid: Annotated[str, strawberry.argument(description="Uid of the person.")],
    as_of: Annotated[str | None, strawberry.argument(description=AS_OF)] = None,
) -> ImpactType | None:
    context = info.context
    context.require(*READ_ALL, UserRole.HEAD)
    await context.require_askable(person_uid)
    result = await run_in_threadpool(
        partial(accountability.impact, subtree=False), context.engine, person_uid, as_of
    )
    allowed = [r for r in result.direct if await context.sees(r.kind, r.uid)]
    below = None
    if "subtree" in selected(info):
        reach = await context.reach()
        # Counted beneath the units headed that lie inside the reader's subtrees: a net above
        # them is visible (every trace shows it), what lies beneath it is not.
        inside = reach.units | reach.cells | reach.nets
        units = [
            r.uid for r in allowed if r.post == "head" and (reach.unrestricted or r.uid in inside)
        ]
        below = await run_in_threadpool(
            accountability.subtree_of, context.engine, units, result.as_of
        )
    return shown(ImpactType, replace(result, direct=allowed, subtree=below))
