"""Account mutations, for admins: create accounts, issue tokens, lock accounts out; and for
everyone: change their own password."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from strawberry.types import Info

from api.graphql.context import Context
from api.graphql.mutations import run_change
from api.graphql.mutations.results import UserType
from api.graphql.views import shown
from api.security.login import WRONG, LoginRefused, check_login
from api.security.passwords import hash_password
from api.security.principal import forget
from api.security.tokens import issue
from graph.errors import FieldError, NotFoundError, ValidationError
from queries.users import find_user
from writes.accounts import add_user, update_user


@strawberry.type(description="A signed access token.")
class TokenType:
    token: str = strawberry.field(description="Send as `Authorization: Bearer <token>`.")
    expires_at: str = strawberry.field(description="When it stops working (ISO-8601 UTC).")


@strawberry.type(description="Accounts and tokens (admins only).")
class AccountMutation:
    @strawberry.mutation(description="Create an account; heads and members act as a person.")
    async def create_user(
        self, info: Info[Context, None], username: str, role: str, password: str,
        person: str | None = None,
    ) -> UserType:  # fmt: skip
        digest = await run_in_threadpool(hash_password, password)
        account = await run_change(
            info, add_user, username=username, role=role, password_hash=digest, person=person
        )
        return shown(UserType, account)

    @strawberry.mutation(description="Issue a token for an active account (service accounts).")
    async def issue_token(
        self, info: Info[Context, None], username: str,
        hours: Annotated[float, strawberry.argument(description="Validity, at most 720 h.")] = 8,
    ) -> TokenType:  # fmt: skip
        context = info.context
        account = await run_in_threadpool(find_user, context.engine, username)
        if account is None or not account.active:
            raise NotFoundError(username, "active account")
        ttl = timedelta(hours=min(max(hours, 0.01), 720))
        request = info.context.request
        assert request is not None, "mutations arrive over HTTP"
        signed, expires = issue(request.app.state.signing_key, account, ttl)
        return TokenType(token=signed, expires_at=expires.strftime("%Y-%m-%dT%H:%M:%SZ"))

    @strawberry.mutation(
        description="Lock an account out (or let it back in) at once; either way the tokens "
        "issued before stop working."
    )
    async def set_user_active(
        self, info: Info[Context, None], username: str, active: bool
    ) -> UserType:
        account = await run_change(info, update_user, username, active=active)
        if info.context.request is not None:
            forget(info.context.request.app, username)  # at once in this process
        return shown(UserType, account)

    @strawberry.mutation(
        description="Change your own password (any account), giving the current one; a wrong "
        "one is BAD_INPUT on `current` and counts as a failed sign-in. Every token and browser "
        "session issued before stops working, this one included: sign in again."
    )
    async def change_password(
        self, info: Info[Context, None], current: str,
        new: Annotated[str, strawberry.argument(description="The new password (10–256 "
                                                 "characters).")],
    ) -> UserType:  # fmt: skip
        request = info.context.request
        assert isinstance(request, Request), "mutations arrive over HTTP"
        username = info.context.principal.username
        try:
            await check_login(request, username, current)
        except LoginRefused as exc:
            reason = "not your current password" if str(exc) == WRONG else str(exc)
            raise ValidationError("changePassword", [FieldError("current", reason)]) from None
        try:
            digest = await run_in_threadpool(hash_password, new)
        except ValidationError as exc:
            errors = [FieldError("new", e.message) for e in exc.errors]
            raise ValidationError("changePassword", errors) from None
        account = await run_change(info, update_user, username, password_hash=digest)
        forget(request.app, username)  # at once in this process
        return shown(UserType, account)
