"""Who is asking: the bearer token of a request, or else its browser session cookie
(``api.security.sessions``), checked against its signature, its expiry and the account it
names (which must still exist, be active and be at the version the token was issued for: a
password change, (de)activation or role change ends older tokens; a session must also be
of the account's current session epoch: a sign-out ends older sessions).

The account is read from the database at most once every ``account_cache_s`` seconds (setting
``REDGRID_ACCOUNT_CACHE_S``, default 5) per API process (:class:`AccountCache`), which saves a
statement and a thread hop on nearly every request. So a change made elsewhere (another
worker, the command line) ends older tokens within that time; a change made through this
process's API ends them at once (the mutation calls :func:`forget`), and a token newer than
the account read (after a password change) is checked against a fresh read at once."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from fastapi import FastAPI, HTTPException, Request, status
from starlette.concurrency import run_in_threadpool

from api.security.sessions import SESSION_COOKIE, check_csrf
from api.security.tokens import ACCESS, SESSION, Claims, InvalidToken, csrf_token, verify
from graph.engine import Engine
from graph.enums import UserRole
from graph.errors import EngineUnavailable
from queries.users import Account, find_user
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


ACCOUNT_CACHE_ENTRIES = 10_000
"""Accounts kept at most (the names come from validly signed tokens only)."""


class AccountCache:
    """Accounts as last read, trusted for ``ttl_s`` seconds (see the module docstring).

    Example:
        >>> cache = AccountCache(ttl_s=5.0)
        >>> account = await cache.get(engine, "admin", version=3)  # doctest: +SKIP
    """

    def __init__(self, ttl_s: float) -> None:
        self.ttl_s = ttl_s
        self._entries: dict[str, tuple[float, Account | None]] = {}

    async def get(
        self, engine: Engine, username: str, version: int, sessions: int = 0
    ) -> Account | None:
        """The account ``username`` (None: there is none), read again when the entry is
        older than the TTL or older than the token's account ``version`` or session epoch
        ``sessions``."""
        now = time.monotonic()
        entry = self._entries.get(username)
        if entry is not None and now - entry[0] < self.ttl_s:
            account = entry[1]
            if account is None or (account.version >= version and account.sessions >= sessions):
                return account
        account = await run_in_threadpool(find_user, engine, username)
        if len(self._entries) >= ACCOUNT_CACHE_ENTRIES:
            self._entries.clear()
        self._entries[username] = (now, account)
        return account

    def forget(self, username: str) -> None:
        self._entries.pop(username, None)


def account_cache(app: FastAPI) -> AccountCache:
    """The app's account cache, made on first use."""
    cache: AccountCache | None = getattr(app.state, "account_cache", None)
    if cache is None:
        cache = app.state.account_cache = AccountCache(app.state.settings.account_cache_s)
    return cache


def forget(app: FastAPI, username: str) -> None:
    """Read ``username`` afresh on its next request (after a change to the account)."""
    account_cache(app).forget(username)


def unauthorized(reason: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=reason, headers={"WWW-Authenticate": "Bearer"}
    )


@dataclass(frozen=True, slots=True)
class Session:
    """A request's valid browser session: who, and its token's claims."""

    principal: Principal
    claims: Claims

    def csrf(self, key: str) -> str:
        """The session's CSRF token."""
        return csrf_token(key, self.claims.token_id)


async def authenticate(request: Request) -> Principal:
    """The principal of a request (a FastAPI dependency); 401 without a valid token.

    The ``Authorization`` header wins when there is one; without it the session cookie
    counts, and then the request must carry the session's CSRF token (403 otherwise)."""
    if "authorization" not in request.headers and SESSION_COOKIE in request.cookies:
        return (await session(request, csrf=True)).principal
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorized("a bearer token is required (POST /auth/token)")
    return await _principal(request, _claims(request, token.strip(), ACCESS))


async def session(request: Request, *, csrf: bool) -> Session:
    """The request's browser session (401 without a valid one); with ``csrf``, 403 unless
    the request carries its CSRF token."""
    claims = _claims(request, request.cookies.get(SESSION_COOKIE, ""), SESSION)
    if csrf:
        check_csrf(request, csrf_token(request.app.state.signing_key, claims.token_id))
    return Session(await _principal(request, claims), claims)


async def current_session(request: Request) -> Session:
    """The request's browser session, no CSRF token asked (a FastAPI dependency, for
    requests that change nothing)."""
    return await session(request, csrf=False)


def _claims(request: Request, token: str, kind: str) -> Claims:
    """The claims of a validly signed, unexpired token of ``kind`` (a session's cookie
    does not work as a bearer token, nor a bearer token as a cookie)."""
    try:
        claims = verify(request.app.state.signing_key, token)
    except InvalidToken as exc:
        raise unauthorized(str(exc)) from None
    if claims.kind != kind:
        raise unauthorized("invalid token")
    return claims


async def _principal(request: Request, claims: Claims) -> Principal:
    try:
        cache = account_cache(request.app)
        account = await cache.get(
            request.app.state.engine, claims.username, claims.version, claims.sessions
        )
    except EngineUnavailable:
        raise  # the app answers it as a 503 with the code ENGINE_UNAVAILABLE and the reason
    except Exception:  # the engine's own errors vary; none of them may reach the client
        log.exception("authentication failed: the database did not answer")
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, "the database does not answer; try again later"
        ) from None
    if account is None or not account.active or account.version != claims.version:
        raise unauthorized("invalid token")
    if claims.kind == SESSION and account.sessions != claims.sessions:
        raise unauthorized("session ended (signed out)")
    request_id = request.scope.get("state", {}).get("request_id")
    return Principal(account.username, account.role, account.person, request_id)
