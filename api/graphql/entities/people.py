"""People and the posts they hold: membership, leads, heads and the eight officer roles.

Health records are not part of the public graph: they stay behind the access rules of
the people who may read them (the person, their health instructor, admins).
"""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from api.graphql.context import Context
from api.graphql.entities.base import (
    AS_OF,
    ENTITY_TYPES,
    Assignment,
    Entity,
    entity_type,
    history,
    many,
    one,
)
from api.graphql.entities.refs import (
    CellRef,
    DutyRef,
    MicroCellRef,
    NetRef,
    TackleTeamRef,
)
from api.graphql.errors import ForbiddenError
from api.graphql.look_ahead import argument, mapped, prefetching, settled
from api.graphql.views import zh
from graph import model
from graph.enums import HealthStatus, OfficerRole
from queries.entities import Neighbour, Relation
from queries.visibility import health_records, may_read_health
from writes.health_reads import record_health_read

OFFICER_OF = Relation("Person", "OFFICER_OF", "Cell")
OFFICERS = Relation("Cell", "OFFICER_OF", "Person", outgoing=False)
_ROLE_ORDER = {role.value: i for i, role in enumerate(OfficerRole)}


def _posts_loader(
    context: Context, as_of: str | None, *, of_cell: bool
) -> DataLoader[str, list[Neighbour]]:
    """The request's loader of a cell's (``of_cell``) or a person's officer posts."""
    relation = OFFICERS if of_cell else OFFICER_OF
    return context.loaders.neighbours(
        relation, at=context.at(as_of), limit=context.settings.max_page_size
    )


def prefetch_officer_posts(*, of_cell: bool) -> dict[str, Any]:
    """The officer posts fields' metadata: loaded for every parent at once."""
    return prefetching(lambda c, a: _posts_loader(c, argument(a, "asOf", None), of_cell=of_cell))


@entity_type(
    model.Person,
    "An employee: grid member (网格员) or cell member (格成员).",
    employee_no="Employee number (工号).",
    name="Name (姓名).",
    party_member="Party member (党员).",
    post="Job post (岗位).",
    joined_on="Joining date (YYYY-MM-DD).",
)
class Person(Entity):
    micro_cell: MicroCellRef | None = one(
        Relation("Person", "MEMBER_OF", "MicroCell"),
        "The micro-cell the person is placed in, now or as of `asOf`.",
    )
    memberships: list[Assignment[MicroCellRef]] = history(
        Relation("Person", "MEMBER_OF", "MicroCell"), "Every micro-cell placement."
    )
    leads: list[MicroCellRef] = many(
        Relation("Person", "LEADS", "MicroCell"), "Micro-cells the person leads."
    )
    heads_nets: list[NetRef] = many(
        Relation("Person", "HEAD_OF", "Net"), "Nets the person heads (网长)."
    )
    heads_cells: list[CellRef] = many(
        Relation("Person", "HEAD_OF", "Cell"), "Cells the person heads (格长)."
    )
    duties: list[DutyRef] = many(
        Relation("Person", "ASSIGNED_TO", "Duty", outgoing=False),
        "Duties assigned to the person, now or as of `asOf`.",
    )
    tackle_teams: list[TackleTeamRef] = many(
        Relation("Person", "IN_TEAM", "TackleTeam"), "Tackling teams the person is in."
    )

    @strawberry.field(
        description="Health records (员工健康档案), newest first: for the person, their health "
        "instructor (健康管理指导员) and admins only; anyone else gets FORBIDDEN."
    )
    async def health_records(self, info: Info[Context, None]) -> list[HealthRecordType]:
        context = info.context
        caller = (await context.reach()).caller()
        allowed = await run_in_threadpool(
            may_read_health, context.engine, caller, self.uid, context.now
        )
        if not allowed:
            raise ForbiddenError("health records are for the person, their health instructor "
                                 "and admins")  # fmt: skip
        rows = await run_in_threadpool(health_records, context.engine, self.uid)
        await run_in_threadpool(
            record_health_read, context.engine, context.principal.actor, self.uid, len(rows)
        )
        return [HealthRecordType(uid=r["uid"], checked_on=r["checked_on"], status=r["status"],
                             notes=r.get("notes")) for r in rows]  # fmt: skip

    @strawberry.field(
        description="Officer roles (八大员) the person holds, now or as of `asOf`.",
        metadata=prefetch_officer_posts(of_cell=False),
    )
    def officer_posts(
        self, info: Info[Context, None], as_of: Annotated[str | None, AS_OF] = None
    ) -> list[OfficerPost]:
        return officer_posts(info, self, as_of, of_cell=False)  # type: ignore[no-any-return]


@strawberry.type(description="One health check of a person (sensitive).")
class HealthRecordType:
    uid: str = strawberry.field(description="Record id.")
    checked_on: str = strawberry.field(description="Date of the check (YYYY-MM-DD).")
    status: str = strawberry.field(description="HealthStatus value.")
    status_zh = zh(HealthStatus, "status")
    notes: str | None = strawberry.field(description="Notes.")


@strawberry.type(description="One of the eight officer roles (八大员) held in a cell.")
class OfficerPost:
    role: str = strawberry.field(description="OfficerRole value.")
    role_zh = zh(OfficerRole, "role")
    person: Person = strawberry.field(description="Who holds it.")
    cell: CellRef = strawberry.field(description="Where.")
    since: str | None = strawberry.field(description="When it started (ISO-8601 UTC).")
    until: str | None = strawberry.field(description="When it ended; null while current.")


def officer_posts(
    info: Info[Context, None], root: Entity, as_of: str | None, *, of_cell: bool
) -> Any:
    """The officer posts of a cell (``of_cell``) or of a person, in role order: a list when
    a look-ahead loaded them (api.graphql.look_ahead), else the awaitable of one."""
    loader = _posts_loader(info.context, as_of, of_cell=of_cell)
    return mapped(settled(loader, root.uid), lambda found: _posts(found, root, of_cell=of_cell))


def _posts(found: list[Neighbour], root: Entity, *, of_cell: bool) -> list[OfficerPost]:
    relation = OFFICERS if of_cell else OFFICER_OF
    posts = []
    for neighbour in found:
        other = ENTITY_TYPES[relation.target].from_props(neighbour.node)
        person, cell = (other, root) if of_cell else (root, other)
        posts.append(
            OfficerPost(
                role=neighbour.rel["role"],
                person=person,  # type: ignore[arg-type]
                cell=cell,  # type: ignore[arg-type]
                since=neighbour.rel.get("since"),
                until=neighbour.rel.get("until"),
            )
        )
    return sorted(posts, key=lambda p: (_ROLE_ORDER.get(p.role, 99), p.person.uid, p.cell.uid))
