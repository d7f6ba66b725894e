"""``users``: every account, for admins (the account mutations are
``api.graphql.mutations.accounts``). The password hash never leaves ``queries.users``."""

from __future__ import annotations

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.graphql.context import Context
from api.graphql.entities.base import loaded
from api.graphql.entities.refs import PersonRef
from api.graphql.views import shown, view
from graph.enums import UserRole
from queries.users import Account, list_users


@view(Account, description="An account as its admins see it (never its password).")
class AccountType:
    username: str = strawberry.field(description="Login name.")
    role: str = strawberry.field(description="admin, planner, investigator, head or member.")
    active: bool = strawberry.field(description="False when locked out.")
    created_at: str = strawberry.field(description="When it was created (ISO-8601 UTC).")

    @strawberry.field(description="Uid of the person it acts as (heads and members).")
    def person_uid(self, root: strawberry.Parent[Account]) -> str | None:
        return root.person

    person: PersonRef | None = loaded(
        "Person", "The person it acts as, if any (null when retired or unknown).",
        uid=lambda account: account.person,
    )  # fmt: skip


async def resolve_users(info: Info[Context, None]) -> list[AccountType]:
    """Every account by username (admins only)."""
    info.context.require(UserRole.ADMIN)
    accounts = await run_in_threadpool(list_users, info.context.engine)
    return [shown(AccountType, account) for account in accounts]
