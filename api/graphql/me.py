"""``me``: who the token belongs to, so a front-end can shape itself to the role."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.graphql.context import Context
from api.graphql.entities.base import ENTITY_TYPES
from api.graphql.entities.refs import PersonRef
from graph.enums import UserRole


@strawberry.type(description="The account making the request.")
class MeType:
    username: str = strawberry.field(description="Account name.")
    role: str = strawberry.field(description="admin, planner, investigator, head or member.")
    role_zh: str = strawberry.field(description="The role in Chinese.")
    units: list[str] = strawberry.field(
        description="For a head: the nets and cells they head now (their reach)."
    )

    @strawberry.field(description="The person the account acts as, if any.")
    async def person(self, info: Info[Context, None]) -> PersonRef | None:
        uid = info.context.principal.person
        record = await info.context.loaders.nodes.load(uid) if uid else None
        return ENTITY_TYPES["Person"].from_props(record.props) if record else None  # type: ignore[return-value]


async def resolve_me(info: Info[Context, None]) -> MeType:
    principal = info.context.principal
    reach = await info.context.reach()
    return MeType(
        username=principal.username,
        role=principal.role,
        role_zh=UserRole(principal.role).zh,
        units=sorted(reach.units),
    )
