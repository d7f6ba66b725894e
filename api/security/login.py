"""The one check of a name and password, for every way of signing in (``POST /auth/token``,
``POST /auth/session``) and for ``changePassword``'s current password: throttled per client
address and account (``api.security.throttle``), the same answer in the same time for an
unknown name and a wrong password."""

from __future__ import annotations

import asyncio

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from api.security.passwords import DUMMY_HASH, verify_password
from queries.users import Account, find_user

WRONG = "wrong name or password"
LOCKED = "too many failed logins; try again later"


class LoginRefused(Exception):
    """The name and password do not open an active account, or the client may not try now
    (the message says which of the two, never which part was wrong)."""


async def check_login(request: Request, username: str, password: str) -> Account:
    """The active account ``username`` when ``password`` is its password.

    Refused while the client address is locked out for this account, or for all, after
    repeated failures; an account guessed at from many addresses answers slowly, never not
    at all. The address is the TCP peer, or the client a trusted proxy names
    (``REDGRID_TRUSTED_PROXIES``, applied by ``redgrid serve``).

    Raises:
        LoginRefused: with :data:`WRONG` or :data:`LOCKED`.
    """
    throttle = request.app.state.login_throttle
    address = request.client.host if request.client else "unknown"
    if throttle.locked(username, address):
        raise LoginRefused(LOCKED)
    await asyncio.sleep(throttle.delay(username))
    account = await run_in_threadpool(find_user, request.app.state.engine, username)
    valid = await run_in_threadpool(
        verify_password, account.password_hash if account else DUMMY_HASH, password
    )
    if account is None or not account.active or not valid:
        throttle.failed(username, address)
        raise LoginRefused(WRONG)
    throttle.succeeded(username, address)
    return account
