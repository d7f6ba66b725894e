"""Signing in over HTTP. ``POST /auth/token`` is the OAuth2 password flow for API clients: a
name and password give a signed token to send as ``Authorization: Bearer <token>``.
``POST /auth/session``, ``GET /auth/session`` and ``POST /auth/logout`` are the same sign-in
for browsers, kept in cookies (``api.security.sessions``, docs/security.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from fastapi.responses import JSONResponse
from fastapi.security import OAuth2PasswordRequestForm
from starlette.concurrency import run_in_threadpool

from api.security.login import LoginRefused, check_login
from api.security.principal import (
    Principal,
    Session,
    authenticate,
    current_session,
    forget,
    unauthorized,
)
from api.security.sessions import clear_cookies, set_cookies
from api.security.tokens import issue, issue_session
from queries.users import Account
from writes.sessions import end_sessions

router = APIRouter(prefix="/auth", tags=["auth"])

NO_STORE = {"Cache-Control": "no-store"}


async def sign_in(request: Request, username: str, password: str) -> Account:
    """The account a name and password open; 401 for anything wrong (which part is not
    said), and while the client is locked out (``api.security.login``)."""
    try:
        return await check_login(request, username, password)
    except LoginRefused as exc:
        raise unauthorized(str(exc)) from None


def _expires_in(expires: datetime) -> int:
    return int((expires - datetime.now(UTC)).total_seconds())


@router.post("/token")
async def token(
    request: Request, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> dict[str, str | int]:
    """A token for a name and password (:func:`sign_in`)."""
    account = await sign_in(request, form.username, form.password)
    ttl = timedelta(minutes=request.app.state.settings.token_ttl_minutes)
    signed, expires = issue(request.app.state.signing_key, account, ttl)
    return {"access_token": signed, "token_type": "bearer", "expires_in": _expires_in(expires)}


async def _credentials(request: Request) -> tuple[str, str]:
    """The name and password of a JSON body; 415 for any other content type, 400 for a body
    that is not a JSON object, 422 naming the fields missing.

    Only ``application/json`` is read: another site can post a form (or ``text/plain`` that
    happens to parse as JSON) to this endpoint without asking, and so sign a victim's browser
    in as the attacker ("login CSRF"); a JSON post from another origin needs a CORS
    preflight, which the app refuses."""
    kind = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if kind != "application/json":
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            'send JSON {"username": "…", "password": "…"} as application/json '
            "(forms are refused here: POST /auth/token takes the OAuth2 form)",
        )
    try:
        data: Any = await request.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, 'send JSON {"username": "…", "password": "…"}'
        )
    missing = [f for f in ("username", "password") if not isinstance(data.get(f) or 0, str)]
    if missing:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"missing {' and '.join(missing)} (a non-empty string)",
        )
    return data["username"], data["password"]


def _session_answer(
    principal: Principal | Account, expires: datetime, csrf: str
) -> dict[str, str | int | None]:
    return {"username": principal.username, "role": principal.role, "person": principal.person,
            "expiresIn": _expires_in(expires), "csrfToken": csrf}  # fmt: skip


@router.post("/session")
async def start_session(request: Request) -> JSONResponse:
    """Sign a browser in: the same check as ``/auth/token``, answered with the session's
    cookies and, in the body, who signed in and the CSRF token to send as
    ``X-CSRF-Token``."""
    username, password = await _credentials(request)
    account = await sign_in(request, username, password)
    key = request.app.state.signing_key
    ttl = timedelta(minutes=request.app.state.settings.session_ttl_minutes)
    signed, expires, csrf = issue_session(key, account, ttl)
    response = JSONResponse(_session_answer(account, expires, csrf), headers=NO_STORE)
    set_cookies(request, response, signed, csrf, max_age=int(ttl.total_seconds()))
    return response


@router.get("/session")
async def read_session(
    request: Request, session: Annotated[Session, Depends(current_session)]
) -> JSONResponse:
    """Who the session cookie signs in, and its CSRF token (so that the console recovers it
    after a reload); 401 without a valid session. It changes nothing, so it needs no CSRF
    token; no other origin may read it (no credentialed CORS, ``SameSite=Strict``)."""
    csrf = session.csrf(request.app.state.signing_key)
    answer = _session_answer(session.principal, session.claims.expires, csrf)
    return JSONResponse(answer, headers=NO_STORE)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(
    request: Request, principal: Annotated[Principal, Depends(authenticate)]
) -> Response:
    """End every browser session of the account (``writes.sessions``) and drop the
    cookies: 204. By cookie it needs the CSRF token like any other request."""
    await run_in_threadpool(end_sessions, request.app.state.engine, principal.username)
    forget(request.app, principal.username)  # refused at once in this process
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    clear_cookies(request, response)
    return response
