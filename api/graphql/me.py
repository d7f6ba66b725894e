"""``me``: who the token belongs to, so a front-end can shape itself to the role."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.graphql.context import Context
from api.graphql.entities.base import ENTITY_TYPES, Entity, loaded
from api.graphql.entities.refs import PersonRef
from api.graphql.views import zh
from graph.enums import UserRole


@strawberry.type(description="The account making the request.")
class MeType:
    username: str = strawberry.field(description="Account name.")
    role: str = strawberry.field(description="admin, planner, investigator, head or member.")
    role_zh: str = zh(UserRole, "role", required=True)
    units: list[str] = strawberry.field(
        description="For a head: the nets and cells they head now (their reach)."
    )
    person_uid: strawberry.Private[str | None]

    @strawberry.field(description="For a head: the nets and cells they head now, with names.")
    async def head_of(self, info: Info[Context, None]) -> list[Entity]:
        records = await info.context.loaders.nodes.load_many(self.units)
        return [ENTITY_TYPES[r.label].from_props(r.props) for r in records if r is not None]

    person: PersonRef | None = loaded(
        "Person", "The person the account acts as, if any.", uid=lambda me: me.person_uid
    )


async def resolve_me(info: Info[Context, None]) -> MeType:
    principal = info.context.principal
    reach = await info.context.reach()
    return MeType(
        username=principal.username,
        role=principal.role,
        units=sorted(reach.units),
        person_uid=principal.person,
    )
