"""Who is asking: the bearer token of a request, checked against its signature, its expiry
and the account it names (which must still exist, be active and be at the version the token
was issued for: a password change, (de)activation or role change ends older tokens)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from fastapi import HTTPException, Request, status
from starlette.concurrency import run_in_threadpool

from api.security.tokens import InvalidToken, verify
from graph.enums import UserRole
from graph.errors import EngineUnavailable
from queries.users import find_user
from writes.audit import Actor

log = logging.getLogger("redgrid.api.auth")


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated reader: the account's name and role, the person it acts as, and the
    request it made (for the audit trail)."""

    username: str
    role: str
    person: str | None
    request_id: str | None = None

    @property
    def actor(self) -> Actor:
        return Actor(self.username, self.request_id)

    def is_(self, *roles: UserRole) -> bool:
        return self.role in roles


def unauthorized(reason: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=reason, headers={"WWW-Authenticate": "Bearer"}
    )


async def authenticate(request: Request) -> Principal:
    """The principal of a request (a FastAPI dependency); 401 without a valid token."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorized("a bearer token is required (POST /auth/token)")
    try:
        claims = verify(request.app.state.signing_key, token.strip())
    except InvalidToken as exc:
        raise unauthorized(str(exc)) from None
    try:
        account = await run_in_threadpool(find_user, request.app.state.engine, claims.username)
    except EngineUnavailable:
        raise  # the app answers it as a 503 with the code ENGINE_UNAVAILABLE and the reason
    except Exception:  # the engine's own errors vary; none of them may reach the client
        log.exception("authentication failed: the database did not answer")
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, "the database does not answer; try again later"
        ) from None
    if account is None or not account.active or account.version != claims.version:
        raise unauthorized("invalid token")
    request_id = request.scope.get("state", {}).get("request_id")
    return Principal(account.username, account.role, account.person, request_id)
