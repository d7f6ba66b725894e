"""``POST /auth/token``: the OAuth2 password flow. A user gives their name and password and
gets a signed token to send as ``Authorization: Bearer <token>``."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from starlette.concurrency import run_in_threadpool

from api.security.passwords import DUMMY_HASH, verify_password
from api.security.principal import unauthorized
from api.security.tokens import issue
from queries.users import find_user

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token")
async def token(
    request: Request, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> dict[str, str | int]:
    """A token for a name and password; 401 for anything wrong (which part is not said),
    and while the client address is locked out for this account, or for all, after repeated
    failures. An account guessed at from many addresses answers slowly, never not at all
    (``api.security.throttle``). The address is the TCP peer, or the client a trusted proxy
    names (``REDGRID_TRUSTED_PROXIES``, applied by ``redgrid serve``)."""
    settings = request.app.state.settings
    throttle = request.app.state.login_throttle
    address = request.client.host if request.client else "unknown"
    if throttle.locked(form.username, address):
        raise unauthorized("too many failed logins; try again later")
    await asyncio.sleep(throttle.delay(form.username))
    account = await run_in_threadpool(find_user, request.app.state.engine, form.username)
    valid = await run_in_threadpool(
        verify_password, account.password_hash if account else DUMMY_HASH, form.password
    )
    if account is None or not account.active or not valid:
        throttle.failed(form.username, address)
        raise unauthorized("wrong name or password")
    throttle.succeeded(form.username, address)
    ttl = timedelta(minutes=settings.token_ttl_minutes)
    signed, expires = issue(request.app.state.signing_key, account, ttl)
    return {
        "access_token": signed,
        "token_type": "bearer",
        "expires_in": int((expires - datetime.now(UTC)).total_seconds()),
    }
